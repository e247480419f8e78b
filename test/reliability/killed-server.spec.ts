import { ApiUnderTest, STORES, as, openKeyItemCycle, startApi, wholeLog } from '../support/api';
import { runLedger } from '../support/ledger-process';

const CLIENTS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `ledger serve` killed (SIGKILL) while twenty clients award points, then started again: every
 * award it acknowledged is in the log exactly once, the chains are intact, and the read models
 * it rebuilds from its checkpoints equal a rebuild from the log.
 */
for (const store of STORES) {
  store.describe(`a server killed under load on ${store.name}`, () => {
    let api: ApiUnderTest;

    beforeAll(async () => {
      api = await startApi(store);
      await openKeyItemCycle(api, 5);
    }, 60_000);

    afterAll(() => api?.close());

    it('loses no acknowledged award, doubles none, and its read models equal a rebuild', async () => {
      const acknowledged: string[] = [];
      let stopping = false;
      const client = async (n: number) => {
        while (!stopping) {
          const answer = await as(api, 'supervisor')
            .post(`/cycles/2007/units/u${n % 5}/awards`, { itemId: 'services', points: 1, reason: 'done' })
            .catch(() => null);
          if (answer?.status === 201) acknowledged.push(answer.body.eventIds[0]);
          else await sleep(50);
        }
      };
      const load = Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
      await sleep(1500);
      await api.crash();
      await sleep(1000);
      stopping = true;
      await load;

      const log = await wholeLog(api);
      const lastPosition = log.at(-1)!.position;
      const logged = log.filter((e) => e.type === 'PointsAwarded').map((e) => e.id);
      expect(acknowledged.length).toBeGreaterThan(50);
      expect(new Set(logged).size).toBe(logged.length);
      expect(acknowledged.filter((id) => !logged.includes(id))).toEqual([]);
      expect((await as(api, 'auditor').get('/audit/verify').expect(200)).body).toMatchObject({ ok: true });

      const board = async () =>
        (await as(api, 'analyst').get(`/cycles/2007/scoreboard?minPosition=${lastPosition}`).expect(200))
          .body;
      const live = await board();
      expect(live.reduce((sum: number, row: { keyScore: number }) => sum + row.keyScore, 0)).toBe(
        logged.length,
      );
      const rebuilt = runLedger(['rebuild'], api.env, 120_000);
      expect(rebuilt.status).toBe(0);
      expect(await board()).toEqual(live);
    }, 120_000);
  });
}
