import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  Position,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type RecordedEvent,
} from '@kurrent/kurrentdb-client';
import {
  AppendResult,
  EventStore,
  AppendOptions,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StoredMetadata,
  SubscribeOptions,
  Subscription,
  VerificationReport,
  WrongExpectedRevisionError,
  checkExpectedRevision,
  checkUnchanged,
} from '../event-store.port';
import { GENESIS_HASH, chainEvents } from '../hash-chain';
import {
  ImportChecker,
  ImportResult,
  ImportSource,
  ImportedEvent,
  StoreNotEmptyError,
  inBatches,
} from '../event-import';
import { comparePositions } from '../position';
import { verifyByPaging } from '../verify';

export interface KurrentDbEventStoreOptions {
  connectionString: string;
  /**
   * A prefix put before every stream name, so that several ledgers (or test runs) share one
   * database without seeing each other: reads of the whole log only return its streams.
   */
  namespace?: string;
}

const formatPosition = (position: Position): string => `${position.commit}/${position.prepare}`;
const parsePosition = (position: string): Position => {
  const [commit, prepare] = position.split('/');
  return { commit: BigInt(commit ?? '0'), prepare: BigInt(prepare ?? commit ?? '0') };
};

/** Reads of single positions of $all kept in flight at once by `readPositions`. */
const READS_AT_ONCE = 16;

/** How often an `any` append re-reads the head after losing a race with another writer. */
const ANY_RETRIES = 10;

