import { hostname } from 'node:os';
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
      streamCacheBytes: 64 * 2 ** 20,
      audit: {
        signingKeyFile: resolve('data/signing.key'),
        logName: `appraisal-ledger/${hostname()}`,
        everySeconds: 10,
        checkpointDir: resolve('data/checkpoints'),
        witnessUrl: null,
      },
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
        LEDGER_SIGNING_KEY_FILE: '/secrets/ledger.key',
        LEDGER_LOG_NAME: 'appraisal-ledger/jinjiang',
        LEDGER_CHECKPOINT_EVERY: '2.5',
        LEDGER_CHECKPOINT_DIR: '/mnt/copies',
        LEDGER_WITNESS_URL: 'https://witness.example/add',
        LEDGER_STREAM_CACHE_MB: '256',
      }),
    ).toEqual({
      store: 'kurrentdb',
      dataDir: '/tmp/ledger',
      databaseUrl: 'postgres://u@db:5432/rm',
      kurrentdbUrl: 'kurrentdb://kdb:2113?tls=false',
      port: 8080,
      streamCacheBytes: 256 * 2 ** 20,
      audit: {
        signingKeyFile: '/secrets/ledger.key',
        logName: 'appraisal-ledger/jinjiang',
        everySeconds: 2.5,
        checkpointDir: '/mnt/copies',
        witnessUrl: 'https://witness.example/add',
      },
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
    [{ LEDGER_CHECKPOINT_EVERY: 'often' }, /LEDGER_CHECKPOINT_EVERY must be a number of seconds/],
    [{ LEDGER_CHECKPOINT_EVERY: '0' }, /LEDGER_CHECKPOINT_EVERY must be a number of seconds/],
    [{ LEDGER_LOG_NAME: 'bad name+key' }, /LEDGER_LOG_NAME must be/],
    [{ LEDGER_WITNESS_URL: 'ftp://w/x' }, /LEDGER_WITNESS_URL must start with http:\/\//],
    [{ LEDGER_STREAM_CACHE_MB: '0' }, /LEDGER_STREAM_CACHE_MB must be a whole number of megabytes/],
    [{ LEDGER_STREAM_CACHE_MB: '1.5' }, /LEDGER_STREAM_CACHE_MB must be a whole number of megabytes/],
  ])('refuses %p with one clear sentence', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
