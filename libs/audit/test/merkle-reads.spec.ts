import { createHash } from 'node:crypto';
import {
  MerkleHash,
  SubtreeSource,
  consistencyProof,
  frontierAt,
  inclusionProof,
  treeRoot,
} from '@ledger/audit';

/*
 * A proof for a 10M-leaf log must not read the log: it reads O(log n) stored perfect subtrees.
 * The fake store below answers any complete subtree with a deterministic hash and counts reads.
 */
const TREE_SIZE = 10_000_000;
const LOG2_N = Math.log2(TREE_SIZE); // about 23.25
const READ_BOUND = 2 * LOG2_N + 2;

class CountingSource implements SubtreeSource {
  reads = 0;
  readonly seen = new Set<string>();

  constructor(private readonly treeSize: number) {}

  async perfect(level: number, index: number): Promise<MerkleHash> {
    if ((index + 1) * 2 ** level > this.treeSize) throw new RangeError(`${level}/${index} is not complete`);
    this.reads++;
    this.seen.add(`${level}/${index}`);
    return createHash('sha256').update(`${level}/${index}`).digest();
  }
}

const readsFor = async (prove: (source: SubtreeSource) => Promise<unknown>): Promise<number> => {
  const source = new CountingSource(TREE_SIZE);
  await prove(source);
  expect(source.seen.size).toBe(source.reads); // no subtree is read twice
  return source.reads;
};

// Leaves at both ends, around each power of two, the ones whose paths run along the ragged
// right edge the longest, and a spread of pseudo-random ones.
const INDEXES = [
  0,
  1,
  TREE_SIZE - 1,
  TREE_SIZE - 2,
  2 ** 23 - 1,
  2 ** 23,
  2 ** 23 + 2 ** 20,
  9_999_360,
  9_999_999 - 127,
  ...Array.from({ length: 500 }, (_, i) => (i * 7_919_993 + 12_345) % TREE_SIZE),
];

describe(`reads per proof in a tree of ${TREE_SIZE.toLocaleString('en')} leaves`, () => {
  it(`stay within 2 log2(n) + 2 = ${READ_BOUND.toFixed(1)} for inclusion proofs`, async () => {
    let most = 0;
    for (const index of INDEXES) {
      const reads = await readsFor((source) => inclusionProof(index, TREE_SIZE, source));
      most = Math.max(most, reads);
    }
    expect(most).toBeLessThanOrEqual(READ_BOUND);
    console.log(
      `inclusion proof, ${TREE_SIZE} leaves: at most ${most} perfect() reads over ${INDEXES.length} leaves`,
    );
  });

  it(`stay within 2 log2(n) + 2 for consistency proofs from any older size`, async () => {
    let most = 0;
    for (const oldSize of [1, 2, 3, ...INDEXES.filter((i) => i > 0)]) {
      const reads = await readsFor((source) => consistencyProof(oldSize, TREE_SIZE, source));
      most = Math.max(most, reads);
    }
    expect(most).toBeLessThanOrEqual(READ_BOUND);
    console.log(`consistency proof to ${TREE_SIZE} leaves: at most ${most} perfect() reads`);
  });

  it('take one read per set bit of the size for a root or a follower to resume', async () => {
    // 10,000,000 has 8 set bits.
    expect(await readsFor((source) => treeRoot(TREE_SIZE, source))).toBe(8);
    expect(await readsFor((source) => frontierAt(TREE_SIZE, source))).toBe(8);
  });
});
