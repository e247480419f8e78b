import { EventStore } from '@ledger/event-store';
import {
  KeyPage,
  ProjectionRunner,
  ProjectionWrite,
  ReadModelStore,
  allProjections,
  memoryReader,
  rebuildProjections,
  scoreboard,
  storeReader,
  unitAsOf,
  unitItems,
  unitScoreOf,
} from '@ledger/projections';
import { writeLog } from '../../../test/support/generate-log';

export interface RunnerHarness {
  /** A fresh event store and read-model store. */
  create(): Promise<{ events: EventStore; readModels: ReadModelStore; close(): Promise<void> }>;
}

/** Writes after the first `healthy` break half-way: a document the table refuses follows real ones in the same transaction. */
const failingAfter = (inner: ReadModelStore, healthy: number): ReadModelStore => {
  let writes = 0;
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property !== 'write') return Reflect.get(target, property, receiver);
      return async (batch: ProjectionWrite[], where?: 'live' | 'shadow') => {
        if (++writes <= healthy || where === 'shadow') return target.write(batch, where);
        const [first, ...rest] = batch;
        const poisoned = {
          ...first!,
          docs: [...first!.docs, { key: null as unknown as string, json: '{}' }],
        };
        return target.write([...rest, poisoned], where);
      };
    },
  });
};

const dumpAll = async (readModels: ReadModelStore) =>
  Object.fromEntries(
    await Promise.all(allProjections.map(async (p) => [p.name, await readModels.all(p.name)] as const)),
  );

