import request from 'supertest';
import { issueKeys } from '../support/keys';
import { POSTGRES } from '../support/api';
import { RunningServer, startServer } from '../support/ledger-process';
import { TcpProxy, startTcpProxy } from '../support/tcp-proxy';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The network to PostgreSQL silently drops everything (no reset, no close): commands must not
 * hang, but answer 503 STORE_UNAVAILABLE once the query timeout passes, and recover by
 * themselves when the network comes back, recording nothing twice.
 */
POSTGRES.describe('a silent network cut between the server and PostgreSQL', () => {
  let proxy: TcpProxy;
  let server: RunningServer;
  let dispose: () => Promise<void>;
  let supervisor: string;
  const award = (key: string) =>
    request(server.url)
      .post('/api/cycles/2007/units/sansheng/awards')
      .set('Authorization', `Bearer ${supervisor}`)
      .set('Idempotency-Key', key)
      .send({ itemId: 'services', points: 1, reason: 'done' });

  beforeAll(async () => {
    const store = await POSTGRES.create();
    dispose = store.dispose;
    const direct = new URL(store.env.DATABASE_URL!);
    proxy = await startTcpProxy(direct.hostname, Number(direct.port || 5432));
    const viaProxy = new URL(direct);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const env = { ...store.env, DATABASE_URL: viaProxy.toString() };
    [supervisor] = await issueKeys(env, [{ role: 'supervisor', name: 'cut' }]);
    server = await startServer(env);
    const post = (path: string, body: object) =>
      request(server.url)
        .post(`/api${path}`)
        .set('Authorization', `Bearer ${supervisor}`)
        .send(body)
        .expect(201);
    await post('/cycles', { year: 2007 });
    await post('/cycles/2007/items', { itemId: 'services', title: 'Services', track: 'X' });
    await post('/units', { unitId: 'sansheng', name: '三聖街道', kind: 'street' });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await dispose?.();
  });

  it('answers 503 within the query timeout instead of hanging, then recovers by itself', async () => {
    expect((await award('before')).status).toBe(201);
    proxy.cut();
    const cutAt = Date.now();
    const during = await award('during');
    const waited = Date.now() - cutAt;
    expect(during.status).toBe(503);
    expect(during.body.code).toBe('STORE_UNAVAILABLE');
    expect(during.headers['retry-after']).toBe('5');
    expect(waited).toBeLessThan(15_000);
    const health = await request(server.url).get('/api/health');
    expect(health.status).toBe(503);

    proxy.mend();
    const mendedAt = Date.now();
    let retried = await award('during');
    while (retried.status !== 201 && Date.now() - mendedAt < 15_000) {
      await sleep(200);
      retried = await award('during');
    }
    expect(retried.status).toBe(201);
    console.log(
      `network cut: a command answered 503 after ${waited} ms; commands recovered ${Date.now() - mendedAt} ms after the network did`,
    );
    // The retry under the same key recorded the award once, whether or not the cut one had committed.
    expect((await award('during')).body).toEqual(retried.body);
    expect(server.process.exitCode).toBeNull();
  }, 60_000);
});
