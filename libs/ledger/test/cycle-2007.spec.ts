import Database from 'better-sqlite3';
import { AppraisalCommand, disputeIdFor, streams } from '@ledger/domain';
import { SqliteReadModels, accountabilityOf, casesOf, scoreboard } from '@ledger/projections';
import { CommandMeta, Ledger, ReactionRunner } from '@ledger/ledger';
import { memoryLedger } from './support/memory-ledger';

const meta: CommandMeta = { actor: { id: 'sup-1', role: 'supervisor' }, correlationId: 'cycle-2007' };

/**
 * A small 2007 Jinjiang cycle through the real command executor, reactions and projections
 * on the memory store: units, items of both tracks, awards into the cap, a track change, a
 * public panel, two failed X items with their cases and sanctions, and two disputes. Every
 * total, rank and leader status is checked on the read models the API serves.
 */
describe('a whole 2007 cycle through the executor, reactions and projections', () => {
  let ledger: Ledger;
  const run = async (...commands: AppraisalCommand[]) => {
    for (const command of commands) {
      await ledger.executor.execute(command, meta);
      await ledger.settle(10_000);
    }
  };
  let entry = 0;
  const award = (unitId: string, itemId: string, points: number) =>
    run({
      type: 'AwardPoints',
      data: { year: 2007, unitId, entryId: `e${++entry}`, itemId, points, reason: 'work done' },
    });
  const deduct = (unitId: string, itemId: string, points: number, entryId = `e${++entry}`) =>
    run({
      type: 'DeductPoints',
      data: { year: 2007, unitId, entryId, itemId, points, reason: 'work missed' },
    });
  const types = async (stream: string) => (await ledger.stores.events.readStream(stream)).map((e) => e.type);

  const units = [
    ['sansheng', '三聖街道', 'street', 'li-ming'],
    ['shuyanjie', '書院街街道', 'street', 'zhao-gang'],
    ['chunxilu', '春熙路街道', 'street', 'chen-jing'],
    ['niushikou', '牛市口街道', 'street', 'wu-tao'],
    ['commerce-bureau', '商務局', 'department', 'sun-li'],
    ['city-management-bureau', '城市管理局', 'department', 'zhou-hua'],
  ] as const;

  beforeAll(async () => {
    ledger = memoryLedger();
    await ledger.start();
    await run({ type: 'OpenCycle', data: { year: 2007 } });
    const items: [string, '1' | 'X', number?][] = [
      ['safety', '1'],
      ['greening', '1'],
      ['urban-management', 'X', 80],
      ['modern-services', 'X'],
      ['key-projects', 'X'],
    ];
    for (const [itemId, track, panelScoreAtLeast] of items) {
      await run({
        type: 'DefineItem',
        data: {
          year: 2007,
          itemId,
          title: itemId,
          track,
          ...(panelScoreAtLeast ? { basicRequirement: { panelScoreAtLeast } } : {}),
        },
      });
    }
    for (const [unitId, name, kind, leaderId] of units) {
      await run(
        { type: 'RegisterUnit', data: { unitId, name, kind } },
        { type: 'AppointLeader', data: { unitId, leaderId, name: leaderId } },
      );
    }
    await run(
      { type: 'SetLeaderBonusBase', data: { year: 2007, leaderId: 'li-ming', amount: 60000 } },
      { type: 'SetLeaderBonusBase', data: { year: 2007, leaderId: 'wu-tao', amount: 50000 } },
      { type: 'SetLeaderBonusBase', data: { year: 2007, leaderId: 'zhao-gang', amount: 50000 } },
    );

    // Streets.
    for (const points of [2, 2, 2]) await award('sansheng', 'safety', points);
    await award('sansheng', 'urban-management', 10);
    await award('sansheng', 'modern-services', 50);
    await award('shuyanjie', 'safety', 2);
    await award('shuyanjie', 'modern-services', 5);
    await award('chunxilu', 'safety', 2);
    await deduct('chunxilu', 'safety', 1, 'wrong-deduction');
    await award('chunxilu', 'key-projects', 5);
    await deduct('niushikou', 'safety', 2);

    // Departments: one runs into the cap; one has an item moved to X mid-year.
    for (let i = 0; i < 20; i++) await award('commerce-bureau', 'safety', 2);
    await award('commerce-bureau', 'modern-services', 10);
    await award('city-management-bureau', 'safety', 1.5);
    await award('city-management-bureau', 'greening', 2);
    await run({
      type: 'ChangeItemTrack',
      data: { year: 2007, itemId: 'greening', track: 'X', reason: 'made key in July' },
    });
    await award('city-management-bureau', 'greening', 10);

    // The public panel on urban management: niushikou falls short of 80, which opens its case.
    const members = [
      { memberId: 'm1', name: 'NPC deputy', category: 'npc-deputy' },
      { memberId: 'm2', name: 'Citizen', category: 'citizen-rep' },
      { memberId: 'm3', name: 'Supervisor', category: 'city-supervisor' },
    ];
    await run({
      type: 'ConvenePanel',
      data: { panelId: 'urban-2007', year: 2007, itemId: 'urban-management', members },
    });
    const scores: [string, string, number][] = [
      ['m1', 'sansheng', 90],
      ['m2', 'sansheng', 85],
      ['m3', 'sansheng', 88],
      ['m1', 'niushikou', 70],
      ['m2', 'niushikou', 72],
      ['m3', 'niushikou', 75],
    ];
    for (const [memberId, unitId, score] of scores) {
      await run({ type: 'SubmitPanelScore', data: { panelId: 'urban-2007', memberId, unitId, score } });
    }
    await run({ type: 'ClosePanel', data: { panelId: 'urban-2007' } });
    await run({
      type: 'ImposeSanction',
      data: {
        caseId: '2007-niushikou-urban-management-1',
        sanctionId: 's1',
        sanction: 'written-self-examination',
        reason: 'panel result 72.33',
      },
    });

    // A supervisor rules shuyanjie failed key projects; its leader is made to resign.
    await run({
      type: 'RuleBasicRequirement',
      data: {
        year: 2007,
        unitId: 'shuyanjie',
        rulingId: 'r-kp',
        itemId: 'key-projects',
        met: false,
        basis: 'investment 40% short',
      },
    });
    await run({
      type: 'ImposeSanction',
      data: {
        caseId: '2007-shuyanjie-key-projects-1',
        sanctionId: 's2',
        sanction: 'ordered-resignation',
        reason: 'repeated failure',
      },
    });

    // Disputes: chunxilu's deduction is overturned; one of sansheng's awards is upheld.
    await run({
      type: 'FileDispute',
      data: {
        year: 2007,
        unitId: 'chunxilu',
        eventId: 'wrong-deduction',
        grounds: 'the site belongs to niushikou',
      },
    });
    await run({
      type: 'ResolveDispute',
      data: { disputeId: disputeIdFor('wrong-deduction', 1), outcome: 'overturned', reason: 'map checked' },
    });
    await run({
      type: 'FileDispute',
      data: { year: 2007, unitId: 'sansheng', eventId: 'e5', grounds: 'award too generous' },
    });
    await run({
      type: 'ResolveDispute',
      data: { disputeId: disputeIdFor('e5', 1), outcome: 'upheld', reason: 'award stands' },
    });

    await run({ type: 'CloseCycle', data: { year: 2007, reason: 'year end' } });
  });

  afterAll(() => ledger.stop());

  it('totals and ranks every unit within its kind', async () => {
    const rows = await scoreboard(ledger.reader, 2007);
    expect(
      rows.map(({ unitId, regularScore, keyScore, total, rank }) => [
        unitId,
        regularScore,
        keyScore,
        total,
        rank,
      ]),
    ).toEqual([
      ['commerce-bureau', 130, 10, 140, 1],
      ['city-management-bureau', 103.5, 10, 113.5, 2],
      ['sansheng', 106, 60, 166, 1],
      ['chunxilu', 102, 5, 107, 2],
      ['shuyanjie', 102, 5, 107, 2],
      ['niushikou', 98, 0, 98, 4],
    ]);
  });

  it('opened a case for each failed X item and gives every leader a status', async () => {
    const cases = await casesOf(ledger.reader, 2007);
    expect(cases.map((c) => [c.caseId, c.status, c.inForce?.sanction])).toEqual([
      ['2007-niushikou-urban-management-1', 'sanctioned', 'written-self-examination'],
      ['2007-shuyanjie-key-projects-1', 'sanctioned', 'ordered-resignation'],
    ]);
    const standing = new Map((await accountabilityOf(ledger.reader, 2007)).map((s) => [s.leaderId, s]));
    expect(
      units
        .map(([, , , leaderId]) => standing.get(leaderId))
        .map((s) => [s?.leaderId, s?.status, s?.withheldPct, s?.bonusPayable]),
    ).toEqual([
      ['li-ming', 'clear', 0, 60000],
      ['zhao-gang', 'removed', 100, 0],
      ['chen-jing', 'clear', 0, null],
      ['wu-tao', 'sanctioned', 30, 35000],
      ['sun-li', 'clear', 0, null],
      ['zhou-hua', 'clear', 0, null],
    ]);
  });

  it('made the resigned leader leave office and kept the others', async () => {
    expect(await types(streams.unit('shuyanjie'))).toEqual([
      'UnitRegistered',
      'LeaderAppointed',
      'LeaderDeparted',
    ]);
    expect(await types(streams.unit('niushikou'))).toEqual(['UnitRegistered', 'LeaderAppointed']);
  });

  it('records the panel’s rulings and the reversal as events, caused by what they react to', async () => {
    expect(await types(streams.scorecard(2007, 'niushikou'))).toEqual([
      'PointsDeducted',
      'BasicRequirementRuled',
    ]);
    const chunxilu = await ledger.stores.events.readStream(streams.scorecard(2007, 'chunxilu'));
    expect(chunxilu.map((e) => e.type)).toEqual([
      'PointsAwarded',
      'PointsDeducted',
      'PointsAwarded',
      'EntryReversed',
    ]);
    const [resolution] = (await ledger.stores.events.readStream(streams.disputesOf('wrong-deduction'))).slice(
      -1,
    );
    expect(chunxilu[3]!.metadata).toMatchObject({ actor: { role: 'system' }, causationId: resolution!.id });
  });

  it('changes nothing when every reaction runs a second time, from the start of the log', async () => {
    const before = (await ledger.stores.events.readAll()).length;
    const fresh = new ReactionRunner(
      ledger.stores.events,
      new SqliteReadModels(new Database(':memory:')),
      ledger.executor,
    );
    await fresh.start();
    const head = (await ledger.stores.events.headPosition())!;
    await fresh.waitFor(head, 10_000);
    await fresh.stop();
    expect((await ledger.stores.events.readAll()).length).toBe(before);
  });

  it('refuses new awards after the close', async () => {
    await expect(award('sansheng', 'safety', 1)).rejects.toMatchObject({ code: 'CYCLE_CLOSED' });
  });
});
