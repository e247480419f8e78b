import { streams } from '@ledger/domain';
import { EventStore, StoredEvent, comparePositions } from '@ledger/event-store';
import { memoryReader } from './doc-reader';
import { FoldSession } from './fold-session';
import {
  ItemBreakdown,
  SCORES,
  UnitScoreAnswer,
  scoresProjection,
  unitItems,
  unitScoreOf,
} from './read-models';

/** The ISO 8601 instant a text names, normalised to UTC; undefined when it names none. */
export const instantOf = (text: string): string | undefined =>
  /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text))
    ? new Date(text).toISOString()
    : undefined;

/** A point in the past: a log position, an instant, or both (the earlier wins). */
export interface AsOf {
  position?: string;
  instant?: string;
}

/**
 * A unit's score and breakdown as they stood at a position or instant: its cycle's, its own
 * and its scorecard's streams up to that point, folded by the scores projection itself into
 * a read model held in memory. The policy is the one in force then.
 */
export const unitAsOf = async (
  events: EventStore,
  year: number,
  unitId: string,
  at: AsOf,
): Promise<{ score: UnitScoreAnswer; items: ItemBreakdown[] }> => {
  const instant = at.instant === undefined ? undefined : new Date(at.instant).toISOString();
  const read = (stream: string) =>
    events.readStream(stream, at.position === undefined ? {} : { toPosition: at.position });
  const relevant: StoredEvent[] = (
    await Promise.all([
      read(streams.cycle(year)),
      read(streams.unit(unitId)),
      read(streams.scorecard(year, unitId)),
    ])
  )
    .flat()
    .filter((event) => instant === undefined || event.recordedAt <= instant)
    .sort((a, b) => comparePositions(a.position, b.position));
  const session = new FoldSession([scoresProjection], async () => new Map());
  await session.apply(relevant);
  const reader = memoryReader(new Map([[SCORES, session.docsOf(SCORES)]]));
  return { score: await unitScoreOf(reader, year, unitId), items: await unitItems(reader, year, unitId) };
};
