import { PostgresEventStore } from '@ledger/event-store';
import {
  describeWithPostgres,
  dropSchemas,
  freshSchemaName,
  sql,
  testPostgresUrl,
} from '../../../test/support/postgres';
import { Tamper, eventStoreContract } from './contract';

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
