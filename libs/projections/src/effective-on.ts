import { effectiveOnOf } from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';

/** The events that carry a business date: what the appraisal says happened on a day of the year. */
const DATED = new Set([
  'PointsAwarded',
  'PointsDeducted',
  'MetricReported',
  'BasicRequirementRuled',
  'TargetThresholdChanged',
  'SanctionImposed',
]);

interface Dated {
  year?: number;
  effectiveOn?: string;
  entryId?: string;
  rulingId?: string;
  sanctionId?: string;
  caseId?: string;
}

/**
 * The log as the appraisal stood on `day` (YYYY-MM-DD) of the year, as it is known from these
 * events: entries, metrics, rulings, target changes and sanctions taking effect after that day
 * are left out, and so is what follows from what was left out (a reversal of an entry that does
 * not count yet, the case a later ruling opened, with its sanctions). Every other event stays: the cycle, its
 * items and policy, units, leaders and disputes.
 */
export const effectiveBy = (events: readonly StoredEvent[], day: string): StoredEvent[] => {
  /** Ids of entries, rulings, sanctions and cases that do not count yet on that day. */
  const later = new Set<string>();
  const kept: StoredEvent[] = [];
  for (const event of events) {
    const data = event.data as Dated;
    const leftOut =
      [data.entryId, data.rulingId, data.sanctionId, data.caseId].some(
        (id) => id !== undefined && later.has(id),
      ) ||
      (DATED.has(event.type) &&
        typeof data.year === 'number' &&
        effectiveOnOf(data, event.recordedAt, data.year) > day);
    if (!leftOut) {
      kept.push(event);
      continue;
    }
    for (const id of [data.entryId, data.rulingId, data.sanctionId]) if (id !== undefined) later.add(id);
    if (event.type === 'CaseOpened' && data.caseId) later.add(data.caseId);
  }
  return kept;
};
