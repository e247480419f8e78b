import {
  EMPTY_FRONTIER,
  NoteVerifier,
  TreeFrontier,
  appendLeaf,
  eventLeafHash,
  frontierRoot,
  hashToHex,
  openCheckpoint,
} from '@ledger/audit';
import { EventStore } from '@ledger/event-store';

/** A signed note to hold the log against, and where it came from (the store, or a file kept elsewhere). */
export interface NoteToCheck {
  note: string;
  from: string;
}

export interface CheckpointVerification {
  /** Checkpoints whose signature verified and whose root the log reproduces. */
  matched: number;
  /** How many events of the log were read to check them. */
  eventsRead: number;
  /** The first thing that does not hold, in one sentence; absent when all holds. */
  problem?: string;
}

/** A tree size and the root a verified note signed for it. */
export interface SignedRoot {
  treeSize: number;
  root: string;
  from: string;
}

const PAGE = 5000;

/** Opens every note with the verifiers: the roots they sign, or the first note that does not verify. */
export const openSignedRoots = (
  notes: readonly NoteToCheck[],
  verifiers: readonly NoteVerifier[],
): { roots: SignedRoot[] } | { problem: string } => {
  const roots: SignedRoot[] = [];
  for (const { note, from } of notes) {
    try {
      const { checkpoint } = openCheckpoint(note, verifiers);
      roots.push({ treeSize: checkpoint.treeSize, root: hashToHex(checkpoint.rootHash), from });
    } catch (error) {
      return { problem: `the checkpoint from ${from} does not verify: ${(error as Error).message}` };
    }
  }
  return { roots };
};

/**
 * Follows a log event by event, in log order, and checks each signed root as the log reaches
 * its size: the root of the first `treeSize` events, recomputed from their chain hashes, must
 * be the signed one. Used over a store (`verifyCheckpoints`) and over a backup as it is read.
 */
export class CheckpointWalk {
  private readonly roots: SignedRoot[];
  private frontier: TreeFrontier = EMPTY_FRONTIER;
  private next = 0;
  private matched = 0;
  private problem: string | undefined;

  constructor(roots: readonly SignedRoot[]) {
    this.roots = [...roots].sort((a, b) => a.treeSize - b.treeSize);
    this.check();
  }

  /** Whether every root is checked (or one failed): the rest of the log need not be read for them. */
  get done(): boolean {
    return this.problem !== undefined || this.next >= this.roots.length;
  }

  /** Takes the log's next event by its chain hash; false once something does not hold. */
  add(chainHash: string): boolean {
    if (this.done) return this.problem === undefined;
    this.frontier = appendLeaf(this.frontier, eventLeafHash(chainHash)).frontier;
    this.check();
    return this.problem === undefined;
  }

  private check(): void {
    while (
      !this.problem &&
      this.next < this.roots.length &&
      this.roots[this.next]!.treeSize === this.frontier.size
    ) {
      const { treeSize, root, from } = this.roots[this.next++]!;
      const found = hashToHex(frontierRoot(this.frontier));
      if (found !== root) {
        this.problem = `the checkpoint of ${treeSize} events from ${from} signed root ${root}, but the log's first ${treeSize} events give ${found}`;
        return;
      }
      this.matched++;
    }
  }

  /** The outcome, once the log has been read to its end (or far enough). */
  finish(): CheckpointVerification {
    if (!this.problem && this.next < this.roots.length) {
      const { treeSize, from } = this.roots[this.next]!;
      this.problem = `the checkpoint from ${from} signed ${treeSize} events, but the log holds only ${this.frontier.size}: events were deleted`;
    }
    return {
      matched: this.matched,
      eventsRead: this.frontier.size,
      ...(this.problem ? { problem: this.problem } : {}),
    };
  }
}

/**
 * Holds the log against signed checkpoints: each note's signature must verify, and the root of
 * the log's first `treeSize` events, recomputed from their chain hashes, must be the signed
 * one. An insider who rewrites events and re-chains their stream, or deletes any events, no
 * longer reproduces a root signed before.
 */
export const verifyCheckpoints = async (
  events: EventStore,
  notes: readonly NoteToCheck[],
  verifiers: readonly NoteVerifier[],
): Promise<CheckpointVerification> => {
  const opened = openSignedRoots(notes, verifiers);
  if ('problem' in opened) return { matched: 0, eventsRead: 0, problem: opened.problem };
  const walk = new CheckpointWalk(opened.roots);
  for (let after: string | undefined; !walk.done;) {
    const page = await events.readAll({ after, limit: PAGE });
    if (page.length === 0) break;
    for (const event of page) if (!walk.add(event.metadata.hash)) break;
    after = page[page.length - 1]!.position;
  }
  return walk.finish();
};
