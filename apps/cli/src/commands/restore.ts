import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NoteVerifier, loadSigningKey, parseVerifierKey } from '@ledger/audit';
import {
  LedgerConfig,
  LedgerCopy,
  LedgerStores,
  RestoreReport,
  checkCopy,
  isSqliteFile,
  loadConfig,
  openNdjsonBackup,
  openSqliteBackup,
  openStores,
  refuseUnlessEmpty,
  restoreChecked,
  snapshotOf,
} from '@ledger/ledger';
import { UsageError } from '../cli-error';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const step = (text: string) => process.stderr.write(`${text}...\n`);

/** Where a configuration's log lives, for messages (no password). */
const whereOf = (config: LedgerConfig): string => {
  const server = (url: string) => {
    const { hostname, port, pathname } = new URL(url);
    return `${hostname}:${port || 5432}${pathname}`;
  };
  switch (config.store) {
    case 'sqlite':
      return `the SQLite ledger ${join(config.dataDir, 'ledger.db')}`;
    case 'postgres':
      return `PostgreSQL at ${server(config.databaseUrl!)}`;
    case 'kurrentdb':
      return `KurrentDB at ${new URL(config.kurrentdbUrl!).host}`;
  }
};

/**
 * What checks the carried checkpoints: the key given, else the ledger's own signing key, else
 * the key the copy names (which proves only that the copy agrees with itself: said so).
 */
const verifiersFor = (config: LedgerConfig, copy: LedgerCopy, key: string | undefined): NoteVerifier[] => {
  if (key !== undefined) {
    try {
      return [parseVerifierKey(key)];
    } catch (error) {
      throw new UsageError(`--key is not a verifier key: ${(error as Error).message}`);
    }
  }
  const file = config.audit.signingKeyFile;
  if (existsSync(file)) {
    const own = loadSigningKey(file);
    if (copy.verifierKey !== null && copy.verifierKey !== own.verifierKey && copy.checkpoints.length > 0)
      process.stderr.write(
        `warning: ${copy.name} names another signing key (${copy.verifierKey}) than this ledger's (${file}); pass --key with the one that signed its checkpoints.\n`,
      );
    return [own.verifier];
  }
  if (copy.verifierKey === null || copy.checkpoints.length === 0) return [];
  process.stderr.write(
    `warning: its checkpoints are checked with the key ${copy.name} itself names, which shows only that it agrees with itself; pass --key with the verifier key you hold, and copy the signing key to ${file} for ledger verify.\n`,
  );
  return [parseVerifierKey(copy.verifierKey)];
};

const report = (copy: LedgerCopy, where: string, done: RestoreReport) => {
  const { check, imported, keys, checkpoints, rebuilt, verified, held } = done;
  process.stdout.write(
    `checked ${copy.name}: ${plural(check.events, 'event')} in ${plural(check.streams, 'stream')}, every hash chain intact, ` +
      `and ${plural(check.checkpoints, 'signed checkpoint')} reproduced.\n` +
      `restored into ${where}: ${plural(imported.events, 'event')} (the log now ends at position ${imported.position ?? 'none'}), ` +
      `${plural(keys, 'API key')} (hashes) and ${plural(checkpoints, 'signed checkpoint')}; ` +
      `the read models rebuilt from ${plural(rebuilt.events, 'event')} in ${(rebuilt.elapsedMs / 1000).toFixed(1)} s, and the Merkle tree built.\n` +
      `verified ${verified.eventsChecked} events in ${verified.streamsChecked} streams: every hash chain is intact, ` +
      `and the log reproduces ${plural(held.matched, 'signed checkpoint')}.\n`,
  );
};

/** The configured store if it already exists (to be checked empty); null for an SQLite ledger not made yet. */
const existingTarget = async (config: LedgerConfig): Promise<LedgerStores | null> => {
  const file = join(config.dataDir, 'ledger.db');
  if (config.store === 'sqlite' && (!existsSync(file) || statSync(file).size === 0)) return null;
  return openStores(config, { createIfMissing: false });
};

/**
 * Restores a backup (NDJSON, or an SQLite file) into the configured store, which must hold no
 * events: nothing is written, nor an SQLite ledger made, until the whole backup has been read
 * and found to verify (docs/backup.md).
 */
export const restore = async (file: string, options: { key?: string }) => {
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`There is no backup file ${file}.`);
  const config = loadConfig();
  const where = whereOf(config);
  let target = await existingTarget(config);
  let copy: LedgerCopy | undefined;
  try {
    if (target) await refuseUnlessEmpty(target.events, where);
    copy = isSqliteFile(file) ? await openSqliteBackup(file, config) : await openNdjsonBackup(file);
    const verifiers = verifiersFor(config, copy, options.key);
    step(`checking ${copy.name}`);
    const check = await checkCopy(copy, verifiers);
    target ??= await openStores(config);
    report(copy, where, await restoreChecked(copy, check, target, where, { verifiers, onStep: step }));
  } finally {
    await copy?.close();
    await target?.close();
  }
};

/**
 * Moves the configured SQLite ledger into DATABASE_URL's PostgreSQL, which must hold no
 * events: the same as a backup restored there, without the file in between. The SQLite file
 * is only read; the log is taken up to its head when the migration starts.
 */
export const migrate = async (options: { to: 'postgres'; key?: string }) => {
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new UsageError(
      `ledger migrate --to ${options.to} writes into the database DATABASE_URL names; set it to an empty PostgreSQL database.`,
    );
  const sourceConfig: LedgerConfig = { ...config, store: 'sqlite' };
  const targetConfig: LedgerConfig = { ...config, store: 'postgres' };
  const where = whereOf(targetConfig);
  const source = await openStores(sourceConfig, { createIfMissing: false });
  let target: LedgerStores | undefined;
  try {
    const signingKey = existsSync(config.audit.signingKeyFile)
      ? loadSigningKey(config.audit.signingKeyFile)
      : null;
    const copy = await snapshotOf(source, {
      name: whereOf(sourceConfig),
      store: 'sqlite',
      logName: config.audit.logName,
      verifierKey: signingKey?.verifierKey ?? null,
    });
    target = await openStores(targetConfig);
    await refuseUnlessEmpty(target.events, where);
    const verifiers = verifiersFor(config, copy, options.key);
    step(`checking ${copy.name}`);
    const check = await checkCopy(copy, verifiers);
    report(copy, where, await restoreChecked(copy, check, target, where, { verifiers, onStep: step }));
    process.stdout.write(
      `Next: stop any server on the SQLite ledger, then start with LEDGER_STORE=postgres and this DATABASE_URL; ` +
        `${join(config.dataDir, 'ledger.db')} was only read and is left as it was.\n`,
    );
  } finally {
    await target?.close();
    await source.close();
  }
};
