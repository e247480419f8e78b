import { Pool, PoolClient } from 'pg';
import { inTransaction, resilientPool } from '@ledger/event-store';
import { installAnalytics } from './analytics/postgres-analytics';
import { scopeOf } from './projection';
import {
  Checkpoint,
  CheckpointMovedError,
  ProjectionWrite,
  ReadModelStore,
  KeyPage,
  rowLimit,
  scopeRange,
  shadowOf,
  tableOf,
} from './read-model-store';

/** Read models in PostgreSQL (jsonb documents), where analysts may also query them with SQL. */
export class PostgresReadModels implements ReadModelStore {
  private readonly ensured = new Set<string>();

  private constructor(
    readonly pool: Pool,
    private readonly schema: string,
    private readonly ownsPool: boolean,
  ) {}

  static async connect(options: {
    pool?: Pool;
    connectionString?: string;
    schema?: string;
  }): Promise<PostgresReadModels> {
    const pool = options.pool ?? resilientPool(options.connectionString, 5);
    const store = new PostgresReadModels(pool, options.schema ?? 'public', !options.pool);
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${store.schema};
      CREATE TABLE IF NOT EXISTS ${store.schema}.projection_checkpoints (
        projection text PRIMARY KEY, position text, version integer NOT NULL)`);
    // Typed views of the documents for SQL and BI tools (README: "For SQL and BI tools").
    await installAnalytics(pool, store.schema);
    return store;
  }

  private async ensure(table: string): Promise<string> {
    const qualified = `${this.schema}.${table}`;
    if (!this.ensured.has(table)) {
      try {
        await this.pool.query(
          `CREATE TABLE IF NOT EXISTS ${qualified} (key text COLLATE "C" PRIMARY KEY, doc jsonb NOT NULL)`,
        );
      } catch (error) {
        // Two processes making the table at once: the other one made it.
        const { code } = error as { code?: string };
        if (code !== '23505' && code !== '42P07') throw error;
      }
      this.ensured.add(table);
    }
    return qualified;
  }

  private async read(table: string, keys: string[]): Promise<Map<string, unknown>> {
    const qualified = await this.ensure(table);
    const result = await this.pool.query<{ key: string; doc: unknown }>(
      `SELECT key, doc FROM ${qualified} WHERE key = ANY($1::text[])`,
      [keys],
    );
    return new Map(result.rows.map((row) => [row.key, row.doc]));
  }

  get(projection: string, keys: string[]): Promise<Map<string, unknown>> {
    return this.read(tableOf(projection), keys);
  }

  getShadow(projection: string, keys: string[]): Promise<Map<string, unknown>> {
    return this.read(shadowOf(projection), keys);
  }

  async list(projection: string, scope: string, page?: KeyPage): Promise<{ key: string; doc: unknown }[]> {
    const qualified = await this.ensure(tableOf(projection));
    const limit = rowLimit(page);
    const result = await this.pool.query<{ key: string; doc: unknown }>(
      `SELECT key, doc FROM ${qualified} WHERE key > $1 AND key < $2 ORDER BY key LIMIT $3`,
      [...scopeRange(scope, page), limit < 0 ? null : limit],
    );
    return result.rows.filter((row) => scopeOf(row.key) === scope);
  }

  async all(projection: string): Promise<{ key: string; doc: unknown }[]> {
    const qualified = await this.ensure(tableOf(projection));
    return (
      await this.pool.query<{ key: string; doc: unknown }>(`SELECT key, doc FROM ${qualified} ORDER BY key`)
    ).rows;
  }

  async write(writes: ProjectionWrite[], target: 'live' | 'shadow' = 'live'): Promise<void> {
    // Tables are made before, in their own commits: made inside a transaction that then rolls
    // back (another runner moved a checkpoint), a table would be gone while counted as made.
    for (const { projection } of writes) {
      await this.ensure(target === 'live' ? tableOf(projection) : shadowOf(projection));
    }
    // Read models are rebuilt from the log, so their commits need not wait for the disk: a
    // crash can only take the latest of them, documents and checkpoint together.
    await inTransaction(
      this.pool,
      async (client) => {
        for (const { projection, docs, checkpoint, version, expectedCheckpoint } of writes) {
          if (target === 'live' && expectedCheckpoint !== undefined) {
            await client.query(
              `INSERT INTO ${this.schema}.projection_checkpoints (projection, position, version) VALUES ($1, NULL, $2)
             ON CONFLICT (projection) DO NOTHING`,
              [projection, version],
            );
            const current = await client.query<{ position: string | null }>(
              `SELECT position FROM ${this.schema}.projection_checkpoints WHERE projection = $1 FOR UPDATE`,
              [projection],
            );
            const found = current.rows[0]?.position ?? null;
            if (found !== expectedCheckpoint)
              throw new CheckpointMovedError(projection, expectedCheckpoint, found);
          }
          const table = await this.ensure(target === 'live' ? tableOf(projection) : shadowOf(projection));
          const puts = docs.filter((doc) => doc.json !== null);
          const deletes = docs.filter((doc) => doc.json === null).map((doc) => doc.key);
          if (puts.length > 0) {
            await client.query(
              `INSERT INTO ${table} (key, doc)
             SELECT * FROM unnest($1::text[], $2::jsonb[])
             ON CONFLICT (key) DO UPDATE SET doc = excluded.doc`,
              [puts.map((d) => d.key), puts.map((d) => d.json)],
            );
          }
          if (deletes.length > 0)
            await client.query(`DELETE FROM ${table} WHERE key = ANY($1::text[])`, [deletes]);
          if (target === 'live') await this.setCheckpoint(client, projection, checkpoint, version);
        }
      },
      { begin: 'BEGIN; SET LOCAL synchronous_commit = off' },
    );
  }

  private async setCheckpoint(
    client: PoolClient,
    projection: string,
    position: string | null,
    version: number,
  ) {
    await client.query(
      `INSERT INTO ${this.schema}.projection_checkpoints (projection, position, version) VALUES ($1, $2, $3)
       ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version`,
      [projection, position, version],
    );
  }

  async checkpoints(): Promise<Checkpoint[]> {
    const result = await this.pool.query<Checkpoint>(
      `SELECT projection, position, version FROM ${this.schema}.projection_checkpoints ORDER BY projection`,
    );
    return result.rows;
  }

  async startShadow(projection: string): Promise<void> {
    const shadow = shadowOf(projection);
    this.ensured.delete(shadow);
    await this.pool.query(`DROP TABLE IF EXISTS ${this.schema}.${shadow}`);
    await this.ensure(shadow);
  }

  async swapShadow(projection: string, checkpoint: string | null, version: number): Promise<void> {
    const live = tableOf(projection);
    const shadow = shadowOf(projection);
    await inTransaction(this.pool, async (client) => {
      await client.query(`DROP TABLE IF EXISTS ${this.schema}.${live};
        ALTER TABLE ${this.schema}.${shadow} RENAME TO ${live};
        ALTER INDEX ${this.schema}.${shadow}_pkey RENAME TO ${live}_pkey`);
      await this.setCheckpoint(client, projection, checkpoint, version);
    });
    this.ensured.delete(shadow);
    this.ensured.add(live);
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
