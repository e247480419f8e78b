import { DEFAULT_POLICY } from '@ledger/domain';
import {
  ACCOUNTABILITY,
  DISPUTES,
  FoldSession,
  HISTORY,
  PANELS,
  SCORES,
  scoreKeys,
  accountabilityOf,
  allProjections,
  casesOf,
  disputeKeys,
  historyKeys,
  historyOf,
  memoryReader,
  panelKeys,
  scoreboard,
  unitItems,
  unitScoreOf,
} from '@ledger/projections';
import { StoredEvent } from '@ledger/event-store';
import { scoreEntry, stored } from './support/stored-events';

const fold = async (events: StoredEvent[]) => {
  const session = new FoldSession(allProjections, async () => new Map());
  await session.apply(events);
  return memoryReader(new Map(allProjections.map((p) => [p.name, session.docsOf(p.name)])));
};

const opening = [
  { type: 'CycleOpened', data: { year: 2007, policy: DEFAULT_POLICY } },
  {
    type: 'ItemDefined',
    data: { year: 2007, itemId: 'safety', title: 'Safety', track: '1', basicRequirement: null, targets: [] },
  },
  {
    type: 'ItemDefined',
    data: {
      year: 2007,
      itemId: 'services',
      title: 'Modern services',
      track: 'X',
      basicRequirement: null,
      targets: [{ metric: 'retail', comparator: '>=', threshold: 14, unit: '%' }],
    },
  },
  { type: 'UnitRegistered', data: { unitId: 'a', name: '三聖街道', kind: 'street' } },
  { type: 'UnitRegistered', data: { unitId: 'b', name: '書院街街道', kind: 'street' } },
  { type: 'UnitRegistered', data: { unitId: 'dept', name: '商務局', kind: 'department' } },
  { type: 'LeaderAppointed', data: { unitId: 'a', leaderId: 'li', name: 'Li' } },
];
const award = (unitId: string, entryId: string, itemId: string, track: '1' | 'X', points: number) =>
  scoreEntry('award', { unitId, entryId, itemId, track, points });

describe('scores fold', () => {
  it('ranks units within their kind under the policy in force, every registered unit included', async () => {
    const reader = await fold(
      stored([
        ...opening,
        award('a', 'e1', 'safety', '1', 2),
        award('a', 'e2', 'services', 'X', 10),
        award('b', 'e3', 'safety', '1', 2),
      ]),
    );
    expect(await scoreboard(reader, 2007)).toEqual([
      {
        unitId: 'dept',
        name: '商務局',
        kind: 'department',
        regularScore: 100,
        keyScore: 0,
        total: 100,
        rank: 1,
      },
      { unitId: 'a', name: '三聖街道', kind: 'street', regularScore: 102, keyScore: 10, total: 112, rank: 1 },
      {
        unitId: 'b',
        name: '書院街街道',
        kind: 'street',
        regularScore: 102,
        keyScore: 0,
        total: 102,
        rank: 2,
      },
    ]);
    expect((await scoreboard(reader, 2007, 'department')).map((r) => r.unitId)).toEqual(['dept']);
  });

  it('scores a unit with its entries, reversals left out of the total', async () => {
    const events = stored([
      ...opening,
      award('a', 'e1', 'safety', '1', 2),
      award('a', 'e2', 'services', 'X', 50),
      {
        type: 'EntryReversed',
        data: {
          year: 2007,
          unitId: 'a',
          entryId: 'e2',
          itemId: 'services',
          track: 'X',
          kind: 'award',
          points: 50,
          disputeId: 'd1',
          reason: 'x',
        },
      },
    ]);
    const answer = await unitScoreOf(await fold(events), 2007, 'a');
    expect(answer).toMatchObject({
      unitId: 'a',
      regularRaw: 102,
      regularScore: 102,
      keyScore: 0,
      total: 102,
    });
    expect(answer.entries.map((e) => [e.entryId, e.reversed, e.reversedBy])).toEqual([
      ['e1', false, null],
      ['e2', true, 'd1'],
    ]);
  });

  it('breaks a unit down by item, judging targets under the threshold as it now stands', async () => {
    const events = stored([
      ...opening,
      award('a', 'e1', 'services', 'X', 10),
      {
        type: 'PointsDeducted',
        data: {
          year: 2007,
          unitId: 'a',
          entryId: 'e2',
          itemId: 'services',
          track: 'X',
          points: 2,
          reason: 'late',
          evidence: null,
        },
      },
      {
        type: 'MetricReported',
        data: {
          year: 2007,
          unitId: 'a',
          itemId: 'services',
          metric: 'retail',
          value: 15,
          comparator: '>=',
          threshold: 14,
          unit: '%',
          met: true,
        },
      },
      {
        type: 'TargetThresholdChanged',
        data: { year: 2007, itemId: 'services', metric: 'retail', from: 14, to: 16, reason: 'raised' },
      },
    ]);
    const services = (await unitItems(await fold(events), 2007, 'a')).find((i) => i.itemId === 'services')!;
    expect(services).toMatchObject({ track: 'X', awards: 10, deductions: 2, net: 8 });
    expect(services.targets).toEqual([
      { metric: 'retail', comparator: '>=', threshold: 16, unit: '%', value: 15, met: false },
    ]);
  });

  it('refuses an unknown cycle or unit', async () => {
    const reader = await fold(stored(opening));
    await expect(scoreboard(reader, 1999)).rejects.toMatchObject({ code: 'UNKNOWN_CYCLE' });
    await expect(unitScoreOf(reader, 2007, 'ghost')).rejects.toMatchObject({ code: 'UNKNOWN_UNIT' });
  });
});

