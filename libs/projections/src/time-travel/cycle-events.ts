import { streams } from '@ledger/domain';
import { EventStore, StoredEvent, comparePositions } from '@ledger/event-store';

const PAGE = 5000;

/**
 * Whether an event is one a cycle's queries are folded from: its cycle, every unit, its
 * scorecards and cases, and the disputes and panels of its year (their streams do not name
 * the year, their events do).
 */
export const belongsToCycle = (year: number, event: StoredEvent): boolean => {
  const { stream } = event;
  if (stream === streams.cycle(year) || stream.startsWith(streams.unit(''))) return true;
  if (stream.startsWith(`scorecard-${year}-`) || stream.startsWith(`case-${year}-`)) return true;
  return (
    (stream.startsWith(streams.disputesOf('')) || stream.startsWith(streams.panel(''))) &&
    (event.data as { year?: unknown } | null)?.year === year
  );
};

/** A cut in the log: every event at or before `position` and recorded at or before `instant`. */
export interface Cut {
  position?: string;
  instant?: string;
}

export const withinCut = (cut: Cut, event: StoredEvent): boolean =>
  (cut.position === undefined || comparePositions(event.position, cut.position) <= 0) &&
  (cut.instant === undefined || event.recordedAt <= cut.instant);

/**
 * The cycle's events after `after` (the start when absent) up to the cut, read page by page
 * from the log and no further than the cut's position.
 */
export const cycleEventsBetween = async (
  store: EventStore,
  year: number,
  after: string | undefined,
  cut: Cut,
): Promise<StoredEvent[]> => {
  const found: StoredEvent[] = [];
  for (let from = after; ;) {
    const page = await store.readAll({ after: from, limit: PAGE });
    for (const event of page) {
      if (cut.position !== undefined && comparePositions(event.position, cut.position) > 0) return found;
      if (belongsToCycle(year, event) && withinCut(cut, event)) found.push(event);
    }
    if (page.length < PAGE) return found;
    from = page[page.length - 1]!.position;
  }
};
