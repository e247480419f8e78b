import {
  EMPTY_FRONTIER,
  LeafHashesSource,
  MerkleHash,
  PerfectSubtree,
  appendLeaf,
  consistencyProof,
  consistencyProofRanges,
  emptyTreeRoot,
  eventLeafHash,
  frontierAt,
  frontierRoot,
  hashFromHex,
  hashToHex,
  inclusionPathRanges,
  inclusionProof,
  isTreeRange,
  leafHash,
  nodeHash,
  perfectSubtreesOf,
  rangeRoot,
  rootFromInclusionProof,
  rootOf,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '@ledger/audit';

/*
 * Known answers for the 8-leaf reference tree of the certificate-transparency implementations.
 * Only the published values are taken, from:
 * - google/certificate-transparency cpp/merkletree/merkle_tree_test.cc (commit 0e901cac):
 *   kInputs, kSHA256EmptyTreeHash, kSHA256Roots, kSHA256Paths, kSHA256Proofs;
 * - transparency-dev/merkle proof/verify_test.go (commit 02194e9a): the same leaves, roots,
 *   paths and proofs, plus the consistency proof from 6 to 7 leaves.
 * Both number leaves from 1 in their path vectors; the indexes below are 0-based.
 */
const LEAF_DATA = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((hex) => Buffer.from(hex, 'hex'));

const EMPTY_TREE_ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Roots of the trees of the first 1..8 leaves. */
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const INCLUSION_PATHS: { index: number; treeSize: number; path: string[] }[] = [
  { index: 0, treeSize: 1, path: [] },
  {
    index: 0,
    treeSize: 8,
    path: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    treeSize: 8,
    path: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, treeSize: 3, path: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    treeSize: 5,
    path: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const CONSISTENCY_PROOFS: { oldSize: number; newSize: number; proof: string[] }[] = [
  { oldSize: 1, newSize: 1, proof: [] },
  {
    oldSize: 1,
    newSize: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    oldSize: 6,
    newSize: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    oldSize: 2,
    newSize: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    oldSize: 6,
    newSize: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const LEAVES = LEAF_DATA.map(leafHash);
const source = new LeafHashesSource(LEAVES);
const rootOfSize = (size: number): MerkleHash => hashFromHex(ROOTS[size - 1] ?? EMPTY_TREE_ROOT);
const hexes = (hashes: readonly MerkleHash[]): string[] => hashes.map(hashToHex);

describe('RFC 9162 hashing', () => {
  it('gives the empty tree the hash of the empty string', async () => {
    expect(hashToHex(emptyTreeRoot())).toBe(EMPTY_TREE_ROOT);
    expect(hashToHex(rootOf([]))).toBe(EMPTY_TREE_ROOT);
    expect(hashToHex(await treeRoot(0, source))).toBe(EMPTY_TREE_ROOT);
  });

  it('separates leaves from interior nodes by their prefix', () => {
    const data = Buffer.concat([LEAVES[0] ?? Buffer.alloc(0), LEAVES[1] ?? Buffer.alloc(0)]);
    expect(hashToHex(leafHash(data))).not.toBe(hashToHex(nodeHash(LEAVES[0]!, LEAVES[1]!)));
  });

  it('hashes an event as the leaf of its chain hash bytes', () => {
    const chainHash = 'ab'.repeat(32);
    expect(hashToHex(eventLeafHash(chainHash))).toBe(hashToHex(leafHash(Buffer.from(chainHash, 'hex'))));
    expect(hashToHex(eventLeafHash(chainHash.toUpperCase()))).toBe(hashToHex(eventLeafHash(chainHash)));
  });

  it('refuses a chain hash that is not 64 hex digits rather than hashing part of it', () => {
    expect(() => eventLeafHash('ab'.repeat(31))).toThrow(TypeError);
    expect(() => eventLeafHash(`${'ab'.repeat(31)}zz`)).toThrow(TypeError);
    expect(() => eventLeafHash(`${'ab'.repeat(32)}\n`)).toThrow(TypeError);
  });
});

describe('the certificate-transparency reference tree', () => {
  it.each(ROOTS.map((root, i) => [i + 1, root] as const))(
    'has the published root at %i leaves',
    async (size, root) => {
      expect(hashToHex(rootOf(LEAVES.slice(0, size)))).toBe(root);
      expect(hashToHex(await treeRoot(size, source))).toBe(root);
      expect(hashToHex(await treeRoot(size, new LeafHashesSource(LEAVES.slice(0, size))))).toBe(root);
    },
  );

  it.each(INCLUSION_PATHS)(
    'gives leaf $index of $treeSize the published audit path',
    async ({ index, treeSize, path }) => {
      expect(hexes(await inclusionProof(index, treeSize, source))).toEqual(path);
      const proof = path.map(hashFromHex);
      const leaf = LEAVES[index]!;
      expect(verifyInclusion(leaf, index, treeSize, proof, rootOfSize(treeSize))).toBe(true);
      expect(hashToHex(rootFromInclusionProof(leaf, index, treeSize, proof)!)).toBe(ROOTS[treeSize - 1]);
    },
  );

  it.each(CONSISTENCY_PROOFS)(
    'gives $oldSize to $newSize leaves the published consistency proof',
    async ({ oldSize, newSize, proof }) => {
      expect(hexes(await consistencyProof(oldSize, newSize, source))).toEqual(proof);
      const nodes = proof.map(hashFromHex);
      expect(verifyConsistency(oldSize, newSize, rootOfSize(oldSize), rootOfSize(newSize), nodes)).toBe(true);
    },
  );

  it('refuses the published proofs bent the ways the reference verifiers bend them', () => {
    const wrongRoot = hashFromHex(EMPTY_TREE_ROOT);
    for (const { index, treeSize, path } of INCLUSION_PATHS.filter(({ path }) => path.length > 0)) {
      const proof = path.map(hashFromHex);
      const leaf = LEAVES[index]!;
      const root = rootOfSize(treeSize);
      const refused = (i: number, size: number, nodes: MerkleHash[], r: MerkleHash, l = leaf): void =>
        expect(verifyInclusion(l, i, size, nodes, r)).toBe(false);
      refused(index - 1, treeSize, proof, root);
      refused(index + 1, treeSize, proof, root);
      refused(index ^ 2, treeSize, proof, root);
      refused(index, treeSize * 2, proof, root);
      refused(index, Math.floor(treeSize / 2), proof, root);
      refused(index, treeSize, proof, root, leafHash(Buffer.from('WrongLeaf')));
      refused(index, treeSize, proof, wrongRoot);
      refused(index, treeSize, [...proof, root], root);
      refused(index, treeSize, [root, ...proof], root);
      refused(index, treeSize, proof.slice(0, -1), root);
      proof.forEach((_, j) =>
        refused(
          index,
          treeSize,
          proof.map((node, k) => (k === j ? wrongRoot : node)),
          root,
        ),
      );
    }
    for (const { oldSize, newSize, proof: hex } of CONSISTENCY_PROOFS.filter(
      ({ proof }) => proof.length > 0,
    )) {
      const proof = hex.map(hashFromHex);
      const [oldRoot, newRoot] = [rootOfSize(oldSize), rootOfSize(newSize)];
      const refused = (o: number, n: number, r1: MerkleHash, r2: MerkleHash, nodes: MerkleHash[]): void =>
        expect(verifyConsistency(o, n, r1, r2, nodes)).toBe(false);
      refused(oldSize - 1, newSize, oldRoot, newRoot, proof);
      refused(oldSize + 1, newSize, oldRoot, newRoot, proof);
      refused(oldSize ^ 2, newSize, oldRoot, newRoot, proof);
      refused(oldSize, newSize * 2, oldRoot, newRoot, proof);
      refused(oldSize, Math.floor(newSize / 2), oldRoot, newRoot, proof);
      refused(oldSize, newSize, newRoot, oldRoot, proof);
      refused(oldSize, newSize, wrongRoot, newRoot, proof);
      refused(oldSize, newSize, oldRoot, wrongRoot, proof);
      refused(oldSize, newSize, oldRoot, newRoot, []);
      refused(oldSize, newSize, oldRoot, newRoot, [...proof, newRoot]);
      refused(oldSize, newSize, oldRoot, newRoot, [proof[0]!, ...proof]);
      refused(oldSize, newSize, oldRoot, newRoot, proof.slice(0, -1));
      proof.forEach((_, j) =>
        refused(
          oldSize,
          newSize,
          oldRoot,
          newRoot,
          proof.map((node, k) => (k === j ? wrongRoot : node)),
        ),
      );
    }
  });

  it('treats the trivial consistency cases as the reference verifiers do, but pins the empty root', () => {
    const [root1, root8] = [rootOfSize(1), rootOfSize(8)];
    const empty = emptyTreeRoot();
    expect(verifyConsistency(0, 0, empty, empty, [])).toBe(true);
    expect(verifyConsistency(0, 8, empty, root8, [])).toBe(true);
    expect(verifyConsistency(1, 1, root1, root1, [])).toBe(true);
    // Size 0 has one root; any other is a forged checkpoint (the reference verifiers accept any).
    expect(verifyConsistency(0, 8, root1, root8, [])).toBe(false);
    expect(verifyConsistency(1, 1, root1, root8, [])).toBe(false);
    expect(verifyConsistency(1, 0, root1, empty, [])).toBe(false);
    expect(verifyConsistency(1, 2, root1, rootOfSize(2), [])).toBe(false);
    expect(verifyConsistency(0, 0, empty, empty, [empty])).toBe(false);
    expect(verifyConsistency(1, 1, root1, root1, [empty])).toBe(false);
  });

  it('refuses inclusion in an empty tree and indexes past the end', () => {
    const leaf = LEAVES[0]!;
    expect(verifyInclusion(leaf, 0, 0, [], emptyTreeRoot())).toBe(false);
    expect(verifyInclusion(leaf, 1, 1, [], leaf)).toBe(false);
    expect(verifyInclusion(leaf, -1, 1, [], leaf)).toBe(false);
    expect(verifyInclusion(leaf, 0.5, 1, [], leaf)).toBe(false);
    expect(verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
    expect(verifyInclusion(leaf.subarray(1), 0, 1, [], leaf.subarray(1))).toBe(false);
  });
});

describe('the stored subtrees a proof is made of', () => {
  // transparency-dev/merkle proof/proof_test.go (commit 02a3e202) lists, for a few proofs, the
  // stored nodes (level, index) they read, each proof node's parts smallest first.
  const reads = (ranges: { start: number; end: number }[]): [number, number][] =>
    ranges.flatMap((range) =>
      perfectSubtreesOf(range)
        .reverse()
        .map(({ level, index }: PerfectSubtree): [number, number] => [level, index]),
    );

  it.each([
    [
      0,
      7,
      [
        [0, 1],
        [1, 1],
        [0, 6],
        [1, 2],
      ],
    ],
    [
      4,
      7,
      [
        [0, 5],
        [0, 6],
        [2, 0],
      ],
    ],
    [
      6,
      7,
      [
        [1, 2],
        [2, 0],
      ],
    ],
    [
      3,
      5,
      [
        [0, 2],
        [1, 0],
        [0, 4],
      ],
    ],
    [
      10,
      15,
      [
        [0, 11],
        [1, 4],
        [0, 14],
        [1, 6],
        [3, 0],
      ],
    ],
    [
      24,
      31,
      [
        [0, 25],
        [1, 13],
        [0, 30],
        [1, 14],
        [3, 2],
        [4, 0],
      ],
    ],
    [
      81,
      95,
      [
        [0, 80],
        [1, 41],
        [2, 21],
        [0, 94],
        [1, 46],
        [2, 22],
        [4, 4],
        [6, 0],
      ],
    ],
  ])('reads for leaf %i of %i', (index, treeSize, expected) => {
    expect(reads(inclusionPathRanges(index, treeSize))).toEqual(expected);
  });

  it.each([
    [
      1,
      6,
      [
        [0, 1],
        [1, 1],
        [1, 2],
      ],
    ],
    [
      2,
      8,
      [
        [1, 1],
        [2, 1],
      ],
    ],
    [
      3,
      7,
      [
        [0, 2],
        [0, 3],
        [1, 0],
        [0, 6],
        [1, 2],
      ],
    ],
    [
      4,
      7,
      [
        [0, 6],
        [1, 2],
      ],
    ],
    [
      5,
      7,
      [
        [0, 4],
        [0, 5],
        [0, 6],
        [2, 0],
      ],
    ],
    [
      7,
      8,
      [
        [0, 6],
        [0, 7],
        [1, 2],
        [2, 0],
      ],
    ],
    [
      10,
      15,
      [
        [1, 4],
        [1, 5],
        [0, 14],
        [1, 6],
        [3, 0],
      ],
    ],
    [
      24,
      31,
      [
        [3, 2],
        [0, 30],
        [1, 14],
        [2, 6],
        [4, 0],
      ],
    ],
    [
      81,
      95,
      [
        [0, 80],
        [0, 81],
        [1, 41],
        [2, 21],
        [0, 94],
        [1, 46],
        [2, 22],
        [4, 4],
        [6, 0],
      ],
    ],
  ])('reads from %i to %i leaves', (oldSize, newSize, expected) => {
    expect(reads(consistencyProofRanges(oldSize, newSize))).toEqual(expected);
  });

  it('knows which ranges RFC 9162 ever hashes', () => {
    expect(isTreeRange({ start: 0, end: 0 })).toBe(true);
    expect(isTreeRange({ start: 8, end: 11 })).toBe(true); // the right part of 11 leaves
    expect(isTreeRange({ start: 4, end: 8 })).toBe(true);
    expect(isTreeRange({ start: 1, end: 3 })).toBe(false);
    expect(isTreeRange({ start: 4, end: 9 })).toBe(false);
    expect(isTreeRange({ start: 3, end: 3 })).toBe(false);
    expect(isTreeRange({ start: 5, end: 4 })).toBe(false);
    expect(perfectSubtreesOf({ start: 8, end: 15 })).toEqual([
      { level: 2, index: 2 },
      { level: 1, index: 6 },
      { level: 0, index: 14 },
    ]);
  });

  it('refuses ranges and proofs that belong to no tree', async () => {
    await expect(rangeRoot(1, 3, source)).rejects.toThrow(RangeError);
    await expect(inclusionProof(8, 8, source)).rejects.toThrow(RangeError);
    await expect(inclusionProof(0, 0, source)).rejects.toThrow(RangeError);
    await expect(consistencyProof(5, 4, source)).rejects.toThrow(RangeError);
    await expect(consistencyProof(-1, 4, source)).rejects.toThrow(RangeError);
    await expect(inclusionProof(0, 9, source)).rejects.toThrow(/not complete/);
  });

  it('does not let a caller who alters a proof alter the tree', async () => {
    const [first] = await inclusionProof(0, 8, source);
    first!.fill(0);
    expect(hexes(await inclusionProof(0, 8, source))).toEqual(INCLUSION_PATHS[1]!.path);
  });
});

describe('a follower growing the tree', () => {
  it('reports every perfect subtree each leaf completes, the one layout proofs read', async () => {
    const stored = new Map<string, string>();
    let frontier = EMPTY_FRONTIER;
    const completions: string[] = [];
    for (const leaf of LEAVES) {
      const appended = appendLeaf(frontier, leaf);
      frontier = appended.frontier;
      completions.push(appended.completed.map(({ level, index }) => `${level}/${index}`).join(' '));
      for (const { level, index, hash } of appended.completed)
        stored.set(`${level}/${index}`, hashToHex(hash));
      expect(hashToHex(frontierRoot(frontier))).toBe(ROOTS[frontier.size - 1]);
    }
    expect(completions).toEqual([
      '0/0',
      '0/1 1/0',
      '0/2',
      '0/3 1/1 2/0',
      '0/4',
      '0/5 1/2',
      '0/6',
      '0/7 1/3 2/1 3/0',
    ]);
    // Exactly the perfect subtrees of 8 leaves, each with the hash the reference source computes.
    expect(stored.size).toBe(8 + 4 + 2 + 1);
    for (const [key, hash] of stored) {
      const [level, index] = key.split('/').map(Number) as [number, number];
      expect(hashToHex(await source.perfect(level, index))).toBe(hash);
    }
  });

  it('resumes from stored subtrees as if it had never stopped', async () => {
    for (let size = 0; size <= LEAVES.length; size++) {
      let frontier = await frontierAt(size, source);
      expect(hashToHex(frontierRoot(frontier))).toBe(size === 0 ? EMPTY_TREE_ROOT : ROOTS[size - 1]);
      for (const leaf of LEAVES.slice(size)) frontier = appendLeaf(frontier, leaf).frontier;
      expect(hashToHex(frontierRoot(frontier))).toBe(ROOTS[7]);
    }
  });

  it('refuses a frontier that cannot be the one of its size', () => {
    expect(() => appendLeaf({ size: 3, subtreeRoots: [LEAVES[0]!] }, LEAVES[1]!)).toThrow(/3 leaves/);
    expect(() => appendLeaf(EMPTY_FRONTIER, Buffer.alloc(31))).toThrow(TypeError);
  });
});
