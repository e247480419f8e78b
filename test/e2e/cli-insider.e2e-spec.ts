import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { EventMetadata, canonicalJson, hashEvent } from '@ledger/event-store';
import { STORES, StoreUnderTest } from '../support/api';
import { runLedger } from '../support/ledger-process';

interface Row {
  id: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: Record<string, unknown> & { hash: string; prevHash: string };
  recorded_at: string;
}

/** Plain SQL on the store's database, as an insider with access to it runs it. */
const onDatabase = async (
  store: StoreUnderTest,
  env: Record<string, string>,
  work: (sql: Sql) => Promise<void>,
) => {
  if (store.name === 'SQLite') {
    const db = new Database(join(env.LEDGER_DATA_DIR!, 'ledger.db'));
    try {
      await work({
        rows: async (query, params) =>
          (db.prepare(query).all(...params) as Record<string, string>[]).map((row) => ({
            ...row,
            data: JSON.parse(row.data!),
            metadata: JSON.parse(row.metadata!),
          })) as unknown as Row[],
        run: async (query, params) => void db.prepare(query).run(...params),
        param: (n) => (n > 0 ? '?' : '?'),
      });
    } finally {
      db.close();
    }
  } else {
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      await work({
        rows: async (query, params) =>
          (await client.query(query, params)).rows.map((row) => ({
            ...row,
            recorded_at: (row.recorded_at as Date).toISOString(),
          })) as Row[],
        run: async (query, params) => void (await client.query(query, params)),
        param: (n) => `$${n}`,
      });
    } finally {
      await client.end();
    }
  }
};

interface Sql {
  rows(query: string, params: unknown[]): Promise<Row[]>;
  run(query: string, params: unknown[]): Promise<void>;
  param(n: number): string;
}

/**
 * What the issue's insider did: one award's points changed, every later event of its stream
 * re-chained with the project's own hashing, and the stream's head moved to match, so that
 * every hash chain checks out.
 */
const rewriteAward = (store: StoreUnderTest, env: Record<string, string>, stream: string, revision: number) =>
  onDatabase(store, env, async (sql) => {
    const p = sql.param;
    const rows = await sql.rows(
      `SELECT id, revision, type, data, metadata, recorded_at FROM events WHERE stream = ${p(1)} ORDER BY revision`,
      [stream],
    );
    let prevHash = rows[revision]!.metadata.prevHash;
    for (const row of rows.slice(revision)) {
      const data = row.revision === revision ? { ...(row.data as object), points: 999 } : row.data;
      const { hash: _hash, prevHash: _prev, ...rest } = row.metadata;
      const metadata = rest as unknown as EventMetadata;
      const hash = hashEvent({
        id: row.id,
        stream,
        revision: row.revision,
        type: row.type,
        data,
        metadata,
        recordedAt: row.recorded_at,
        prevHash,
      });
      await sql.run(`UPDATE events SET data = ${p(1)}, metadata = ${p(2)} WHERE id = ${p(3)}`, [
        canonicalJson(data),
        JSON.stringify({ ...metadata, prevHash, hash }),
        row.id,
      ]);
      prevHash = hash;
    }
    await sql.run(`UPDATE streams SET hash = ${p(1)} WHERE stream = ${p(2)}`, [prevHash, stream]);
  });

for (const store of STORES) {
  store.describe(`an insider who rewrites the database consistently, on ${store.name}`, () => {
    let env: Record<string, string>;
    let dispose: () => Promise<void>;
    const outside = mkdtempSync(join(tmpdir(), 'ledger-kept-outside-'));
    const ledger = (...args: string[]) => runLedger(args, env, 120_000);

    beforeAll(async () => {
      ({ env, dispose } = await store.create());
      expect(ledger('demo').status).toBe(0);
    }, 120_000);

    afterAll(async () => {
      await dispose();
      rmSync(outside, { recursive: true, force: true });
    });

    it('is caught by ledger verify against the signed checkpoints, in the store and kept outside', async () => {
      const signed = ledger('checkpoint');
      expect(signed.status).toBe(0);
      const kept = join(outside, 'checkpoint.note');
      writeFileSync(kept, signed.stdout);
      expect(ledger('verify').stdout).toMatch(
        /every hash chain is intact, and the log reproduces \d+ signed checkpoint/,
      );

      await rewriteAward(store, env, 'scorecard-2007-sansheng', 2);
      const caught = ledger('verify');
      expect(caught.status).toBe(1);
      expect(caught.stdout).toMatch(
        /^TAMPERED: the checkpoint of \d+ events from the store signed root [0-9a-f]{64}, but the log's first \d+ events give [0-9a-f]{64}/,
      );

      // Covering their tracks: the checkpoints in the database go too. The copy kept outside does not.
      await onDatabase(store, env, (sql) => sql.run('DELETE FROM merkle_checkpoints', []));
      expect(ledger('verify').status).toBe(0);
      const fromOutside = ledger('verify', '--checkpoint', kept);
      expect(fromOutside.status).toBe(1);
      expect(fromOutside.stdout).toContain(`from ${kept} signed root`);
    }, 180_000);

    it('catches the log’s last events deleted, against a checkpoint kept outside', async () => {
      const kept = join(outside, 'later.note');
      writeFileSync(kept, ledger('checkpoint').stdout);
      // The log's last event deleted, and its stream's head moved back to the event before it.
      await onDatabase(store, env, async (sql) => {
        const p = sql.param;
        const [last] = await sql.rows(
          `SELECT id, stream, revision, type, data, metadata, recorded_at FROM events ORDER BY position DESC LIMIT 1`,
          [],
        );
        const { id, revision, metadata } = last!;
        const stream = (last as unknown as { stream: string }).stream;
        await sql.run(`DELETE FROM events WHERE id = ${p(1)}`, [id]);
        if (revision === 0) await sql.run(`DELETE FROM streams WHERE stream = ${p(1)}`, [stream]);
        else
          await sql.run(
            `UPDATE streams SET revision = ${p(1)}, hash = ${p(2)},
               position = (SELECT position FROM events WHERE stream = ${p(3)} AND revision = ${p(4)})
             WHERE stream = ${p(5)}`,
            [revision - 1, metadata.prevHash, stream, revision - 1, stream],
          );
      });
      // Every chain and head checks out, but the checkpoint signed before still counts the deleted event.
      expect(ledger('verify').stdout).toMatch(
        /TAMPERED: the checkpoint from the store signed \d+ events, but the log holds only/,
      );
      await onDatabase(store, env, (sql) => sql.run('DELETE FROM merkle_checkpoints', []));
      expect(ledger('verify').stdout).toMatch(/every hash chain is intact/);
      const caught = ledger('verify', '--checkpoint', kept);
      expect(caught.status).toBe(1);
      expect(caught.stdout).toMatch(/signed \d+ events, but the log holds only \d+: events were deleted/);
    }, 120_000);
  });
}
