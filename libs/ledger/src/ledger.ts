import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { comparePositions } from '@ledger/event-store';
import {
  DocReader,
  ProjectionRunner,
  allProjections,
  rebuildProjections,
  storeReader,
} from '@ledger/projections';
import { CommandExecutor } from './commands/command-executor';
import { ReadModelDirectory } from './commands/read-model-directory';
import { LedgerConfig } from './config/ledger-config';
import { ApiKeys } from './keys/api-keys';
import { ReactionFailure, ReactionRunner } from './reactions/reaction-runner';
import { LedgerStores, openStores } from './stores/ledger-stores';

/**
 * One ledger process's working parts over its stores: the command executor, the projection
 * runner, the reaction runner, the read models and the API keys. Plain objects, so that the
 * HTTP server and the CLI share them and tests drive them without a framework.
 */
export class Ledger {
  readonly reader: DocReader;
  readonly executor: CommandExecutor;
  readonly projections: ProjectionRunner;
  readonly reactions: ReactionRunner;
  readonly keys: ApiKeys;

  constructor(
    readonly stores: LedgerStores,
    onReactionFailure?: (failure: ReactionFailure) => void,
  ) {
    this.reader = storeReader(stores.readModels);
    const directory = new ReadModelDirectory(this.reader, stores.events);
    this.executor = new CommandExecutor(stores.events, directory);
    this.projections = new ProjectionRunner(stores.events, stores.readModels, allProjections);
    this.reactions = new ReactionRunner(
      stores.events,
      stores.readModels,
      this.executor,
      directory,
      onReactionFailure,
    );
    this.keys = new ApiKeys(stores.keys);
  }

  static async open(
    config: LedgerConfig,
    options: { onReactionFailure?: (failure: ReactionFailure) => void } = {},
  ): Promise<Ledger> {
    return new Ledger(await openStores(config), options.onReactionFailure);
  }

  /** Rebuilds the read models whose code changed since they were written. */
  private async rebuildStale(): Promise<void> {
    const stale = await this.projections.stale();
    if (stale.length > 0) await rebuildProjections(this.stores.events, this.stores.readModels, stale);
  }

  /** Brings read models whose code changed up to date, then follows the log. */
  async start(): Promise<void> {
    await this.rebuildStale();
    await this.projections.start();
    await this.reactions.start();
  }

  /**
   * Brings the read models up to the head of the log and stops: what a command-line query
   * does before it reads them, whether or not a server is following the log too.
   */
  async catchUp(): Promise<void> {
    await this.rebuildStale();
    const head = await this.stores.events.headPosition();
    await this.projections.start();
    try {
      if (head !== null) await this.projections.waitFor(head, 120_000);
    } finally {
      await this.projections.stop();
    }
  }

  /** Waits until the read models and the reactions have taken in the whole log, the reactions' own events included. */
  async settle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const head = await this.stores.events.headPosition();
      if (head === null) return;
      await this.projections.waitFor(head, Math.max(1, deadline - Date.now()));
      while (this.reactions.position === null || comparePositions(this.reactions.position, head) < 0) {
        if (Date.now() > deadline) throw new Error('The reactions did not catch up with the log in time.');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      if ((await this.stores.events.headPosition()) === head) return;
    }
  }

  async stop(): Promise<void> {
    await this.reactions.stop();
    await this.projections.stop();
    await this.stores.close();
  }

  /**
   * On a first start with no keys at all, an admin key is written to a file only its owner
   * can read; the path is returned (to print), never the key.
   */
  async ensureAdminKey(dataDir: string): Promise<string | null> {
    if ((await this.keys.count()) > 0) return null;
    const { key } = await this.keys.create({ role: 'admin', name: 'first admin' });
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'admin.key');
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    chmodSync(file, 0o600); // a file left from an earlier store keeps its mode when overwritten

    return file;
  }
}
