import { EventStore, StoredEvent, comparePositions } from '@ledger/event-store';
import {
  CYCLE_PROJECTIONS,
  CycleSnapshots,
  DocReader,
  LAYERS_BEFORE_MERGE,
  ProjectionRunner,
  ReadModelStore,
  SNAPSHOTS,
  SnapshotKeeper,
  accountabilityOf,
  allProjections,
  belongsToCycle,
  casesOf,
  cycleAsOf,
  disputesOf,
  panelOf,
  rebuildProjections,
  scoreboard,
  scoresProjection,
  standingOf,
  storeReader,
  unitItems,
  unitScoreOf,
} from '@ledger/projections';
import { writeLog } from '../../../test/support/generate-log';

export interface SnapshotHarness {
  create(): Promise<{ events: EventStore; readModels: ReadModelStore; close(): Promise<void> }>;
}

const EVERY = 60;

/** Every cycle query a reader answers, as one comparable object. */
const answers = async (reader: DocReader, year: number) => ({
  scoreboard: await scoreboard(reader, year),
  streets: await scoreboard(reader, year, 'street'),
  accountability: await accountabilityOf(reader, year),
  cases: await casesOf(reader, year),
  disputes: await disputesOf(reader, year),
  panel: await panelOf(reader, year, `urban-${year}`).catch((error: Error) => error.message),
  score: await unitScoreOf(reader, year, 'unit-1'),
  items: await unitItems(reader, year, 'unit-2'),
});

