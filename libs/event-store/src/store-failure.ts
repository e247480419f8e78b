import { StoreUnavailableError } from './event-store.port';

/** The store has no room left, or takes no writes (a read-only file or server): reads still work. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  readonly code = 'STORAGE_FULL';
}

/** SQLite result codes (better-sqlite3's `code`) and PostgreSQL SQLSTATEs that mean the store cannot take writes. */
const FULL = new Set([
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_READONLY_DBMOVED',
  'SQLITE_READONLY_DIRECTORY',
  'SQLITE_IOERR_WRITE',
  'SQLITE_IOERR_FSYNC',
  'SQLITE_IOERR_TRUNCATE',
  '53100', // disk_full
  '25006', // read_only_sql_transaction: a standby, or default_transaction_read_only
]);

/** Codes that mean the store cannot be reached or is shutting down: worth retrying in a few seconds. */
const UNAVAILABLE = new Set([
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** What the pg driver says when a connection it held went away, without a code. */
const LOST_CONNECTION =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed|terminating connection|Query read timeout/i;

/** gRPC status codes of the KurrentDB client: 14 UNAVAILABLE, 4 DEADLINE_EXCEEDED. */
const GRPC_UNAVAILABLE = new Set([4, 14]);

/**
 * What a store error means for the caller, whichever store raised it: the store is full or
 * read-only (writes fail, reads work), or it cannot be reached (try again soon). Null: any
 * other error, which is not the store's state.
 */
export const storeFailureOf = (error: unknown): StorageFullError | StoreUnavailableError | null => {
  if (error instanceof StorageFullError || error instanceof StoreUnavailableError) return error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (typeof code === 'string' && FULL.has(code)) {
    return new StorageFullError(`The store takes no more writes (${code}: ${text}).`);
  }
  if (
    (typeof code === 'string' && (UNAVAILABLE.has(code) || code.startsWith('SQLITE_IOERR'))) ||
    (typeof code === 'number' && GRPC_UNAVAILABLE.has(code)) ||
    LOST_CONNECTION.test(text)
  ) {
    return new StoreUnavailableError(
      `The store cannot be reached (${typeof code === 'string' || typeof code === 'number' ? `${code}: ` : ''}${text}).`,
    );
  }
  return null;
};
