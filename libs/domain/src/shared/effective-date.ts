import { DomainError, refuse } from './domain-error';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A business date (`effectiveOn`, YYYY-MM-DD): the day in the appraisal year an entry, a
 * metric, a ruling, a target change or a sanction takes effect, whenever it is recorded. Given, it must be a real day of
 * the cycle's year; absent, the day recorded counts (see `effectiveOnOf`).
 */
export const checkEffectiveOn = (effectiveOn: string | undefined, year: number): DomainError | null => {
  if (effectiveOn === undefined) return null;
  const parts = DATE.exec(effectiveOn);
  const [y, m, d] = parts ? parts.slice(1).map(Number) : [];
  const day = parts ? new Date(Date.UTC(y!, m! - 1, d!)) : null;
  if (day && day.getUTCFullYear() === year && day.getUTCMonth() === m! - 1 && day.getUTCDate() === d)
    return null;
  return refuse(
    'INVALID_EFFECTIVE_DATE',
    `The date it takes effect must be a day of the ${year} cycle, as YYYY-MM-DD; ${JSON.stringify(String(effectiveOn).slice(0, 20))} is not.`,
    { effectiveOn, year },
  );
};

/** `{ effectiveOn }` when the command gave one: an event without it takes effect on the day recorded. */
export const effectiveOnField = (effectiveOn: string | undefined): { effectiveOn?: string } =>
  effectiveOn === undefined ? {} : { effectiveOn };

/**
 * The business date of a recorded event: its `effectiveOn`, else the day it was recorded,
 * brought into the cycle's year (a year recorded after it ends takes effect on its last day).
 */
export const effectiveOnOf = (data: { effectiveOn?: string }, recordedAt: string, year: number): string => {
  if (data.effectiveOn) return data.effectiveOn;
  const recorded = recordedAt.slice(0, 10);
  if (recorded < `${year}-01-01`) return `${year}-01-01`;
  if (recorded > `${year}-12-31`) return `${year}-12-31`;
  return recorded;
};
