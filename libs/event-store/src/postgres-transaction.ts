import { Pool, PoolClient } from 'pg';

/**
 * Runs `work` on one pooled connection inside a transaction: committed when it resolves,
 * rolled back when it throws. `begin` and `commit` may carry more statements in the same
 * round trip (taking a lock, sending a notification).
 */
export const inTransaction = async <T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  statements: { begin?: string; commit?: string } = {},
): Promise<T> => {
  const client = await pool.connect();
  try {
    await client.query(statements.begin ?? 'BEGIN');
    const result = await work(client);
    await client.query(statements.commit ?? 'COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};
