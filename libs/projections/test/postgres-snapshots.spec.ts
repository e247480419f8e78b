import { describeWithPostgres, dropSchemas } from '../../../test/support/postgres';
import { snapshotsSuite } from './snapshots-suite';
import { freshPostgresStores } from './support/postgres-stores';

describeWithPostgres('PostgreSQL cycle snapshots', () => {
  const schemas: string[] = [];
  afterAll(() => dropSchemas(schemas));

  snapshotsSuite('PostgreSQL', { create: freshPostgresStores('ledger_snap_test', schemas) });
});
