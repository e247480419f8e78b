/**
 * Rebuild speed: generates a realistic log (default 1,000,000 events over many cycles and
 * units) into SQLite and, when reachable, PostgreSQL; rebuilds every projection; and prints,
 * in the same run, the rebuild rate beside the raw rate of reading and parsing the same log
 * (the I/O floor) and the rate of folding events already in memory (the CPU floor), with the
 * ratios and the peak RSS. Run: npm run bench:rebuild   (BENCH_EVENTS=200000 for a shorter run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, PostgresEventStore, SqliteEventStore, StoredEvent } from '@ledger/event-store';
import {
  FoldSession,
  PostgresReadModels,
  ReadModelStore,
  SqliteReadModels,
  allProjections,
  rebuildProjections,
} from '@ledger/projections';
import { generateLog } from '../test/support/generate-log';
import { describeMachine, rate, time, verdict } from './machine';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const CYCLES = 20;
const UNITS = 200;
const shape = {
  cycles: CYCLES,
  units: UNITS,
  eventsPerUnit: Math.round(EVENTS / (CYCLES * UNITS)),
  burst: 50,
};
const CPU_SAMPLE = 100_000;

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const fill = async (store: EventStore): Promise<number> => {
  let count = 0;
  for (const append of generateLog(shape)) {
    await store.append(append.stream, append.events, { expectedRevision: 'any' });
    count += append.events.length;
  }
  return count;
};

const readAndParse = async (store: EventStore): Promise<number> => {
  let after: string | undefined;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: 5000 });
    count += page.length;
    if (page.length < 5000) return count;
    after = page[page.length - 1]!.position;
  }
};

const foldInMemory = async (store: EventStore): Promise<{ count: number; ms: number }> => {
  const sample: StoredEvent[] = [];
  let after: string | undefined;
  while (sample.length < CPU_SAMPLE) {
    const page = await store.readAll({ after, limit: 5000 });
    sample.push(...page);
    if (page.length < 5000) break;
    after = page[page.length - 1]!.position;
  }
  const session = new FoldSession(allProjections, async () => new Map());
  const ms = await time(async () => {
    for (let i = 0; i < sample.length; i += 5000) {
      await session.apply(sample.slice(i, i + 5000));
      session.takeWrites();
    }
  });
  return { count: sample.length, ms };
};

const measure = async (label: string, store: EventStore, readModels: ReadModelStore) => {
  let count = 0;
  const fillMs = await time(async () => {
    count = await fill(store);
  });
  console.log(
    `${label}: wrote ${count} events in ${(fillMs / 1000).toFixed(1)} s (${rate(count, fillMs)} ev/s through the port)`,
  );
  let read = 0;
  const readMs = await time(async () => {
    read = await readAndParse(store);
  });
  const fold = await foldInMemory(store);
  let rebuilt = 0;
  const rebuildMs = await time(async () => {
    rebuilt = (await rebuildProjections(store, readModels, allProjections)).events;
  });
  const rebuildRate = rate(rebuilt, rebuildMs);
  const readRate = rate(read, readMs);
  const foldRate = rate(fold.count, fold.ms);
  console.log(
    `  rebuild (all ${allProjections.length} projections) ${String(rebuildRate).padStart(9)} ev/s   ${(rebuildMs / 1000).toFixed(1)} s for ${rebuilt} events`,
  );
  console.log(
    `  read + parse the log (I/O floor)   ${String(readRate).padStart(9)} ev/s   rebuild/read = ${(rebuildRate / readRate).toFixed(2)}`,
  );
  console.log(
    `  fold in memory (CPU floor)         ${String(foldRate).padStart(9)} ev/s   rebuild/fold = ${(rebuildRate / foldRate).toFixed(2)}`,
  );
  console.log(`  peak RSS so far: ${peakRssMb()} MB`);
  // Issue 16's aims, for a log of a million events.
  const aim = label === 'sqlite' ? { ratio: 0.5, seconds: 8 } : { ratio: 0.3, seconds: 20 };
  const perMillion = (rebuildMs / 1000) * (1_000_000 / rebuilt);
  console.log(
    `  aims: rebuild/read >= ${aim.ratio}: ${verdict(rebuildRate / readRate, aim.ratio, 'at-least')}; ` +
      `1M events in < ${aim.seconds} s (${perMillion.toFixed(1)} s): ${verdict(perMillion, aim.seconds, 'at-most')}; ` +
      `peak RSS < 512 MB: ${verdict(peakRssMb(), 512, 'at-most')}`,
  );
};

const main = async () => {
  console.log(describeMachine());
  console.log(`log: ${CYCLES} cycles x ${UNITS} units, ~${EVENTS} events\n`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-rebuild-'));
  try {
    const store = SqliteEventStore.open(join(dir, 'ledger.db'));
    await measure('sqlite', store, new SqliteReadModels(store.db));
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const schema = `bench_rebuild_${process.pid}`;
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
