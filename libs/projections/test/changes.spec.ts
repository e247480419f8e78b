import { DEFAULT_POLICY } from '@ledger/domain';
import { ReversedBoundsError, boundOf, changesBetween, standingOf } from '@ledger/projections';
import { scoreEntry, stored } from './support/stored-events';

const item = (itemId: string, track: '1' | 'X') => ({
  type: 'ItemDefined',
  data: { year: 2007, itemId, title: itemId, track, basicRequirement: null, targets: [] },
});
let entries = 0;
const entry = (
  kind: 'award' | 'deduction',
  unitId: string,
  itemId: string,
  track: '1' | 'X',
  points: number,
) => scoreEntry(kind, { unitId, entryId: `e${++entries}`, itemId, track, points });
const subject = {
  caseId: '2007-b-services-1',
  year: 2007,
  unitId: 'b',
  itemId: 'services',
  leaderId: 'wang',
};

/**
 * Positions: 1-7 the opening (cycle, items, units a, b and c, two leaders), 8-22 unit a awarded
 * 15 x 2 on safety (130 at 8-22's end, at the cap), 23 a 2-point award to a beyond the cap, 24 b
 * awarded 5 on services (key), 25 a deduction of 3 from c, 26 an unmet ruling on services for b,
 * 27 its case, 28 the sanction (30 %), 29 c's deduction reversed.
 */
const log = stored([
  { type: 'CycleOpened', data: { year: 2007, policy: DEFAULT_POLICY } },
  item('safety', '1'),
  item('services', 'X'),
  { type: 'UnitRegistered', data: { unitId: 'a', name: 'A', kind: 'street' } },
  { type: 'UnitRegistered', data: { unitId: 'b', name: 'B', kind: 'street' } },
  { type: 'UnitRegistered', data: { unitId: 'c', name: 'C', kind: 'street' } },
  { type: 'LeaderAppointed', data: { unitId: 'b', leaderId: 'wang', name: 'Wang' } },
  ...Array.from({ length: 15 }, () => entry('award', 'a', 'safety', '1', 2)),
  entry('award', 'a', 'safety', '1', 2),
  entry('award', 'b', 'services', 'X', 5),
  entry('deduction', 'c', 'safety', '1', 3),
  {
    id: 'r-b',
    type: 'BasicRequirementRuled',
    data: {
      year: 2007,
      unitId: 'b',
      rulingId: 'r-b',
      itemId: 'services',
      track: 'X',
      met: false,
      basis: 'missed',
      leaderId: 'wang',
      panelId: null,
    },
  },
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
  {
    type: 'EntryReversed',
    data: {
      year: 2007,
      unitId: 'c',
      entryId: 'e18',
      itemId: 'safety',
      track: '1',
      kind: 'deduction',
      points: 3,
      disputeId: 'e18--1',
      reason: 'overturned',
    },
  },
]);
const at = (position: number) => ({ position: String(position) });

