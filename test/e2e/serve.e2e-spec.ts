import { mkdtempSync, rmSync } from 'node:fs';
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

  it('publishes its OpenAPI document and the Swagger UI', async () => {
    const document = (await (await fetch(`${server.url}/api/docs-json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toContain('/api/health');
    const ui = await fetch(`${server.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('logs as JSON lines', () => {
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'log' });
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
