import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { PositionTimeoutError, StoredEvent, comparePositions } from '@ledger/event-store';
import {
  DocReader,
  ProjectionLaggingError,
  CycleSnapshots,
  ProjectionRunner,
  SnapshotKeeper,
  allProjections,
  rebuildProjections,
  storeReader,
} from '@ledger/projections';
import { CommandExecutor } from './commands/command-executor';
import { ReadModelDirectory } from './commands/read-model-directory';
import { AuditConfig, LedgerConfig } from './config/ledger-config';
import { ApiKeys } from './keys/api-keys';
import { writeAdminKeyFile } from './keys/admin-key-file';
import { WriteHealth, WriteStatus } from './health/write-health';
import {
  Checkpointer,
  Ed25519SigningKey,
  StoredCheckpoint,
  TreeBuilder,
  cycleSealExtension,
  loadOrCreateSigningKey,
} from '@ledger/audit';
import { asAppraisalEvent } from '@ledger/domain';
import { ReactionFailure, ReactionRunner } from './reactions/reaction-runner';
import { LedgerStores, openStores } from './stores/ledger-stores';
import { makeDataDirectory } from './stores/sqlite-ledger-file';

/** A checkpoint that could not be signed or sent is worth a log line, never a stop. */
const warnOfCheckpoints = (message: string): void => {
  process.stderr.write(`${JSON.stringify({ level: 'warn', context: 'checkpoints', message })}\n`);
};

const warnOfKeys = (message: string): void => {
  process.stderr.write(`${JSON.stringify({ level: 'warn', context: 'keys', message })}\n`);
};

/** The checkpoint row a write probe sets: a write beside the log's, never to it. */
const WRITE_PROBE = 'write-probe';

/**
 * One ledger process's working parts over its stores: the command executor, the projection
 * runner, the reaction runner, the read models and the API keys. Plain objects, so that the
 * HTTP server and the CLI share them and tests drive them without a framework.
 */
export class Ledger {
  readonly reader: DocReader;
  readonly executor: CommandExecutor;
  readonly projections: ProjectionRunner;
  /** Snapshots of each cycle's folded read models, for queries as of a past position or instant. */
  readonly snapshots: CycleSnapshots;
  private readonly snapshotKeeper: SnapshotKeeper;
  readonly reactions: ReactionRunner;
  readonly keys: ApiKeys;
  /** Whether the store takes writes, as the last one found. */
  readonly writes = new WriteHealth();
  /** The log's Merkle tree, built as a follower of the log. */
  readonly tree: TreeBuilder;
  /** Signs checkpoints of the tree; only in a process that was given the audit configuration and started. */
  checkpoints: Checkpointer | undefined;

  constructor(
    readonly stores: LedgerStores,
    onReactionFailure?: (failure: ReactionFailure) => void,
    readonly auditConfig?: AuditConfig,
    streamCacheBytes?: number,
  ) {
    this.tree = new TreeBuilder(stores.events, stores.tree, (event) => this.sealIfClosed(event));
    this.reader = storeReader(stores.readModels);
    this.snapshots = new CycleSnapshots(stores.events, stores.readModels);
    this.snapshotKeeper = new SnapshotKeeper(this.snapshots);
    this.projections = new ProjectionRunner(stores.events, stores.readModels, allProjections, {
      onWritten: (batch) => this.snapshotKeeper.folded(batch),
    });
    const directory = new ReadModelDirectory(this.reader, () => this.projectionsAtHead());
    this.executor = new CommandExecutor(stores.events, directory, {
      onWrite: (error) => this.writes.record(error),
      streamCacheBytes,
    });
    this.reactions = new ReactionRunner(stores.events, stores.readModels, this.executor, onReactionFailure);
    this.keys = new ApiKeys(stores.keys, stores.events, this.executor);
  }

  static async open(
    config: LedgerConfig,
    options: { onReactionFailure?: (failure: ReactionFailure) => void } = {},
  ): Promise<Ledger> {
    return new Ledger(
      await openStores(config),
      options.onReactionFailure,
      config.audit,
      config.streamCacheBytes,
    );
  }

  /** The key that signs this ledger's checkpoints, made on first use (mode 0600). */
  signingKey(): Ed25519SigningKey {
    if (!this.auditConfig) throw new Error('This ledger was opened without its audit configuration.');
    if (this.loadedSigningKey) return this.loadedSigningKey;
    const { signingKeyFile, logName } = this.auditConfig;
    // On PostgreSQL nothing else makes the data directory the key lives in by default.
    if (!existsSync(signingKeyFile)) makeDataDirectory(dirname(signingKeyFile));
    // Loaded once: the key the route publishes is the one the checkpointer signs with.
    this.loadedSigningKey = loadOrCreateSigningKey(signingKeyFile, logName).key;
    return this.loadedSigningKey;
  }

  private loadedSigningKey: Ed25519SigningKey | undefined;

  /** A cycle's close is sealed by a checkpoint naming its year, once the tree includes it. */
  private sealIfClosed(event: StoredEvent): void {
    const closed = asAppraisalEvent(event);
    if (closed.type !== 'CycleClosed' || !this.checkpoints) return;
    void this.checkpoints
      .issue({ covering: event.position, extensions: [cycleSealExtension(closed.data.year)] })
      .catch((error: Error) =>
        warnOfCheckpoints(`the ${closed.data.year} seal was not signed: ${error.message}`),
      );
  }

