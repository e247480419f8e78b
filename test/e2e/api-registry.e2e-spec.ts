import { runLedger } from '../support/ledger-process';
import { ApiUnderTest, STORES, as, startApi } from '../support/api';

/** Who a key is, what a cycle and the units are: what a client names things by and builds its forms from. */
for (const store of STORES) {
  store.describe(`who, which cycle, which units on ${store.name}`, () => {
    let api: ApiUnderTest;
    /** The demo's 三聖 leader's key: requests under it. */
    let leader: ReturnType<typeof as>;
    beforeAll(async () => {
      api = await startApi(store);
      expect(runLedger(['demo'], api.env).status).toBe(0);
      const issued = await as(api, 'admin')
        .post('/keys', { role: 'unit-leader', unitId: 'sansheng', name: '三聖 leader' })
        .expect(201);
      const auth = `Bearer ${issued.body.key}`;
      leader = {
        get: (path: string) => api.http().get(`/api${path}`).set('Authorization', auth),
        post: (path: string, body: object = {}) =>
          api.http().post(`/api${path}`).set('Authorization', auth).send(body),
      };
    }, 120_000);
    afterAll(() => api?.close());

    it('GET /api/me says whom each key speaks for, and nothing without one', async () => {
      expect((await as(api, 'analyst').get('/me').expect(200)).body).toEqual({
        keyId: expect.any(String),
        name: 'analyst under test',
        role: 'analyst',
        unitId: null,
      });
      expect((await leader.get('/me').expect(200)).body).toMatchObject({
        role: 'unit-leader',
        unitId: 'sansheng',
      });
      expect((await api.http().get('/api/me')).status).toBe(401);
    });

    it('GET /api/cycles/:year gives the policy in force and the items, key items first', async () => {
      const cycle = (await as(api, 'analyst').get('/cycles/2007').expect(200)).body as {
        status: string;
        policy: { regularCap: number };
        items: { itemId: string; track: string; targets: { metric: string }[] }[];
      };
      expect(cycle).toMatchObject({
        year: 2007,
        status: 'open',
        policy: { baseScore: 100, regularCap: 130 },
      });
      const tracks = cycle.items.map((item) => item.track);
      expect(tracks.indexOf('1')).toBeGreaterThan(tracks.lastIndexOf('X'));
      expect(cycle.items.find((item) => item.itemId === 'modern-services')!.targets).toEqual(
        expect.arrayContaining([expect.objectContaining({ metric: 'retail-sales-growth', threshold: 15 })]),
      );
      expect((await leader.get('/cycles/2007').expect(200)).body.year).toBe(2007);
      const unknown = await as(api, 'analyst').get('/cycles/2099');
      expect({ status: unknown.status, code: unknown.body.code }).toEqual({
        status: 404,
        code: 'UNKNOWN_CYCLE',
      });
    });

    it('GET /api/units lists the units with their leaders; a unit leader reads its own unit only', async () => {
      const units = (await as(api, 'analyst').get('/units').expect(200)).body as {
        unitId: string;
        leader: { name: string } | null;
      }[];
      expect(units).toHaveLength(13);
      expect(units.find((unit) => unit.unitId === 'sansheng')).toEqual({
        unitId: 'sansheng',
        name: '三聖街道',
        kind: 'street',
        leader: { leaderId: expect.any(String), name: expect.any(String) },
      });
      expect((await leader.get('/units/sansheng').expect(200)).body.name).toBe('三聖街道');
      expect((await leader.get('/units/shahe')).status).toBe(403);
      expect((await leader.get('/units')).status).toBe(403);
      const unknown = await as(api, 'analyst').get('/units/nowhere');
      expect({ status: unknown.status, code: unknown.body.code }).toEqual({
        status: 404,
        code: 'UNKNOWN_UNIT',
      });
    });

    it('GET /api/cycles/:year/targets judges every unit against each target, on any business date', async () => {
      type Standing = {
        itemId: string;
        metric: string;
        threshold: number;
        units: { unitId: string; name: string; value: number | null; met: boolean | null }[];
        met: number;
        missed: number;
        unreported: number;
      };
      const fundsOf = (targets: Standing[]) =>
        targets.find(
          (target) => target.metric === 'funds-introduced' && target.itemId === 'investment-promotion',
        )!;
      const now = fundsOf((await as(api, 'analyst').get('/cycles/2007/targets').expect(200)).body);
      expect(now.threshold).toBe(35);
      expect(now.units).toHaveLength(13);
      expect(now.units.find((unit) => unit.unitId === 'hejiangting')).toEqual({
        unitId: 'hejiangting',
        name: expect.any(String),
        kind: 'street',
        value: 41,
        met: true,
      });
      expect(now.met + now.missed + now.unreported).toBe(13);
      expect(now.met).toBeGreaterThanOrEqual(1);
      const june = fundsOf(
        (await as(api, 'analyst').get('/cycles/2007/targets?effectiveOn=2007-06-30').expect(200)).body,
      );
      expect(june.threshold).toBe(30);
      expect(june.units.find((unit) => unit.unitId === 'hejiangting')!.value).toBeNull();
      expect((await leader.get('/cycles/2007/targets')).status).toBe(403);
      expect((await as(api, 'analyst').get('/cycles/2099/targets')).body.code).toBe('UNKNOWN_CYCLE');
    });

    it('GET /api/cycles/:year/panels lists the panels with their scores and results', async () => {
      const panels = (await as(api, 'analyst').get('/cycles/2007/panels').expect(200)).body as {
        panelId: string;
        status: string;
        members: unknown[];
        results: { unitId: string; met: boolean | null }[];
      }[];
      expect(panels.map((panel) => panel.panelId)).toEqual(['urban-management-2007']);
      expect(panels[0]).toMatchObject({ status: 'closed', itemId: 'urban-management' });
      expect(panels[0]!.results.find((result) => result.unitId === 'shahe')!.met).toBe(false);
      expect((await leader.get('/cycles/2007/panels')).status).toBe(403);
    });

    it('a unit score carries its scorecard version, which a form sends as If-Match', async () => {
      const score = (await as(api, 'supervisor').get('/cycles/2007/units/sansheng/score').expect(200))
        .body as {
        streamVersion: number;
        entries: unknown[];
      };
      expect(score.streamVersion).toBeGreaterThanOrEqual(score.entries.length - 1);
    });
  });
}
