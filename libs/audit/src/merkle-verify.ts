/**
 * Proof verification (RFC 9162 sections 2.1.3.2 and 2.1.4.2). Run by auditors on data they do
 * not trust, so a malformed proof, size or hash is an answer (false), never an exception.
 */
import { MerkleHash, emptyTreeRoot, isMerkleHash, nodeHash, sameHash } from './merkle-hash';
import { half, isLeafCount, isOdd, isPowerOfTwo } from './merkle-ranges';

// fn is the position, on the current level, of the node the proof has reached, and sn that of
// the level's last node. A node at fn === sn with even fn is a right edge without a sibling on
// its level: it moves up unchanged until it becomes a right child (or the leftmost node).
const climbWhileRightEdge = (fn: number, sn: number): [number, number] => {
  while (!isOdd(fn) && fn !== 0) {
    fn = half(fn);
    sn = half(sn);
  }
  return [fn, sn];
};

/**
 * The root that an audit path leads to from `leaf` at `index` in a tree of `treeSize` leaves,
 * or undefined when the path cannot belong to such a tree. Lets a verifier say which root it
 * found, not only that it differs.
 */
export const rootFromInclusionProof = (
  leaf: MerkleHash,
  index: number,
  treeSize: number,
  proof: readonly MerkleHash[],
): MerkleHash | undefined => {
  if (!isLeafCount(index) || !isLeafCount(treeSize) || index >= treeSize) return undefined;
  if (!isMerkleHash(leaf) || !proof.every(isMerkleHash)) return undefined;
  let fn = index;
  let sn = treeSize - 1;
  let root = leaf;
  for (const sibling of proof) {
    if (sn === 0) return undefined; // more hashes than the tree has levels
    if (isOdd(fn) || fn === sn) {
      root = nodeHash(sibling, root);
      [fn, sn] = climbWhileRightEdge(fn, sn);
    } else {
      root = nodeHash(root, sibling);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? root : undefined; // fewer hashes than levels: the path stops short of the root
};

/** Whether `proof` shows that `leaf` is leaf `index` of the tree of `treeSize` leaves with `root`. */
export const verifyInclusion = (
  leaf: MerkleHash,
  index: number,
  treeSize: number,
  proof: readonly MerkleHash[],
  root: MerkleHash,
): boolean => {
  const found = rootFromInclusionProof(leaf, index, treeSize, proof);
  return found !== undefined && isMerkleHash(root) && sameHash(found, root);
};

/**
 * Whether `proof` shows that the tree of `oldSize` leaves with `oldRoot` is a prefix of the tree
 * of `newSize` leaves with `newRoot`.
 */
export const verifyConsistency = (
  oldSize: number,
  newSize: number,
  oldRoot: MerkleHash,
  newRoot: MerkleHash,
  proof: readonly MerkleHash[],
): boolean => {
  if (!isLeafCount(oldSize) || !isLeafCount(newSize) || oldSize > newSize) return false;
  if (!isMerkleHash(oldRoot) || !isMerkleHash(newRoot) || !proof.every(isMerkleHash)) return false;
  // The empty tree is a prefix of every tree, but only the empty tree's root is its root: an
  // auditor holding another root for size 0 holds a forged checkpoint.
  if (oldSize === 0) return proof.length === 0 && sameHash(oldRoot, emptyTreeRoot());
  if (oldSize === newSize) return proof.length === 0 && sameHash(oldRoot, newRoot);

  // When the old tree is a perfect subtree of the new one, its root is a node of the new tree
  // that the proof leaves out, because the verifier holds it.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  const [first, ...rest] = path;
  if (first === undefined) return false;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  // Start from the lowest node the two trees share: above the old tree's last leaf while that
  // leaf is a right child.
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let oldTreeRoot = first;
  let newTreeRoot = first;
  for (const node of rest) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      oldTreeRoot = nodeHash(node, oldTreeRoot);
      newTreeRoot = nodeHash(node, newTreeRoot);
      [fn, sn] = climbWhileRightEdge(fn, sn);
    } else {
      // Right of the old tree: only the new tree has it.
      newTreeRoot = nodeHash(newTreeRoot, node);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameHash(oldTreeRoot, oldRoot) && sameHash(newTreeRoot, newRoot);
};
