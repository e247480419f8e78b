import { StoredEvent } from '@ledger/event-store';

/** A read model is a map from document keys to JSON documents; a fold sees it through `read`. */
export type ReadDoc = <D>(key: string) => D | undefined;
export type DocChange = [key: string, doc: unknown];

/**
 * A projection is a pure fold over the log: given the read model (through `read`) and one
 * event, it returns the documents the event changes. `keysOf` names, ahead of the fold, every
 * key the fold may read, so a runner can load them first; the same fold serves the live
 * runner, a full rebuild and an as-of replay.
 */
export interface Projection {
  name: string;
  /** Raise it when the fold or its documents change shape: the read model is then rebuilt. */
  version: number;
  keysOf(event: StoredEvent): string[];
  /** Keys that can only be named once the documents of `keysOf` are at hand (a list kept in one of them). */
  dependentKeysOf?(event: StoredEvent, read: ReadDoc): string[];
  evolve(read: ReadDoc, event: StoredEvent): DocChange[];
}

/** Keys are colon-separated parts; a part's own colons are escaped so the scope stays unambiguous. */
const escapePart = (part: string | number): string => {
  const text = String(part);
  return text.includes(':') || text.includes('%') ? text.replace(/%/g, '%25').replace(/:/g, '%3A') : text;
};

export const docKey = (...parts: (string | number)[]): string => parts.map(escapePart).join(':');

/** The scope of a key lists it with its siblings: `card:2007:sansheng` lies in `card:2007`. */
export const scopeOf = (key: string): string => key.slice(0, Math.max(0, key.lastIndexOf(':')));
