import { hash, randomUUID } from 'node:crypto';
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

/** An event's metadata without its own chain links, which its hash cannot cover. */
const unlinked = (metadata: EventMetadata): EventMetadata => {
  if (!('hash' in metadata) && !('prevHash' in metadata)) return metadata;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(metadata)) {
    if (key !== 'hash' && key !== 'prevHash')
      copy[key] = (metadata as unknown as Record<string, unknown>)[key];
  }
  return copy as unknown as EventMetadata;
};

/**
 * The canonical JSON of the hashed fields, written out key by key in sorted order so that the
 * data, already canonical, is serialised once and stored exactly as it was hashed.
 */
export const hashInput = (
  fields: HashedFields,
  dataJson = canonicalJson(fields.data),
  metadataJson = canonicalJson(unlinked(fields.metadata)),
): string =>
  `{"data":${dataJson},"id":${JSON.stringify(fields.id)},"metadata":${metadataJson}` +
  `,"prevHash":${JSON.stringify(fields.prevHash)},"recordedAt":${JSON.stringify(fields.recordedAt)}` +
  `,"revision":${fields.revision},"stream":${JSON.stringify(fields.stream)},"type":${JSON.stringify(fields.type)}}`;

/** SHA-256 over the canonical JSON (RFC 8785) of the event and the previous hash of its stream. */
export const hashEvent = (fields: HashedFields, dataJson?: string, metadataJson?: string): string =>
  hash('sha256', hashInput(fields, dataJson, metadataJson), 'hex');

export interface ChainedEvent {
  id: string;
  revision: number;
  type: string;
  data: unknown;
  /** The data as canonical JSON: what was hashed, ready to store. */
  dataJson: string;
  metadata: StoredMetadata;
  /** The stored metadata as JSON: the hashed canonical form with the chain links added. */
  metadataJson: string;
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
    const dataJson = canonicalJson(data);
    const unlinkedJson = canonicalJson(metadata);
    const eventHash = hashEvent(
      { id, stream, revision, type, data, metadata, recordedAt, prevHash: previous },
      dataJson,
      unlinkedJson,
    );
    const links = `"hash":"${eventHash}","prevHash":"${previous}"`;
    const metadataJson = unlinkedJson === '{}' ? `{${links}}` : `${unlinkedJson.slice(0, -1)},${links}}`;
    chained.push({
      id,
      revision,
      type,
      data,
      dataJson,
      metadata: { ...metadata, prevHash: previous, hash: eventHash },
      metadataJson,
    });
    previous = eventHash;
  });
  return chained;
};
