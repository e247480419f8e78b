import { Message } from '../shared/decider';
import { Policy } from '../policy/policy';

export type OpenCase = Message<
  'OpenCase',
  { caseId: string; year: number; unitId: string; itemId: string; leaderId: string; rulingId: string }
>;
export type ImposeSanction = Message<
  'ImposeSanction',
  { caseId: string; sanctionId: string; sanction: string; reason: string; effectiveOn?: string }
>;
export type LiftSanction = Message<
  'LiftSanction',
  { caseId: string; sanctionId: string; disputeId: string; reason: string }
>;
export type WithdrawCase = Message<'WithdrawCase', { caseId: string; disputeId: string; reason: string }>;

export type CaseCommand = OpenCase | ImposeSanction | LiftSanction | WithdrawCase;

/** Sanctions are chosen from the ladder of the case's cycle as it stands now. */
export interface CaseContext {
  policy: Policy;
}
