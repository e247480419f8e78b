import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadSigningKey } from '@ledger/audit';
import { SqliteEventStore } from '@ledger/event-store';
import { Ledger, backupSqliteFile, loadConfig, snapshotOf, writeNdjsonBackup } from '@ledger/ledger';
import { UsageError } from '../cli-error';
import { withExistingLedger } from '../open-ledger';

export interface BackupOptions {
  out: string;
  /** sqlite: the whole database file (SQLite only, its default); ndjson: the log, keys and checkpoints. */
  format?: 'sqlite' | 'ndjson';
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const size = (bytes: number) =>
  bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The key that signed the ledger's checkpoints, for the backup to name; never made here. */
const ownVerifierKey = (ledger: Ledger): string | null => {
  const file = ledger.auditConfig?.signingKeyFile;
  return file && existsSync(file) ? loadSigningKey(file).verifierKey : null;
};

/**
 * An online, consistent backup while servers keep writing: the SQLite file through SQLite's
 * backup API, or (any store) the log up to a head fixed at the start, with the API keys'
 * hashes and the signed checkpoints, as NDJSON (docs/backup.md).
 */
export const backup = async (options: BackupOptions) => {
  const out = resolve(options.out);
  for (const taken of [out, `${out}.partial`]) {
    if (existsSync(taken))
      throw new UsageError(
        `${taken} exists already; ledger backup never writes over a file, so name a new one.`,
      );
  }
  if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory())
    throw new UsageError(`There is no directory ${dirname(out)} to write the backup in; make it first.`);
  const config = loadConfig();
  const format = options.format ?? (config.store === 'sqlite' ? 'sqlite' : 'ndjson');
  if (format === 'sqlite' && config.store !== 'sqlite')
    throw new UsageError(
      `--format sqlite copies the file of a ledger on SQLite, and this one is on ${config.store}; leave --format out for an NDJSON backup (and pg_dump for the rest, see docs/backup.md).`,
    );
  await withExistingLedger(async (ledger) => {
    const started = Date.now();
    if (format === 'sqlite') {
      const copied = await backupSqliteFile(ledger.stores.events as SqliteEventStore, out);
      process.stdout.write(
        `backed up ${plural(copied.events, 'event')} (the log up to position ${copied.headPosition ?? 'none'}) ` +
          `in the whole SQLite file, with its read models, API keys, Merkle tree and checkpoints, ` +
          `to ${out} in ${seconds(started)} (${size(copied.bytes)}).\n`,
      );
      return;
    }
    const copy = await snapshotOf(ledger.stores, {
      name: `the ledger on ${config.store}`,
      store: config.store,
      logName: ledger.auditConfig?.logName ?? null,
      verifierKey: ownVerifierKey(ledger),
    });
    const header = await writeNdjsonBackup(copy, out);
    process.stdout.write(
      `backed up ${plural(header.events, 'event')} (the log up to position ${header.headPosition ?? 'none'}), ` +
        `${plural(header.keys, 'API key')} (hashes only) and ${plural(header.checkpoints, 'signed checkpoint')} ` +
        `from ${config.store} to ${out} in ${seconds(started)} (${size(statSync(out).size)}).\n`,
    );
  });
};
