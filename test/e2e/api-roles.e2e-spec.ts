import { ApiUnderTest, Caller, SQLITE, as, issueLeaderKeys, startApi, wrongKeyFor } from '../support/api';
import { COMMAND_ROUTES, KEY_ROUTES, QUERY_ROUTES, RouteSpec } from '../support/routes';

const CALLERS: Caller[] = [
  'admin',
  'supervisor',
  'reviewer',
  'unit-leader',
  'other-unit-leader',
  'auditor',
  'analyst',
];

/** Every route x every role: 401 without a valid key, 403 for a role docs/api.md does not name, through otherwise. */
describe('the role matrix', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi(SQLITE);
    for (const unitId of ['sansheng', 'niuwangmiao'])
      await as(api, 'supervisor').post('/units', { unitId, name: unitId, kind: 'street' }).expect(201);
    await issueLeaderKeys(api);
  });
  afterAll(() => api?.close());

  const send = (route: RouteSpec, authorization?: string) => {
    const call = api.http()[route.method](`/api${route.path}`);
    if (authorization) call.set('Authorization', authorization);
    return route.method === 'get' ? call : call.send(route.body ?? {});
  };

  const routes = [...COMMAND_ROUTES, ...QUERY_ROUTES, ...KEY_ROUTES];

  it.each(routes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))(
    '%s',
    async (_, route) => {
      const answers: Record<string, number> = {};
      answers['no key'] = (await send(route)).status;
      answers['not a key'] = (
        await send(route, 'Bearer al_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
      ).status;
      answers['wrong scheme'] = (await send(route, `Basic ${api.keys.admin}`)).status;
      for (const caller of CALLERS)
        answers[caller] = (await send(route, `Bearer ${api.keys[caller]}`)).status;

      const expected: Record<string, string> = { 'no key': '401', 'not a key': '401', 'wrong scheme': '401' };
      for (const caller of CALLERS) {
        const may = caller === 'admin' || route.roles.includes(caller);
        expected[caller] = may ? 'allowed' : '403';
      }
      const seen = Object.fromEntries(
        Object.entries(answers).map(([caller, status]) => [
          caller,
          status === 401 || status === 403 ? String(status) : 'allowed',
        ]),
      );
      expect(seen).toEqual(expected);
      expect(Object.values(answers).every((status) => status < 500)).toBe(true);
    },
  );

  it.each([
    ['bearer <key>', (key: string) => `bearer ${key}`, 200],
    ['BEARER  <key>', (key: string) => `BEARER  ${key}`, 200],
    ['Bearer <key> and more', (key: string) => `Bearer ${key} extra`, 401],
    ['Bearer<key>', (key: string) => `Bearer${key}`, 401],
  ])('reads the scheme of %s case-insensitively and the key as one token', async (_, header, status) => {
    const response = await api.http().get('/api/projections').set('Authorization', header(api.keys.auditor));
    expect(response.status).toBe(status);
  });

  it('answers health without a key', async () => {
    expect((await api.http().get('/api/health')).status).toBe(200);
  });

  it('makes a wrong key that is wrong whatever the real one ends with (1 key in 64 ends with x)', () => {
    const endings = ['x', 'y', 'A', '_', '-'];
    for (const last of endings) {
      const key = `al_0123456789ab_${'A'.repeat(31)}${last}`;
      expect(wrongKeyFor(key)).not.toBe(key);
      expect(wrongKeyFor(key)).toMatch(/^al_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
    }
  });

  it('refuses in the shape of docs/api.md', async () => {
    const response = await api
      .http()
      .get('/api/cycles/2007/scoreboard')
      .set('Authorization', `Bearer ${wrongKeyFor(api.keys.analyst)}`);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: expect.any(String) });
    const forbidden = await api.http().get('/api/events').set('Authorization', `Bearer ${api.keys.analyst}`);
    expect(forbidden.body).toEqual({
      statusCode: 403,
      code: 'FORBIDDEN',
      message: 'The analyst role may not do this; it is for admin, auditor.',
    });
  });
});
