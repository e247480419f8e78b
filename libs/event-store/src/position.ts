/**
 * Positions are opaque strings: one decimal number on the SQL stores, "commit/prepare" on
 * KurrentDB. They compare part by part as integers.
 */
export const comparePositions = (a: string, b: string): number => {
  // The common case, two plain numbers without leading zeros: the longer is larger, else compare as text.
  if (!a.includes('/') && !b.includes('/')) {
    if (a.length !== b.length) return a.length < b.length ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = BigInt(left[i] ?? '0');
    const y = BigInt(right[i] ?? '0');
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};

const POSITION = /^\d{1,20}(\/\d{1,20})?$/;

export const isPosition = (value: string): boolean => POSITION.test(value);
