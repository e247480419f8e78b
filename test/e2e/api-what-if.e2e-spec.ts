import { ApiUnderTest, STORES, as, eventually, startApi } from '../support/api';
import { runLedger } from '../support/ledger-process';

interface UnitRow {
  unitId: string;
  recorded: { regularScore: number; keyScore: number; total: number; rank: number };
  whatIf: { regularScore: number; keyScore: number; total: number; rank: number };
  change: { total: number; rank: number };
}

for (const store of STORES) {
  store.describe(`what if, over HTTP on ${store.name}, with the 2007 demo loaded`, () => {
    let api: ApiUnderTest;
    beforeAll(async () => {
      api = await startApi(store);
      const demo = runLedger(['demo'], api.env, 120_000);
      expect(demo.stderr).toBe('');
      expect(demo.status).toBe(0);
    }, 180_000);
    afterAll(() => api?.close());

    const logLength = async () =>
      (await as(api, 'auditor').get('/audit/verify').expect(200)).body.eventsChecked as number;
    const whatIf = (body: object, caller: 'analyst' | 'supervisor' = 'analyst') =>
      as(api, caller).post('/cycles/2007/what-if', body);

    it('answers "what would the ranking be with a cap of 120", and records nothing', async () => {
      const before = await logLength();
      const response = await whatIf({ policy: { regularCap: 120 } }).expect(200);
      const units = response.body.units as UnitRow[];
      expect(units).toHaveLength(13);
      expect(units.every((u) => u.whatIf.regularScore <= 120)).toBe(true);
      // 三聖 runs into the 130 cap on the regular track: ten points of it go.
      const sansheng = units.find((u) => u.unitId === 'sansheng')!;
      expect(sansheng.recorded.regularScore).toBe(130);
      expect(sansheng.whatIf.regularScore).toBe(120);
      expect(sansheng.change.total).toBe(-10);
      expect(response.body.policy.whatIf.regularCap).toBe(120);
      expect(response.body.policy.recorded.regularCap).toBe(130);
      const board = await eventually(async () => {
        const rows = (await as(api, 'analyst').get('/cycles/2007/scoreboard').expect(200)).body;
        expect(rows.map((r: { total: number }) => r.total)).toEqual(units.map((u) => u.recorded.total));
        return rows as { unitId: string; rank: number }[];
      });
      expect(units.map((u) => [u.unitId, u.recorded.rank])).toEqual(board.map((r) => [r.unitId, r.rank]));
      await whatIf({ tracks: { 'urban-management': '1' } }, 'supervisor').expect(200);
      expect(await logLength()).toBe(before);
    });

    it('gives back the recorded scoreboard and accountability under the recorded rules', async () => {
      const response = await whatIf({}).expect(200);
      const units = response.body.units as UnitRow[];
      expect(units.map((u) => u.whatIf)).toEqual(units.map((u) => u.recorded));
      expect(response.body.refused).toEqual([]);
      const leaders = (await as(api, 'analyst').get('/cycles/2007/accountability').expect(200)).body;
      expect(
        response.body.leaders.map((l: { leaderId: string; whatIf: { status: string } }) => [
          l.leaderId,
          l.whatIf.status,
        ]),
      ).toEqual(leaders.map((l: { leaderId: string; status: string }) => [l.leaderId, l.status]));
    });

    it('lists the awards a lower award maximum would have refused', async () => {
      const response = await whatIf({ policy: { regularAwardMax: 1 } }).expect(200);
      expect(response.body.refused.length).toBeGreaterThan(0);
      for (const refused of response.body.refused) {
        expect(refused).toMatchObject({ type: 'PointsAwarded', code: 'REGULAR_AWARD_OVER_MAX' });
      }
    });

    it('clears the leader whose case a key item opened, once that item is regular', async () => {
      const response = await whatIf({ tracks: { 'urban-management': '1' } }).expect(200);
      expect(response.body.cases.notOpened.map((c: { unitId: string }) => c.unitId)).toContain('shahe');
      const shahe = response.body.leaders.find((l: { unitId: string }) => l.unitId === 'shahe');
      expect(shahe.recorded.status).not.toBe('clear');
      expect(shahe.whatIf).toMatchObject({ status: 'clear', withheldPct: 0 });
    });

    it.each([
      ['a cap that is not a number', { policy: { regularCap: 'high' } }],
      ['a track that is neither 1 nor X', { tracks: { 'urban-management': 'Y' } }],
      ['a track map that is a list', { tracks: ['X'] }],
      ['an item id that is not a slug', { tracks: { 'Urban Management': 'X' } }],
      ['an unknown field', { policy: {}, sneaky: true }],
      ['a cap beyond any score', { policy: { regularCap: 1e308 } }],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_, body) => {
      const response = await whatIf(body).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    });

    it('refuses rules the domain refuses, and an unknown cycle', async () => {
      const invalid = await whatIf({ policy: { regularCap: 90 } }).expect(422);
      expect(invalid.body.code).toBe('INVALID_POLICY');
      const unknownItem = await whatIf({ tracks: { nowhere: 'X' } }).expect(404);
      expect(unknownItem.body.code).toBe('UNKNOWN_ITEM');
      const unknownCycle = await as(api, 'analyst').post('/cycles/2099/what-if', {}).expect(404);
      expect(unknownCycle.body).toMatchObject({
        code: 'UNKNOWN_CYCLE',
        message: 'There is no appraisal cycle 2099.',
      });
    });

    it('answers the same from a terminal: a readable table, and --json as over HTTP', async () => {
      const before = await logLength();
      const printed = runLedger(
        ['what-if', '--year', '2007', '--cap', '120', '--track', 'urban-management=1'],
        api.env,
      );
      expect(printed.stderr).toBe('');
      expect(printed.status).toBe(0);
      expect(printed.stdout).toContain(
        'What if, cycle 2007: base 100 -> 100, award max 2 -> 2, cap 130 -> 120, urban-management X -> 1',
      );
      expect(printed.stdout).toMatch(
        /unit\s+│ kind\s+│ recorded total │ rank │ what-if total │ rank │ change │ rank change/,
      );
      expect(printed.stdout).toMatch(/三聖街道 \(sansheng\)\s+│ street\s+│ 150\s+│ \d+\s+│ 140\s+│/);
      expect(printed.stdout).toContain('case not opened: 2007-shahe-urban-management-1');
      expect(printed.stdout).toContain('Nothing was recorded.');
      const json = runLedger(
        ['what-if', '--year', '2007', '--cap', '120', '--track', 'urban-management=1', '--json'],
        api.env,
      );
      expect(json.status).toBe(0);
      const overHttp = await whatIf({
        policy: { regularCap: 120 },
        tracks: { 'urban-management': '1' },
      }).expect(200);
      expect(JSON.parse(json.stdout)).toEqual(overHttp.body);
      const refused = runLedger(['what-if', '--year', '2099'], api.env);
      expect(refused).toMatchObject({ status: 1, stderr: 'ledger: There is no appraisal cycle 2099.\n' });
      const badTrack = runLedger(['what-if', '--year', '2007', '--track', 'urban-management=Y'], api.env);
      expect(badTrack.status).toBe(1);
      expect(badTrack.stderr).toContain('give an item and a track, such as urban-management=1');
      expect(await logLength()).toBe(before);
    });

    it('is for analysts and supervisors', async () => {
      await as(api, 'auditor').post('/cycles/2007/what-if', {}).expect(403);
      await as(api, 'reviewer').post('/cycles/2007/what-if', {}).expect(403);
    });
  });
}
