import { Ledger, loadConfig } from '@ledger/ledger';

export const serve = async () => {
  const config = loadConfig();
  const ledger = await Ledger.open(config, {
    onReactionFailure: (failure) =>
      process.stderr.write(`${JSON.stringify({ level: 'warn', context: 'reactions', ...failure })}\n`),
  });
  await ledger.start();
  const adminKeyFile = await ledger.ensureAdminKey(config.dataDir);
  if (adminKeyFile) {
    process.stdout.write(
      `ledger: no API keys yet; an admin key was written to ${adminKeyFile} (readable by you only)\n`,
    );
  }
  // NestJS is loaded only to serve: the other commands start faster without it.
  const { createServer } = await import('../../../api/src/server');
  const app = await createServer(ledger);
  await app.listen(config.port, '0.0.0.0');
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(
    `ledger: serving on http://localhost:${address.port}/api (store: ${config.store}, docs: /api/docs)\n`,
  );
  const shutdown = async () => {
    await app.close();
    await ledger.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
};
