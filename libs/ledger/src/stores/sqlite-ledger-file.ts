import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';

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

/** Opens (creating if need be) the store at `file`, saying in one sentence when its bytes are no database. */
export const openSqliteLedger = (file: string): SqliteEventStore => {
  try {
    return SqliteEventStore.open(file);
  } catch (error) {
    throw isNotADatabase(error) ? notALedgerDatabase(file) : error;
  }
};