/** The projection runner, rebuild and as-of over real stores. */
export const runnerSuite = (name: string, harness: RunnerHarness) => {
  describe(`projections on ${name}`, () => {
    let stores: Awaited<ReturnType<RunnerHarness['create']>>;
    let runner: ProjectionRunner | undefined;

    beforeEach(async () => {
      stores = await harness.create();
    });

    afterEach(async () => {
      await runner?.stop();
      runner = undefined;
      await stores.close();
    });

    it('follows the log live, answers once it reaches a position, and reports its lag', async () => {
      runner = new ProjectionRunner(stores.events, stores.readModels, allProjections, { batchSize: 100 });
      await runner.start();
      await writeLog(stores.events, { cycles: 1, units: 6, eventsPerUnit: 40 });
      const head = (await stores.events.headPosition())!;
      await runner.waitFor(head, 10000);
      const board = await scoreboard(storeReader(stores.readModels), 2007);
      expect(board).toHaveLength(6);
      expect(board.every((row) => row.rank >= 1)).toBe(true);
      const status = await runner.status();
      expect(status.map((s) => s.projection)).toEqual(allProjections.map((p) => p.name));
      expect(status.every((s) => s.checkpoint === head && s.lag === 0)).toBe(true);
      await expect(runner.waitFor(String(Number(head) + 1000), 200)).rejects.toMatchObject({
        code: 'PROJECTION_LAGGING',
      });
    });

    it('lists a scope a page at a time in key order, as the memory reader pages the same documents', async () => {
      const keys = [
        'row:2007:a:1',
        'row:2007:a:2',
        'row:2007:a:3',
        'row:2007:a:5',
        'row:2007:ab:1',
        'row:2007:b:1',
      ];
      await stores.readModels.write([
        {
          projection: 'history',
          docs: keys.map((key) => ({ key, json: JSON.stringify({ key }) })),
          checkpoint: '1',
          expectedCheckpoint: null,
          version: 2,
        },
      ]);
      const pageOf = async (page?: KeyPage) =>
        (await stores.readModels.list('history', 'row:2007:a', page)).map((row) => row.key);
      expect(await pageOf()).toEqual(keys.slice(0, 4));
      expect(await pageOf({ limit: 2 })).toEqual(keys.slice(0, 2));
      expect(await pageOf({ afterKey: 'row:2007:a:2', limit: 1 })).toEqual(['row:2007:a:3']);
      expect(await pageOf({ afterKey: 'row:2007:a:4' })).toEqual(['row:2007:a:5']);
      expect(await pageOf({ afterKey: 'row:2007:a:5' })).toEqual([]);
      const inMemory = memoryReader(new Map([['history', new Map(keys.map((key) => [key, { key }]))]]));
      for (const page of [
        undefined,
        { limit: 2 },
        { afterKey: 'row:2007:a:2', limit: 1 },
        { afterKey: 'row:2007:a:4' },
      ])
        expect(
          (await inMemory.list<{ key: string }>('history', 'row:2007:a', page)).map((doc) => doc.key),
        ).toEqual(await pageOf(page));
    });

    it('answers waitFor when another runner (another process) moved the read models on first', async () => {
      runner = new ProjectionRunner(stores.events, stores.readModels, allProjections, { batchSize: 50 });
      const other = new ProjectionRunner(stores.events, stores.readModels, allProjections, { batchSize: 50 });
      await Promise.all([runner.start(), other.start()]);
      try {
        await writeLog(stores.events, { cycles: 1, units: 8, eventsPerUnit: 40 });
        const head = (await stores.events.headPosition())!;
        await Promise.all([runner.waitFor(head, 10000), other.waitFor(head, 10000)]);
        const live = await dumpAll(stores.readModels);
        await rebuildProjections(stores.events, stores.readModels, allProjections);
        expect(await dumpAll(stores.readModels)).toEqual(live);
      } finally {
        await other.stop();
      }
    });

    it('tells its listeners where the read models stand each time they move, once it can be read', async () => {
      runner = new ProjectionRunner(stores.events, stores.readModels, allProjections, { batchSize: 40 });
      const reader = storeReader(stores.readModels);
      const told: { position: string; units: number }[] = [];
      const reads: Promise<void>[] = [];
      const stopListening = runner.moved.add((position) =>
        reads.push(
          scoreboard(reader, 2007)
            .catch(() => []) // the cycle is not folded yet
            .then((board) => void told.push({ position, units: board.length })),
        ),
      );
      const throwing = runner.moved.add(() => {
        throw new Error('a listener that fails is its own problem');
      });
      await runner.start();
      expect(runner.position).toBeNull();
      await writeLog(stores.events, { cycles: 1, units: 5, eventsPerUnit: 30 });
      const head = (await stores.events.headPosition())!;
      await runner.waitFor(head, 10000);
      await Promise.all(reads);
      expect(runner.position).toBe(head);
      expect(told.length).toBeGreaterThan(1);
      expect(told.at(-1)).toEqual({ position: head, units: 5 });
      const positions = told.map((t) => Number(t.position));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(positions).size).toBe(positions.length);
      stopListening();
      throwing();
      expect(runner.moved.size).toBe(0);
    });

    it('tells its listeners when another runner (another process) moved the read models', async () => {
      await writeLog(stores.events, { cycles: 1, units: 3, eventsPerUnit: 10 });
      const head = (await stores.events.headPosition())!;
      const other = new ProjectionRunner(stores.events, stores.readModels, allProjections);
      await other.start();
      await other.waitFor(head, 10000);
      await other.stop();
      runner = new ProjectionRunner(stores.events, stores.readModels, allProjections);
      const told: string[] = [];
      runner.moved.add((position) => told.push(position));
      await runner.start();
      expect(told).toEqual([head]);
    });

    it('rebuilds read models equal to the live ones over a generated year of events', async () => {
      runner = new ProjectionRunner(stores.events, stores.readModels, allProjections, { batchSize: 250 });
      await runner.start();
      const written = await writeLog(stores.events, { cycles: 2, units: 25, eventsPerUnit: 60 });
      expect(written).toBeGreaterThan(3000);
      await runner.waitFor((await stores.events.headPosition())!, 30000);
      const live = await dumpAll(stores.readModels);
      await runner.stop();
      runner = undefined;
      const progress: number[] = [];
      const result = await rebuildProjections(stores.events, stores.readModels, allProjections, {
        pageSize: 700,
        onProgress: (p) => progress.push(p.events),
      });
      expect(result.events).toBe(written);
      expect(progress.length).toBeGreaterThan(3);
      expect(await dumpAll(stores.readModels)).toEqual(live);
    }, 120000);

    {
      it('resumes after a crash mid-batch and ends with the same tables as a rebuild', async () => {
        await writeLog(stores.events, { cycles: 1, units: 10, eventsPerUnit: 30 });
        const head = (await stores.events.headPosition())!;
        const crashing = new ProjectionRunner(
          stores.events,
          failingAfter(stores.readModels, 3),
          allProjections,
          {
            batchSize: 50,
            retryDelayMs: 20,
          },
        );
        await crashing.start();
        await expect(crashing.waitFor(head, 1000)).rejects.toMatchObject({ code: 'PROJECTION_LAGGING' });
        expect(crashing.lastError).toBeDefined();
        await crashing.stop();
        const stranded = (await stores.readModels.checkpoints()).map((c) => c.position);
        expect(stranded.some((position) => position !== head)).toBe(true);
        runner = new ProjectionRunner(stores.events, stores.readModels, allProjections, { batchSize: 50 });
        await runner.start();
        await runner.waitFor(head, 20000);
        const resumed = await dumpAll(stores.readModels);
        await runner.stop();
        runner = undefined;
        await rebuildProjections(stores.events, stores.readModels, allProjections);
        expect(resumed).toEqual(await dumpAll(stores.readModels));
      }, 60000);
    }

    it('replays a unit to every position of its stream exactly as the live read model stood then', async () => {
      runner = new ProjectionRunner(stores.events, stores.readModels, allProjections, { batchSize: 10 });
      await runner.start();
      const reader = storeReader(stores.readModels);
      const seen: { position: string; score: unknown; items: unknown }[] = [];
      let appended = 0;
      for (const append of (await import('../../../test/support/generate-log')).generateLog({
        cycles: 1,
        units: 2,
        eventsPerUnit: 20,
      })) {
        for (const event of append.events) {
          const { position } = await stores.events.append(append.stream, [event], {
            expectedRevision: 'any',
          });
          if (++appended <= 17) continue; // the cycle and the units are set up by then
          await runner.waitFor(position, 5000);
          seen.push({
            position,
            score: await unitScoreOf(reader, 2007, 'unit-0'),
            items: await unitItems(reader, 2007, 'unit-0'),
          });
        }
      }
      expect(seen.length).toBeGreaterThan(30);
      for (const moment of seen) {
        const past = await unitAsOf(stores.events, 2007, 'unit-0', { position: moment.position });
        expect({ position: moment.position, score: past.score, items: past.items }).toEqual(moment);
      }
      const instant = await unitAsOf(stores.events, 2007, 'unit-0', {
        instant: new Date(Date.now() + 1000).toISOString(),
      });
      expect(instant.score).toEqual(seen[seen.length - 1]!.score);
    }, 60000);
  });
};
