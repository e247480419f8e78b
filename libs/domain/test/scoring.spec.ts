import {
  DEFAULT_POLICY,
  ScorecardEvent,
  emptyTally,
  rankWithinKind,
  tallyScorecardEvent,
  unitScore,
} from '@ledger/domain';
import { YEAR } from './fixtures';

let sequence = 0;
const entry = (type: 'PointsAwarded' | 'PointsDeducted', track: '1' | 'X', points: number): ScorecardEvent =>
  ({
    type,
    data: {
      year: YEAR,
      unitId: 'sansheng',
      entryId: `e${++sequence}`,
      itemId: track === '1' ? 'safety' : 'modern-services',
      track,
      points,
      reason: 'r',
      evidence: null,
      regularAwardMax: 2,
    },
  }) as ScorecardEvent;
const award = (track: '1' | 'X', points: number) => entry('PointsAwarded', track, points);
const deduct = (track: '1' | 'X', points: number) => entry('PointsDeducted', track, points);
const reversal = (of: ScorecardEvent): ScorecardEvent => {
  const data = of.data as { entryId: string; itemId: string; track: '1' | 'X'; points: number };
  return {
    type: 'EntryReversed',
    data: {
      year: YEAR,
      unitId: 'sansheng',
      entryId: data.entryId,
      itemId: data.itemId,
      track: data.track,
      kind: of.type === 'PointsAwarded' ? 'award' : 'deduction',
      points: data.points,
      disputeId: 'dsp',
      reason: 'overturned',
    },
  };
};
const scoreOf = (events: ScorecardEvent[], policy = DEFAULT_POLICY) =>
  unitScore(events.reduce(tallyScorecardEvent, emptyTally), policy);

describe('scores', () => {
  it('starts a unit at the base score', () => {
    expect(scoreOf([])).toEqual({ regularRaw: 100, regularScore: 100, keyScore: 0, total: 100 });
  });

  it('adds regular awards and subtracts deductions on the regular track, X entries on the key track', () => {
    expect(scoreOf([award('1', 2), award('1', 1.5), deduct('1', 1), award('X', 50), deduct('X', 5)])).toEqual(
      {
        regularRaw: 102.5,
        regularScore: 102.5,
        keyScore: 45,
        total: 147.5,
      },
    );
  });

  it('caps the regular track at regularCap but never the key track', () => {
    const many = Array.from({ length: 20 }, () => award('1', 2));
    expect(scoreOf([...many, award('X', 50), award('X', 50)])).toEqual({
      regularRaw: 140,
      regularScore: 130,
      keyScore: 100,
      total: 230,
    });
  });

  it('floors the regular track at 0 while the key track can go negative', () => {
    expect(scoreOf([deduct('1', 150), deduct('X', 10)])).toEqual({
      regularRaw: -50,
      regularScore: 0,
      keyScore: -10,
      total: -10,
    });
  });

  it('adds decimals exactly to two places', () => {
    const tenths = Array.from({ length: 10 }, () => award('1', 0.1));
    expect(scoreOf([...tenths, award('X', 0.01), award('X', 0.02)])).toEqual({
      regularRaw: 101,
      regularScore: 101,
      keyScore: 0.03,
      total: 101.03,
    });
  });

  it('counts an entry on the track it was recorded under, even after its item changed track', () => {
    // The item "safety" moved to X after the first award: the event carries the track of its time.
    const before = award('1', 2);
    const after = { ...award('X', 10), data: { ...award('X', 10).data, itemId: 'safety' } } as ScorecardEvent;
    expect(scoreOf([before, after])).toEqual({
      regularRaw: 102,
      regularScore: 102,
      keyScore: 10,
      total: 112,
    });
  });

  it('scores the same entries under the policy in force: a cap raised later lifts the total', () => {
    const entries = Array.from({ length: 20 }, () => award('1', 2));
    expect(scoreOf(entries).total).toBe(130);
    expect(scoreOf(entries, { ...DEFAULT_POLICY, regularCap: 150 }).total).toBe(140);
    expect(scoreOf(entries, { ...DEFAULT_POLICY, baseScore: 90, regularCap: 150 }).total).toBe(130);
  });

  it('takes a reversed entry out of the score, on its own track', () => {
    const wrongAward = award('X', 10);
    const wrongDeduction = deduct('1', 2);
    expect(scoreOf([wrongAward, wrongDeduction, reversal(wrongAward), reversal(wrongDeduction)])).toEqual({
      regularRaw: 100,
      regularScore: 100,
      keyScore: 0,
      total: 100,
    });
  });
});

describe('ranking', () => {
  it('ranks within each kind by total, ties sharing a rank (1, 2, 2, 4)', () => {
    const rows = [
      { unitId: 'a', kind: 'street' as const, total: 120 },
      { unitId: 'b', kind: 'street' as const, total: 130 },
      { unitId: 'c', kind: 'street' as const, total: 120 },
      { unitId: 'd', kind: 'street' as const, total: 100 },
      { unitId: 'x', kind: 'department' as const, total: 99 },
      { unitId: 'y', kind: 'department' as const, total: 101 },
    ];
    expect(rankWithinKind(rows).map((r) => [r.kind, r.unitId, r.rank])).toEqual([
      ['department', 'y', 1],
      ['department', 'x', 2],
      ['street', 'b', 1],
      ['street', 'a', 2],
      ['street', 'c', 2],
      ['street', 'd', 4],
    ]);
  });

  it('gives everyone rank 1 when all are tied', () => {
    const rows = ['a', 'b', 'c'].map((unitId) => ({ unitId, kind: 'department' as const, total: 100 }));
    expect(rankWithinKind(rows).map((r) => r.rank)).toEqual([1, 1, 1]);
  });
});
