/**
 * As-of scoreboard speed: generates one cycle of ~100,000 events (BENCH_EVENTS to change it)
 * into SQLite and, when reachable, PostgreSQL; writes the cycle's snapshots; then asks the
 * scoreboard as it stood at random positions, from the newest snapshot before each (what the
 * API does) and by a replay from zero (the baseline), checking both give the same answer, and
 * prints p50/p99 of each and the ratio. Run: npm run bench:as-of
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@ledger/event-store';
import {
  CycleSnapshots,
  PostgresReadModels,
  ReadModelStore,
  SNAPSHOTS,
  SqliteReadModels,
  cycleAsOf,
  scoreboard,
} from '@ledger/projections';
import { generateLog } from '../test/support/generate-log';
import { describeMachine, time } from './machine';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const UNITS = 100;
const shape = { cycles: 1, units: UNITS, eventsPerUnit: Math.round(EVENTS / UNITS), burst: 50, seed: 13 };
const WITH_SNAPSHOTS = 60;
const FROM_ZERO = 15;

/** A small deterministic PRNG, so every run asks at the same positions. */
const random = (seed: number) => () => {
  seed = (seed * 48_271) % 2_147_483_647;
  return seed / 2_147_483_647;
};

const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const figures = (samples: number[]) =>
  `p50 ${percentile(samples, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(samples, 99).toFixed(1).padStart(7)} ms   (${samples.length} positions)`;

const measure = async (label: string, store: EventStore, readModels: ReadModelStore) => {
  let count = 0;
  const fillMs = await time(async () => {
    for (const append of generateLog(shape)) {
      await store.append(append.stream, append.events, { expectedRevision: 'any' });
      count += append.events.length;
    }
  });
  console.log(
    `${label}: wrote ${count} events (one cycle, ${UNITS} units) in ${(fillMs / 1000).toFixed(1)} s`,
  );
  const snapshots = new CycleSnapshots(store, readModels);
  let written = 0;
  const snapshotMs = await time(async () => {
    written = await snapshots.catchUp(2007);
  });
  const stored = await readModels.all(SNAPSHOTS);
  const bytes = stored.reduce((sum, row) => sum + JSON.stringify(row.doc).length, 0);
  console.log(
    `  snapshots: ${written} (every ${snapshots.every} events of the cycle) written in ${(snapshotMs / 1000).toFixed(1)} s, ${(bytes / 2 ** 20).toFixed(1)} MB of documents`,
  );
  const head = Number(await store.headPosition());
  const next = random(2007);
  const positions = Array.from({ length: WITH_SNAPSHOTS }, () => String(1 + Math.floor(next() * head)));
  const fast: number[] = [];
  const slow: number[] = [];
  let folded = 0;
  for (const [i, position] of positions.entries()) {
    let answer: unknown;
    fast.push(
      await time(async () => {
        const asOf = await cycleAsOf(snapshots, store, 2007, { position });
        folded += asOf.folded;
        answer = await scoreboard(asOf.reader, 2007).catch((error: Error) => error.message);
      }),
    );
    if (i >= FROM_ZERO) continue;
    let baseline: unknown;
    slow.push(
      await time(async () => {
        const asOf = await cycleAsOf(snapshots, store, 2007, { position }, { fromZero: true });
        baseline = await scoreboard(asOf.reader, 2007).catch((error: Error) => error.message);
      }),
    );
    if (!isDeepStrictEqual(answer, baseline)) throw new Error(`the answers differ at position ${position}`);
  }
  console.log(
    `  as-of scoreboard, from the newest snapshot   ${figures(fast)}   ~${Math.round(folded / fast.length)} events folded`,
  );
  console.log(`  as-of scoreboard, replayed from zero         ${figures(slow)}`);
  console.log(
    `  replay / snapshot: p50 ${(percentile(slow, 50) / percentile(fast, 50)).toFixed(1)}x   p99 ${(percentile(slow, 99) / percentile(fast, 99)).toFixed(1)}x; the same answers at every position compared`,
  );
};

const main = async () => {
  console.log(describeMachine());
  console.log(`log: one cycle of ~${EVENTS} events\n`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-as-of-'));
  try {
    const store = SqliteEventStore.open(join(dir, 'ledger.db'));
    await measure('sqlite', store, new SqliteReadModels(store.db));
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const schema = `bench_as_of_${process.pid}`;
  let store: PostgresEventStore | undefined;
  try {
    store = await PostgresEventStore.connect({ connectionString: url, schema });
    await measure('postgres', store, await PostgresReadModels.connect({ pool: store.pool, schema }));
  } catch (error) {
    console.log(`postgres: skipped (${(error as Error).message})`);
  } finally {
    await store?.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await store?.close();
  }
};

void main();
