import { PostgresEventStore, WrongExpectedRevisionError } from '@ledger/event-store';
import {
  describeWithPostgres,
  dropSchemas,
  freshSchemaName,
  sql,
  testPostgresUrl,
} from '../../../test/support/postgres';
import { Tamper, event, eventStoreContract } from './contract';

describeWithPostgres('PostgreSQL event store', () => {
  const schemas: string[] = [];
  let schema = '';
  const connect = () =>
    PostgresEventStore.connect({ connectionString: testPostgresUrl()!, schema, pollIntervalMs: 200 });

  afterAll(() => dropSchemas(schemas));

  const tamper = (): Tamper => ({
    alterData: (stream, revision, data) =>
      sql(`UPDATE ${schema}.events SET data = $1 WHERE stream = $2 AND revision = $3`, [
        JSON.stringify(data),
        stream,
        revision,
      ]),
    // Positions are an identity column the server will not update, so the rows' contents trade places instead.
    swapOrder: (stream, a, b) =>
      sql(
        `DO $$
         DECLARE ra ${schema}.events%ROWTYPE; rb ${schema}.events%ROWTYPE;
         BEGIN
           SELECT * INTO ra FROM ${schema}.events WHERE stream = '${stream}' AND revision = ${a};
           SELECT * INTO rb FROM ${schema}.events WHERE stream = '${stream}' AND revision = ${b};
           UPDATE ${schema}.events SET id = ra.id || '-moving', revision = -1 WHERE position = ra.position;
           UPDATE ${schema}.events SET id = ra.id, revision = ra.revision, type = ra.type, data = ra.data,
             metadata = ra.metadata, recorded_at = ra.recorded_at WHERE position = rb.position;
           UPDATE ${schema}.events SET id = rb.id, revision = rb.revision, type = rb.type, data = rb.data,
             metadata = rb.metadata, recorded_at = rb.recorded_at WHERE position = ra.position;
         END $$`,
      ),
    deleteRow: (stream, revision) =>
      sql(`DELETE FROM ${schema}.events WHERE stream = $1 AND revision = $2`, [stream, revision]),
    insertRow: (stream, copyOf) =>
      sql(
        `INSERT INTO ${schema}.events (id, stream, revision, type, data, metadata, recorded_at)
         SELECT id || '-forged', stream, (SELECT MAX(revision) + 1 FROM ${schema}.events WHERE stream = $1), type, data, metadata, recorded_at
         FROM ${schema}.events WHERE stream = $1 AND revision = $2`,
        [stream, copyOf],
      ),
  });

  eventStoreContract('postgres', {
    create: async () => {
      schema = freshSchemaName();
      schemas.push(schema);
      return connect();
    },
    reopen: connect,
    tamper,
    writerEnv: () => ({ TEST_STORE: 'postgres', TEST_PG_URL: testPostgresUrl()!, TEST_PG_SCHEMA: schema }),
  });
});

/**
 * An append is one call that chains the events on the head this process last saw: these hold
 * it to the truth when another process moved the head meanwhile, and when this one never saw it.
 */
describeWithPostgres('PostgreSQL appends from two processes on one stream', () => {
  const schemas: string[] = [];
  afterAll(() => dropSchemas(schemas));

  /** Two stores on one schema, as two processes would have them, closed whatever the test does. */
  const withTwoStores = async (
    body: (first: PostgresEventStore, second: PostgresEventStore) => Promise<void>,
  ) => {
    const schema = freshSchemaName();
    schemas.push(schema);
    const open = () => PostgresEventStore.connect({ connectionString: testPostgresUrl()!, schema });
    const [first, second] = [await open(), await open()];
    try {
      await body(first, second);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  };

  it('chains each append on the head the other process moved, so the log verifies', async () =>
    withTwoStores(async (first, second) => {
      for (let i = 0; i < 20; i++) {
        const store = i % 2 === 0 ? first : second;
        const appended = await store.append('unit-sansheng', [event('PointsAwarded', { i })], {
          expectedRevision: 'any',
        });
        expect(appended.nextRevision).toBe(i);
      }
      const stream = await first.readStream('unit-sansheng');
      expect(stream.map((e) => e.revision)).toEqual([...Array(20).keys()]);
      expect(stream.map((e) => (e.data as { i: number }).i)).toEqual([...Array(20).keys()]);
      expect(await second.verify()).toMatchObject({ ok: true, eventsChecked: 20 });
    }));

  it('refuses an expected revision the other process has moved past, and what was decided on a moved stream', async () =>
    withTwoStores(async (first, second) => {
      await first.append('scorecard-a', [event('PointsAwarded', {})], { expectedRevision: 'no-stream' });
      await second.append('scorecard-a', [event('PointsAwarded', {})], { expectedRevision: 0 });
      await expect(
        first.append('scorecard-a', [event('PointsAwarded', {})], { expectedRevision: 0 }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await second.append('cycle-2007', [event('PolicyAmended', {})], { expectedRevision: 'any' });
      await expect(
        first.append('scorecard-a', [event('PointsAwarded', {})], {
          expectedRevision: 1,
          unchanged: [{ stream: 'cycle-2007', revision: -1 }],
        }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect((await first.readStream('scorecard-a')).length).toBe(2);
      expect(await first.verify()).toMatchObject({ ok: true });
    }));

  it('stamps an append no earlier than the log’s last event, whatever this process’s clock says', async () =>
    withTwoStores(async (first, second) => {
      await first.append('a', [event('PointsAwarded', {})], { expectedRevision: 'any' });
      const later = new Date(Date.now() + 60_000).toISOString();
      const schema = (first as unknown as { schema: string }).schema;
      await sql(`UPDATE ${schema}.events SET recorded_at = $1`, [later]);
      await second.append('b', [event('PointsAwarded', {})], { expectedRevision: 'any' });
      const log = await second.readAll();
      expect(log[1]!.recordedAt >= log[0]!.recordedAt).toBe(true);
    }));
});
