import { basename } from 'node:path';
import { Ledger, loadConfig } from '@ledger/ledger';
import { stopGracefullyOnSignals } from '../graceful-stop';
import { checkPortFree, listenOrSay } from '../port';

const HOST = '0.0.0.0';

export const serve = async () => {
  const config = loadConfig();
  await checkPortFree(config.port, HOST);
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
  const app = await createServer(ledger);
  await listenOrSay(() => app.listen(config.port, HOST), config.port);
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(
    `ledger: serving on http://localhost:${address.port}/api (store: ${config.store}, docs: /api/docs)\n`,
  );
  stopGracefullyOnSignals(app.getHttpServer(), async () => {
    await app.close();
    await ledger.stop();
  });
};
