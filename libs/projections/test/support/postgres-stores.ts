import { PostgresEventStore } from '@ledger/event-store';
import { PostgresReadModels } from '@ledger/projections';
import { freshSchemaName, testPostgresUrl } from '../../../../test/support/postgres';

/** An event store and read models in a fresh schema of the test database; the schema's name goes into `schemas`, to drop after. */
export const freshPostgresStores = (prefix: string, schemas: string[]) => async () => {
  const schema = freshSchemaName(prefix);
  schemas.push(schema);
  const events = await PostgresEventStore.connect({
    connectionString: testPostgresUrl()!,
    schema,
    pollIntervalMs: 100,
  });
  const readModels = await PostgresReadModels.connect({ pool: events.pool, schema });
  return { events, readModels, close: () => events.close() };
};
