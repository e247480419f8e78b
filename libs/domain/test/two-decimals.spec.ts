import { ScorecardCommand, hasAtMostTwoDecimals, scorecardDecider } from '@ledger/domain';
import { YEAR, openCycle2007, sansheng } from './fixtures';
import { specFor } from './given-when-then';

const given = specFor(scorecardDecider);
const context = { cycle: openCycle2007(), unit: sansheng() };

const award = (points: number): ScorecardCommand => ({
  type: 'AwardPoints',
  data: {
    year: YEAR,
    unitId: 'sansheng',
    entryId: 'e1',
    itemId: 'modern-services',
    points,
    reason: 'good work',
  },
});

/**
 * "At most two decimals" is exact: a number a client computed (0.1 + 0.2) or mistyped
 * (1.000000001) is not 0.3 or 1, and would not add up to what the scoreboard shows.
 */
describe('points carry at most two decimals, exactly', () => {
  it.each([[1.000000001], [0.1 + 0.2], [2.0000001], [49.999999999]])('refuses %p', (points) => {
    given([]).when(award(points), context).thenRefuses('INVALID_POINTS');
  });

  it.each([[1], [0.3], [1.15], [0.01], [12.34], [999999.99], [1_000_000_000]])('accepts %p', (points) => {
    const { result } = given([]).when(award(points), context);
    expect(result).toEqual([expect.objectContaining({ data: expect.objectContaining({ points }) })]);
  });

  it('holds for every whole number of hundredths up to a thousand', () => {
    const refused = Array.from({ length: 100_001 }, (_, hundredths) => hundredths / 100).filter(
      (value) => !hasAtMostTwoDecimals(value),
    );
    expect(refused).toEqual([]);
  });
});
