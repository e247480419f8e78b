import {
  EMPTY_FRONTIER,
  NoteVerifier,
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

const PAGE = 5000;

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
  const signed: { treeSize: number; root: string; from: string }[] = [];
  for (const { note, from } of notes) {
    try {
      const { checkpoint } = openCheckpoint(note, verifiers);
      signed.push({ treeSize: checkpoint.treeSize, root: hashToHex(checkpoint.rootHash), from });
    } catch (error) {
      return {
        matched: 0,
        eventsRead: 0,
        problem: `the checkpoint from ${from} does not verify: ${(error as Error).message}`,
      };
    }
  }
  signed.sort((a, b) => a.treeSize - b.treeSize);
  let frontier = EMPTY_FRONTIER;
  let next = 0;
  let matched = 0;
  const check = (): string | undefined => {
    while (next < signed.length && signed[next]!.treeSize === frontier.size) {
      const { treeSize, root, from } = signed[next++]!;
      const found = hashToHex(frontierRoot(frontier));
      if (found !== root) {
        return `the checkpoint of ${treeSize} events from ${from} signed root ${root}, but the log's first ${treeSize} events give ${found}`;
      }
      matched++;
    }
    return undefined;
  };
  let problem = check();
  for (let after: string | undefined; !problem && next < signed.length;) {
    const page = await events.readAll({ after, limit: PAGE });
    if (page.length === 0) break;
    for (const event of page) {
      frontier = appendLeaf(frontier, eventLeafHash(event.metadata.hash)).frontier;
      problem = check();
      if (problem) break;
    }
    after = page[page.length - 1]!.position;
  }
  if (!problem && next < signed.length) {
    const { treeSize, from } = signed[next]!;
    problem = `the checkpoint from ${from} signed ${treeSize} events, but the log holds only ${frontier.size}: events were deleted`;
  }
  return { matched, eventsRead: frontier.size, ...(problem ? { problem } : {}) };
};
