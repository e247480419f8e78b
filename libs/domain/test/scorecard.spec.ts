import {
  DEFAULT_POLICY,
  ScorecardCommand,
  ScorecardEvent,
  effectiveOnOf,
  scorecardDecider,
} from '@ledger/domain';
import {
  YEAR,
  cycleClosed,
  cycleFrom,
  cycleOpened,
  itemDefined,
  openCycle2007,
  retailTarget,
  sansheng,
  unitFrom,
  unitRegistered,
} from './fixtures';
import { specFor } from './given-when-then';

const given = specFor(scorecardDecider);
const context = { cycle: openCycle2007(), unit: sansheng() };

const award = (itemId: string, points: number, entryId = 'e1', reason = 'good work'): ScorecardCommand => ({
  type: 'AwardPoints',
  data: { year: YEAR, unitId: 'sansheng', entryId, itemId, points, reason },
});
const deduct = (itemId: string, points: number, entryId = 'd1'): ScorecardCommand => ({
  type: 'DeductPoints',
  data: { year: YEAR, unitId: 'sansheng', entryId, itemId, points, reason: 'missed deadline' },
});
const awarded = (itemId: string, track: '1' | 'X', points: number, entryId = 'e1'): ScorecardEvent => ({
  type: 'PointsAwarded',
  data: {
    year: YEAR,
    unitId: 'sansheng',
    entryId,
    itemId,
    track,
    points,
    reason: 'good work',
    evidence: null,
    regularAwardMax: 2,
  },
});
const rule = (itemId: string, met: boolean, rulingId = 'r1'): ScorecardCommand => ({
  type: 'RuleBasicRequirement',
  data: { year: YEAR, unitId: 'sansheng', rulingId, itemId, met, basis: 'inspection of 2007-11-02' },
});

describe('scorecard: awards and deductions', () => {
  it('awards up to 2 points on a regular item, carrying the track and the maximum it was decided under', () => {
    given([])
      .when(award('safety', 2), context)
      .then([awarded('safety', '1', 2)]);
  });

  it('awards a large, uncapped sum on an X item', () => {
    given([])
      .when(award('modern-services', 50), context)
      .then([awarded('modern-services', 'X', 50)]);
  });

  it('refuses more than the regular maximum on a regular item', () => {
    given([]).when(award('safety', 2.01), context).thenRefuses('REGULAR_AWARD_OVER_MAX');
  });

  it('follows the maximum as amended', () => {
    const cycle = cycleFrom([
      cycleOpened({ ...DEFAULT_POLICY, regularAwardMax: 3 }),
      itemDefined('safety', '1'),
    ]);
    const { result } = given([]).when(award('safety', 3), { ...context, cycle });
    expect(result).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ regularAwardMax: 3 }) }),
    ]);
  });

  it('follows the track the item has now: an item moved to X takes big awards', () => {
    const cycle = cycleFrom([
      cycleOpened(),
      itemDefined('safety', '1'),
      {
        type: 'ItemTrackChanged',
        data: { year: YEAR, itemId: 'safety', from: '1', to: 'X', reason: 'key this year' },
      },
    ]);
    given([])
      .when(award('safety', 10), { ...context, cycle })
      .then([awarded('safety', 'X', 10)]);
  });

  it('deducts with no maximum, on either track', () => {
    given([])
      .when(deduct('safety', 5), context)
      .then([
        {
          type: 'PointsDeducted',
          data: {
            year: YEAR,
            unitId: 'sansheng',
            entryId: 'd1',
            itemId: 'safety',
            track: '1',
            points: 5,
            reason: 'missed deadline',
            evidence: null,
          },
        },
      ]);
  });

  it.each([[0], [-1], [1.005], [Number.NaN], [Number.POSITIVE_INFINITY], [2e9]])(
    'refuses bad points: %p',
    (points) => {
      given([]).when(award('modern-services', points), context).thenRefuses('INVALID_POINTS');
      given([]).when(deduct('safety', points), context).thenRefuses('INVALID_POINTS');
    },
  );

  it('refuses an entry without a reason', () => {
    given([])
      .when(award('safety', 1, 'e1', ' '), context)
      .thenRefuses('REASON_REQUIRED');
  });

  it('refuses an unknown cycle, unit or item', () => {
    given([])
      .when(award('safety', 1), { ...context, cycle: cycleFrom([]) })
      .thenRefuses('UNKNOWN_CYCLE');
    given([])
      .when(award('safety', 1), { ...context, unit: unitFrom([]) })
      .thenRefuses('UNKNOWN_UNIT');
    given([]).when(award('ghost', 1), context).thenRefuses('UNKNOWN_ITEM');
  });

  it('refuses entries once the cycle is closed or the item withdrawn', () => {
    const closed = cycleFrom([cycleOpened(), itemDefined('safety', '1'), cycleClosed]);
    given([])
      .when(award('safety', 1), { ...context, cycle: closed })
      .thenRefuses('CYCLE_CLOSED');
    const withdrawn = cycleFrom([
      cycleOpened(),
      itemDefined('safety', '1'),
      { type: 'ItemWithdrawn', data: { year: YEAR, itemId: 'safety', reason: 'merged' } },
    ]);
    given([])
      .when(deduct('safety', 1), { ...context, cycle: withdrawn })
      .thenRefuses('ITEM_WITHDRAWN');
  });

  it('does nothing when the same entry id is sent again', () => {
    given([awarded('safety', '1', 2)])
      .when(award('safety', 2), context)
      .thenNothing();
  });
});

