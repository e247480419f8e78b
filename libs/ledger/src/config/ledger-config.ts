import { resolve } from 'node:path';

export type StoreKind = 'sqlite' | 'postgres' | 'kurrentdb';

/** The configuration server and CLI share, read from the environment (docs/api.md). */
export interface LedgerConfig {
  store: StoreKind;
  dataDir: string;
  databaseUrl: string | null;
  kurrentdbUrl: string | null;
  port: number;
}

/** Bad configuration: its message is the one sentence a user sees before the process stops. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const STORES: readonly StoreKind[] = ['sqlite', 'postgres', 'kurrentdb'];

const urlOrError = (value: string | undefined, name: string, schemes: string[]): string | null => {
  if (value === undefined || value.trim() === '') return null;
  let scheme: string;
  try {
    scheme = new URL(value).protocol.replace(/:$/, '');
  } catch {
    throw new ConfigError(
      `${name} is not a valid URL; expected something like ${schemes[0]}://host:port/...`,
    );
  }
  if (!schemes.includes(scheme)) {
    throw new ConfigError(
      `${name} must start with ${schemes.map((s) => `${s}://`).join(' or ')}, not ${scheme}://.`,
    );
  }
  return value;
};

/** Reads and checks the configuration; throws a ConfigError naming the first thing wrong. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): LedgerConfig => {
  const store = (env.LEDGER_STORE ?? 'sqlite').trim().toLowerCase();
  if (!STORES.includes(store as StoreKind)) {
    throw new ConfigError(`LEDGER_STORE must be one of ${STORES.join(', ')}; "${env.LEDGER_STORE}" is not.`);
  }
  const portText = (env.PORT ?? '3000').trim();
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535; "${env.PORT}" is not.`);
  }
  const databaseUrl = urlOrError(env.DATABASE_URL, 'DATABASE_URL', ['postgres', 'postgresql']);
  const kurrentdbUrl = urlOrError(env.KURRENTDB_URL, 'KURRENTDB_URL', [
    'kurrentdb',
    'kurrentdb+discover',
    'esdb',
    'esdb+discover',
  ]);
  if (store === 'postgres' && !databaseUrl) {
    throw new ConfigError(
      'LEDGER_STORE=postgres needs DATABASE_URL, e.g. postgres://user@localhost:5432/ledger.',
    );
  }
  if (store === 'kurrentdb' && !kurrentdbUrl) {
    throw new ConfigError(
      'LEDGER_STORE=kurrentdb needs KURRENTDB_URL, e.g. kurrentdb://localhost:2113?tls=false.',
    );
  }
  return {
    store: store as StoreKind,
    dataDir: resolve(env.LEDGER_DATA_DIR?.trim() || './data'),
    databaseUrl,
    kurrentdbUrl,
    port,
  };
};
