import { Pool } from 'pg';
import { inTransaction } from '@ledger/event-store';
import { boardFunction } from './analytics-board';
import { ANALYTICS_RELATIONS } from './analytics-relations';

/** Raise it when a relation changes: every process that connects then installs the new ones. */
export const ANALYTICS_VERSION = 'appraisal-ledger analytics 2';

/** `analytics` beside read models in `public`; `<schema>_analytics` beside read models in another schema. */
export const analyticsSchemaOf = (schema: string): string =>
  schema === 'public' ? 'analytics' : `${schema}_analytics`;

/**
 * Makes (or brings up to ANALYTICS_VERSION) the analytics schema of read models kept in
 * `schema`: a view per relation over a function that reads the `rm_*` documents. Processes
 * that connect at once take turns on an advisory lock, and a schema already at this version is
 * left alone (replacing a view would wait for every query reading it). A role that may not
 * create schemas in the database gets no analytics relations; the ledger itself does not need
 * them, so that is not worth refusing to start over.
 */
export const installAnalytics = async (pool: Pool, schema: string): Promise<void> => {
  const analytics = analyticsSchemaOf(schema);
  try {
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ledger-analytics:${analytics}`]);
      const marked = await client.query<{ version: string | null }>(
        `SELECT obj_description(oid, 'pg_namespace') AS version FROM pg_namespace WHERE nspname = $1`,
        [analytics],
      );
      if (marked.rows[0]?.version === ANALYTICS_VERSION) return;
      // The functions name rm_* tables that a fresh store makes only on its first write.
      await client.query('SET LOCAL check_function_bodies = off');
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${analytics}`);
      await client.query(`CREATE OR REPLACE FUNCTION ${analytics}.position_key(log_position text) RETURNS text
        LANGUAGE sql IMMUTABLE AS $body$
          SELECT string_agg(lpad(part, 20, '0'), '-' ORDER BY n)
          FROM unnest(string_to_array(log_position, '/')) WITH ORDINALITY AS parts(part, n)
        $body$`);
      await client.query(`COMMENT ON FUNCTION ${analytics}.position_key(text) IS
        'A log position as text that sorts in log order: compare positions with it, never as plain text.'`);
      await client.query(`DROP FUNCTION IF EXISTS ${analytics}.board(integer, date, timestamptz, numeric)`);
      await client.query(boardFunction(schema, analytics));
      for (const relation of ANALYTICS_RELATIONS) {
        const rows = `${analytics}._${relation.name}_rows`;
        await client.query(`DROP VIEW IF EXISTS ${analytics}.${relation.name}`);
        await client.query(`DROP FUNCTION IF EXISTS ${rows}()`);
        await client.query(`CREATE FUNCTION ${rows}() RETURNS TABLE (${relation.columns})
          LANGUAGE sql STABLE AS $body$ ${relation.body(schema, analytics)} $body$`);
        await client.query(`CREATE VIEW ${analytics}.${relation.name} AS SELECT * FROM ${rows}()`);
        await client.query(
          `COMMENT ON VIEW ${analytics}.${relation.name} IS 'One row per ${relation.key.join(', ')} (its key), from the ${schema}.rm_* read models.'`,
        );
      }
      await client.query(`COMMENT ON SCHEMA ${analytics} IS '${ANALYTICS_VERSION}'`);
    });
  } catch (error) {
    // insufficient_privilege, or a view of the user's built on ours (dependent_objects_still_exist):
    // the analytics relations stay as they are rather than keep the ledger from starting.
    if (!['42501', '2BP01'].includes((error as { code?: string }).code ?? '')) throw error;
  }
};
