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
  tally: (year: number, unitId: string) => docKey('tally', year, unitId),
  rowScope: (year: number, unitId: string) => docKey('row', year, unitId),
  row: (year: number, unitId: string, position: string) => docKey('row', year, unitId, positionKey(position)),
};

/** What the running totals of a cycle need: its policy now, and which units have a history in it. */
interface YearDoc {
  policy: Pick<Policy, 'baseScore' | 'regularCap'>;
  units: string[];
}

export interface HistoryRow {
  position: string;
  type: string;
  data: unknown;
  actor: { id: string; role: string; name?: string };
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
const CYCLE_WIDE = new Set(['PolicyAmended', 'CycleClosed']);

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
    if (event.type === 'CycleOpened' || CYCLE_WIDE.has(event.type))
      return [historyKeys.year((event.data as { year: number }).year)];
    const unit = unitOf(event);
    return unit ? [historyKeys.year(unit.year), historyKeys.tally(unit.year, unit.unitId)] : [];
  },
  dependentKeysOf(stored, read) {
    if (!CYCLE_WIDE.has(stored.type)) return [];
    const year = (stored.data as { year: number }).year;
    return (read<YearDoc>(historyKeys.year(year))?.units ?? []).map((unitId) =>
      historyKeys.tally(year, unitId),
    );
  },
  evolve(read, stored): DocChange[] {
    const event = appraisal(stored);
    if (event.type === 'CycleOpened') {
      const { baseScore, regularCap } = event.data.policy;
      return [
        [
          historyKeys.year(event.data.year),
          { policy: { baseScore, regularCap }, units: [] } satisfies YearDoc,
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
      const rows: DocChange[] = year.units.map((unitId) => [
        historyKeys.row(event.data.year, unitId, stored.position),
        row(
          stored,
          unitScore(read<ScoreTally>(historyKeys.tally(event.data.year, unitId)) ?? emptyTally, policy).total,
        ),
      ]);
      return policy === year.policy ? rows : [[key, { ...year, policy }], ...rows];
    }
    const unit = unitOf(event);
    if (!unit) return [];
    const yearKey = historyKeys.year(unit.year);
    const year = read<YearDoc>(yearKey);
    if (!year) return [];
    const tallyKey = historyKeys.tally(unit.year, unit.unitId);
    const before = read<ScoreTally>(tallyKey);
    const tally = SCORECARD.has(event.type)
      ? tallyScorecardEvent(before ?? emptyTally, event as ScorecardEvent)
      : (before ?? emptyTally);
    const changes: DocChange[] = [
      [
        historyKeys.row(unit.year, unit.unitId, stored.position),
        row(stored, unitScore(tally, year.policy).total),
      ],
    ];
    if (tally !== before) changes.push([tallyKey, tally]);
    if (before === undefined) changes.push([yearKey, { ...year, units: [...year.units, unit.unitId] }]);
    return changes;
  },
};
