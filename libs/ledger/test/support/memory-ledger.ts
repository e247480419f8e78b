import Database from 'better-sqlite3';
import { InMemoryEventStore } from '@ledger/event-store';
import { SqliteReadModels } from '@ledger/projections';
import { SqliteTreeStore } from '@ledger/audit';
import { Ledger, SqliteKeyStore } from '@ledger/ledger';

/** A whole ledger (executor, reactions, projections) over the memory event store, read models in an in-memory SQLite. */
export const memoryLedger = (): Ledger => {
  const events = new InMemoryEventStore();
  const db = new Database(':memory:');
  return new Ledger({
    events,
    readModels: new SqliteReadModels(db),
    keys: new SqliteKeyStore(db),
    tree: new SqliteTreeStore(db),
    close: async () => {
      await events.close();
      db.close();
    },
  });
};
