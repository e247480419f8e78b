import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import request from 'supertest';
import { eventually } from '../support/api';
import { RunningServer, runLedger, startServer } from '../support/ledger-process';

/** A served ledger on a fresh SQLite directory, with the admin key its first start wrote. */
const serveFresh = async (prefix: string, env: Record<string, string> = {}) => {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const server = await startServer({ LEDGER_DATA_DIR: dataDir, ...env });
  return {
    dataDir,
    server,
    admin: readFileSync(join(dataDir, 'admin.key'), 'utf8').trim(),
    http: () => request(server.url),
    close: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

type Served = Awaited<ReturnType<typeof serveFresh>>;

describe('ledger serve: repeated failed authentication', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serveFresh('ledger-lockout-', {
      LEDGER_AUTH_FAILURE_LIMIT: '10',
      LEDGER_AUTH_FAILURE_WINDOW: '3',
    });
  });
  afterAll(() => served?.close());

  const withKey = (key: string) =>
    served.http().get('/api/projections').set('Authorization', `Bearer ${key}`);
  const badKey = 'al_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

  it('answers 429 with Retry-After once a client has failed more than the limit, while its good key still works, and logs the lock-out once', async () => {
    for (let i = 1; i <= 10; i++) expect([i, (await withKey(badKey)).status]).toEqual([i, 401]);
    const locked = await withKey(badKey);
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({
      statusCode: 429,
      code: 'TOO_MANY_FAILED_LOGINS',
      message: expect.stringMatching(
        /^More than 10 requests from your address failed to authenticate within 3 s; try again in \d s\./,
      ),
    });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);
    expect((await served.http().get('/api/projections')).status).toBe(429); // no key at all is a failure too
    expect((await withKey(served.admin)).status).toBe(200);
    expect((await served.http().get('/api/health')).status).toBe(200);

    const lockOuts = () =>
      served.server
        .output()
        .split('\n')
        .filter((line) => line.includes('"event":"lock-out"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    await eventually(async () => expect(lockOuts()).toHaveLength(1));
    expect(lockOuts()[0]).toMatchObject({
      level: 'warn',
      context: 'authentication',
      client: expect.stringMatching(/127\.0\.0\.1$/),
      windowSeconds: 3,
      message: expect.stringContaining('is locked out for'),
    });
  });

  it('lets the client try again once the lock-out is over', async () => {
    await new Promise((resolve) => setTimeout(resolve, 3200));
    expect((await withKey(badKey)).status).toBe(401);
    expect((await withKey(served.admin)).status).toBe(200);
  });
});

describe('ledger serve: security headers', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serveFresh('ledger-headers-');
  });
  afterAll(() => served?.close());

  it('answers the API with nosniff, no framing, a CSP that loads nothing, and no X-Powered-By', async () => {
    for (const path of ['/api/health', '/api/projections', '/api/no-such-route', '/api/docs-json']) {
      const answer = await served.http().get(path);
      expect([path, answer.headers['x-content-type-options']]).toEqual([path, 'nosniff']);
      expect([path, answer.headers['x-frame-options']]).toEqual([path, 'DENY']);
      expect([path, answer.headers['content-security-policy']]).toEqual([
        path,
        "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
      ]);
      expect([path, answer.headers['x-powered-by']]).toEqual([path, undefined]);
    }
  });

  it('lets the dashboard load its own scripts and stylesheets from this server, and nothing inline', async () => {
    const answer = await served.http().get('/');
    const page = answer.text;
    const policy = String(answer.headers['content-security-policy']);
    expect(policy.split('; ')).toEqual([
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ]);
    expect(policy).not.toContain('unsafe');
    // Every script and stylesheet is a file of the server's: nothing inline would run.
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle="|\son[a-z]+="/);
    const script = /<script[^>]*\ssrc="([^"]+)"/.exec(page)![1]!;
    const stylesheet = /<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/.exec(page)![1]!;
    for (const [path, type] of [
      [script, 'text/javascript'],
      [stylesheet, 'text/css'],
    ] as const) {
      const asset = await served.http().get(path);
      expect([path, asset.status, asset.headers['content-type']]).toEqual([
        path,
        200,
        expect.stringContaining(type),
      ]);
      expect(asset.headers['cache-control']).toContain('immutable');
    }
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps Swagger UI working: its page loads only the server’s own scripts, which are served', async () => {
    const answer = await served.http().get('/api/docs');
    expect(answer.status).toBe(200);
    const policy = String(answer.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    const scripts = [...answer.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body!.trim()).toBe(''); // no inline script: script-src 'self' would refuse it
      const src = /src=["']([^"']+)["']/.exec(attributes!)![1]!;
      const asset = await served.http().get(new URL(src, `${served.server.url}/api/docs/`).pathname);
      expect([src, asset.status]).toEqual([src, 200]);
    }
  });

  it('keeps the data directory its owner’s: 0700, and the database, keys and checkpoints 0600', () => {
    expect(statSync(served.dataDir).mode & 0o777).toBe(0o700);
    for (const file of ['ledger.db', 'admin.key', 'signing.key'])
      expect([file, statSync(join(served.dataDir, file)).mode & 0o777]).toEqual([file, 0o600]);
  });
});

