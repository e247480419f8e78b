import { streams } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import { DocReader, byKey, pageOf } from '../doc-reader';
import { effectiveBy } from '../effective-on';
import { FoldSession } from '../fold-session';
import { scopeOf } from '../projection';
import { KeyPage } from '../read-model-store';
import { SCORES, entryScopeUnit, scoreKeys, scoresProjection } from '../read-models/scores.projection';
import { Cut, cycleEventsBetween, withinCut } from './cycle-events';
import { CycleSnapshots } from './cycle-snapshots';

/** A unit's entries at a cut (snapshots leave them out): its scorecard stream up to the cut, folded. */
const entriesAt = async (
  events: EventStore,
  year: number,
  unitId: string,
  cut: Cut,
): Promise<Map<string, unknown>> => {
  const stream = await events.readStream(
    streams.scorecard(year, unitId),
    cut.position === undefined ? {} : { toPosition: cut.position },
  );
  const session = new FoldSession([scoresProjection], async () => new Map());
  await session.apply(stream.filter((event) => withinCut(cut, event)));
  const scope = scoreKeys.entryScope(year, unitId);
  const entries = new Map<string, unknown>();
  for (const [key, doc] of session.docsOf(SCORES)) if (scopeOf(key) === scope) entries.set(key, doc);
  return entries;
};

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
  /** A unit's entries when its snapshot left them out: they are folded from its scorecard stream. */
  const entriesUnit = (projection: string, scope: string) =>
    snapshot && projection === SCORES ? entryScopeUnit(scope) : undefined;
  /** The documents of a scope at the cut: the snapshot's, under those the fold changed after it. */
  const scopeAt = async (projection: string, scope: string): Promise<Map<string, unknown>> => {
    const unit = entriesUnit(projection, scope);
    if (unit) return entriesAt(events, unit.year, unit.unitId, cut);
    const docs = new Map(Object.entries(await chunk(`${projection}|${scope}`)));
    for (const [key, doc] of foldedOf(projection)) if (scopeOf(key) === scope) docs.set(key, doc);
    return docs;
  };
  const reader: DocReader = {
    get: async <T>(projection: string, key: string) => {
      const folded = foldedOf(projection);
      if (folded.has(key) && !entriesUnit(projection, scopeOf(key))) return folded.get(key) as T;
      return (await scopeAt(projection, scopeOf(key))).get(key) as T | undefined;
    },
    list: async <T>(projection: string, scope: string, page?: KeyPage) => {
      const docs = await scopeAt(projection, scope);
      return pageOf([...docs].filter(([, doc]) => doc !== undefined).sort(byKey) as [string, T][], page);
    },
  };
  return { reader, fromSnapshot: snapshot?.position ?? null, folded: after.length };
};
