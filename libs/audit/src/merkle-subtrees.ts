import { MerkleHash, emptyTreeRoot, isMerkleHash, nodeHash } from './merkle-hash';
import { LeafRange, PerfectSubtree, perfectSubtreesOf, requireLeafCount } from './merkle-ranges';

/**
 * Where proofs get their hashes from: the hash of any perfect, aligned subtree that is complete
 * (level L, index i: leaves [i * 2^L, (i + 1) * 2^L)), as a store keeps them (C2SP tlog-tiles'
 * addressing). Asynchronous because a store reads them; asking for a subtree whose last leaf is
 * not in yet is an error, since its hash is not final.
 */
export interface SubtreeSource {
  perfect(level: number, index: number): Promise<MerkleHash>;
}

const readPerfect = async (source: SubtreeSource, { level, index }: PerfectSubtree): Promise<MerkleHash> => {
  const hash = await source.perfect(level, index);
  // A source that answers with something else would yield proofs that fail far from the cause.
  if (!isMerkleHash(hash)) {
    throw new Error(`the subtree source gave ${hash.length} bytes for level ${level}, index ${index}`);
  }
  return hash;
};

/**
 * MTH(D[start:end]) for any range RFC 9162's recursion reaches (see isTreeRange), from one
 * perfect subtree per set bit of its size: O(log n) reads, never the leaves. The range's right
 * edge is not perfect, so it is folded here rather than stored.
 */
export const rangeRoot = async (start: number, end: number, source: SubtreeSource): Promise<MerkleHash> => {
  const range: LeafRange = { start, end };
  const subtrees = perfectSubtreesOf(range);
  if (subtrees.length === 0) return emptyTreeRoot();
  const hashes = await Promise.all(subtrees.map((subtree) => readPerfect(source, subtree)));
  return hashes.reduceRight((right, left) => nodeHash(left, right));
};

/** The root of the tree of the first `treeSize` leaves: what a checkpoint signs. */
export const treeRoot = (treeSize: number, source: SubtreeSource): Promise<MerkleHash> => {
  requireLeafCount('treeSize', treeSize);
  return rangeRoot(0, treeSize, source);
};
