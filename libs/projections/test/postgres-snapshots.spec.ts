import { PostgresEventStore } from '@ledger/event-store';
import { PostgresReadModels } from '@ledger/projections';
import {
  describeWithPostgres,
  dropSchemas,
  freshSchemaName,
  testPostgresUrl,
} from '../../../test/support/postgres';
import { snapshotsSuite } from './snapshots-suite';

describeWithPostgres('PostgreSQL cycle snapshots', () => {
  const schemas: string[] = [];
  afterAll(() => dropSchemas(schemas));

  snapshotsSuite('PostgreSQL', {
    create: async () => {
      const schema = freshSchemaName('ledger_snap_test');
      schemas.push(schema);
      const events = await PostgresEventStore.connect({
        connectionString: testPostgresUrl()!,
        schema,
        pollIntervalMs: 100,
      });
      const readModels = await PostgresReadModels.connect({ pool: events.pool, schema });
      return { events, readModels, close: () => events.close() };
    },
  });
});
