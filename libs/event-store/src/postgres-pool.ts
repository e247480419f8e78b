import { Pool } from 'pg';

/**
 * A pool that survives its server: an idle connection the server dropped is replaced on next
 * use instead of crashing the process, and connecting gives up after a few seconds so a
 * request meets a clear "unavailable" instead of hanging while the server is down.
 */
export const resilientPool = (connectionString: string | undefined, max: number): Pool => {
  const pool = new Pool({ connectionString, max, connectionTimeoutMillis: 3000 });
  pool.on('error', () => undefined);
  return pool;
};