describe('what changed between two points of a cycle', () => {
  it('lists each unit whose total or rank moved, before and after as the scoreboard of each point says, with its events', async () => {
    const changes = await changesBetween(2007, log, at(22), at(25));
    const board = async (position: number) =>
      (await standingOf(2007, log.slice(0, position))).scoreboard.map(
        ({ unitId, total, rank }) => [unitId, { total, rank }] as const,
      );
    const before = new Map(await board(22));
    const after = new Map(await board(25));
    expect(changes).toMatchObject({ year: 2007, from: '22', to: '25' });
    // a's award at 23 is beyond the cap: its total and rank stay, so a is not listed.
    expect(changes.units.map((unit) => unit.unitId)).toEqual(['b', 'c']);
    for (const unit of changes.units) {
      expect(unit.before).toEqual(before.get(unit.unitId));
      expect(unit.after).toEqual(after.get(unit.unitId));
    }
    expect(changes.units[0]).toMatchObject({
      before: { total: 100, rank: 2 },
      after: { total: 105, rank: 2 },
    });
    expect(changes.units[0]!.events).toEqual([
      {
        eventId: 'e17',
        position: '24',
        recordedAt: log[23]!.recordedAt,
        type: 'PointsAwarded',
        actor: { id: 'sup', role: 'supervisor' },
        reason: 'r',
        points: 5,
      },
    ]);
    expect(changes.units[1]).toMatchObject({
      before: { total: 100, rank: 2 },
      after: { total: 97, rank: 3 },
      events: [{ eventId: 'e18', position: '25', type: 'PointsDeducted', points: -3 }],
    });
    expect(changes.leaders).toEqual([]);
  });

  it("lists a unit whose rank moved by another's events alone, with none of its own", async () => {
    // c falls from 2 (tied with b) to 3 when b is awarded at 24.
    const changes = await changesBetween(2007, log, at(23), at(24));
    expect(
      changes.units.map(({ unitId, before, after, events }) => ({
        unitId,
        before,
        after,
        events: events.length,
      })),
    ).toEqual([
      { unitId: 'b', before: { total: 100, rank: 2 }, after: { total: 105, rank: 2 }, events: 1 },
      { unitId: 'c', before: { total: 100, rank: 2 }, after: { total: 100, rank: 3 }, events: 0 },
    ]);
  });

  it('lists a leader whose status or withheld share moved, with the case events, and a reversal taking its points back', async () => {
    const changes = await changesBetween(2007, log, at(25), undefined);
    expect(changes.to).toBe('29');
    expect(changes.leaders).toEqual([
      {
        leaderId: 'wang',
        name: 'Wang',
        unitId: 'b',
        before: { status: 'clear', withheldPct: 0 },
        after: { status: 'sanctioned', withheldPct: 30 },
        events: [
          expect.objectContaining({ position: '27', type: 'CaseOpened', points: null }),
          expect.objectContaining({ position: '28', type: 'SanctionImposed', points: null }),
        ],
      },
    ]);
    expect(changes.units).toEqual([
      expect.objectContaining({
        unitId: 'c',
        before: { total: 97, rank: 3 },
        after: { total: 100, rank: 3 },
        events: [expect.objectContaining({ position: '29', type: 'EntryReversed', points: 3 })],
      }),
    ]);
    // Over the same span, the ruling leaves the unit's events alone: it moves no points.
    expect(changes.units.flatMap((unit) => unit.events.map((event) => event.type))).not.toContain(
      'BasicRequirementRuled',
    );
  });

  it('from the start, every unit is new (before null) and the leader taken from clear', async () => {
    const changes = await changesBetween(2007, log, undefined, at(7));
    expect(changes.from).toBeNull();
    expect(changes.units.map((unit) => [unit.unitId, unit.before, unit.after])).toEqual([
      ['a', null, { total: 100, rank: 1 }],
      ['b', null, { total: 100, rank: 1 }],
      ['c', null, { total: 100, rank: 1 }],
    ]);
    expect(changes.leaders).toEqual([]); // appointed clear: nothing moved
    expect((await changesBetween(2007, log, at(0), at(0))).units).toEqual([]);
  });

  it('takes instants as bounds, alone or beside positions', async () => {
    const instant = (position: number) => ({ instant: log[position - 1]!.recordedAt });
    const byPositions = await changesBetween(2007, log, at(22), at(25));
    expect(await changesBetween(2007, log, instant(22), instant(25))).toEqual(byPositions);
    expect(await changesBetween(2007, log, at(22), instant(25))).toEqual(byPositions);
    expect(boundOf('25')).toEqual({ position: '25' });
    expect(boundOf('2007-01-01T00:24:00+00:00')).toEqual({ instant: '2007-01-01T00:24:00.000Z' });
    expect(boundOf('yesterday')).toBeUndefined();
  });

  it('refuses a span that runs backwards, however its ends are given', async () => {
    const instant = (position: number) => ({ instant: log[position - 1]!.recordedAt });
    await expect(changesBetween(2007, log, at(25), at(22))).rejects.toThrow(ReversedBoundsError);
    await expect(changesBetween(2007, log, instant(25), instant(22))).rejects.toThrow(ReversedBoundsError);
    await expect(changesBetween(2007, log, at(25), instant(22))).rejects.toThrow(
      'from (position 25) comes after to (the instant',
    );
    await expect(changesBetween(2007, log, at(22), at(22))).resolves.toMatchObject({
      units: [],
      leaders: [],
    });
  });
});

