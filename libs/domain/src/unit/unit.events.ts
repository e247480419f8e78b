import { Message } from '../shared/decider';
import { UnitKind } from '../shared/vocabulary';

export type UnitRegistered = Message<'UnitRegistered', { unitId: string; name: string; kind: UnitKind }>;
export type LeaderAppointed = Message<'LeaderAppointed', { unitId: string; leaderId: string; name: string }>;
/** `caseId` is set when a resignation rung of that accountability case made the leader go. */
export type LeaderDeparted = Message<
  'LeaderDeparted',
  { unitId: string; leaderId: string; reason: string; caseId: string | null }
>;

export type UnitEvent = UnitRegistered | LeaderAppointed | LeaderDeparted;
