import { runLedger } from '../support/ledger-process';
import { ApiUnderTest, STORES, as, startApi } from '../support/api';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long after `since` the key first gets a 401 with this code; fails after `limitMs`. */
const refusedWithin = async (
  api: ApiUnderTest,
  key: string,
  code: string,
  since: number,
  limitMs: number,
) => {
  for (;;) {
    const response = await api
      .http()
      .get('/api/cycles/2007/scoreboard')
      .set('Authorization', `Bearer ${key}`);
    if (response.status === 401) {
      expect(response.body.code).toBe(code);
      return Date.now() - since;
    }
    if (Date.now() - since > limitMs) throw new Error(`still ${response.status} after ${limitMs} ms`);
    await sleep(20);
  }
};

for (const store of STORES) {
  store.describe(`API keys on ${store.name}`, () => {
    let api: ApiUnderTest;
    const ledger = (...args: string[]) => runLedger(args, api.env);
    const admin = () => as(api, 'admin');

    beforeAll(async () => {
      api = await startApi(store);
      await as(api, 'supervisor').post('/cycles', { year: 2007 }).expect(201);
    }, 60_000);
    afterAll(() => api?.close());

    it('refuses, within a second, a key revoked by `ledger keys revoke` in another process', async () => {
      const created = ledger('keys', 'create', '--role', 'analyst', '--name', 'Chen Jie');
      expect(created.status).toBe(0);
      const key = created.stdout.trim().split('\n').pop()!;
      const keyId = key.slice(3, 15);
      await api.http().get('/api/cycles/2007/scoreboard').set('Authorization', `Bearer ${key}`).expect(200);

      const revoked = ledger('keys', 'revoke', keyId, '--reason', 'left the office');
      const at = Date.now();
      expect(revoked.stderr).toBe('');
      expect(revoked.stdout).toContain(`revoked analyst key ${keyId} of Chen Jie`);
      expect(await refusedWithin(api, key, 'KEY_REVOKED', at, 1000)).toBeLessThanOrEqual(1000);
    });

    it('lists every key with its holder, who issued it and its status; never a key or its hash', async () => {
      const listed = ledger('keys', 'list');
      expect(listed.status).toBe(0);
      expect(listed.stdout).toMatch(/Chen Jie.*analyst.*revoked/);
      expect(listed.stdout).toMatch(/supervisor under test.*supervisor.*active/);
      const keys = JSON.parse(ledger('keys', 'list', '--json').stdout) as Record<string, unknown>[];
      expect(keys.find((key) => key.name === 'Chen Jie')).toMatchObject({
        role: 'analyst',
        status: 'revoked',
        revocationReason: 'left the office',
        issuedBy: { id: 'console', role: 'admin', name: expect.stringContaining('(console)') },
      });
      const over = await admin().get('/keys').expect(200);
      expect(over.body).toHaveLength(keys.length);
      expect(JSON.stringify(over.body)).not.toMatch(/al_[0-9a-f]{12}_|"hash"/);
    });

    it('lets an admin issue, rotate and revoke keys over HTTP, each an event of the log naming the admin', async () => {
      const issued = await admin().post('/keys', { role: 'supervisor', name: 'Wang Fang', expires: '90d' });
      expect(issued.status).toBe(201);
      expect(issued.body).toMatchObject({ role: 'supervisor', name: 'Wang Fang', status: 'active' });
      expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);
      const { key, keyId } = issued.body as { key: string; keyId: string };
      const award = (bearer: string) =>
        api.http().post('/api/units').set('Authorization', `Bearer ${bearer}`);
      expect((await award(key).send({ unitId: 'sansheng', name: '三聖街道', kind: 'street' })).status).toBe(
        201,
      );

      const rotated = await api
        .http()
        .post(`/api/keys/${keyId}/rotation`)
        .set('Authorization', `Bearer ${api.keys.admin}`); // no body: every field is optional
      expect(rotated.status).toBe(201);
      expect(rotated.body.expiresAt).toBe(issued.body.expiresAt); // the expiry goes with the holder
      expect(rotated.body).toMatchObject({ name: 'Wang Fang', role: 'supervisor', replaces: keyId });
      expect(rotated.body.replaced).toMatchObject({
        keyId,
        status: 'revoked',
        replacedBy: rotated.body.keyId,
      });
      expect((await award(key).send({})).body.code).toBe('KEY_REVOKED');

      const withoutReason = await api
        .http()
        .delete(`/api/keys/${rotated.body.keyId}`)
        .set('Authorization', `Bearer ${api.keys.admin}`)
        .send({});
      expect(withoutReason.status).toBe(400);
      const revoked = await api
        .http()
        .delete(`/api/keys/${rotated.body.keyId}`)
        .set('Authorization', `Bearer ${api.keys.admin}`)
        .send({ reason: 'no longer supervises' });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ status: 'revoked', revocationReason: 'no longer supervises' });
      expect((await award(rotated.body.key).send({})).body.code).toBe('KEY_REVOKED');

      const log = (await as(api, 'auditor').get('/events?limit=1000')).body as {
        type: string;
        data: { keyId: string };
        metadata: { actor: { role: string; name?: string } };
      }[];
      const keyEvents = log.filter((event) => event.type.startsWith('Key'));
      expect(keyEvents.filter((event) => [keyId, rotated.body.keyId].includes(event.data.keyId))).toEqual([
        expect.objectContaining({
          type: 'KeyIssued',
          metadata: expect.objectContaining({
            actor: expect.objectContaining({ role: 'admin', name: 'admin under test' }),
          }),
        }),
        // A rotation revokes first, naming the successor, then issues it: two rotations never both win.
        expect.objectContaining({
          type: 'KeyRevoked',
          data: expect.objectContaining({ keyId, replacedBy: rotated.body.keyId }),
        }),
        expect.objectContaining({ type: 'KeyIssued', data: expect.objectContaining({ replaces: keyId }) }),
        expect.objectContaining({
          type: 'KeyRevoked',
          data: expect.objectContaining({ reason: 'no longer supervises' }),
        }),
      ]);
      expect(JSON.stringify(log)).not.toContain(key);
      expect((await as(api, 'auditor').get('/audit/verify')).body).toMatchObject({ ok: true });
    });

    it('issues one key under one Idempotency-Key: a retry records nothing and says the key was shown once', async () => {
      const once = { 'Idempotency-Key': `issue-${store.name}` };
      const first = await admin().post('/keys', { role: 'analyst', name: 'retried' }, once);
      expect(first.status).toBe(201);
      const again = await admin().post('/keys', { role: 'analyst', name: 'retried' }, once);
      expect({ status: again.status, code: again.body.code, keyId: again.body.details?.keyId }).toEqual({
        status: 409,
        code: 'KEY_ALREADY_ISSUED',
        keyId: first.body.keyId,
      });
      const other = await admin().post('/keys', { role: 'auditor', name: 'retried' }, once);
      expect({ status: other.status, code: other.body.code }).toEqual({
        status: 422,
        code: 'IDEMPOTENCY_KEY_REUSED',
      });
      const keys = (await admin().get('/keys')).body as { name: string }[];
      expect(keys.filter((key) => key.name === 'retried')).toHaveLength(1);
    });

    it('refuses a key once it expires', async () => {
      const expiresAt = new Date(Date.now() + 1500).toISOString();
      const issued = await admin().post('/keys', {
        role: 'analyst',
        name: 'short-lived',
        expires: expiresAt,
      });
      expect(issued.status).toBe(201);
      const key = issued.body.key as string;
      await api.http().get('/api/cycles/2007/scoreboard').set('Authorization', `Bearer ${key}`).expect(200);
      expect(await refusedWithin(api, key, 'KEY_EXPIRED', Date.parse(expiresAt), 1000)).toBeLessThanOrEqual(
        1000,
      );
    });

    it.each([
      [{ role: 'unit-leader', unitId: 'nowhere', name: 'x' }, 404, 'UNKNOWN_UNIT'],
      [{ role: 'unit-leader', name: 'x' }, 422, 'UNIT_REQUIRED'],
      [{ role: 'analyst', name: 'x', expires: 'yesterday' }, 422, 'INVALID_EXPIRY'],
      [{ role: 'analyst', name: 'x', expires: '2001-01-01T00:00:00Z' }, 422, 'INVALID_EXPIRY'],
      [{ role: 'mayor', name: 'x' }, 400, 'VALIDATION_FAILED'],
    ])('refuses to issue %j with %i %s', async (body, status, code) => {
      const response = await admin().post('/keys', body);
      expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    });

    it('answers 404 UNKNOWN_KEY for a key that does not exist', async () => {
      const response = await api
        .http()
        .delete('/api/keys/0123456789ab')
        .set('Authorization', `Bearer ${api.keys.admin}`)
        .send({ reason: 'x' });
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 404,
        code: 'UNKNOWN_KEY',
      });
    });

    it('shows who did what by name in the history', async () => {
      const supervisor = as(api, 'supervisor');
      await supervisor
        .post('/cycles/2007/items', { itemId: 'safety', title: 'Safety', track: '1' })
        .expect(201);
      await supervisor
        .post('/units', { unitId: 'niuwangmiao', name: '牛王廟街道', kind: 'street' })
        .expect(201);
      const awarded = await supervisor
        .post('/cycles/2007/units/niuwangmiao/awards', {
          itemId: 'safety',
          points: 2,
          reason: 'no accidents',
        })
        .expect(201);
      const history = await as(api, 'auditor')
        .get(`/cycles/2007/units/niuwangmiao/history?minPosition=${awarded.body.position}`)
        .expect(200);
      expect(history.body.at(-1).actor).toMatchObject({ role: 'supervisor', name: 'supervisor under test' });
      const table = ledger('history', '--year', '2007', '--unit', 'niuwangmiao');
      expect(table.stdout).toMatch(/supervisor under test\s/);
    });
  });
}
