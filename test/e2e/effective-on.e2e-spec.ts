import { runLedger } from '../support/ledger-process';
import { ApiUnderTest, STORES, as, startApi } from '../support/api';

type Row = { unitId: string; total: number; regularScore: number; keyScore: number; rank: number };

/** The appraisal as it stood on a day of 2007 (business dates), on the demo, which records its year with 2007 dates. */
for (const store of STORES) {
  store.describe(`the board by business date on ${store.name}`, () => {
    let api: ApiUnderTest;
    const analyst = () => as(api, 'analyst');
    const board = async (query = '') =>
      (await analyst().get(`/cycles/2007/scoreboard${query}`).expect(200)).body as Row[];

    beforeAll(async () => {
      api = await startApi(store);
      expect(runLedger(['demo'], api.env).status).toBe(0);
    }, 120_000);
    afterAll(() => api?.close());

    it('on the last day of the year is the board as recorded', async () => {
      expect(await board('?effectiveOn=2007-12-31')).toEqual(await board());
    });

    it('on New Year’s Day, before any entry took effect, gives every unit its base score', async () => {
      const rows = await board('?effectiveOn=2007-01-01');
      expect(rows.length).toBe((await board()).length);
      expect(rows.every((row) => row.total === 100 && row.keyScore === 0)).toBe(true);
    });

    it('at mid-year answers between the two, the same for the unit score and the accountability', async () => {
      const midYear = await board('?effectiveOn=2007-06-30');
      const yearEnd = await board();
      const sum = (rows: Row[]) => rows.reduce((total, row) => total + row.regularScore, 0);
      expect(sum(midYear)).toBeGreaterThan(sum(await board('?effectiveOn=2007-01-01')));
      expect(sum(midYear)).toBeLessThan(sum(yearEnd));
      const sansheng = midYear.find((row) => row.unitId === 'sansheng')!;
      const score = (
        await analyst().get('/cycles/2007/units/sansheng/score?effectiveOn=2007-06-30').expect(200)
      ).body as Row;
      expect(score.total).toBe(sansheng.total);
      // The panel's ruling and the case it opened take effect at the year's end: nobody is accountable at mid-year.
      const leaders = (await analyst().get('/cycles/2007/accountability?effectiveOn=2007-06-30').expect(200))
        .body as {
        status: string;
      }[];
      expect(leaders.every((leader) => leader.status === 'clear')).toBe(true);
      const now = (await analyst().get('/cycles/2007/accountability').expect(200)).body as {
        status: string;
      }[];
      expect(now.some((leader) => leader.status !== 'clear')).toBe(true);
    });

    it('as known at an earlier position: what the ledger knew then, on that day', async () => {
      const log = (await as(api, 'auditor').get('/events?limit=1000').expect(200)).body as {
        type: string;
        position: string;
      }[];
      const firstAward = log.find((event) => event.type === 'PointsAwarded')!;
      const early = await board(`?atPosition=${firstAward.position}&effectiveOn=2007-12-31`);
      expect(early).toEqual(await board(`?atPosition=${firstAward.position}`));
    });

    it('answers the same from the command line: ledger board --effective-on', async () => {
      const printed = runLedger(
        ['board', '--year', '2007', '--effective-on', '2007-06-30', '--json'],
        api.env,
      );
      expect(printed.status).toBe(0);
      const answer = JSON.parse(printed.stdout) as { effectiveOn: string; scoreboard: Row[] };
      expect(answer.effectiveOn).toBe('2007-06-30');
      expect(answer.scoreboard).toEqual(await board('?effectiveOn=2007-06-30'));
      const table = runLedger(['board', '--year', '2007', '--effective-on', '2007-06-30'], api.env);
      expect(table.stdout).toContain('on 2007-06-30, as known now');
      const refused = runLedger(['board', '--year', '2007', '--effective-on', '30.6.2007'], api.env);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('give a day such as 2007-06-30');
    });

    it('says who moved between June and December and why, from the API and the command line', async () => {
      type Moved = {
        unitId: string;
        before: { total: number; rank: number } | null;
        after: { total: number; rank: number } | null;
        events: { eventId: string; points: number | null }[];
      };
      const changes = (
        await analyst()
          .get('/cycles/2007/changes?effectiveFrom=2007-06-30&effectiveTo=2007-12-31')
          .expect(200)
      ).body as { effectiveFrom: string; effectiveTo: string; units: Moved[] };
      expect(changes).toMatchObject({ effectiveFrom: '2007-06-30', effectiveTo: '2007-12-31' });
      const [june, december] = [
        await board('?effectiveOn=2007-06-30'),
        await board('?effectiveOn=2007-12-31'),
      ];
      const moved = december.filter((row) => {
        const before = june.find((earlier) => earlier.unitId === row.unitId)!;
        return before.total !== row.total || before.rank !== row.rank;
      });
      expect(changes.units.map((unit) => unit.unitId).sort()).toEqual(moved.map((row) => row.unitId).sort());
      expect(moved.length).toBeGreaterThan(0);
      for (const unit of changes.units) {
        const before = june.find((row) => row.unitId === unit.unitId)!;
        const after = december.find((row) => row.unitId === unit.unitId)!;
        expect(unit).toMatchObject({
          before: { total: before.total, rank: before.rank },
          after: { total: after.total, rank: after.rank },
        });
      }
      // The why: every entry listed takes effect after 30 June (the demo dates each one), and a
      // reversal listed takes back such an entry.
      const log = (await as(api, 'auditor').get('/events?limit=1000').expect(200)).body as {
        id: string;
        type: string;
        data: { effectiveOn?: string; entryId?: string };
      }[];
      const dayOf = (eventId: string): string => {
        const event = log.find((logged) => logged.id === eventId)!;
        if (event.type !== 'EntryReversed') return event.data.effectiveOn!;
        return log.find(
          (logged) => logged.type !== 'EntryReversed' && logged.data.entryId === event.data.entryId,
        )!.data.effectiveOn!;
      };
      const listed = changes.units.flatMap((unit) => unit.events.filter((event) => event.points !== null));
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.filter((event) => dayOf(event.eventId) <= '2007-06-30')).toEqual([]);
      const printed = runLedger(
        [
          'changes',
          '--year',
          '2007',
          '--effective-from',
          '2007-06-30',
          '--effective-to',
          '2007-12-31',
          '--json',
        ],
        api.env,
      );
      expect(printed.status).toBe(0);
      expect(JSON.parse(printed.stdout)).toEqual(changes);
      const reversed = await analyst().get(
        '/cycles/2007/changes?effectiveFrom=2007-12-31&effectiveTo=2007-06-30',
      );
      expect({ status: reversed.status, code: reversed.body.code }).toEqual({
        status: 400,
        code: 'REVERSED_BOUNDS',
      });
      const notADay = await analyst().get('/cycles/2007/changes?effectiveFrom=June');
      expect({ status: notADay.status, code: notADay.body.code }).toEqual({
        status: 400,
        code: 'INVALID_DATE',
      });
    });

    it.each(['2007-6-30', '2007-02-30', 'midsummer'])(
      'refuses effectiveOn=%s with 400 INVALID_DATE',
      async (day) => {
        const response = await analyst().get(`/cycles/2007/scoreboard?effectiveOn=${day}`);
        expect({ status: response.status, code: response.body.code }).toEqual({
          status: 400,
          code: 'INVALID_DATE',
        });
      },
    );
  });
}
