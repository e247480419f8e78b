import { describeWithPostgres, dropSchemas } from '../../../test/support/postgres';
import { runnerSuite } from './runner-suite';
import { freshPostgresStores } from './support/postgres-stores';

describeWithPostgres('PostgreSQL read models', () => {
  const schemas: string[] = [];
  afterAll(() => dropSchemas(schemas));

  runnerSuite('PostgreSQL', { create: freshPostgresStores('ledger_rm_test', schemas) });
});
