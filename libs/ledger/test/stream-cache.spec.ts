import { InMemoryEventStore, StoredEvent } from '@ledger/event-store';
import { StreamCache } from '../src/commands/stream-cache';

/** A fold that counts events: what the cache keeps per stream does not matter here, only how much. */
const count = (state: number, _event: StoredEvent) => state + 1;

const fill = async (store: InMemoryEventStore, stream: string, events: number) => {
  await store.append(
    stream,
    Array.from({ length: events }, (_, i) => ({
      type: 'E',
      data: { i },
      metadata: { actor: { id: 'a', role: 'r' }, idempotencyKey: `${stream}-${i}` },
    })),
    { expectedRevision: 'any' },
  );
};

describe('the folded-stream cache', () => {
  it('keeps what its streams weigh under its bound, forgetting the least recently loaded', async () => {
    const store = new InMemoryEventStore();
    for (const stream of ['a', 'b', 'c', 'd']) await fill(store, stream, 100);
    // One stream of 100 keyed events is reckoned at 512 + 100 x 200 + 100 x 600 bytes: two fit in 200 kB.
    const cache = new StreamCache(store, 200_000);
    for (const stream of ['a', 'b', 'c']) await cache.load(stream, count, 0);
    expect(cache.size).toBe(2);
    expect(cache.weight).toBe(2 * (512 + 100 * 800));
    // 'a' went first: known no longer, it is read again; 'c' is still known.
    const reads = jest.spyOn(store, 'readStream');
    expect((await cache.loadKnown('c', count, 0)).state).toBe(100);
    expect(reads).not.toHaveBeenCalled();
    expect((await cache.loadKnown('a', count, 0)).state).toBe(100);
    expect(reads).toHaveBeenCalledWith('a', { fromRevision: 0 });
    expect(cache.weight).toBeLessThanOrEqual(200_000);
  });

  it('counts a stream again as it grows by this process\u2019s appends, and keeps one heavier than the bound alone', async () => {
    const store = new InMemoryEventStore();
    await fill(store, 'a', 10);
    const cache = new StreamCache(store, 10_000);
    await cache.load('a', count, 0);
    expect(cache.weight).toBe(512 + 10 * 800);
    const { position } = await store.append(
      'a',
      [{ type: 'E', data: {}, metadata: { actor: { id: 'a', role: 'r' } } }],
      {
        expectedRevision: 9,
      },
    );
    cache.appended(
      'a',
      count,
      (await store.readAll({ after: String(Number(position) - 1) })) as StoredEvent[],
    );
    expect(cache.weight).toBe(512 + 11 * 200 + 10 * 600);
    await fill(store, 'b', 100);
    await cache.load('b', count, 0);
    expect(cache.size).toBe(1);
    expect(cache.weight).toBe(512 + 100 * 800);
  });
});
