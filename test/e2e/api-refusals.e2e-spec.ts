import { PANEL_MEMBER_CATEGORIES } from '@ledger/domain';
import { ApiUnderTest, SQLITE, as, eventually, startApi } from '../support/api';

const MEMBERS = PANEL_MEMBER_CATEGORIES.map((category, i) => ({
  memberId: `m${i + 1}`,
  name: `Member ${i + 1}`,
  category,
}));

/** Every refusal code of docs/domain.md and docs/api.md, reached over HTTP: its status, its code, a sentence, and nothing recorded. */
describe('refusals over HTTP', () => {
  let api: ApiUnderTest;
  let supervisor: ReturnType<typeof as>;
  let reviewer: ReturnType<typeof as>;
  let auditor: ReturnType<typeof as>;
  let awardId: string;
  let caseId: string;
  let withdrawnCaseId: string;
  let openCaseId: string;
  let resolvedDisputeId: string;

  const ok = async (response: Promise<{ status: number; body: Record<string, unknown> }>) => {
    const answer = await response;
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status: 201 });
    return answer.body as { eventIds: string[]; position: string; disputeId?: string };
  };

  beforeAll(async () => {
    api = await startApi(SQLITE);
    supervisor = as(api, 'supervisor');
    reviewer = as(api, 'reviewer');
    auditor = as(api, 'auditor');
    await ok(supervisor.post('/cycles', { year: 2007 }));
    await ok(supervisor.post('/units', { unitId: 'sansheng', name: '三聖街道', kind: 'street' }));
    await ok(supervisor.post('/units', { unitId: 'shuyuan', name: '書院街道', kind: 'street' }));
    await ok(supervisor.post('/units/sansheng/leader', { leaderId: 'li-ming', name: '李明' }));
    await ok(supervisor.post('/cycles/2007/items', { itemId: 'safety', title: 'Safety', track: '1' }));
    await ok(
      supervisor.post('/cycles/2007/items', {
        itemId: 'services',
        title: 'Services',
        track: 'X',
        targets: [{ metric: 'growth', comparator: '>=', threshold: 15, unit: '%' }],
      }),
    );
    await ok(supervisor.post('/cycles/2007/items', { itemId: 'old', title: 'Old', track: '1' }));
    await ok(supervisor.post('/cycles/2007/items/old/withdraw', { reason: 'dropped' }));
    awardId = (
      await ok(
        supervisor.post('/cycles/2007/units/sansheng/awards', {
          itemId: 'safety',
          points: 2,
          reason: 'fine',
        }),
      )
    ).eventIds[0]!;
    // Two unmet key rulings: one case to sanction, one whose ruling is overturned (its case withdrawn).
    await ok(
      supervisor.post('/cycles/2007/units/sansheng/rulings', {
        itemId: 'services',
        met: false,
        basis: 'growth too low',
      }),
    );
    const cases = await eventually(async () => {
      const found = (await auditor.get('/cycles/2007/cases')).body as { caseId: string; rulingId: string }[];
      expect(found).toHaveLength(1);
      return found;
    });
    caseId = cases[0]!.caseId;
    await ok(
      supervisor.post(`/cases/${caseId}/sanction`, {
        sanction: 'written-self-examination',
        reason: 'failed',
      }),
    );
    await ok(supervisor.post('/cycles/2007/items', { itemId: 'water', title: 'Water', track: 'X' }));
    await ok(
      supervisor.post('/cycles/2007/units/sansheng/rulings', { itemId: 'water', met: false, basis: 'dry' }),
    );
    openCaseId = await eventually(async () => {
      const found = (await auditor.get('/cycles/2007/cases')).body as { caseId: string; itemId: string }[];
      expect(found.map((c) => c.itemId)).toContain('water');
      return found.find((c) => c.itemId === 'water')!.caseId;
    });
    await ok(supervisor.post('/cycles/2007/items', { itemId: 'parks', title: 'Parks', track: 'X' }));
    const ruling = await ok(
      supervisor.post('/cycles/2007/units/sansheng/rulings', {
        itemId: 'parks',
        met: false,
        basis: 'no parks',
      }),
    );
    const parksCase = await eventually(async () => {
      const found = (await auditor.get('/cycles/2007/cases')).body as { caseId: string; itemId: string }[];
      const parks = found.find((c) => c.itemId === 'parks');
      expect(parks).toBeDefined();
      return parks!;
    });
    withdrawnCaseId = parksCase.caseId;
    const filed = await ok(
      supervisor.post('/disputes', {
        year: 2007,
        unitId: 'sansheng',
        eventId: ruling.eventIds[0],
        grounds: 'there are parks',
      }),
    );
    resolvedDisputeId = filed.disputeId!;
    await ok(
      reviewer.post(`/disputes/${resolvedDisputeId}/resolution`, {
        outcome: 'overturned',
        reason: 'parks found',
      }),
    );
    await eventually(async () => {
      expect((await auditor.get(`/cases/${withdrawnCaseId}`)).body).toMatchObject({ status: 'withdrawn' });
    });
    await ok(
      supervisor.post('/disputes', {
        year: 2007,
        unitId: 'sansheng',
        eventId: awardId,
        grounds: 'too generous',
      }),
    );
    await ok(
      supervisor.post('/cycles/2007/panels', { panelId: 'urban', itemId: 'services', members: MEMBERS }),
    );
    await ok(supervisor.post('/panels/urban/scores', { memberId: 'm1', unitId: 'sansheng', score: 70 }));
    await ok(
      supervisor.post('/cycles/2007/panels', {
        panelId: 'closed-panel',
        itemId: 'services',
        members: MEMBERS,
      }),
    );
    for (const memberId of ['m1', 'm2', 'm3'])
      await ok(supervisor.post('/panels/closed-panel/scores', { memberId, unitId: 'shuyuan', score: 80 }));
    const last = await ok(supervisor.post('/panels/closed-panel/close', {}));
    await auditor.get(`/cycles/2007/disputes?minPosition=${last.position}`);
    await eventually(async () => {
      const disputes = (await auditor.get('/cycles/2007/disputes')).body as {
        eventId: string;
        status: string;
      }[];
      expect(disputes.find((d) => d.eventId === awardId)).toMatchObject({ status: 'open' });
    });
  });
  afterAll(() => api?.close());

  type Call = () => Promise<{ status: number; body: Record<string, unknown> }>;
  const cases: [string, number, string, Call][] = [
    ['open cycle: it exists', 409, 'CYCLE_EXISTS', () => supervisor.post('/cycles', { year: 2007 })],
    [
      'open cycle: a cap below the base',
      422,
      'INVALID_POLICY',
      () => supervisor.post('/cycles', { year: 2009, policy: { regularCap: 50 } }),
    ],
    [
      'amend policy: changes nothing',
      422,
      'NO_CHANGE',
      () => supervisor.post('/cycles/2007/policy', { changes: { regularCap: 130 }, reason: 'same' }),
    ],
    [
      'register unit: it exists',
      409,
      'UNIT_EXISTS',
      () => supervisor.post('/units', { unitId: 'sansheng', name: 'again', kind: 'street' }),
    ],
    [
      'appoint leader: one in office',
      409,
      'LEADER_IN_OFFICE',
      () => supervisor.post('/units/sansheng/leader', { leaderId: 'zhang', name: 'Zhang' }),
    ],
    [
      'leader departs: none in office',
      409,
      'NO_LEADER_IN_OFFICE',
      () => supervisor.post('/units/shuyuan/leader/departure', { reason: 'gone' }),
    ],
    [
      'appoint leader: unknown unit',
      404,
      'UNKNOWN_UNIT',
      () => supervisor.post('/units/nobody/leader', { leaderId: 'zhang', name: 'Zhang' }),
    ],
    [
      'define item: it exists',
      409,
      'ITEM_EXISTS',
      () => supervisor.post('/cycles/2007/items', { itemId: 'safety', title: 'Again', track: '1' }),
    ],
    [
      'define item: unknown cycle',
      404,
      'UNKNOWN_CYCLE',
      () => supervisor.post('/cycles/2099/items', { itemId: 'safety', title: 'Safety', track: '1' }),
    ],
    [
      'change track: no change',
      422,
      'NO_CHANGE',
      () => supervisor.post('/cycles/2007/items/safety/track', { track: '1', reason: 'same' }),
    ],
    [
      'change track: withdrawn item',
      409,
      'ITEM_WITHDRAWN',
      () => supervisor.post('/cycles/2007/items/old/track', { track: 'X', reason: 'revive' }),
    ],
    [
      'change track: unknown item',
      404,
      'UNKNOWN_ITEM',
      () => supervisor.post('/cycles/2007/items/nothing/track', { track: 'X', reason: 'x' }),
    ],
    [
      'change threshold: no change',
      422,
      'NO_CHANGE',
      () => supervisor.post('/cycles/2007/items/services/targets/growth', { threshold: 15, reason: 'same' }),
    ],
    [
      'withdraw item: already withdrawn',
      409,
      'ITEM_WITHDRAWN',
      () => supervisor.post('/cycles/2007/items/old/withdraw', { reason: 'again' }),
    ],
    [
      'bonus base: unknown leader',
      404,
      'UNKNOWN_LEADER',
      () => supervisor.post('/cycles/2007/leaders/nobody/bonus-base', { amount: 100 }),
    ],
    [
      'bonus base: negative',
      422,
      'INVALID_AMOUNT',
      () => supervisor.post('/cycles/2007/leaders/li-ming/bonus-base', { amount: -5 }),
    ],
    [
      'award: unknown cycle',
      404,
      'UNKNOWN_CYCLE',
      () =>
        supervisor.post('/cycles/2099/units/sansheng/awards', { itemId: 'safety', points: 1, reason: 'x' }),
    ],
    [
      'award: unknown unit',
      404,
      'UNKNOWN_UNIT',
      () => supervisor.post('/cycles/2007/units/nobody/awards', { itemId: 'safety', points: 1, reason: 'x' }),
    ],
    [
      'award: unknown item',
      404,
      'UNKNOWN_ITEM',
      () =>
        supervisor.post('/cycles/2007/units/sansheng/awards', { itemId: 'nothing', points: 1, reason: 'x' }),
    ],
    [
      'award: withdrawn item',
      409,
      'ITEM_WITHDRAWN',
      () => supervisor.post('/cycles/2007/units/sansheng/awards', { itemId: 'old', points: 1, reason: 'x' }),
    ],
    [
      'award: over the regular maximum',
      422,
      'REGULAR_AWARD_OVER_MAX',
      () =>
        supervisor.post('/cycles/2007/units/sansheng/awards', {
          itemId: 'safety',
          points: 2.01,
          reason: 'x',
        }),
    ],
    [
      'award: zero points',
      422,
      'INVALID_POINTS',
      () =>
        supervisor.post('/cycles/2007/units/sansheng/awards', { itemId: 'services', points: 0, reason: 'x' }),
    ],
    [
      'award: three decimals',
      422,
      'INVALID_POINTS',
      () =>
        supervisor.post('/cycles/2007/units/sansheng/awards', {
          itemId: 'services',
          points: 1.005,
          reason: 'x',
        }),
    ],
    [
      'award: a hair past two decimals',
      422,
      'INVALID_POINTS',
      () =>
        supervisor.post('/cycles/2007/units/sansheng/awards', {
          itemId: 'services',
          points: 1.000000001,
          reason: 'x',
        }),
    ],
    [
      'deduct: a sum a client computed in floating point',
      422,
      'INVALID_POINTS',
      () =>
        supervisor.post('/cycles/2007/units/sansheng/deductions', {
          itemId: 'safety',
          points: 0.1 + 0.2,
          reason: 'x',
        }),
    ],
    [
      'deduct: negative points',
      422,
      'INVALID_POINTS',
      () =>
        supervisor.post('/cycles/2007/units/sansheng/deductions', {
          itemId: 'safety',
          points: -1,
          reason: 'x',
        }),
    ],
    [
      'deduct: empty reason',
      422,
      'REASON_REQUIRED',
      () =>
        supervisor.post('/cycles/2007/units/sansheng/deductions', {
          itemId: 'safety',
          points: 1,
          reason: '   ',
        }),
    ],
    [
      'report metric: no such metric',
      422,
      'UNKNOWN_METRIC',
      () =>
        supervisor.post('/cycles/2007/units/sansheng/metrics', {
          itemId: 'services',
          metric: 'nope',
          value: 1,
        }),
    ],
    [
      'rule: unmet key item without a leader',
      422,
      'NO_PRINCIPAL_LEADER',
      () =>
        supervisor.post('/cycles/2007/units/shuyuan/rulings', {
          itemId: 'services',
          met: false,
          basis: 'failed',
        }),
    ],
    [
      'sanction: not in the ladder',
      422,
      'UNKNOWN_SANCTION',
      () => supervisor.post(`/cases/${openCaseId}/sanction`, { sanction: 'public-flogging', reason: 'x' }),
    ],
    [
      'sanction: already sanctioned',
      409,
      'CASE_ALREADY_SANCTIONED',
      () => supervisor.post(`/cases/${caseId}/sanction`, { sanction: 'ordered-resignation', reason: 'x' }),
    ],
    [
      'sanction: case withdrawn',
      409,
      'CASE_CLOSED',
      () =>
        supervisor.post(`/cases/${withdrawnCaseId}/sanction`, {
          sanction: 'written-self-examination',
          reason: 'x',
        }),
    ],
    [
      'sanction: unknown case',
      404,
      'UNKNOWN_CASE',
      () =>
        supervisor.post('/cases/no-such-case/sanction', {
          sanction: 'written-self-examination',
          reason: 'x',
        }),
    ],
    [
      'convene: it exists',
      409,
      'PANEL_EXISTS',
      () =>
        supervisor.post('/cycles/2007/panels', { panelId: 'urban', itemId: 'services', members: MEMBERS }),
    ],
    [
      'convene: a member of no category',
      422,
      'INVALID_PANEL_MEMBER',
      () =>
        supervisor.post('/cycles/2007/panels', {
          panelId: 'p2',
          itemId: 'services',
          members: [{ memberId: 'm1', name: 'M', category: 'mayor' }],
        }),
    ],
    [
      'score: over 100',
      422,
      'INVALID_PANEL_SCORE',
      () => supervisor.post('/panels/urban/scores', { memberId: 'm2', unitId: 'sansheng', score: 101 }),
    ],
    [
      'score: not a member',
      422,
      'NOT_A_PANEL_MEMBER',
      () => supervisor.post('/panels/urban/scores', { memberId: 'm99', unitId: 'sansheng', score: 50 }),
    ],
    [
      'score: twice by one member',
      409,
      'ALREADY_SCORED',
      () => supervisor.post('/panels/urban/scores', { memberId: 'm1', unitId: 'sansheng', score: 60 }),
    ],
    [
      'score: panel closed',
      409,
      'PANEL_CLOSED',
      () => supervisor.post('/panels/closed-panel/scores', { memberId: 'm4', unitId: 'shuyuan', score: 60 }),
    ],
    [
      'score: unknown panel',
      404,
      'UNKNOWN_PANEL',
      () => supervisor.post('/panels/nothing/scores', { memberId: 'm1', unitId: 'sansheng', score: 60 }),
    ],
    [
      'close panel: too few scores',
      409,
      'PANEL_INCOMPLETE',
      () => supervisor.post('/panels/urban/close', {}),
    ],
    [
      'dispute: not a score entry, ruling or sanction',
      422,
      'NOT_DISPUTABLE',
      () =>
        supervisor.post('/disputes', {
          year: 2007,
          unitId: 'sansheng',
          eventId: 'no-such-event',
          grounds: 'x',
        }),
    ],
    [
      'dispute: another unit’s entry',
      422,
      'NOT_DISPUTABLE',
      () => supervisor.post('/disputes', { year: 2007, unitId: 'shuyuan', eventId: awardId, grounds: 'x' }),
    ],
    [
      'dispute: one open already',
      409,
      'DISPUTE_OPEN',
      () =>
        supervisor.post('/disputes', { year: 2007, unitId: 'sansheng', eventId: awardId, grounds: 'again' }),
    ],
    [
      'resolve: already resolved',
      409,
      'DISPUTE_RESOLVED',
      () =>
        reviewer.post(`/disputes/${resolvedDisputeId}/resolution`, { outcome: 'upheld', reason: 'again' }),
    ],
    [
      'resolve: unknown dispute',
      404,
      'UNKNOWN_DISPUTE',
      () => reviewer.post('/disputes/no-such-dispute/resolution', { outcome: 'upheld', reason: 'x' }),
    ],
    ['query: unknown cycle', 404, 'UNKNOWN_CYCLE', () => auditor.get('/cycles/2099/scoreboard')],
    ['query: unknown case', 404, 'UNKNOWN_CASE', () => auditor.get('/cases/no-such-case')],
    ['query: unknown panel', 404, 'UNKNOWN_PANEL', () => auditor.get('/cycles/2007/panels/nothing')],
    ['query: unknown unit', 404, 'UNKNOWN_UNIT', () => auditor.get('/cycles/2007/units/nobody/score')],
    [
      'query: a kind that is none',
      400,
      'INVALID_KIND',
      () => auditor.get('/cycles/2007/scoreboard?kind=village'),
    ],
    [
      'query: a position that is none',
      400,
      'INVALID_POSITION',
      () => auditor.get('/cycles/2007/units/sansheng/score?atPosition=yesterday'),
    ],
    [
      'query: an instant that is none',
      400,
      'INVALID_INSTANT',
      () => auditor.get('/cycles/2007/units/sansheng/score?asOf=soon'),
    ],
    [
      'query: a bound that is neither a position nor an instant',
      400,
      'INVALID_BOUND',
      () => auditor.get('/cycles/2007/changes?from=yesterday'),
    ],
    [
      'query: a span that runs backwards',
      400,
      'REVERSED_BOUNDS',
      () => auditor.get('/cycles/2007/changes?from=20&to=10'),
    ],
    ['query: a limit out of range', 400, 'INVALID_LIMIT', () => auditor.get('/events?limit=100000')],
    [
      'command: an If-Match that is no version',
      400,
      'INVALID_IF_MATCH',
      () =>
        supervisor.post(
          '/cycles/2007/units/sansheng/awards',
          { itemId: 'safety', points: 1, reason: 'x' },
          { 'If-Match': 'yesterday' },
        ),
    ],
    [
      'command: a body that is not valid',
      400,
      'VALIDATION_FAILED',
      () => supervisor.post('/units', { unitId: 'Not A Slug', name: 'x', kind: 'village' }),
    ],
  ];

  it.each(cases)('%s: %i %s, nothing recorded', async (_, status, code, call) => {
    const before = (await auditor.get('/audit/verify')).body.eventsChecked;
    const response = await call();
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.body).toEqual(
      expect.objectContaining({ statusCode: status, message: expect.stringMatching(/\w/) }),
    );
    expect((await auditor.get('/audit/verify')).body.eventsChecked).toBe(before);
  });

  it('close cycle: then no more awards, and no second close (409 CYCLE_CLOSED)', async () => {
    await ok(supervisor.post('/cycles/2007/close', { reason: 'year end' }));
    const award = await supervisor.post('/cycles/2007/units/sansheng/awards', {
      itemId: 'safety',
      points: 1,
      reason: 'late',
    });
    expect([award.status, award.body.code]).toEqual([409, 'CYCLE_CLOSED']);
    const again = await supervisor.post('/cycles/2007/close', { reason: 'again' });
    expect([again.status, again.body.code]).toEqual([409, 'CYCLE_CLOSED']);
    const amend = await supervisor.post('/cycles/2007/policy', {
      changes: { regularCap: 150 },
      reason: 'late',
    });
    expect([amend.status, amend.body.code]).toEqual([409, 'CYCLE_CLOSED']);
  });

  it('a position the read models never reach: 503 PROJECTION_LAGGING after five seconds', async () => {
    const response = await auditor.get('/cycles/2007/scoreboard?minPosition=99999999');
    expect([response.status, response.body.code]).toEqual([503, 'PROJECTION_LAGGING']);
  }, 15000);
});
