import { caseOfRuling, casesOfTriple } from '../case/case.facts';
import { cycleDecider } from '../cycle/cycle.decider';
import { scorecardDecider } from '../scorecard/scorecard.decider';
import { Facts } from '../shared/aggregate';
import { own } from '../shared/in-place';
import { streams } from '../streams';
import { DisputeTarget } from './dispute.events';

/**
 * What a disputed event is, read from the unit's own streams: a score entry or a ruling on
 * its scorecard, or a sanction imposed on one of its cases in that year. Null: none of these.
 */
export const disputeTargetOf = async (
  facts: Facts,
  year: number,
  unitId: string,
  eventId: string,
): Promise<DisputeTarget | null> => {
  const scorecard = await facts.fold(scorecardDecider, streams.scorecard(year, unitId));
  if (own(scorecard.entries, eventId)) return { kind: 'score-entry', eventId, year, unitId, caseId: null };
  const ruling = own(scorecard.rulings, eventId);
  if (ruling) {
    const caseId = await caseOfRuling(facts, { year, unitId, itemId: ruling.itemId, rulingId: eventId });
    return { kind: 'ruling', eventId, year, unitId, caseId };
  }
  const cycle = await facts.fold(cycleDecider, streams.cycle(year));
  for (const itemId of Object.keys(cycle.items)) {
    for (const c of await casesOfTriple(facts, year, unitId, itemId)) {
      const sanctions = c.sanction ? [c.sanction, ...c.lifted] : c.lifted;
      if (sanctions.some((s) => s.sanctionId === eventId)) {
        return { kind: 'sanction', eventId, year, unitId, caseId: c.subject.caseId };
      }
    }
  }
  return null;
};

/** The case a disputed ruling opened, if any (it may have been opened after the dispute was filed). */
export const caseOfDisputedRuling = async (
  facts: Facts,
  year: number,
  unitId: string,
  rulingId: string,
): Promise<string | null> => {
  const { rulings } = await facts.fold(scorecardDecider, streams.scorecard(year, unitId));
  const ruling = own(rulings, rulingId);
  return ruling ? caseOfRuling(facts, { year, unitId, itemId: ruling.itemId, rulingId }) : null;
};
