import { UnitKind } from '../shared/vocabulary';

export interface Rankable {
  unitId: string;
  kind: UnitKind;
  total: number;
}

/**
 * Competition ranking within each unit kind, by total descending: ties share a rank and the
 * next rank skips (1, 2, 2, 4). Rows come back by kind, then rank, then unit id.
 */
export const rankWithinKind = <T extends Rankable>(rows: readonly T[]): (T & { rank: number })[] => {
  const sorted = [...rows].sort(
    (a, b) => a.kind.localeCompare(b.kind) || b.total - a.total || a.unitId.localeCompare(b.unitId),
  );
  const ranked: (T & { rank: number })[] = [];
  let kindStart = 0;
  sorted.forEach((row, index) => {
    const previous = ranked[index - 1];
    if (previous?.kind !== row.kind) kindStart = index;
    const tied = previous?.kind === row.kind && previous.total === row.total;
    ranked.push({ ...row, rank: tied ? previous.rank : index - kindStart + 1 });
  });
  return ranked;
};
