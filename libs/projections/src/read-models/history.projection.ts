import {
  AppraisalEvent,
  Policy,
  ScoreTally,
  ScorecardEvent,
  emptyTally,
  tallyScorecardEvent,
  unitScore,
} from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';
import { DocChange, Projection, docKey } from '../projection';
import { appraisal, positionKey } from './event-facts';

export const HISTORY = 'history';

export const historyKeys = {
  year: (year: number) => docKey('year', year),
  rowScope: (year: number, unitId: string) => docKey('row', year, unitId),
  row: (year: number, unitId: string, position: string) => docKey('row', year, unitId, positionKey(position)),
};

/** What the running totals of a cycle need: its policy now, and each unit's tally now. */
interface YearDoc {
  policy: Pick<Policy, 'baseScore' | 'regularCap'>;
  tallies: Record<string, ScoreTally>;
}

export interface HistoryRow {
  position: string;
  type: string;
  data: unknown;
  actor: { id: string; role: string };
  reason: string | null;
  recordedAt: string;
  hash: string;
  /** The unit's total score right after this event. */
  total: number;
}

const SCORECARD = new Set([
  'PointsAwarded',
  'PointsDeducted',
  'MetricReported',
  'BasicRequirementRuled',
  'EntryReversed',
  'RulingSetAside',
]);

/** The (year, unit) an event belongs to, for events that concern one unit in one cycle. */
const unitOf = (event: AppraisalEvent): { year: number; unitId: string } | null => {
  const data = event.data as { year?: unknown; unitId?: unknown };
  return typeof data.year === 'number' && typeof data.unitId === 'string'
    ? { year: data.year, unitId: data.unitId }
    : null;
};

const row = (stored: StoredEvent, total: number): HistoryRow => ({
  position: stored.position,
  type: stored.type,
  data: stored.data,
  actor: stored.metadata.actor,
  reason: stored.metadata.reason ?? null,
  recordedAt: stored.recordedAt,
  hash: stored.metadata.hash,
  total,
});

/**
 * Every event of a unit's cycle (its score entries, metrics, rulings, cases, disputes, panel
 * scores, and the cycle's policy amendments and close), with the unit's running total after it.
 */
export const historyProjection: Projection = {
  name: HISTORY,
  version: 1,
  keysOf(stored) {
    const event = appraisal(stored);
    if (event.type === 'CycleOpened' || event.type === 'PolicyAmended' || event.type === 'CycleClosed') {
      return [historyKeys.year(event.data.year)];
    }
    const unit = unitOf(event);
    return unit ? [historyKeys.year(unit.year)] : [];
  },
  evolve(read, stored): DocChange[] {
    const event = appraisal(stored);
    if (event.type === 'CycleOpened') {
      const { baseScore, regularCap } = event.data.policy;
      return [
        [
          historyKeys.year(event.data.year),
          { policy: { baseScore, regularCap }, tallies: {} } satisfies YearDoc,
        ],
      ];
    }
    if (event.type === 'PolicyAmended' || event.type === 'CycleClosed') {
      const key = historyKeys.year(event.data.year);
      const year = read<YearDoc>(key);
      if (!year) return [];
      const policy =
        event.type === 'PolicyAmended'
          ? { baseScore: event.data.policy.baseScore, regularCap: event.data.policy.regularCap }
          : year.policy;
      const rows: DocChange[] = Object.entries(year.tallies).map(([unitId, tally]) => [
        historyKeys.row(event.data.year, unitId, stored.position),
        row(stored, unitScore(tally, policy).total),
      ]);
      return [[key, { ...year, policy }], ...rows];
    }
    const unit = unitOf(event);
    if (!unit) return [];
    const key = historyKeys.year(unit.year);
    const year = read<YearDoc>(key);
    if (!year) return [];
    const before = year.tallies[unit.unitId] ?? emptyTally;
    const tally = SCORECARD.has(event.type) ? tallyScorecardEvent(before, event as ScorecardEvent) : before;
    const changes: DocChange[] = [
      [
        historyKeys.row(unit.year, unit.unitId, stored.position),
        row(stored, unitScore(tally, year.policy).total),
      ],
    ];
    if (!(unit.unitId in year.tallies) || tally !== before) {
      changes.push([key, { ...year, tallies: { ...year.tallies, [unit.unitId]: tally } }]);
    }
    return changes;
  },
};
