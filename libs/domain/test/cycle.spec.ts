import { CycleCommand, CycleEvent, DEFAULT_POLICY, cycleDecider } from '@ledger/domain';
import { YEAR, cycleClosed, cycleOpened, itemDefined, retailTarget } from './fixtures';
import { specFor } from './given-when-then';

const given = specFor(cycleDecider);
const command = <T extends CycleCommand['type']>(type: T, data: Extract<CycleCommand, { type: T }>['data']) =>
  ({ type, data }) as CycleCommand;

describe('cycle: open', () => {
  it('opens a cycle with the article’s policy by default', () => {
    given([])
      .when(command('OpenCycle', { year: YEAR }))
      .then([cycleOpened(DEFAULT_POLICY)]);
  });

  it('opens with a policy override merged over the defaults', () => {
    given([])
      .when(command('OpenCycle', { year: YEAR, policy: { regularCap: 120, baseScore: 90 } }))
      .then([
        {
          type: 'CycleOpened',
          data: { year: YEAR, policy: { ...DEFAULT_POLICY, regularCap: 120, baseScore: 90 } },
        },
      ]);
  });

  it('refuses a cycle that already exists', () => {
    given([cycleOpened()])
      .when(command('OpenCycle', { year: YEAR }))
      .thenRefuses('CYCLE_EXISTS');
  });

  it.each([
    ['a cap below the base', { regularCap: 90 }],
    ['a negative base', { baseScore: -1 }],
    ['a zero award maximum', { regularAwardMax: 0 }],
    ['three decimals', { regularAwardMax: 1.005 }],
    ['an empty ladder', { sanctionLadder: [] }],
    ['a rung over 100 %', { sanctionLadder: [{ name: 'fine', withheldPct: 120 }] }],
    [
      'a ladder heaviest first',
      {
        sanctionLadder: [
          { name: 'ordered-resignation', withheldPct: 100 },
          { name: 'warning', withheldPct: 10 },
        ],
      },
    ],
    [
      'a rung named twice',
      {
        sanctionLadder: [
          { name: 'warning', withheldPct: 10 },
          { name: 'warning', withheldPct: 20 },
        ],
      },
    ],
    ['a panel minimum of zero', { panelMinScores: 0 }],
  ])('refuses an invalid policy: %s', (_label, policy) => {
    given([])
      .when(command('OpenCycle', { year: YEAR, policy }))
      .thenRefuses('INVALID_POLICY');
  });
});

describe('cycle: amend policy', () => {
  it('records the changes and the policy that results', () => {
    given([cycleOpened()])
      .when(command('AmendPolicy', { year: YEAR, changes: { regularCap: 140 }, reason: 'district decision' }))
      .then([
        {
          type: 'PolicyAmended',
          data: {
            year: YEAR,
            changes: { regularCap: 140 },
            policy: { ...DEFAULT_POLICY, regularCap: 140 },
            reason: 'district decision',
          },
        },
      ]);
  });

  it('can add a rung to the sanction ladder', () => {
    const sanctionLadder = [
      { name: 'written-self-examination', withheldPct: 30 },
      { name: 'public-criticism', withheldPct: 50 },
      { name: 'ordered-resignation', withheldPct: 100 },
    ];
    const { result } = given([cycleOpened()]).when(
      command('AmendPolicy', { year: YEAR, changes: { sanctionLadder }, reason: 'measures revised' }),
    );
    expect((result as CycleEvent[])[0]).toMatchObject({
      type: 'PolicyAmended',
      data: { policy: { sanctionLadder } },
    });
  });

  it('refuses once the cycle is closed', () => {
    given([cycleOpened(), cycleClosed])
      .when(command('AmendPolicy', { year: YEAR, changes: { regularCap: 140 }, reason: 'late' }))
      .thenRefuses('CYCLE_CLOSED');
  });

  it('refuses an amendment that leaves the policy invalid', () => {
    given([cycleOpened()])
      .when(command('AmendPolicy', { year: YEAR, changes: { regularCap: 50 }, reason: 'oops' }))
      .thenRefuses('INVALID_POLICY');
  });

  it('refuses an amendment that changes nothing', () => {
    given([cycleOpened()])
      .when(command('AmendPolicy', { year: YEAR, changes: { regularCap: 130 }, reason: 'same' }))
      .thenRefuses('NO_CHANGE');
  });

  it('refuses an empty amendment even when the stored policy lists its fields in another order', () => {
    const stored = JSON.parse(
      JSON.stringify(DEFAULT_POLICY, Object.keys(DEFAULT_POLICY).sort().concat('name', 'withheldPct')),
    );
    given([cycleOpened(stored)])
      .when(command('AmendPolicy', { year: YEAR, changes: {}, reason: 'nothing' }))
      .thenRefuses('NO_CHANGE');
  });

  it('refuses an amendment without a reason', () => {
    given([cycleOpened()])
      .when(command('AmendPolicy', { year: YEAR, changes: { regularCap: 140 }, reason: '  ' }))
      .thenRefuses('REASON_REQUIRED');
  });

  it('refuses on a cycle that was never opened', () => {
    given([])
      .when(command('AmendPolicy', { year: YEAR, changes: { regularCap: 140 }, reason: 'x' }))
      .thenRefuses('UNKNOWN_CYCLE');
  });
});

