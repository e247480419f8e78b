/**
 * The shape of RFC 9162's tree (section 2.1), as index arithmetic only: which leaf ranges a
 * proof is made of and which perfect subtrees make up a range. No hashing here, so the
 * structure can be tested on its own and a store can see what it will be asked for.
 */

/** Leaves [start, end) of the log: RFC 9162's D[start:end]. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A perfect, aligned subtree, addressed as C2SP tlog-tiles addresses hashes: the 2^level
 * leaves [index * 2^level, (index + 1) * 2^level). Its hash never changes once its last leaf
 * is in, which is what makes it storable; the right edge of a growing tree is not.
 */
export interface PerfectSubtree {
  readonly level: number;
  readonly index: number;
}

// Sizes and indexes are plain numbers: exact up to 2^53, and JavaScript's bit operators would
// cut them to 32 bits, so halving and parity are done with arithmetic. These run in every step
// of every proof, so they touch no globals (a global lookup costs most of them under jest's vm).
const isSafeInteger = Number.isSafeInteger;
export const isLeafCount = (value: number): boolean => isSafeInteger(value) && value >= 0;
export const isOdd = (value: number): boolean => value % 2 === 1;
export const half = (value: number): number => (value - (value % 2)) / 2; // value >= 0

export const requireLeafCount = (name: string, value: number): void => {
  if (!isLeafCount(value)) throw new RangeError(`${name} must be a whole number >= 0, not ${value}`);
};

/** The largest power of two <= n, for n >= 1. */
const largestPowerOfTwoAtMost = (n: number): number => {
  let power = 1;
  while (power * 2 <= n) power *= 2;
  return power;
};

/** RFC 9162's split point k for n >= 2 leaves: the largest power of two smaller than n. */
export const splitPoint = (n: number): number => largestPowerOfTwoAtMost(n - 1);

/** The smallest power of two >= n, for n >= 1. */
const smallestPowerOfTwoAtLeast = (n: number): number => {
  let power = 1;
  while (power < n) power *= 2;
  return power;
};

const levelOfPowerOfTwo = (size: number): number => {
  let level = 0;
  while (2 ** level < size) level++;
  return level;
};

export const isPowerOfTwo = (n: number): boolean => n >= 1 && largestPowerOfTwoAtMost(n) === n;

/**
 * Whether MTH(D[start:end]) is a node of some tree of RFC 9162: the whole tree [0, n), or a
 * range its recursion reaches. Those are exactly the ranges whose start is a multiple of the
 * smallest power of two that holds them (left children are perfect and aligned; right children
 * start at a multiple of their sibling's size, which is at least their own).
 */
export const isTreeRange = ({ start, end }: LeafRange): boolean => {
  if (!isLeafCount(start) || !isLeafCount(end) || start > end) return false;
  if (start === end) return start === 0; // only the empty tree itself is empty
  return start % smallestPowerOfTwoAtLeast(end - start) === 0;
};

/**
 * The perfect subtrees whose hashes make up MTH(D[start:end]), largest first: one per set bit
 * of the range's size, so O(log n). Folding them from the right with nodeHash gives the range's
 * hash, because RFC 9162 splits a range at the largest power of two below its size, and that
 * left part is the first of them.
 */
export const perfectSubtreesOf = (range: LeafRange): PerfectSubtree[] => {
  if (!isTreeRange(range)) {
    throw new RangeError(
      `[${range.start}, ${range.end}) is no node of an RFC 9162 tree: a range must start at a multiple ` +
        'of the smallest power of two that holds it',
    );
  }
  const subtrees: PerfectSubtree[] = [];
  let start = range.start;
  let remaining = range.end - range.start;
  while (remaining > 0) {
    const size = largestPowerOfTwoAtMost(remaining);
    subtrees.push({ level: levelOfPowerOfTwo(size), index: start / size });
    start += size;
    remaining -= size;
  }
  return subtrees;
};

/** The range a perfect subtree covers. */
export const leavesOf = ({ level, index }: PerfectSubtree): LeafRange => ({
  start: index * 2 ** level,
  end: (index + 1) * 2 ** level,
});

/**
 * The ranges whose hashes form the audit path of leaf `index` in a tree of `treeSize` leaves
 * (RFC 9162 section 2.1.3.1, PATH), in the proof's order: the leaf's sibling first, the root's
 * child last. Walks down from the root: at each split the sibling is the half without the leaf.
 */
export const inclusionPathRanges = (index: number, treeSize: number): LeafRange[] => {
  requireLeafCount('index', index);
  requireLeafCount('treeSize', treeSize);
  if (index >= treeSize) throw new RangeError(`leaf ${index} is not in a tree of ${treeSize} leaves`);
  const siblings: LeafRange[] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const split = start + splitPoint(end - start);
    if (index < split) {
      siblings.push({ start: split, end });
      end = split;
    } else {
      siblings.push({ start, end: split });
      start = split;
    }
  }
  return siblings.reverse();
};

/**
 * The ranges whose hashes form the consistency proof from a tree of `oldSize` leaves to one of
 * `newSize` (RFC 9162 section 2.1.4.1, PROOF and SUBPROOF), in the proof's order. Empty when
 * there is nothing to prove: the old tree is empty or is the new one.
 */
export const consistencyProofRanges = (oldSize: number, newSize: number): LeafRange[] => {
  requireLeafCount('oldSize', oldSize);
  requireLeafCount('newSize', newSize);
  if (oldSize > newSize) throw new RangeError(`a tree of ${newSize} leaves cannot extend one of ${oldSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const nodes: LeafRange[] = [];
  let start = 0;
  let end = newSize;
  // SUBPROOF's flag b: while true, the subtree reached is the old tree itself, whose root the
  // verifier already holds, so it is left out of the proof.
  let isOldTreeItself = true;
  while (oldSize < end) {
    const split = start + splitPoint(end - start);
    if (oldSize <= split) {
      nodes.push({ start: split, end });
      end = split;
    } else {
      nodes.push({ start, end: split });
      start = split;
      isOldTreeItself = false;
    }
  }
  if (!isOldTreeItself) nodes.push({ start, end });
  return nodes.reverse();
};
