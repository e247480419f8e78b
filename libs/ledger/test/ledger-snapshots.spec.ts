import { accountabilityOf, cycleAsOf, scoreboard } from '@ledger/projections';
import { Ledger } from '@ledger/ledger';
import { writeLog } from '../../../test/support/generate-log';
import { memoryLedger } from './support/memory-ledger';

/** A running ledger keeps its cycles' snapshots as its projection runner goes, and as-of answers start from them. */
describe('cycle snapshots in a running ledger', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = memoryLedger();
    await ledger.start();
  });
  afterAll(() => ledger.stop());

  it('writes a snapshot every 1000 events of a cycle behind the runner, and answers as of the head from the newest', async () => {
    await writeLog(ledger.stores.events, { cycles: 1, units: 10, eventsPerUnit: 260, seed: 7 });
    // The reactions record consequences of the generated log (cases its unmet rulings open): let them.
    await ledger.settle(30_000);
    const head = (await ledger.stores.events.headPosition())!;
    await ledger.projections.waitFor(head, 30_000);
    const deadline = Date.now() + 20_000;
    while ((await ledger.snapshots.manifests(2007)).length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const manifests = await ledger.snapshots.manifests(2007);
    expect(manifests.length).toBeGreaterThanOrEqual(2);
    expect(manifests.map((m) => m.count)).toEqual(manifests.map((_, i) => (i + 1) * 1000));
    const now = await cycleAsOf(ledger.snapshots, ledger.stores.events, 2007, { position: head });
    expect(now.fromSnapshot).toBe(manifests.at(-1)!.position);
    expect(now.folded).toBeLessThan(1000);
    expect(await scoreboard(now.reader, 2007)).toEqual(await scoreboard(ledger.reader, 2007));
    expect(await accountabilityOf(now.reader, 2007)).toEqual(await accountabilityOf(ledger.reader, 2007));
  }, 60_000);
});
