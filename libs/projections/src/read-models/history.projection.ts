import {
  AppraisalEvent,
  CycleClosed,
  Policy,
  PolicyAmended,
  ScoreTally,
  ScorecardEvent,
  emptyTally,
  tallyScorecardEvent,
  unitTotal,
} from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';
import { DocChange, EventHandler, IGNORED, docKey, projection } from '../projection';
import { positionKey } from './event-facts';

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

/**
 * A row of a unit's history as kept: the event's position and the unit's total score right
 * after it. What the event says is in the log; a query joins it (`historyOf`), so a row
 * costs a few bytes, not a second copy of its event.
 */
export interface HistoryRowDoc {
  position: string;
  total: number;
}

const row = (stored: StoredEvent, total: number): HistoryRowDoc => ({ position: stored.position, total });

/** An event that concerns one unit in one cycle. */
type UnitCycleEvent = AppraisalEvent & { data: { year: number; unitId: string } };

/**
 * A unit's row for an event of its cycle, with the running total after it: `tallied` moves
 * the unit's tally (score entries and reversals do; rulings, cases and disputes leave it).
 */
const unitRow = <E extends UnitCycleEvent>(
  tallied: (tally: ScoreTally, event: E) => ScoreTally = (tally) => tally,
): EventHandler<E> => ({
  keys: ({ data: { year, unitId } }) => [historyKeys.year(year), historyKeys.tally(year, unitId)],
  fold: (read, event, stored) => {
    const { year: cycle, unitId } = event.data;
    const yearKey = historyKeys.year(cycle);
    const year = read<YearDoc>(yearKey);
    if (!year) return [];
    const tallyKey = historyKeys.tally(cycle, unitId);
    const before = read<ScoreTally>(tallyKey);
    const tally = tallied(before ?? emptyTally, event);
    const changes: DocChange[] = [
      [historyKeys.row(cycle, unitId, stored.position), row(stored, unitTotal(tally, year.policy))],
    ];
    if (tally !== before) changes.push([tallyKey, tally]);
    if (before === undefined) changes.push([yearKey, { ...year, units: [...year.units, unitId] }]);
    return changes;
  },
});

const scoreRow = unitRow<ScorecardEvent>(tallyScorecardEvent);

/** A policy amendment or the close: a row for every unit with a history in the cycle, under the policy after it. */
const cycleWideRows = <E extends PolicyAmended | CycleClosed>(
  policyAfter: (event: E, before: YearDoc['policy']) => YearDoc['policy'],
): EventHandler<E> => ({
  keys: (event) => [historyKeys.year(event.data.year)],
  dependentKeys: (event, read) =>
    (read<YearDoc>(historyKeys.year(event.data.year))?.units ?? []).map((unitId) =>
      historyKeys.tally(event.data.year, unitId),
    ),
  fold: (read, event, stored) => {
    const key = historyKeys.year(event.data.year);
    const year = read<YearDoc>(key);
    if (!year) return [];
    const policy = policyAfter(event, year.policy);
    const rows: DocChange[] = year.units.map((unitId) => {
      const tally = read<ScoreTally>(historyKeys.tally(event.data.year, unitId)) ?? emptyTally;
      return [
        historyKeys.row(event.data.year, unitId, stored.position),
        row(stored, unitTotal(tally, policy)),
      ];
    });
    return policy === year.policy ? rows : [[key, { ...year, policy }], ...rows];
  },
});

/**
 * Every event of a unit's cycle (its score entries, metrics, rulings, cases, disputes, panel
 * scores, and the cycle's policy amendments and close), with the unit's running total after it.
 */
export const historyProjection = projection({
  name: HISTORY,
  version: 3,
  on: {
    CycleOpened: {
      keys: () => [],
      fold: (_read, { data: { year, policy } }) => {
        const doc: YearDoc = {
          policy: { baseScore: policy.baseScore, regularCap: policy.regularCap },
          units: [],
        };
        return [[historyKeys.year(year), doc]];
      },
    },
    PolicyAmended: cycleWideRows(({ data: { policy } }) => ({
      baseScore: policy.baseScore,
      regularCap: policy.regularCap,
    })),
    CycleClosed: cycleWideRows((_event, before) => before),
    PointsAwarded: scoreRow,
    PointsDeducted: scoreRow,
    EntryReversed: scoreRow,
    MetricReported: unitRow(),
    BasicRequirementRuled: unitRow(),
    RulingSetAside: unitRow(),
    CaseOpened: unitRow(),
    SanctionImposed: unitRow(),
    SanctionLifted: unitRow(),
    CaseWithdrawn: unitRow(),
    DisputeFiled: unitRow(),
    DisputeResolved: unitRow(),
    PanelScoreSubmitted: unitRow(),
    ItemDefined: IGNORED,
    ItemTrackChanged: IGNORED,
    TargetThresholdChanged: IGNORED,
    ItemWithdrawn: IGNORED,
    LeaderBonusBaseSet: IGNORED,
    UnitRegistered: IGNORED,
    LeaderAppointed: IGNORED,
    LeaderDeparted: IGNORED,
    PanelConvened: IGNORED,
    PanelClosed: IGNORED,
    KeyIssued: IGNORED,
    KeyRevoked: IGNORED,
  },
});
