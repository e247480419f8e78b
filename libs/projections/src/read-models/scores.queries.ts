import {
  CycleState,
  Track,
  UnitKind,
  UnitState,
  emptyTally,
  fromHundredths,
  rankWithinKind,
  refuse,
  targetMet,
  toHundredths,
  unitScore,
} from '@ledger/domain';
import { comparePositions } from '@ledger/event-store';
import { DocReader } from '../doc-reader';
import { CardDoc, EntryDoc, MetricDoc, RulingDoc, SCORES, scoreKeys } from './scores.projection';

export interface ScoreboardRow {
  unitId: string;
  name: string;
  kind: UnitKind;
  regularScore: number;
  keyScore: number;
  total: number;
  rank: number;
}

export const findCycle = async (reader: DocReader, year: number): Promise<CycleState> => {
  const cycle = await reader.get<CycleState>(SCORES, scoreKeys.cycle(year));
  if (!cycle || cycle.status === 'none')
    throw refuse('UNKNOWN_CYCLE', `There is no appraisal cycle ${year}.`, { year });
  return cycle;
};

const findUnit = async (reader: DocReader, unitId: string): Promise<UnitState> => {
  const unit = await reader.get<UnitState>(SCORES, scoreKeys.unit(unitId));
  if (!unit?.registered) throw refuse('UNKNOWN_UNIT', `There is no unit "${unitId}".`, { unitId });
  return unit;
};

/** Every registered unit of a kind (or all), scored under the cycle's policy and ranked within its kind. */
export const scoreboard = async (
  reader: DocReader,
  year: number,
  kind?: UnitKind,
): Promise<ScoreboardRow[]> => {
  const cycle = await findCycle(reader, year);
  const units = (await reader.list<UnitState>(SCORES, scoreKeys.unitScope)).filter(
    (u) => u.registered && (!kind || u.kind === kind),
  );
  const cards = new Map(
    (await reader.list<CardDoc>(SCORES, scoreKeys.cardScope(year))).map((card) => [card.unitId, card]),
  );
  const rows = units.map((unit) => {
    const { regularScore, keyScore, total } = unitScore(
      cards.get(unit.unitId)?.tally ?? emptyTally,
      cycle.policy,
    );
    return { unitId: unit.unitId, name: unit.name, kind: unit.kind, regularScore, keyScore, total };
  });
  return rankWithinKind(rows);
};

export interface UnitScoreAnswer {
  unitId: string;
  regularRaw: number;
  regularScore: number;
  keyScore: number;
  total: number;
  /** The version of the unit's scorecard stream (-1: none yet): send it as If-Match to record only onto what was shown. */
  streamVersion: number;
  entries: EntryDoc[];
}

/**
 * A unit's score under the cycle's policy, with its entries: all of them in log order, or
 * those `entriesOf` gives (a page, entries-page.ts).
 */
export const unitScoreOf = async (
  reader: DocReader,
  year: number,
  unitId: string,
  entriesOf?: () => Promise<EntryDoc[]>,
): Promise<UnitScoreAnswer> => {
  const cycle = await findCycle(reader, year);
  await findUnit(reader, unitId);
  const card = await reader.get<CardDoc>(SCORES, scoreKeys.card(year, unitId));
  const entries = entriesOf
    ? await entriesOf()
    : (await reader.list<EntryDoc>(SCORES, scoreKeys.entryScope(year, unitId))).sort((a, b) =>
        comparePositions(a.position, b.position),
      );
  return {
    unitId,
    ...unitScore(card?.tally ?? emptyTally, cycle.policy),
    streamVersion: card?.streamVersion ?? -1,
    entries,
  };
};

export interface ItemBreakdown {
  itemId: string;
  title: string;
  track: Track;
  withdrawn: boolean;
  awards: number;
  deductions: number;
  net: number;
  targets: {
    metric: string;
    comparator: string;
    threshold: number;
    unit: string;
    value: number | null;
    met: boolean | null;
  }[];
  rulings: RulingDoc[];
}

/** Per item of the cycle (key items first): what the unit was awarded and deducted, its targets judged under the current thresholds, its rulings. */
export const unitItems = async (
  reader: DocReader,
  year: number,
  unitId: string,
): Promise<ItemBreakdown[]> => {
  const cycle = await findCycle(reader, year);
  await findUnit(reader, unitId);
  const entries = await reader.list<EntryDoc>(SCORES, scoreKeys.entryScope(year, unitId));
  const rulings = await reader.list<RulingDoc>(SCORES, scoreKeys.rulingScope(year, unitId));
  const metrics = await reader.list<MetricDoc>(SCORES, scoreKeys.metricScope(year, unitId));
  // Documents may come back with their keys reordered (PostgreSQL's jsonb does), so order explicitly: key items first.
  const items = Object.values(cycle.items).sort(
    (a, b) => b.track.localeCompare(a.track) || a.itemId.localeCompare(b.itemId),
  );
  return items.map((item) => {
    const counted = entries.filter((e) => e.itemId === item.itemId && !e.reversed);
    const sum = (kind: EntryDoc['kind']) =>
      counted.filter((e) => e.kind === kind).reduce((total, e) => total + toHundredths(e.points), 0);
    const awards = sum('award');
    const deductions = sum('deduction');
    return {
      itemId: item.itemId,
      title: item.title,
      track: item.track,
      withdrawn: item.withdrawn,
      awards: fromHundredths(awards),
      deductions: fromHundredths(deductions),
      net: fromHundredths(awards - deductions),
      targets: Object.values(item.targets)
        .sort((a, b) => a.metric.localeCompare(b.metric))
        .map((target) => {
          const reported = metrics.find((m) => m.itemId === item.itemId && m.metric === target.metric);
          return {
            ...target,
            value: reported?.value ?? null,
            met: reported ? targetMet(target, reported.value) : null,
          };
        }),
      rulings: rulings.filter((r) => r.itemId === item.itemId),
    };
  });
};