describe('cycle: items and targets', () => {
  it('defines an X item with a basic requirement and targets', () => {
    given([cycleOpened()])
      .when(
        command('DefineItem', {
          year: YEAR,
          itemId: 'modern-services',
          title: 'Promotion of modern services',
          track: 'X',
          basicRequirement: { text: 'a working promotion mechanism' },
          targets: [retailTarget],
        }),
      )
      .then([
        {
          type: 'ItemDefined',
          data: {
            year: YEAR,
            itemId: 'modern-services',
            title: 'Promotion of modern services',
            track: 'X',
            basicRequirement: { text: 'a working promotion mechanism', panelScoreAtLeast: null },
            targets: [retailTarget],
          },
        },
      ]);
  });

  it('refuses an item defined twice', () => {
    given([cycleOpened(), itemDefined('safety', '1')])
      .when(command('DefineItem', { year: YEAR, itemId: 'safety', title: 'Safety', track: '1' }))
      .thenRefuses('ITEM_EXISTS');
  });

  it('refuses to define an item in a closed cycle', () => {
    given([cycleOpened(), cycleClosed])
      .when(command('DefineItem', { year: YEAR, itemId: 'safety', title: 'Safety', track: '1' }))
      .thenRefuses('CYCLE_CLOSED');
  });

  it('refuses a target with an unknown comparator or the same metric twice', () => {
    given([cycleOpened()])
      .when(
        command('DefineItem', {
          year: YEAR,
          itemId: 'x1',
          title: 'X1',
          track: 'X',
          targets: [retailTarget, retailTarget],
        }),
      )
      .thenRefuses('INVALID_TARGET');
    given([cycleOpened()])
      .when(
        command('DefineItem', {
          year: YEAR,
          itemId: 'x1',
          title: 'X1',
          track: 'X',
          targets: [{ ...retailTarget, comparator: '>' as never }],
        }),
      )
      .thenRefuses('INVALID_TARGET');
  });

  it('moves an item between tracks as an event', () => {
    given([cycleOpened(), itemDefined('safety', '1')])
      .when(
        command('ChangeItemTrack', {
          year: YEAR,
          itemId: 'safety',
          track: 'X',
          reason: 'made key this year',
        }),
      )
      .then([
        {
          type: 'ItemTrackChanged',
          data: { year: YEAR, itemId: 'safety', from: '1', to: 'X', reason: 'made key this year' },
        },
      ]);
  });

  it('refuses a track change that changes nothing', () => {
    given([cycleOpened(), itemDefined('safety', '1')])
      .when(command('ChangeItemTrack', { year: YEAR, itemId: 'safety', track: '1', reason: 'same' }))
      .thenRefuses('NO_CHANGE');
  });

  it('refuses to change an unknown or withdrawn item', () => {
    given([cycleOpened()])
      .when(command('ChangeItemTrack', { year: YEAR, itemId: 'ghost', track: 'X', reason: 'r' }))
      .thenRefuses('UNKNOWN_ITEM');
    given([
      cycleOpened(),
      itemDefined('safety', '1'),
      { type: 'ItemWithdrawn', data: { year: YEAR, itemId: 'safety', reason: 'r' } },
    ])
      .when(command('ChangeItemTrack', { year: YEAR, itemId: 'safety', track: 'X', reason: 'r' }))
      .thenRefuses('ITEM_WITHDRAWN');
  });

  it('refuses a track change in a closed cycle', () => {
    given([cycleOpened(), itemDefined('safety', '1'), cycleClosed])
      .when(command('ChangeItemTrack', { year: YEAR, itemId: 'safety', track: 'X', reason: 'r' }))
      .thenRefuses('CYCLE_CLOSED');
  });

  it('changes a target threshold, recording from and to', () => {
    given([cycleOpened(), itemDefined('modern-services', 'X', { targets: [retailTarget] })])
      .when(
        command('ChangeTargetThreshold', {
          year: YEAR,
          itemId: 'modern-services',
          metric: 'retail-sales-growth',
          threshold: 15,
          reason: 'city raised the goal',
        }),
      )
      .then([
        {
          type: 'TargetThresholdChanged',
          data: {
            year: YEAR,
            itemId: 'modern-services',
            metric: 'retail-sales-growth',
            from: 14,
            to: 15,
            reason: 'city raised the goal',
          },
        },
      ]);
  });

  it('refuses a threshold change on an unknown metric, or to the same value', () => {
    const history = [cycleOpened(), itemDefined('modern-services', 'X', { targets: [retailTarget] })];
    given(history)
      .when(
        command('ChangeTargetThreshold', {
          year: YEAR,
          itemId: 'modern-services',
          metric: 'gdp',
          threshold: 1,
          reason: 'r',
        }),
      )
      .thenRefuses('UNKNOWN_METRIC');
    given(history)
      .when(
        command('ChangeTargetThreshold', {
          year: YEAR,
          itemId: 'modern-services',
          metric: 'retail-sales-growth',
          threshold: 14,
          reason: 'r',
        }),
      )
      .thenRefuses('NO_CHANGE');
  });

  it("changes a threshold from the business date named, a day of the cycle's year", () => {
    const history = [cycleOpened(), itemDefined('modern-services', 'X', { targets: [retailTarget] })];
    const change = (effectiveOn: string) =>
      command('ChangeTargetThreshold', {
        year: YEAR,
        itemId: 'modern-services',
        metric: 'retail-sales-growth',
        threshold: 15,
        reason: 'raised mid-year',
        effectiveOn,
      });
    given(history)
      .when(change('2007-07-01'))
      .then([
        {
          type: 'TargetThresholdChanged',
          data: {
            year: YEAR,
            itemId: 'modern-services',
            metric: 'retail-sales-growth',
            from: 14,
            to: 15,
            reason: 'raised mid-year',
            effectiveOn: '2007-07-01',
          },
        },
      ]);
    given(history).when(change('2006-12-31')).thenRefuses('INVALID_EFFECTIVE_DATE');
  });

  it('withdraws an item once', () => {
    const withdrawn: CycleEvent = {
      type: 'ItemWithdrawn',
      data: { year: YEAR, itemId: 'safety', reason: 'merged' },
    };
    given([cycleOpened(), itemDefined('safety', '1')])
      .when(command('WithdrawItem', { year: YEAR, itemId: 'safety', reason: 'merged' }))
      .then([withdrawn]);
    given([cycleOpened(), itemDefined('safety', '1'), withdrawn])
      .when(command('WithdrawItem', { year: YEAR, itemId: 'safety', reason: 'again' }))
      .thenRefuses('ITEM_WITHDRAWN');
  });
});

