/**
 * One measurement, in a fresh process on the fresh database BENCH_DATABASE names (bench/peers/run.ts
 * makes it), printed as one line of JSON:
 *   node -r @swc-node/register bench/peers/measure.ts <ledger|emmett> <sqlite|postgres> <concurrency|fold>
 * Awards: COMMANDS award commands over UNITS units (every command a new entry), CONCURRENCY at
 * a time. Fold: one unit's stream of 1,000 awards read and folded, the median of 20 loads.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { foldEvents, scorecardDecider, asAppraisalEvent, ScorecardEvent } from '@ledger/domain';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@ledger/event-store';
import { CommandExecutor, CommandMeta } from '@ledger/ledger';
import { Award, decide, evolve, initialState } from './emmett-awards';

const [system, store, workload] = process.argv.slice(2) as [
  'ledger' | 'emmett',
  'sqlite' | 'postgres',
  string,
];
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 5000);
const UNITS = 200;
const FOLD_EVENTS = 1000;

const awardOf = (i: number): { unitId: string; award: Award } => ({
  unitId: `unit-${i % UNITS}`,
  award: { entryId: `entry-${i}`, itemId: 'safety', track: '1', points: 1, reason: '巡查合格' },
});

/** Runs `count` jobs, `concurrency` at a time; each job's latency in ms. */
const drive = async (count: number, concurrency: number, job: (i: number) => Promise<unknown>) => {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const begun = performance.now();
        await job(i);
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const ms = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: Math.round((count / ms) * 1000),
    p50: latencies[Math.floor(latencies.length * 0.5)]!,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
  };
};

const medianOf = async (runs: number, work: () => Promise<void>) => {
  const times: number[] = [];
  await work();
  for (let run = 0; run < runs; run++) {
    const begun = performance.now();
    await work();
    times.push(performance.now() - begun);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
};

const ledger = async (url: string) => {
  const events: EventStore =
    store === 'sqlite'
      ? SqliteEventStore.open(url)
      : await PostgresEventStore.connect({ connectionString: url });
  const executor = new CommandExecutor(events, { leaderKnown: async () => true });
  const meta: CommandMeta = { actor: { id: 'bench', role: 'supervisor' }, correlationId: 'bench' };
  await executor.execute({ type: 'OpenCycle', data: { year: 2007 } }, meta);
  await executor.execute(
    { type: 'DefineItem', data: { year: 2007, itemId: 'safety', title: '平安', track: '1' } },
    meta,
  );
  for (let u = 0; u < UNITS; u++)
    await executor.execute(
      { type: 'RegisterUnit', data: { unitId: `unit-${u}`, name: `單位${u}`, kind: 'street' } },
      meta,
    );
  const award = (i: number, unitId = awardOf(i).unitId) =>
    executor.execute({ type: 'AwardPoints', data: { year: 2007, unitId, ...awardOf(i).award } }, meta);
  try {
    if (workload === 'fold') {
      for (let i = 0; i < FOLD_EVENTS; i++) await award(i, 'unit-0');
      const stream = 'scorecard-2007-unit-0';
      const ms = await medianOf(20, async () => {
        const read = await events.readStream(stream);
        foldEvents(
          scorecardDecider.evolve,
          scorecardDecider.initialState,
          read.map((event) => asAppraisalEvent(event) as ScorecardEvent),
        );
      });
      return { foldMs: ms };
    }
    return await drive(COMMANDS, Number(workload), (i) => award(i));
  } finally {
    await events.close();
  }
};

const emmett = async (url: string) => {
  const require = createRequire(join(process.env.BENCH_PEERS_DIR!, 'package.json'));
  const { CommandHandler } = require('@event-driven-io/emmett');
  // Its default pool stalls at ten commands in flight here: one pool sized as a deployment would.
  const pool = store === 'postgres' ? new (require('pg').Pool)({ connectionString: url, max: 120 }) : null;
  const eventStore =
    store === 'sqlite'
      ? require('@event-driven-io/emmett-sqlite').getSQLiteEventStore({
          fileName: url,
          schema: { autoMigration: 'CreateOrUpdate' },
        })
      : require('@event-driven-io/emmett-postgresql').getPostgreSQLEventStore(url, {
          connectionOptions: { pooled: true, pool },
        });
  const handle = CommandHandler({ evolve, initialState, retry: { onVersionConflict: 10 } });
  const award = (i: number, unitId = awardOf(i).unitId) =>
    handle(eventStore, `scorecard-2007-${unitId}`, (state: ReturnType<typeof initialState>) =>
      decide(unitId, awardOf(i).award, state),
    );
  try {
    if (workload === 'fold') {
      for (let i = 0; i < FOLD_EVENTS; i++) await award(i, 'unit-0');
      const ms = await medianOf(20, async () => {
        await eventStore.aggregateStream('scorecard-2007-unit-0', { evolve, initialState });
      });
      return { foldMs: ms };
    }
    return await drive(COMMANDS, Number(workload), (i) => award(i));
  } finally {
    await eventStore.close?.();
    await pool?.end();
  }
};

/** A system that cannot carry the workload (Emmett's SQLite store at 50 in flight) says why, and the run goes on. */
const fail = (error: unknown) => {
  process.stdout.write(
    `${JSON.stringify({ failed: String((error as Error).message ?? error).split('\n')[0] })}\n`,
  );
  process.exit(0);
};
process.on('uncaughtException', fail);

const main = async () => {
  // The driver made the database (a SQLite file's path, or a PostgreSQL URL) and drops it after.
  const database = process.env.BENCH_DATABASE!;
  try {
    const result = system === 'ledger' ? await ledger(database) : await emmett(database);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    fail(error);
  }
  process.exit(0);
};

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
