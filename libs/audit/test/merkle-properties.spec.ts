import { createHash } from 'node:crypto';
import {
  LeafHashesSource,
  MerkleHash,
  consistencyProof,
  emptyTreeRoot,
  hashToHex,
  inclusionProof,
  leafHash,
  nodeHash,
  rootOf,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '@ledger/audit';

/*
 * Random trees of 0..300 leaves, every leaf and every older size: what is produced from
 * perfect subtrees equals RFC 9162's recursive definitions written out naively here, verifies,
 * and stops verifying when anything about it is wrong.
 */
const MAX_SIZE = 300;

// Deterministic "random" leaves, so a failure can be replayed.
const LEAVES: MerkleHash[] = Array.from({ length: MAX_SIZE }, (_, i) =>
  leafHash(createHash('sha256').update(`merkle property leaf ${i}`).digest()),
);
const SOURCE = new LeafHashesSource(LEAVES);

/** The reference: RFC 9162 section 2.1 as written, over D[start:end] (memoized, or it would crawl). */
class NaiveTree {
  private readonly hashes = new Map<string, MerkleHash>();

  constructor(private readonly leaves: readonly MerkleHash[]) {}

  /** k: the largest power of two smaller than n. */
  private static split(n: number): number {
    let k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  }

  mth(start: number, end: number): MerkleHash {
    const n = end - start;
    if (n === 0) return emptyTreeRoot();
    if (n === 1) return this.leaves[start]!;
    const key = `${start}:${end}`;
    const known = this.hashes.get(key);
    if (known) return known;
    const k = NaiveTree.split(n);
    const hash = nodeHash(this.mth(start, start + k), this.mth(start + k, end));
    this.hashes.set(key, hash);
    return hash;
  }

  /** PATH(m, D[start:end]) with m relative to start. */
  path(m: number, start: number, end: number): MerkleHash[] {
    const n = end - start;
    if (n === 1) return [];
    const k = NaiveTree.split(n);
    return m < k
      ? [...this.path(m, start, start + k), this.mth(start + k, end)]
      : [...this.path(m - k, start + k, end), this.mth(start, start + k)];
  }

  /** SUBPROOF(m, D[start:end], b). */
  subproof(m: number, start: number, end: number, b: boolean): MerkleHash[] {
    const n = end - start;
    if (m === n) return b ? [] : [this.mth(start, end)];
    const k = NaiveTree.split(n);
    return m <= k
      ? [...this.subproof(m, start, start + k, b), this.mth(start + k, end)]
      : [...this.subproof(m - k, start + k, end, false), this.mth(start, start + k)];
  }

  proof(m: number, n: number): MerkleHash[] {
    return m === 0 || m === n ? [] : this.subproof(m, 0, n, true);
  }
}

const NAIVE = new NaiveTree(LEAVES);
const ROOTS = Array.from({ length: MAX_SIZE + 1 }, (_, size) => NAIVE.mth(0, size));
const SIZES = Array.from({ length: MAX_SIZE + 1 }, (_, size) => size);

const joined = (hashes: readonly MerkleHash[]): string => hashes.map(hashToHex).join(' ');
const flipped = (proof: readonly MerkleHash[], at: number, bit: number): MerkleHash[] =>
  proof.map((node, i) => {
    if (i !== at) return node;
    const copy = Buffer.from(node);
    copy[bit >> 3] = (copy[bit >> 3] ?? 0) ^ (1 << (bit & 7));
    return copy;
  });
/** One of the choices, in turn: over a run, every kind of damage meets every position. */
const inTurn = <T>(choices: readonly T[], turn: number): T[] => {
  const choice = choices[turn % Math.max(choices.length, 1)];
  return choice === undefined ? [] : [choice];
};

interface InclusionClaim {
  damage: string;
  leaf: MerkleHash;
  index: number;
  treeSize: number;
  proof: MerkleHash[];
  root: MerkleHash;
}

/** Claims that must all fail: the proof of leaf `index` of `size`, damaged in one way each. */
const damagedInclusions = (index: number, size: number, proof: MerkleHash[]): InclusionClaim[] => {
  const honest = { leaf: LEAVES[index]!, index, treeSize: size, proof, root: ROOTS[size]! };
  const otherIndexes = [index - 1, index + 1, index ^ 2, (index * 31 + 17) % size].filter(
    (other) => other !== index && other >= 0 && other < size,
  );
  // A wrong size comes with that size's real root: the tree the auditor would then hold.
  const otherSizes = [size - 1, size + 1, size * 2].filter((other) => other > index && other <= MAX_SIZE);
  return [
    ...inTurn(proof, index).map((_, at) => ({
      ...honest,
      damage: 'a changed bit',
      proof: flipped(proof, (index * 7) % proof.length, (index * 13 + at) % 256),
    })),
    { ...honest, damage: 'another leaf', leaf: flipped([honest.leaf], 0, index % 256)[0]! },
    ...inTurn(otherIndexes, index).map((other) => ({ ...honest, damage: `index ${other}`, index: other })),
    ...inTurn(otherSizes, index).map((other) => ({
      ...honest,
      damage: `size ${other}`,
      treeSize: other,
      root: ROOTS[other]!,
    })),
    ...inTurn(
      [
        { ...honest, damage: 'the root of one leaf less', root: ROOTS[size - 1]! },
        { ...honest, damage: 'a hash more', proof: [...proof, honest.root] },
        { ...honest, damage: 'a hash less', proof: proof.slice(1) },
      ],
      index,
    ),
  ];
};

interface ConsistencyClaim {
  damage: string;
  oldSize: number;
  newSize: number;
  oldRoot: MerkleHash;
  newRoot: MerkleHash;
  proof: MerkleHash[];
}

/** Claims that must all fail: the proof from `oldSize` to `newSize`, damaged in one way each. */
const damagedConsistencies = (oldSize: number, newSize: number, proof: MerkleHash[]): ConsistencyClaim[] => {
  const honest = { oldSize, newSize, oldRoot: ROOTS[oldSize]!, newRoot: ROOTS[newSize]!, proof };
  const turn = oldSize + newSize;
  // Wrong sizes come with their real roots: what holds for those sizes must be proved anew.
  const otherOldSizes = [oldSize - 1, oldSize + 1, oldSize ^ 2].filter(
    (other) => other !== oldSize && other >= 0 && other <= newSize,
  );
  const otherNewSizes = [newSize - 1, newSize + 1, newSize * 2].filter(
    (other) => other !== newSize && other >= oldSize && other <= MAX_SIZE,
  );
  return [
    ...inTurn(proof, turn).map(() => ({
      ...honest,
      damage: 'a changed bit',
      proof: flipped(proof, turn % proof.length, (turn * 13) % 256),
    })),
    ...inTurn(otherOldSizes, turn).map((other) => ({
      ...honest,
      damage: `old size ${other}`,
      oldSize: other,
      oldRoot: ROOTS[other]!,
    })),
    ...inTurn(otherNewSizes, turn).map((other) => ({
      ...honest,
      damage: `new size ${other}`,
      newSize: other,
      newRoot: ROOTS[other]!,
    })),
    ...inTurn(
      [
        { ...honest, damage: 'an older old root', oldRoot: ROOTS[oldSize - 1]! },
        { ...honest, damage: 'an older new root', newRoot: ROOTS[newSize - 1]! },
        { ...honest, damage: 'swapped roots', oldRoot: honest.newRoot, newRoot: honest.oldRoot },
        { ...honest, damage: 'no proof', proof: [] },
        { ...honest, damage: 'a hash more', proof: [...proof, honest.newRoot] },
        { ...honest, damage: 'a hash less', proof: proof.slice(0, -1) },
      ],
      turn,
    ),
  ];
};

describe('random trees of 0..300 leaves', () => {
  it('have the naive root, however it is computed', async () => {
    for (const size of SIZES) {
      const expected = hashToHex(ROOTS[size]!);
      expect(hashToHex(rootOf(LEAVES.slice(0, size)))).toBe(expected);
      expect(hashToHex(await treeRoot(size, SOURCE))).toBe(expected);
    }
  });

  // Findings are gathered per tree and compared once: 45,000 expect() calls would be most of the time.
  it('prove every leaf as the naive PATH does; the proofs verify, and damaged ones do not', async () => {
    for (const size of SIZES) {
      const [produced, expected, refused, accepted]: [string[], string[], string[], string[]] = [
        [],
        [],
        [],
        [],
      ];
      for (let index = 0; index < size; index++) {
        const proof = await inclusionProof(index, size, SOURCE);
        produced.push(joined(proof));
        expected.push(joined(NAIVE.path(index, 0, size)));
        if (!verifyInclusion(LEAVES[index]!, index, size, proof, ROOTS[size]!)) refused.push(`leaf ${index}`);
        for (const claim of damagedInclusions(index, size, proof)) {
          if (verifyInclusion(claim.leaf, claim.index, claim.treeSize, claim.proof, claim.root)) {
            accepted.push(`leaf ${index} with ${claim.damage}`);
          }
        }
      }
      expect({ size, proofs: produced }).toEqual({ size, proofs: expected });
      expect({ size, refused, accepted }).toEqual({ size, refused: [], accepted: [] });
    }
  });

  it('prove every older size as the naive PROOF does; the proofs verify, and damaged ones do not', async () => {
    for (const newSize of SIZES) {
      const [produced, expected, refused, accepted]: [string[], string[], string[], string[]] = [
        [],
        [],
        [],
        [],
      ];
      for (let oldSize = 0; oldSize <= newSize; oldSize++) {
        const proof = await consistencyProof(oldSize, newSize, SOURCE);
        produced.push(joined(proof));
        expected.push(joined(NAIVE.proof(oldSize, newSize)));
        if (!verifyConsistency(oldSize, newSize, ROOTS[oldSize]!, ROOTS[newSize]!, proof)) {
          refused.push(`from ${oldSize}`);
        }
        // Proofs that prove something are damaged; an empty one (nothing to prove) cannot be.
        if (oldSize === 0 || oldSize === newSize) continue;
        for (const claim of damagedConsistencies(oldSize, newSize, proof)) {
          if (verifyConsistency(claim.oldSize, claim.newSize, claim.oldRoot, claim.newRoot, claim.proof)) {
            accepted.push(`from ${oldSize} with ${claim.damage}`);
          }
        }
      }
      expect({ newSize, proofs: produced }).toEqual({ newSize, proofs: expected });
      expect({ newSize, refused, accepted }).toEqual({ newSize, refused: [], accepted: [] });
    }
  });
});
