import { ApiUnderTest, SQLITE, as, startApi, wholeLog } from '../support/api';

/** Entries, metrics and rulings name the day of the appraisal year they take effect (docs/domain.md). */
describe('business dates over HTTP', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi(SQLITE);
    const supervisor = as(api, 'supervisor');
    await supervisor.post('/cycles', { year: 2007 }).expect(201);
    await supervisor
      .post('/cycles/2007/items', {
        itemId: 'services',
        title: 'Services',
        track: 'X',
        targets: [{ metric: 'growth', comparator: '>=', threshold: 15, unit: '%' }],
      })
      .expect(201);
    await supervisor.post('/units', { unitId: 'sansheng', name: '三聖街道', kind: 'street' }).expect(201);
  }, 60_000);
  afterAll(() => api?.close());

  const post = (path: string, body: object) =>
    as(api, 'supervisor').post(`/cycles/2007/units/sansheng${path}`, body);

  it('records the day an award, a metric and a ruling take effect, as named', async () => {
    await post('/awards', {
      itemId: 'services',
      points: 10,
      reason: 'mid-year',
      effectiveOn: '2007-06-30',
    }).expect(201);
    await post('/metrics', {
      itemId: 'services',
      metric: 'growth',
      value: 16,
      effectiveOn: '2007-07-31',
    }).expect(201);
    await post('/rulings', {
      itemId: 'services',
      met: true,
      basis: 'inspected',
      effectiveOn: '2007-12-01',
    }).expect(201);
    const log = await wholeLog(api);
    const dated = log.filter((event) =>
      ['PointsAwarded', 'MetricReported', 'BasicRequirementRuled'].includes(event.type),
    );
    expect(
      dated.map((event) => (event as unknown as { data: { effectiveOn?: string } }).data.effectiveOn),
    ).toEqual(['2007-06-30', '2007-07-31', '2007-12-01']);
  });

  it.each(['2008-01-01', '2007-02-29', 'June 30'])(
    'refuses %j with 422 INVALID_EFFECTIVE_DATE, recording nothing',
    async (effectiveOn) => {
      const before = (await wholeLog(api)).length;
      const response = await post('/awards', { itemId: 'services', points: 1, reason: 'x', effectiveOn });
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 422,
        code: 'INVALID_EFFECTIVE_DATE',
      });
      expect((await wholeLog(api)).length).toBe(before);
    },
  );

  it('refuses an effective date that is not a string with 400', async () => {
    const response = await post('/awards', {
      itemId: 'services',
      points: 1,
      reason: 'x',
      effectiveOn: 20070630,
    });
    expect({ status: response.status, code: response.body.code }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });
});
