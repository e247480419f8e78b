import Database from 'better-sqlite3';
import { commitWithoutWaitingForDisk } from '@ledger/event-store';
import { scopeOf } from './projection';
import { SqliteShadowWriter } from './sqlite-shadow-writer';
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

/** Read models in SQLite, by default in the same file as the events. */
export class SqliteReadModels implements ReadModelStore {
  private readonly ensured = new Set<string>();
  private readonly prepared = new Map<string, Database.Statement>();
  private readonly checkpointStatements;
  /** For a database in a file, a rebuild's shadow tables are written by a worker thread. */
  private shadowWriter: SqliteShadowWriter | undefined;
  private shadowWrites: Promise<void> = Promise.resolve();
  private readonly openShadows = new Set<string>();

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
      projection TEXT PRIMARY KEY, position TEXT, version INTEGER NOT NULL)`);
    this.checkpointStatements = {
      one: db.prepare<[string], { position: string | null }>(
        `SELECT position FROM projection_checkpoints WHERE projection = ?`,
      ),
      all: db.prepare<[], Checkpoint>(
        `SELECT projection, position, version FROM projection_checkpoints ORDER BY projection`,
      ),
      set: db.prepare(
        `INSERT INTO projection_checkpoints (projection, position, version) VALUES (?, ?, ?)
         ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version`,
      ),
    };
  }

  private ensure(table: string): string {
    if (!this.ensured.has(table)) {
      this.db.exec(
        `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID`,
      );
      this.ensured.add(table);
    }
    return table;
  }

  /** Statements are prepared once per table and kept: a rebuild runs them hundreds of thousands of times. */
  private statement(table: string, sql: (table: string) => string): Database.Statement {
    const text = sql(this.ensure(table));
    let prepared = this.prepared.get(text);
    if (!prepared) {
      prepared = this.db.prepare(text);
      this.prepared.set(text, prepared);
    }
    return prepared;
  }

  private read(table: string, keys: string[]): Map<string, unknown> {
    const found = new Map<string, unknown>();
    const select = this.statement(table, (t) => `SELECT doc FROM ${t} WHERE key = ?`);
    for (const key of keys) {
      const row = select.get(key) as { doc: string } | undefined;
      if (row) found.set(key, JSON.parse(row.doc));
    }
    return found;
  }

  async get(projection: string, keys: string[]): Promise<Map<string, unknown>> {
    return this.read(tableOf(projection), keys);
  }

  async getShadow(projection: string, keys: string[]): Promise<Map<string, unknown>> {
    await this.shadowWrites;
    return this.read(shadowOf(projection), keys);
  }

  async list(projection: string, scope: string, page?: KeyPage): Promise<{ key: string; doc: unknown }[]> {
    const [from, to] = scopeRange(scope, page);
    return (
      this.statement(
        tableOf(projection),
        (t) => `SELECT key, doc FROM ${t} WHERE key > ? AND key < ? ORDER BY key LIMIT ?`,
      ).all(from, to, rowLimit(page)) as { key: string; doc: string }[]
    )
      .filter((row) => scopeOf(row.key) === scope)
      .map((row) => ({ key: row.key, doc: JSON.parse(row.doc) }));
  }

  async all(projection: string): Promise<{ key: string; doc: unknown }[]> {
    return this.db
      .prepare<[], { key: string; doc: string }>(
        `SELECT key, doc FROM ${this.ensure(tableOf(projection))} ORDER BY key`,
      )
      .all()
      .map((row) => ({ key: row.key, doc: JSON.parse(row.doc) }));
  }

  async write(writes: ProjectionWrite[], target: 'live' | 'shadow' = 'live'): Promise<void> {
    if (target === 'shadow' && this.shadowWriter) {
      const tables = writes.map(({ projection, docs }) => ({
        table: this.ensure(shadowOf(projection)),
        docs,
      }));
      this.shadowWrites = this.shadowWriter.write(tables);
      return this.shadowWrites;
    }
    commitWithoutWaitingForDisk(this.db, () => {
      for (const { projection, docs, checkpoint, version, expectedCheckpoint } of writes) {
        if (target === 'live' && expectedCheckpoint !== undefined) {
          const found = this.checkpointStatements.one.get(projection)?.position ?? null;
          if (found !== expectedCheckpoint)
            throw new CheckpointMovedError(projection, expectedCheckpoint, found);
        }
        const table = target === 'live' ? tableOf(projection) : shadowOf(projection);
        const upsert = this.statement(
          table,
          (t) =>
            `INSERT INTO ${t} (key, doc) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET doc = excluded.doc`,
        );
        const remove = this.statement(table, (t) => `DELETE FROM ${t} WHERE key = ?`);
        for (const doc of docs) {
          if (doc.json === null) remove.run(doc.key);
          else upsert.run(doc.key, doc.json);
        }
        if (target === 'live') this.setCheckpoint(projection, checkpoint, version);
      }
    });
  }

  private setCheckpoint(projection: string, position: string | null, version: number): void {
    this.checkpointStatements.set.run(projection, position, version);
  }

  async checkpoints(): Promise<Checkpoint[]> {
    return this.checkpointStatements.all.all();
  }

  async startShadow(projection: string): Promise<void> {
    // better-sqlite3 names an in-memory database ':memory:' and a temporary one ''.
    if (!this.shadowWriter && this.db.name !== ':memory:' && this.db.name !== '') {
      this.shadowWriter = new SqliteShadowWriter(this.db.name);
    }
    const shadow = shadowOf(projection);
    this.forget(shadow);
    this.db.exec(`DROP TABLE IF EXISTS ${shadow}`);
    this.ensure(shadow);
    this.openShadows.add(shadow);
  }

  async swapShadow(projection: string, checkpoint: string | null, version: number): Promise<void> {
    await this.shadowWrites;
    const live = tableOf(projection);
    const shadow = shadowOf(projection);
    this.openShadows.delete(shadow);
    // The writer serves every shadow being filled: it stops with the last one's swap.
    if (this.shadowWriter && this.openShadows.size === 0) {
      await this.shadowWriter.close();
      this.shadowWriter = undefined;
    }
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${live}; ALTER TABLE ${shadow} RENAME TO ${live};`);
      this.setCheckpoint(projection, checkpoint, version);
    })();
    this.forget(shadow);
    this.forget(live);
    this.ensured.add(live);
  }

  /** Drops what is known of a table that is about to be dropped or renamed. */
  private forget(table: string): void {
    this.ensured.delete(table);
    for (const text of this.prepared.keys()) if (text.includes(` ${table} `)) this.prepared.delete(text);
  }

  async close(): Promise<void> {
    // The connection belongs to whoever opened the file (the event store shares it).
  }
}
