import { Message } from '../shared/decider';
import { DisputeOutcome, DisputeTarget } from './dispute.events';

/** The dispute's id is minted when it is filed: the disputed event's id and the dispute's number on it. */
export type FileDispute = Message<
  'FileDispute',
  { year: number; unitId: string; eventId: string; grounds: string }
>;
export type ResolveDispute = Message<
  'ResolveDispute',
  { disputeId: string; outcome: DisputeOutcome; reason: string }
>;

export type DisputeCommand = FileDispute | ResolveDispute;

/** What the challenged event turned out to be, read from the unit's streams (null: not a score entry, ruling or sanction of it). */
export interface DisputeContext {
  target: DisputeTarget | null;
}
