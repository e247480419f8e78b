/**
 * Award commands per second over HTTP, and their p50/p99 latency, at 1 and 50 concurrent
 * clients, against `ledger serve` on SQLite and (when reachable) PostgreSQL; beside the store's
 * own single-event append rate measured in the same run. Run: npm run bench:http
 * With BENCH_PROFILE=1, a further run at 50 clients on SQLite is CPU-profiled in the server
 * (not counted in the figures) and its time printed by what it was spent on.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@ledger/event-store';
import { issueKeys } from '../test/support/keys';
import { startServer } from '../test/support/ledger-process';
import { describeMachine, rate, time, verdict } from './machine';
import { CpuProfile, summarizeProfile } from './support/profile-summary';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const APPENDS = Number(process.env.BENCH_APPENDS ?? 2000);
const UNITS = 200;
const CLIENTS = [1, 50];

/** The store's own rate: single-event appends with an expected revision, spread over the units' streams. */
const appendRate = async (store: EventStore): Promise<number> => {
  const revisions = new Map<string, number>();
  const ms = await time(async () => {
    for (let i = 0; i < APPENDS; i++) {
      const stream = `scorecard-2007-unit-${i % UNITS}`;
      const revision = revisions.get(stream) ?? -1;
      const result = await store.append(
        stream,
        [
          {
            type: 'PointsAwarded',
            data: {
              year: 2007,
              unitId: `unit-${i % UNITS}`,
              itemId: 'services',
              points: 5,
              reason: '重點工作',
              track: 'X',
            },
            metadata: { actor: { id: 'bench', role: 'supervisor' }, reason: '重點工作' },
          },
        ],
        { expectedRevision: revision === -1 ? 'no-stream' : revision },
      );
      revisions.set(stream, result.nextRevision);
    }
  });
  await store.close();
  return rate(APPENDS, ms);
};

/** A served ledger with a cycle, a key item and the units to award. */
const prepare = async (env: Record<string, string>) => {
  const [key] = await issueKeys(env, [{ role: 'supervisor', name: 'bench' }]);
  const server = await startServer(env);
  const post = async (path: string, body: object) => {
    const response = await fetch(`${server.url}/api${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  };
  await post('/cycles', { year: 2007 });
  await post('/cycles/2007/items', { itemId: 'services', title: '現代服務業', track: 'X' });
  for (let u = 0; u < UNITS; u++)
    await post('/units', { unitId: `unit-${u}`, name: `街道 ${u}`, kind: 'street' });
  return { server, key };
};

interface Load {
  clients: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

const load = async (url: string, key: string, clients: number): Promise<Load> => {
  let next = 0;
  const result = await autocannon({
    url,
    connections: clients,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        setupRequest: (request) => ({
          ...request,
          path: `/api/cycles/2007/units/unit-${next++ % UNITS}/awards`,
          body: JSON.stringify({ itemId: 'services', points: 5, reason: '重點工作完成' }),
        }),
      },
    ],
  });
  return {
    clients,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
};

const measure = async (name: string, env: Record<string, string>, appends: number) => {
  const { server, key } = await prepare(env);
  try {
    for (const clients of CLIENTS) {
      const figures = await load(server.url, key, clients);
      console.log(
        [
          name.padEnd(10),
          String(clients).padStart(7),
          String(figures.requestsPerSecond).padStart(9),
          `${figures.p50} ms`.padStart(8),
          `${figures.p99} ms`.padStart(8),
          String(figures.failures).padStart(8),
          String(appends).padStart(12),
          (figures.requestsPerSecond / appends).toFixed(2).padStart(7),
        ].join(' '),
      );
      if (name === 'sqlite' && clients === 50)
        console.log(
          `${' '.repeat(11)}aims at 50 clients: p99 <= 25 ms: ${verdict(figures.p99, 25, 'at-most')}; ` +
            `HTTP/append >= 0.7: ${verdict(figures.requestsPerSecond / appends, 0.7, 'at-least')}`,
        );
    }
  } finally {
    await server.stop();
  }
};

/** The server's CPU profile over a load at 50 clients, summed by what the time was spent on. */
const profile = async (env: Record<string, string>, dir: string) => {
  const file = join(dir, 'server.cpuprofile');
  const { server, key } = await prepare({
    ...env,
    NODE_OPTIONS: `--require ${join(__dirname, 'support', 'cpu-profile-preload.cjs')}`,
    LEDGER_BENCH_PROFILE_FILE: file,
  });
  try {
    server.process.kill('SIGUSR2');
    const figures = await load(server.url, key, 50);
    server.process.kill('SIGUSR2');
    while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 500));
    console.log(
      `\nwhere the server's time goes at 50 clients on SQLite (CPU profile, self time; ${figures.requestsPerSecond} awards/s while profiled):`,
    );
    for (const { category, share } of summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile))
      if (share >= 0.005) console.log(`  ${(share * 100).toFixed(1).padStart(5)} %  ${category}`);
  } finally {
    await server.stop();
  }
};

const onPostgres = async (url: string, sql: string) => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

const main = async () => {
  console.log(describeMachine());
  console.log(
    `http: award commands over ${UNITS} units for ${SECONDS} s per row, beside ${APPENDS} single-event appends straight to the store\n`,
  );
  console.log(
    `${'store'.padEnd(10)} ${'clients'.padStart(7)} ${'awards/s'.padStart(9)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'failed'.padStart(8)} ${'appends/s'.padStart(12)} ${'ratio'.padStart(7)}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  try {
    const appends = await appendRate(SqliteEventStore.open(join(dir, 'appends.db')));
    await measure('sqlite', { LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: join(dir, 'served') }, appends);
    if (process.env.BENCH_PROFILE === '1')
      await profile({ LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: join(dir, 'profiled') }, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = `bench_http_${randomBytes(4).toString('hex')}`;
  try {
    await onPostgres(base, `CREATE DATABASE ${database}`);
  } catch (error) {
    console.log(`postgres   skipped: ${(error as Error).message}`);
    return;
  }
  const url = new URL(base);
  url.pathname = `/${database}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-http-pg-'));
  try {
    const appends = await appendRate(
      await PostgresEventStore.connect({ connectionString: url.toString(), schema: 'bench_appends' }),
    );
    await measure(
      'postgres',
      { LEDGER_STORE: 'postgres', DATABASE_URL: url.toString(), LEDGER_DATA_DIR: dataDir },
      appends,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await onPostgres(base, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
};

void main();