describe('scorecard: metrics', () => {
  const report = (metric: string, value: number): ScorecardCommand => ({
    type: 'ReportMetric',
    data: { year: YEAR, unitId: 'sansheng', itemId: 'modern-services', metric, value },
  });

  it('records a reported value with the target it was judged against', () => {
    given([])
      .when(report('retail-sales-growth', 15.2), context)
      .then([
        {
          type: 'MetricReported',
          data: {
            year: YEAR,
            unitId: 'sansheng',
            itemId: 'modern-services',
            metric: 'retail-sales-growth',
            value: 15.2,
            comparator: '>=',
            threshold: 14,
            unit: '%',
            met: true,
          },
        },
      ]);
  });

  it('judges against the threshold as changed', () => {
    const cycle = cycleFrom([
      cycleOpened(),
      itemDefined('modern-services', 'X', { targets: [retailTarget] }),
      {
        type: 'TargetThresholdChanged',
        data: {
          year: YEAR,
          itemId: 'modern-services',
          metric: 'retail-sales-growth',
          from: 14,
          to: 16,
          reason: 'raised',
        },
      },
    ]);
    const { result } = given([]).when(report('retail-sales-growth', 15.2), { ...context, cycle });
    expect(result).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ threshold: 16, met: false }) }),
    ]);
  });

  it('refuses a metric the item has no target for, or a value that is not a number', () => {
    given([]).when(report('gdp-growth', 9), context).thenRefuses('UNKNOWN_METRIC');
    given([]).when(report('retail-sales-growth', Number.NaN), context).thenRefuses('INVALID_METRIC_VALUE');
  });
});

describe('scorecard: rulings on the basic requirement', () => {
  it('records an unmet ruling on an X item with the leader in office', () => {
    given([])
      .when(rule('modern-services', false), context)
      .then([
        {
          type: 'BasicRequirementRuled',
          data: {
            year: YEAR,
            unitId: 'sansheng',
            rulingId: 'r1',
            itemId: 'modern-services',
            track: 'X',
            met: false,
            basis: 'inspection of 2007-11-02',
            leaderId: 'li-ming',
            panelId: null,
          },
        },
      ]);
  });

  it('refuses an unmet X ruling when the unit has no principal leader in office', () => {
    const leaderless = { ...context, unit: unitFrom([unitRegistered('sansheng')]) };
    given([]).when(rule('modern-services', false), leaderless).thenRefuses('NO_PRINCIPAL_LEADER');
  });

  it('accepts a met ruling, or an unmet ruling on a regular item, without a leader', () => {
    const leaderless = { ...context, unit: unitFrom([unitRegistered('sansheng')]) };
    expect(given([]).when(rule('modern-services', true), leaderless).result).toHaveLength(1);
    expect(given([]).when(rule('safety', false), leaderless).result).toHaveLength(1);
  });

  it('refuses rulings once the cycle is closed, and without a basis', () => {
    const closed = cycleFrom([cycleOpened(), itemDefined('modern-services', 'X'), cycleClosed]);
    given([])
      .when(rule('modern-services', false), { ...context, cycle: closed })
      .thenRefuses('CYCLE_CLOSED');
    given([])
      .when(
        {
          type: 'RuleBasicRequirement',
          data: { year: YEAR, unitId: 'sansheng', rulingId: 'r1', itemId: 'safety', met: true, basis: '' },
        },
        context,
      )
      .thenRefuses('REASON_REQUIRED');
  });
});

