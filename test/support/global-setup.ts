import { existsSync } from 'node:fs';
import { Client } from 'pg';

/**
 * Runs once before the suites: finds out whether a PostgreSQL server, a Chromium and a
 * container runtime are here, tells the suites through the environment, and says in one line
 * each why a group of suites will be skipped. With LEDGER_REQUIRE_POSTGRES=1 or
 * LEDGER_REQUIRE_BROWSER=1 (CI) a missing server or browser fails the run.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    process.env.LEDGER_TEST_POSTGRES_URL = url;
  } catch (error) {
    const reason = `no PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}); set DATABASE_URL to run them`;
    if (process.env.LEDGER_REQUIRE_POSTGRES === '1')
      throw new Error(`PostgreSQL suites are required here but cannot run: ${reason}`);
    process.env.LEDGER_TEST_POSTGRES_SKIP = reason;
    console.log(`\n[skip] PostgreSQL suites: ${reason}`);
  } finally {
    await client.end().catch(() => undefined);
  }

  const chromium = process.env.LEDGER_CHROMIUM ?? '/usr/bin/chromium';
  if (process.env.LEDGER_SKIP_BROWSER) {
    process.env.LEDGER_TEST_CHROMIUM_SKIP = process.env.LEDGER_SKIP_BROWSER;
    console.log(`[skip] Browser suites: ${process.env.LEDGER_SKIP_BROWSER}`);
  } else if (existsSync(chromium)) {
    process.env.LEDGER_TEST_CHROMIUM = chromium;
  } else {
    const reason = `no Chromium at ${chromium} (apt-get install chromium, or set LEDGER_CHROMIUM)`;
    if (process.env.LEDGER_REQUIRE_BROWSER === '1')
      throw new Error(`Browser suites are required here but cannot run: ${reason}`);
    process.env.LEDGER_TEST_CHROMIUM_SKIP = reason;
    console.log(`[skip] Browser suites: ${reason}`);
  }

  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    process.env.LEDGER_TEST_CONTAINERS = '1';
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    process.env.LEDGER_TEST_CONTAINERS_SKIP = reason;
    console.log(`[skip] KurrentDB suites: no container runtime here ("${reason}")`);
  }
}
