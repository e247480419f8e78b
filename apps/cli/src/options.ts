import { InvalidArgumentError } from 'commander';
import { isPosition } from '@ledger/event-store';
import { instantOf } from '@ledger/projections';
import { expiryFrom } from '@ledger/ledger';

/** `--year 2007`: a cycle year. */
export const parseYear = (value: string): number => {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('a cycle year is four digits, such as 2007.');
  return Number(value);
};

/** `--as-of 2007-12-31T23:59:59Z`: an ISO 8601 instant. */
export const parseInstant = (value: string): string => {
  const instant = instantOf(value);
  if (instant === undefined)
    throw new InvalidArgumentError('give an ISO 8601 instant, such as 2007-12-31T23:59:59Z.');
  return instant;
};

/** `--at-position 1234`: a log position, as commands and the history print them. */
export const parsePosition = (value: string): string => {
  if (!isPosition(value)) throw new InvalidArgumentError('a log position is a number such as 1234.');
  return value;
};

/** `--expires 90d`: a duration from now or an ISO 8601 instant in the future. */
export const parseExpiry = (value: string): string => {
  try {
    return expiryFrom(value, Date.now());
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

/** `--effective-on 2007-06-30`: a day, as YYYY-MM-DD. */
export const parseDay = (value: string): string => {
  const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) ?? [];
  const day = y ? new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))) : null;
  if (!day || day.toISOString().slice(0, 10) !== value)
    throw new InvalidArgumentError('give a day such as 2007-06-30.');
  return value;
};
