import { join } from 'node:path';
import {
  EventStore,
  KurrentDbEventStore,
  PostgresEventStore,
  SqliteEventStore,
  StoreUnavailableError,
} from '@ledger/event-store';
import { PostgresReadModels, ReadModelStore, SqliteReadModels } from '@ledger/projections';
import { PostgresTreeStore, SqliteTreeStore, TreeStore } from '@ledger/audit';
import { ConfigError, LedgerConfig } from '../config/ledger-config';
import { ApiKeyStore } from '../keys/api-keys';
import { PostgresKeyStore, SqliteKeyStore } from '../keys/sql-key-stores';
import { NoLedgerError, checkLedgerFile, makeDataDirectory, openSqliteLedger } from './sqlite-ledger-file';

/** The stores a ledger process works on: the event log and the read models. */
export interface LedgerStores {
  events: EventStore;
  readModels: ReadModelStore;
  keys: ApiKeyStore;
  /** The log's Merkle tree and its signed checkpoints, beside the read models. */
  tree: TreeStore;
  close(): Promise<void>;
}

const hostOf = (url: string): string => {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || 5432}`;
};

const reach = async <T>(what: string, connect: () => Promise<T>): Promise<T> => {
  try {
    return await connect();
  } catch (error) {
    // Reached, but nothing there to use, or a data directory that cannot be made: already one sentence.
    if (error instanceof NoLedgerError || error instanceof ConfigError) throw error;
    const reason = (error as { code?: string; message?: string }).code ?? (error as Error).message;
    throw new StoreUnavailableError(`Cannot reach ${what} (${reason}).`);
  }
};

/** Read models and keys kept in the file of an open SQLite store, closed with it. */
const besideInSqlite = (store: SqliteEventStore) => ({
  readModels: new SqliteReadModels(store.db),
  keys: new SqliteKeyStore(store.db),
  tree: new SqliteTreeStore(store.db),
  close: () => store.close(),
});

export interface OpenStoresOptions {
  /**
   * false for the commands that only read (verify, history, export, rebuild): where there is no
   * SQLite ledger they say so instead of creating an empty one to report on.
   */
  createIfMissing?: boolean;
}

/** Opens the stores the configuration names; an unreachable store fails with one sentence. */
export const openStores = async (
  config: LedgerConfig,
  { createIfMissing = true }: OpenStoresOptions = {},
): Promise<LedgerStores> => {
  switch (config.store) {
    case 'sqlite': {
      const file = join(config.dataDir, 'ledger.db');
      const events = await reach(`the SQLite file ${file}`, async () => {
        if (createIfMissing) makeDataDirectory(config.dataDir);
        else checkLedgerFile(file);
        return openSqliteLedger(file);
      });
      return { events, ...besideInSqlite(events) };
    }
    case 'postgres': {
      const url = config.databaseUrl!;
      const events = await reach(`PostgreSQL at ${hostOf(url)}`, () =>
        PostgresEventStore.connect({ connectionString: url }),
      );
      const readModels = await PostgresReadModels.connect({ pool: events.pool });
      return {
        events,
        readModels,
        keys: new PostgresKeyStore(events.pool),
        tree: await PostgresTreeStore.connect(events.pool),
        close: () => events.close(),
      };
    }
    case 'kurrentdb': {
      const events = KurrentDbEventStore.connect({ connectionString: config.kurrentdbUrl! });
      await reach(`KurrentDB at ${config.kurrentdbUrl}`, () => events.headPosition());
      if (config.databaseUrl) {
        const url = config.databaseUrl;
        const readModels = await reach(`PostgreSQL at ${hostOf(url)}`, () =>
          PostgresReadModels.connect({ connectionString: url }),
        );
        return {
          events,
          readModels,
          keys: new PostgresKeyStore(readModels.pool),
          tree: await PostgresTreeStore.connect(readModels.pool),
          close: async () => (await readModels.close(), await events.close()),
        };
      }
      const local = besideInSqlite(
        await reach(`the SQLite file of the read models in ${config.dataDir}`, async () => {
          makeDataDirectory(config.dataDir);
          return openSqliteLedger(join(config.dataDir, 'read-models.db'));
        }),
      );
      return {
        events,
        readModels: local.readModels,
        keys: local.keys,
        tree: local.tree,
        close: async () => (await local.close(), await events.close()),
      };
    }
  }
};
