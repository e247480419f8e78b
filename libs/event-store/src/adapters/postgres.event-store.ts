import { Client, Pool, PoolClient } from 'pg';
import {
  AppendResult,
  DuplicateEventIdError,
  EventStore,
  AppendOptions,
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
import { ChainedEvent, GENESIS_HASH, chainEvents } from '../hash-chain';
import { canonicalJson } from '../canonical-json';
import {
  ImportChecker,
  ImportResult,
  ImportSource,
  ImportedEvent,
  StoreNotEmptyError,
  inBatches,
} from '../event-import';
import { AppendOutcome, GroupCommitting, PendingAppend, committedIn, settleGroup } from '../group-commit';
import { Observers } from '../observers';
import { inTransaction } from '../postgres-transaction';
import { resilientPool } from '../postgres-pool';
import { storeFailureOf } from '../store-failure';
import { Wakeup, pagingSubscription } from '../subscription';
import { Backoff } from '../backoff';
import { StreamHead, verifyByPaging } from '../verify';

/**
 * Every append takes this transaction-level advisory lock, so appends commit one after the
 * other in position order: a reader that has seen position p can never later find an event
 * below p (a sequence alone can commit out of order under concurrent writers).
 */
const APPEND_LOCK = 7_310_001;
/** The most appends one group commit takes. */
const MAX_GROUP = 500;

const isDuplicateId = (error: unknown): boolean => {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && /_id_key$/.test(constraint ?? '');
};

const schemaSql = (schema: string) => `
  CREATE SCHEMA IF NOT EXISTS ${schema};
  CREATE TABLE IF NOT EXISTS ${schema}.events (
    position    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text        NOT NULL UNIQUE,
    stream      text        NOT NULL,
    revision    integer     NOT NULL,
    type        text        NOT NULL,
    data        jsonb       NOT NULL,
    metadata    jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL,
    UNIQUE (stream, revision)
  );
  CREATE TABLE IF NOT EXISTS ${schema}.streams (
    stream   text    PRIMARY KEY,
    revision integer NOT NULL,
    hash     text    NOT NULL,
    position bigint  NOT NULL
  );
`;

interface EventRow {
  position: string;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: StoredEvent['metadata'];
  recorded_at: Date;
}

const COLUMNS = 'position, id, stream, revision, type, data, metadata, recorded_at';

const toStoredEvent = (row: EventRow): StoredEvent => ({
  id: row.id,
  stream: row.stream,
  revision: row.revision,
  position: String(row.position),
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  recordedAt: row.recorded_at.toISOString(),
});

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** The schema holding the tables; created if missing. */
  schema?: string;
  poolSize?: number;
  pollIntervalMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Events on a PostgreSQL server: jsonb data, a gap-free global order, LISTEN/NOTIFY to wake subscribers. */
export class PostgresEventStore implements EventStore, GroupCommitting {
  private readonly wakeup = new Wakeup();
  /** How many appends each commit carried. */
  readonly commits = new Observers<number>();
  private listener: Client | undefined;
  private closed = false;
  private pending: PendingAppend[] = [];
  private committing = false;

  private constructor(
    readonly pool: Pool,
    readonly schema: string,
    private readonly options: PostgresEventStoreOptions,
  ) {}

  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) throw new Error(`"${schema}" is not a usable PostgreSQL schema name.`);
    const pool = resilientPool(options.connectionString, options.poolSize ?? 10);
    const store = new PostgresEventStore(pool, schema, options);
    await store.migrate();
    return store;
  }

  /** Appends to this schema wake the subscribers of this schema only. */
  private get channel(): string {
    return `ledger_events_${this.schema}`;
  }

  private table(name: 'events' | 'streams'): string {
    return `${this.schema}.${name}`;
  }

  private async migrate(): Promise<void> {
    // Two processes starting at once must not race on CREATE.
    await inTransaction(this.pool, (client) => client.query(schemaSql(this.schema)), {
      begin: `BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK})`,
    });
  }

  /**
   * Appends that arrive while a group is committing wait and commit together as the next
   * group (group commit): one lock, one read of the heads, one insert and one flush to disk
   * for all of them, each still checked against its expected revision and chained on its own,
   * none acknowledged before the commit.
   */
  append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      const { expectedRevision, unchanged } = options;
      this.pending.push({ stream, events, expectedRevision, unchanged, resolve, reject });
      if (!this.committing) void this.commitPending();
    });
  }

  private async commitPending(): Promise<void> {
    this.committing = true;
    try {
      while (this.pending.length > 0) await this.commitGroup(this.pending.splice(0, MAX_GROUP));
    } finally {
      this.committing = false;
    }
  }

  private async commitGroup(group: PendingAppend[]): Promise<void> {
    // Alone, an append takes the shorter way: its head read and its insert are one round trip less.
    if (group.length === 1) return this.appendAlone(group[0]!);
    let outcomes: AppendOutcome[];
    try {
      outcomes = await inTransaction(this.pool, (client) => this.writeGroup(client, group), {
        begin: `BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK})`,
        commit: `SELECT pg_notify('${this.channel}', ''); COMMIT`,
      });
    } catch (error) {
      // The store itself failed: every append of the group meets the same state.
      if (storeFailureOf(error)) {
        for (const append of group) append.reject(error);
        return;
      }
      // One append's events failed the group's insert (an id already stored, text the database
      // refuses): each append then goes on its own, so the others are decided on their own.
      for (const append of group) await this.appendAlone(append);
      return;
    }
    this.wakeup.notify();
    settleGroup(group, outcomes);
    const committed = committedIn(outcomes);
    if (committed > 0) this.commits.notify(committed);
  }

  private async appendAlone(append: PendingAppend): Promise<void> {
    try {
      const result = await inTransaction(this.pool, (client) => this.appendLocked(client, append), {
        begin: `BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK})`,
        commit: `SELECT pg_notify('${this.channel}', ''); COMMIT`,
      });
      this.wakeup.notify();
      append.resolve(result);
      this.commits.notify(1);
    } catch (error) {
      append.reject(this.refusalOf(error, append.events));
    }
  }

  private refusalOf(error: unknown, events: NewEvent[]): unknown {
    return isDuplicateId(error)
      ? new DuplicateEventIdError(events.find((e) => e.id)?.id ?? 'unknown')
      : error;
  }

  /** Under the append lock: checks and chains every append of the group on the heads as they stand, then writes them all. */
  private async writeGroup(client: PoolClient, group: PendingAppend[]): Promise<AppendOutcome[]> {
    // A head moved earlier in the group points at its row, whose position the insert will tell.
    const heads = new Map<
      string,
      { revision: number; hash: string; position: string | null; row?: number }
    >();
    const read = group.flatMap((append) => [append.stream, ...(append.unchanged ?? []).map((r) => r.stream)]);
    const found = await client.query<{ stream: string; revision: number; hash: string; position: string }>(
      `SELECT stream, revision, hash, position::text FROM ${this.table('streams')} WHERE stream = ANY($1::text[])`,
      [[...new Set(read)]],
    );
    for (const row of found.rows) heads.set(row.stream, row);
    const recordedAt = new Date().toISOString();
    const rows: { stream: string; event: ChainedEvent }[] = [];
    const ids = new Set<string>();
    // Each outcome names the row whose position it answers (its last event), or a position known already.
    const planned: (
      { error: unknown } | { nextRevision: number; row: number | null; position: string | null }
    )[] = [];
    for (const { stream, events, expectedRevision, unchanged } of group) {
      const head = heads.get(stream);
      const lastRevision = head?.revision ?? -1;
      try {
        checkExpectedRevision(stream, expectedRevision, lastRevision);
        checkUnchanged(unchanged, (other) => heads.get(other)?.revision ?? -1);
      } catch (error) {
        planned.push({ error });
        continue;
      }
      const duplicate = events.find((event) => event.id !== undefined && ids.has(event.id));
      if (duplicate) {
        planned.push({ error: new DuplicateEventIdError(duplicate.id!) });
        continue;
      }
      if (events.length === 0) {
        planned.push({ nextRevision: lastRevision, row: head?.row ?? null, position: head?.position ?? '0' });
        continue;
      }
      const chained = chainEvents(stream, lastRevision, head?.hash ?? GENESIS_HASH, recordedAt, events);
      for (const event of chained) {
        ids.add(event.id);
        rows.push({ stream, event });
      }
      const last = chained[chained.length - 1]!;
      heads.set(stream, {
        revision: last.revision,
        hash: last.metadata.hash,
        position: null,
        row: rows.length - 1,
      });
      planned.push({ nextRevision: last.revision, row: rows.length - 1, position: null });
    }
    const positions = rows.length > 0 ? await this.insertRows(client, rows, recordedAt) : [];
    const changedHeads = new Map<string, { revision: number; hash: string; position: string }>();
    rows.forEach(({ stream, event }, i) =>
      changedHeads.set(stream, {
        revision: event.revision,
        hash: event.metadata.hash,
        position: positions[i]!,
      }),
    );
    if (changedHeads.size > 0) {
      const streams = [...changedHeads.keys()];
      const moved = [...changedHeads.values()];
      await client.query(
        `INSERT INTO ${this.table('streams')} (stream, revision, hash, position)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[])
         ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash, position = excluded.position`,
        [streams, moved.map((h) => h.revision), moved.map((h) => h.hash), moved.map((h) => h.position)],
      );
    }
    return planned.map((plan) =>
      'error' in plan
        ? { error: plan.error }
        : {
            result: {
              nextRevision: plan.nextRevision,
              position: plan.row === null ? plan.position! : positions[plan.row]!,
            },
          },
    );
  }

  /** Inserts rows in the order given, returning their positions in that order. */
  private async insertRows(
    client: PoolClient,
    rows: { stream: string; event: ChainedEvent }[],
    recordedAt: string,
  ): Promise<string[]> {
    const inserted = await client.query<{ position: string }>(
      `INSERT INTO ${this.table('events')} (id, stream, revision, type, data, metadata, recorded_at)
       SELECT id, stream, revision, type, data, metadata, recorded_at
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[])
            WITH ORDINALITY AS batch(id, stream, revision, type, data, metadata, recorded_at, n)
       ORDER BY n
       RETURNING position::text`,
      [
        rows.map((r) => r.event.id),
        rows.map((r) => r.stream),
        rows.map((r) => r.event.revision),
        rows.map((r) => r.event.type),
        rows.map((r) => r.event.dataJson),
        rows.map((r) => r.event.metadataJson),
        rows.map(() => recordedAt),
      ],
    );
    return inserted.rows.map((row) => row.position);
  }

  private async appendLocked(
    client: PoolClient,
    { stream, events, expectedRevision, unchanged }: PendingAppend,
  ): Promise<AppendResult> {
    // The stream's head and those of the streams the events were decided on, in one read.
    const found = await client.query<{ stream: string; revision: number; hash: string; position: string }>(
      `SELECT stream, revision, hash, position::text FROM ${this.table('streams')} WHERE stream = ANY($1::text[])`,
      [[stream, ...(unchanged ?? []).map((read) => read.stream)]],
    );
    const heads = new Map(found.rows.map((row) => [row.stream, row]));
    const current = heads.get(stream);
    const lastRevision = current?.revision ?? -1;
    checkExpectedRevision(stream, expectedRevision, lastRevision);
    checkUnchanged(unchanged, (other) => heads.get(other)?.revision ?? -1);
    if (events.length === 0) return { nextRevision: lastRevision, position: current?.position ?? '0' };
    const recordedAt = new Date().toISOString();
    const chained = chainEvents(stream, lastRevision, current?.hash ?? GENESIS_HASH, recordedAt, events);
    const last = chained[chained.length - 1]!;
    const inserted = await client.query<{ position: string }>(
      `WITH written AS (
         INSERT INTO ${this.table('events')} (id, stream, revision, type, data, metadata, recorded_at)
         SELECT id, $2, revision, type, data, metadata, $3::timestamptz
         FROM unnest($1::text[], $4::int[], $5::text[], $6::jsonb[], $7::jsonb[]) WITH ORDINALITY
              AS batch(id, revision, type, data, metadata, n)
         ORDER BY n
         RETURNING position
       ), head AS (
         INSERT INTO ${this.table('streams')} (stream, revision, hash, position)
         SELECT $2, $8, $9, MAX(position) FROM written
         ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash, position = excluded.position
       )
       SELECT MAX(position)::text AS position FROM written`,
      [
        chained.map((e) => e.id),
        stream,
        recordedAt,
        chained.map((e) => e.revision),
        chained.map((e) => e.type),
        chained.map((e) => e.dataJson),
        chained.map((e) => e.metadataJson),
        last.revision,
        last.metadata.hash,
      ],
    );
    return { nextRevision: last.revision, position: inserted.rows[0]!.position };
  }

  /**
   * One transaction under the append lock for the whole import, so a refused or failed import
   * stores nothing and no append lands among the imported events; they are inserted a
   * thousand at a time as the source hands them over.
   */
  async importEvents(source: ImportSource): Promise<ImportResult> {
    const result = await inTransaction(
      this.pool,
      async (client): Promise<ImportResult> => {
        const { rows } = await client.query<{ found: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM ${this.table('events')}) OR EXISTS (SELECT 1 FROM ${this.table('streams')}) AS found`,
        );
        if (rows[0]!.found) throw new StoreNotEmptyError();
        const checker = new ImportChecker();
        const heads = new Map<string, { revision: number; hash: string; position: string }>();
        let count = 0;
        let position: string | null = null;
        for await (const batch of inBatches(source, 1000)) {
          for (const event of batch) checker.check(event);
          const positions = await this.insertImported(client, batch);
          batch.forEach((event, i) =>
            heads.set(event.stream, {
              revision: event.revision,
              hash: event.metadata.hash,
              position: positions[i]!,
            }),
          );
          count += batch.length;
          position = positions.at(-1) ?? position;
        }
        const streams = [...heads.keys()];
        for (let i = 0; i < streams.length; i += 10_000) {
          const chunk = streams.slice(i, i + 10_000);
          await client.query(
            `INSERT INTO ${this.table('streams')} (stream, revision, hash, position)
             SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[])`,
            [
              chunk,
              chunk.map((s) => heads.get(s)!.revision),
              chunk.map((s) => heads.get(s)!.hash),
              chunk.map((s) => heads.get(s)!.position),
            ],
          );
        }
        return { events: count, streams: heads.size, position };
      },
      {
        begin: `BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK})`,
        commit: `SELECT pg_notify('${this.channel}', ''); COMMIT`,
      },
    ).catch((error: unknown) => {
      if (!isDuplicateId(error)) throw error;
      const id = /\(id\)=\((.*)\)/.exec((error as { detail?: string }).detail ?? '')?.[1] ?? 'unknown';
      throw new DuplicateEventIdError(id);
    });
    this.wakeup.notify();
    return result;
  }

  /** Inserts imported events as given, in order, returning their new positions in that order. */
  private async insertImported(client: PoolClient, events: ImportedEvent[]): Promise<string[]> {
    const inserted = await client.query<{ position: string }>(
      `INSERT INTO ${this.table('events')} (id, stream, revision, type, data, metadata, recorded_at)
       SELECT id, stream, revision, type, data, metadata, recorded_at
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[])
            WITH ORDINALITY AS batch(id, stream, revision, type, data, metadata, recorded_at, n)
       ORDER BY n
       RETURNING position::text`,
      [
        events.map((e) => e.id),
        events.map((e) => e.stream),
        events.map((e) => e.revision),
        events.map((e) => e.type),
        events.map((e) => canonicalJson(e.data)),
        events.map((e) => canonicalJson(e.metadata)),
        events.map((e) => e.recordedAt),
      ],
    );
    return inserted.rows.map((row) => row.position);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const result = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table('events')}
       WHERE stream = $1 AND revision >= $2 AND ($3::bigint IS NULL OR position <= $3::bigint)
       ORDER BY revision`,
      [stream, options.fromRevision ?? 0, options.toPosition ?? null],
    );
    return result.rows.map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const result = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table('events')} WHERE position > $1 ORDER BY position LIMIT $2`,
      [options.after ?? '0', options.limit ?? null],
    );
    return result.rows.map(toStoredEvent);
  }

  subscribeAll(options: SubscribeOptions = {}): Subscription {
    void this.listen();
    return pagingSubscription((after, limit) => this.readAll({ after, limit }), this.wakeup, {
      ...options,
      pollIntervalMs: this.options.pollIntervalMs ?? 1000,
    });
  }

  /**
   * One connection per process listens for appends made by any process, and wakes
   * subscribers. Lost, it is opened again with a backoff; meanwhile subscribers poll.
   */
  private async listen(backoff = new Backoff(250, 5000)): Promise<void> {
    if (this.listener || this.closed) return;
    const listener = new Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: 3000,
      keepAlive: true,
    });
    this.listener = listener;
    const reconnect = () => {
      if (this.listener !== listener) return;
      this.listener = undefined;
      void listener.end().catch(() => undefined);
      if (!this.closed) void backoff.wait().then(() => this.listen(backoff));
    };
    listener.on('notification', () => this.wakeup.notify());
    listener.on('error', reconnect);
    listener.on('end', reconnect);
    try {
      await listener.connect();
      await listener.query(`LISTEN ${this.channel}`);
      backoff.reset();
      // Appends made while no one listened are found by the subscribers now.
      this.wakeup.notify();
    } catch {
      reconnect();
    }
  }

  async verify(): Promise<VerificationReport> {
    return verifyByPaging(
      (after, limit) => this.readAll({ after, limit }),
      async () =>
        (await this.pool.query<StreamHead>(`SELECT stream, revision, hash FROM ${this.table('streams')}`))
          .rows,
    );
  }

  async headPosition(): Promise<string | null> {
    const result = await this.pool.query<{ position: string | null }>(
      `SELECT MAX(position)::text AS position FROM ${this.table('events')}`,
    );
    return result.rows[0]?.position ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeup.notify();
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}
