import { StoredEvent } from './event-store.port';
import { ChainVerifier } from './verify';

/**
 * An event copied from another store (a backup, a migration): everything the store keeps of
 * it but its position, which belongs to the store it came from. Extra fields are ignored.
 */
export type ImportedEvent = Pick<
  StoredEvent,
  'id' | 'stream' | 'revision' | 'type' | 'data' | 'metadata' | 'recordedAt'
>;

/** What an import keeps of a stored event (extra fields, the position above all, dropped). */
export const asImported = ({
  id,
  stream,
  revision,
  type,
  data,
  metadata,
  recordedAt,
}: ImportedEvent): ImportedEvent => ({
  id,
  stream,
  revision,
  type,
  data,
  metadata,
  recordedAt,
});

export interface ImportResult {
  events: number;
  streams: number;
  /** The position of the last event imported; null when there was none. */
  position: string | null;
}

/** The events to import: read once, in log order; a backup file or another store can hand them over as it reads. */
export type ImportSource = Iterable<ImportedEvent> | AsyncIterable<ImportedEvent>;

/** An import goes only into a store that holds no events: a log cannot be merged into another. */
export class StoreNotEmptyError extends Error {
  override readonly name = 'StoreNotEmptyError';
  readonly code = 'STORE_NOT_EMPTY';

  constructor(what = 'The store') {
    super(`${what} already holds events; an import goes only into an empty store.`);
  }
}

/** An imported event that is not what the store would have written: off its stream's chain, or malformed. */
export class ImportRefusedError extends Error {
  override readonly name = 'ImportRefusedError';
  readonly code = 'IMPORT_REFUSED';

  constructor(
    readonly eventId: string,
    reason: string,
  ) {
    super(`Event ${eventId} cannot be imported: ${reason}.`);
  }
}

/** What `Date.prototype.toISOString` writes, which every store keeps and hands back unchanged. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HASH = /^[0-9a-f]{64}$/;

/**
 * Checks events on their way into a store, in log order, as `append` would have made them:
 * each stream's revisions count up from 0 with no gap, each event links to the hash of the one
 * before it and its own hash is what its content gives (the same check `verify()` makes), and
 * its recorded time is an instant as the stores write it (PostgreSQL would not hand any other
 * form back unchanged, and the hash covers the text).
 */
export class ImportChecker {
  private readonly chains = new ChainVerifier();
  private readonly revisions = new Map<string, number>();

  check(event: ImportedEvent): void {
    const id = typeof event?.id === 'string' ? event.id : '(no id)';
    const refuse = (reason: string): never => {
      throw new ImportRefusedError(id, reason);
    };
    if (typeof event.id !== 'string' || event.id === '') refuse('it has no id');
    if (typeof event.stream !== 'string' || event.stream === '') refuse('it names no stream');
    if (typeof event.type !== 'string' || event.type === '') refuse('it has no type');
    if (!Number.isInteger(event.revision)) refuse('its revision is not a whole number');
    if (typeof event.recordedAt !== 'string' || !ISO_INSTANT.test(event.recordedAt))
      refuse(
        `its recorded time ${JSON.stringify(event.recordedAt)} is not an ISO instant such as 2007-12-31T16:00:00.000Z`,
      );
    const { metadata } = event;
    if (typeof metadata !== 'object' || metadata === null) refuse('it has no metadata');
    if (typeof metadata.hash !== 'string' || !HASH.test(metadata.hash)) refuse('its metadata holds no hash');
    if (typeof metadata.prevHash !== 'string' || !HASH.test(metadata.prevHash))
      refuse('its metadata holds no link to the event before it');
    const expected = (this.revisions.get(event.stream) ?? -1) + 1;
    if (event.revision !== expected)
      refuse(`it is revision ${event.revision} of ${event.stream}, where revision ${expected} comes next`);
    if (!this.chains.check({ ...event, position: '0' })) {
      const broken = this.chains.finish().firstBroken!;
      refuse(
        `it does not continue the hash chain of ${broken.stream} at revision ${broken.revision} (expected ${broken.expected}, found ${broken.found})`,
      );
    }
    this.revisions.set(event.stream, event.revision);
  }
}

/** The source in arrays of at most `size`, so a store can write a batch per round trip. */
export async function* inBatches(source: ImportSource, size: number): AsyncGenerator<ImportedEvent[]> {
  let batch: ImportedEvent[] = [];
  for await (const event of source) {
    batch.push(event);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
