import { streams } from '@ledger/domain';
import { EventStore, StoredEvent } from '@ledger/event-store';
import { FoldSession } from '../fold-session';
import { ReadModelStore } from '../read-model-store';
import { EntryDoc, SCORES, scoreKeys, scoresProjection } from './scores.projection';

/** A page of a unit's entries: after revision `after` of its scorecard stream, at most `limit`. */
export interface EntriesPage {
  after?: number;
  limit: number;
}

export interface EntriesPageAnswer {
  entries: EntryDoc[];
  /** The scorecard revision of the page's last entry when the page is full: where the next one starts. */
  next: number | null;
}

const isEntry = (event: StoredEvent) => event.type === 'PointsAwarded' || event.type === 'PointsDeducted';

/**
 * A page of a unit's score entries in log order. The unit's scorecard stream says which
 * entries come next (read a page at a time from the cursor, so a page costs the same however
 * many entries the unit has), and the read model gives each as it stands now, a reversal
 * included; an entry the read model has not folded yet is folded from its event.
 */
export const entriesPageOf = async (
  readModels: Pick<ReadModelStore, 'get'>,
  log: Pick<EventStore, 'readStream'>,
  year: number,
  unitId: string,
  page: EntriesPage,
): Promise<EntriesPageAnswer> => {
  const stream = streams.scorecard(year, unitId);
  const found: StoredEvent[] = [];
  let from = (page.after ?? -1) + 1;
  for (;;) {
    const events = await log.readStream(stream, { fromRevision: from, limit: page.limit });
    for (const event of events) if (found.length < page.limit && isEntry(event)) found.push(event);
    if (found.length === page.limit || events.length < page.limit) break;
    from = events[events.length - 1]!.revision + 1;
  }
  const keyOf = (event: StoredEvent) =>
    scoreKeys.entry(year, unitId, (event.data as { entryId: string }).entryId);
  const kept = await readModels.get(SCORES, found.map(keyOf));
  const unfolded = found.filter((event) => !kept.has(keyOf(event)));
  if (unfolded.length > 0) {
    const session = new FoldSession([scoresProjection], async () => new Map());
    await session.apply(unfolded);
    for (const [key, doc] of session.docsOf(SCORES)) if (scoreKeys.isEntry(key)) kept.set(key, doc);
  }
  return {
    entries: found.map((event) => kept.get(keyOf(event)) as EntryDoc),
    next: found.length === page.limit ? found[found.length - 1]!.revision : null,
  };
};
