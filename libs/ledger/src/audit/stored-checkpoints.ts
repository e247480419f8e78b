import { StoredCheckpoint, TreeStore } from '@ledger/audit';

/** Every checkpoint in the store, paged by size; several of one size (a seal beside a periodic one) are all kept. */
export const storedCheckpoints = async (tree: TreeStore): Promise<StoredCheckpoint[]> => {
  const all: StoredCheckpoint[] = [];
  const seen = new Set<string>();
  for (;;) {
    const page = (await tree.checkpoints(all.at(-1)?.treeSize ?? 0, 1000)).filter(
      (checkpoint) => !seen.has(checkpoint.note),
    );
    if (page.length === 0) return all;
    for (const checkpoint of page) seen.add(checkpoint.note);
    all.push(...page);
  }
};
