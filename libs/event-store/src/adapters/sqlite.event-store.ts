import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  AppendOptions,
  AppendResult,
  DuplicateEventIdError,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
  Subscription,
  VerificationReport,
  checkExpectedRevision,
  checkUnchanged,
} from '../event-store.port';
import { GENESIS_HASH, chainEvents } from '../hash-chain';
import { canonicalJson } from '../canonical-json';
import { ImportChecker, ImportResult, ImportSource, StoreNotEmptyError, inBatches } from '../event-import';
import { AppendOutcome, GroupCommitting, PendingAppend, committedIn, settleGroup } from '../group-commit';
import { Observers } from '../observers';
import { Wakeup, pagingSubscription } from '../subscription';
import { ChainVerifier, StreamHead } from '../verify';

/** AUTOINCREMENT: a position is never given twice, even when the last row was deleted (by a tamperer). */
const EVENTS_TABLE = (name: string) => `
  CREATE TABLE IF NOT EXISTS ${name} (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    stream      TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream, revision)
  );
`;

const SCHEMA = `
  ${EVENTS_TABLE('events')}
  CREATE TABLE IF NOT EXISTS streams (
    stream   TEXT    PRIMARY KEY,
    revision INTEGER NOT NULL,
    hash     TEXT    NOT NULL,
    position INTEGER NOT NULL
  );
`;

interface EventRow {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

const toStoredEvent = (row: EventRow): StoredEvent => ({
  id: row.id,
  stream: row.stream,
  revision: row.revision,
  position: String(row.position),
  type: row.type,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
  recordedAt: row.recorded_at,
});

/**
 * Files written before positions were AUTOINCREMENT reuse the position of a deleted last row.
 * Their events are copied, unchanged and in order, into a table that never does, and its
 * sequence starts past every position the file has named (a stream head may name a deleted one).
 */
const migrateToAutoincrement = (db: Database.Database): void => {
  const { sql } = db
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'`)
    .get() as {
    sql: string;
  };
  if (/AUTOINCREMENT/i.test(sql)) return;
  db.transaction(() => {
    db.exec(EVENTS_TABLE('events_autoincrement'));
    db.exec(`INSERT INTO events_autoincrement SELECT * FROM events ORDER BY position`);
    db.exec(`DROP TABLE events`);
    db.exec(`ALTER TABLE events_autoincrement RENAME TO events`);
    const named = db
      .prepare(
        `SELECT MAX(p) AS position FROM (SELECT MAX(position) AS p FROM events UNION ALL SELECT MAX(position) FROM streams)`,
      )
      .get() as { position: number | null };
    db.prepare(`DELETE FROM sqlite_sequence WHERE name = 'events'`).run();
    db.prepare(`INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)`).run(named.position ?? 0);
  }).immediate();
};

/** What one append writes, checked against the heads as they stand in its transaction. */
type SqliteAppend = Pick<PendingAppend, 'stream' | 'events' | 'expectedRevision' | 'unchanged'>;

export interface SqliteEventStoreOptions {
  /** How long a subscriber waits before looking for events appended by another process. */
  pollIntervalMs?: number;
}

/**
 * The embedded default: one SQLite file in WAL mode with full synchronous commits, so an
 * acknowledged append survives a killed process (and a power cut). Appends take the write
 * lock at once (BEGIN IMMEDIATE), so several processes can share the file safely.
 */
export class SqliteEventStore implements EventStore, GroupCommitting {
  private readonly wakeup = new Wakeup();
  /** How many appends each commit carried. */
  readonly commits = new Observers<number>();
  private readonly statements;
  private readonly writeTransaction: Database.Transaction<(append: SqliteAppend) => AppendResult>;
  private readonly groupTransaction: Database.Transaction<(appends: PendingAppend[]) => AppendOutcome[]>;
  private pending: PendingAppend[] = [];

