import {
  APPRAISAL_EVENT_TYPES,
  AppraisalEvent,
  AppraisalEventType,
  EventOfType,
  asAppraisalEvent,
} from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';

/** A read model is a map from document keys to JSON documents; a fold sees it through `read`. */
export type ReadDoc = <D>(key: string) => D | undefined;
export type DocChange = [key: string, doc: unknown];

/**
 * How a projection folds one type of event. `keys` names, ahead of the fold, every document
 * the fold may read, so that a runner loads them first (in one query per batch); `fold`
 * returns the documents the event changes.
 */
export interface EventHandler<E extends AppraisalEvent> {
  keys(event: E, stored: StoredEvent): string[];
  /**
   * Keys that can only be named once the documents of `keys` are at hand (a list kept in one of
   * them). They are asked for each event of a batch before any is folded, so they see the
   * documents as the batch found them, not as its earlier events left them.
   */
  dependentKeys?(event: E, read: ReadDoc): string[];
  fold(read: ReadDoc, event: E, stored: StoredEvent): DocChange[];
}

/** Said of an event type a projection has no use for. */
export const IGNORED = 'ignored';

/**
 * A projection's handling of every event type of the domain, by type. It is a mapped type
 * over the whole union, so a new event type does not build until each projection has said
 * what it does with it: a handler, or IGNORED.
 */
export type HandlerTable = {
  [T in AppraisalEventType]: EventHandler<EventOfType<T>> | typeof IGNORED;
};

/**
 * A projection is a pure fold over the log: given the read model (through `read`) and one
 * event, it returns the documents the event changes. The same fold serves the live runner, a
 * full rebuild and an as-of replay. Projections are declared as handler tables
 * (`projection()`); the runners see them through this interface.
 */
export interface Projection {
  name: string;
  /** Raise it when the fold or its documents change shape: the read model is then rebuilt. */
  version: number;
  /** The event types with a handler; an event of any other type changes nothing. */
  handles: ReadonlySet<string>;
  keysOf(event: StoredEvent): string[];
  dependentKeysOf(event: StoredEvent, read: ReadDoc): string[];
  evolve(read: ReadDoc, event: StoredEvent): DocChange[];
}

const NO_KEYS: string[] = [];

/**
 * A projection from its handler table. An event of a type the table ignores, or of a type the
 * domain does not know (another application's, in a shared store), changes nothing.
 */
export const projection = (definition: { name: string; version: number; on: HandlerTable }): Projection => {
  const handlers = new Map<string, EventHandler<AppraisalEvent>>();
  for (const type of APPRAISAL_EVENT_TYPES) {
    const handler: EventHandler<AppraisalEvent> | typeof IGNORED | undefined = Object.hasOwn(
      definition.on,
      type,
    )
      ? (definition.on[type] as EventHandler<AppraisalEvent> | typeof IGNORED)
      : undefined;
    // The compiler holds a table to every type; this catches a table built past it (a cast).
    if (handler === undefined)
      throw new Error(`Projection ${definition.name} says nothing of ${type} events.`);
    if (handler !== IGNORED) handlers.set(type, handler);
  }
  return {
    name: definition.name,
    version: definition.version,
    handles: new Set(handlers.keys()),
    keysOf: (stored) => handlers.get(stored.type)?.keys(asAppraisalEvent(stored), stored) ?? NO_KEYS,
    dependentKeysOf: (stored, read) =>
      handlers.get(stored.type)?.dependentKeys?.(asAppraisalEvent(stored), read) ?? NO_KEYS,
    evolve: (read, stored) => handlers.get(stored.type)?.fold(read, asAppraisalEvent(stored), stored) ?? [],
  };
};

/** Keys are colon-separated parts; a part's own colons are escaped so the scope stays unambiguous. */
const NEEDS_ESCAPE = /[:%]/;
const escapePart = (part: string | number): string => {
  if (typeof part === 'number') return String(part);
  return NEEDS_ESCAPE.test(part) ? part.replace(/%/g, '%25').replace(/:/g, '%3A') : part;
};

// A loop, not map and join: a fold names a few keys for every event it sees.
export const docKey = (...parts: (string | number)[]): string => {
  let key = escapePart(parts[0] ?? '');
  for (let i = 1; i < parts.length; i++) key += ':' + escapePart(parts[i]!);
  return key;
};

/** A key's parts as `docKey` was given them. */
export const keyParts = (key: string): string[] =>
  key.split(':').map((part) => (part.includes('%') ? part.replace(/%3A/g, ':').replace(/%25/g, '%') : part));

/** The scope of a key lists it with its siblings: `card:2007:sansheng` lies in `card:2007`. */
export const scopeOf = (key: string): string => key.slice(0, Math.max(0, key.lastIndexOf(':')));
