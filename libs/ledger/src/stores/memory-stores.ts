import Database from 'better-sqlite3';
import { InMemoryEventStore } from '@ledger/event-store';
import { SqliteReadModels } from '@ledger/projections';
import { SqliteTreeStore } from '@ledger/audit';
import { SqliteKeyStore } from '../keys/sql-key-stores';
import { LedgerStores } from './ledger-stores';

/** Stores that live and die with the process: for tests and for tools that need a ledger but no data. */
export const memoryStores = (): LedgerStores => {
  const events = new InMemoryEventStore();
  const db = new Database(':memory:');
  return {
    events,
    readModels: new SqliteReadModels(db),
    keys: new SqliteKeyStore(db),
    tree: new SqliteTreeStore(db),
    close: async () => {
      await events.close();
      db.close();
    },
  };
};
