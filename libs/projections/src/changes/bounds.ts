import { StoredEvent, comparePositions, isPosition } from '@ledger/event-store';
import { instantOf } from '../as-of';

/** One end of a span of the log: right after a position, or as it stood at an instant. */
export type Bound = { position: string } | { instant: string };

/** A bound as a query string or a command line gives it: a log position (digits) or an ISO 8601 instant; undefined when it is neither. */
export const boundOf = (text: string): Bound | undefined => {
  if (isPosition(text)) return { position: text };
  const instant = instantOf(text);
  return instant === undefined ? undefined : { instant };
};

/** Whether an event lies at or before the bound (no bound: the head, so every event). */
export const within =
  (bound: Bound | undefined) =>
  (event: StoredEvent): boolean =>
    bound === undefined ||
    ('position' in bound
      ? comparePositions(event.position, bound.position) <= 0
      : event.recordedAt <= bound.instant);

export const describeBound = (bound: Bound): string =>
  'position' in bound ? `position ${bound.position}` : `the instant ${bound.instant}`;

/** `from` lies after `to`: the span would run backwards. */
export class ReversedBoundsError extends Error {
  override readonly name = 'ReversedBoundsError';
}

/**
 * Refuses a span that runs backwards. Two positions or two instants are compared as such; a
 * position against an instant, by the events each takes in: `from` may not take in an event
 * that `to` leaves out.
 */
export const checkSpan = (
  events: readonly StoredEvent[],
  from: Bound | undefined,
  to: Bound | undefined,
): void => {
  if (from === undefined || to === undefined) return;
  const backwards =
    'position' in from && 'position' in to
      ? comparePositions(from.position, to.position) > 0
      : 'instant' in from && 'instant' in to
        ? from.instant > to.instant
        : events.some((event) => within(from)(event) && !within(to)(event));
  if (backwards) {
    throw new ReversedBoundsError(
      `from (${describeBound(from)}) comes after to (${describeBound(to)}); give the earlier point as from.`,
    );
  }
};
