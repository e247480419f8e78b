import { Message } from '../shared/decider';
import { UnitKind } from '../shared/vocabulary';

export type RegisterUnit = Message<'RegisterUnit', { unitId: string; name: string; kind: UnitKind }>;
export type AppointLeader = Message<'AppointLeader', { unitId: string; leaderId: string; name: string }>;
/**
 * A leader leaves office. When `leaderId` is given (a sanction's consequence) only that
 * leader is made to go, so that running the reaction twice changes nothing.
 */
export type DepartLeader = Message<
  'DepartLeader',
  { unitId: string; reason: string; leaderId?: string; caseId?: string }
>;

export type UnitCommand = RegisterUnit | AppointLeader | DepartLeader;
