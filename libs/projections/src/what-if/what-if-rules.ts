import {
  AppraisalEvent,
  DomainError,
  Policy,
  PolicyChanges,
  Track,
  applyPolicyChanges,
  checkPolicy,
  findRung,
  own,
  refuse,
  rungRemovesLeader,
} from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';
import { appraisal } from '../read-models/event-facts';

/** Other rules to recompute a cycle under: policy fields to change, and items to put on another track. */
export interface WhatIfRules {
  policy?: PolicyChanges;
  /** Each item named is taken to have been on that track all year. */
  tracks?: Record<string, Track>;
}

/** A recorded event the other rules would have refused, with the refusal the decider would give. */
export interface RefusedUnderRules {
  eventId: string;
  type: string;
  position: string;
  unitId: string;
  itemId: string;
  code: string;
  reason: string;
}

/** A case the other rules open or would not have opened: the ruling behind it decides. */
export interface CaseUnderRules {
  caseId: string;
  unitId: string;
  itemId: string;
  leaderId: string;
  rulingId: string;
}

export interface RecordUnderRules {
  /** The cycle's events as the other rules would have recorded them, in log order. */
  events: StoredEvent[];
  refused: RefusedUnderRules[];
  casesOpened: CaseUnderRules[];
  casesNotOpened: CaseUnderRules[];
}

type CaseStatus = 'open' | 'sanctioned' | 'withdrawn';

/**
 * Walks a cycle's recorded events and rewrites them as the other rules would have decided
 * them, so the ordinary projections can fold the result (docs/domain.md):
 * - every policy recorded (opening, amendments) takes the changes;
 * - an item given a track is on it all year: its definition says so, its track changes are
 *   dropped, and its entries and rulings carry that track;
 * - an award on a regular item above the award maximum in force then (the recorded one, or
 *   the one asked) is refused, and its reversal goes with it;
 * - an unmet ruling on an item now key opens a case against the leader it names (unless a
 *   case of the unit and item is open), withdrawn again if the ruling is set aside; one with
 *   no leader is refused NO_PRINCIPAL_LEADER (its id is `{year}-{unit}-{item}-what-if-{n}`);
 * - a recorded case is not opened, with its sanctions, where its ruling's item is now regular
 *   or another case of its unit and item is open under the rules;
 * - with another sanction ladder, a recorded sanction withholds its rung's share under it, or
 *   is refused UNKNOWN_SANCTION where the rung is gone.
 * With no changes, every event comes back as recorded.
 */
