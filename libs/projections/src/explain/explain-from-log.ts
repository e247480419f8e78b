import { streams } from '@ledger/domain';
import { EventStore, StoredEvent, comparePositions } from '@ledger/event-store';
import { AsOf } from '../as-of';
import { ScoreExplanation, explainScore } from './score-explanation';

const PAGE = 5000;

/** The streams a unit's total and rank are made of: its cycle's, every unit's (who is ranked, and their kind), and the cycle's scorecards. */
const scoresStream = (year: number, stream: string): boolean =>
  stream === streams.cycle(year) ||
  stream.startsWith(streams.unit('')) ||
  stream.startsWith(streams.scorecard(year, ''));

/**
 * Reads those streams from the log up to the cut-off (the head, taken once at the start, when
 * no position is given, so appends meanwhile do not change the answer) and explains the unit's
 * total. Ranking needs every unit's scorecard, and the units are only known from the log, so
 * this reads the log from its start up to the cut-off.
 */
export const explainFromLog = async (
  events: EventStore,
  year: number,
  unitId: string,
  at: AsOf = {},
): Promise<ScoreExplanation> => {
  const position = at.position ?? (await events.headPosition()) ?? undefined;
  const instant = at.instant === undefined ? undefined : new Date(at.instant).toISOString();
  const relevant: StoredEvent[] = [];
  for (let after: string | undefined; ;) {
    const page = await events.readAll({ after, limit: PAGE });
    const upToCutOff =
      position === undefined ? page : page.filter((event) => comparePositions(event.position, position) <= 0);
    relevant.push(
      ...upToCutOff.filter(
        (event) => scoresStream(year, event.stream) && (instant === undefined || event.recordedAt <= instant),
      ),
    );
    if (page.length < PAGE || upToCutOff.length < page.length) break;
    after = page[page.length - 1]!.position;
  }
  return explainScore(relevant, year, unitId, { position, instant });
};
