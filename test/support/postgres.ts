import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { analyticsSchemaOf } from '@ledger/projections';

/** The server the PostgreSQL suites use, found by the global set-up; undefined when there is none. */
export const testPostgresUrl = (): string | undefined => process.env.LEDGER_TEST_POSTGRES_URL;

/** `describe` when PostgreSQL is reachable, otherwise a skipped `describe` (the reason was printed at start). */
export const describeWithPostgres: (name: string, body: () => void) => void = (name, body) =>
  testPostgresUrl()
    ? describe(name, body)
    : describe.skip(`${name} (no PostgreSQL: ${process.env.LEDGER_TEST_POSTGRES_SKIP})`, body);

/** A fresh schema name for one suite; `dropSchemas` removes them after. */
export const freshSchemaName = (prefix = 'ledger_test'): string =>
  `${prefix}_${randomBytes(5).toString('hex')}`;

export const dropSchemas = async (schemas: string[]): Promise<void> => {
  const url = testPostgresUrl();
  if (!url || schemas.length === 0) return;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      // Read models in a schema of their own get their analytics relations beside it.
      await client.query(`DROP SCHEMA IF EXISTS ${analyticsSchemaOf(schema)} CASCADE`);
    }
  } finally {
    await client.end();
  }
};

/** Runs SQL straight on the server, bypassing the ledger: for tampering tests. */
export const sql = async (query: string, params: unknown[] = []): Promise<void> => {
  const client = new Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    await client.query(query, params);
  } finally {
    await client.end();
  }
};
