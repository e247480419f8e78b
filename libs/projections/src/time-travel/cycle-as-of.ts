import { EventStore } from '@ledger/event-store';
import { DocReader, byKey, pageOf } from '../doc-reader';
import { KeyPage } from '../read-model-store';
import { FoldSession } from '../fold-session';
import { effectiveBy } from '../effective-on';
import { scopeOf } from '../projection';
import { Cut, cycleEventsBetween } from './cycle-events';
import { CycleSnapshots } from './cycle-snapshots';

export interface CycleAsOf {
  reader: DocReader;
  /** The snapshot the fold started from (none: a replay from zero), and the events folded after it. */
  fromSnapshot: string | null;
  folded: number;
}

/**
 * A cycle's read models as they stood at a cut (and, given a business date, as the appraisal
 * stood on that day of the year, as known at the cut), for the read models' own queries: the newest
 * snapshot within the cut (unless `fromZero`), with the cycle's events after it folded by the
 * projections' own folds. Documents no event after the snapshot touched are read from its
 * chunks, one chunk per scope a query lists, so a scoreboard never loads the entries.
 */
export const cycleAsOf = async (
  snapshots: CycleSnapshots,
  events: EventStore,
  year: number,
  cut: Cut,
  options: { fromZero?: boolean; effectiveOn?: string } = {},
): Promise<CycleAsOf> => {
  // A snapshot holds every event up to its position, whatever day each takes effect: a business date folds from zero.
  const { effectiveOn } = options;
  const snapshot = options.fromZero || effectiveOn ? undefined : await snapshots.newestWithin(year, cut);
  const { load, chunk } = snapshots.loaderFrom(snapshot);
  const session = new FoldSession(snapshots.projections, load);
  const within = await cycleEventsBetween(events, year, snapshot?.position, cut);
  const after = effectiveOn ? effectiveBy(within, effectiveOn) : within;
  await session.apply(after);
  const foldedDocs = new Map<string, Map<string, unknown>>();
  const foldedOf = (projection: string) => {
    const docs = foldedDocs.get(projection) ?? session.docsOf(projection);
    foldedDocs.set(projection, docs);
    return docs;
  };
  const reader: DocReader = {
    get: async <T>(projection: string, key: string) => {
      const folded = foldedOf(projection);
      if (folded.has(key)) return folded.get(key) as T | undefined;
      return (await chunk(`${projection}|${scopeOf(key)}`))[key] as T | undefined;
    },
    list: async <T>(projection: string, scope: string, page?: KeyPage) => {
      const docs = new Map(Object.entries(await chunk(`${projection}|${scope}`)));
      for (const [key, doc] of foldedOf(projection)) if (scopeOf(key) === scope) docs.set(key, doc);
      return pageOf([...docs].filter(([, doc]) => doc !== undefined).sort(byKey) as [string, T][], page);
    },
  };
  return { reader, fromSnapshot: snapshot?.position ?? null, folded: after.length };
};
