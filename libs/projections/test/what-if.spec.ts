import { DEFAULT_POLICY } from '@ledger/domain';
import { recordUnderRules, standingOf, whatIf } from '@ledger/projections';
import { scoreEntry, stored } from './support/stored-events';

const item = (itemId: string, track: '1' | 'X') => ({
  type: 'ItemDefined',
  data: { year: 2007, itemId, title: itemId, track, basicRequirement: null, targets: [] },
});
const opening = [
  { type: 'CycleOpened', data: { year: 2007, policy: DEFAULT_POLICY } },
  item('safety', '1'),
  item('greening', '1'),
  item('services', 'X'),
  { type: 'UnitRegistered', data: { unitId: 'a', name: 'A', kind: 'street' } },
  { type: 'UnitRegistered', data: { unitId: 'b', name: 'B', kind: 'street' } },
  { type: 'LeaderAppointed', data: { unitId: 'a', leaderId: 'li', name: 'Li' } },
  { type: 'LeaderAppointed', data: { unitId: 'b', leaderId: 'wang', name: 'Wang' } },
];
let entries = 0;
const award = (unitId: string, itemId: string, track: '1' | 'X', points: number) =>
  scoreEntry('award', { unitId, entryId: `e${++entries}`, itemId, track, points });
const awards = (count: number, unitId: string, itemId: string, track: '1' | 'X', points: number) =>
  Array.from({ length: count }, () => award(unitId, itemId, track, points));
const ruling = (
  unitId: string,
  itemId: string,
  track: '1' | 'X',
  leaderId: string | null,
  rulingId: string,
) => ({
  id: rulingId,
  type: 'BasicRequirementRuled',
  data: { year: 2007, unitId, rulingId, itemId, track, met: false, basis: 'missed', leaderId, panelId: null },
});
const subject = {
  caseId: '2007-b-services-1',
  year: 2007,
  unitId: 'b',
  itemId: 'services',
  leaderId: 'wang',
};

/**
 * Unit a: 32 points on safety and 4 on greening (regular 136, capped at 130), an unmet ruling
 * on greening. Unit b: 20 on safety, 5 on services (key), an unmet ruling on services whose
 * case is sanctioned with a written self-examination (30 %).
 */
const cycle = stored([
  ...opening,
  ...awards(16, 'a', 'safety', '1', 2),
  ...awards(2, 'a', 'greening', '1', 2),
  ...awards(10, 'b', 'safety', '1', 2),
  award('b', 'services', 'X', 5),
  ruling('a', 'greening', '1', 'li', 'r-a'),
  ruling('b', 'services', 'X', 'wang', 'r-b'),
  { type: 'CaseOpened', data: { ...subject, rulingId: 'r-b' } },
  {
    type: 'SanctionImposed',
    data: {
      ...subject,
      sanctionId: 's1',
      sanction: 'written-self-examination',
      withheldPct: 30,
      removesLeader: false,
      reason: 'failed',
    },
  },
]);

const unit = (answer: Awaited<ReturnType<typeof whatIf>>, unitId: string) =>
  answer.units.find((row) => row.unitId === unitId)!;
const leader = (answer: Awaited<ReturnType<typeof whatIf>>, leaderId: string) =>
  answer.leaders.find((row) => row.leaderId === leaderId)!;