export const recordUnderRules = (
  year: number,
  recordedEvents: readonly StoredEvent[],
  rules: WhatIfRules,
): RecordUnderRules => {
  const changes = rules.policy ?? {};
  const tracks = rules.tracks ?? {};
  const trackOf = (itemId: string, recorded: Track): Track => own(tracks, itemId) ?? recorded;
  const refused: RefusedUnderRules[] = [];
  const casesOpened: CaseUnderRules[] = [];
  const casesNotOpened: CaseUnderRules[] = [];
  const events: StoredEvent[] = [];
  const droppedEntries = new Set<string>();
  const droppedCases = new Set<string>();
  const droppedSanctions = new Set<string>();
  const rulingsOnRegular = new Set<string>();
  const caseOfRuling = new Map<string, CaseUnderRules>();
  const hypotheticalCount = new Map<string, number>();
  const caseStatus = new Map<string, CaseStatus>();
  const caseTriple = new Map<string, string>();
  const definedItems = new Set<string>();
  const inForce: { policy: Policy | null } = { policy: null };

  const keep = (stored: StoredEvent, data?: unknown) =>
    events.push(data === undefined ? stored : { ...stored, data });
  const refuseEvent = (stored: StoredEvent, unitId: string, itemId: string, error: DomainError) =>
    refused.push({
      eventId: stored.id,
      type: stored.type,
      position: stored.position,
      unitId,
      itemId,
      code: error.code,
      reason: error.message,
    });
  const rewritePolicy = (policy: Policy): Policy => {
    const changed = applyPolicyChanges(policy, changes);
    const invalid = checkPolicy(changed);
    if (invalid) throw invalid;
    inForce.policy = changed;
    return changed;
  };
  const triple = (unitId: string, itemId: string) => `${unitId}/${itemId}`;
  /** The reaction opens a case for a (unit, item) only while none of its cases is open (docs/domain.md). */
  const caseOpenFor = (key: string) =>
    [...caseTriple].some(([caseId, of]) => of === key && caseStatus.get(caseId) === 'open');
  const noteOpened = (caseId: string, key: string) => {
    caseTriple.set(caseId, key);
    caseStatus.set(caseId, 'open');
  };
  /** A case the rules open in place of a reaction: stored where the ruling is, so it folds right after it. */
  const hypotheticalCase = (
    at: StoredEvent,
    type: 'CaseOpened' | 'CaseWithdrawn',
    subject: CaseUnderRules,
  ) => {
    const { caseId, unitId, itemId, leaderId, rulingId } = subject;
    const data =
      type === 'CaseOpened'
        ? { caseId, year, unitId, itemId, leaderId, rulingId }
        : {
            caseId,
            year,
            unitId,
            itemId,
            leaderId,
            disputeId: 'what-if',
            reason: 'its ruling was set aside',
          };
    events.push({
      ...at,
      id: `${at.id}/what-if-${type}`,
      stream: `case-${caseId}`,
      type,
      data,
      metadata: { ...at.metadata, actor: { id: 'what-if', role: 'system' }, reason: null },
    });
    if (type === 'CaseOpened') noteOpened(caseId, triple(unitId, itemId));
    else caseStatus.set(caseId, 'withdrawn');
  };

  for (const stored of recordedEvents) {
    const event: AppraisalEvent = appraisal(stored);
    switch (event.type) {
      case 'CycleOpened':
      case 'PolicyAmended':
        keep(stored, { ...event.data, policy: rewritePolicy(event.data.policy) });
        break;
      case 'ItemDefined':
        definedItems.add(event.data.itemId);
        keep(stored, { ...event.data, track: trackOf(event.data.itemId, event.data.track) });
        break;
      case 'ItemTrackChanged':
        if (own(tracks, event.data.itemId) === undefined) keep(stored);
        break;
      case 'PointsAwarded': {
        const { entryId, unitId, itemId, points } = event.data;
        const track = trackOf(itemId, event.data.track);
        const regularAwardMax = changes.regularAwardMax ?? event.data.regularAwardMax;
        if (track === '1' && points > regularAwardMax) {
          droppedEntries.add(entryId);
          refuseEvent(
            stored,
            unitId,
            itemId,
            refuse(
              'REGULAR_AWARD_OVER_MAX',
              `An award on regular item "${itemId}" may be at most ${regularAwardMax} points; ${points} asked.`,
            ),
          );
        } else {
          keep(stored, { ...event.data, track, regularAwardMax });
        }
        break;
      }
      case 'PointsDeducted':
        keep(stored, { ...event.data, track: trackOf(event.data.itemId, event.data.track) });
        break;
      case 'EntryReversed':
        if (!droppedEntries.has(event.data.entryId)) {
          keep(stored, { ...event.data, track: trackOf(event.data.itemId, event.data.track) });
        }
        break;
      case 'BasicRequirementRuled': {
        const { rulingId, unitId, itemId, met, leaderId } = event.data;
        const track = trackOf(itemId, event.data.track);
        if (track === '1') rulingsOnRegular.add(rulingId);
        if (!met && track === 'X' && event.data.track === '1') {
          if (leaderId === null) {
            refuseEvent(
              stored,
              unitId,
              itemId,
              refuse(
                'NO_PRINCIPAL_LEADER',
                `Unit "${unitId}" had no principal leader in office to hold accountable for key item "${itemId}".`,
              ),
            );
            break;
          }
          keep(stored, { ...event.data, track });
          const key = triple(unitId, itemId);
          if (!caseOpenFor(key)) {
            // Numbered apart from the recorded cases of the same unit and item, which keep their ids.
            const count = (hypotheticalCount.get(key) ?? 0) + 1;
            hypotheticalCount.set(key, count);
            const subject = {
              caseId: `${year}-${unitId}-${itemId}-what-if-${count}`,
              unitId,
              itemId,
              leaderId,
              rulingId,
            };
            caseOfRuling.set(rulingId, subject);
            casesOpened.push(subject);
            hypotheticalCase(stored, 'CaseOpened', subject);
          }
          break;
        }
        keep(stored, { ...event.data, track });
        break;
      }
      case 'RulingSetAside': {
        keep(stored);
        const opened = caseOfRuling.get(event.data.rulingId);
        if (opened && caseStatus.get(opened.caseId) !== 'withdrawn')
          hypotheticalCase(stored, 'CaseWithdrawn', opened);
        break;
      }
      case 'CaseOpened': {
        const { caseId, unitId, itemId, leaderId, rulingId } = event.data;
        const key = triple(unitId, itemId);
        // Not opened on a regular item, nor while another case of the unit and item is open under the rules.
        if (rulingsOnRegular.has(rulingId) || caseOpenFor(key)) {
          droppedCases.add(caseId);
          casesNotOpened.push({ caseId, unitId, itemId, leaderId, rulingId });
          break;
        }
        noteOpened(caseId, key);
        keep(stored);
        break;
      }
      case 'SanctionImposed': {
        const { caseId, sanctionId, unitId, itemId, sanction } = event.data;
        if (droppedCases.has(caseId)) break;
        if (changes.sanctionLadder === undefined) {
          caseStatus.set(caseId, 'sanctioned');
          keep(stored);
          break;
        }
        const rung = inForce.policy && findRung(inForce.policy, sanction);
        if (!rung) {
          droppedSanctions.add(sanctionId);
          refuseEvent(
            stored,
            unitId,
            itemId,
            refuse('UNKNOWN_SANCTION', `"${sanction}" is not a rung of the sanction ladder asked for.`),
          );
          break;
        }
        caseStatus.set(caseId, 'sanctioned');
        keep(stored, {
          ...event.data,
          withheldPct: rung.withheldPct,
          removesLeader: rungRemovesLeader(rung),
        });
        break;
      }
      case 'SanctionLifted':
        if (droppedCases.has(event.data.caseId) || droppedSanctions.has(event.data.sanctionId)) break;
        caseStatus.set(event.data.caseId, 'open');
        keep(stored);
        break;
      case 'CaseWithdrawn':
        if (droppedCases.has(event.data.caseId)) break;
        caseStatus.set(event.data.caseId, 'withdrawn');
        keep(stored);
        break;
      default:
        keep(stored);
    }
  }
  const unknown = Object.keys(tracks).find((itemId) => !definedItems.has(itemId));
  if (unknown !== undefined) {
    throw refuse('UNKNOWN_ITEM', `Cycle ${year} has no item "${unknown}".`, { itemId: unknown });
  }
  return { events, refused, casesOpened, casesNotOpened };
};
