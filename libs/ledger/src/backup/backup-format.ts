import { StoredCheckpoint } from '@ledger/audit';
import { ImportedEvent } from '@ledger/event-store';
import { StoreKind } from '../config/ledger-config';
import { StoredKey } from '../keys/api-keys';

/** The NDJSON backup's format name and version, the first field of its first line (docs/backup.md). */
export const BACKUP_FORMAT = 'appraisal-ledger/backup/v1';

/** The first line of an NDJSON backup: what it holds and where it came from. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  /** The kind of store it was taken from. */
  store: StoreKind;
  /** The log's name (LEDGER_LOG_NAME), the origin of its checkpoints. */
  logName: string | null;
  /** How many events follow: the whole log up to `headPosition`. */
  events: number;
  /** The position of the last event, in the store it was taken from; null for an empty log. */
  headPosition: string | null;
  createdAt: string;
  /** How many API-key lines and checkpoint lines follow the header, before the events. */
  keys: number;
  checkpoints: number;
  /**
   * The last event the ledger's reactions had handled, in the source's positions: a restore
   * starts its reactions after it rather than running every one again.
   */
  reactionsPosition: string | null;
  /** The key that signed the checkpoints, as the ledger had it (check it against one you hold). */
  verifierKey: string | null;
}

/** An event as the backup carries it: as stored, with the position it had in the store it came from. */
export type BackedUpEvent = ImportedEvent & { position: string };

/** The lines after the header: every API key (its hash only), then every signed checkpoint, then the events. */
export interface KeyLine {
  apiKey: StoredKey;
}
export interface CheckpointLine {
  checkpoint: StoredCheckpoint;
}

/**
 * The header is written first as a placeholder and again, with the counts, once the events are
 * out: padded with spaces to a fixed length, so it can be rewritten in place. JSON allows the
 * trailing spaces, and the file is read and written once.
 */
export const HEADER_BYTES = 1024;

export const headerLine = (header: BackupHeader): string => {
  const json = JSON.stringify(header);
  const length = Buffer.byteLength(json);
  if (length > HEADER_BYTES - 1)
    throw new Error(`A backup header of ${length} bytes does not fit in ${HEADER_BYTES}.`);
  return `${json}${' '.repeat(HEADER_BYTES - 1 - length)}\n`;
};

/** A backup that cannot be read or restored, said in one sentence. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const STORE_KINDS: readonly string[] = ['sqlite', 'postgres', 'kurrentdb'];

/** Reads the first line of a backup, refusing anything that is not a header of this format. */
export const parseHeader = (file: string, line: string | undefined): BackupHeader => {
  let header: unknown;
  try {
    header = JSON.parse(line ?? '');
  } catch {
    throw new BackupError(`${file} is not a ledger backup (its first line is not JSON).`);
  }
  if (
    !isObject(header) ||
    typeof header.format !== 'string' ||
    !header.format.startsWith('appraisal-ledger/backup/')
  )
    throw new BackupError(
      `${file} is not a ledger backup (its first line names no appraisal-ledger/backup format).`,
    );
  if (header.format !== BACKUP_FORMAT)
    throw new BackupError(
      `${file} is a backup in the format ${header.format}, which this ledger does not read (it reads ${BACKUP_FORMAT}).`,
    );
  const counts = ['events', 'keys', 'checkpoints'].every(
    (field) => Number.isSafeInteger(header[field]) && (header[field] as number) >= 0,
  );
  if (!counts || !STORE_KINDS.includes(String(header.store)))
    throw new BackupError(
      `The header of ${file} is damaged: it does not say how many events, keys and checkpoints follow, or which store they came from.`,
    );
  return header as unknown as BackupHeader;
};

/** Reads one line after the header as JSON, naming the line when it is not. */
export const parseLine = (file: string, number: number, line: string): unknown => {
  try {
    return JSON.parse(line);
  } catch {
    throw new BackupError(`Line ${number} of ${file} is not JSON: the backup is damaged.`);
  }
};

export const keyOfLine = (file: string, number: number, value: unknown): StoredKey => {
  const key = isObject(value) ? value.apiKey : undefined;
  if (
    !isObject(key) ||
    typeof key.keyId !== 'string' ||
    typeof key.hash !== 'string' ||
    typeof key.role !== 'string'
  )
    throw new BackupError(
      `Line ${number} of ${file} should be an API key (its id, role and hash) and is not.`,
    );
  return key as unknown as StoredKey;
};

export const checkpointOfLine = (file: string, number: number, value: unknown): StoredCheckpoint => {
  const checkpoint = isObject(value) ? value.checkpoint : undefined;
  if (
    !isObject(checkpoint) ||
    typeof checkpoint.note !== 'string' ||
    !Number.isSafeInteger(checkpoint.treeSize)
  )
    throw new BackupError(
      `Line ${number} of ${file} should be a signed checkpoint (its size and note) and is not.`,
    );
  return checkpoint as unknown as StoredCheckpoint;
};

/** The shape of an event; whether it is one the store wrote is for the chain check to say. */
export const eventOfLine = (file: string, number: number, value: unknown): BackedUpEvent => {
  const lacking = !isObject(value)
    ? 'anything'
    : (['id', 'stream', 'type', 'recordedAt', 'position'].find((field) => typeof value[field] !== 'string') ??
      (!Number.isInteger(value.revision)
        ? 'revision'
        : !isObject(value.metadata)
          ? 'metadata'
          : !('data' in value)
            ? 'data'
            : undefined));
  if (lacking !== undefined)
    throw new BackupError(
      `Line ${number} of ${file} should be an event and has no ${lacking}: the backup is damaged.`,
    );
  return value as unknown as BackedUpEvent;
};