  private constructor(
    readonly db: Database.Database,
    private readonly options: SqliteEventStoreOptions,
  ) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    db.exec(SCHEMA);
    migrateToAutoincrement(db);
    this.statements = {
      head: db.prepare<[string], { revision: number; hash: string; position: number }>(
        `SELECT revision, hash, position FROM streams WHERE stream = ?`,
      ),
      insert: db.prepare(
        `INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      upsertHead: db.prepare(
        `INSERT INTO streams (stream, revision, hash, position) VALUES (?, ?, ?, ?)
         ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash, position = excluded.position`,
      ),
      readStream: db.prepare<[string, number, number, number], EventRow>(
        `SELECT * FROM events WHERE stream = ? AND revision >= ? AND position <= ? ORDER BY revision LIMIT ?`,
      ),
      readAll: db.prepare<[number, number], EventRow>(
        `SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?`,
      ),
      atPositions: db.prepare<[string], EventRow>(
        `SELECT * FROM events WHERE position IN (SELECT value FROM json_each(?)) ORDER BY position`,
      ),
      allInOrder: db.prepare<[], EventRow>(`SELECT * FROM events ORDER BY position`),
      heads: db.prepare<[], StreamHead>(`SELECT stream, revision, hash FROM streams`),
      lastPosition: db.prepare<[], { position: number | null }>(
        `SELECT MAX(position) AS position FROM events`,
      ),
      anything: db.prepare<[], { found: number }>(
        `SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM streams) AS found`,
      ),
    };
    this.writeTransaction = db.transaction(this.write);
    // Nested in the group's transaction, each append runs in a savepoint: a refused one leaves the others.
    this.groupTransaction = db.transaction((appends: PendingAppend[]) =>
      appends.map((append): AppendOutcome => {
        try {
          return { result: this.writeTransaction(append) };
        } catch (error) {
          return { error: this.refusalOf(error, append.events) };
        }
      }),
    );
  }

  /** Opens (creating if need be) the ledger file at `file`; `:memory:` for a throwaway store. */
  static open(file: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    return new SqliteEventStore(new Database(file), options);
  }

  /**
   * Appends made in the same turn of the event loop commit together (group commit): one
   * transaction and one flush to disk for all of them, each still checked and chained on its
   * own, and none acknowledged before the commit is durable.
   */
  append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      const { expectedRevision, unchanged } = options;
      if (this.pending.push({ stream, events, expectedRevision, unchanged, resolve, reject }) === 1) {
        setImmediate(this.commitPending);
      }
    });
  }

  /** One write transaction, prepared once: check the head, link the events on, insert them, move the head. */
  private readonly write = ({ stream, events, expectedRevision, unchanged }: SqliteAppend): AppendResult => {
    const { head, insert, upsertHead } = this.statements;
    const current = head.get(stream);
    const lastRevision = current?.revision ?? -1;
    checkExpectedRevision(stream, expectedRevision, lastRevision);
    checkUnchanged(unchanged, (other) => head.get(other)?.revision ?? -1);
    if (events.length === 0) return { nextRevision: lastRevision, position: String(current?.position ?? 0) };
    const recordedAt = new Date().toISOString();
    const chained = chainEvents(stream, lastRevision, current?.hash ?? GENESIS_HASH, recordedAt, events);
    let position = 0;
    for (const event of chained) {
      const { id, revision, type, dataJson, metadataJson } = event;
      position = Number(
        insert.run(id, stream, revision, type, dataJson, metadataJson, recordedAt).lastInsertRowid,
      );
    }
    const last = chained[chained.length - 1]!;
    upsertHead.run(stream, last.revision, last.metadata.hash, position);
    return { nextRevision: last.revision, position: String(position) };
  };

  private readonly commitPending = (): void => {
    const appends = this.pending;
    this.pending = [];
    if (appends.length === 1) {
      // Alone in its turn: no savepoint needed.
      const [append] = appends;
      try {
        append!.resolve(this.writeTransaction.immediate(append!));
        this.wakeup.notify();
        this.commits.notify(1);
      } catch (error) {
        append!.reject(this.refusalOf(error, append!.events));
      }
      return;
    }
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.groupTransaction.immediate(appends);
    } catch (error) {
      for (const append of appends) append.reject(error);
      return;
    }
    this.wakeup.notify();
    settleGroup(appends, outcomes);
    const committed = committedIn(outcomes);
    if (committed > 0) this.commits.notify(committed);
  };

  private refusalOf(error: unknown, events: NewEvent[]): unknown {
    const duplicate = /UNIQUE constraint failed: events\.id/.test(String(error));
    return duplicate ? new DuplicateEventIdError(events.find((e) => e.id)?.id ?? 'unknown') : error;
  }

  /**
   * One write transaction for the whole import, taken at once (BEGIN IMMEDIATE) and held while
   * the source is read: a refused or failed import stores nothing, and no other writer gets in
   * between. Nothing else in this process may append meanwhile (it would join the transaction).
   */
  async importEvents(source: ImportSource): Promise<ImportResult> {
    const { insert, upsertHead, anything } = this.statements;
    const checker = new ImportChecker();
    const heads = new Map<string, { revision: number; hash: string; position: number }>();
    let count = 0;
    let position = 0;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      if (anything.get()!.found) throw new StoreNotEmptyError();
      for await (const batch of inBatches(source, 1000)) {
        for (const event of batch) {
          checker.check(event);
          const { id, stream, revision, type, data, metadata, recordedAt } = event;
          try {
            position = Number(
              insert.run(id, stream, revision, type, canonicalJson(data), canonicalJson(metadata), recordedAt)
                .lastInsertRowid,
            );
          } catch (error) {
            throw this.refusalOf(error, [event]);
          }
          heads.set(stream, { revision, hash: metadata.hash, position });
          count++;
        }
      }
      for (const [stream, head] of heads) upsertHead.run(stream, head.revision, head.hash, head.position);
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
    this.wakeup.notify();
    return { events: count, streams: heads.size, position: count > 0 ? String(position) : null };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const to = options.toPosition === undefined ? Number.MAX_SAFE_INTEGER : Number(options.toPosition);
    return this.statements.readStream
      .all(stream, options.fromRevision ?? 0, to, options.limit ?? -1)
      .map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = options.after === undefined ? 0 : Number(options.after);
    return this.statements.readAll.all(after, options.limit ?? -1).map(toStoredEvent);
  }

  async readPositions(positions: string[]): Promise<StoredEvent[]> {
    const numbers = positions.filter((position) => /^\d{1,15}$/.test(position)).map(Number);
    return numbers.length === 0
      ? []
      : this.statements.atPositions.all(JSON.stringify(numbers)).map(toStoredEvent);
  }

  subscribeAll(options: SubscribeOptions = {}): Subscription {
    return pagingSubscription((after, limit) => this.readAll({ after, limit }), this.wakeup, {
      ...options,
      pollIntervalMs: this.options.pollIntervalMs,
    });
  }

  async verify(): Promise<VerificationReport> {
    const verifier = new ChainVerifier();
    for (const row of this.statements.allInOrder.iterate()) {
      if (!verifier.check(toStoredEvent(row))) return verifier.finish();
    }
    return verifier.finish(this.statements.heads.all());
  }

  async headPosition(): Promise<string | null> {
    const { position } = this.statements.lastPosition.get() ?? { position: null };
    return position === null ? null : String(position);
  }

  async close(): Promise<void> {
    this.wakeup.notify();
    if (this.db.open) this.db.close();
  }
}
