import { Command } from 'commander';
import { ConfigError, loadConfig, openStores } from '@ledger/ledger';
import { StoreUnavailableError } from '@ledger/event-store';

/** Bad configuration or an unreachable store ends the process with one sentence, never a stack trace. */
const fail = (error: unknown): never => {
  if (error instanceof ConfigError || error instanceof StoreUnavailableError) {
    process.stderr.write(`ledger: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
};

const serve = async () => {
  const config = loadConfig();
  const stores = await openStores(config);
  const { createServer } = await import('../../api/src/server');
  const app = await createServer(stores);
  await app.listen(config.port, '0.0.0.0');
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(
    `ledger: serving on http://localhost:${address.port}/api (store: ${config.store}, docs: /api/docs)\n`,
  );
};

const program = new Command()
  .name('ledger')
  .description('Appraisal Ledger: the event-sourced 1+X appraisal ledger (server and operator tools).')
  .showHelpAfterError();

program
  .command('serve')
  .description('serve the HTTP API and dashboard (what npm start runs)')
  .action(() => serve().catch(fail));

program.parseAsync(process.argv).catch(fail);
