import { Pool } from 'pg';
import { inTransaction } from '@ledger/event-store';
import { CompletedSubtree } from '../merkle-frontier';
import { MerkleHash } from '../merkle-hash';
import { EMPTY_TREE, LeafOf, StoredCheckpoint, TreeMovedError, TreeState, TreeStore } from './tree-store';

interface CheckpointRow {
  tree_size: string;
  root_hash: string;
  last_position: string | null;
  issued_at: Date;
  note: string;
}

const checkpointOf = (row: CheckpointRow): StoredCheckpoint => ({
  treeSize: Number(row.tree_size),
  rootHash: row.root_hash,
  lastPosition: row.last_position,
  issuedAt: row.issued_at.toISOString(),
  note: row.note,
});

interface StateRow {
  size: string;
  frontier: string[];
  position: string | null;
}

/** The tree in PostgreSQL, beside the read models. */
export class PostgresTreeStore implements TreeStore {
  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  static async connect(pool: Pool, schema = 'public'): Promise<PostgresTreeStore> {
    await pool.query(`
      CREATE TABLE IF NOT EXISTS ${schema}.merkle_subtrees (
        level integer NOT NULL, idx bigint NOT NULL, hash bytea NOT NULL, PRIMARY KEY (level, idx));
      CREATE TABLE IF NOT EXISTS ${schema}.merkle_leaves (event_id text PRIMARY KEY, leaf_index bigint NOT NULL);
      CREATE TABLE IF NOT EXISTS ${schema}.merkle_checkpoints (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tree_size bigint NOT NULL, root_hash text NOT NULL,
        last_position text, issued_at timestamptz NOT NULL, note text NOT NULL);
      CREATE INDEX IF NOT EXISTS merkle_checkpoints_by_size ON ${schema}.merkle_checkpoints (tree_size);
      CREATE TABLE IF NOT EXISTS ${schema}.merkle_state (
        id integer PRIMARY KEY CHECK (id = 1), size bigint NOT NULL, frontier jsonb NOT NULL, position text)`);
    return new PostgresTreeStore(pool, schema);
  }

  async perfect(level: number, index: number): Promise<MerkleHash> {
    const result = await this.pool.query<{ hash: Buffer }>(
      `SELECT hash FROM ${this.schema}.merkle_subtrees WHERE level = $1 AND idx = $2`,
      [level, index],
    );
    const row = result.rows[0];
    if (!row) throw new Error(`The tree has no complete subtree at level ${level}, index ${index}.`);
    return row.hash;
  }

  async state(): Promise<TreeState> {
    const result = await this.pool.query<StateRow>(
      `SELECT size::text, frontier, position FROM ${this.schema}.merkle_state WHERE id = 1`,
    );
    const row = result.rows[0];
    return row ? { size: Number(row.size), frontier: row.frontier, position: row.position } : EMPTY_TREE;
  }

  async leafIndexOf(eventId: string): Promise<number | null> {
    const result = await this.pool.query<{ leaf_index: string }>(
      `SELECT leaf_index::text FROM ${this.schema}.merkle_leaves WHERE event_id = $1`,
      [eventId],
    );
    return result.rows[0] ? Number(result.rows[0].leaf_index) : null;
  }

  async saveCheckpoint({
    treeSize,
    rootHash,
    lastPosition,
    issuedAt,
    note,
  }: StoredCheckpoint): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.schema}.merkle_checkpoints (tree_size, root_hash, last_position, issued_at, note)
       VALUES ($1, $2, $3, $4, $5)`,
      [treeSize, rootHash, lastPosition, issuedAt, note],
    );
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | null> {
    const result = await this.pool.query<CheckpointRow>(
      `SELECT * FROM ${this.schema}.merkle_checkpoints ORDER BY tree_size DESC, id DESC LIMIT 1`,
    );
    return result.rows[0] ? checkpointOf(result.rows[0]) : null;
  }

  async checkpoints(fromSize: number, limit: number): Promise<StoredCheckpoint[]> {
    const result = await this.pool.query<CheckpointRow>(
      `SELECT * FROM ${this.schema}.merkle_checkpoints WHERE tree_size >= $1 ORDER BY tree_size, id LIMIT $2`,
      [fromSize, limit],
    );
    return result.rows.map(checkpointOf);
  }

  async append(
    subtrees: readonly CompletedSubtree[],
    leaves: readonly LeafOf[],
    next: TreeState,
    expectedPosition: string | null,
  ): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO ${this.schema}.merkle_state (id, size, frontier, position) VALUES (1, 0, '[]', NULL)
         ON CONFLICT (id) DO NOTHING`,
      );
      const current = await client.query<{ position: string | null }>(
        `SELECT position FROM ${this.schema}.merkle_state WHERE id = 1 FOR UPDATE`,
      );
      const found = current.rows[0]?.position ?? null;
      if (found !== expectedPosition) throw new TreeMovedError(expectedPosition, found);
      if (subtrees.length > 0) {
        await client.query(
          `INSERT INTO ${this.schema}.merkle_subtrees (level, idx, hash)
           SELECT * FROM unnest($1::int[], $2::bigint[], $3::bytea[])`,
          [
            subtrees.map((s) => s.level),
            subtrees.map((s) => s.index),
            subtrees.map((s) => Buffer.from(s.hash)),
          ],
        );
      }
      if (leaves.length > 0) {
        await client.query(
          `INSERT INTO ${this.schema}.merkle_leaves (event_id, leaf_index) SELECT * FROM unnest($1::text[], $2::bigint[])`,
          [leaves.map((leaf) => leaf.eventId), leaves.map((leaf) => leaf.index)],
        );
      }
      await client.query(
        `UPDATE ${this.schema}.merkle_state SET size = $1, frontier = $2, position = $3 WHERE id = 1`,
        [next.size, JSON.stringify(next.frontier), next.position],
      );
    });
  }
}
