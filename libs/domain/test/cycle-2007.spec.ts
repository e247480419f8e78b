import {
  AppraisalCommand,
  ScorecardEvent,
  caseForRuling,
  emptyTally,
  leaderAccountability,
  rankWithinKind,
  streams,
  tallyScorecardEvent,
  unitScore,
} from '@ledger/domain';
import { InMemoryAppraisal } from './in-memory-appraisal';

/**
 * A small 2007 Jinjiang cycle driven through the deciders and reactions only: units, items of
 * both tracks, awards into the cap, a track change, a public panel, two failed X items with
 * their cases and sanctions, and two disputes. Every total, rank and leader status is checked.
 */
describe('a whole 2007 cycle through deciders and reactions', () => {
  const ledger = new InMemoryAppraisal();
  const run = (...commands: AppraisalCommand[]) => commands.forEach((command) => ledger.execute(command));
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

  const units = [
    ['sansheng', '三聖街道', 'street', 'li-ming'],
    ['shuyanjie', '書院街街道', 'street', 'zhao-gang'],
    ['chunxilu', '春熙路街道', 'street', 'chen-jing'],
    ['niushikou', '牛市口街道', 'street', 'wu-tao'],
    ['commerce-bureau', '商務局', 'department', 'sun-li'],
    ['city-management-bureau', '城市管理局', 'department', 'zhou-hua'],
  ] as const;

  beforeAll(() => {
    run({ type: 'OpenCycle', data: { year: 2007 } });
    const items: [string, '1' | 'X', number?][] = [
      ['safety', '1'],
      ['greening', '1'],
      ['urban-management', 'X', 80],
      ['modern-services', 'X'],
      ['key-projects', 'X'],
    ];
    for (const [itemId, track, panelScoreAtLeast] of items) {
      run({
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
      run(
        { type: 'RegisterUnit', data: { unitId, name, kind } },
        { type: 'AppointLeader', data: { unitId, leaderId, name: leaderId } },
      );
    }
    run(
      { type: 'SetLeaderBonusBase', data: { year: 2007, leaderId: 'li-ming', amount: 60000 } },
      { type: 'SetLeaderBonusBase', data: { year: 2007, leaderId: 'wu-tao', amount: 50000 } },
      { type: 'SetLeaderBonusBase', data: { year: 2007, leaderId: 'zhao-gang', amount: 50000 } },
    );

    // Streets.
    [2, 2, 2].forEach((points) => award('sansheng', 'safety', points));
    award('sansheng', 'urban-management', 10);
    award('sansheng', 'modern-services', 50);
    award('shuyanjie', 'safety', 2);
    award('shuyanjie', 'modern-services', 5);
    award('chunxilu', 'safety', 2);
    deduct('chunxilu', 'safety', 1, 'wrong-deduction');
    award('chunxilu', 'key-projects', 5);
    deduct('niushikou', 'safety', 2);

    // Departments: one runs into the cap; one has an item moved to X mid-year.
    for (let i = 0; i < 20; i++) award('commerce-bureau', 'safety', 2);
    award('commerce-bureau', 'modern-services', 10);
    award('city-management-bureau', 'safety', 1.5);
    award('city-management-bureau', 'greening', 2);
    run({
      type: 'ChangeItemTrack',
      data: { year: 2007, itemId: 'greening', track: 'X', reason: 'made key in July' },
    });
    award('city-management-bureau', 'greening', 10);

    // The public panel on urban management: niushikou falls short of 80.
    const members = [
      { memberId: 'm1', name: 'NPC deputy', category: 'npc-deputy' },
      { memberId: 'm2', name: 'Citizen', category: 'citizen-rep' },
      { memberId: 'm3', name: 'Supervisor', category: 'city-supervisor' },
    ];
    run({
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
      run({ type: 'SubmitPanelScore', data: { panelId: 'urban-2007', memberId, unitId, score } });
    }
    run({ type: 'ClosePanel', data: { panelId: 'urban-2007' } });
    run({
      type: 'ImposeSanction',
      data: {
        caseId: '2007-niushikou-urban-management-1',
        sanctionId: 's1',
        sanction: 'written-self-examination',
        reason: 'panel result 72.33',
      },
    });

    // A supervisor rules shuyanjie failed key projects; its leader is made to resign.
    run({
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
    run({
      type: 'ImposeSanction',
      data: {
        caseId: '2007-shuyanjie-key-projects-1',
        sanctionId: 's2',
        sanction: 'ordered-resignation',
        reason: 'repeated failure',
      },
    });

    // Disputes: chunxilu's deduction is overturned; one of sansheng's awards is upheld.
    run({
      type: 'FileDispute',
      data: {
        disputeId: 'd1',
        year: 2007,
        unitId: 'chunxilu',
        eventId: 'wrong-deduction',
        grounds: 'the site belongs to niushikou',
      },
    });
    run({ type: 'ResolveDispute', data: { disputeId: 'd1', outcome: 'overturned', reason: 'map checked' } });
    run({
      type: 'FileDispute',
      data: { disputeId: 'd2', year: 2007, unitId: 'sansheng', eventId: 'e5', grounds: 'award too generous' },
    });
    run({ type: 'ResolveDispute', data: { disputeId: 'd2', outcome: 'upheld', reason: 'award stands' } });

    run({ type: 'CloseCycle', data: { year: 2007, reason: 'year end' } });
  });

  const scoreboard = () => {
    const policy = ledger.cycle(2007).policy;
    const rows = units.map(([unitId, name, kind]) => {
      const events = ledger.events(streams.scorecard(2007, unitId)) as ScorecardEvent[];
      return { unitId, name, kind, ...unitScore(events.reduce(tallyScorecardEvent, emptyTally), policy) };
    });
    return rankWithinKind(rows);
  };

  it('totals and ranks every unit within its kind', () => {
    expect(
      scoreboard().map(({ unitId, regularScore, keyScore, total, rank }) => [
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

  it('opened a case for each failed X item and gives every leader a status', () => {
    const cases = ledger.cases();
    expect(cases.map((c) => [c.subject.caseId, c.status, c.sanction?.sanction])).toEqual([
      ['2007-niushikou-urban-management-1', 'sanctioned', 'written-self-examination'],
      ['2007-shuyanjie-key-projects-1', 'sanctioned', 'ordered-resignation'],
    ]);
    const bonusBases = ledger.cycle(2007).bonusBases;
    const standing = units.map(([unitId, , , leaderId]) =>
      leaderAccountability(
        { leaderId, name: leaderId, unitId },
        cases.filter((c) => c.subject.leaderId === leaderId).map((c) => ({ ...c, caseId: c.subject.caseId })),
        bonusBases[leaderId] ?? null,
      ),
    );
    expect(standing.map((s) => [s.leaderId, s.status, s.withheldPct, s.bonusPayable])).toEqual([
      ['li-ming', 'clear', 0, 60000],
      ['zhao-gang', 'removed', 100, 0],
      ['chen-jing', 'clear', 0, null],
      ['wu-tao', 'sanctioned', 30, 35000],
      ['sun-li', 'clear', 0, null],
      ['zhou-hua', 'clear', 0, null],
    ]);
  });

  it('made the resigned leader leave office and kept the others', () => {
    expect(ledger.unit('shuyanjie').leader).toBeNull();
    expect(ledger.unit('niushikou').leader?.leaderId).toBe('wu-tao');
  });

  it('records the panel’s rulings and the reversal as events', () => {
    const niushikou = ledger.events(streams.scorecard(2007, 'niushikou')).map((e) => e.type);
    expect(niushikou).toEqual(['PointsDeducted', 'BasicRequirementRuled']);
    const chunxilu = ledger.events(streams.scorecard(2007, 'chunxilu')).map((e) => e.type);
    expect(chunxilu).toEqual(['PointsAwarded', 'PointsDeducted', 'PointsAwarded', 'EntryReversed']);
  });

  it('changes nothing when the reactions run a second time', () => {
    const before = ledger.log.length;
    for (const { event } of [...ledger.log]) {
      if (event.type === 'BasicRequirementRuled') {
        const { year, unitId, itemId } = event.data;
        const triple = ledger
          .cases()
          .filter(
            (c) => c.subject.year === year && c.subject.unitId === unitId && c.subject.itemId === itemId,
          );
        expect(caseForRuling(event, triple)).toBeNull();
      }
    }
    run({
      type: 'DepartLeader',
      data: {
        unitId: 'shuyanjie',
        leaderId: 'zhao-gang',
        caseId: '2007-shuyanjie-key-projects-1',
        reason: 'again',
      },
    });
    run({
      type: 'ReverseEntry',
      data: { year: 2007, unitId: 'chunxilu', entryId: 'wrong-deduction', disputeId: 'd1', reason: 'again' },
    });
    expect(ledger.log.length).toBe(before);
  });

  it('refuses new awards after the close', () => {
    expect(() => award('sansheng', 'safety', 1)).toThrow(expect.objectContaining({ code: 'CYCLE_CLOSED' }));
  });
});
