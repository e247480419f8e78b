import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  DuplicateEventIdError,
  EventStore,
  ImportRefusedError,
  ImportedEvent,
  InMemoryEventStore,
  asImported,
  NewEvent,
  StoreNotEmptyError,
  StoredEvent,
  WrongExpectedRevisionError,
  comparePositions,
} from '@ledger/event-store';

/** Direct edits of the stored rows, bypassing the port: what a tamperer with database access could do. */
export interface Tamper {
  alterData(stream: string, revision: number, data: unknown): Promise<void>;
  /** Exchange the global positions of two events of a stream. */
  swapOrder(stream: string, revisionA: number, revisionB: number): Promise<void>;
  deleteRow(stream: string, revision: number): Promise<void>;
  /** Insert a forged copy of an event as the stream's next revision, without updating anything else. */
  insertRow(stream: string, copyOfRevision: number): Promise<void>;
}

export interface ContractHarness {
  /** A fresh, empty store. */
  create(): Promise<EventStore>;
  /** A new store over the storage of the last `create` (the caller closed the old one). */
  reopen(): Promise<EventStore>;
  tamper?: () => Tamper;
  /** Environment for a writer process (test/support/writer.ts) that appends to the last created store. */
  writerEnv?: () => Record<string, string>;
  /** The store has no transaction across streams: a refused import keeps what it wrote before the refused event. */
  importKeepsWrittenRuns?: boolean;
}

export const event = (type: string, data: unknown, extra: Partial<NewEvent> = {}): NewEvent => ({
  type,
  data,
  metadata: { actor: { id: 'sup-1', role: 'supervisor' }, reason: 'contract test', correlationId: 'corr-1' },
  ...extra,
});

const collect = async (
  store: EventStore,
  count: number,
  after?: string,
  timeoutMs = 60000,
): Promise<StoredEvent[]> => {
  const subscription = store.subscribeAll({ after, batchSize: 200 });
  const seen: StoredEvent[] = [];
  const timer = setTimeout(() => void subscription.close(), timeoutMs);
  for await (const e of subscription) {
    seen.push(e);
    if (seen.length >= count) break;
  }
  clearTimeout(timer);
  await subscription.close();
  return seen;
};

const expectStrictlyIncreasing = (events: StoredEvent[]) => {
  for (let i = 1; i < events.length; i++) {
    expect(comparePositions(events[i - 1]!.position, events[i]!.position)).toBe(-1);
  }
};

