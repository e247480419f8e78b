import { Command } from 'commander';
import { StoreUnavailableError } from '@ledger/event-store';
import { ConfigError, KeyError, Ledger, loadConfig } from '@ledger/ledger';

/** Bad configuration, an unreachable store or a bad argument ends the process with one sentence, never a stack trace. */
const fail = (error: unknown): never => {
  if (error instanceof ConfigError || error instanceof StoreUnavailableError || error instanceof KeyError) {
    process.stderr.write(`ledger: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
};

const serve = async () => {
  const config = loadConfig();
  const ledger = await Ledger.open(config, {
    onReactionFailure: (failure) =>
      process.stderr.write(`${JSON.stringify({ level: 'warn', context: 'reactions', ...failure })}\n`),
  });
  await ledger.start();
  const adminKeyFile = await ledger.ensureAdminKey(config.dataDir);
  if (adminKeyFile)
    process.stdout.write(
      `ledger: no API keys yet; an admin key was written to ${adminKeyFile} (readable by you only)\n`,
    );
  const { createServer } = await import('../../api/src/server');
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

const createKey = async (options: { role: string; unit?: string; name: string }) => {
  const ledger = await Ledger.open(loadConfig());
  try {
    const { key, principal } = await ledger.keys.create({
      role: options.role,
      unitId: options.unit,
      name: options.name,
    });
    process.stdout.write(
      `created ${principal.role} key ${principal.keyId} for ${principal.name}${principal.unitId ? ` (unit ${principal.unitId})` : ''}; it is shown once:\n`,
    );
    process.stdout.write(`${key}\n`);
  } finally {
    await ledger.stores.close();
  }
};

const program = new Command()
  .name('ledger')
  .description('Appraisal Ledger: the event-sourced 1+X appraisal ledger (server and operator tools).')
  .showHelpAfterError();

program
  .command('serve')
  .description('serve the HTTP API and dashboard (what npm start runs)')
  .action(() => serve().catch(fail));

program
  .command('keys')
  .description('manage API keys')
  .command('create')
  .description('create an API key; prints it alone on the last line')
  .requiredOption('--role <role>', 'admin, supervisor, reviewer, unit-leader, auditor or analyst')
  .option('--unit <unitId>', 'the unit a unit-leader key is bound to')
  .requiredOption('--name <name>', 'whose key it is')
  .action((options: { role: string; unit?: string; name: string }) => createKey(options).catch(fail));

program.parseAsync(process.argv).catch(fail);
