import { createReadStream } from 'node:fs';
import { link, open, unlink } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import {
  BACKUP_FORMAT,
  BackedUpEvent,
  BackupError,
  BackupHeader,
  CheckpointLine,
  KeyLine,
  checkpointOfLine,
  eventOfLine,
  headerLine,
  keyOfLine,
  parseHeader,
  parseLine,
} from './backup-format';
import { LedgerCopy } from './ledger-copy';

/** Lines are gathered into chunks of about this many bytes before each write. */
const CHUNK = 1 << 20;

/**
 * Writes a copy as an NDJSON backup: the header, one line per API key, one per signed
 * checkpoint, then one per event in log order. It is written to `<file>.partial`, flushed to
 * disk and only then given its name, which it never takes from a file already there: a backup
 * that failed half-way is never mistaken for one that did not.
 */
export const writeNdjsonBackup = async (copy: LedgerCopy, file: string): Promise<BackupHeader> => {
  const partial = `${file}.partial`;
  const out = await open(partial, 'wx', 0o600);
  try {
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      store: copy.store,
      logName: copy.logName,
      events: 0,
      headPosition: copy.headPosition,
      createdAt: new Date().toISOString(),
      keys: copy.keys.length,
      checkpoints: copy.checkpoints.length,
      reactionsPosition: copy.reactionsPosition,
      verifierKey: copy.verifierKey,
    };
    let chunk = headerLine(header);
    const write = async (line: string) => {
      chunk += `${line}\n`;
      if (chunk.length >= CHUNK) {
        await out.write(chunk);
        chunk = '';
      }
    };
    for (const apiKey of copy.keys) await write(JSON.stringify({ apiKey } satisfies KeyLine));
    for (const checkpoint of copy.checkpoints)
      await write(JSON.stringify({ checkpoint } satisfies CheckpointLine));
    for await (const { id, stream, revision, position, type, data, metadata, recordedAt } of copy.read()) {
      await write(JSON.stringify({ id, stream, revision, position, type, data, metadata, recordedAt }));
      header.events++;
    }
    await out.write(chunk);
    await out.write(headerLine(header), 0);
    await out.sync();
    await out.close();
    await link(partial, file);
    await unlink(partial);
    return header;
  } catch (error) {
    await out.close().catch(() => undefined);
    await unlink(partial).catch(() => undefined);
    throw error;
  }
};

/** The file's lines, numbered from 1. */
async function* linesOf(file: string): AsyncGenerator<{ number: number; text: string }> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of lines) yield { number: ++number, text };
  } finally {
    lines.close();
  }
}

/**
 * Opens an NDJSON backup: its header, keys and checkpoints at once, its events as they are read
 * (twice, by a restore: to check them, then to import them). A file that ends early or runs on
 * is refused when its events are read.
 */
export const openNdjsonBackup = async (file: string): Promise<LedgerCopy> => {
  const name = `the backup ${file}`;
  const keys: KeyLine['apiKey'][] = [];
  const checkpoints: CheckpointLine['checkpoint'][] = [];
  let header: BackupHeader | undefined;
  for await (const { number, text } of linesOf(file)) {
    if (!header) {
      header = parseHeader(file, text);
      if (header.keys + header.checkpoints === 0) break;
      continue;
    }
    const value = parseLine(file, number, text);
    if (keys.length < header.keys) keys.push(keyOfLine(file, number, value));
    else checkpoints.push(checkpointOfLine(file, number, value));
    if (keys.length + checkpoints.length === header.keys + header.checkpoints) break;
  }
  if (!header) throw new BackupError(`${file} is empty: it is no ledger backup.`);
  if (keys.length + checkpoints.length < header.keys + header.checkpoints)
    throw new BackupError(`${file} ends before the keys and checkpoints its header counts: it is truncated.`);
  const { events, headPosition, store, logName, reactionsPosition, verifierKey } = header;
  const skip = 1 + header.keys + header.checkpoints;
  async function* read(): AsyncGenerator<BackedUpEvent> {
    let count = 0;
    for await (const { number, text } of linesOf(file)) {
      if (number <= skip) continue;
      if (count === events)
        throw new BackupError(
          `${file} has more lines than the ${events} events its header counts: it is damaged.`,
        );
      yield eventOfLine(file, number, parseLine(file, number, text));
      count++;
    }
    if (count < events)
      throw new BackupError(
        `${file} ends after ${count} of the ${events} events its header counts: it is truncated.`,
      );
  }
  return {
    name,
    store,
    logName,
    events,
    headPosition,
    keys,
    checkpoints,
    reactionsPosition,
    verifierKey,
    read,
    close: async () => undefined,
  };
};