describe('ledger serve: CORS', () => {
  const preflight = (served: Served, origin: string) =>
    served
      .http()
      .options('/api/cycles')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');

  describe('closed by default', () => {
    let served: Served;
    beforeAll(async () => {
      served = await serveFresh('ledger-cors-closed-');
    });
    afterAll(() => served?.close());

    it('refuses every preflight with 403 CORS_ORIGIN_REFUSED, and gives no other origin leave to read', async () => {
      const refused = await preflight(served, 'https://elsewhere.example');
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        statusCode: 403,
        code: 'CORS_ORIGIN_REFUSED',
        message:
          'Pages from https://elsewhere.example may not call this API; LEDGER_CORS_ORIGINS lists the origins that may.',
      });
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      const read = await served.http().get('/api/health').set('Origin', 'https://elsewhere.example');
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('open to the origins LEDGER_CORS_ORIGINS names', () => {
    let served: Served;
    beforeAll(async () => {
      served = await serveFresh('ledger-cors-open-', {
        LEDGER_CORS_ORIGINS: 'https://dashboard.example.org, http://localhost:5173',
      });
    });
    afterAll(() => served?.close());

    it('allows their preflights and lets them read the answers and the headers that matter', async () => {
      const allowed = await preflight(served, 'https://dashboard.example.org');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.example.org');
      expect(allowed.headers['access-control-allow-headers']).toContain('Authorization');
      expect(allowed.headers['access-control-allow-headers']).toContain('Idempotency-Key');
      expect(allowed.headers['access-control-allow-methods']).toContain('POST');
      const read = await served
        .http()
        .get('/api/projections')
        .set('Origin', 'http://localhost:5173')
        .set('Authorization', `Bearer ${served.admin}`);
      expect(read.status).toBe(200);
      expect(read.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(read.headers['access-control-expose-headers']).toContain('X-Request-Id');
    });

    it('still refuses any other origin', async () => {
      expect((await preflight(served, 'https://dashboard.example.org.evil.example')).status).toBe(403);
    });
  });
});

describe('ledger serve: where and how it listens', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  beforeAll(() => {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ], { stdio: 'ignore' }); // prettier-ignore
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const httpsGet = (url: string) =>
    new Promise<{ status: number; body: string; protocol: string }>((resolve, reject) => {
      get(url, { ca: readFileSync(cert) }, (response) => {
        const protocol = String((response.socket as TLSSocket).getProtocol());
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, body, protocol }));
      }).on('error', reject);
    });

  it('serves HTTPS with LEDGER_TLS_CERT and LEDGER_TLS_KEY, saying so in its one line, and no plain HTTP on that port', async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    let server: RunningServer | undefined;
    try {
      server = await startServer({ LEDGER_DATA_DIR: dataDir, LEDGER_TLS_CERT: cert, LEDGER_TLS_KEY: key });
      expect(server.url).toMatch(/^https:\/\/localhost:\d+$/);
      expect(server.output()).toContain(`docs: ${server.url}/api/docs; dashboard: ${server.url}/`);
      const health = await httpsGet(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(health.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
      const plain = await fetch(server.url.replace('https:', 'http:') + '/api/health').catch(() => null);
      expect(plain?.ok ?? false).toBe(false);
    } finally {
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('listens on HOST alone when it is set, and prints that address', async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    let server: RunningServer | undefined;
    try {
      server = await startServer({ LEDGER_DATA_DIR: dataDir, HOST: '127.0.0.1' });
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      { LEDGER_TLS_CERT: 'CERT' },
      'LEDGER_TLS_CERT and LEDGER_TLS_KEY go together: set both to serve HTTPS, or neither for HTTP; only LEDGER_TLS_CERT is set.',
    ],
    [{ LEDGER_TLS_KEY: 'KEY' }, 'only LEDGER_TLS_KEY is set'],
    [
      { LEDGER_TLS_CERT: 'CERT', LEDGER_TLS_KEY: '/nonexistent/key.pem' },
      'Cannot read LEDGER_TLS_KEY /nonexistent/key.pem (ENOENT).',
    ],
    [{ LEDGER_TLS_CERT: 'NOT_PEM', LEDGER_TLS_KEY: 'KEY' }, 'are not a PEM certificate and its private key'],
    [{ LEDGER_TLS_CERT: 'KEY', LEDGER_TLS_KEY: 'CERT' }, 'are not a PEM certificate and its private key'],
    [
      { LEDGER_CORS_ORIGINS: 'https://ok.example, https://bad.example/path' },
      'LEDGER_CORS_ORIGINS must list origins, comma-separated',
    ],
    [{ LEDGER_CORS_ORIGINS: '*' }, '"*" is not one'],
    [{ HOST: 'not a host!' }, 'HOST must be an IP address or a host name'],
    [{ HOST: '192.0.2.1', PORT: '0' }, 'HOST 192.0.2.1 is not an address of this machine'],
    [
      { LEDGER_AUTH_FAILURE_LIMIT: 'many' },
      'LEDGER_AUTH_FAILURE_LIMIT must be a whole number from 0 to 1000000',
    ],
    [
      { LEDGER_AUTH_FAILURE_WINDOW: '0' },
      'LEDGER_AUTH_FAILURE_WINDOW must be a whole number from 1 to 86400',
    ],
    [
      { LEDGER_LOG_LEVEL: 'loud' },
      'LEDGER_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ],
  ])('stops at start-up with one sentence and no stack trace: %p', (settings, sentence) => {
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'not a certificate\n');
    const files: Record<string, string> = { CERT: cert, KEY: key, NOT_PEM: notPem };
    const env = Object.fromEntries(
      Object.entries(settings).map(([name, value]) => [name, files[value] ?? value]),
    );
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const result = runLedger(['serve'], { LEDGER_DATA_DIR: dataDir, PORT: '0', ...env });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(sentence)]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
