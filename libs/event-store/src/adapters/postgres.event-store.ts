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
/** The most stream heads a store remembers to chain appends on (a forgotten one costs one round trip). */
const HEADS_KEPT = 50_000;

const isDuplicateId = (error: unknown): boolean => {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && /_id_key$/.test(constraint ?? '');
};

/**
 * One append in one round trip: under the append lock, checks the expected revision, the
 * revisions of the streams the decision read, and that the events were chained on the head as
 * it stands (the client chains them on the head it last saw, since the hashes are computed in
 * TypeScript), and that their instant is not before the log's last; then inserts them, moves
 * the head and notifies, all in the statement's own transaction. Whatever it refuses, it
 * answers with what it found, so the client can refuse the append (wrong-expected, moved) or
 * chain again on the real head (stale) or a later instant (clock) and call once more.
 */
const appendFunctionSql = (schema: string) => `
  CREATE OR REPLACE FUNCTION ${schema}.append_chained(
    p_stream text, p_any boolean, p_expected integer, p_head_revision integer, p_head_hash text,
    p_read_streams text[], p_read_revisions integer[],
    p_ids text[], p_types text[], p_data jsonb[], p_metadata jsonb[],
    p_recorded_at timestamptz, p_last_hash text
  ) RETURNS TABLE (outcome text, revision integer, hash text, detail text)
  LANGUAGE plpgsql AS $fn$
  DECLARE
    v_revision integer;
    v_hash text;
    v_other integer;
    v_last timestamptz;
    v_position bigint;
    v_next integer := p_head_revision + cardinality(p_ids);
  BEGIN
    PERFORM pg_advisory_xact_lock(${APPEND_LOCK});
    SELECT s.revision, s.hash INTO v_revision, v_hash FROM ${schema}.streams s WHERE s.stream = p_stream;
    v_revision := coalesce(v_revision, -1);
    IF NOT p_any AND v_revision <> p_expected THEN
      RETURN QUERY SELECT 'wrong-expected', v_revision, v_hash, NULL::text;
      RETURN;
    END IF;
    FOR i IN 1 .. coalesce(cardinality(p_read_streams), 0) LOOP
      v_other := NULL;
      SELECT s.revision INTO v_other FROM ${schema}.streams s WHERE s.stream = p_read_streams[i];
      IF coalesce(v_other, -1) <> p_read_revisions[i] THEN
        RETURN QUERY SELECT 'moved', coalesce(v_other, -1), NULL::text, p_read_streams[i];
        RETURN;
      END IF;
    END LOOP;
    IF v_revision <> p_head_revision OR v_hash IS DISTINCT FROM p_head_hash THEN
      RETURN QUERY SELECT 'stale', v_revision, v_hash, NULL::text;
      RETURN;
    END IF;
    SELECT e.recorded_at INTO v_last FROM ${schema}.events e ORDER BY e.position DESC LIMIT 1;
    IF v_last > p_recorded_at THEN
      RETURN QUERY SELECT 'clock', v_revision, v_hash,
        to_char(v_last AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
      RETURN;
    END IF;
    WITH written AS (
      INSERT INTO ${schema}.events (id, stream, revision, type, data, metadata, recorded_at)
      SELECT batch.id, p_stream, p_head_revision + batch.n::integer, batch.type, batch.data, batch.metadata, p_recorded_at
      FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS batch(id, type, data, metadata, n)
      ORDER BY batch.n
      RETURNING position
    )
    SELECT max(written.position) INTO v_position FROM written;
    INSERT INTO ${schema}.streams AS s (stream, revision, hash, position)
    VALUES (p_stream, v_next, p_last_hash, v_position)
    ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, hash = excluded.hash, position = excluded.position;
    PERFORM pg_notify('ledger_events_${schema}', '');
    RETURN QUERY SELECT 'appended', v_next, p_last_hash, v_position::text;
  END
  $fn$;
`;

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
  ${appendFunctionSql(schema)}
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
  /** Stream heads as this process last saw them, to chain an append on without reading first. */
  private readonly heads = new Map<string, { revision: number; hash: string | null }>();

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
    const moved = new Map<string, { revision: number; hash: string }>();
    try {
      outcomes = await inTransaction(this.pool, (client) => this.writeGroup(client, group, moved), {
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
    for (const [stream, head] of moved) this.rememberHead(stream, head.revision, head.hash);
    this.wakeup.notify();
    settleGroup(group, outcomes);
    const committed = committedIn(outcomes);
    if (committed > 0) this.commits.notify(committed);
  }

  private async appendAlone(append: PendingAppend): Promise<void> {
    try {
      const result =
        append.events.length > 0
          ? await this.appendInOneCall(append)
          : await inTransaction(this.pool, (client) => this.appendLocked(client, append), {
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

  /**
   * An append in one round trip (`append_chained`): the events are chained on the head this
   * process last saw of the stream; a head that moved meanwhile (another process appended, or
   * this one never read the stream) is answered with the real one, and the call is made again
   * chained on it, so an append is one round trip when the head is known and two when not.
   */
  private async appendInOneCall({
    stream,
    events,
    expectedRevision,
    unchanged,
  }: PendingAppend): Promise<AppendResult> {
    let head = this.heads.get(stream) ?? { revision: -1, hash: null };
    let recordedAt = new Date().toISOString();
    const reads = unchanged ?? [];
    for (let attempt = 1; ; attempt++) {
      const chained = chainEvents(stream, head.revision, head.hash ?? GENESIS_HASH, recordedAt, events);
      const last = chained[chained.length - 1]!;
      const { rows } = await this.pool.query<{
        outcome: 'appended' | 'wrong-expected' | 'moved' | 'stale' | 'clock';
        revision: number;
        hash: string | null;
        detail: string | null;
      }>(
        `SELECT outcome, revision, hash, detail FROM ${this.schema}.append_chained($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb[], $11::jsonb[], $12, $13)`,
        [
          stream,
          expectedRevision === 'any',
          expectedRevision === 'no-stream' ? -1 : expectedRevision === 'any' ? 0 : expectedRevision,
          head.revision,
          head.hash,
          reads.map((read) => read.stream),
          reads.map((read) => read.revision),
          chained.map((e) => e.id),
          chained.map((e) => e.type),
          chained.map((e) => e.dataJson),
          chained.map((e) => e.metadataJson),
          recordedAt,
          last.metadata.hash,
        ],
      );
      const found = rows[0]!;
      switch (found.outcome) {
        case 'appended':
          this.rememberHead(stream, last.revision, last.metadata.hash);
          return { nextRevision: last.revision, position: found.detail! };
        case 'wrong-expected':
          this.rememberHead(stream, found.revision, found.hash);
          checkExpectedRevision(stream, expectedRevision, found.revision);
          break;
        case 'moved':
          checkUnchanged(
            reads.filter((read) => read.stream === found.detail),
            () => found.revision,
          );
          break;
        case 'stale':
          head = { revision: found.revision, hash: found.hash };
          this.rememberHead(stream, found.revision, found.hash);
          break;
        case 'clock':
          // The log's last event is later than this process's clock: stamp these just after it.
          recordedAt = new Date(Date.parse(found.detail!) + 1).toISOString();
          break;
      }
      if (attempt >= 10) throw new Error(`Appending to ${stream} found its head moving ten times in a row.`);
    }
  }

  /** A stream's head as found under the append lock or just committed (at most HEADS_KEPT kept, the oldest forgotten). */
  private rememberHead(stream: string, revision: number, hash: string | null): void {
    this.heads.delete(stream);
    if (hash === null) return;
    this.heads.set(stream, { revision, hash });
    if (this.heads.size > HEADS_KEPT) this.heads.delete(this.heads.keys().next().value!);
  }

  private refusalOf(error: unknown, events: NewEvent[]): unknown {
    return isDuplicateId(error)
      ? new DuplicateEventIdError(events.find((e) => e.id)?.id ?? 'unknown')
      : error;
  }

  /** Under the append lock: checks and chains every append of the group on the heads as they stand, then writes them all. */
  private async writeGroup(
    client: PoolClient,
    group: PendingAppend[],
    /** Filled with the heads the group moves, for the store to remember once they are committed. */
    moved: Map<string, { revision: number; hash: string }>,
  ): Promise<AppendOutcome[]> {
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
    for (const [stream, head] of changedHeads) moved.set(stream, head);
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
       ORDER BY revision LIMIT $4`,
      [stream, options.fromRevision ?? 0, options.toPosition ?? null, options.limit ?? null],
    );
    const events = result.rows.map(toStoredEvent);
    // A stream read to its end shows its head: the next append chains on it without asking.
    // A read races with appends: it only ever moves a remembered head forward.
    const last = events[events.length - 1];
    const toTheEnd =
      options.toPosition === undefined && (options.limit === undefined || events.length < options.limit);
    if (last && toTheEnd && (this.heads.get(stream)?.revision ?? -1) < last.revision)
      this.rememberHead(stream, last.revision, last.metadata.hash);
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const result = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table('events')} WHERE position > $1 ORDER BY position LIMIT $2`,
      [options.after ?? '0', options.limit ?? null],
    );
    return result.rows.map(toStoredEvent);
  }

  async readPositions(positions: string[]): Promise<StoredEvent[]> {
    const numbers = positions.filter((position) => /^\d{1,18}$/.test(position));
    if (numbers.length === 0) return [];
    const result = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table('events')} WHERE position = ANY($1::bigint[]) ORDER BY position`,
      [numbers],
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
