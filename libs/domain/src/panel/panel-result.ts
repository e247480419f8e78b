import { round2 } from '../shared/numbers';

/** Below this many scores every score counts; from it on, one highest and one lowest are dropped. */
export const TRIM_FROM = 5;

/** The on-site result of one unit: the mean of its scores, trimmed when there are five or more. */
export const panelScore = (scores: readonly number[]): number => {
  if (scores.length === 0) return 0;
  const sorted = [...scores].sort((a, b) => a - b);
  const counted = sorted.length >= TRIM_FROM ? sorted.slice(1, -1) : sorted;
  const sum = counted.reduce((total, score) => total + score, 0);
  return round2(sum / counted.length);
};
