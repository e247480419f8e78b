import { streams } from '@ledger/domain';
import { EventStore, StoredEvent, comparePositions } from '@ledger/event-store';

const PAGE = 5000;

/**
 * Whether an event is one a cycle's queries are folded from: its cycle, every unit, its
 * scorecards and cases, and the disputes and panels of its year (their streams do not name
 * the year, their events do).
 */
export const belongsToCycle = (year: number, event: StoredEvent): boolean => {
  const cycle = cycleOf(event);
  return cycle === EVERY_CYCLE || cycle === year;
};

/** Said of a unit's events: every cycle's queries fold them. */
export const EVERY_CYCLE = 'every';

const UNIT = streams.unit('');
const DISPUTES = streams.disputesOf('');
const PANEL = streams.panel('');
/** `cycle-2007`, `scorecard-2007-…`, `case-2007-…`: the year these streams are named with. */
const YEAR_NAMED = /^(?:cycle-(\d+)$|(?:scorecard|case)-(\d+)-)/;

/**
 * The one cycle an event belongs to (see `belongsToCycle`), every cycle, or none: worked out
 * once per event, where asking each cycle in turn would name its streams again for every event.
 */
export const cycleOf = (event: StoredEvent): number | typeof EVERY_CYCLE | undefined => {
  const { stream } = event;
  if (stream.startsWith(UNIT)) return EVERY_CYCLE;
  const named = YEAR_NAMED.exec(stream);
  if (named) return Number(named[1] ?? named[2]);
  if (stream.startsWith(DISPUTES) || stream.startsWith(PANEL)) {
    const year = (event.data as { year?: unknown } | null)?.year;
    return typeof year === 'number' ? year : undefined;
  }
  return undefined;
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