describe('what if: the cycle recomputed under other rules', () => {
  it('changes totals and ranks with a lower cap', async () => {
    const answer = await whatIf(2007, cycle, { policy: { regularCap: 120 } });
    expect(unit(answer, 'a')).toMatchObject({
      recorded: { regularScore: 130, total: 130, rank: 1 },
      whatIf: { regularScore: 120, total: 120, rank: 2 },
      change: { total: -10, rank: 1 },
    });
    expect(unit(answer, 'b')).toMatchObject({
      recorded: { total: 125, rank: 2 },
      whatIf: { regularScore: 120, keyScore: 5, total: 125, rank: 1 },
      change: { total: 0, rank: -1 },
    });
    expect(answer.policy.whatIf.regularCap).toBe(120);
    expect(answer.policy.recorded.regularCap).toBe(130);
    expect(answer.refused).toEqual([]);
  });

  it('lists the awards a lower award maximum would have refused, and leaves them out', async () => {
    const events = stored([
      ...opening,
      award('a', 'safety', '1', 1),
      award('a', 'safety', '1', 2),
      award('b', 'services', 'X', 5),
    ]);
    const answer = await whatIf(2007, events, { policy: { regularAwardMax: 1 } });
    expect(answer.refused).toEqual([
      expect.objectContaining({
        type: 'PointsAwarded',
        eventId: events[9]!.id,
        unitId: 'a',
        itemId: 'safety',
        code: 'REGULAR_AWARD_OVER_MAX',
        reason: 'An award on regular item "safety" may be at most 1 points; 2 asked.',
      }),
    ]);
    expect(unit(answer, 'a')).toMatchObject({ recorded: { total: 103 }, whatIf: { total: 101 } });
    // Awards on key items have no maximum.
    expect(unit(answer, 'b').change.total).toBe(0);
  });

  it('refuses an award above the maximum on an item moved to the regular track', async () => {
    const answer = await whatIf(2007, cycle, { tracks: { services: '1' } });
    expect(answer.refused.map((r) => [r.unitId, r.itemId, r.code])).toEqual([
      ['b', 'services', 'REGULAR_AWARD_OVER_MAX'],
    ]);
    expect(unit(answer, 'b')).toMatchObject({ whatIf: { regularScore: 120, keyScore: 0, total: 120 } });
  });

  it('moves the entries of an item moved to X from the regular score to the key score', async () => {
    const answer = await whatIf(2007, cycle, { tracks: { greening: 'X' } });
    expect(unit(answer, 'a')).toMatchObject({
      recorded: { regularScore: 130, keyScore: 0, total: 130 },
      whatIf: { regularScore: 130, keyScore: 4, total: 134 },
      change: { total: 4, rank: 0 },
    });
    expect(answer.tracks).toEqual([{ itemId: 'greening', recorded: '1', whatIf: 'X' }]);
  });

  it('holds a leader to account for an unmet ruling on an item moved to X', async () => {
    const answer = await whatIf(2007, cycle, { tracks: { greening: 'X' } });
    expect(answer.cases.opened).toEqual([
      {
        caseId: '2007-a-greening-what-if-1',
        unitId: 'a',
        itemId: 'greening',
        leaderId: 'li',
        rulingId: 'r-a',
      },
    ]);
    expect(leader(answer, 'li')).toMatchObject({
      recorded: { status: 'clear', openCases: 0 },
      whatIf: { status: 'under-review', openCases: 1 },
      changed: true,
    });
    expect(leader(answer, 'wang').changed).toBe(false);
  });

  it('opens no second case of a unit and item while the one the rules opened is still open', async () => {
    const greening = {
      caseId: '2007-a-greening-1',
      year: 2007,
      unitId: 'a',
      itemId: 'greening',
      leaderId: 'li',
    };
    const events = stored([
      ...opening,
      ruling('a', 'greening', '1', 'li', 'r-early'),
      {
        type: 'ItemTrackChanged',
        data: { year: 2007, itemId: 'greening', from: '1', to: 'X', reason: 'key now' },
      },
      ruling('a', 'greening', 'X', 'li', 'r-late'),
      { type: 'CaseOpened', data: { ...greening, rulingId: 'r-late' } },
    ]);
    const answer = await whatIf(2007, events, { tracks: { greening: 'X' } });
    expect(answer.cases.opened.map((c) => [c.caseId, c.rulingId])).toEqual([
      ['2007-a-greening-what-if-1', 'r-early'],
    ]);
    expect(answer.cases.notOpened.map((c) => [c.caseId, c.rulingId])).toEqual([
      ['2007-a-greening-1', 'r-late'],
    ]);
    expect(leader(answer, 'li')).toMatchObject({
      recorded: { status: 'under-review', openCases: 1 },
      whatIf: { status: 'under-review', openCases: 1 },
    });
  });

  it('opens no case, and so no sanction, for an unmet ruling on an item moved to the regular track', async () => {
    const answer = await whatIf(2007, cycle, { tracks: { services: '1' } });
    expect(answer.cases.notOpened.map((c) => c.caseId)).toEqual(['2007-b-services-1']);
    expect(leader(answer, 'wang')).toMatchObject({
      recorded: { status: 'sanctioned', withheldPct: 30 },
      whatIf: { status: 'clear', withheldPct: 0 },
    });
  });

  it('refuses an unmet ruling on an item moved to X where no leader was in office', async () => {
    const events = stored([...opening, ruling('a', 'greening', '1', null, 'r-x')]);
    const answer = await whatIf(2007, events, { tracks: { greening: 'X' } });
    expect(answer.refused.map((r) => r.code)).toEqual(['NO_PRINCIPAL_LEADER']);
    expect(answer.cases.opened).toEqual([]);
  });

  it('withholds under another sanction ladder, and refuses a sanction whose rung is gone', async () => {
    const heavier = await whatIf(2007, cycle, {
      policy: { sanctionLadder: [{ name: 'written-self-examination', withheldPct: 50 }] },
    });
    expect(leader(heavier, 'wang').whatIf.withheldPct).toBe(50);
    const other = await whatIf(2007, cycle, {
      policy: { sanctionLadder: [{ name: 'warning', withheldPct: 10 }] },
    });
    expect(other.refused.map((r) => r.code)).toEqual(['UNKNOWN_SANCTION']);
    expect(leader(other, 'wang').whatIf).toMatchObject({ status: 'under-review', withheldPct: 0 });
  });

  it('refuses rules that cannot be appraised under: a bad policy, an unknown item', async () => {
    await expect(whatIf(2007, cycle, { policy: { regularCap: 90 } })).rejects.toMatchObject({
      code: 'INVALID_POLICY',
    });
    await expect(whatIf(2007, cycle, { tracks: { nowhere: 'X' } })).rejects.toMatchObject({
      code: 'UNKNOWN_ITEM',
    });
    await expect(whatIf(2008, cycle, {})).rejects.toMatchObject({ code: 'UNKNOWN_CYCLE' });
  });

  describe('the invariant: the recorded rules give back the recorded standing', () => {
    const withTrackChange = stored([
      ...cycle.map(({ type, data, id }) => ({ type, data, id })),
      {
        type: 'ItemTrackChanged',
        data: { year: 2007, itemId: 'greening', from: '1', to: 'X', reason: 'key now' },
      },
      award('b', 'greening', 'X', 7),
      {
        type: 'PolicyAmended',
        data: {
          year: 2007,
          changes: { regularCap: 125 },
          policy: { ...DEFAULT_POLICY, regularCap: 125 },
          reason: 'r',
        },
      },
    ]);

    it.each([
      ['no rules at all', {}],
      ['the recorded policy stated in full', { policy: { ...DEFAULT_POLICY, regularCap: 125 } }],
    ])('with %s', async (_, rules) => {
      const recorded = await standingOf(2007, withTrackChange);
      const under = recordUnderRules(2007, withTrackChange, rules);
      expect(await standingOf(2007, under.events)).toEqual(recorded);
      const answer = await whatIf(2007, withTrackChange, rules);
      expect(answer.units.map((u) => u.whatIf)).toEqual(answer.units.map((u) => u.recorded));
      expect(answer.leaders.every((l) => !l.changed)).toBe(true);
      expect(answer.refused).toEqual([]);
    });

    it('with every item stated on the track it held all year', async () => {
      const rules = {
        policy: DEFAULT_POLICY,
        tracks: { safety: '1', greening: '1', services: 'X' } as const,
      };
      const under = recordUnderRules(2007, cycle, rules);
      expect(under.events).toEqual(cycle);
      expect(await standingOf(2007, under.events)).toEqual(await standingOf(2007, cycle));
    });
  });
});
