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
import { ImportChecker, ImportResult, ImportSource, StoreNotEmptyError, asImported } from '../event-import';
import { comparePositions } from '../position';
import { Wakeup, pagingSubscription } from '../subscription';
import { ChainVerifier } from '../verify';

/** The whole log in memory: for fast tests of handlers and projections. Positions are 1, 2, 3... */
export class InMemoryEventStore implements EventStore {
  private readonly log: StoredEvent[] = [];
  private readonly byStream = new Map<string, StoredEvent[]>();
  private readonly ids = new Set<string>();
  private readonly wakeup = new Wakeup();

  async append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const existing = this.byStream.get(stream) ?? [];
    const last = existing[existing.length - 1];
    const lastRevision = last?.revision ?? -1;
    checkExpectedRevision(stream, options.expectedRevision, lastRevision);
    checkUnchanged(options.unchanged, (other) => this.byStream.get(other)?.at(-1)?.revision ?? -1);
    const recordedAt = new Date().toISOString();
    const chained = chainEvents(
      stream,
      lastRevision,
      last?.metadata.hash ?? GENESIS_HASH,
      recordedAt,
      events,
    );
    const batchIds = new Set<string>();
    for (const { id } of chained) {
      if (this.ids.has(id) || batchIds.has(id)) throw new DuplicateEventIdError(id);
      batchIds.add(id);
    }
    batchIds.forEach((id) => this.ids.add(id));
    const stored = chained.map((event, index) => ({
      ...event,
      stream,
      position: String(this.log.length + 1 + index),
      recordedAt,
    }));
    this.log.push(...stored);
    this.byStream.set(stream, [...existing, ...stored]);
    this.wakeup.notify();
    return {
      nextRevision: lastRevision + stored.length,
      position: stored[stored.length - 1]?.position ?? last?.position ?? '0',
    };
  }

  /** All or nothing, like a transaction: the events go in only once every one of them has been checked. */
  async importEvents(source: ImportSource): Promise<ImportResult> {
    if (this.log.length > 0) throw new StoreNotEmptyError();
    const checker = new ImportChecker();
    const ids = new Set<string>();
    const taken: StoredEvent[] = [];
    for await (const event of source) {
      checker.check(event);
      if (ids.has(event.id)) throw new DuplicateEventIdError(event.id);
      ids.add(event.id);
      taken.push({ ...asImported(event), position: String(taken.length + 1) });
    }
    if (this.log.length > 0) throw new StoreNotEmptyError();
    for (const event of taken) {
      this.log.push(event);
      this.ids.add(event.id);
      const stream = this.byStream.get(event.stream);
      if (stream) stream.push(event);
      else this.byStream.set(event.stream, [event]);
    }
    this.wakeup.notify();
    return {
      events: taken.length,
      streams: new Set(taken.map((e) => e.stream)).size,
      position: taken.at(-1)?.position ?? null,
    };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const { fromRevision = 0, toPosition, limit } = options;
    return (this.byStream.get(stream) ?? [])
      .filter(
        (e) =>
          e.revision >= fromRevision &&
          (toPosition === undefined || comparePositions(e.position, toPosition) <= 0),
      )
      .slice(0, limit);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const start = options.after === undefined ? 0 : Number(options.after);
    return this.log.slice(start, options.limit === undefined ? undefined : start + options.limit);
  }

  async readPositions(positions: string[]): Promise<StoredEvent[]> {
    const wanted = new Set(positions);
    return this.log.filter((event) => wanted.has(event.position));
  }

  subscribeAll(options: SubscribeOptions = {}): Subscription {
    return pagingSubscription((after, limit) => this.readAll({ after, limit }), this.wakeup, options);
  }

  async verify(): Promise<VerificationReport> {
    const verifier = new ChainVerifier();
    for (const event of this.log) if (!verifier.check(event)) break;
    return verifier.finish();
  }

  async headPosition(): Promise<string | null> {
    return this.log[this.log.length - 1]?.position ?? null;
  }

  async close(): Promise<void> {
    this.wakeup.notify();
  }
}
