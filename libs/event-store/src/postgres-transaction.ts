import { Pool, PoolClient } from 'pg';
import { StoreUnavailableError } from './event-store.port';
import { storeFailureOf } from './store-failure';

/** A connection lost while checked out is reported by the query that fails; this keeps it from crashing the process too. */
const ignoreLostConnection = (): void => undefined;

/**
 * Runs `work` on one pooled connection inside a transaction: committed when it resolves,
 * rolled back when it throws. `begin` and `commit` may carry more statements in the same
 * round trip (taking a lock, sending a notification). A connection that failed is dropped,
 * not handed back to the pool.
 */
export const inTransaction = async <T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  statements: { begin?: string; commit?: string } = {},
): Promise<T> => {
  const client = await pool.connect();
  client.on('error', ignoreLostConnection);
  let broken: Error | undefined;
  try {
    await client.query(statements.begin ?? 'BEGIN');
    const result = await work(client);
    await client.query(statements.commit ?? 'COMMIT');
    return result;
  } catch (error) {
    if (storeFailureOf(error) instanceof StoreUnavailableError) broken = error as Error;
    else await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.off('error', ignoreLostConnection);
    client.release(broken);
  }
};
