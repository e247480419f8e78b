import { DisputeTarget } from '@ledger/domain';

/**
 * Facts a few commands need from beyond their own streams, answered from the read models:
 * whether a leader exists, what a disputed event is, and whether a dispute is open on it.
 */
export interface LedgerDirectory {
  leaderKnown(leaderId: string): Promise<boolean>;
  /** The sanction `eventId` of one of the unit's cases in that year, if it is one. */
  sanctionTarget(year: number, unitId: string, eventId: string): Promise<DisputeTarget | null>;
  caseOfRuling(rulingId: string): Promise<string | null>;
  openDisputeOn(eventId: string): Promise<boolean>;
}
