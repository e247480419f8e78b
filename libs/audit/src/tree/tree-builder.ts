import {
  Backoff,
  EventStore,
  PositionWaiters,
  StoredEvent,
  Subscription,
  WriteBehind,
} from '@ledger/event-store';
import { CompletedSubtree, TreeFrontier, appendLeaf, frontierRoot } from '../merkle-frontier';
import { MerkleHash, eventLeafHash, hashFromHex, hashToHex } from '../merkle-hash';
import { TreeMovedError, TreeState, TreeStore } from './tree-store';

const BATCH = 1000;

/**
 * Builds the log's Merkle tree as a follower of the log, like the projections: every event, in
 * log order, is the next leaf (its chain hash), and each batch's completed subtrees are written
 * with the tree's new state in one transaction, expecting the state it started from (so two
 * builders never both write a batch). A store that fails is waited out with a capped backoff.
 */
export class TreeBuilder {
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private running = false;
  private stored: TreeState = { size: 0, frontier: [], position: null };
  private frontier: TreeFrontier = { size: 0, subtreeRoots: [] };
  private position: string | null = null;
  private pending: CompletedSubtree[] = [];
  /** Events added since the last write: told to `onStored` once written. */
  private added: StoredEvent[] = [];
  private readonly writes = new WriteBehind(
    () => this.write(),
    (error) => {
      this.deferred = error;
      void this.subscription?.close();
    },
  );
  private deferred: Error | undefined;
  private failure: Error | undefined;
  private readonly backoff = new Backoff();
  private readonly waiters = new PositionWaiters();

  constructor(
    private readonly events: EventStore,
    private readonly tree: TreeStore,
    /** Told of every event once it is a leaf in the stored tree (a cycle's close is sealed then). */
    private readonly onStored: (event: StoredEvent) => void = () => undefined,
  ) {}

  get lastError(): Error | undefined {
    return this.failure;
  }

  /** The tree as last written: size, root and the last event it includes. */
  get current(): { size: number; root: MerkleHash; position: string | null } {
    return {
      size: this.stored.size,
      root: frontierRoot({ size: this.stored.size, subtreeRoots: this.stored.frontier.map(hashFromHex) }),
      position: this.stored.position,
    };
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.resume();
    this.running = true;
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.subscription?.close();
    await this.loop;
    await this.writes.settled();
  }

  /** Resolves once the stored tree includes the event at `position`. */
  waitFor(position: string, timeoutMs = 5000): Promise<void> {
    return this.waiters.waitFor(position, this.stored.position, timeoutMs, 'The Merkle tree');
  }

  private async resume(): Promise<void> {
    this.stored = await this.tree.state();
    this.frontier = { size: this.stored.size, subtreeRoots: this.stored.frontier.map(hashFromHex) };
    this.position = this.stored.position;
    this.pending = [];
    this.added = [];
    this.waiters.reached(this.stored.position);
  }

  private async follow(): Promise<void> {
    while (this.running) {
      this.subscription = this.events.subscribeAll({ after: this.position ?? undefined, batchSize: BATCH });
      try {
        for await (const event of this.subscription) {
          this.add(event);
          if (this.pending.length >= BATCH) await this.writes.now();
          else this.writes.soon();
        }
        await this.writes.now();
        if (this.deferred) throw this.deferred;
      } catch (error) {
        this.deferred = undefined;
        await this.subscription.close();
        await this.writes.settled();
        if (!(error instanceof TreeMovedError)) {
          this.failure = error as Error;
          await this.backoff.wait();
        }
        await this.backoff.retry(
          () => this.resume(),
          () => this.running,
          (resumeError) => (this.failure = resumeError),
        );
      }
    }
  }

  private add(event: StoredEvent): void {
    const { frontier, completed } = appendLeaf(this.frontier, eventLeafHash(event.metadata.hash));
    this.frontier = frontier;
    this.position = event.position;
    for (const subtree of completed) this.pending.push(subtree);
    this.added.push(event);
  }

  /** Writes the leaves taken in since the last write, with the tree's new state. */
  private async write(): Promise<void> {
    if (this.position === this.stored.position) return;
    const subtrees = this.pending;
    const added = this.added;
    const next: TreeState = {
      size: this.frontier.size,
      frontier: this.frontier.subtreeRoots.map(hashToHex),
      position: this.position,
    };
    this.pending = [];
    this.added = [];
    const leaves = added.map((event, i) => ({ eventId: event.id, index: this.stored.size + i }));
    await this.tree.append(subtrees, leaves, next, this.stored.position);
    this.stored = next;
    for (const event of added) this.onStored(event);
    this.failure = undefined;
    this.backoff.reset();
    this.waiters.reached(next.position);
  }
}