const readAllEvents = async (events: EventStore): Promise<StoredEvent[]> => {
  const all: StoredEvent[] = [];
  for (let after: string | undefined; ;) {
    const page = await events.readAll({ after, limit: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
    after = page[page.length - 1]!.position;
  }
};

/** Positions spread over the log, picked by a fixed stride so a failure can be replayed. */
const spread = (log: StoredEvent[], count: number): string[] =>
  Array.from({ length: count }, (_, i) => log[Math.floor(((i + 0.5) * log.length) / count)]!.position);

/** Snapshots of cycles' folds over real stores: written, used, equal to a replay from zero, dropped with a version change. */
export const snapshotsSuite = (name: string, harness: SnapshotHarness) => {
  describe(`cycle snapshots on ${name}`, () => {
    let stores: Awaited<ReturnType<SnapshotHarness['create']>>;
    let log: StoredEvent[];

    beforeAll(async () => {
      stores = await harness.create();
      await writeLog(stores.events, { cycles: 2, units: 6, eventsPerUnit: 120, seed: 13 });
      log = await readAllEvents(stores.events);
    }, 60_000);

    afterAll(() => stores.close());

    it('writes a snapshot every so many events of a cycle, each of the current versions', async () => {
      const snapshots = new CycleSnapshots(stores.events, stores.readModels, { every: EVERY });
      const cycleEvents = log.filter((event) => belongsToCycle(2007, event));
      const written = await snapshots.catchUp(2007);
      expect(written).toBe(Math.floor(cycleEvents.length / EVERY));
      expect(written).toBeGreaterThan(3);
      const manifests = await snapshots.manifests(2007);
      expect(manifests.map((m) => m.position)).toEqual(
        cycleEvents.filter((_, i) => (i + 1) % EVERY === 0).map((event) => event.position),
      );
      expect(manifests.every((m) => m.versions === snapshots.versions)).toBe(true);
      // Each snapshot wrote layers of what changed; the cards changed in every one, so theirs were merged.
      expect(written).toBeGreaterThan(LAYERS_BEFORE_MERGE);
      const layers = (await snapshots.newestWithin(2007, {}))!.chunks['scores|card:2007']!;
      expect(layers.length).toBeLessThanOrEqual(LAYERS_BEFORE_MERGE);
      expect(layers.length).toBeLessThan(written);
      // Entries are left out (an as-of query folds a unit's from its scorecard stream); rulings are kept.
      const chunkNames = Object.keys((await snapshots.newestWithin(2007, {}))!.chunks);
      expect(chunkNames.some((chunk) => chunk.startsWith('scores|entry:'))).toBe(false);
      expect(chunkNames.some((chunk) => chunk.startsWith('scores|ruling:'))).toBe(true);
      // Caught up already: nothing more until another EVERY events.
      expect(await snapshots.catchUp(2007)).toBe(0);
      // One pass over the log for several cycles (a rebuild's) writes the same snapshots.
      await snapshots.dropAll();
      expect(await snapshots.manifests(2007)).toEqual([]);
      const both = await snapshots.catchUpAll([2007, 2008]);
      expect(await snapshots.manifests(2007)).toEqual(manifests);
      expect(both - written).toBe((await snapshots.manifests(2008)).length);
      expect(both - written).toBeGreaterThan(LAYERS_BEFORE_MERGE);
      // A rebuild's pass, finding the cycles as the log names them from pages it is fed, writes them too.
      const rebuild = await snapshots.rebuildPass();
      expect(await snapshots.manifests(2007)).toEqual([]);
      for (let i = 0; i < log.length; i += 97) await rebuild.feed(log.slice(i, i + 97));
      expect(rebuild.written).toBe(both);
      expect(await snapshots.manifests(2007)).toEqual(manifests);
    });

    it('answers every cycle query at many positions and instants as a replay from zero does', async () => {
      const snapshots = new CycleSnapshots(stores.events, stores.readModels, { every: EVERY });
      await snapshots.catchUp(2007);
      const first = (await snapshots.manifests(2007))[0]!.position;
      let fromSnapshots = 0;
      for (const position of spread(log, 16)) {
        const fast = await cycleAsOf(snapshots, stores.events, 2007, { position });
        const slow = await cycleAsOf(snapshots, stores.events, 2007, { position }, { fromZero: true });
        expect(slow.fromSnapshot).toBeNull();
        if (comparePositions(position, first) >= 0) {
          expect(fast.fromSnapshot).not.toBeNull();
          expect(fast.folded).toBeLessThan(EVERY);
          fromSnapshots += 1;
        }
        const cycleOpened = log.find((e) => e.type === 'CycleOpened')!.position;
        if (comparePositions(position, cycleOpened) < 0) {
          await expect(scoreboard(fast.reader, 2007)).rejects.toMatchObject({ code: 'UNKNOWN_CYCLE' });
          continue;
        }
        expect(await answers(fast.reader, 2007)).toEqual(await answers(slow.reader, 2007));
        // And against the what-if's own fold of the events up to the position: a replay from zero by another road.
        const upTo = log.filter(
          (event) => belongsToCycle(2007, event) && comparePositions(event.position, position) <= 0,
        );
        const replayed = await standingOf(2007, upTo);
        expect(await scoreboard(fast.reader, 2007)).toEqual(replayed.scoreboard);
        expect(await accountabilityOf(fast.reader, 2007)).toEqual(replayed.accountability);
      }
      expect(fromSnapshots).toBeGreaterThan(10);
      for (const at of spread(log, 5)) {
        const instant = log.find((event) => event.position === at)!.recordedAt;
        const fast = await cycleAsOf(snapshots, stores.events, 2007, { instant });
        const slow = await cycleAsOf(snapshots, stores.events, 2007, { instant }, { fromZero: true });
        expect(await answers(fast.reader, 2007).catch((e: Error) => e.message)).toEqual(
          await answers(slow.reader, 2007).catch((e: Error) => e.message),
        );
      }
    }, 120_000);

    it('is written by the projection runner as it goes, and at the head answers what the read models do', async () => {
      const snapshots = new CycleSnapshots(stores.events, stores.readModels, { every: EVERY });
      await snapshots.dropAll();
      const keeper = new SnapshotKeeper(snapshots);
      const runner = new ProjectionRunner(stores.events, stores.readModels, allProjections, {
        batchSize: 100,
        onWritten: (batch) => keeper.folded(batch),
      });
      await runner.start();
      try {
        await runner.waitFor(log[log.length - 1]!.position, 30_000);
      } finally {
        await runner.stop();
      }
      await keeper.settled();
      expect(keeper.lastError).toBeUndefined();
      expect((await snapshots.manifests(2007)).length).toBeGreaterThan(3);
      expect((await snapshots.manifests(2008)).length).toBeGreaterThan(3);
      const head = await cycleAsOf(snapshots, stores.events, 2008, {});
      expect(head.fromSnapshot).not.toBeNull();
      expect(await answers(head.reader, 2008)).toEqual(await answers(storeReader(stores.readModels), 2008));
    }, 60_000);

    it('drops snapshots of another version: never used, and a rebuild writes them again', async () => {
      const snapshots = new CycleSnapshots(stores.events, stores.readModels, { every: EVERY });
      await snapshots.catchUp(2007);
      const before = await snapshots.manifests(2007);
      expect(before.length).toBeGreaterThan(0);
      const raised = { ...scoresProjection, version: scoresProjection.version + 1 };
      const projections = CYCLE_PROJECTIONS.map((p) => (p.name === raised.name ? raised : p));
      const newer = new CycleSnapshots(stores.events, stores.readModels, { every: EVERY, projections });
      expect(await newer.manifests(2007)).toEqual([]);
      const cut = { position: log[log.length - 1]!.position };
      expect((await cycleAsOf(newer, stores.events, 2007, cut)).fromSnapshot).toBeNull();
      // A rebuild of a cycle projection drops the table and writes the snapshots again from the log.
      const stray = { key: 'manifest:1999:stray', json: JSON.stringify({ versions: 'old' }) };
      await stores.readModels.write([{ projection: SNAPSHOTS, docs: [stray], checkpoint: '1', version: 1 }]);
      await rebuildProjections(stores.events, stores.readModels, [scoresProjection]);
      expect(await stores.readModels.get(SNAPSHOTS, [stray.key])).toEqual(new Map());
      const after = await new CycleSnapshots(stores.events, stores.readModels).manifests(2007);
      expect(after.every((m) => m.versions === snapshots.versions)).toBe(true);
    }, 60_000);
  });
};
