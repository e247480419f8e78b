import {
  ApiUnderTest,
  Caller,
  SQLITE,
  STORES,
  as,
  eventually,
  issueLeaderKeys,
  startApi,
  wrongKeyFor,
} from '../support/api';
import { EventStreamClient, StreamEvent, openEventStream } from '../support/event-stream';
import { issueKeys } from '../support/keys';
import { runLedger, startServer } from '../support/ledger-process';

const positionOf = (event: StreamEvent) => BigInt((event as { data: { position: string } }).data.position);
const named = (name: string) => (event: StreamEvent) => 'event' in event && event.event === name;
const movedTo = (position: string) => (event: StreamEvent) =>
  named('moved')(event) && positionOf(event) >= BigInt(position);

/** GET /api/stream over HTTP against `ledger serve`, with a fetch reader as a page has. */
for (const store of STORES) {
  store.describe(`live pages on ${store.name}`, () => {
    let api: ApiUnderTest;
    const open: EventStreamClient[] = [];
    const follow = async (key: string) => {
      const client = await openEventStream(api.url(), key);
      open.push(client);
      return client;
    };
    const award = async (unitId: string, points = 1) => {
      const response = await as(api, 'supervisor').post(`/cycles/2007/units/${unitId}/awards`, {
        itemId: 'safety',
        points,
        reason: 'inspection passed',
      });
      expect(response.status).toBe(201);
      return response.body.position as string;
    };
    const streamClients = async () => {
      const metrics = (await as(api, 'auditor').get('/metrics').expect(200)).text;
      return Number(/^ledger_stream_clients (\d+)$/m.exec(metrics)?.[1]);
    };

    beforeAll(async () => {
      api = await startApi(store);
      const supervisor = as(api, 'supervisor');
      await supervisor.post('/cycles', { year: 2007 }).expect(201);
      await supervisor
        .post('/cycles/2007/items', { itemId: 'safety', title: '安全生產', track: '1' })
        .expect(201);
      for (const unitId of ['sansheng', 'niuwangmiao'])
        await supervisor.post('/units', { unitId, name: unitId, kind: 'street' }).expect(201);
      await issueLeaderKeys(api);
    }, 60_000);
    afterEach(() => {
      for (const client of open.splice(0)) client.close();
    });
    afterAll(() => api?.close());

    it('tells an analyst the log moved within 2 s of an award, and a scoreboard read then shows it', async () => {
      const stream = await follow(api.keys.analyst);
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(stream.headers.get('cache-control')).toBe('no-cache');
      expect(stream.headers.get('x-accel-buffering')).toBe('no');
      expect(stream.headers.get('x-content-type-options')).toBe('nosniff'); // the security headers still apply
      expect(stream.headers.get('content-encoding')).toBeNull();
      const hello = await stream.next();
      expect(hello).toEqual({ event: 'hello', data: { position: expect.stringMatching(/^\d+$/) } });

      const before = (await as(api, 'analyst').get('/cycles/2007/scoreboard').expect(200)).body;
      const position = await award('sansheng', 2);
      const sent = Date.now();
      const moved = await stream.next(movedTo(position), 2000);
      expect(Date.now() - sent).toBeLessThan(2000);
      expect(positionOf(moved)).toBeGreaterThan(positionOf(hello));
      const after = (await as(api, 'analyst').get('/cycles/2007/scoreboard').expect(200)).body;
      const total = (board: { unitId: string; total: number }[]) =>
        board.find((row) => row.unitId === 'sansheng')!.total;
      expect(total(after)).toBe(total(before) + 2);
    });

    it('sends a burst of awards as a few events, the last naming the last award', async () => {
      const stream = await follow(api.keys.supervisor);
      await stream.next(named('hello'));
      const started = Date.now();
      const positions = await Promise.all(
        Array.from({ length: 30 }, (_, i) => award(i % 2 ? 'sansheng' : 'niuwangmiao')),
      );
      const last = positions.reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));
      await stream.next(movedTo(last), 2000);
      const took = Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 500)); // nothing more should come
      const moves = stream.received.filter(named('moved'));
      expect(positionOf(moves.at(-1)!)).toBe(BigInt(last));
      expect(moves.length).toBeLessThanOrEqual(Math.ceil(took / 100) + 1); // at most one per 200 ms, and then some
      const gaps = moves.map(positionOf).slice(1);
      expect(gaps.every((p, i) => p > positionOf(moves[i]!))).toBe(true);
    });

    it('refuses without a valid key as every route does: 401 with the code', async () => {
      for (const [key, code] of [
        [undefined, 'UNAUTHENTICATED'],
        [wrongKeyFor(api.keys.analyst), 'UNAUTHENTICATED'],
        ['not-a-key', 'UNAUTHENTICATED'],
      ] as const) {
        const refused = await openEventStream(api.url(), key);
        expect({ status: refused.status, body: refused.body }).toEqual({
          status: 401,
          body: { statusCode: 401, code, message: expect.any(String) },
        });
        expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
      }
    });

    it.each<Caller>([
      'admin',
      'supervisor',
      'reviewer',
      'unit-leader',
      'other-unit-leader',
      'auditor',
      'analyst',
    ])('lets the %s key follow it', async (caller) => {
      const stream = await follow(api.keys[caller]);
      expect(stream.status).toBe(200);
      expect(await stream.next()).toMatchObject({ event: 'hello' });
    });

    it('ends with the refusal once an admin revokes the key, and refuses it afterwards', async () => {
      const issued = await as(api, 'admin')
        .post('/keys', { role: 'analyst', name: 'leaving soon' })
        .expect(201);
      const stream = await follow(issued.body.key);
      await stream.next(named('hello'));
      await api
        .http()
        .delete(`/api/keys/${issued.body.keyId}`)
        .set('Authorization', `Bearer ${api.keys.admin}`)
        .send({ reason: 'left the office' })
        .expect(200);
      const refused = await stream.next(named('refused'), 2000);
      expect(refused).toEqual({
        event: 'refused',
        data: { statusCode: 401, code: 'KEY_REVOKED', message: expect.stringContaining('revoked') },
      });
      await stream.ended(1000);
      const again = await openEventStream(api.url(), issued.body.key);
      expect({ status: again.status, code: (again.body as { code: string }).code }).toEqual({
        status: 401,
        code: 'KEY_REVOKED',
      });
    });

    it('ends within 2 s when `ledger keys revoke` revokes the key in another process', async () => {
      const [key] = await issueKeys(api.env, [{ role: 'auditor', name: 'elsewhere' }]);
      const stream = await follow(key);
      await stream.next(named('hello'));
      const revoked = runLedger(['keys', 'revoke', key.slice(3, 15), '--reason', 'left'], api.env);
      expect(revoked.status).toBe(0);
      const at = Date.now();
      await stream.next(named('refused'), 2000);
      await stream.ended(1000);
      expect(Date.now() - at).toBeLessThan(2000);
    });

    it('ends at the key’s expiry', async () => {
      const expires = new Date(Date.now() + 1500).toISOString();
      const issued = await as(api, 'admin')
        .post('/keys', { role: 'reviewer', name: 'brief', expires })
        .expect(201);
      const stream = await follow(issued.body.key);
      await stream.next(named('hello'));
      const refused = await stream.next(named('refused'), 3000);
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expires));
      expect(refused).toMatchObject({ data: { statusCode: 401, code: 'KEY_EXPIRED' } });
      await stream.ended(1000);
    });

    it('lets go of each client’s listener when it hangs up', async () => {
      await eventually(async () => expect(await streamClients()).toBe(0));
      const clients = await Promise.all(Array.from({ length: 5 }, () => follow(api.keys.analyst)));
      await Promise.all(clients.map((client) => client.next(named('hello'))));
      expect(await streamClients()).toBe(5);
      for (const client of clients.slice(0, 3)) client.close();
      await eventually(async () => expect(await streamClients()).toBe(2));
      await award('sansheng'); // the two left still hear of it
      for (const client of clients.slice(3)) await client.next(named('moved'), 2000);
      for (const client of clients.slice(3)) client.close();
      await eventually(async () => expect(await streamClients()).toBe(0));
    });
  });
}

describe('a server stopping while clients follow the log', () => {
  it('ends their streams and exits 0 at once instead of waiting them out', async () => {
    const { env, dispose } = await SQLITE.create();
    try {
      const [key] = await issueKeys(env, [{ role: 'analyst', name: 'watching' }]);
      const server = await startServer(env);
      const streams = await Promise.all([openEventStream(server.url, key), openEventStream(server.url, key)]);
      for (const stream of streams) await stream.next(named('hello'));
      const exited = new Promise<number | null>((resolve) => server.process.once('exit', resolve));
      const stopped = Date.now();
      server.process.kill('SIGTERM');
      await Promise.all(streams.map((stream) => stream.ended(3000)));
      expect(await exited).toBe(0);
      expect(Date.now() - stopped).toBeLessThan(3000);
      expect(server.output()).not.toContain('cutting off');
    } finally {
      await dispose();
    }
  });
});
