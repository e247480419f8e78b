import { CaseState } from '../case/case.decider';
import { caseIdFor } from '../case/case.facts';
import { OpenCase, LiftSanction, WithdrawCase } from '../case/case.commands';
import { SanctionImposed } from '../case/case.events';
import { DisputeResolved } from '../dispute/dispute.events';
import { PanelClosed } from '../panel/panel.events';
import { BasicRequirementRuled } from '../scorecard/scorecard.events';
import { ReverseEntry, RuleBasicRequirement, SetAsideRuling } from '../scorecard/scorecard.commands';
import { DepartLeader } from '../unit/unit.commands';

/**
 * The process rules of docs/domain.md as pure functions: an event (and the state it needs) in,
 * the commands it causes out. Each is idempotent: the commands it yields either carry
 * deterministic ids or are no-ops when their effect is already recorded.
 */

/**
 * An unmet ruling on an X item opens a case against the leader in office at the ruling,
 * unless a case for that triple is open already. When this very ruling opened one already,
 * the same case is named again: deciding it records nothing, and its answer says where the
 * case is in the log. `existingCases` are all the cases of the triple, in the order opened.
 */
export const caseForRuling = (
  event: BasicRequirementRuled,
  existingCases: readonly Pick<CaseState, 'status' | 'rulingId' | 'subject'>[],
): OpenCase | null => {
  const { year, unitId, itemId, rulingId, track, met, leaderId } = event.data;
  if (met || track !== 'X' || leaderId === null) return null;
  const opened = existingCases.find((c) => c.rulingId === rulingId);
  if (opened) return { type: 'OpenCase', data: { ...opened.subject, rulingId } };
  if (existingCases.some((c) => c.status === 'open')) return null;
  const caseId = caseIdFor(year, unitId, itemId, existingCases.length + 1);
  return { type: 'OpenCase', data: { caseId, year, unitId, itemId, leaderId, rulingId } };
};

/** The ruling a closed panel makes on a unit has a fixed id, so a replay rules nothing twice. */
export const panelRulingId = (panelId: string, unitId: string): string => `panel-${panelId}-${unitId}`;

/** A closed panel rules on each unit it scored where its item's requirement is a panel score. */
export const rulingsForClosedPanel = (event: PanelClosed): RuleBasicRequirement[] => {
  const { panelId, year, itemId, threshold, results } = event.data;
  if (threshold === null) return [];
  return results.map((result) => ({
    type: 'RuleBasicRequirement',
    data: {
      year,
      unitId: result.unitId,
      rulingId: panelRulingId(panelId, result.unitId),
      itemId,
      met: result.score >= threshold,
      basis: `On-site panel ${panelId} scored ${result.score} (${result.scoresCount} scores); the requirement is at least ${threshold}.`,
      panelId,
    },
  }));
};

/** A resignation rung makes the sanctioned leader leave office. */
export const departureForSanction = (event: SanctionImposed): DepartLeader | null => {
  const { removesLeader, unitId, leaderId, caseId, sanction } = event.data;
  if (!removesLeader) return null;
  return {
    type: 'DepartLeader',
    data: { unitId, leaderId, caseId, reason: `Sanction "${sanction}" imposed on case ${caseId}.` },
  };
};

export type Correction = ReverseEntry | SetAsideRuling | WithdrawCase | LiftSanction;

/**
 * An overturned dispute writes its correction: a score entry is reversed; a ruling is set
 * aside and the case it opened withdrawn (which lifts its sanction); a sanction is lifted.
 * `caseOfRuling` is the case the disputed ruling opened, if any.
 */
export const correctionsForDispute = (event: DisputeResolved, caseOfRuling: string | null): Correction[] => {
  const { outcome, disputeId, year, unitId, eventId, target } = event.data;
  if (outcome !== 'overturned') return [];
  const reason = `Dispute ${disputeId} overturned: ${event.data.reason}`;
  switch (target.kind) {
    case 'score-entry':
      return [{ type: 'ReverseEntry', data: { year, unitId, entryId: eventId, disputeId, reason } }];
    case 'ruling': {
      const setAside: SetAsideRuling = {
        type: 'SetAsideRuling',
        data: { year, unitId, rulingId: eventId, disputeId, reason },
      };
      return caseOfRuling
        ? [setAside, { type: 'WithdrawCase', data: { caseId: caseOfRuling, disputeId, reason } }]
        : [setAside];
    }
    case 'sanction':
      return target.caseId
        ? [{ type: 'LiftSanction', data: { caseId: target.caseId, sanctionId: eventId, disputeId, reason } }]
        : [];
  }
};
