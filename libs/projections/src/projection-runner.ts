import {
  Backoff,
  EventStore,
  Observers,
  StoredEvent,
  Subscription,
  WriteBehind,
  comparePositions,
} from '@ledger/event-store';
import { FoldSession } from './fold-session';
import { Projection } from './projection';
import { CheckpointMovedError, ReadModelStore } from './read-model-store';

export interface ProjectionStatus {
  projection: string;
  checkpoint: string | null;
  head: string | null;
  /** Events behind the head, where positions are plain numbers; null when it cannot be told. */
  lag: number | null;
}

/** The read models did not reach a position in time. */
export class ProjectionLaggingError extends Error {
  override readonly name = 'ProjectionLaggingError';
  readonly code = 'PROJECTION_LAGGING';
}

const lagBetween = (head: string | null, checkpoint: string | null): number | null => {
  if (head === null) return 0;
  if (!/^\d+$/.test(head) || (checkpoint !== null && !/^\d+$/.test(checkpoint))) return null;
  return Math.max(0, Number(head) - Number(checkpoint ?? 0));
};

/**
 * Keeps read models up to date in the server process: it follows the log from the oldest
 * checkpoint, folds events in batches, and writes each batch's documents with the new
 * checkpoints in one transaction. Should another writer move a checkpoint (a rebuild, another
 * process), the batch is dropped and the runner resumes from where the read models are.
 */
export class ProjectionRunner {
  private checkpoints = new Map<string, string | null>();
  private subscription: Subscription | undefined;
  private buffer: StoredEvent[] = [];
  private readonly writes = new WriteBehind(
    () => this.write(),
    (error) => {
      this.deferred = error;
      void this.subscription?.close();
    },
  );
  private running = false;
  private failure: Error | undefined;
  /** An error of a flush run outside the follow loop, rethrown inside it. */
  private deferred: Error | undefined;
  private waiters: { position: string; resolve: () => void }[] = [];
  private loop: Promise<void> | undefined;
  /** Waits between failed attempts; reset only once a batch is written, not when events are merely read again. */
  private readonly backoff: Backoff;
  /**
   * Told `position` each time it moves, once what it names can be read: live pages refresh on
   * it (GET /api/stream). In this process only; another process's runner tells its own.
   */
  readonly moved = new Observers<string>();
  private announced: string | null = null;

  constructor(
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly projections: Projection[],
    private readonly options: {
      batchSize?: number;
      retryDelayMs?: number;
      /** Told of every batch once written: the cycle snapshots follow the runner this way. */
      onWritten?: (batch: StoredEvent[]) => void;
    } = {},
  ) {
    this.backoff = new Backoff(100, options.retryDelayMs ?? 2000);
  }

  get lastError(): Error | undefined {
    return this.failure;
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.loadCheckpoints();
    this.running = true;
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.subscription?.close();
    await this.loop;
    await this.writes.settled();
  }

  private async loadCheckpoints(): Promise<void> {
    const stored = new Map((await this.readModels.checkpoints()).map((c) => [c.projection, c]));
    this.checkpoints = new Map(this.projections.map((p) => [p.name, stored.get(p.name)?.position ?? null]));
    // Another writer may have carried the read models past what someone waits for.
    this.wakeWaiters();
    this.announce();
  }

  /** The position every read model has folded, so any query reflects the log up to it; null before any. */
  get position(): string | null {
    return this.oldestCheckpoint() ?? null;
  }

  private announce(): void {
    const position = this.position;
    if (position === null || position === this.announced) return;
    this.announced = position;
    this.moved.notify(position);
  }

  /** The projections whose stored version differs from their code: they need a rebuild. */
  async stale(): Promise<Projection[]> {
    const stored = new Map((await this.readModels.checkpoints()).map((c) => [c.projection, c.version]));
    return this.projections.filter((p) => stored.has(p.name) && stored.get(p.name) !== p.version);
  }

  private oldestCheckpoint(): string | undefined {
    let oldest: string | null | undefined;
    for (const position of this.checkpoints.values()) {
      if (position === null) return undefined;
      if (oldest === undefined || comparePositions(position, oldest!) < 0) oldest = position;
    }
    return oldest ?? undefined;
  }

  private async follow(): Promise<void> {
    while (this.running) {
      this.subscription = this.events.subscribeAll({
        after: this.oldestCheckpoint(),
        batchSize: this.options.batchSize ?? 500,
      });
      try {
        for await (const event of this.subscription) {
          this.buffer.push(event);
          if (this.buffer.length >= (this.options.batchSize ?? 500)) await this.writes.now();
          else this.writes.soon();
        }
        await this.writes.now();
        const deferred = this.deferred;
        if (deferred) throw deferred;
      } catch (error) {
        this.deferred = undefined;
        await this.subscription.close();
        this.buffer = [];
        if (!(error instanceof CheckpointMovedError)) {
          this.failure = error as Error;
          await this.backoff.wait();
        }
        // Resume from the stored checkpoints, however long the store takes to come back.
        await this.backoff.retry(
          async () => {
            await this.loadCheckpoints();
            // Nothing left to fold: the follower is well again, though no batch has needed writing.
            const head = await this.events.headPosition();
            if (head === null || this.reached(head)) this.failure = undefined;
          },
          () => this.running,
          (reloadError) => (this.failure = reloadError),
        );
      }
    }
  }

  /** Folds the events at hand and writes what they change with the new checkpoints. */
  private async write(): Promise<void> {
    const batch = this.buffer;
    if (batch.length === 0) return;
    this.buffer = [];
    const session = new FoldSession(
      this.projections,
      (name, keys) => this.readModels.get(name, keys),
      this.checkpoints,
    );
    await session.apply(batch);
    const writes = session.takeWrites();
    if (writes.length > 0) await this.readModels.write(writes);
    for (const write of writes) this.checkpoints.set(write.projection, write.checkpoint);
    this.options.onWritten?.(batch);
    this.failure = undefined;
    this.backoff.reset();
    this.wakeWaiters();
    this.announce();
  }

  /** True once every projection has folded the event at `position`. */
  reached(position: string): boolean {
    for (const checkpoint of this.checkpoints.values()) {
      if (checkpoint === null || comparePositions(checkpoint, position) < 0) return false;
    }
    return true;
  }

  private wakeWaiters(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (this.reached(waiter.position)) waiter.resolve();
      else this.waiters.push(waiter);
    }
  }

  /** Read-your-writes: resolves once the read models include `position`; fails after `timeoutMs`. */
  async waitFor(position: string, timeoutMs = 5000): Promise<void> {
    if (this.reached(position)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(
          new ProjectionLaggingError(
            `The read models have not reached position ${position} within ${timeoutMs} ms.`,
          ),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ position, resolve: done });
    });
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.events.headPosition();
    const stored = new Map((await this.readModels.checkpoints()).map((c) => [c.projection, c.position]));
    return this.projections.map((p) => {
      const checkpoint = stored.get(p.name) ?? null;
      return { projection: p.name, checkpoint, head, lag: lagBetween(head, checkpoint) };
    });
  }
}
