import Database from 'better-sqlite3';
import { CompletedSubtree } from '../merkle-frontier';
import { MerkleHash } from '../merkle-hash';
import { EMPTY_TREE, TreeMovedError, TreeState, TreeStore } from './tree-store';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS merkle_subtrees (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB    NOT NULL,
    PRIMARY KEY (level, idx)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS merkle_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    size     INTEGER NOT NULL,
    frontier TEXT    NOT NULL,
    position TEXT
  );
`;

interface StateRow {
  size: number;
  frontier: string;
  position: string | null;
}

/** The tree in an SQLite file (the ledger's own, or the read models' beside KurrentDB). */
export class SqliteTreeStore implements TreeStore {
  private readonly statements;
  private readonly appendTransaction;

  constructor(db: Database.Database) {
    db.exec(SCHEMA);
    this.statements = {
      subtree: db.prepare<[number, number], { hash: Buffer }>(
        `SELECT hash FROM merkle_subtrees WHERE level = ? AND idx = ?`,
      ),
      state: db.prepare<[], StateRow>(`SELECT size, frontier, position FROM merkle_state WHERE id = 1`),
      insert: db.prepare(`INSERT INTO merkle_subtrees (level, idx, hash) VALUES (?, ?, ?)`),
      saveState: db.prepare(
        `INSERT INTO merkle_state (id, size, frontier, position) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET size = excluded.size, frontier = excluded.frontier, position = excluded.position`,
      ),
    };
    this.appendTransaction = db.transaction(
      (subtrees: readonly CompletedSubtree[], next: TreeState, expected: string | null) => {
        const found = this.statements.state.get()?.position ?? null;
        if (found !== expected) throw new TreeMovedError(expected, found);
        for (const { level, index, hash } of subtrees) this.statements.insert.run(level, index, hash);
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

  async append(
    subtrees: readonly CompletedSubtree[],
    next: TreeState,
    expectedPosition: string | null,
  ): Promise<void> {
    this.appendTransaction.immediate(subtrees, next, expectedPosition);
  }
}