/**
 * Events on KurrentDB, the purpose-built event database. Streams map one to one (under the
 * namespace), expected revisions go to the server, and the whole log is `$all` without system
 * events. The hash chain needs each stream's last hash, so an append reads the stream's last
 * event first and then appends expecting exactly that revision; an `any` append that loses a
 * race reads again and retries, so chains never fork.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly namespace: string;

  private constructor(
    private readonly client: KurrentDBClient,
    options: KurrentDbEventStoreOptions,
  ) {
    this.namespace = options.namespace ?? '';
  }

  static connect(options: KurrentDbEventStoreOptions): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(options.connectionString), options);
  }

  private outer(stream: string): string {
    return this.namespace + stream;
  }

  private toStoredEvent(event: RecordedEvent, position: Position): StoredEvent {
    const { recordedAt, ...metadata } = event.metadata as unknown as StoredMetadata & { recordedAt: string };
    return {
      id: event.id,
      stream: event.streamId.slice(this.namespace.length),
      revision: Number(event.revision),
      position: formatPosition(position),
      type: event.type,
      data: event.data,
      metadata: metadata as StoredMetadata,
      recordedAt,
    };
  }

  /** Older servers give no position on stream reads; the commit position stands in. */
  private streamPosition(resolved: { event?: RecordedEvent; commitPosition?: bigint }): Position {
    const commit = resolved.commitPosition ?? 0n;
    return resolved.event?.position ?? { commit, prepare: commit };
  }

  private async lastEvent(stream: string): Promise<StoredEvent | null> {
    try {
      for await (const resolved of this.client.readStream(this.outer(stream), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        if (resolved.event) return this.toStoredEvent(resolved.event, this.streamPosition(resolved));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
    return null;
  }

  async append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const { expectedRevision, unchanged } = options;
    for (let attempt = 0; ; attempt++) {
      const last = await this.lastEvent(stream);
      const lastRevision = last?.revision ?? -1;
      checkExpectedRevision(stream, expectedRevision, lastRevision);
      // KurrentDB checks one stream's revision per append: the others are checked just before,
      // which narrows the race between a decision and a writer on those streams but cannot close it.
      const others = await Promise.all(
        (unchanged ?? []).map(
          async (read) => [read.stream, (await this.lastEvent(read.stream))?.revision ?? -1] as const,
        ),
      );
      checkUnchanged(unchanged, (other) => others.find(([name]) => name === other)?.[1] ?? -1);
      if (events.length === 0) return { nextRevision: lastRevision, position: last?.position ?? '0/0' };
      const recordedAt = new Date().toISOString();
      const chained = chainEvents(
        stream,
        lastRevision,
        last?.metadata.hash ?? GENESIS_HASH,
        recordedAt,
        events,
      );
      try {
        const result = await this.client.appendToStream(
          this.outer(stream),
          chained.map((e) =>
            jsonEvent({
              id: e.id,
              type: e.type,
              data: e.data as never,
              metadata: { ...e.metadata, recordedAt },
            }),
          ),
          { streamState: lastRevision === -1 ? NO_STREAM : BigInt(lastRevision) },
        );
        return {
          nextRevision: Number(result.nextExpectedRevision),
          position: result.position ? formatPosition(result.position) : '0/0',
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (expectedRevision !== 'any' || attempt >= ANY_RETRIES) {
          const now = await this.lastEvent(stream);
          throw new WrongExpectedRevisionError(stream, expectedRevision, now ? now.revision : 'no-stream');
        }
      }
    }
  }

  /**
   * KurrentDB has no transaction across streams: each run of consecutive events of one stream
   * is one append, expecting the stream exactly where the run starts, and each event is checked
   * before its run is written. An import refused part-way keeps the runs written before the
   * refused event (never it, nor anything after it); the SQL stores keep nothing.
   */
  async importEvents(source: ImportSource): Promise<ImportResult> {
    if ((await this.headPosition()) !== null) throw new StoreNotEmptyError();
    const checker = new ImportChecker();
    const streams = new Set<string>();
    let count = 0;
    let position: string | null = null;
    let run: ImportedEvent[] = [];
    const write = async (): Promise<void> => {
      const first = run[0];
      if (!first) return;
      const result = await this.client.appendToStream(
        this.outer(first.stream),
        run.map((e) =>
          jsonEvent({
            id: e.id,
            type: e.type,
            data: e.data as never,
            metadata: { ...e.metadata, recordedAt: e.recordedAt },
          }),
        ),
        { streamState: first.revision === 0 ? NO_STREAM : BigInt(first.revision - 1) },
      );
      if (result.position) position = formatPosition(result.position);
      count += run.length;
      run = [];
    };
    for await (const batch of inBatches(source, 500)) {
      for (const event of batch) {
        checker.check(event);
        if (run.length > 0 && (run[0]!.stream !== event.stream || run.length >= 500)) await write();
        run.push(event);
        streams.add(event.stream);
      }
    }
    await write();
    return { events: count, streams: streams.size, position };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    try {
      const reading = this.client.readStream(this.outer(stream), {
        direction: FORWARDS,
        fromRevision: options.fromRevision ? BigInt(options.fromRevision) : START,
        ...(options.limit === undefined ? {} : { maxCount: options.limit }),
      });
      for await (const resolved of reading) {
        if (!resolved.event) continue;
        const event = this.toStoredEvent(resolved.event, this.streamPosition(resolved));
        if (options.toPosition !== undefined && comparePositions(event.position, options.toPosition) > 0)
          break;
        events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  private readAllFrom(
    after: string | undefined,
    maxCount: number,
  ): AsyncIterableIterator<AllStreamResolvedEvent> {
    return this.client.readAll({
      direction: FORWARDS,
      fromPosition: after === undefined ? START : parsePosition(after),
      maxCount,
      ...(this.namespace ? { filter: streamNameFilter({ prefixes: [this.namespace] }) } : {}),
    } as Parameters<KurrentDBClient['readAll']>[0]);
  }

  private isOurs(resolved: AllStreamResolvedEvent): boolean {
    const event = resolved.event;
    return (
      !!event &&
      !event.streamId.startsWith('$') &&
      !event.type.startsWith('$') &&
      event.streamId.startsWith(this.namespace)
    );
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    const events: StoredEvent[] = [];
    let after = options.after;
    // System events count against a server page, so keep reading until the page is full or the log ends.
    for (;;) {
      const pageSize = Math.min(Math.max(limit - events.length, 1) + 1, 4096);
      let read = 0;
      let last: string | undefined;
      for await (const resolved of this.readAllFrom(after, pageSize)) {
        read++;
        const position = resolved.event?.position;
        if (!position) continue;
        last = formatPosition(position);
        if (after !== undefined && comparePositions(last, after) <= 0) continue;
        if (this.isOurs(resolved)) events.push(this.toStoredEvent(resolved.event!, position));
        if (events.length >= limit) return events;
      }
      if (read < pageSize || last === undefined) return events;
      after = last;
    }
  }

  async readPositions(positions: string[]): Promise<StoredEvent[]> {
    const wanted = [...new Set(positions.filter((position) => /^\d+\/\d+$/.test(position)))].sort(
      comparePositions,
    );
    // The server reads $all from a position onwards: one short read per position asked for,
    // READS_AT_ONCE of them in flight at a time.
    const readAt = async (position: string): Promise<StoredEvent | undefined> => {
      for await (const resolved of this.client.readAll({
        direction: FORWARDS,
        fromPosition: parsePosition(position),
        maxCount: 1,
      })) {
        const at = resolved.event?.position;
        if (at && formatPosition(at) === position && this.isOurs(resolved))
          return this.toStoredEvent(resolved.event!, at);
      }
      return undefined;
    };
    const found: (StoredEvent | undefined)[] = [];
    for (let start = 0; start < wanted.length; start += READS_AT_ONCE)
      found.push(...(await Promise.all(wanted.slice(start, start + READS_AT_ONCE).map(readAt))));
    return found.filter((event): event is StoredEvent => event !== undefined);
  }

  subscribeAll(options: SubscribeOptions = {}): Subscription {
    const subscription = this.client.subscribeToAll({
      fromPosition: options.after === undefined ? START : parsePosition(options.after),
      ...(this.namespace ? { filter: streamNameFilter({ prefixes: [this.namespace] }) } : {}),
    } as Parameters<KurrentDBClient['subscribeToAll']>[0]);
    const events = async function* (this: KurrentDbEventStore): AsyncGenerator<StoredEvent> {
      for await (const resolved of subscription) {
        if (!this.isOurs(resolved) || !resolved.event) continue;
        yield this.toStoredEvent(resolved.event, resolved.event.position);
      }
    }.bind(this);
    return { [Symbol.asyncIterator]: events, close: () => subscription.unsubscribe() };
  }

  async verify(): Promise<VerificationReport> {
    return verifyByPaging((after, limit) => this.readAll({ after, limit }));
  }

  async headPosition(): Promise<string | null> {
    for await (const resolved of this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 10000,
    })) {
      if (this.isOurs(resolved) && resolved.event) return formatPosition(resolved.event.position);
    }
    return null;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
