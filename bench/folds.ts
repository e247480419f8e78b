/**
 * Fold speed (issue 16, item 1): how long a scorecard of 1,000 and of 100,000 awards takes to
 * fold with the decider's own `evolve`, beside the copying evolve it replaced (one copy of the
 * entries per event, measured in the same run), and the projections' in-memory fold rate over
 * a generated log, each against the issue's aims: under 1 ms, under 100 ms, and at least
 * 1,000,000 events/s. Each figure is the median of 5 runs after a warm-up.
 * Run: npm run bench:folds
 */
import { PointsAwarded, ScorecardEvent, ScorecardState, foldEvents, scorecardDecider } from '@ledger/domain';
import { NewEvent, StoredEvent } from '@ledger/event-store';
import { FoldSession, allProjections } from '@ledger/projections';
import { generateLog } from '../test/support/generate-log';
import { describeMachine, rate, verdict } from './machine';

const RUNS = 5;

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const timedMs = (work: () => unknown): number => {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

const medianMs = (work: () => unknown): number => {
  work();
  return median(Array.from({ length: RUNS }, () => timedMs(work)));
};

const awards = (count: number): ScorecardEvent[] =>
  Array.from({ length: count }, (_, i): PointsAwarded => ({
    type: 'PointsAwarded',
    data: {
      year: 2007,
      unitId: 'sansheng',
      entryId: `entry-${i}`,
      itemId: i % 2 === 0 ? 'urban-management' : 'letters-and-visits',
      track: i % 2 === 0 ? 'X' : '1',
      points: 1,
      reason: 'bench',
      evidence: null,
      regularAwardMax: 2,
    },
  }));

/** The evolve the scorecard had before issue 16: every award copies the entries it holds. */
const copyingEvolve = (state: ScorecardState, event: ScorecardEvent): ScorecardState => {
  if (event.type !== 'PointsAwarded') return scorecardDecider.evolve(state, event);
  const { entryId, itemId, track, points } = event.data;
  const entry = { entryId, itemId, track, kind: 'award' as const, points, reversed: false };
  return { ...state, entries: { ...state.entries, [entryId]: entry } };
};

const scorecardFolds = () => {
  const line = (label: string, ms: number, aimMs: number | null, baselineMs?: number) =>
    console.log(
      `  ${label.padEnd(44)} ${ms.toFixed(3).padStart(10)} ms` +
        (aimMs === null ? '' : `   aim < ${aimMs} ms: ${verdict(ms, aimMs, 'at-most')}`) +
        (baselineMs === undefined ? '' : `   ${(baselineMs / ms).toFixed(0)}x faster than copying`),
    );
  console.log('scorecard folds (the decider that serves every award):');
  for (const [count, aimMs] of [
    [1_000, 1],
    [100_000, 100],
  ] as const) {
    const events = awards(count);
    const linear = medianMs(() => foldEvents(scorecardDecider.evolve, scorecardDecider.initialState, events));
    // Copying 100,000 entries per event would take minutes: it is measured at 1,000 and 10,000 only.
    const copying =
      count <= 10_000
        ? medianMs(() => foldEvents(copyingEvolve, scorecardDecider.initialState, events))
        : undefined;
    if (copying !== undefined) line(`${count} awards, copying evolve (baseline)`, copying, null);
    line(`${count} awards, the decider's evolve`, linear, aimMs, copying);
  }
  const tenThousand = awards(10_000);
  const copying = medianMs(() => foldEvents(copyingEvolve, scorecardDecider.initialState, tenThousand));
  const linear = medianMs(() =>
    foldEvents(scorecardDecider.evolve, scorecardDecider.initialState, tenThousand),
  );
  line('10000 awards, copying evolve (baseline)', copying, null);
  line("10000 awards, the decider's evolve", linear, null, copying);
};

/** The log as the store would give it back: positions, revisions and metadata, parsed. */
const storedLog = (count: number): StoredEvent[] => {
  const events: StoredEvent[] = [];
  const revisions = new Map<string, number>();
  const shape = { cycles: 4, units: 200, eventsPerUnit: Math.round(count / 800), burst: 50 };
  for (const { stream, events: appended } of generateLog(shape)) {
    for (const event of appended as NewEvent[]) {
      const revision = (revisions.get(stream) ?? -1) + 1;
      revisions.set(stream, revision);
      events.push({
        id: event.id ?? `e${events.length}`,
        stream,
        revision,
        position: String(events.length + 1),
        type: event.type,
        data: event.data,
        metadata: { ...event.metadata, schemaVersion: 1, prevHash: '', hash: '' },
        recordedAt: new Date(Date.UTC(2007, 0, 1) + events.length * 1000).toISOString(),
      } as StoredEvent);
    }
  }
  return events;
};

/**
 * The fold (`apply`: keys named, documents looked up, every handler run) timed apart from the
 * JSON of the documents it changed (`takeWrites`), which belongs to writing them.
 */
const projectionFold = async () => {
  const events = storedLog(200_000);
  const foldAll = async () => {
    const session = new FoldSession(allProjections, async () => new Map());
    let foldNs = 0n;
    let jsonNs = 0n;
    for (let i = 0; i < events.length; i += 5000) {
      const batch = events.slice(i, i + 5000);
      const start = process.hrtime.bigint();
      await session.apply(batch);
      const folded = process.hrtime.bigint();
      session.takeWrites();
      foldNs += folded - start;
      jsonNs += process.hrtime.bigint() - folded;
    }
    return { foldMs: Number(foldNs) / 1e6, jsonMs: Number(jsonNs) / 1e6 };
  };
  await foldAll();
  const runs: { foldMs: number; jsonMs: number }[] = [];
  for (let run = 0; run < RUNS; run++) runs.push(await foldAll());
  const foldRate = rate(events.length, median(runs.map((run) => run.foldMs)));
  const withJson = rate(events.length, median(runs.map((run) => run.foldMs + run.jsonMs)));
  console.log(
    `\nprojections' in-memory fold (all ${allProjections.length}, ${events.length} generated events, batches of 5,000):`,
  );
  console.log(
    `  fold           ${String(foldRate).padStart(10)} events/s   aim >= 1000000: ${verdict(foldRate, 1_000_000, 'at-least')}`,
  );
  console.log(
    `  fold + JSON    ${String(withJson).padStart(10)} events/s   (the documents serialised for writing)`,
  );
};

const main = async () => {
  // `npm run bench:folds -- projections` runs the projections' part alone (for a profile).
  const only = process.argv[2];
  console.log(describeMachine());
  if (only !== 'projections') scorecardFolds();
  if (only !== 'scorecards') await projectionFold();
};

void main();
