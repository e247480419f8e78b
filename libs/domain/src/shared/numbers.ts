import { DomainError, DomainErrorCode, refuse } from './domain-error';

/**
 * Points and money carry at most two decimals. Sums are kept in hundredths (integers) so
 * that 0.1 + 0.2 is 0.3 and a replay adds up to exactly what the scoreboard showed.
 */
export const toHundredths = (value: number): number => Math.round(value * 100);
export const fromHundredths = (hundredths: number): number => hundredths / 100;

/**
 * Exactly: the number is the one its two-decimal spelling reads as. A tolerance would let
 * 1.000000001 or 0.1 + 0.2 (0.30000000000000004) through, to be stored unlike what is summed.
 */
export const hasAtMostTwoDecimals = (value: number): boolean => Number(value.toFixed(2)) === value;

/** Large enough for any award or bonus, small enough that hundredths stay exact integers. */
export const MAX_AMOUNT = 1_000_000_000;

export const checkPositiveAmount = (
  value: unknown,
  code: DomainErrorCode,
  what: string,
): DomainError | null => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_AMOUNT) {
    return refuse(code, `${what} must be a positive number no larger than ${MAX_AMOUNT}.`, { value });
  }
  if (!hasAtMostTwoDecimals(value)) {
    return refuse(code, `${what} may have at most 2 decimals.`, { value });
  }
  return null;
};

export const round2 = (value: number): number => Math.round(value * 100) / 100;
