import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { EventMetadata, canonicalJson, hashEvent } from '@ledger/event-store';
import { StoreUnderTest } from './api';

interface Row {
  id: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: Record<string, unknown> & { hash: string; prevHash: string };
  recorded_at: string;
}

/** Plain SQL on the store's database, as an insider with access to it runs it. */
export const onDatabase = async (
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

export interface Sql {
  rows(query: string, params: unknown[]): Promise<Row[]>;
  run(query: string, params: unknown[]): Promise<void>;
  param(n: number): string;
}

/**
 * What the insider did: one award's points changed, every later event of its stream
 * re-chained with the project's own hashing, and the stream's head moved to match, so that
 * every hash chain checks out.
 */
export const rewriteAward = (
  store: StoreUnderTest,
  env: Record<string, string>,
  stream: string,
  revision: number,
) =>
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
