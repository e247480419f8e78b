import { fromHundredths, toHundredths } from '../shared/numbers';
import { CaseState } from '../case/case.decider';

export type AccountabilityStatus = 'removed' | 'under-review' | 'sanctioned' | 'clear';

export interface LeaderAccountability {
  leaderId: string;
  name: string;
  unitId: string;
  status: AccountabilityStatus;
  openCases: number;
  sanctions: { caseId: string; sanction: string; withheldPct: number }[];
  withheldPct: number;
  bonusBase: number | null;
  bonusPayable: number | null;
}

/** Just the parts of a case that accountability reads: its status and its sanction in force. */
export type CaseStanding = Pick<CaseState, 'status' | 'sanction'> & { caseId: string };

/**
 * A leader's standing in one cycle, from the cases against them. Status is the first that
 * applies: removed (a resignation rung in force), under review (an open case without a
 * sanction), sanctioned, clear. Lifted sanctions no longer count.
 */
export const leaderAccountability = (
  leader: { leaderId: string; name: string; unitId: string },
  cases: readonly CaseStanding[],
  bonusBase: number | null,
): LeaderAccountability => {
  const inForce = cases.filter((c) => c.sanction !== null && c.status !== 'withdrawn');
  const sanctions = inForce.map((c) => ({
    caseId: c.caseId,
    sanction: c.sanction!.sanction,
    withheldPct: c.sanction!.withheldPct,
  }));
  const openCases = cases.filter((c) => c.status === 'open').length;
  const withheldPct = Math.min(
    100,
    fromHundredths(sanctions.reduce((sum, s) => sum + toHundredths(s.withheldPct), 0)),
  );
  const status: AccountabilityStatus = inForce.some((c) => c.sanction!.removesLeader)
    ? 'removed'
    : openCases > 0
      ? 'under-review'
      : sanctions.length > 0
        ? 'sanctioned'
        : 'clear';
  const bonusPayable =
    bonusBase === null
      ? null
      : fromHundredths(Math.round((toHundredths(bonusBase) * (100 - withheldPct)) / 100));
  return { ...leader, status, openCases, sanctions, withheldPct, bonusBase, bonusPayable };
};
