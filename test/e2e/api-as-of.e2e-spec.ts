import { ApiUnderTest, STORES, as, eventually, startApi, wholeLog } from '../support/api';
import { runLedger } from '../support/ledger-process';

const PANEL = 'urban-management-2007';

/** Every query that answers about the 2007 cycle, with the cases it names; each is asked again in the past. */
const cycleQueries = (caseIds: string[]) => [
  '/cycles/2007/scoreboard',
  '/cycles/2007/scoreboard?kind=street',
  '/cycles/2007/accountability',
  '/cycles/2007/cases',
  ...caseIds.map((caseId) => `/cases/${caseId}`),
  '/cycles/2007/disputes',
  `/cycles/2007/panels/${PANEL}`,
  '/cycles/2007/units/sansheng/items',
  '/cycles/2007/units/sansheng/score',
  '/cycles/2007/units/shuyuan/score',
];

const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

interface Recorded {
  step: string;
  position: string;
  instant: string;
  answers: Map<string, { status: number; body: unknown }>;
}

for (const store of STORES) {
  store.describe(`every cycle query as it stood then, over ${store.name}`, () => {
    let api: ApiUnderTest;
    let analyst: ReturnType<typeof as>;
    const recorded: Recorded[] = [];
    let caseIds: string[] = [];

    /** What the read models answer now that they include the head, with the head's position and instant. */
    const record = async (step: string) => {
      const log = await wholeLog(api);
      const head = log.at(-1)! as unknown as { position: string; recordedAt: string };
      const answers = new Map<string, { status: number; body: unknown }>();
      for (const path of cycleQueries(caseIds)) {
        const response = await analyst.get(withQuery(path, `minPosition=${head.position}`));
        answers.set(path, { status: response.status, body: response.body });
      }
      recorded.push({ step, position: head.position, instant: head.recordedAt, answers });
      // The next step's events are recorded later than this instant, so asOf it names this step alone.
      await new Promise((resolve) => setTimeout(resolve, 15));
    };

    beforeAll(async () => {
      api = await startApi(store);
      analyst = as(api, 'analyst');
      const supervisor = as(api, 'supervisor');
      const loaded = runLedger(['demo'], api.env, 120_000);
      expect({ status: loaded.status, stderr: loaded.stderr }).toMatchObject({ status: 0 });
      const command = async (path: string, body: object) => {
        const response = await supervisor.post(path, body);
        expect({ path, status: response.status, body: response.body }).toMatchObject({ status: 201 });
        return response.body as { position: string };
      };
      const cases = async () =>
        ((await analyst.get('/cycles/2007/cases')).body as { caseId: string }[]).map((c) => c.caseId);
      caseIds = await eventually(async () => {
        const found = await cases();
        expect(found.length).toBeGreaterThan(0);
        return found;
      });
      await record('after the demo');
      await command('/cycles/2007/units/shuyuan/awards', {
        itemId: 'party-building',
        points: 1.5,
        reason: 'a model branch',
      });
      await record('an award');
      await command('/cycles/2007/units/chunxilu/deductions', {
        itemId: 'work-safety',
        points: 2,
        reason: 'a fire on a building site',
      });
      await record('a deduction');
      // An unmet key item opens a case (a reaction), then it is sanctioned.
      await command('/cycles/2007/units/shuyuan/rulings', {
        itemId: 'modern-services',
        met: false,
        basis: 'value added grew 9 %, not 15 %',
      });
      caseIds = await eventually(async () => {
        const found = await cases();
        expect(found.length).toBe(caseIds.length + 1);
        return found;
      });
      await record('a ruling and its case');
      const opened = caseIds.at(-1)!;
      await command(`/cases/${opened}/sanction`, {
        sanction: 'written-self-examination',
        reason: 'value added below target',
      });
      await record('a sanction');
      await command('/cycles/2007/policy', { changes: { regularCap: 115 }, reason: 'the cap lowered' });
      await record('a lower cap');
    }, 240_000);
    afterAll(() => api?.close());

    it('answers every cycle query at each recorded position (atPosition) and instant (asOf) as the read models did then', async () => {
      // The steps changed the answers: comparing them proves something.
      const states = recorded.map((r) => JSON.stringify([...r.answers]));
      expect(new Set(states).size).toBe(recorded.length);
      for (const then of recorded) {
        for (const [path, answered] of then.answers) {
          const queries = [`atPosition=${then.position}`, `asOf=${encodeURIComponent(then.instant)}`];
          for (const query of queries) {
            const response = await analyst.get(withQuery(path, query));
            expect({ step: then.step, path, query, status: response.status, body: response.body }).toEqual({
              step: then.step,
              path,
              query,
              ...answered,
            });
          }
        }
      }
    });

    it('answers as it stood before the case opened: the case is unknown then, and the policy was the one in force', async () => {
      const beforeCase = recorded.find((r) => r.step === 'a deduction')!;
      const lastCase = caseIds.at(-1)!;
      const unknown = await analyst.get(`/cases/${lastCase}?atPosition=${beforeCase.position}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('UNKNOWN_CASE');
      const capped = recorded.at(-1)!.answers.get('/cycles/2007/scoreboard')!.body as {
        regularScore: number;
      }[];
      const before = (await analyst.get(`/cycles/2007/scoreboard?atPosition=${beforeCase.position}`))
        .body as {
        unitId: string;
        regularScore: number;
      }[];
      expect(Math.max(...before.map((row) => row.regularScore))).toBe(130);
      expect(Math.max(...capped.map((row) => row.regularScore))).toBe(115);
      const firstEvent = (await wholeLog(api))[0]!.position;
      const noCycle = await analyst.get(`/cycles/2007/scoreboard?atPosition=${firstEvent}`);
      expect({ status: noCycle.status, code: noCycle.body.code }).toEqual({
        status: 404,
        code: 'UNKNOWN_CYCLE',
      });
    });

    it('refuses both at once, and positions or instants that are not ones, on every cycle query', async () => {
      for (const path of cycleQueries(caseIds.slice(0, 1))) {
        const both = await analyst.get(withQuery(path, 'asOf=2007-07-01T00:00:00Z&atPosition=10'));
        expect({ path, status: both.status, code: both.body.code }).toEqual({
          path,
          status: 400,
          code: 'AS_OF_CONFLICT',
        });
        expect(both.body.message).toBe(
          'Ask as of an instant (asOf) or at a log position (atPosition), not both.',
        );
        const position = await analyst.get(withQuery(path, 'atPosition=yesterday'));
        expect({ path, status: position.status, code: position.body.code }).toEqual({
          path,
          status: 400,
          code: 'INVALID_POSITION',
        });
        const instant = await analyst.get(withQuery(path, 'asOf=last-tuesday'));
        expect({ path, status: instant.status, code: instant.body.code }).toEqual({
          path,
          status: 400,
          code: 'INVALID_INSTANT',
        });
      }
    });

    it('ledger board prints the scoreboard and accountability as the API answered then, at a position or an instant', () => {
      for (const then of recorded) {
        for (const flag of [
          ['--at-position', then.position],
          ['--as-of', then.instant],
        ]) {
          const run = runLedger(['board', '--year', '2007', ...flag, '--json'], api.env);
          expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
          const printed = JSON.parse(run.stdout) as { scoreboard: unknown; accountability: unknown };
          expect(printed.scoreboard).toEqual(then.answers.get('/cycles/2007/scoreboard')!.body);
          expect(printed.accountability).toEqual(then.answers.get('/cycles/2007/accountability')!.body);
        }
      }
      const table = runLedger(
        ['board', '--year', '2007', '--kind', 'street', '--at-position', recorded[0]!.position],
        api.env,
      );
      expect(table.status).toBe(0);
      expect(table.stdout).toContain(`Scoreboard 2007 (street) at position ${recorded[0]!.position}`);
      expect(table.stdout).toContain('三聖街道');
      expect(table.stdout).not.toContain('財政局');
      const both = runLedger(
        ['board', '--year', '2007', '--as-of', recorded[0]!.instant, '--at-position', recorded[0]!.position],
        api.env,
      );
      expect({ status: both.status, stderr: both.stderr }).toEqual({
        status: 1,
        stderr: 'ledger: give --as-of or --at-position, not both.\n',
      });
      const exported = runLedger(
        ['export', '--year', '2007', '--format', 'json', '--at-position', recorded[1]!.position],
        api.env,
      );
      expect(exported.status).toBe(0);
      const document = JSON.parse(exported.stdout) as {
        scoreboard: unknown;
        auditTrail: { position: string }[];
      };
      expect(document.scoreboard).toEqual(recorded[1]!.answers.get('/cycles/2007/scoreboard')!.body);
      expect(document.auditTrail.at(-1)!.position).toBe(recorded[1]!.position);
    });
  });
}
