import { ApiUnderTest, SQLITE, as, eventually, startApi, wholeLog } from '../support/api';

/** Entries, metrics, rulings, target changes and sanctions name the day of the appraisal year they take effect (docs/domain.md). */
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
    await supervisor.post('/units/sansheng/leader', { leaderId: 'li-ming', name: '李明' }).expect(201);
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

  it('changes a target from the day named: the items of a day before it show the old threshold', async () => {
    await as(api, 'supervisor')
      .post('/cycles/2007/items/services/targets/growth', {
        threshold: 18,
        reason: 'raised for the second half',
        effectiveOn: '2007-07-01',
      })
      .expect(201);
    const thresholdOn = async (day: string) => {
      const items = await as(api, 'analyst')
        .get(`/cycles/2007/units/sansheng/items?effectiveOn=${day}`)
        .expect(200);
      return (items.body as { itemId: string; targets: { threshold: number }[] }[]).find(
        (item) => item.itemId === 'services',
      )!.targets[0]!.threshold;
    };
    expect(await thresholdOn('2007-06-30')).toBe(15);
    expect(await thresholdOn('2007-07-01')).toBe(18);
  });

  it('imposes a sanction from the day named: the cases of a day before it show the case still open', async () => {
    await post('/rulings', {
      itemId: 'services',
      met: false,
      basis: 'growth short',
      effectiveOn: '2007-09-01',
    }).expect(201);
    const [opened] = await eventually(async () => {
      const cases = (await as(api, 'analyst').get('/cycles/2007/cases').expect(200)).body as {
        caseId: string;
      }[];
      expect(cases).toHaveLength(1);
      return cases;
    });
    const refused = await as(api, 'supervisor').post(`/cases/${opened!.caseId}/sanction`, {
      sanction: 'written-self-examination',
      reason: 'growth short',
      effectiveOn: '2008-01-01',
    });
    expect(refused.status).toBe(422);
    await as(api, 'supervisor')
      .post(`/cases/${opened!.caseId}/sanction`, {
        sanction: 'written-self-examination',
        reason: 'growth short',
        effectiveOn: '2007-10-15',
      })
      .expect(201);
    const statusOn = async (day: string) =>
      (
        (await as(api, 'analyst').get(`/cycles/2007/cases?effectiveOn=${day}`).expect(200)).body as {
          status: string;
        }[]
      ).map((found) => found.status);
    expect(await statusOn('2007-08-31')).toEqual([]);
    expect(await statusOn('2007-10-14')).toEqual(['open']);
    expect(await statusOn('2007-10-15')).toEqual(['sanctioned']);
  });
});
