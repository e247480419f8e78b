import { CompletedSubtree } from '../merkle-frontier';
import { SubtreeSource } from '../merkle-subtrees';

/** Where the tree stands: how many leaves, the frontier's subtree roots (hex, largest first), and the last event folded. */
export interface TreeState {
  size: number;
  frontier: string[];
  /** The position of the last event taken in as a leaf; null before the first. */
  position: string | null;
}

export const EMPTY_TREE: TreeState = { size: 0, frontier: [], position: null };

/** Which leaf an event is: how a proof for an event id finds its place in the tree. */
export interface LeafOf {
  eventId: string;
  index: number;
}

/** A signed tree head as the ledger keeps it. */
export interface StoredCheckpoint {
  treeSize: number;
  /** Hex. */
  rootHash: string;
  /** The position of the last event the tree of that size includes. */
  lastPosition: string | null;
  issuedAt: string;
  /** The signed note: the C2SP checkpoint text, a blank line, its signature lines. */
  note: string;
}

/** Another builder (another process) moved the tree on first: this one must resume from the store. */
export class TreeMovedError extends Error {
  override readonly name = 'TreeMovedError';

  constructor(expected: string | null, found: string | null) {
    super(
      `The tree is at position ${found ?? 'the start'}, not ${expected ?? 'the start'}: another builder moved it.`,
    );
  }
}

/**
 * Where the log's Merkle tree is kept, beside the read models: every perfect subtree a leaf
 * completed (level, index, hash; each final once written, so rows are only ever inserted), and
 * the tree's state. Serves proofs with one point read per perfect subtree.
 */
export interface TreeStore extends SubtreeSource {
  state(): Promise<TreeState>;
  /** Inserts `subtrees` and moves the state to `next` in one transaction, if the state is still at `expectedPosition`. */
  append(
    subtrees: readonly CompletedSubtree[],
    leaves: readonly LeafOf[],
    next: TreeState,
    expectedPosition: string | null,
  ): Promise<void>;
  /** The leaf index of an event; null for an id the tree has not taken in. */
  leafIndexOf(eventId: string): Promise<number | null>;
  /** Keeps a checkpoint (a seal may share its size with a periodic one: both are kept). */
  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  latestCheckpoint(): Promise<StoredCheckpoint | null>;
  /** Checkpoints of size `fromSize` and up, in order. */
  checkpoints(fromSize: number, limit: number): Promise<StoredCheckpoint[]>;
}
