/**
 * Appends per second through the EventStore port, beside the raw driver inserting the same
 * rows in the same run: single-event appends with an expected revision, and 100-event
 * batches, on SQLite and (when reachable) PostgreSQL. Run: npm run bench:append
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { EventStore, NewEvent, PostgresEventStore, SqliteEventStore } from '@ledger/event-store';
import { describeMachine, rate, time } from './machine';

const SINGLES = Number(process.env.BENCH_SINGLES ?? 2000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 200);
const BATCH = 100;

const award = (i: number): NewEvent => ({
  type: 'PointsAwarded',
  data: {
    year: 2007,
    unitId: `unit-${i % 50}`,
    entryId: `e-${i}`,
    itemId: 'safety',
    track: '1',
    points: 2,
    reason: '巡查合格',
    evidence: null,
    regularAwardMax: 2,
  },
  metadata: {
    actor: { id: 'sup-1', role: 'supervisor' },
    reason: '巡查合格',
    correlationId: `c-${i}`,
    causationId: null,
    idempotencyKey: null,
  },
});

/** The row the port writes (a random UUID id, the same JSON), for the raw driver to insert with no checks and no hashing. */
const rawRow = (i: number, stream: string, revision: number) => {
  const e = award(i);
  return [
    randomUUID(),
    stream,
    revision,
    e.type,
    JSON.stringify(e.data),
    JSON.stringify({ ...e.metadata, prevHash: 'x'.repeat(64), hash: 'y'.repeat(64) }),
    new Date().toISOString(),
  ] as const;
};

interface Figures {
  singlePort: number;
  singleRaw: number;
  batchPort: number;
  batchRaw: number;
}

const portFigures = async (store: EventStore): Promise<Pick<Figures, 'singlePort' | 'batchPort'>> => {
  let revision = -1;
  const singleMs = await time(async () => {
    for (let i = 0; i < SINGLES; i++) {
      revision = (
        await store.append('bench-single', [award(i)], {
          expectedRevision: revision === -1 ? 'no-stream' : revision,
        })
      ).nextRevision;
    }
  });
  let batchRevision = -1;
  const batchMs = await time(async () => {
    for (let b = 0; b < BATCHES; b++) {
      const events = Array.from({ length: BATCH }, (_, i) => award(b * BATCH + i));
      batchRevision = (
        await store.append('bench-batch', events, {
          expectedRevision: batchRevision === -1 ? 'no-stream' : batchRevision,
        })
      ).nextRevision;
    }
  });
  return { singlePort: rate(SINGLES, singleMs), batchPort: rate(BATCHES * BATCH, batchMs) };
};

const sqlite = async (dir: string): Promise<Figures> => {
  const store = SqliteEventStore.open(join(dir, 'port.db'));
  const port = await portFigures(store);
  await store.close();

  const raw = SqliteEventStore.open(join(dir, 'raw.db'));
  await raw.close(); // the same schema and pragmas, then the bare driver
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare(
    'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const single = db.transaction((row: readonly unknown[]) => insert.run(...row));
  const singleMs = await time(() => {
    for (let i = 0; i < SINGLES; i++) single(rawRow(i, 'raw-single', i));
  });
  const batch = db.transaction((rows: (readonly unknown[])[]) => rows.forEach((row) => insert.run(...row)));
  const batchMs = await time(() => {
    for (let b = 0; b < BATCHES; b++)
      batch(
        Array.from({ length: BATCH }, (_, i) => rawRow(SINGLES + b * BATCH + i, 'raw-batch', b * BATCH + i)),
      );
  });
  db.close();
  return { ...port, singleRaw: rate(SINGLES, singleMs), batchRaw: rate(BATCHES * BATCH, batchMs) };
};

const postgres = async (url: string): Promise<Figures> => {
  const schema = `bench_${process.pid}`;
  const store = await PostgresEventStore.connect({ connectionString: url, schema });
  const port = await portFigures(store);
  await store.close();

  const client = new Client({ connectionString: url });
  await client.connect();
  const insert = `INSERT INTO ${schema}.events (id, stream, revision, type, data, metadata, recorded_at)
                  SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[])`;
  const columns = (rows: (readonly unknown[])[]) =>
    Array.from({ length: 7 }, (_, c) => rows.map((row) => row[c]));
  const singleMs = await time(async () => {
    for (let i = 0; i < SINGLES; i++) await client.query(insert, columns([rawRow(i, 'raw-single', i)]));
  });
  const batchMs = await time(async () => {
    for (let b = 0; b < BATCHES; b++) {
      const rows = Array.from({ length: BATCH }, (_, i) =>
        rawRow(SINGLES + b * BATCH + i, 'raw-batch', b * BATCH + i),
      );
      await client.query(insert, columns(rows));
    }
  });
  await client.query(`DROP SCHEMA ${schema} CASCADE`);
  await client.end();
  return { ...port, singleRaw: rate(SINGLES, singleMs), batchRaw: rate(BATCHES * BATCH, batchMs) };
};

const print = (store: string, f: Figures) => {
  const row = (kind: string, port: number, raw: number) =>
    `${store.padEnd(10)} ${kind.padEnd(22)} ${String(port).padStart(9)} ${String(raw).padStart(9)} ${(port / raw).toFixed(2).padStart(7)}`;
  console.log(row('single + expected rev', f.singlePort, f.singleRaw));
  console.log(row(`batch of ${BATCH}`, f.batchPort, f.batchRaw));
};

const main = async () => {
  console.log(describeMachine());
  console.log(
    `appends: ${SINGLES} single-event appends, ${BATCHES} batches of ${BATCH}; events/s through the port vs the raw driver\n`,
  );
  console.log(
    `${'store'.padEnd(10)} ${'append'.padEnd(22)} ${'port ev/s'.padStart(9)} ${'raw ev/s'.padStart(9)} ${'ratio'.padStart(7)}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-append-'));
  try {
    print('sqlite', await sqlite(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  try {
    print('postgres', await postgres(url));
  } catch (error) {
    console.log(`postgres   skipped: ${(error as Error).message}`);
  }
};

void main();
