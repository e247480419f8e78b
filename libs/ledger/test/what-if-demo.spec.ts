import { DEFAULT_POLICY } from '@ledger/domain';
import { accountabilityOf, cycleEventsOf, scoreboard, whatIf } from '@ledger/projections';
import { DEMO_YEAR, Ledger, loadDemo } from '@ledger/ledger';
import { memoryLedger } from './support/memory-ledger';

/**
 * The what-if's invariant on the 2007 demo: recomputed from the log under the rules it was
 * recorded under, the scoreboard and accountability are exactly those the read models serve.
 */
describe('what if, on the 2007 demo', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = memoryLedger();
    await ledger.start();
    await loadDemo(ledger);
    await ledger.settle();
  });
  afterAll(() => ledger.stop());

  it('gives back the recorded scoreboard and accountability under the recorded policy and tracks', async () => {
    const events = await cycleEventsOf(ledger.stores.events, DEMO_YEAR);
    const recordedBoard = await scoreboard(ledger.reader, DEMO_YEAR);
    const recordedLeaders = await accountabilityOf(ledger.reader, DEMO_YEAR);
    const items = await ledger.stores.events.readStream(`cycle-${DEMO_YEAR}`);
    const tracks = Object.fromEntries(
      items
        .filter((event) => event.type === 'ItemDefined')
        .map((event) => [
          (event.data as { itemId: string }).itemId,
          (event.data as { track: '1' | 'X' }).track,
        ]),
    );
    expect(Object.keys(tracks).length).toBeGreaterThan(10);
    for (const rules of [{}, { policy: DEFAULT_POLICY, tracks }]) {
      const answer = await whatIf(DEMO_YEAR, events, rules);
      expect(answer.units.map((u) => ({ unitId: u.unitId, ...u.whatIf }))).toEqual(
        recordedBoard.map(({ unitId, regularScore, keyScore, total, rank }) => ({
          unitId,
          regularScore,
          keyScore,
          total,
          rank,
        })),
      );
      expect(answer.leaders.map((l) => ({ leaderId: l.leaderId, ...l.whatIf }))).toEqual(
        recordedLeaders.map(({ leaderId, status, openCases, withheldPct, bonusPayable }) => ({
          leaderId,
          status,
          openCases,
          withheldPct,
          bonusPayable,
        })),
      );
      expect(answer.refused).toEqual([]);
      expect(answer.cases).toEqual({ opened: [], notOpened: [] });
    }
  });

  it('answers "what would the ranking be with a cap of 120" and records nothing', async () => {
    const before = await ledger.stores.events.headPosition();
    const answer = await whatIf(DEMO_YEAR, await cycleEventsOf(ledger.stores.events, DEMO_YEAR), {
      policy: { regularCap: 120 },
    });
    expect(answer.units.some((u) => u.change.total < 0)).toBe(true);
    expect(answer.units.every((u) => u.whatIf.regularScore <= 120)).toBe(true);
    expect(await ledger.stores.events.headPosition()).toBe(before);
  });
});
