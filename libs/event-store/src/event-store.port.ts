/**
 * The EventStore port: the one interface every store adapter implements. The contract suite
 * in `test/contract.ts` is its definition.
 */

import type { ImportResult, ImportSource } from './event-import';

/** Who did it, why, and how the event relates to the request and to other events. */
export interface EventMetadata {
  /** `name`: who held the key when the command was issued (absent on events recorded before names were). */
  actor: { id: string; role: string; name?: string };
  reason?: string | null;
  idempotencyKey?: string | null;
  /** A digest of the command that carried the idempotency key: a retry must carry the same. */
  requestHash?: string | null;
  correlationId?: string | null;
  causationId?: string | null;
  schemaVersion?: number;
}

/** Metadata as stored: with the schema version fixed and the hash chain links. */
export interface StoredMetadata extends EventMetadata {
  schemaVersion: number;
  prevHash: string;
  hash: string;
}

export interface NewEvent<T extends string = string, D = unknown> {
  /** A caller-chosen id lets an event be named (by a dispute, say) before it is stored. */
  id?: string;
  type: T;
  data: D;
  metadata: EventMetadata;
}

export interface StoredEvent<T extends string = string, D = unknown> {
  id: string;
  stream: string;
  /** 0-based position of the event within its stream. */
  revision: number;
  /** Opaque; orders the whole log. Compare with `comparePositions`. */
  position: string;
  type: T;
  data: D;
  metadata: StoredMetadata;
  /** ISO 8601 instant the event was appended. */
  recordedAt: string;
}

/** The revision of the stream's last event, or that the stream must not exist yet, or no check. */
export type ExpectedRevision = number | 'no-stream' | 'any';

/** A stream a decision read besides its own, at the revision it read (-1: it did not exist). */
export interface StreamRead {
  stream: string;
  revision: number;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
  /**
   * Streams the events were decided on besides their own: the append is refused, as a stale
   * expected revision is, if any of them has moved since it was read, so a rule that spans
   * streams holds against writers racing on the others.
   */
  unchanged?: readonly StreamRead[];
}

export interface AppendResult {
  /** The revision of the last event now in the stream: the expected revision for the next append. */
  nextRevision: number;
  /** The position of the last event appended. */
  position: string;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  /** Only events at or before this position: the stream as it stood then. */
  toPosition?: string;
  /** At most this many events (from `fromRevision` on): a page of the stream. */
  limit?: number;
}

export interface ReadAllOptions {
  /** Only events after this position (exclusive); from the start when absent. */
  after?: string;
  limit?: number;
}

export interface SubscribeOptions {
  after?: string;
  /** How many events to read at a time while catching up. */
  batchSize?: number;
}

/** A catch-up then live feed of the whole log, in order. Iterate it; `close` ends the iteration. */
export interface Subscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void>;
}

export interface BrokenLink {
  stream: string;
  revision: number;
  expected: string;
  found: string;
}

export interface VerificationReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  firstBroken?: BrokenLink;
}

export interface EventStore {
  append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /**
   * The events at these positions (each as `readAll` gives it), in log order; a position that
   * holds no event of this store is left out. Read models that name their events by position
   * (a unit's history) are joined with the log through it.
   */
  readPositions(positions: string[]): Promise<StoredEvent[]>;
  subscribeAll(options?: SubscribeOptions): Subscription;
  /** Walks every stream's hash chain and reports the first broken link. */
  verify(): Promise<VerificationReport>;
  /** The position of the last event in the log, or null when the log is empty. */
  headPosition(): Promise<string | null>;
  /**
   * Copies a log from another store (a backup, a migration) into this one, which must hold no
   * events (`StoreNotEmptyError`). Every event is kept exactly as given (id, stream, revision,
   * type, data, metadata with its chain links, recorded time) and appended in the order given,
   * with positions of this store's own; each must continue its stream's hash chain
   * (`ImportRefusedError` names the first that does not). See `event-import.ts`.
   */
  importEvents(events: ImportSource): Promise<ImportResult>;
  close(): Promise<void>;
}

/** The expected revision did not match the stream: someone else wrote first. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  readonly code = 'VERSION_CONFLICT';

  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no-stream',
  ) {
    super(
      `Stream ${stream} is at ${actual === 'no-stream' ? 'no revision (it does not exist)' : `revision ${actual}`}, not at the expected ${expected}.`,
    );
  }
}

/** A caller-chosen event id that is already stored (or used twice in one append). */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  readonly code = 'DUPLICATE_EVENT_ID';

  constructor(readonly eventId: string) {
    super(`An event with id ${eventId} is already stored.`);
  }
}

/** The store could not be reached or refused to work: not the caller's fault. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'STORE_UNAVAILABLE';
}

/** Checks that every stream a decision read is where it was read: `revisionOf` gives its current revision (-1: none). */
export const checkUnchanged = (
  reads: readonly StreamRead[] | undefined,
  revisionOf: (stream: string) => number,
): void => {
  for (const { stream, revision } of reads ?? []) {
    checkExpectedRevision(stream, revision === -1 ? 'no-stream' : revision, revisionOf(stream));
  }
};

/** Checks an expected revision against the stream's current one (-1: no stream). */
export const checkExpectedRevision = (stream: string, expected: ExpectedRevision, current: number): void => {
  const matches = expected === 'any' || (expected === 'no-stream' ? current === -1 : expected === current);
  if (!matches)
    throw new WrongExpectedRevisionError(stream, expected, current === -1 ? 'no-stream' : current);
};
