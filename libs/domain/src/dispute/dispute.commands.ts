import { Message } from '../shared/decider';
import { DisputeOutcome, DisputeTarget } from './dispute.events';

export type FileDispute = Message<
  'FileDispute',
  { disputeId: string; year: number; unitId: string; eventId: string; grounds: string }
>;
export type ResolveDispute = Message<
  'ResolveDispute',
  { disputeId: string; outcome: DisputeOutcome; reason: string }
>;

export type DisputeCommand = FileDispute | ResolveDispute;

/** What the challenged event turned out to be (null: not a score entry, ruling or sanction) and whether it is already under dispute. */
export interface DisputeContext {
  target?: DisputeTarget | null;
  openDisputeOnTarget?: boolean;
}
