import { refuse, streams } from '@ledger/domain';
import { EventStore, StoredEvent } from '@ledger/event-store';

const PAGE = 5000;

/** The streams a cycle's scores and accountability are folded from: its cycle, every unit, its scorecards and cases. */
const foldedFrom = (year: number, stream: string): boolean =>
  stream === streams.cycle(year) ||
  stream.startsWith('unit-') ||
  stream.startsWith(`scorecard-${year}-`) ||
  stream.startsWith(`case-${year}-`);

/**
 * Every event a cycle's scoreboard and accountability depend on, in log order, read from the
 * log itself (not the read models, which may lag). UNKNOWN_CYCLE where the cycle was never opened.
 */
export const cycleEventsOf = async (store: EventStore, year: number): Promise<StoredEvent[]> => {
  if ((await store.readStream(streams.cycle(year))).length === 0) {
    throw refuse('UNKNOWN_CYCLE', `There is no appraisal cycle ${year}.`, { year });
  }
  const events: StoredEvent[] = [];
  for (let after: string | undefined; ;) {
    const page = await store.readAll({ after, limit: PAGE });
    if (page.length === 0) return events;
    events.push(...page.filter((event) => foldedFrom(year, event.stream)));
    after = page[page.length - 1]!.position;
  }
};
