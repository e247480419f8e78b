import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join, parse, sep } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { ConfigError } from '../config/ledger-config';

/** The configured place holds no usable ledger: nothing there, an empty file, or a file that is no ledger database. */
export class NoLedgerError extends Error {
  override readonly name = 'NoLedgerError';
}

const noLedgerAt = (file: string) =>
  new NoLedgerError(
    `There is no ledger at ${file}; \`npm start\` or \`ledger demo\` makes one, or set LEDGER_DATA_DIR to where yours is.`,
  );

const notALedgerDatabase = (file: string) =>
  new NoLedgerError(`${file} is not a ledger database (it is corrupt, or not SQLite).`);

/** SQLite's word for a file whose bytes are not a database it can read. */
const isNotADatabase = (error: unknown): boolean =>
  ['SQLITE_NOTADB', 'SQLITE_CORRUPT'].includes((error as { code?: string }).code ?? '');

/** The data directory and what the ledger creates in it are its owner's alone: keys, the database, its checkpoints. */
export const PRIVATE_DIRECTORY = 0o700;
export const PRIVATE_FILE = 0o600;

/**
 * Creates the data directory one level at a time, each level it creates readable by its owner only. Node's recursive mkdir takes every ENOENT for
 * a missing parent and tries again, forever, where an existing parent refuses children with
 * ENOENT: LEDGER_DATA_DIR=/proc/nope spun at 100 % CPU without a word.
 */
export const makeDataDirectory = (dir: string): void => {
  const cannot = (reason: string) =>
    new ConfigError(
      `Cannot create the data directory ${dir} (${reason}); set LEDGER_DATA_DIR to a directory you may write.`,
    );
  const { root } = parse(dir);
  let path = root;
  for (const part of dir.slice(root.length).split(sep).filter(Boolean)) {
    path = join(path, part);
    try {
      mkdirSync(path, PRIVATE_DIRECTORY);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      if (code !== 'EEXIST') throw cannot(code);
    }
  }
  if (!statSync(dir).isDirectory()) throw cannot('it is a file');
};

/**
 * Checks, without creating or changing anything, that `file` holds a ledger. Opening a store
 * creates an empty one where there is none, which a command that only reads must not do:
 * `ledger verify` on a mistyped LEDGER_DATA_DIR said "every hash chain is intact".
 */
export const checkLedgerFile = (file: string): void => {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw noLedgerAt(file);
    throw error;
  }
  if (size === 0) throw noLedgerAt(file);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const events = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'`).get();
    if (!events) throw noLedgerAt(file);
  } catch (error) {
    throw isNotADatabase(error) ? notALedgerDatabase(file) : error;
  } finally {
    db?.close();
  }
};

/**
 * The database file is created 0600 before SQLite opens it, because SQLite gives its -wal and
 * -shm files the database file's mode; one left open to others by an earlier version is closed.
 */
const keepPrivate = (file: string): void => {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const each of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((statSync(each).mode & 0o077) !== 0) chmodSync(each, PRIVATE_FILE);
    } catch (error) {
      // Not there (no -wal yet), or another user's file this one may use but not change.
      if (!['ENOENT', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
};

/** Opens (creating if need be) the store at `file`, saying in one sentence when its bytes are no database. */
export const openSqliteLedger = (file: string): SqliteEventStore => {
  keepPrivate(file);
  try {
    return SqliteEventStore.open(file);
  } catch (error) {
    throw isNotADatabase(error) ? notALedgerDatabase(file) : error;
  }
};
