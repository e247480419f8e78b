import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_STREAM_CACHE_BYTES } from '../commands/stream-cache';

export type StoreKind = 'sqlite' | 'postgres' | 'kurrentdb';

/** The configuration server and CLI share, read from the environment (docs/api.md). */
export interface LedgerConfig {
  store: StoreKind;
  dataDir: string;
  databaseUrl: string | null;
  kurrentdbUrl: string | null;
  port: number;
  /** What the folded streams a process keeps for deciding may weigh (LEDGER_STREAM_CACHE_MB). */
  streamCacheBytes: number;
  audit: AuditConfig;
}

/** Signed checkpoints (docs/audit.md). */
export interface AuditConfig {
  /** The Ed25519 key that signs checkpoints; created on first start. */
  signingKeyFile: string;
  /** The log's name: the checkpoints' origin line and the signing key's name. */
  logName: string;
  everySeconds: number;
  /** Where a copy of every checkpoint is written, outside the database. */
  checkpointDir: string;
  witnessUrl: string | null;
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
  const dataDir = resolve(env.LEDGER_DATA_DIR?.trim() || './data');
  const cacheText = (env.LEDGER_STREAM_CACHE_MB ?? String(DEFAULT_STREAM_CACHE_BYTES / 2 ** 20)).trim();
  if (!/^\d{1,6}$/.test(cacheText) || Number(cacheText) < 1 || Number(cacheText) > 65_536) {
    throw new ConfigError(
      `LEDGER_STREAM_CACHE_MB must be a whole number of megabytes from 1 to 65536; "${env.LEDGER_STREAM_CACHE_MB}" is not.`,
    );
  }
  return {
    store: store as StoreKind,
    dataDir,
    databaseUrl,
    kurrentdbUrl,
    port,
    streamCacheBytes: Number(cacheText) * 2 ** 20,
    audit: auditConfig(env, dataDir),
  };
};

const LOG_NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/;

const auditConfig = (env: NodeJS.ProcessEnv, dataDir: string): AuditConfig => {
  const everyText = (env.LEDGER_CHECKPOINT_EVERY ?? '10').trim();
  const everySeconds = Number(everyText);
  if (!/^\d+(\.\d+)?$/.test(everyText) || everySeconds < 0.1 || everySeconds > 86_400) {
    throw new ConfigError(
      `LEDGER_CHECKPOINT_EVERY must be a number of seconds from 0.1 to 86400; "${env.LEDGER_CHECKPOINT_EVERY}" is not.`,
    );
  }
  const logName = (env.LEDGER_LOG_NAME ?? `appraisal-ledger/${hostname()}`).trim();
  if (!LOG_NAME.test(logName)) {
    throw new ConfigError(
      `LEDGER_LOG_NAME must be letters, digits and . _ / - (at most 128), such as appraisal-ledger/jinjiang; "${logName}" is not.`,
    );
  }
  return {
    signingKeyFile: resolve(env.LEDGER_SIGNING_KEY_FILE?.trim() || join(dataDir, 'signing.key')),
    logName,
    everySeconds,
    checkpointDir: resolve(env.LEDGER_CHECKPOINT_DIR?.trim() || join(dataDir, 'checkpoints')),
    witnessUrl: urlOrError(env.LEDGER_WITNESS_URL, 'LEDGER_WITNESS_URL', ['http', 'https']),
  };
};
