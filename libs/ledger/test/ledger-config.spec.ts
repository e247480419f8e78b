import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '@ledger/ledger';

describe('configuration', () => {
  it('defaults to the embedded SQLite store under ./data on port 3000', () => {
    expect(loadConfig({})).toEqual({
      store: 'sqlite',
      dataDir: resolve('data'),
      databaseUrl: null,
      kurrentdbUrl: null,
      port: 3000,
    });
  });

  it('reads every setting', () => {
    expect(
      loadConfig({
        LEDGER_STORE: 'kurrentdb',
        LEDGER_DATA_DIR: '/tmp/ledger',
        DATABASE_URL: 'postgres://u@db:5432/rm',
        KURRENTDB_URL: 'kurrentdb://kdb:2113?tls=false',
        PORT: '8080',
      }),
    ).toEqual({
      store: 'kurrentdb',
      dataDir: '/tmp/ledger',
      databaseUrl: 'postgres://u@db:5432/rm',
      kurrentdbUrl: 'kurrentdb://kdb:2113?tls=false',
      port: 8080,
    });
  });

  it.each([
    [{ LEDGER_STORE: 'mongodb' }, /LEDGER_STORE must be one of sqlite, postgres, kurrentdb/],
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number/],
    [{ LEDGER_STORE: 'postgres' }, /needs DATABASE_URL/],
    [{ LEDGER_STORE: 'kurrentdb' }, /needs KURRENTDB_URL/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL must start with postgres:\/\//],
  ])('refuses %p with one clear sentence', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
