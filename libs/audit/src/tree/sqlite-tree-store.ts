import Database from 'better-sqlite3';
import { commitWithoutWaitingForDisk } from '@ledger/event-store';
import { CompletedSubtree } from '../merkle-frontier';
import { MerkleHash } from '../merkle-hash';
import { EMPTY_TREE, LeafOf, StoredCheckpoint, TreeMovedError, TreeState, TreeStore } from './tree-store';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS merkle_subtrees (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB    NOT NULL,
    PRIMARY KEY (level, idx)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS merkle_leaves (
    event_id   TEXT    PRIMARY KEY,
    leaf_index INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS merkle_checkpoints (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    tree_size     INTEGER NOT NULL,
    root_hash     TEXT    NOT NULL,
    last_position TEXT,
    issued_at     TEXT    NOT NULL,
    note          TEXT    NOT NULL
  );
  CREATE INDEX IF NOT EXISTS merkle_checkpoints_by_size ON merkle_checkpoints (tree_size);
  CREATE TABLE IF NOT EXISTS merkle_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    size     INTEGER NOT NULL,
    frontier TEXT    NOT NULL,
    position TEXT
  );
`;

interface CheckpointRow {
  tree_size: number;
  root_hash: string;
  last_position: string | null;
  issued_at: string;
  note: string;
}

const checkpointOf = (row: CheckpointRow): StoredCheckpoint => ({
  treeSize: row.tree_size,
  rootHash: row.root_hash,
  lastPosition: row.last_position,
  issuedAt: row.issued_at,
  note: row.note,
});

interface StateRow {
  size: number;
  frontier: string;
  position: string | null;
}

/** The tree in an SQLite file (the ledger's own, or the read models' beside KurrentDB). */
export class SqliteTreeStore implements TreeStore {
  private readonly statements;
  private readonly appendTransaction;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.statements = {
      subtree: db.prepare<[number, number], { hash: Buffer }>(
        `SELECT hash FROM merkle_subtrees WHERE level = ? AND idx = ?`,
      ),
      state: db.prepare<[], StateRow>(`SELECT size, frontier, position FROM merkle_state WHERE id = 1`),
      insert: db.prepare(`INSERT INTO merkle_subtrees (level, idx, hash) VALUES (?, ?, ?)`),
      insertLeaf: db.prepare(`INSERT INTO merkle_leaves (event_id, leaf_index) VALUES (?, ?)`),
      leafIndex: db.prepare<[string], { leaf_index: number }>(
        `SELECT leaf_index FROM merkle_leaves WHERE event_id = ?`,
      ),
      saveCheckpoint: db.prepare(
        `INSERT INTO merkle_checkpoints (tree_size, root_hash, last_position, issued_at, note) VALUES (?, ?, ?, ?, ?)`,
      ),
      latestCheckpoint: db.prepare<[], CheckpointRow>(
        `SELECT * FROM merkle_checkpoints ORDER BY tree_size DESC, id DESC LIMIT 1`,
      ),
      checkpoints: db.prepare<[number, number], CheckpointRow>(
        `SELECT * FROM merkle_checkpoints WHERE tree_size >= ? ORDER BY tree_size, id LIMIT ?`,
      ),
      saveState: db.prepare(
        `INSERT INTO merkle_state (id, size, frontier, position) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET size = excluded.size, frontier = excluded.frontier, position = excluded.position`,
      ),
    };
    this.appendTransaction = db.transaction(
      (
        subtrees: readonly CompletedSubtree[],
        leaves: readonly LeafOf[],
        next: TreeState,
        expected: string | null,
      ) => {
        const found = this.statements.state.get()?.position ?? null;
        if (found !== expected) throw new TreeMovedError(expected, found);
        for (const { level, index, hash } of subtrees) this.statements.insert.run(level, index, hash);
        for (const { eventId, index } of leaves) this.statements.insertLeaf.run(eventId, index);
        this.statements.saveState.run(next.size, JSON.stringify(next.frontier), next.position);
      },
    );
  }

  async perfect(level: number, index: number): Promise<MerkleHash> {
    const row = this.statements.subtree.get(level, index);
    if (!row) throw new Error(`The tree has no complete subtree at level ${level}, index ${index}.`);
    return row.hash;
  }

  async state(): Promise<TreeState> {
    const row = this.statements.state.get();
    return row
      ? { size: row.size, frontier: JSON.parse(row.frontier) as string[], position: row.position }
      : EMPTY_TREE;
  }

  async saveCheckpoint({
    treeSize,
    rootHash,
    lastPosition,
    issuedAt,
    note,
  }: StoredCheckpoint): Promise<void> {
    this.statements.saveCheckpoint.run(treeSize, rootHash, lastPosition, issuedAt, note);
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | null> {
    const row = this.statements.latestCheckpoint.get();
    return row ? checkpointOf(row) : null;
  }

  async checkpoints(fromSize: number, limit: number): Promise<StoredCheckpoint[]> {
    return this.statements.checkpoints.all(fromSize, limit).map(checkpointOf);
  }

  async append(
    subtrees: readonly CompletedSubtree[],
    leaves: readonly LeafOf[],
    next: TreeState,
    expectedPosition: string | null,
  ): Promise<void> {
    // The tree is made again from the log when it is behind: its commits need not wait for the disk.
    commitWithoutWaitingForDisk(this.db, () =>
      this.appendTransaction(subtrees, leaves, next, expectedPosition),
    );
  }

  async leafIndexOf(eventId: string): Promise<number | null> {
    return this.statements.leafIndex.get(eventId)?.leaf_index ?? null;
  }
}
