import { ApiUnderTest, STORES, as, startApi } from '../support/api';

/** Retries, races and conditional commands over HTTP, on each store. */
for (const store of STORES) {
  store.describe(`the API over ${store.name}: idempotency and concurrency`, () => {
    let api: ApiUnderTest;
    let supervisor: ReturnType<typeof as>;
    let auditor: ReturnType<typeof as>;

    const logLength = async () => (await auditor.get('/audit/verify')).body.eventsChecked as number;
    const award = (unitId: string, points: number, headers: Record<string, string> = {}) =>
      supervisor.post(
        `/cycles/2007/units/${unitId}/awards`,
        { itemId: 'services', points, reason: 'key work done' },
        headers,
      );

    beforeAll(async () => {
      api = await startApi(store);
      supervisor = as(api, 'supervisor');
      auditor = as(api, 'auditor');
      await supervisor.post('/cycles', { year: 2007 });
      await supervisor.post('/units', { unitId: 'sansheng', name: '三聖街道', kind: 'street' });
      await supervisor.post('/units', { unitId: 'shuyuan', name: '書院街道', kind: 'street' });
      await supervisor.post('/units', { unitId: 'hejiang', name: '合江街道', kind: 'street' });
      await supervisor.post('/cycles/2007/items', { itemId: 'services', title: '現代服務業', track: 'X' });
    });
    afterAll(() => api?.close());

    it('answers a retry under the same Idempotency-Key with the first answer, and records once', async () => {
      const first = await award('sansheng', 5, { 'Idempotency-Key': 'award-1' });
      expect(first.status).toBe(201);
      const before = await logLength();
      const retry = await award('sansheng', 5, { 'Idempotency-Key': 'award-1' });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(await logLength()).toBe(before);
    });

    it('answers retries racing each other once', async () => {
      const before = await logLength();
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => award('sansheng', 5, { 'Idempotency-Key': 'award-race' })),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
      expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
      expect(await logLength()).toBe(before + 1);
    });

    it('refuses the same key for another request with 422 IDEMPOTENCY_KEY_REUSED, on the same stream or another', async () => {
      const before = await logLength();
      const otherPoints = await award('sansheng', 6, { 'Idempotency-Key': 'award-1' });
      expect([otherPoints.status, otherPoints.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      const otherUnit = await award('shuyuan', 5, { 'Idempotency-Key': 'award-1' });
      expect([otherUnit.status, otherUnit.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect(await logLength()).toBe(before);
    });

    it('files a dispute once under a retried key, naming the same dispute', async () => {
      const entry = (await award('hejiang', 5)).body.eventIds[0];
      const body = { year: 2007, unitId: 'hejiang', eventId: entry, grounds: 'counted twice' };
      const first = await supervisor.post('/disputes', body, { 'Idempotency-Key': 'dispute-1' });
      const retry = await supervisor.post('/disputes', body, { 'Idempotency-Key': 'dispute-1' });
      expect(first.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(first.body.disputeId).toEqual(expect.any(String));
    });

    it('makes a command conditional on If-Match: a stale version is refused with 409 VERSION_CONFLICT', async () => {
      const first = await award('shuyuan', 5);
      const version = first.headers.etag as string;
      const next = await award('shuyuan', 5, { 'If-Match': version });
      expect(next.status).toBe(201);
      expect(next.headers.etag).toBe(`"${first.body.streamVersion + 1}"`);
      const before = await logLength();
      const stale = await award('shuyuan', 5, { 'If-Match': version });
      expect([stale.status, stale.body.code]).toEqual([409, 'VERSION_CONFLICT']);
      expect(await logLength()).toBe(before);
    });

    it('lands 20 concurrent awards on one unit exactly once each, with the right total', async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => award('hejiang', 1 + (i % 3))));
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
      const versions = answers.map((answer) => answer.body.streamVersion as number).sort((a, b) => a - b);
      expect(new Set(versions).size).toBe(20);
      const positions = answers.map((answer) => answer.body.position as string);
      const latest = positions.reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));
      const score = await as(api, 'analyst').get(`/cycles/2007/units/hejiang/score?minPosition=${latest}`);
      const points = Array.from({ length: 20 }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0);
      expect(score.body).toMatchObject({ keyScore: 5 + points, total: 100 + 5 + points });
      expect(score.body.entries).toHaveLength(21);
    });

    it('still answers a retry the same after a restart', async () => {
      const first = await award('sansheng', 7, { 'Idempotency-Key': 'award-before-restart' });
      await api.restart();
      const retry = await award('sansheng', 7, { 'Idempotency-Key': 'award-before-restart' });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
    });
  });
}
