import { fromHundredths, toHundredths } from '../shared/numbers';
import { Policy } from '../policy/policy';
import { ScorecardEvent } from '../scorecard/scorecard.events';

/**
 * The running net of a unit's score entries per track, in hundredths of a point. Each entry
 * counts on the track it was recorded under, so a later track change rewrites nothing.
 */
export interface ScoreTally {
  regularNet: number;
  keyNet: number;
}

export const emptyTally: ScoreTally = { regularNet: 0, keyNet: 0 };

// Literals, not spreads: every scorecard event of a rebuild goes through here.
const addToTrack = (tally: ScoreTally, track: '1' | 'X', hundredths: number): ScoreTally =>
  track === '1'
    ? { regularNet: tally.regularNet + hundredths, keyNet: tally.keyNet }
    : { regularNet: tally.regularNet, keyNet: tally.keyNet + hundredths };

export const tallyScorecardEvent = (tally: ScoreTally, event: ScorecardEvent): ScoreTally => {
  switch (event.type) {
    case 'PointsAwarded':
      return addToTrack(tally, event.data.track, toHundredths(event.data.points));
    case 'PointsDeducted':
      return addToTrack(tally, event.data.track, -toHundredths(event.data.points));
    case 'EntryReversed': {
      const signed = toHundredths(event.data.points) * (event.data.kind === 'award' ? 1 : -1);
      return addToTrack(tally, event.data.track, -signed);
    }
    default:
      return tally;
  }
};

export interface UnitScore {
  regularRaw: number;
  regularScore: number;
  keyScore: number;
  total: number;
}

/** The total alone, as `unitScore` works it out: what each history row carries. */
export const unitTotal = (tally: ScoreTally, policy: Pick<Policy, 'baseScore' | 'regularCap'>): number => {
  const regularRaw = toHundredths(policy.baseScore) + tally.regularNet;
  const regularScore = Math.min(toHundredths(policy.regularCap), Math.max(0, regularRaw));
  return fromHundredths(regularScore + tally.keyNet);
};

/** The rules of docs/domain.md: the regular track starts at the base, floors at 0 and caps; the key track is open. */
export const unitScore = (tally: ScoreTally, policy: Pick<Policy, 'baseScore' | 'regularCap'>): UnitScore => {
  const regularRaw = toHundredths(policy.baseScore) + tally.regularNet;
  const regularScore = Math.min(toHundredths(policy.regularCap), Math.max(0, regularRaw));
  return {
    regularRaw: fromHundredths(regularRaw),
    regularScore: fromHundredths(regularScore),
    keyScore: fromHundredths(tally.keyNet),
    total: fromHundredths(regularScore + tally.keyNet),
  };
};
