import { Comparator } from '../shared/vocabulary';

/** A quantitative goal on an item, such as retail sales growth >= 14 %. */
export interface Target {
  metric: string;
  comparator: Comparator;
  threshold: number;
  unit: string;
}

/** What counts as meeting an item at all; `panelScoreAtLeast` lets a panel rule on it. */
export interface BasicRequirement {
  text: string | null;
  panelScoreAtLeast: number | null;
}

export const targetMet = (target: Pick<Target, 'comparator' | 'threshold'>, value: number): boolean =>
  target.comparator === '>=' ? value >= target.threshold : value <= target.threshold;
