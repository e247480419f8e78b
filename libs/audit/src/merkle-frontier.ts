/**
 * Growing the tree one leaf at a time, as the audit follower does while it reads the log.
 *
 * Storage layout this is made for: the follower appends leaves in log order and, for every leaf,
 * stores each perfect subtree that leaf completes, at every level: the leaf itself (level 0),
 * and one more per trailing 1-bit of the old size (on average 2 rows per leaf, 2n in all; each
 * row final once written, so the store only ever inserts). A SubtreeSource over those rows then
 * answers perfect(level, index) with one point read, and any proof for a 10M-leaf log reads at
 * most 2 log2(n) + 2 of them (measured in merkle-reads.spec.ts). A store that prefers tlog-tiles'
 * density may keep only every 8th level in 256-hash tiles and hash the levels between from a
 * tile: appendLeaf reports everything, so either fits.
 */
import { MerkleHash, emptyTreeRoot, isMerkleHash, nodeHash } from './merkle-hash';
import { LeafRange, PerfectSubtree, half, isOdd, perfectSubtreesOf, requireLeafCount } from './merkle-ranges';
import { SubtreeSource } from './merkle-subtrees';

/** A perfect subtree whose hash became final when a leaf arrived: a row for the store. */
export interface CompletedSubtree extends PerfectSubtree {
  readonly hash: MerkleHash;
}

/**
 * All a follower must remember of the leaves so far: the roots of the perfect subtrees that
 * tile [0, size), largest first, one per set bit of size (what transparency-dev calls a compact
 * range). O(log n), so appending never needs the earlier leaves.
 */
export interface TreeFrontier {
  readonly size: number;
  readonly subtreeRoots: readonly MerkleHash[];
}

export const EMPTY_FRONTIER: TreeFrontier = { size: 0, subtreeRoots: [] };

const setBits = (n: number): number => {
  let count = 0;
  for (let rest = n; rest > 0; rest = half(rest)) if (isOdd(rest)) count++;
  return count;
};

/**
 * Appends the next leaf: the new frontier, and the perfect subtrees this leaf completes, lowest
 * first (the leaf, then each subtree it closes above it, as a binary counter carries).
 */
export const appendLeaf = (
  frontier: TreeFrontier,
  leaf: MerkleHash,
): { frontier: TreeFrontier; completed: CompletedSubtree[] } => {
  requireLeafCount('frontier size', frontier.size);
  if (frontier.subtreeRoots.length !== setBits(frontier.size)) {
    throw new Error(`a frontier of ${frontier.size} leaves has ${setBits(frontier.size)} subtree roots`);
  }
  if (!isMerkleHash(leaf)) throw new TypeError(`a leaf hash is 32 bytes, not ${leaf.length}`);
  const roots = [...frontier.subtreeRoots];
  let hash = leaf;
  let level = 0;
  let index = frontier.size;
  const completed: CompletedSubtree[] = [{ level, index, hash }];
  // An odd index is a right child: its left sibling is the smallest root of the frontier, and
  // together they complete their parent.
  while (isOdd(index)) {
    const left = roots.pop();
    if (left === undefined) throw new Error('unreachable: a right child always has a left sibling');
    hash = nodeHash(left, hash);
    level++;
    index = half(index);
    completed.push({ level, index, hash });
  }
  roots.push(hash);
  return { frontier: { size: frontier.size + 1, subtreeRoots: roots }, completed };
};

/** The tree's root: the frontier folded from the right, as RFC 9162's right edge is. */
export const frontierRoot = (frontier: TreeFrontier): MerkleHash =>
  frontier.subtreeRoots.length === 0
    ? emptyTreeRoot()
    : frontier.subtreeRoots.reduceRight((right, left) => nodeHash(left, right));

/** The frontier after `treeSize` leaves, from stored subtrees: how a follower resumes. */
export const frontierAt = async (treeSize: number, source: SubtreeSource): Promise<TreeFrontier> => {
  requireLeafCount('treeSize', treeSize);
  const whole: LeafRange = { start: 0, end: treeSize };
  const subtreeRoots = await Promise.all(
    perfectSubtreesOf(whole).map(({ level, index }) => source.perfect(level, index)),
  );
  return { size: treeSize, subtreeRoots };
};

/** MTH of the given leaf hashes (RFC 9162 section 2.1.1), in one pass and O(log n) memory. */
export const rootOf = (leafHashes: Iterable<MerkleHash>): MerkleHash => {
  let frontier = EMPTY_FRONTIER;
  for (const leaf of leafHashes) frontier = appendLeaf(frontier, leaf).frontier;
  return frontierRoot(frontier);
};