describe('what changed between two business dates', () => {
  /** The log above with its score entries dated: a's and b's in June, c's deduction in November, the ruling on 1 December. */
  const dated = log.map((event) => {
    const data = event.data as { unitId?: string; entryId?: string; rulingId?: string };
    const effectiveOn =
      data.rulingId !== undefined
        ? '2007-12-01'
        : data.entryId === undefined || event.type === 'EntryReversed'
          ? undefined
          : data.unitId === 'c'
            ? '2007-11-15'
            : '2007-06-10';
    return effectiveOn === undefined ? event : { ...event, data: { ...(event.data as object), effectiveOn } };
  });
  const sanctionedOn = (day: string) =>
    dated.map((event) =>
      event.type === 'SanctionImposed'
        ? { ...event, data: { ...(event.data as object), effectiveOn: day } }
        : event,
    );

  it('compares the appraisal on each day as known now, with the events that count on the later day only', async () => {
    const changes = await changesBetween(2007, sanctionedOn('2007-12-05'), undefined, undefined, {
      from: '2007-06-30',
      to: '2007-12-31',
    });
    expect({ effectiveFrom: changes.effectiveFrom, effectiveTo: changes.effectiveTo }).toEqual({
      effectiveFrom: '2007-06-30',
      effectiveTo: '2007-12-31',
    });
    // c's deduction and its reversal both take effect in between: c ends where it began.
    expect(changes.units).toEqual([]);
    expect(changes.leaders).toEqual([
      expect.objectContaining({
        leaderId: 'wang',
        before: { status: 'clear', withheldPct: 0 },
        after: { status: 'sanctioned', withheldPct: 30 },
        events: [
          expect.objectContaining({ type: 'CaseOpened' }),
          expect.objectContaining({ type: 'SanctionImposed' }),
        ],
      }),
    ]);
    const beforeTheSanction = await changesBetween(2007, sanctionedOn('2007-12-05'), undefined, undefined, {
      from: '2007-06-30',
      to: '2007-12-04',
    });
    expect(beforeTheSanction.leaders).toEqual([
      expect.objectContaining({ after: { status: 'under-review', withheldPct: 0 } }),
    ]);
  });

  it('lists a unit moved by an entry taking effect in between, recorded whenever', async () => {
    const changes = await changesBetween(2007, dated, undefined, at(25), {
      from: '2007-06-30',
      to: '2007-11-30',
    });
    expect(changes.units).toEqual([
      expect.objectContaining({
        unitId: 'c',
        before: { total: 100, rank: 3 },
        after: { total: 97, rank: 3 },
        events: [expect.objectContaining({ type: 'PointsDeducted', points: -3 })],
      }),
    ]);
  });

  it('takes the earlier day as known at `to` when no `from` is given: an entry entered later is in neither standing', async () => {
    // Up to position 24 the log does not know c's deduction (25), whatever its date (15 November).
    const unreversed = dated.slice(0, 28); // without the reversal of c's deduction
    const changes = await changesBetween(2007, unreversed, undefined, at(24), {
      from: '2007-11-30',
      to: '2007-12-31',
    });
    expect(changes.units.find((unit) => unit.unitId === 'c')).toBeUndefined();
  });

  it('refuses days that run backwards', async () => {
    await expect(
      changesBetween(2007, dated, undefined, undefined, { from: '2007-12-31', to: '2007-06-30' }),
    ).rejects.toThrow('effectiveFrom (2007-12-31) comes after effectiveTo (2007-06-30)');
  });
});
