/**
 * The log as an RFC 9162 (RFC 6962 section 2.1) Merkle tree: hashing, roots, inclusion and
 * consistency proofs built from stored perfect subtrees, and their verification. Pure: the only
 * input from outside is a SubtreeSource.
 */
export {
  MERKLE_HASH_SIZE,
  emptyTreeRoot,
  eventLeafHash,
  hashFromHex,
  hashToHex,
  leafHash,
  nodeHash,
  sameHash,
} from './merkle-hash';
export type { MerkleHash } from './merkle-hash';
export {
  consistencyProofRanges,
  inclusionPathRanges,
  isTreeRange,
  leavesOf,
  perfectSubtreesOf,
} from './merkle-ranges';
export type { LeafRange, PerfectSubtree } from './merkle-ranges';
export { rangeRoot, treeRoot } from './merkle-subtrees';
export type { SubtreeSource } from './merkle-subtrees';
export { LeafHashesSource } from './merkle-memory-source';
export { consistencyProof, inclusionProof } from './merkle-proofs';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle-verify';
export { EMPTY_FRONTIER, appendLeaf, frontierAt, frontierRoot, rootOf } from './merkle-frontier';
export type { CompletedSubtree, TreeFrontier } from './merkle-frontier';
