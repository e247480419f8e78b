import { MerkleHash, isMerkleHash, nodeHash } from './merkle-hash';
import { requireLeafCount } from './merkle-ranges';
import { SubtreeSource } from './merkle-subtrees';

// Subtrees of fewer leaves are cheaper to hash again than to remember: remembering from level 4
// up keeps at most n/8 hashes, and hashing a smaller one again costs at most 7 node hashes.
const REMEMBERED_FROM_LEVEL = 4;

/**
 * Perfect subtrees computed directly from an array of leaf hashes: the reference source for
 * tests, and the one an offline verifier uses over a bundle's leaves. Hashes of larger subtrees
 * are remembered, so proofs for many leaves of one tree cost O(n) hashing in all, not per proof.
 */
export class LeafHashesSource implements SubtreeSource {
  private readonly leaves: readonly MerkleHash[];
  private readonly remembered = new Map<number, MerkleHash[]>();

  constructor(leafHashes: readonly MerkleHash[]) {
    leafHashes.forEach((leaf, index) => {
      if (!isMerkleHash(leaf)) throw new TypeError(`leaf ${index} is ${leaf.length} bytes, not 32`);
    });
    this.leaves = [...leafHashes]; // the caller's array may change; this tree must not
  }

  get treeSize(): number {
    return this.leaves.length;
  }

  async perfect(level: number, index: number): Promise<MerkleHash> {
    requireLeafCount('level', level);
    requireLeafCount('index', index);
    if ((index + 1) * 2 ** level > this.leaves.length) {
      throw new RangeError(
        `subtree ${index} of level ${level} is not complete in a tree of ${this.leaves.length} leaves`,
      );
    }
    // A copy: a caller that alters a proof it got must not alter this tree.
    return Buffer.from(this.subtreeHash(level, index));
  }

  private subtreeHash(level: number, index: number): MerkleHash {
    if (level === 0) {
      const leaf = this.leaves[index];
      if (leaf === undefined) throw new RangeError(`no leaf ${index}`);
      return leaf;
    }
    const memo = level >= REMEMBERED_FROM_LEVEL ? this.memoOf(level) : undefined;
    const known = memo?.[index];
    if (known !== undefined) return known;
    const hash = nodeHash(this.subtreeHash(level - 1, 2 * index), this.subtreeHash(level - 1, 2 * index + 1));
    if (memo !== undefined) memo[index] = hash;
    return hash;
  }

  private memoOf(level: number): MerkleHash[] {
    let memo = this.remembered.get(level);
    if (memo === undefined) {
      memo = [];
      this.remembered.set(level, memo);
    }
    return memo;
  }
}