  /** Rebuilds the read models whose code changed since they were written. */
  private async rebuildStale(): Promise<void> {
    const stale = await this.projections.stale();
    if (stale.length > 0) await rebuildProjections(this.stores.events, this.stores.readModels, stale);
  }

  /** Brings read models whose code changed up to date, then follows the log, and signs checkpoints of it. */
  async start(): Promise<void> {
    const { refused } = await this.keys.recordUnlogged();
    for (const { keyId, reason } of refused)
      warnOfKeys(
        `the key ${keyId}, issued before key events, opens nothing: its issue was refused (${reason})`,
      );
    await this.rebuildStale();
    await this.projections.start();
    await this.reactions.start();
    await this.tree.start();
    if (this.auditConfig) {
      this.checkpoints = this.checkpointer();
      this.checkpoints.start();
    }
  }

  private checkpointer(): Checkpointer {
    if (!this.auditConfig) throw new Error('This ledger was opened without its audit configuration.');
    const { logName, everySeconds, checkpointDir, witnessUrl } = this.auditConfig;
    return new Checkpointer(this.tree, this.stores.tree, this.signingKey(), {
      origin: logName,
      everyMs: everySeconds * 1000,
      directory: checkpointDir,
      witnessUrl: witnessUrl ?? undefined,
      onWitnessFailure: (error) =>
        warnOfCheckpoints(`the witness did not take a checkpoint: ${error.message}`),
    });
  }

  /** Signs a checkpoint of the whole log as it stands now (what `ledger checkpoint` does). */
  async checkpointNow(timeoutMs = 120_000): Promise<StoredCheckpoint> {
    await this.tree.start();
    const head = await this.stores.events.headPosition();
    return (this.checkpoints ?? this.checkpointer()).issue(
      head === null ? {} : { covering: head, timeoutMs },
    );
  }

  /**
   * Brings the read models and the reactions up to the head of the log and stops: what a
   * command-line query does before it reads, whether or not a server follows the log too.
   */
  async catchUp(): Promise<void> {
    await this.rebuildStale();
    await this.projections.start();
    await this.reactions.start();
    try {
      await this.settle(120_000);
    } finally {
      await this.reactions.stop();
      await this.projections.stop();
    }
  }

  /**
   * Read-your-writes, consequences included: resolves once the reactions have handled every
   * event up to `position` and the read models have folded everything those reactions
   * appended, and what the reactions to that appended, and so on (panel closed, ruling,
   * case). Fails with PROJECTION_LAGGING after `timeoutMs`.
   */
  async includes(position: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const left = () => Math.max(1, deadline - Date.now());
    let target = position;
    try {
      await this.reactions.waitFor(position, left());
      // What the events up to `position` caused, then what that caused, and so on: never other writers' news.
      let frontier = this.reactions.consequences.causedBeyond(position);
      while (frontier.length > 0) {
        const furthest = frontier.reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b));
        if (comparePositions(furthest, target) > 0) target = furthest;
        await this.reactions.waitFor(furthest, left());
        frontier = frontier.flatMap((caused) => this.reactions.consequences.causedBy(caused));
      }
    } catch (error) {
      if (!(error instanceof PositionTimeoutError)) throw error;
      throw new ProjectionLaggingError(
        `The reactions to the events up to position ${position} have not all been recorded within ${timeoutMs} ms.`,
      );
    }
    await this.projections.waitFor(target, left());
  }

  /** Waits until the read models and the reactions have taken in the whole log, the reactions' own events included. */
  async settle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const head = await this.stores.events.headPosition();
      if (head === null) return;
      await this.includes(head, Math.max(1, deadline - Date.now()));
      if ((await this.stores.events.headPosition()) === head) return;
    }
  }

  /** The read models include everything the log held a moment ago. */
  private async projectionsAtHead(): Promise<void> {
    const head = await this.stores.events.headPosition();
    if (head !== null) await this.projections.waitFor(head);
  }

  /**
   * Whether the store takes writes now. While the last write failed, a small write (a
   * checkpoint of its own, beside the read models') finds out whether that is still so.
   */
  async writeStatus(): Promise<WriteStatus> {
    if (this.writes.current.ok) return this.writes.current;
    try {
      await this.stores.readModels.write([
        { projection: WRITE_PROBE, docs: [], checkpoint: '0', version: 1 },
      ]);
      this.writes.record();
    } catch (error) {
      this.writes.record(error);
    }
    return this.writes.current;
  }

  async stop(): Promise<void> {
    await this.checkpoints?.stop();
    await this.tree.stop();
    await this.reactions.stop();
    await this.projections.stop();
    await this.snapshotKeeper.settled();
    await this.stores.close();
  }

  /**
   * On a first start with no keys at all, an admin key is written to a file only its owner
   * can read (admin.key, or a new name beside one left from an earlier store); the path is
   * returned (to print), never the key.
   */
  async ensureAdminKey(dataDir: string): Promise<string | null> {
    if ((await this.keys.count()) > 0) return null;
    makeDataDirectory(dataDir); // first: a key stored without its file would lock everyone out
    const { key } = await this.keys.create(
      { role: 'admin', name: 'first admin' },
      {
        actor: { id: 'ledger', role: 'system', name: 'the ledger, on its first start' },
        correlationId: randomUUID(),
      },
    );
    return writeAdminKeyFile(dataDir, key);
  }
}
