import { MerkleHash } from './merkle-hash';
import { LeafRange, consistencyProofRanges, inclusionPathRanges } from './merkle-ranges';
import { SubtreeSource, rangeRoot } from './merkle-subtrees';

// Every node of a proof is a range of RFC 9162's recursion, read as O(log n) perfect subtrees;
// the ranges are independent, so they are read together.
const hashesOf = (ranges: readonly LeafRange[], source: SubtreeSource): Promise<MerkleHash[]> =>
  Promise.all(ranges.map(({ start, end }) => rangeRoot(start, end, source)));

/** The audit path of leaf `index` in the tree of `treeSize` leaves (RFC 9162 section 2.1.3.1). */
export const inclusionProof = async (
  index: number,
  treeSize: number,
  source: SubtreeSource,
): Promise<MerkleHash[]> => hashesOf(inclusionPathRanges(index, treeSize), source);

/**
 * The proof that the tree of `oldSize` leaves is a prefix of the tree of `newSize` leaves
 * (RFC 9162 section 2.1.4.1); empty when the old tree is empty or the same size.
 */
export const consistencyProof = async (
  oldSize: number,
  newSize: number,
  source: SubtreeSource,
): Promise<MerkleHash[]> => hashesOf(consistencyProofRanges(oldSize, newSize), source);