describe('accountability fold', () => {
  const subject = { caseId: 'c1', year: 2007, unitId: 'a', itemId: 'services', leaderId: 'li' };
  it('shows the leader under review, then sanctioned with the bonus withheld', async () => {
    const events = stored([
      ...opening,
      { type: 'LeaderBonusBaseSet', data: { year: 2007, leaderId: 'li', amount: 40000, previous: null } },
      { type: 'CaseOpened', data: { ...subject, rulingId: 'r1' } },
    ]);
    expect(await accountabilityOf(await fold(events), 2007)).toEqual([
      {
        leaderId: 'li',
        name: 'Li',
        unitId: 'a',
        status: 'under-review',
        openCases: 1,
        sanctions: [],
        withheldPct: 0,
        bonusBase: 40000,
        bonusPayable: 40000,
      },
    ]);
    const sanctioned = stored([
      ...opening,
      { type: 'LeaderBonusBaseSet', data: { year: 2007, leaderId: 'li', amount: 40000, previous: null } },
      { type: 'CaseOpened', data: { ...subject, rulingId: 'r1' } },
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
    const reader = await fold(sanctioned);
    expect((await accountabilityOf(reader, 2007))[0]).toMatchObject({
      status: 'sanctioned',
      withheldPct: 30,
      bonusPayable: 28000,
    });
    expect(
      (await casesOf(reader, 2007)).map((c) => [
        c.caseId,
        c.status,
        c.sanction,
        c.withheldPct,
        c.history.length,
      ]),
    ).toEqual([['c1', 'sanctioned', 'written-self-examination', 30, 2]]);
  });

  it('leaves out leaders who held no office while the cycle was open', async () => {
    const events = stored([
      { type: 'UnitRegistered', data: { unitId: 'a', name: 'A', kind: 'street' } },
      { type: 'LeaderAppointed', data: { unitId: 'a', leaderId: 'old', name: 'Old' } },
      { type: 'LeaderDeparted', data: { unitId: 'a', leaderId: 'old', reason: 'retired', caseId: null } },
      { type: 'CycleOpened', data: { year: 2007, policy: DEFAULT_POLICY } },
      { type: 'LeaderAppointed', data: { unitId: 'a', leaderId: 'new', name: 'New' } },
    ]);
    expect((await accountabilityOf(await fold(events), 2007)).map((l) => l.leaderId)).toEqual(['new']);
  });
});

describe('disputes, panels and history folds', () => {
  it('indexes dispute targets and marks them open until resolved', async () => {
    const target = { kind: 'score-entry', eventId: 'e1', year: 2007, unitId: 'a', caseId: null };
    const events = stored([
      ...opening,
      award('a', 'e1', 'safety', '1', 2),
      {
        type: 'DisputeFiled',
        data: { disputeId: 'd1', year: 2007, unitId: 'a', eventId: 'e1', target, grounds: 'wrong unit' },
      },
    ]);
    const reader = await fold(events);
    expect(await reader.get(DISPUTES, disputeKeys.target('e1'))).toEqual({ ...target, openDisputeId: 'd1' });
    const resolved = await fold(
      stored(
        [
          ...opening,
          award('a', 'e1', 'safety', '1', 2),
          events[events.length - 1]!,
          {
            type: 'DisputeResolved',
            data: {
              disputeId: 'd1',
              year: 2007,
              unitId: 'a',
              eventId: 'e1',
              target,
              outcome: 'upheld',
              reason: 'fine',
            },
          },
        ].map((e) => ({ type: e.type, data: e.data, id: (e as { id?: string }).id })),
      ),
    );
    expect(await resolved.get(DISPUTES, disputeKeys.target('e1'))).toEqual({
      ...target,
      openDisputeId: null,
    });
    expect(await resolved.get(DISPUTES, disputeKeys.dispute(2007, 'd1'))).toMatchObject({
      status: 'resolved',
      outcome: 'upheld',
      reason: 'fine',
    });
  });

  it('records panel scores and results', async () => {
    const events = stored([
      ...opening,
      {
        type: 'PanelConvened',
        data: {
          panelId: 'p1',
          year: 2007,
          itemId: 'services',
          track: 'X',
          members: [{ memberId: 'm1', name: 'M', category: 'npc-deputy' }],
          threshold: null,
        },
      },
      {
        type: 'PanelScoreSubmitted',
        data: {
          panelId: 'p1',
          year: 2007,
          itemId: 'services',
          memberId: 'm1',
          category: 'npc-deputy',
          unitId: 'a',
          score: 88,
        },
      },
      {
        type: 'PanelClosed',
        data: {
          panelId: 'p1',
          year: 2007,
          itemId: 'services',
          threshold: null,
          minScores: 1,
          results: [{ unitId: 'a', score: 88, scoresCount: 1, met: null }],
        },
      },
    ]);
    expect(await (await fold(events)).get(PANELS, panelKeys.panel(2007, 'p1'))).toMatchObject({
      status: 'closed',
      scores: [{ memberId: 'm1', unitId: 'a', score: 88 }],
      results: [{ unitId: 'a', score: 88, scoresCount: 1, met: null }],
    });
  });

  it('keeps a running total after every event of a unit’s cycle, a policy amendment included', async () => {
    const events = stored([
      ...opening,
      ...Array.from({ length: 16 }, (_, i) => award('a', `e${i}`, 'safety', '1', 2)),
      {
        type: 'PolicyAmended',
        data: {
          year: 2007,
          changes: { regularCap: 140 },
          policy: { ...DEFAULT_POLICY, regularCap: 140 },
          reason: 'raised',
        },
      },
    ]);
    const log = {
      readPositions: async (positions: string[]) => events.filter((e) => positions.includes(e.position)),
    };
    const rows = await historyOf(await fold(events), log, 2007, 'a');
    expect(rows.map((r) => r.total)).toEqual([
      102, 104, 106, 108, 110, 112, 114, 116, 118, 120, 122, 124, 126, 128, 130, 130, 132,
    ]);
    expect(rows[rows.length - 1]).toMatchObject({
      type: 'PolicyAmended',
      reason: 'r',
      eventId: events.at(-1)!.id,
    });
    // A row whose event the log no longer holds stays, marked, so totals and pages stay whole.
    const cut = {
      readPositions: async (positions: string[]) => (await log.readPositions(positions)).slice(1),
    };
    const withHole = await historyOf(await fold(events), cut, 2007, 'a', { limit: 3 });
    expect(withHole).toHaveLength(3);
    expect(withHole[0]).toMatchObject({ missingFromLog: true, total: 102, eventId: '' });
    expect(withHole[1]!.missingFromLog).toBeUndefined();
    const firstAward = events.find((e) => e.type === 'PointsAwarded')!;
    const kept = await (await fold(events)).list(HISTORY, historyKeys.rowScope(2007, 'a'));
    expect(kept[0]).toEqual({ position: firstAward.position, total: 102 });
  });

  it('reads no document its handler did not name', async () => {
    const session = new FoldSession(allProjections, async () => new Map());
    await expect(
      session.apply(stored([...opening, award('a', 'e1', 'safety', '1', 2)])),
    ).resolves.toBeUndefined();
    expect(session.docsOf(ACCOUNTABILITY).size).toBeGreaterThan(0);
    expect(session.docsOf(SCORES).size).toBeGreaterThan(0);
  });

  it('takes nothing for absent from a load that failed: the next apply loads it again', async () => {
    const events = stored([
      ...opening,
      award('a', 'e1', 'safety', '1', 2),
      award('a', 'e2', 'safety', '1', 3),
    ]);
    const first = new FoldSession(allProjections, async () => new Map());
    await first.apply(events.slice(0, -1));
    const kept = new Map(first.takeWrites().map((write) => [write.projection, write]));
    let failing = true;
    const session = new FoldSession(
      allProjections,
      async (projection, keys) => {
        if (failing) throw new Error('the store went away');
        const docs = kept.get(projection)?.docs ?? [];
        return new Map(
          docs
            .filter((doc) => keys.includes(doc.key) && doc.json)
            .map((doc) => [doc.key, JSON.parse(doc.json!)]),
        );
      },
      new Map(allProjections.map((p) => [p.name, events.at(-2)!.position])),
    );
    await expect(session.apply(events.slice(-1))).rejects.toThrow('the store went away');
    failing = false;
    await session.apply(events.slice(-1));
    const reader = memoryReader(new Map(allProjections.map((p) => [p.name, session.docsOf(p.name)])));
    expect(await reader.get(SCORES, scoreKeys.card(2007, 'a'))).toMatchObject({ tally: { regularNet: 500 } });
  });
});

/**
 * Folds the events in batches through JSON documents, as a store keeps them: each batch in a
 * session of its own that loads what the batches before it wrote.
 */
const foldThroughJson = async (batches: StoredEvent[][]) => {
  const store = new Map(allProjections.map((p) => [p.name, new Map<string, string>()]));
  for (const batch of batches) {
    const session = new FoldSession(
      allProjections,
      async (projection, keys) =>
        new Map(
          keys.flatMap((key) => {
            const json = store.get(projection)!.get(key);
            return json === undefined ? [] : [[key, JSON.parse(json) as unknown]];
          }),
        ),
    );
    await session.apply(batch);
    for (const write of session.takeWrites()) {
      const docs = store.get(write.projection)!;
      for (const { key, json } of write.docs) {
        if (json === null) docs.delete(key);
        else docs.set(key, json);
      }
    }
  }
  return memoryReader(
    new Map(
      [...store].map(([projection, docs]) => [
        projection,
        new Map([...docs].map(([key, json]) => [key, JSON.parse(json) as unknown])),
      ]),
    ),
  );
};

describe.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
  'folds of ids named "%s"',
  (name) => {
    const events = stored([
      ...opening,
      { type: 'UnitRegistered', data: { unitId: name, name: 'Unit', kind: 'street' } },
      { type: 'LeaderAppointed', data: { unitId: name, leaderId: name, name: 'Leader' } },
      {
        type: 'ItemDefined',
        data: {
          year: 2007,
          itemId: name,
          title: 'Item',
          track: '1',
          basicRequirement: null,
          targets: [{ metric: name, comparator: '>=', threshold: 14, unit: '%' }],
        },
      },
      {
        type: 'ItemTrackChanged',
        data: { year: 2007, itemId: name, from: '1', to: 'X', reason: 'key' },
      },
      award(name, name, name, 'X', 10),
      {
        type: 'TargetThresholdChanged',
        data: { year: 2007, itemId: name, metric: name, from: 14, to: 16, reason: 'raised' },
      },
    ]);
    const bonusBase = stored([
      ...opening,
      { type: 'LeaderBonusBaseSet', data: { year: 2007, leaderId: name, amount: 40000, previous: null } },
    ]).slice(-1)[0]!;
    const bonusBaseSet = { ...bonusBase, position: String(events.length + 1) };

    it('scores the unit on the item, and its leader has no bonus base until one is set', async () => {
      for (const reader of [
        await fold(events),
        await foldThroughJson([events.slice(0, 8), events.slice(8)]),
      ]) {
        expect((await scoreboard(reader, 2007)).find((row) => row.unitId === name)).toMatchObject({
          regularScore: 100,
          keyScore: 10,
          total: 110,
        });
        expect((await unitItems(reader, 2007, name)).find((i) => i.itemId === name)).toMatchObject({
          track: 'X',
          awards: 10,
          targets: [{ metric: name, threshold: 16 }],
        });
        expect((await accountabilityOf(reader, 2007)).find((l) => l.leaderId === name)).toMatchObject({
          unitId: name,
          status: 'clear',
          bonusBase: null,
          bonusPayable: null,
        });
      }
      for (const reader of [
        await fold([...events, bonusBaseSet]),
        await foldThroughJson([events, [bonusBaseSet]]),
      ]) {
        expect((await accountabilityOf(reader, 2007)).find((l) => l.leaderId === name)).toMatchObject({
          bonusBase: 40000,
          bonusPayable: 40000,
        });
      }
    });
  },
);
