import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { EventMetadata, NewEvent, StoredMetadata } from './event-store.port';

/** The previous hash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);
export const SCHEMA_VERSION = 1;

/** Everything an event's hash covers: what it is, where it stands, who wrote it when, and the link before it. */
export interface HashedFields {
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: string;
  prevHash: string;
}

/** SHA-256 over the canonical JSON (RFC 8785) of the event and the previous hash of its stream. */
export const hashEvent = (fields: HashedFields): string => {
  const { hash: _hash, prevHash: _prev, ...metadata } = fields.metadata as StoredMetadata;
  return createHash('sha256')
    .update(canonicalJson({ ...fields, metadata }))
    .digest('hex');
};

export interface ChainedEvent {
  id: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: StoredMetadata;
}

/**
 * Links a batch of new events onto the end of a stream whose last event has `lastRevision`
 * (-1: none yet) and hash `prevHash`, giving each an id if the caller chose none.
 */
export const chainEvents = (
  stream: string,
  lastRevision: number,
  prevHash: string,
  recordedAt: string,
  events: NewEvent[],
): ChainedEvent[] => {
  const chained: ChainedEvent[] = [];
  let previous = prevHash;
  events.forEach((event, index) => {
    const id = event.id ?? randomUUID();
    const revision = lastRevision + 1 + index;
    const metadata = { ...event.metadata, schemaVersion: event.metadata.schemaVersion ?? SCHEMA_VERSION };
    const { type, data } = event;
    const hash = hashEvent({ id, stream, revision, type, data, metadata, recordedAt, prevHash: previous });
    chained.push({ id, revision, type, data, metadata: { ...metadata, prevHash: previous, hash } });
    previous = hash;
  });
  return chained;
};
