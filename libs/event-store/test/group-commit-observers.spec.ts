import { EventStore, PostgresEventStore, SqliteEventStore, commitsOf } from '@ledger/event-store';
import {
  describeWithPostgres,
  dropSchemas,
  freshSchemaName,
  testPostgresUrl,
} from '../../../test/support/postgres';
import { event } from './contract';

/** What a metrics listener hears of a store's commits: how many appends each carried. */
const commitObserversOf = (open: () => Promise<EventStore>) => {
  let store: EventStore;
  let heard: number[];
  let stopListening: () => void;

  beforeEach(async () => {
    store = await open();
    heard = [];
    stopListening = commitsOf(store)!.add((appends) => heard.push(appends));
  });

  afterEach(async () => {
    stopListening();
    await store.close();
  });

  it('tells one commit of one append for an append made alone', async () => {
    await store.append('unit-a', [event('UnitRegistered', {})], { expectedRevision: 'no-stream' });
    expect(heard).toEqual([1]);
  });

  it('tells the appends made at once as commits carrying them all, counting only those that committed', async () => {
    await store.append('unit-taken', [event('UnitRegistered', {})], { expectedRevision: 'no-stream' });
    heard = [];
    const outcomes = await Promise.allSettled(
      ['unit-b', 'unit-c', 'unit-taken', 'unit-d', 'unit-e'].map((stream) =>
        store.append(stream, [event('UnitRegistered', {})], { expectedRevision: 'no-stream' }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect(heard.reduce((sum, appends) => sum + appends, 0)).toBe(4);
    expect(Math.max(...heard)).toBeGreaterThan(1);
  });

  it('tells nothing more once the listener is removed, and a listener that throws fails no append', async () => {
    stopListening();
    commitsOf(store)!.add(() => {
      throw new Error('a broken listener');
    });
    await store.append('unit-f', [event('UnitRegistered', {})], { expectedRevision: 'no-stream' });
    expect(heard).toEqual([]);
    expect(await store.readStream('unit-f')).toHaveLength(1);
  });
};

describe('SQLite event store: commit observers', () => {
  commitObserversOf(async () => SqliteEventStore.open(':memory:'));
});

describeWithPostgres('PostgreSQL event store: commit observers', () => {
  const schemas: string[] = [];
  afterAll(() => dropSchemas(schemas));
  commitObserversOf(async () => {
    const schema = freshSchemaName();
    schemas.push(schema);
    return PostgresEventStore.connect({ connectionString: testPostgresUrl()!, schema });
  });
});
