import {
  ApiUnderTest,
  STORES,
  as,
  issueLeaderKeys,
  openKeyItemCycle,
  startApi,
  wholeLog,
} from '../support/api';

const raw = (api: ApiUnderTest, key: string, path: string, json: string) =>
  api
    .http()
    .post(`/api${path}`)
    .set('Authorization', `Bearer ${key}`)
    .set('Content-Type', 'application/json')
    .send(json);

/**
 * One caller's bad text fails no one else: a reason or grounds with U+0000 or a lone surrogate
 * sent among 39 good awards is refused on its own with 400 naming the field, identically on
 * every store, and every good award lands.
 */
for (const store of STORES) {
  store.describe(`poison text among busy writers on ${store.name}`, () => {
    let api: ApiUnderTest;

    beforeAll(async () => {
      api = await startApi(store);
      await openKeyItemCycle(api, 10);
      const supervisor = as(api, 'supervisor');
      await supervisor.post('/units', { unitId: 'sansheng', name: 'sansheng', kind: 'street' }).expect(201);
      await supervisor.post('/units/sansheng/leader', { leaderId: 'li', name: 'Li' }).expect(201);
      await supervisor
        .post('/units', { unitId: 'niuwangmiao', name: 'niuwangmiao', kind: 'street' })
        .expect(201);
      await issueLeaderKeys(api);
    }, 60_000);

    afterAll(() => api?.close());

    it.each([
      ['U+0000', String.raw`bad\u0000reason`, 'U+0000'],
      ['a lone surrogate', String.raw`bad\ud800reason`, 'lone surrogate'],
      ['a control character', String.raw`bad\u0007reason`, 'U+0007'],
      ['a right-to-left override', String.raw`bad\u202Ereason`, 'U+202E'],
      ['a bidirectional isolate', String.raw`bad\u2067reason`, 'U+2067'],
    ])('refuses a reason with %s on its own while 39 good awards land', async (_, reason, said) => {
      const good = Array.from({ length: 39 }, (_, i) =>
        as(api, 'supervisor').post(`/cycles/2007/units/u${i % 10}/awards`, {
          itemId: 'services',
          points: 1,
          reason: 'done',
        }),
      );
      const bad = raw(
        api,
        api.keys.supervisor,
        '/cycles/2007/units/u3/awards',
        `{"itemId": "services", "points": 1, "reason": "${reason}"}`,
      );
      const [refused, ...answers] = await Promise.all([bad, ...good]);
      expect(answers.map((a) => a.status)).toEqual(Array(39).fill(201));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'reason' }] });
      expect(refused.body.message).toContain(said);
    });

    it('refuses a unit leader’s dispute grounds with a lone surrogate, and records nothing', async () => {
      const award = await as(api, 'supervisor')
        .post('/cycles/2007/units/sansheng/awards', { itemId: 'services', points: 1, reason: 'done' })
        .expect(201);
      const before = (await wholeLog(api)).length;
      const refused = await raw(
        api,
        api.keys['unit-leader'],
        '/disputes',
        `{"year": 2007, "unitId": "sansheng", "eventId": "${award.body.eventIds[0]}", "grounds": "\\udc00"}`,
      );
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'grounds' }] });
      expect((await wholeLog(api)).length).toBe(before);
    });

    it('keeps tabs and line breaks, and every other character, exactly', async () => {
      // A right-to-left mark only hints at direction: it reorders nothing, and is kept.
      const reason = 'line one\n\tline two\r\n三聖 😀 \u200f';
      const answer = await as(api, 'supervisor')
        .post('/cycles/2007/units/u1/awards', { itemId: 'services', points: 1, reason })
        .expect(201);
      const events = await wholeLog(api);
      expect(events.find((e) => e.id === answer.body.eventIds[0])?.metadata.reason).toBe(reason);
    });
  });
}
