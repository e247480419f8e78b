import { Pool } from 'pg';

/**
 * No statement of the ledger runs this long (an append, a page of the log, a batch of read
 * models); one that does is waiting on a connection the network silently dropped.
 */
export const QUERY_TIMEOUT_MS = 10_000;

/**
 * A pool that survives its server: an idle connection the server dropped is replaced on next
 * use instead of crashing the process; connecting gives up after a few seconds, and a query
 * after ten, so a request meets a clear "unavailable" instead of hanging while the server is
 * down or the network is cut; TCP keep-alive finds dead idle connections.
 */
export const resilientPool = (connectionString: string | undefined, max: number): Pool => {
  const pool = new Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 3000,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
  });
  pool.on('error', () => undefined);
  return pool;
};