/** The definition of the EventStore port: every adapter passes all of it. */
export const eventStoreContract = (name: string, harness: ContractHarness) => {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;

    beforeEach(async () => {
      store = await harness.create();
    });

    afterEach(async () => {
      await store.close();
    });

    describe('append and read', () => {
      it('appends to a new stream and reads back every field', async () => {
        const result = await store.append(
          'cycle-2007',
          [event('CycleOpened', { year: 2007 }), event('ItemDefined', { itemId: 'safety' })],
          {
            expectedRevision: 'no-stream',
          },
        );
        expect(result.nextRevision).toBe(1);
        const events = await store.readStream('cycle-2007');
        expect(events.map((e) => [e.stream, e.revision, e.type, e.data])).toEqual([
          ['cycle-2007', 0, 'CycleOpened', { year: 2007 }],
          ['cycle-2007', 1, 'ItemDefined', { itemId: 'safety' }],
        ]);
        expect(events[1]!.position).toBe(result.position);
        const [first, second] = events as [StoredEvent, StoredEvent];
        expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(first.metadata).toMatchObject({
          actor: { id: 'sup-1', role: 'supervisor' },
          reason: 'contract test',
          correlationId: 'corr-1',
          schemaVersion: 1,
        });
        expect(first.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(second.metadata.prevHash).toBe(first.metadata.hash);
        expect(new Date(first.recordedAt).toISOString()).toBe(first.recordedAt);
        expect(await store.headPosition()).toBe(result.position);
      });

      it('keeps a caller-chosen event id and refuses it a second time, storing nothing of that batch', async () => {
        await store.append(
          'scorecard-2007-sansheng',
          [event('PointsAwarded', { points: 2 }, { id: 'entry-1' })],
          {
            expectedRevision: 'any',
          },
        );
        await expect(
          store.append(
            'scorecard-2007-sansheng',
            [event('PointsAwarded', { points: 1 }), event('PointsAwarded', { points: 2 }, { id: 'entry-1' })],
            {
              expectedRevision: 0,
            },
          ),
        ).rejects.toBeInstanceOf(DuplicateEventIdError);
        const events = await store.readStream('scorecard-2007-sansheng');
        expect(events.map((e) => e.id)).toEqual(['entry-1']);
      });

      it('refuses a stale expected revision and stores nothing of the refused batch', async () => {
        await store.append('unit-sansheng', [event('UnitRegistered', {})], { expectedRevision: 'no-stream' });
        await store.append('unit-sansheng', [event('LeaderAppointed', {})], { expectedRevision: 0 });
        const stale = store.append(
          'unit-sansheng',
          [event('LeaderDeparted', {}), event('LeaderAppointed', {})],
          { expectedRevision: 0 },
        );
        await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(
          store.append('unit-sansheng', [event('UnitRegistered', {})], { expectedRevision: 'no-stream' }),
        ).rejects.toMatchObject({
          code: 'VERSION_CONFLICT',
          actual: 1,
        });
        await expect(
          store.append('unit-ghost', [event('X', {})], { expectedRevision: 3 }),
        ).rejects.toMatchObject({ actual: 'no-stream' });
        expect((await store.readStream('unit-sansheng')).map((e) => e.type)).toEqual([
          'UnitRegistered',
          'LeaderAppointed',
        ]);
        expect(await store.readStream('unit-ghost')).toEqual([]);
        const next = await store.append('unit-sansheng', [event('LeaderDeparted', {})], {
          expectedRevision: 1,
        });
        expect(next.nextRevision).toBe(2);
        expect(
          (await store.append('unit-sansheng', [event('LeaderAppointed', {})], { expectedRevision: 'any' }))
            .nextRevision,
        ).toBe(3);
      });

      it('settles appends made at once each on its own: a refused one stores nothing and fails no other', async () => {
        await store.append('scorecard-a', [event('PointsAwarded', { n: 0 }, { id: 'a-first' })], {
          expectedRevision: 'no-stream',
        });
        const outcomes = await Promise.allSettled([
          store.append('scorecard-a', [event('PointsAwarded', { n: 1 })], { expectedRevision: 0 }),
          store.append('scorecard-a', [event('PointsAwarded', { n: 2 })], { expectedRevision: 0 }),
          store.append('scorecard-b', [event('PointsAwarded', { n: 3 }), event('PointsAwarded', { n: 4 })], {
            expectedRevision: 'no-stream',
          }),
          store.append('scorecard-c', [event('PointsAwarded', { n: 5 }, { id: 'c-chosen' })], {
            expectedRevision: 'no-stream',
          }),
          store.append('scorecard-d', [event('PointsAwarded', { n: 6 }, { id: 'c-chosen' })], {
            expectedRevision: 'no-stream',
          }),
          // An id stored before: this one fails, and takes none of the others with it.
          store.append('scorecard-e', [event('PointsAwarded', { n: 7 }, { id: 'a-first' })], {
            expectedRevision: 'no-stream',
          }),
        ]);
        // Of two appends racing for the same revision, or the same chosen id, exactly one wins.
        const [a1, a2, b, c, d, e] = outcomes;
        expect(e.status === 'rejected' && e.reason).toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream('scorecard-e')).toEqual([]);
        expect(b.status).toBe('fulfilled');
        expect([a1.status, a2.status].sort()).toEqual(['fulfilled', 'rejected']);
        expect([c.status, d.status].sort()).toEqual(['fulfilled', 'rejected']);
        const rejection = (outcome: PromiseSettledResult<unknown>) =>
          outcome.status === 'rejected' ? outcome.reason : undefined;
        expect(rejection(a1) ?? rejection(a2)).toBeInstanceOf(WrongExpectedRevisionError);
        expect(rejection(c) ?? rejection(d)).toBeInstanceOf(DuplicateEventIdError);
        const winner = a1.status === 'fulfilled' ? 1 : 2;
        expect((await store.readStream('scorecard-a')).map((e) => (e.data as { n: number }).n)).toEqual([
          0,
          winner,
        ]);
        expect(await store.readStream('scorecard-b')).toHaveLength(2);
        expect(
          (await store.readStream('scorecard-c')).length + (await store.readStream('scorecard-d')).length,
        ).toBe(1);
        expect((await store.verify()).ok).toBe(true);
      });

      it('decides every other append of a busy group on its own when one carries text the database refuses', async () => {
        // PostgreSQL refuses U+0000 in jsonb; SQLite keeps it. Either way the 39 others land.
        const outcomes = await Promise.allSettled(
          Array.from({ length: 40 }, (_, i) =>
            store.append(
              `scorecard-${i}`,
              [event('PointsAwarded', { reason: i === 17 ? 'bad\u0000text' : 'ok' })],
              {
                expectedRevision: 'no-stream',
              },
            ),
          ),
        );
        const others = outcomes.filter((_, i) => i !== 17);
        expect(others.filter((o) => o.status === 'rejected')).toEqual([]);
        expect(
          (await store.readAll()).filter((e) => (e.data as { reason: string }).reason === 'ok'),
        ).toHaveLength(39);
        expect((await store.verify()).ok).toBe(true);
      });

      it('refuses an append when a stream it was decided on has moved since, and stores nothing of it', async () => {
        await store.append('cycle-2007', [event('CycleOpened', {})], { expectedRevision: 'no-stream' });
        // Decided on the cycle at revision 0 and on a unit that did not exist yet.
        const read = [
          { stream: 'cycle-2007', revision: 0 },
          { stream: 'unit-a', revision: -1 },
        ];
        await store.append('scorecard-2007-a', [event('PointsAwarded', { n: 1 })], {
          expectedRevision: 'no-stream',
          unchanged: read,
        });
        await store.append('cycle-2007', [event('CycleClosed', {})], { expectedRevision: 0 });
        await expect(
          store.append('scorecard-2007-a', [event('PointsAwarded', { n: 2 })], {
            expectedRevision: 0,
            unchanged: read,
          }),
        ).rejects.toMatchObject({ code: 'VERSION_CONFLICT', stream: 'cycle-2007', actual: 1 });
        await store.append('unit-a', [event('UnitRegistered', {})], { expectedRevision: 'no-stream' });
        await expect(
          store.append('scorecard-2007-a', [event('PointsAwarded', { n: 3 })], {
            expectedRevision: 0,
            unchanged: [{ stream: 'cycle-2007', revision: 1 }, read[1]!],
          }),
        ).rejects.toMatchObject({ code: 'VERSION_CONFLICT', stream: 'unit-a' });
        expect((await store.readStream('scorecard-2007-a')).map((e) => (e.data as { n: number }).n)).toEqual([
          1,
        ]);
      });

      it('checks what an append was decided on against the appends committed with it in one group', async () => {
        await store.append('cycle-2007', [event('CycleOpened', {})], { expectedRevision: 'no-stream' });
        // Made at once: the close and awards decided on the cycle before it; each award is refused or lands before the close.
        const outcomes = await Promise.allSettled([
          ...Array.from({ length: 5 }, (_, n) =>
            store.append(`scorecard-2007-u${n}`, [event('PointsAwarded', { n })], {
              expectedRevision: 'no-stream',
              unchanged: [{ stream: 'cycle-2007', revision: 0 }],
            }),
          ),
          store.append('cycle-2007', [event('CycleClosed', {})], { expectedRevision: 0 }),
          ...Array.from({ length: 5 }, (_, n) =>
            store.append(`scorecard-2007-v${n}`, [event('PointsAwarded', { n })], {
              expectedRevision: 'no-stream',
              unchanged: [{ stream: 'cycle-2007', revision: 0 }],
            }),
          ),
        ]);
        expect(outcomes[5]!.status).toBe('fulfilled');
        const log = await store.readAll();
        const closedAt = log.find((e) => e.type === 'CycleClosed')!.position;
        const awards = log.filter((e) => e.type === 'PointsAwarded');
        expect(awards.every((award) => comparePositions(award.position, closedAt) < 0)).toBe(true);
        const refused = outcomes.filter((o) => o.status === 'rejected');
        expect(refused.length + awards.length).toBe(10);
        for (const o of refused)
          expect((o as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      });

      it('appends a multi-event batch atomically, with consecutive revisions and ordered positions', async () => {
        await store.append('other', [event('A', {})], { expectedRevision: 'any' });
        const batch = Array.from({ length: 25 }, (_, i) => event('PointsAwarded', { i }));
        await store.append('scorecard-2007-a', batch, { expectedRevision: 'no-stream' });
        await store.append('other', [event('B', {})], { expectedRevision: 'any' });
        const events = await store.readStream('scorecard-2007-a');
        expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 25 }, (_, i) => i));
        expectStrictlyIncreasing(events);
        const all = await store.readAll();
        const firstOfBatch = all.findIndex((e) => e.stream === 'scorecard-2007-a');
        expect(all.slice(firstOfBatch, firstOfBatch + 25).every((e) => e.stream === 'scorecard-2007-a')).toBe(
          true,
        );
      });

      it('reads a stream from a revision and up to a position', async () => {
        const positions: string[] = [];
        for (let i = 0; i < 5; i++) {
          positions.push(
            (await store.append('s', [event('E', { i })], { expectedRevision: 'any' })).position,
          );
          await store.append('noise', [event('N', { i })], { expectedRevision: 'any' });
        }
        expect((await store.readStream('s', { fromRevision: 3 })).map((e) => e.data)).toEqual([
          { i: 3 },
          { i: 4 },
        ]);
        expect((await store.readStream('s', { toPosition: positions[2] })).map((e) => e.data)).toEqual([
          { i: 0 },
          { i: 1 },
          { i: 2 },
        ]);
        expect(await store.readStream('nothing-here')).toEqual([]);
        // A page of the stream: at most `limit` events from a revision on.
        expect((await store.readStream('s', { fromRevision: 1, limit: 2 })).map((e) => e.data)).toEqual([
          { i: 1 },
          { i: 2 },
        ]);
        expect((await store.readStream('s', { fromRevision: 4, limit: 2 })).map((e) => e.data)).toEqual([
          { i: 4 },
        ]);
        // A page read does not pass for the stream's end: an append on what it showed is refused.
        await store.readStream('s', { limit: 2 });
        await expect(
          store.append('s', [event('E', { i: 9 })], { expectedRevision: 1 }),
        ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
        expect((await store.readStream('s')).map((e) => e.data)).toHaveLength(5);
      });

      it('round-trips unicode text exactly', async () => {
        const data = {
          name: '三聖街道',
          note: '實地亮分：城市管理 ✓ 🏙️',
          combining: 'e\u0301',
          quote: '"\\\n',
        };
        await store.append(
          'unit-三聖',
          [
            event('UnitRegistered', data, {
              metadata: { actor: { id: '李明', role: 'supervisor' }, reason: '責令做出書面檢查' },
            }),
          ],
          {
            expectedRevision: 'no-stream',
          },
        );
        const [stored] = await store.readStream('unit-三聖');
        expect(stored!.data).toEqual(data);
        expect(stored!.metadata.reason).toBe('責令做出書面檢查');
        expect(stored!.metadata.actor.id).toBe('李明');
        expect((await store.verify()).ok).toBe(true);
      });
    });

    describe('the whole log', () => {
      it('pages through the log in global order', async () => {
        for (let i = 0; i < 23; i++)
          await store.append(`s-${i % 4}`, [event('E', { i })], { expectedRevision: 'any' });
        const all = await store.readAll();
        expect(all.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 23 }, (_, i) => i));
        expectStrictlyIncreasing(all);
        const pages: StoredEvent[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.readAll({ after, limit: 5 });
          pages.push(...page);
          if (page.length < 5) break;
          after = page[page.length - 1]!.position;
        }
        expect(pages.map((e) => e.id)).toEqual(all.map((e) => e.id));
        expect(await store.readAll({ after: all[22]!.position })).toEqual([]);
      });

      it('reads the events at given positions, in log order, leaving out positions it does not hold', async () => {
        for (let i = 0; i < 6; i++)
          await store.append(`s-${i % 2}`, [event('E', { i })], { expectedRevision: 'any' });
        const all = await store.readAll();
        const asked = [all[4]!.position, all[1]!.position, all[4]!.position, all[2]!.position];
        expect(await store.readPositions(asked)).toEqual([all[1], all[2], all[4]]);
        expect(await store.readPositions([])).toEqual([]);
        const beyond = await store.readPositions([all[5]!.position, 'not-a-position', '999999999']);
        expect(beyond).toEqual([all[5]]);
      });

      it('catches a subscriber up, then feeds it live, resumable from a checkpoint', async () => {
        for (let i = 0; i < 5; i++) await store.append('s', [event('E', { i })], { expectedRevision: 'any' });
        const live = collect(store, 8);
        await new Promise((resolve) => setTimeout(resolve, 50));
        for (let i = 5; i < 8; i++) await store.append('s', [event('E', { i })], { expectedRevision: 'any' });
        const seen = await live;
        expect(seen.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        const resumed = await collect(store, 5, seen[2]!.position);
        expect(resumed.map((e) => (e.data as { i: number }).i)).toEqual([3, 4, 5, 6, 7]);
      });

      it('feeds a live subscriber every event of 4 concurrent writers x 2,000 exactly once, in position order', async () => {
        const writers = 4;
        const perWriter = 2000;
        const subscriber = collect(store, writers * perWriter, undefined, 120000);
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let i = 0; i < perWriter; i++) {
              await store.append(`scorecard-2007-writer${w}-${i % 10}`, [event('PointsAwarded', { w, i })], {
                expectedRevision: 'any',
              });
            }
          }),
        );
        const seen = await subscriber;
        expect(seen).toHaveLength(writers * perWriter);
        expectStrictlyIncreasing(seen);
        expect(new Set(seen.map((e) => e.id)).size).toBe(writers * perWriter);
        const all = await store.readAll();
        expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
        for (let w = 0; w < writers; w++) {
          const mine = seen
            .filter((e) => (e.data as { w: number }).w === w)
            .map((e) => (e.data as { i: number }).i);
          expect(mine).toEqual(Array.from({ length: perWriter }, (_, i) => i));
        }
        expect((await store.verify()).ok).toBe(true);
      }, 180000);
    });

    describe('import (backups and migrations)', () => {
      /** A log made elsewhere: interleaved streams, a caller-chosen id, Chinese text, a batch. */
      const logMadeElsewhere = async (): Promise<StoredEvent[]> => {
        const source = new InMemoryEventStore();
        await source.append('cycle-2007', [event('CycleOpened', { year: 2007 }), event('ItemDefined', {})], {
          expectedRevision: 'no-stream',
        });
        await source.append(
          'unit-三聖',
          [event('UnitRegistered', { name: '三聖街道', note: '實地亮分 ✓' })],
          {
            expectedRevision: 'no-stream',
          },
        );
        for (let i = 0; i < 6; i++) {
          await source.append(
            `scorecard-2007-u${i % 2}`,
            [event('PointsAwarded', { points: 1.25 * i, i }, i === 3 ? { id: 'award-3' } : {})],
            { expectedRevision: 'any' },
          );
        }
        await source.append('cycle-2007', [event('CycleClosed', {})], { expectedRevision: 1 });
        return source.readAll();
      };
      async function* handedOver(events: ImportedEvent[]): AsyncGenerator<ImportedEvent> {
        for (const e of events) yield e;
      }

      it('imports a log into an empty store exactly as given, in the order given, and its chains go on', async () => {
        const log = await logMadeElsewhere();
        const result = await store.importEvents(handedOver(log));
        expect(result).toEqual({ events: 10, streams: 4, position: await store.headPosition() });
        const imported = await store.readAll();
        expect(imported.map(asImported)).toEqual(log.map(asImported));
        expectStrictlyIncreasing(imported);
        expect(await store.verify()).toEqual({ ok: true, eventsChecked: 10, streamsChecked: 4 });
        expect((await store.readStream('unit-三聖'))[0]!.data).toEqual({
          name: '三聖街道',
          note: '實地亮分 ✓',
        });
        // The store goes on from where the imported log ends, as if it had written it.
        await expect(
          store.append('cycle-2007', [event('CycleOpened', {})], { expectedRevision: 1 }),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        const next = await store.append('cycle-2007', [event('CycleReopened', {})], { expectedRevision: 2 });
        expect(next.nextRevision).toBe(3);
        await expect(
          store.append('other', [event('PointsAwarded', {}, { id: 'award-3' })], {
            expectedRevision: 'no-stream',
          }),
        ).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.verify()).toEqual({ ok: true, eventsChecked: 11, streamsChecked: 4 });
        expect((await collect(store, 11)).map((e) => e.id)).toEqual((await store.readAll()).map((e) => e.id));
      });

      it('refuses to import into a store that holds events, and leaves it as it was', async () => {
        await store.append('unit-a', [event('UnitRegistered', {})], { expectedRevision: 'no-stream' });
        const before = await store.readAll();
        await expect(store.importEvents(await logMadeElsewhere())).rejects.toBeInstanceOf(StoreNotEmptyError);
        expect(await store.readAll()).toEqual(before);
        expect(await store.verify()).toEqual({ ok: true, eventsChecked: 1, streamsChecked: 1 });
      });

      it('refuses an event whose content no longer gives its hash, and keeps nothing from it on', async () => {
        const log = (await logMadeElsewhere()).map(asImported);
        // One award's points changed after it was hashed, as in a tampered backup.
        const tampered = log.map((e) => (e.id === 'award-3' ? { ...e, data: { points: 50, i: 3 } } : e));
        const refusal = await store.importEvents(handedOver(tampered)).catch((error: unknown) => error);
        expect(refusal).toBeInstanceOf(ImportRefusedError);
        expect((refusal as Error).message).toMatch(
          /^Event award-3 cannot be imported: it does not continue the hash chain of scorecard-2007-u1 at revision 1/,
        );
        const kept = await store.readAll();
        if (harness.importKeepsWrittenRuns) {
          expect(kept.map((e) => e.id)).toEqual(log.slice(0, kept.length).map((e) => e.id));
          expect(kept.map((e) => e.id)).not.toContain('award-3');
        } else {
          expect(kept).toEqual([]);
          expect(await store.headPosition()).toBeNull();
        }
        // The tampered event is refused first thing too: nothing written at all.
        await store.close();
        store = await harness.create();
        const first = { ...tampered[0]!, data: { year: 1907 } };
        await expect(store.importEvents([first])).rejects.toBeInstanceOf(ImportRefusedError);
        expect(await store.readAll()).toEqual([]);
        // And an intact log still goes in afterwards: the refusal left the store empty.
        expect((await store.importEvents(log)).events).toBe(10);
      });

      it('refuses a skipped revision, a broken link and a recorded time no store writes', async () => {
        const log = (await logMadeElsewhere()).map(asImported);
        const [opened, defined] = log as [ImportedEvent, ImportedEvent];
        await expect(store.importEvents([defined])).rejects.toThrow(
          /it is revision 1 of cycle-2007, where revision 0 comes next/,
        );
        await expect(
          store.importEvents([
            opened,
            { ...defined, metadata: { ...defined.metadata, prevHash: '0'.repeat(64) } },
          ]),
        ).rejects.toThrow(/does not continue the hash chain of cycle-2007 at revision 1/);
        await expect(
          store.importEvents([{ ...opened, recordedAt: '2007-01-01T08:00:00+08:00' }]),
        ).rejects.toThrow(/its recorded time "2007-01-01T08:00:00\+08:00" is not an ISO instant/);
        expect(await store.readAll()).toEqual([]);
      });
    });

    describe('durability and verification', () => {
      it('keeps everything across close and reopen, and the chain goes on', async () => {
        await store.append('cycle-2007', [event('CycleOpened', {}), event('ItemDefined', {})], {
          expectedRevision: 'no-stream',
        });
        await store.append('unit-a', [event('UnitRegistered', { name: '書院街' })], {
          expectedRevision: 'no-stream',
        });
        const before = await store.readAll();
        await store.close();
        store = await harness.reopen();
        expect(await store.readAll()).toEqual(before);
        await store.append('cycle-2007', [event('CycleClosed', {})], { expectedRevision: 1 });
        expect(await store.verify()).toEqual({ ok: true, eventsChecked: 4, streamsChecked: 2 });
      });

      it('verifies an intact log', async () => {
        expect(await store.verify()).toEqual({ ok: true, eventsChecked: 0, streamsChecked: 0 });
        for (let i = 0; i < 30; i++)
          await store.append(`s-${i % 3}`, [event('E', { i })], { expectedRevision: 'any' });
        expect(await store.verify()).toEqual({ ok: true, eventsChecked: 30, streamsChecked: 3 });
      });

      if (harness.tamper) {
        const tamper = harness.tamper;
        const seed = async () => {
          for (let i = 0; i < 4; i++) {
            await store.append('scorecard-2007-sansheng', [event('PointsAwarded', { points: 2, i })], {
              expectedRevision: 'any',
            });
            await store.append('scorecard-2007-niushikou', [event('PointsAwarded', { points: 1, i })], {
              expectedRevision: 'any',
            });
          }
          expect((await store.verify()).ok).toBe(true);
        };
        const expectBroken = async (stream: string, revision?: number) => {
          const report = await store.verify();
          expect(report.ok).toBe(false);
          expect(report.firstBroken?.stream).toBe(stream);
          if (revision !== undefined) expect(report.firstBroken?.revision).toBe(revision);
          expect(report.firstBroken?.expected).not.toEqual(report.firstBroken?.found);
        };

        it('fails verification when a stored event’s data is altered in the database', async () => {
          await seed();
          await tamper().alterData('scorecard-2007-sansheng', 2, { points: 50, i: 2 });
          await expectBroken('scorecard-2007-sansheng', 2);
        });

        it('fails verification when the order of events is altered in the database', async () => {
          await seed();
          await tamper().swapOrder('scorecard-2007-niushikou', 1, 2);
          await expectBroken('scorecard-2007-niushikou');
        });

        it('fails verification when a row is deleted, in the middle or at the end of a stream', async () => {
          await seed();
          await tamper().deleteRow('scorecard-2007-sansheng', 1);
          await expectBroken('scorecard-2007-sansheng', 2);
          await store.close();
          store = await harness.create();
          await seed();
          await tamper().deleteRow('scorecard-2007-niushikou', 3);
          await expectBroken('scorecard-2007-niushikou', 3);
        });

        it('never gives a position twice, even after the last event was deleted in the database', async () => {
          await seed();
          const last = (await store.headPosition())!;
          await tamper().deleteRow('scorecard-2007-niushikou', 3);
          const next = await store.append('another', [event('E', {})], { expectedRevision: 'no-stream' });
          expect(comparePositions(next.position, last)).toBeGreaterThan(0);
        });

        it('fails verification when a row is inserted in the database', async () => {
          await seed();
          await tamper().insertRow('scorecard-2007-sansheng', 1);
          await expectBroken('scorecard-2007-sansheng', 4);
        });
      }

      if (harness.writerEnv) {
        const writerEnv = harness.writerEnv;
        it('loses no acknowledged event when the writer process is killed mid-append', async () => {
          const acknowledged = await runAndKillWriter(writerEnv(), 300);
          await store.close();
          store = await harness.reopen();
          const stored = new Set((await store.readAll()).map((e) => e.id));
          const missing = acknowledged.filter((id) => !stored.has(id));
          expect(missing).toEqual([]);
          expect(acknowledged.length).toBeGreaterThanOrEqual(300);
          expect((await store.verify()).ok).toBe(true);
        }, 60000);
      }
    });
  });
};

/** Runs test/support/writer.ts, which appends forever and prints each acknowledged event id; kills it with SIGKILL. */
const runAndKillWriter = (env: Record<string, string>, killAfter: number): Promise<string[]> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'support', 'writer.ts')],
      {
        env: { ...process.env, ...env, SWC_NODE_PROJECT: join(__dirname, '..', '..', '..', 'tsconfig.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const acknowledged: string[] = [];
    let buffer = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      acknowledged.push(...lines.filter(Boolean));
      if (acknowledged.length >= killAfter && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(acknowledged) : reject(new Error(`writer exited on its own: ${errors}`)),
    );
  });
