import { PANEL_MEMBER_CATEGORIES } from '@ledger/domain';
import { ApiUnderTest, STORES, as, eventually, issueLeaderKeys, startApi } from '../support/api';

/** A whole 2007 cycle over HTTP, every route answering its success case, on each store. */
for (const store of STORES) {
  store.describe(`the API over ${store.name}: a whole cycle`, () => {
    let api: ApiUnderTest;
    let supervisor: ReturnType<typeof as>;
    let analyst: ReturnType<typeof as>;
    let auditor: ReturnType<typeof as>;
    let reviewer: ReturnType<typeof as>;
    let leader: ReturnType<typeof as>;

    beforeAll(async () => {
      api = await startApi(store);
      supervisor = as(api, 'supervisor');
      analyst = as(api, 'analyst');
      auditor = as(api, 'auditor');
      reviewer = as(api, 'reviewer');
    });
    afterAll(() => api?.close());

    /** Sends a command that must succeed, and returns its answer. */
    const command = async (path: string, body: object, headers: Record<string, string> = {}) => {
      const response = await supervisor.post(path, body, headers);
      expect({ path, status: response.status, body: response.body }).toMatchObject({ status: 201 });
      return response.body as { eventIds: string[]; streamVersion: number; position: string };
    };

    let awardId: string;
    let caseId: string;
    let disputeId: string;
    let beforeDispute: string;

    it('opens a cycle, answering the events, the stream version (also as ETag) and the log position', async () => {
      const response = await supervisor.post('/cycles', { year: 2007, policy: { regularCap: 130 } });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        eventIds: [expect.any(String)],
        streamVersion: 0,
        position: expect.any(String),
      });
      expect(response.headers.etag).toBe('"0"');
    });

    it('registers units and appoints their principal leaders', async () => {
      await command('/units', { unitId: 'sansheng', name: '三聖街道', kind: 'street' });
      await command('/units', { unitId: 'niuwangmiao', name: '牛王廟街道', kind: 'street' });
      await command('/units', { unitId: 'finance', name: '財政局', kind: 'department' });
      await issueLeaderKeys(api);
      leader = as(api, 'unit-leader');
      await command('/units/sansheng/leader', { leaderId: 'li-ming', name: '李明' });
      await command('/units/niuwangmiao/leader', { leaderId: 'wang-fang', name: '王芳' });
      const departed = await command('/units/niuwangmiao/leader/departure', { reason: 'transferred' });
      expect(departed.streamVersion).toBe(2);
      await command('/units/niuwangmiao/leader', { leaderId: 'zhao-lei', name: '趙磊' });
    });

    it('defines regular and key items with targets, and changes them by events', async () => {
      await command('/cycles/2007/items', { itemId: 'safety', title: '安全生產', track: '1' });
      await command('/cycles/2007/items', {
        itemId: 'urban-management',
        title: '城市管理',
        track: 'X',
        basicRequirement: { text: 'a clean, orderly district', panelScoreAtLeast: 60 },
      });
      await command('/cycles/2007/items', {
        itemId: 'modern-services',
        title: '現代服務業',
        track: 'X',
        targets: [{ metric: 'value-added-growth', comparator: '>=', threshold: 15, unit: '%' }],
      });
      await command('/cycles/2007/items', { itemId: 'culture', title: '文化', track: '1' });
      await command('/cycles/2007/items/culture/track', { track: 'X', reason: 'a key item this year' });
      await command('/cycles/2007/items/culture/withdraw', { reason: 'merged into modern services' });
      await command('/cycles/2007/items/modern-services/targets/value-added-growth', {
        threshold: 16,
        reason: 'raised by the district',
      });
      await command('/cycles/2007/policy', { changes: { regularCap: 140 }, reason: 'a larger regular body' });
      await command('/cycles/2007/leaders/li-ming/bonus-base', { amount: 50000 });
    });

    it('awards, deducts and records a reported metric', async () => {
      awardId = (
        await command('/cycles/2007/units/sansheng/awards', {
          itemId: 'urban-management',
          points: 10,
          reason: 'streets cleared',
          evidence: 'inspection 3',
        })
      ).eventIds[0]!;
      await command('/cycles/2007/units/sansheng/awards', {
        itemId: 'safety',
        points: 2,
        reason: 'no accidents',
      });
      await command('/cycles/2007/units/niuwangmiao/deductions', {
        itemId: 'safety',
        points: 1.5,
        reason: 'a fire inspection failed',
      });
      const last = await command('/cycles/2007/units/sansheng/metrics', {
        itemId: 'modern-services',
        metric: 'value-added-growth',
        value: 15.5,
      });
      const board = await analyst.get(`/cycles/2007/scoreboard?minPosition=${last.position}`);
      expect(board.status).toBe(200);
      expect(board.body).toEqual([
        {
          unitId: 'finance',
          name: '財政局',
          kind: 'department',
          regularScore: 100,
          keyScore: 0,
          total: 100,
          rank: 1,
        },
        {
          unitId: 'sansheng',
          name: '三聖街道',
          kind: 'street',
          regularScore: 102,
          keyScore: 10,
          total: 112,
          rank: 1,
        },
        {
          unitId: 'niuwangmiao',
          name: '牛王廟街道',
          kind: 'street',
          regularScore: 98.5,
          keyScore: 0,
          total: 98.5,
          rank: 2,
        },
      ]);
      expect((await analyst.get('/cycles/2007/scoreboard?kind=department')).body).toHaveLength(1);
    });

    it('breaks a unit down by item, with targets judged under the current threshold', async () => {
      const items = await analyst.get('/cycles/2007/units/sansheng/items');
      expect(items.status).toBe(200);
      const services = (items.body as { itemId: string }[]).find((item) => item.itemId === 'modern-services');
      expect(services).toMatchObject({
        track: 'X',
        targets: [{ metric: 'value-added-growth', threshold: 16, value: 15.5, met: false }],
      });
      const score = await leader.get('/cycles/2007/units/sansheng/score');
      expect(score.body).toMatchObject({
        unitId: 'sansheng',
        regularRaw: 102,
        regularScore: 102,
        keyScore: 10,
        total: 112,
      });
    });

    it('opens a case on an unmet key item and sanctions its leader', async () => {
      await command('/cycles/2007/units/sansheng/rulings', {
        itemId: 'modern-services',
        met: false,
        basis: 'growth below target',
      });
      const cases = await eventually(async () => {
        const response = await analyst.get('/cycles/2007/cases');
        expect(response.body).toHaveLength(1);
        return response.body as { caseId: string }[];
      });
      caseId = cases[0]!.caseId;
      expect((await analyst.get(`/cases/${caseId}`)).body).toMatchObject({
        caseId,
        leaderId: 'li-ming',
        status: 'open',
      });
      const sanctioned = await command(`/cases/${caseId}/sanction`, {
        sanction: 'written-self-examination',
        reason: 'growth below target',
      });
      const accountability = await analyst.get(
        `/cycles/2007/accountability?minPosition=${sanctioned.position}`,
      );
      expect(accountability.body).toContainEqual(
        expect.objectContaining({
          leaderId: 'li-ming',
          status: 'sanctioned',
          withheldPct: 30,
          bonusBase: 50000,
          bonusPayable: 35000,
          sanctions: [
            expect.objectContaining({ caseId, sanction: 'written-self-examination', withheldPct: 30 }),
          ],
        }),
      );
    });

    it('convenes a public scoring panel of the seven categories, and its close rules on the item', async () => {
      await command('/cycles/2007/panels', {
        panelId: 'urban-2007',
        itemId: 'urban-management',
        members: PANEL_MEMBER_CATEGORIES.map((category, i) => ({
          memberId: `m${i + 1}`,
          name: `Member ${i + 1}`,
          category,
        })),
      });
      for (const [i, score] of [70, 80, 90].entries()) {
        await command('/panels/urban-2007/scores', { memberId: `m${i + 1}`, unitId: 'sansheng', score });
        await command('/panels/urban-2007/scores', {
          memberId: `m${i + 1}`,
          unitId: 'niuwangmiao',
          score: score - 30,
        });
      }
      const closed = await command('/panels/urban-2007/close', {});
      const panel = await analyst.get(`/cycles/2007/panels/urban-2007?minPosition=${closed.position}`);
      expect(panel.body).toMatchObject({
        panelId: 'urban-2007',
        itemId: 'urban-management',
        status: 'closed',
        results: expect.arrayContaining([
          { unitId: 'sansheng', score: 80, scoresCount: 3, met: true },
          { unitId: 'niuwangmiao', score: 50, scoresCount: 3, met: false },
        ]),
      });
      expect(panel.body.members).toHaveLength(7);
      expect(panel.body.scores).toHaveLength(6);
      // The unmet panel ruling opens a case against niuwangmiao's leader in office.
      await eventually(async () => {
        const cases = (await analyst.get('/cycles/2007/cases')).body as { leaderId: string }[];
        expect(cases.map((c) => c.leaderId)).toContain('zhao-lei');
      });
    });

    it('lets a unit leader dispute an award, and a reviewer overturn it', async () => {
      beforeDispute = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const filed = await leader.post('/disputes', {
        year: 2007,
        unitId: 'sansheng',
        eventId: awardId,
        grounds: 'the streets were cleared by the city, not us',
      });
      expect(filed.status).toBe(201);
      disputeId = filed.body.disputeId;
      expect(filed.body).toMatchObject({ disputeId: expect.any(String), eventIds: [expect.any(String)] });
      await eventually(async () => {
        const disputes = await leader.get('/cycles/2007/disputes');
        expect(disputes.body).toEqual([
          expect.objectContaining({
            disputeId,
            unitId: 'sansheng',
            eventId: awardId,
            status: 'open',
            outcome: null,
          }),
        ]);
      });
      const resolved = await reviewer.post(`/disputes/${disputeId}/resolution`, {
        outcome: 'overturned',
        reason: 'evidence shows the city did it',
      });
      expect(resolved.status).toBe(201);
      await eventually(async () => {
        const score = await analyst.get('/cycles/2007/units/sansheng/score');
        expect(score.body).toMatchObject({ keyScore: 0, total: 102 });
      });
      expect((await as(api, 'other-unit-leader').get('/cycles/2007/disputes')).body).toEqual([]);
    });

    it('replays a score as it stood at an earlier instant or position', async () => {
      const asOf = await auditor.get(`/cycles/2007/units/sansheng/score?asOf=${beforeDispute}`);
      expect(asOf.status).toBe(200);
      expect(asOf.body).toMatchObject({ keyScore: 10, total: 112 });
      const log = (await auditor.get('/events?limit=20')).body as { type: string; position: string }[];
      const registered = log.find((event) => event.type === 'UnitRegistered');
      expect(registered).toBeDefined();
      const atStart = await auditor.get(
        `/cycles/2007/units/sansheng/score?atPosition=${registered!.position}`,
      );
      expect(atStart.body).toMatchObject({ total: 100 });
    });

    it('pages a history and the raw log by position, a full page linking to the next', async () => {
      const whole = (await auditor.get('/cycles/2007/units/sansheng/history')).body as { position: string }[];
      expect(whole.length).toBeGreaterThan(4);
      const pages: { position: string }[][] = [];
      let path: string | undefined = '/cycles/2007/units/sansheng/history?limit=3';
      while (path) {
        const response = await auditor.get(path);
        expect(response.status).toBe(200);
        pages.push(response.body);
        const next = /^<\/api(\/[^>]+)>; rel="next"$/.exec(response.headers.link ?? '');
        path = next?.[1];
      }
      expect(pages.flat()).toEqual(whole);
      expect(pages.slice(0, -1).every((page) => page.length === 3)).toBe(true);
      const afterSecond = await auditor.get(
        `/cycles/2007/units/sansheng/history?after=${whole[1]!.position}&limit=2`,
      );
      expect(afterSecond.body).toEqual(whole.slice(2, 4));
      expect(
        (await auditor.get(`/cycles/2007/units/sansheng/history?after=${whole.at(-1)!.position}`)).body,
      ).toEqual([]);

      const score = (await auditor.get('/cycles/2007/units/sansheng/score')).body as {
        total: number;
        entries: { entryId: string }[];
      };
      expect(score.entries.length).toBeGreaterThanOrEqual(2);
      const entryPages: { entryId: string }[][] = [];
      let entriesPath: string | undefined = '/cycles/2007/units/sansheng/score?entriesLimit=1';
      while (entriesPath) {
        const response = await auditor.get(entriesPath);
        expect(response.body).toMatchObject({ total: score.total });
        entryPages.push(response.body.entries);
        expect(response.body.entriesNext === null).toBe(response.headers.link === undefined);
        entriesPath = /^<\/api(\/[^>]+)>; rel="next"$/.exec(response.headers.link ?? '')?.[1];
      }
      expect(entryPages.flat()).toEqual(score.entries);
      const cursorRefused = await auditor.get('/cycles/2007/units/sansheng/score?entriesAfter=last');
      expect(cursorRefused.body.code).toBe('INVALID_CURSOR');
      const pastRefused = await auditor.get(
        `/cycles/2007/units/sansheng/score?entriesLimit=2&atPosition=${whole[0]!.position}`,
      );
      expect(pastRefused.body.code).toBe('AS_OF_CONFLICT');

      const log = await auditor.get('/events?limit=4');
      expect(log.headers.link).toBe(`</api/events?limit=4&after=${log.body[3].position}>; rel="next"`);
      const refused = await auditor.get('/cycles/2007/units/sansheng/history?limit=0');
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('INVALID_LIMIT');
    });

    it('gives auditors the history with running totals, the raw log, its verification and the projections', async () => {
      const history = await auditor.get('/cycles/2007/units/sansheng/history');
      expect(history.status).toBe(200);
      const rows = history.body as { type: string; total: number; actor: { role: string }; hash: string }[];
      expect(rows.map((row) => row.type)).toEqual(
        expect.arrayContaining(['PointsAwarded', 'EntryReversed', 'CaseOpened', 'SanctionImposed']),
      );
      expect(rows[rows.length - 1]!.total).toBe(102);
      expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.hash))).toBe(true);

      const page = await auditor.get('/events?limit=5');
      expect(page.body).toHaveLength(5);
      const next = await auditor.get(`/events?after=${page.body[4].position}&limit=2`);
      expect(next.body[0].position).not.toBe(page.body[4].position);
      expect(next.body[0].metadata).toMatchObject({
        actor: expect.any(Object),
        hash: expect.any(String),
        prevHash: expect.any(String),
      });

      const verified = await auditor.get('/audit/verify');
      expect(verified.body).toMatchObject({
        ok: true,
        eventsChecked: expect.any(Number),
        streamsChecked: expect.any(Number),
      });
      expect(verified.body.eventsChecked).toBeGreaterThan(30);

      const projections = await auditor.get('/projections');
      expect(projections.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ projection: 'scores', checkpoint: expect.any(String) }),
        ]),
      );
    });

    it('closes the cycle', async () => {
      const closed = await command('/cycles/2007/close', { reason: 'year end' });
      expect(closed.eventIds).toHaveLength(1);
      expect(
        (
          await supervisor.post('/cycles/2007/units/sansheng/awards', {
            itemId: 'safety',
            points: 1,
            reason: 'late',
          })
        ).body,
      ).toMatchObject({ statusCode: 409, code: 'CYCLE_CLOSED' });
    });

    it('keeps every event and key across a restart', async () => {
      const before = (await auditor.get('/audit/verify')).body.eventsChecked;
      await api.restart();
      const after = await auditor.get('/audit/verify');
      expect(after.body).toMatchObject({ ok: true, eventsChecked: before });
      expect((await analyst.get('/cycles/2007/units/sansheng/score')).body).toMatchObject({ total: 102 });
    });
  });
}
