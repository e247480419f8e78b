import { ConfigError } from '@ledger/ledger';
import { DEFAULT_HTTP_SETTINGS, loadHttpSettings } from '../src/http-settings';

describe('HTTP settings', () => {
  it('listens on every interface over plain HTTP, CORS closed, 10 failures a minute, no proxy trusted, by default', () => {
    expect(loadHttpSettings({})).toEqual(DEFAULT_HTTP_SETTINGS);
    expect(DEFAULT_HTTP_SETTINGS).toEqual({
      host: '0.0.0.0',
      tls: null,
      corsOrigins: [],
      failedAuthentication: { limit: 10, windowSeconds: 60 },
      trustProxy: null,
      logLevel: 'info',
    });
  });

  it('reads every setting', () => {
    expect(
      loadHttpSettings({
        HOST: '::1',
        LEDGER_CORS_ORIGINS: ' https://a.example ,http://localhost:5173,',
        LEDGER_AUTH_FAILURE_LIMIT: '0',
        LEDGER_AUTH_FAILURE_WINDOW: '600',
        LEDGER_TRUST_PROXY: 'loopback',
        LEDGER_LOG_LEVEL: 'DEBUG',
      }),
    ).toEqual({
      host: '::1',
      tls: null,
      corsOrigins: ['https://a.example', 'http://localhost:5173'],
      failedAuthentication: { limit: 0, windowSeconds: 600 },
      trustProxy: 'loopback',
      logLevel: 'debug',
    });
  });

  it.each([
    ['true', true],
    ['false', null],
    ['2', 2],
    ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8, 127.0.0.1'],
  ])('takes LEDGER_TRUST_PROXY=%p as express does: %p', (text, trusted) => {
    expect(loadHttpSettings({ LEDGER_TRUST_PROXY: text }).trustProxy).toEqual(trusted);
  });

  it.each([
    [{ HOST: 'a b' }, /^HOST must be/],
    [{ LEDGER_CORS_ORIGINS: 'https://a.example/' }, /"https:\/\/a\.example\/" is not one/],
    [{ LEDGER_CORS_ORIGINS: 'ftp://a.example' }, /"ftp:\/\/a\.example" is not one/],
    [{ LEDGER_AUTH_FAILURE_LIMIT: '-1' }, /^LEDGER_AUTH_FAILURE_LIMIT must be a whole number/],
    [{ LEDGER_TLS_KEY: '/k.pem' }, /only LEDGER_TLS_KEY is set/],
  ])('refuses %p with one sentence', (env, sentence) => {
    expect(() => loadHttpSettings(env)).toThrow(ConfigError);
    expect(() => loadHttpSettings(env)).toThrow(sentence);
  });
});
