import Database from 'better-sqlite3';
import {
  Checkpoint,
  CheckpointMovedError,
  ProjectionWrite,
  ReadModelStore,
  shadowOf,
  tableOf,
} from './read-model-store';

/** Read models in SQLite, by default in the same file as the events. */
export class SqliteReadModels implements ReadModelStore {
  private readonly ensured = new Set<string>();

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
      projection TEXT PRIMARY KEY, position TEXT, version INTEGER NOT NULL)`);
  }

  private ensure(table: string): string {
    if (!this.ensured.has(table)) {
      this.db
        .exec(`CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, scope TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ${table}_scope ON ${table} (scope, key);`);
      this.ensured.add(table);
    }
    return table;
  }

  private read(table: string, keys: string[]): Map<string, unknown> {
    const found = new Map<string, unknown>();
    const select = this.db.prepare<string[], { key: string; doc: string }>(
      `SELECT key, doc FROM ${this.ensure(table)} WHERE key IN (SELECT value FROM json_each(?))`,
    );
    for (let i = 0; i < keys.length; i += 500) {
      for (const row of select.all(JSON.stringify(keys.slice(i, i + 500))))
        found.set(row.key, JSON.parse(row.doc));
    }
    return found;
  }

  async get(projection: string, keys: string[]): Promise<Map<string, unknown>> {
    return this.read(tableOf(projection), keys);
  }

  async getShadow(projection: string, keys: string[]): Promise<Map<string, unknown>> {
    return this.read(shadowOf(projection), keys);
  }

  async list(projection: string, scope: string): Promise<{ key: string; doc: unknown }[]> {
    return this.db
      .prepare<[string], { key: string; doc: string }>(
        `SELECT key, doc FROM ${this.ensure(tableOf(projection))} WHERE scope = ? ORDER BY key`,
      )
      .all(scope)
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
    this.db.transaction(() => {
      for (const { projection, docs, checkpoint, version, expectedCheckpoint } of writes) {
        if (target === 'live' && expectedCheckpoint !== undefined) {
          const found =
            this.db
              .prepare<[string], { position: string | null }>(
                `SELECT position FROM projection_checkpoints WHERE projection = ?`,
              )
              .get(projection)?.position ?? null;
          if (found !== expectedCheckpoint)
            throw new CheckpointMovedError(projection, expectedCheckpoint, found);
        }
        const table = this.ensure(target === 'live' ? tableOf(projection) : shadowOf(projection));
        const upsert = this.db.prepare(
          `INSERT INTO ${table} (key, scope, doc) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET doc = excluded.doc`,
        );
        const remove = this.db.prepare(`DELETE FROM ${table} WHERE key = ?`);
        for (const doc of docs) {
          if (doc.json === null) remove.run(doc.key);
          else upsert.run(doc.key, doc.scope, doc.json);
        }
        if (target === 'live') this.setCheckpoint(projection, checkpoint, version);
      }
    })();
  }

  private setCheckpoint(projection: string, position: string | null, version: number): void {
    this.db
      .prepare(
        `INSERT INTO projection_checkpoints (projection, position, version) VALUES (?, ?, ?)
         ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version`,
      )
      .run(projection, position, version);
  }

  async checkpoints(): Promise<Checkpoint[]> {
    return this.db
      .prepare<[], Checkpoint>(
        `SELECT projection, position, version FROM projection_checkpoints ORDER BY projection`,
      )
      .all();
  }

  async startShadow(projection: string): Promise<void> {
    const shadow = shadowOf(projection);
    this.ensured.delete(shadow);
    this.db.exec(`DROP TABLE IF EXISTS ${shadow}`);
    this.ensure(shadow);
  }

  async swapShadow(projection: string, checkpoint: string | null, version: number): Promise<void> {
    const live = tableOf(projection);
    const shadow = shadowOf(projection);
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${live}; ALTER TABLE ${shadow} RENAME TO ${live};
        DROP INDEX IF EXISTS ${shadow}_scope; CREATE INDEX IF NOT EXISTS ${live}_scope ON ${live} (scope, key);`);
      this.setCheckpoint(projection, checkpoint, version);
    })();
    this.ensured.delete(shadow);
    this.ensured.add(live);
  }

  async close(): Promise<void> {
    // The connection belongs to whoever opened the file (the event store shares it).
  }
}