describe('cycle: bonus base and close', () => {
  it('sets a known leader’s bonus base, even after the year closed', () => {
    given([cycleOpened(), cycleClosed])
      .when(command('SetLeaderBonusBase', { year: YEAR, leaderId: 'li-ming', amount: 50000 }), {
        leaderKnown: true,
      })
      .then([
        {
          type: 'LeaderBonusBaseSet',
          data: { year: YEAR, leaderId: 'li-ming', amount: 50000, previous: null },
        },
      ]);
  });

  it('refuses an unknown leader or a bad amount', () => {
    given([cycleOpened()])
      .when(command('SetLeaderBonusBase', { year: YEAR, leaderId: 'nobody', amount: 1 }), {
        leaderKnown: false,
      })
      .thenRefuses('UNKNOWN_LEADER');
    given([cycleOpened()])
      .when(command('SetLeaderBonusBase', { year: YEAR, leaderId: 'li-ming', amount: -5 }), {
        leaderKnown: true,
      })
      .thenRefuses('INVALID_AMOUNT');
  });

  it('closes a cycle once', () => {
    given([cycleOpened()])
      .when(command('CloseCycle', { year: YEAR, reason: 'year end' }))
      .then([cycleClosed]);
    given([cycleOpened(), cycleClosed])
      .when(command('CloseCycle', { year: YEAR, reason: 'again' }))
      .thenRefuses('CYCLE_CLOSED');
  });
});
