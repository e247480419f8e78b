import { EventStore, StoredEvent } from '@ledger/event-store';

/** What a command's first attempt answered, by actor and idempotency key. */
export interface KeyedAnswer {
  requestHash: string | null;
  eventIds: string[];
  streamVersion: number;
  position: string;
}

/** A stream folded for deciding: its state, its revision (-1: none) and its last event's position, and the answers given under idempotency keys. */
export interface LoadedStream<S> {
  state: S;
  revision: number;
  position: string | null;
  answers: ReadonlyMap<string, KeyedAnswer>;
}

/** A folded stream as the cache keeps it: its answers map is extended in place. */
type Cached<S> = LoadedStream<S> & { answers: Map<string, KeyedAnswer> };

export const answerKey = (actorId: string, idempotencyKey: string): string => `${actorId}\n${idempotencyKey}`;

/**
 * Adds the answers recorded by `events` to a stream's map. The map is shared by every fold of
 * the stream and only ever grows with facts of the log, so it is extended in place: copying
 * it per event would cost a client that always sends keys quadratic time.
 */
const recordAnswers = (
  answers: Map<string, KeyedAnswer>,
  events: StoredEvent[],
): Map<string, KeyedAnswer> => {
  for (const event of events) {
    if (!event.metadata.idempotencyKey) continue;
    const key = answerKey(event.metadata.actor.id, event.metadata.idempotencyKey);
    const found = answers.get(key);
    if (found?.eventIds.includes(event.id)) continue;
    answers.set(key, {
      requestHash: found?.requestHash ?? event.metadata.requestHash ?? null,
      eventIds: [...(found?.eventIds ?? []), event.id],
      streamVersion: event.revision,
      position: event.position,
    });
  }
  return answers;
};

/**
 * What a folded stream is reckoned to weigh in memory, from what it holds: measured on Node 20
 * (a scorecard's entry about 175 bytes, an idempotency answer about 540), rounded up.
 */
const BYTES_PER_STREAM = 512;
const BYTES_PER_EVENT = 200;
const BYTES_PER_ANSWER = 600;
const weightOf = (cached: LoadedStream<unknown>): number =>
  BYTES_PER_STREAM + (cached.revision + 1) * BYTES_PER_EVENT + cached.answers.size * BYTES_PER_ANSWER;

/** The cache's default bound: what `LEDGER_STREAM_CACHE_MB` sets. */
export const DEFAULT_STREAM_CACHE_BYTES = 64 * 2 ** 20;

/**
 * Folded streams kept between commands, so a command reads only the events appended since
 * (by anyone: this process or another); an append still expects the revision its command
 * decided on, and the revisions of the other streams it read. A fold carries a stream's state
 * forward in place (so folding is linear), so one stream is never folded by two loads at once:
 * a load that finds another under way for its stream shares that one's result. It may then be
 * a few events behind, which the append's expectations catch (the command is decided again).
 */
export class StreamCache {
  /** Least recently loaded first; each with the weight it was counted at. */
  private readonly loaded = new Map<string, Cached<unknown>>();
  private readonly weights = new Map<string, number>();
  private readonly loading = new Map<string, Promise<LoadedStream<unknown>>>();
  private bytes = 0;

  /** `capacityBytes` bounds what the streams kept are reckoned to weigh; the least recently loaded go first. */
  constructor(
    private readonly events: EventStore,
    private readonly capacityBytes = DEFAULT_STREAM_CACHE_BYTES,
  ) {}

  /** What the streams kept are reckoned to weigh, in bytes. */
  get weight(): number {
    return this.bytes;
  }

  get size(): number {
    return this.loaded.size;
  }

  private keep(stream: string, cached: Cached<unknown>): void {
    this.forget(stream);
    const weight = weightOf(cached);
    this.loaded.set(stream, cached);
    this.weights.set(stream, weight);
    this.bytes += weight;
    for (const oldest of this.loaded.keys()) {
      if (this.bytes <= this.capacityBytes || oldest === stream) break;
      this.forget(oldest);
    }
  }

  private forget(stream: string): void {
    this.bytes -= this.weights.get(stream) ?? 0;
    this.weights.delete(stream);
    this.loaded.delete(stream);
  }

  load<S>(
    stream: string,
    evolve: (state: S, event: StoredEvent) => S,
    initialState: S,
  ): Promise<LoadedStream<S>> {
    const under = this.loading.get(stream) as Promise<LoadedStream<S>> | undefined;
    if (under) return under;
    const load = this.catchUp(stream, evolve, initialState).finally(() => this.loading.delete(stream));
    this.loading.set(stream, load);
    return load;
  }

  /**
   * The stream as this process last knew it, without asking the store when it knows it (an
   * append decided on it still expects the revision it shows, so a stream another process
   * moved meanwhile makes the append fail, and the command is decided again on a fresh load).
   */
  loadKnown<S>(
    stream: string,
    evolve: (state: S, event: StoredEvent) => S,
    initialState: S,
  ): Promise<LoadedStream<S>> {
    const cached = this.loaded.get(stream) as Cached<S> | undefined;
    if (cached && !this.loading.has(stream)) return Promise.resolve(cached);
    return this.load(stream, evolve, initialState);
  }

  /**
   * What this process appended, folded into the stream it knows with no read, when the append
   * follows right on the revision it knows; else forgotten, to be read afresh.
   */
  appended<S>(stream: string, evolve: (state: S, event: StoredEvent) => S, events: StoredEvent[]): void {
    const cached = this.loaded.get(stream) as Cached<S> | undefined;
    if (!cached || this.loading.has(stream)) return;
    if (events.length === 0 || events[0]!.revision !== cached.revision + 1) {
      this.forget(stream);
      return;
    }
    cached.state = events.reduce(evolve, cached.state);
    cached.revision = events[events.length - 1]!.revision;
    cached.position = events[events.length - 1]!.position;
    recordAnswers(cached.answers, events);
    this.keep(stream, cached);
  }

  /**
   * The stream as it is now: a load already under way may have started before the caller's
   * last append, so it is waited out and a load started since is used. A command decides on its
   * own stream this way, so that a client's expected version is compared with the truth.
   */
  async loadFresh<S>(
    stream: string,
    evolve: (state: S, event: StoredEvent) => S,
    initialState: S,
  ): Promise<LoadedStream<S>> {
    await this.loading.get(stream)?.catch(() => undefined);
    return this.load(stream, evolve, initialState);
  }

  private async catchUp<S>(
    stream: string,
    evolve: (state: S, event: StoredEvent) => S,
    initialState: S,
  ): Promise<LoadedStream<S>> {
    const cached = this.loaded.get(stream) as Cached<S> | undefined;
    const fresh = await this.events.readStream(stream, { fromRevision: (cached?.revision ?? -1) + 1 });
    if (cached && fresh.length === 0) return cached;
    const result: Cached<S> = {
      state: fresh.reduce(evolve, cached?.state ?? initialState),
      revision: fresh.length > 0 ? fresh[fresh.length - 1]!.revision : -1,
      position: fresh.length > 0 ? fresh[fresh.length - 1]!.position : null,
      answers: recordAnswers(cached?.answers ?? new Map(), fresh),
    };
    const current = this.loaded.get(stream);
    if (!current || current.revision < result.revision) this.keep(stream, result);
    return result;
  }
}
