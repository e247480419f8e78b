import { InvalidArgumentError } from 'commander';

/** `--year 2007`: a cycle year. */
export const parseYear = (value: string): number => {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('a cycle year is four digits, such as 2007.');
  return Number(value);
};

/** `--as-of 2007-12-31T23:59:59Z`: an ISO 8601 instant. */
export const parseInstant = (value: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidArgumentError('give an ISO 8601 instant, such as 2007-12-31T23:59:59Z.');
  }
  return new Date(value).toISOString();
};

/** `--at-position 1234`: a log position, as commands and the history print them. */
export const parsePosition = (value: string): string => {
  if (!/^\d{1,20}(?:\/\d{1,20})?$/.test(value))
    throw new InvalidArgumentError('a log position is a number such as 1234.');
  return value;
};
