import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningServer, runLedger, startServer } from '../support/ledger-process';

describe('ledger serve', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-serve-'));
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ LEDGER_DATA_DIR: dataDir });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /api/health with the event store reachable, without a key', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } } });
  });

  it('serves the dashboard at /, which reads the API under its user’s key', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('<title>Appraisal Ledger');
    expect(page).toMatch(/<script type="module" crossorigin src="\/assets\/[\w-]+\.js">/);
  });

  it('publishes its OpenAPI document and the Swagger UI', async () => {
    const document = (await (await fetch(`${server.url}/api/docs-json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toMatch(/^3\./);
    // Every route, one by one, is held to the served document by test/e2e/api-reference.
    const paths = Object.keys(document.paths);
    expect(paths.length).toBeGreaterThan(40);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/health', '/api/cycles', '/api/events', '/api/keys', '/api/metrics']),
    );
    const ui = await fetch(`${server.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('writes a first admin key to a file only its owner can read, and prints the path, not the key', async () => {
    const file = join(dataDir, 'admin.key');
    const key = readFileSync(file, 'utf8').trim();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(server.output()).toContain(file);
    expect(server.output()).not.toContain(key);
    const response = await fetch(`${server.url}/api/projections`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);
  });

  it('creates keys with `ledger keys create`, printing the key alone on the last line, stored hashed', async () => {
    const adminKey = readFileSync(join(dataDir, 'admin.key'), 'utf8').trim();
    const registered = await fetch(`${server.url}/api/units`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ unitId: 'sansheng', name: '三聖街道', kind: 'street' }),
    });
    expect(registered.status).toBe(201);
    const created = runLedger(
      ['keys', 'create', '--role', 'unit-leader', '--unit', 'sansheng', '--name', 'Li Ming'],
      {
        LEDGER_DATA_DIR: dataDir,
      },
    );
    expect(created.status).toBe(0);
    const key = created.stdout.trim().split('\n').pop()!;
    expect(key).toMatch(/^al_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
    expect(readFileSync(join(dataDir, 'ledger.db')).includes(key)).toBe(false);
    const own = await fetch(`${server.url}/api/cycles/2007/units/sansheng/score`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(own.status).toBe(404); // allowed, but there is no cycle 2007 yet
    const other = await fetch(`${server.url}/api/cycles/2007/units/shuyuan/score`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(other.status).toBe(403);
  });

  it.each([
    [['keys', 'create', '--role', 'mayor', '--name', 'x'], 'The role must be one of'],
    [['keys', 'create', '--role', 'unit-leader', '--name', 'x'], 'A unit-leader key is bound to one unit'],
    [
      ['keys', 'create', '--role', 'unit-leader', '--unit', 'nope', '--name', 'x'],
      'There is no unit "nope"; register it',
    ],
    [['keys', 'create', '--role', 'analyst'], "required option '--name <name>' not specified"],
  ])('refuses a bad key request with one sentence: %p', (args, sentence) => {
    const result = runLedger(args, { LEDGER_DATA_DIR: dataDir });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(sentence);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('logs as JSON lines (pino: the level by name)', () => {
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info' });
  });
});

describe('ledger with bad configuration', () => {
  it.each([
    [{ LEDGER_STORE: 'mongodb' }, 'LEDGER_STORE must be one of sqlite, postgres, kurrentdb'],
    [{ PORT: 'eighty' }, 'PORT must be a whole number'],
    [
      { LEDGER_STORE: 'postgres', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      'Cannot reach PostgreSQL at 127.0.0.1:1',
    ],
  ])('stops at start-up with one sentence and no stack trace: %p', (env, sentence) => {
    const result = runLedger(['serve'], env);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(sentence)]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints usage for an unknown command', () => {
    const result = runLedger(['frobnicate']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/unknown command/);
  });
});
