import { ApiUnderTest, SQLITE, as, startApi } from '../support/api';
import { COMMAND_ROUTES } from '../support/routes';

const WRONG_TYPES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  'text',
  '',
  true,
  [],
  {},
  [1, 2],
  { nested: { deeper: [null] } },
];
const HUGE = 'x'.repeat(20_000);

/** A body with one field missing, of a wrong type, or far too long, for every field (nested ones too). */
const brokenBodies = (
  body: Record<string, unknown>,
  optional: string[] = [],
  prefix = '',
): [string, unknown][] =>
  Object.entries(body).flatMap(([field, value]) => {
    const name = `${prefix}${field}`;
    const mayBeAbsent = optional.includes(name);
    const without = { ...body };
    delete without[field];
    const cases: [string, unknown][] = mayBeAbsent ? [] : [[`without ${name}`, without]];
    for (const wrong of WRONG_TYPES) {
      if (typeof wrong === typeof value && Array.isArray(wrong) === Array.isArray(value)) continue;
      if (wrong === null && mayBeAbsent) continue;
      cases.push([`${name} = ${JSON.stringify(wrong)}`, { ...body, [field]: wrong }]);
    }
    if (typeof value === 'string') cases.push([`${name} of 20,000 characters`, { ...body, [field]: HUGE }]);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [label, inner] of brokenBodies(value as Record<string, unknown>, optional, `${name}.`)) {
        cases.push([label, { ...body, [field]: inner }]);
      }
    }
    return cases.filter(([, candidate]) => JSON.stringify(candidate) !== JSON.stringify(body));
  });

/**
 * Malformed input on every command route: wrong types, missing fields, huge strings, unknown
 * fields, bodies that are not JSON objects or not JSON at all. Never a 5xx, never an event.
 */
describe('malformed commands', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi(SQLITE);
    const supervisor = as(api, 'supervisor');
    // A cycle, a unit and items exist, so that only the malformation can be refused.
    await supervisor.post('/cycles', { year: 2007 });
    await supervisor.post('/units', { unitId: 'sansheng', name: '三聖', kind: 'street' });
    await supervisor.post('/cycles/2007/items', { itemId: 'safety', title: 'Safety', track: '1' });
    await supervisor.post('/cycles/2007/items', {
      itemId: 'services',
      title: 'Services',
      track: 'X',
      targets: [{ metric: 'growth', comparator: '>=', threshold: 15, unit: '%' }],
    });
  });
  afterAll(() => api?.close());

  const logLength = async () => (await as(api, 'auditor').get('/audit/verify')).body.eventsChecked as number;

  it.each(
    COMMAND_ROUTES.filter((route) => route.body && Object.keys(route.body).length > 0).map(
      (route) => [route.path, route] as const,
    ),
  )('POST %s refuses every broken body with a 400 and records nothing', async (_, route) => {
    const before = await logLength();
    const bodies: [string, unknown][] = [
      ...brokenBodies(route.body!, route.optional),
      ['an unknown field', { ...route.body, sneaky: 'extra' }],
      ['an array', [route.body]],
      ['a number', 42],
      ['null', null],
    ];
    const answers: string[] = [];
    for (const [label, body] of bodies) {
      const response = await api
        .http()
        .post(`/api${route.path}`)
        .set('Authorization', `Bearer ${api.keys.admin}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      const ok =
        response.status >= 400 &&
        response.status < 500 &&
        typeof response.body.code === 'string' &&
        typeof response.body.message === 'string';
      if (!ok) answers.push(`${label}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    expect(answers).toEqual([]);
    expect(await logLength()).toBe(before);
  });

  it.each(
    COMMAND_ROUTES.flatMap((route) =>
      Object.keys(route.body ?? {})
        .filter((field) => !route.optional?.includes(field))
        .map((field) => [`${route.path} without ${field}`, route, field] as const),
    ),
  )('says first that a required field is required: POST %s', async (_, route, field) => {
    const body = { ...route.body };
    delete body[field];
    const response = await as(api, 'admin').post(route.path, body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: `The request is not valid: ${field} is required.`,
      details: [{ field, problems: [`${field} is required`] }],
    });
  });

  it('says a required field of a nested object is required, naming its path', async () => {
    const response = await as(api, 'admin').post('/cycles/2007/items', {
      itemId: 'roads',
      title: 'Roads',
      track: '1',
      targets: [{ comparator: '>=', threshold: 10, unit: 'km' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('The request is not valid: targets.0.metric is required.');
  });

  // Raw JSON: an object literal in JavaScript would not keep a __proto__ key to send.
  it.each([
    ['/cycles', '{"year": 2008, "__proto__": {"regularCap": 1}}', '__proto__'],
    ['/cycles', '{"year": 2008, "constructor": {"name": "x"}}', 'constructor'],
    ['/cycles', '{"year": 2008, "prototype": 1}', 'prototype'],
    ['/cycles', '{"year": 2008, "toString": "x"}', 'toString'],
    [
      '/cycles',
      '{"year": 2008, "policy": {"regularCap": 130, "__proto__": {"baseScore": 1}}}',
      'policy.__proto__',
    ],
    ['/cycles', '{"year": 2008, "policy": {"constructor": 1}}', 'policy.constructor'],
    [
      '/cycles',
      '{"year": 2008, "policy": {"sanctionLadder": [{"name": "warning", "withheldPct": 10, "hasOwnProperty": 1}]}}',
      'policy.sanctionLadder.0.hasOwnProperty',
    ],
    [
      '/cycles/2007/items',
      '{"itemId": "roads", "title": "Roads", "track": "1", "targets": [{"metric": "km", "comparator": ">=", "threshold": 10, "unit": "km", "__proto__": {}}]}',
      'targets.0.__proto__',
    ],
  ])('refuses a field the validation would otherwise drop unseen: POST %s %s', async (path, raw, field) => {
    const before = await logLength();
    const response = await api
      .http()
      .post(`/api${path}`)
      .set('Authorization', `Bearer ${api.keys.admin}`)
      .set('Content-Type', 'application/json')
      .send(raw);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field, problems: [`property ${field.split('.').pop()} should not exist`] }],
    });
    expect(await logLength()).toBe(before);
  });

  it.each([
    ['not JSON at all', '{"year": 2007,'],
    ['a JSON string', '"2007"'],
    [
      'a body over the size limit',
      JSON.stringify({
        year: 2007,
        policy: { sanctionLadder: [{ name: 'x'.repeat(2_000_000), withheldPct: 1 }] },
      }),
    ],
    ['a deeply nested body', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
  ])('answers %s with a 4xx in the shape of docs/api.md', async (_, raw) => {
    const before = await logLength();
    const response = await api
      .http()
      .post('/api/cycles')
      .set('Authorization', `Bearer ${api.keys.admin}`)
      .set('Content-Type', 'application/json')
      .send(raw);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body).toEqual(
      expect.objectContaining({
        statusCode: response.status,
        code: expect.any(String),
        message: expect.any(String),
      }),
    );
    expect(await logLength()).toBe(before);
  });

  it.each([
    ['a year that is not a year', '/cycles/20x7/close'],
    ['an id that is not a slug', '/cycles/2007/units/San%20Sheng/awards'],
    ['an unknown route', '/cycles/2007/nothing-here'],
  ])('answers %s with a 4xx', async (_, path) => {
    const response = await as(api, 'admin').post(path, { reason: 'x' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body.code).toEqual(expect.any(String));
  });
});