describe('scorecard: corrections after an overturned dispute', () => {
  const reverse: ScorecardCommand = {
    type: 'ReverseEntry',
    data: { year: YEAR, unitId: 'sansheng', entryId: 'e1', disputeId: 'dsp-1', reason: 'double counted' },
  };

  it('reverses an entry, repeating its facts, even after the cycle closed', () => {
    const closed = { ...context, cycle: cycleFrom([cycleOpened(), itemDefined('safety', '1'), cycleClosed]) };
    given([awarded('safety', '1', 2)])
      .when(reverse, closed)
      .then([
        {
          type: 'EntryReversed',
          data: {
            year: YEAR,
            unitId: 'sansheng',
            entryId: 'e1',
            itemId: 'safety',
            track: '1',
            kind: 'award',
            points: 2,
            disputeId: 'dsp-1',
            reason: 'double counted',
          },
        },
      ]);
  });

  it('reverses nothing twice and refuses an unknown entry', () => {
    const reversed: ScorecardEvent = {
      type: 'EntryReversed',
      data: {
        year: YEAR,
        unitId: 'sansheng',
        entryId: 'e1',
        itemId: 'safety',
        track: '1',
        kind: 'award',
        points: 2,
        disputeId: 'dsp-1',
        reason: 'x',
      },
    };
    given([awarded('safety', '1', 2), reversed])
      .when(reverse, context)
      .thenNothing();
    given([]).when(reverse, context).thenRefuses('UNKNOWN_ENTRY');
  });

  it('sets a ruling aside once', () => {
    const ruled = given([]).when(rule('modern-services', false), context).result as ScorecardEvent[];
    const setAside: ScorecardCommand = {
      type: 'SetAsideRuling',
      data: {
        year: YEAR,
        unitId: 'sansheng',
        rulingId: 'r1',
        disputeId: 'dsp-2',
        reason: 'wrong inspection date',
      },
    };
    const aside: ScorecardEvent = {
      type: 'RulingSetAside',
      data: {
        year: YEAR,
        unitId: 'sansheng',
        rulingId: 'r1',
        itemId: 'modern-services',
        met: false,
        disputeId: 'dsp-2',
        reason: 'wrong inspection date',
      },
    };
    given(ruled).when(setAside, context).then([aside]);
    given([...ruled, aside])
      .when(setAside, context)
      .thenNothing();
    given([]).when(setAside, context).thenRefuses('UNKNOWN_RULING');
  });
});

describe('scorecard: business dates', () => {
  const on = (command: ScorecardCommand, effectiveOn: string): ScorecardCommand =>
    ({ ...command, data: { ...command.data, effectiveOn } }) as ScorecardCommand;

  it('records the day of the appraisal year an entry takes effect, when the command names one', () => {
    given([])
      .when(on(award('safety', 2), '2007-06-30'), context)
      .then([
        {
          type: 'PointsAwarded',
          data: {
            year: YEAR,
            unitId: 'sansheng',
            entryId: 'e1',
            itemId: 'safety',
            track: '1',
            points: 2,
            reason: 'good work',
            evidence: null,
            regularAwardMax: 2,
            effectiveOn: '2007-06-30',
          },
        },
      ]);
  });

  it('records it on a deduction, a reported metric and a ruling too', () => {
    const report: ScorecardCommand = {
      type: 'ReportMetric',
      data: {
        year: YEAR,
        unitId: 'sansheng',
        itemId: 'modern-services',
        metric: 'retail-sales-growth',
        value: 15.2,
      },
    };
    for (const command of [deduct('safety', 1), report, rule('modern-services', true)]) {
      const decided = given([]).when(on(command, '2007-03-01'), context).result;
      expect(decided).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ effectiveOn: '2007-03-01' }) }),
      ]);
    }
  });

  it.each(['2006-12-31', '2008-01-01', '2007-02-30', '2007-13-01', '30/06/2007', '2007-6-30', ''])(
    'refuses %j: not a day of the 2007 cycle',
    (effectiveOn) => {
      given([])
        .when(on(award('safety', 2), effectiveOn), context)
        .thenRefuses('INVALID_EFFECTIVE_DATE');
    },
  );
});

describe('business dates of recorded events', () => {
  it('is the named day, else the day recorded brought into the cycle year', () => {
    expect(effectiveOnOf({ effectiveOn: '2007-06-30' }, '2026-11-27T10:00:00Z', 2007)).toBe('2007-06-30');
    expect(effectiveOnOf({}, '2007-05-04T23:59:59Z', 2007)).toBe('2007-05-04');
    expect(effectiveOnOf({}, '2026-11-27T10:00:00Z', 2007)).toBe('2007-12-31');
    expect(effectiveOnOf({}, '2006-12-20T10:00:00Z', 2007)).toBe('2007-01-01');
  });
});
