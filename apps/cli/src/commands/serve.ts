import { basename } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Ledger, loadConfig } from '@ledger/ledger';
import { loadHttpSettings } from '../../../api/src/http-settings';
import { stopGracefullyOnSignals } from '../graceful-stop';
import { checkPortFree, listenOrSay } from '../port';
import { servedAt } from '../served-at';
import { stopTracing } from '../tracing';

/**
 * A promise nobody awaited that failed (a follower's stray read while the store was away) is
 * logged loudly, with its stack, and the server keeps answering: a store that goes away is a
 * state to wait out, and one stray rejection must not take every acknowledged request's server down.
 */
const logStrayRejections = () =>
  process.on('unhandledRejection', (reason) => {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    process.stderr.write(
      `${JSON.stringify({ level: 'error', context: 'unhandled-rejection', message: error.message, stack: error.stack })}\n`,
    );
  });

export const serve = async () => {
  logStrayRejections();
  const config = loadConfig();
  const settings = loadHttpSettings();
  const { host } = settings;
  await checkPortFree(config.port, host);
  const ledger = await Ledger.open(config, {
    onReactionFailure: (failure) =>
      process.stderr.write(`${JSON.stringify({ level: 'warn', context: 'reactions', ...failure })}\n`),
  });
  await ledger.start();
  const adminKeyFile = await ledger.ensureAdminKey(config.dataDir);
  if (adminKeyFile) {
    const kept =
      basename(adminKeyFile) === 'admin.key' ? '' : '; admin.key, from an earlier store, was left as it was';
    process.stdout.write(
      `ledger: no API keys yet; an admin key was written to ${adminKeyFile} (readable by you only)${kept}\n`,
    );
  }
  // NestJS is loaded only to serve: the other commands start faster without it.
  const { createServer } = await import('../../../api/src/server');
  const app = await createServer(ledger, { settings });
  await listenOrSay(() => app.listen(config.port, host), config.port, host);
  const url = servedAt(host, app.getHttpServer().address() as AddressInfo, settings.tls !== null);
  process.stdout.write(
    `ledger: serving on ${url}/api (store: ${config.store}; docs: ${url}/api/docs; dashboard: ${url}/)\n`,
  );
  stopGracefullyOnSignals(app.getHttpServer(), async () => {
    await app.close();
    await ledger.stop();
    await stopTracing();
  });
};
