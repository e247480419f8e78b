import type { Entry } from '../queries';

export interface ScorePoint {
  day: string;
  regular: number;
  key: number;
  total: number;
  entry: Entry;
}

const cents = (value: number) => Math.round(value * 100);

/**
 * A unit's score over the year by business date, after each counted entry (reversed ones left
 * out): the regular track from the base, floored at 0 and capped; the key track open. The same
 * rules as the ledger's (docs/domain.md), so the last point is the unit's total now.
 */
export const scoreOverYear = (
  entries: Entry[],
  policy: { baseScore: number; regularCap: number },
): ScorePoint[] => {
  const counted = entries
    .filter((entry) => !entry.reversed)
    .sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn) || Number(a.position) - Number(b.position));
  let regularRaw = cents(policy.baseScore);
  let key = 0;
  return counted.map((entry) => {
    const signed = cents(entry.points) * (entry.kind === 'award' ? 1 : -1);
    if (entry.track === '1') regularRaw += signed;
    else key += signed;
    const regular = Math.min(cents(policy.regularCap), Math.max(0, regularRaw));
    return {
      day: entry.effectiveOn,
      regular: regular / 100,
      key: key / 100,
      total: (regular + key) / 100,
      entry,
    };
  });
};
