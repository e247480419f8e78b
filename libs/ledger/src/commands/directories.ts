/**
 * Lasting facts a few commands need from beyond any stream they could name, answered from the
 * read models. Only facts that never become untrue once true belong here: a rule that could
 * flip is decided on streams (see `Facts` in the domain).
 */
export interface LedgerDirectory {
  leaderKnown(leaderId: string): Promise<boolean>;
}
