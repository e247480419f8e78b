import { closeSync, copyFileSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { link, open, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import { LedgerConfig } from '../config/ledger-config';
import { openStores } from '../stores/ledger-stores';
import { NoLedgerError } from '../stores/sqlite-ledger-file';
import { BackupError } from './backup-format';
import { LedgerCopy, snapshotOf } from './ledger-copy';

const SQLITE_MAGIC = 'SQLite format 3\0';

/** Whether `file` is an SQLite database (by its first 16 bytes), rather than an NDJSON backup. */
export const isSqliteFile = (file: string): boolean => {
  const fd = openSync(file, 'r');
  try {
    const start = Buffer.alloc(16);
    return readSync(fd, start, 0, 16, 0) === 16 && start.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
};

export interface SqliteBackupResult {
  events: number;
  headPosition: string | null;
  bytes: number;
}

/**
 * Copies the whole ledger file (log, stream heads, read models, key hashes, Merkle tree and
 * checkpoints) with SQLite's online backup API while other processes keep writing. After a
 * first step that learns the size, the rest goes in one step: one read transaction, so one
 * snapshot. In WAL mode it holds no writer up, and no write made meanwhile (by another
 * connection) forces the copy to start over, as a copy in many small steps would be.
 */
export const backupSqliteFile = async (
  store: SqliteEventStore,
  file: string,
): Promise<SqliteBackupResult> => {
  const partial = `${file}.partial`;
  // Made first, and only readable by its owner: the copy holds everything the ledger does.
  await (await open(partial, 'wx', 0o600)).close();
  try {
    await store.db.backup(partial, { progress: () => 0x7fffffff });
    const copy = new Database(partial);
    let summary: { events: number; head: number | null };
    try {
      summary = copy
        .prepare(`SELECT COUNT(*) AS events, MAX(position) AS head FROM events`)
        .get() as typeof summary;
      // Left in rollback-journal mode, the copy is one self-contained file (no -wal beside it).
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    await link(partial, file);
    await unlink(partial);
    return {
      events: summary.events,
      headPosition: summary.head === null ? null : String(summary.head),
      bytes: statSync(file).size,
    };
  } catch (error) {
    await unlink(partial).catch(() => undefined);
    throw error;
  }
};

/**
 * Opens an SQLite backup file as a ledger copy. The file itself is never opened for writing:
 * a private copy in a temporary directory is, and is removed on close.
 */
export const openSqliteBackup = async (file: string, config: LedgerConfig): Promise<LedgerCopy> => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-restore-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    copyFileSync(file, join(dir, 'ledger.db'));
    const stores = await openStores({ ...config, store: 'sqlite', dataDir: dir }, { createIfMissing: false });
    return await snapshotOf(stores, {
      name: `the backup ${file}`,
      store: 'sqlite',
      logName: null,
      verifierKey: null,
      close: async () => {
        await stores.close();
        remove();
      },
    });
  } catch (error) {
    remove();
    if (error instanceof NoLedgerError)
      throw new BackupError(`${file} is an SQLite database but no ledger backup (it holds no event log).`);
    throw error;
  }
};
