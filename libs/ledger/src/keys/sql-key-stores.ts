import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { ApiKeyStore, StoredKey } from './api-keys';

interface KeyRow {
  key_id: string;
  name: string;
  role: StoredKey['role'];
  unit_id: string | null;
  hash: string;
  created_at: string;
}

const toKey = (row: KeyRow): StoredKey => ({
  keyId: row.key_id,
  name: row.name,
  role: row.role,
  unitId: row.unit_id,
  hash: row.hash,
  createdAt: row.created_at,
});

const COLUMNS = 'key_id, name, role, unit_id, hash, created_at';

export class SqliteKeyStore implements ApiKeyStore {
  private readonly statements;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
      key_id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, unit_id TEXT,
      hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)`);
    this.statements = {
      insert: db.prepare(`INSERT INTO api_keys (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`),
      byHash: db.prepare<[string], KeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE hash = ?`),
      byId: db.prepare<[string], KeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE key_id = ?`),
      all: db.prepare<[], KeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, key_id`),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM api_keys'),
    };
  }

  async insert(key: StoredKey): Promise<void> {
    this.statements.insert.run(key.keyId, key.name, key.role, key.unitId, key.hash, key.createdAt);
  }

  async findByHash(hash: string): Promise<StoredKey | undefined> {
    const row = this.statements.byHash.get(hash);
    return row && toKey(row);
  }

  async findById(keyId: string): Promise<StoredKey | undefined> {
    const row = this.statements.byId.get(keyId);
    return row && toKey(row);
  }

  async all(): Promise<StoredKey[]> {
    return this.statements.all.all().map(toKey);
  }

  async count(): Promise<number> {
    return this.statements.count.get()!.n;
  }
}

export class PostgresKeyStore implements ApiKeyStore {
  private ready: Promise<unknown>;

  constructor(
    private readonly pool: Pool,
    private readonly schema = 'public',
  ) {
    this.ready = pool.query(`CREATE TABLE IF NOT EXISTS ${schema}.api_keys (
      key_id text PRIMARY KEY, name text NOT NULL, role text NOT NULL, unit_id text,
      hash text NOT NULL UNIQUE, created_at text NOT NULL)`);
  }

  async insert(key: StoredKey): Promise<void> {
    await this.ready;
    await this.pool.query(
      `INSERT INTO ${this.schema}.api_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`,
      [key.keyId, key.name, key.role, key.unitId, key.hash, key.createdAt],
    );
  }

  async findByHash(hash: string): Promise<StoredKey | undefined> {
    await this.ready;
    const result = await this.pool.query<KeyRow>(
      `SELECT ${COLUMNS} FROM ${this.schema}.api_keys WHERE hash = $1`,
      [hash],
    );
    return result.rows[0] && toKey(result.rows[0]);
  }

  async findById(keyId: string): Promise<StoredKey | undefined> {
    await this.ready;
    const result = await this.pool.query<KeyRow>(
      `SELECT ${COLUMNS} FROM ${this.schema}.api_keys WHERE key_id = $1`,
      [keyId],
    );
    return result.rows[0] && toKey(result.rows[0]);
  }

  async all(): Promise<StoredKey[]> {
    await this.ready;
    const result = await this.pool.query<KeyRow>(
      `SELECT ${COLUMNS} FROM ${this.schema}.api_keys ORDER BY created_at, key_id`,
    );
    return result.rows.map(toKey);
  }

  async count(): Promise<number> {
    await this.ready;
    return Number(
      (await this.pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${this.schema}.api_keys`)).rows[0]!.n,
    );
  }
}
