import type Database from 'better-sqlite3';

/**
 * Runs `work` in a transaction whose commit does not wait for the disk, on a connection whose
 * own commits do (the log's, `synchronous = FULL`). For what is derived from the log and made
 * again from it (read models, the Merkle tree): in WAL mode a power cut can only take the
 * latest of these commits whole, and the next log commit flushes them along with it.
 */
export const commitWithoutWaitingForDisk = <T>(db: Database.Database, work: () => T): T => {
  // Inside another transaction the setting cannot change, and the commit is that one's anyway.
  if (db.inTransaction) return db.transaction(work)();
  const synchronous = db.pragma('synchronous', { simple: true });
  db.pragma('synchronous = NORMAL');
  try {
    return db.transaction(work).immediate();
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
  }
};
