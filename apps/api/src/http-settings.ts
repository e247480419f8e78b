import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';
import { ConfigError } from '@ledger/ledger';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How the HTTP server meets the network: where it listens, TLS, CORS, lock-outs, logs (docs/operations.md). */
export interface HttpSettings {
  /** The address to listen on; every interface by default. */
  host: string;
  /** HTTPS with this certificate chain and key (PEM); plain HTTP when null. */
  tls: { cert: Buffer; key: Buffer } | null;
  /** Browser origins that may call the API from other pages; none by default. */
  corsOrigins: string[];
  /** A client whose authentication fails more than `limit` times in `windowSeconds` is refused as long; 0: never. */
  failedAuthentication: { limit: number; windowSeconds: number };
  /** Express's `trust proxy`: which proxies' X-Forwarded-For names the client; null: none. */
  trustProxy: boolean | number | string | null;
  logLevel: LogLevel;
}

export const DEFAULT_HTTP_SETTINGS: HttpSettings = {
  host: '0.0.0.0',
  tls: null,
  corsOrigins: [],
  failedAuthentication: { limit: 10, windowSeconds: 60 },
  trustProxy: null,
  logLevel: 'info',
};

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const wholeNumber = (env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number) => {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; "${env[name]}" is not.`);
  }
  return value;
};

const hostOf = (env: NodeJS.ProcessEnv): string => {
  const host = env.HOST?.trim();
  if (!host) return DEFAULT_HTTP_SETTINGS.host;
  if (isIP(host) === 0 && !HOST_NAME.test(host)) {
    throw new ConfigError(
      `HOST must be an IP address or a host name, such as 127.0.0.1 or :: or localhost; "${env.HOST}" is not.`,
    );
  }
  return host;
};

const readPem = (name: string, file: string): Buffer => {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`Cannot read ${name} ${file} (${reason}).`);
  }
};

const tlsOf = (env: NodeJS.ProcessEnv): HttpSettings['tls'] => {
  const certFile = env.LEDGER_TLS_CERT?.trim();
  const keyFile = env.LEDGER_TLS_KEY?.trim();
  if (!certFile && !keyFile) return null;
  if (!certFile || !keyFile) {
    throw new ConfigError(
      `LEDGER_TLS_CERT and LEDGER_TLS_KEY go together: set both to serve HTTPS, or neither for HTTP; only ${certFile ? 'LEDGER_TLS_CERT' : 'LEDGER_TLS_KEY'} is set.`,
    );
  }
  const tls = { cert: readPem('LEDGER_TLS_CERT', certFile), key: readPem('LEDGER_TLS_KEY', keyFile) };
  try {
    createSecureContext(tls);
  } catch (error) {
    throw new ConfigError(
      `LEDGER_TLS_CERT ${certFile} and LEDGER_TLS_KEY ${keyFile} are not a PEM certificate and its private key (${(error as Error).message}).`,
    );
  }
  return tls;
};

const corsOriginsOf = (env: NodeJS.ProcessEnv): string[] =>
  (env.LEDGER_CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => {
      let parsed: URL | undefined;
      try {
        parsed = new URL(origin);
      } catch {
        parsed = undefined;
      }
      if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
        throw new ConfigError(
          `LEDGER_CORS_ORIGINS must list origins, comma-separated, each a scheme, host and optional port with no path, such as https://dashboard.example.org; "${origin}" is not one.`,
        );
      }
      return origin;
    });

/** Express's `trust proxy` values: true, a number of hops, or addresses, subnets and names (loopback, ...). */
const trustProxyOf = (env: NodeJS.ProcessEnv): HttpSettings['trustProxy'] => {
  const text = env.LEDGER_TRUST_PROXY?.trim();
  if (!text || text === 'false') return null;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  return text;
};

const logLevelOf = (env: NodeJS.ProcessEnv): LogLevel => {
  const level = (env.LEDGER_LOG_LEVEL?.trim() || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(
      `LEDGER_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; "${env.LEDGER_LOG_LEVEL}" is not.`,
    );
  }
  return level as LogLevel;
};

/** Reads and checks the HTTP settings; throws a ConfigError naming the first thing wrong. */
export const loadHttpSettings = (env: NodeJS.ProcessEnv = process.env): HttpSettings => ({
  host: hostOf(env),
  tls: tlsOf(env),
  corsOrigins: corsOriginsOf(env),
  failedAuthentication: {
    limit: wholeNumber(env, 'LEDGER_AUTH_FAILURE_LIMIT', 10, 0, 1_000_000),
    windowSeconds: wholeNumber(env, 'LEDGER_AUTH_FAILURE_WINDOW', 60, 1, 86_400),
  },
  trustProxy: trustProxyOf(env),
  logLevel: logLevelOf(env),
});
