import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import request from 'supertest';
import { issueKeys } from '../support/keys';
import { LEDGER, RunningServer, runLedger, startServer } from '../support/ledger-process';
import {
  PrivatePostgres,
  privatePostgresUnavailable,
  startPrivatePostgres,
} from '../support/private-postgres';

const unavailable = privatePostgresUnavailable();
const describeWithServer = unavailable
  ? (name: string, body: () => void) => describe.skip(`${name} (${unavailable})`, body)
  : describe;
if (unavailable) console.log(`[skip] PostgreSQL outage suite: ${unavailable}`);

const CLIENTS = 20;
const UNITS = ['u1', 'u2', 'u3', 'u4', 'u5'];
const DOWN_MS = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PostgreSQL stopped for maintenance and started again while twenty clients award points,
 * twice over. The server must live through it: commands answer 503 STORE_UNAVAILABLE with
 * Retry-After while the database is down (never 500), health says which dependency is down,
 * and once the database is back everything recovers by itself, with every acknowledged award
 * in the log exactly once and the read models agreeing with the log.
 */
describeWithServer('PostgreSQL restarted under command load', () => {
  let postgres: PrivatePostgres;
  let server: RunningServer;
  let dataDir: string;
  let env: Record<string, string>;
  let supervisor: string;
  let auditor: string;

  const post = (path: string, body: object, key?: string) => {
    const call = request(server.url).post(`/api${path}`).set('Authorization', `Bearer ${supervisor}`);
    return (key ? call.set('Idempotency-Key', key) : call).send(body);
  };
  /** How many events the log holds, counted page by page. */
  const wholeLogSize = async () => {
    let count = 0;
    for (let after = '0'; ;) {
      const page = (await get(`/events?after=${after}&limit=1000`)).body as { position: string }[];
      if (page.length === 0) return count;
      count += page.length;
      after = page[page.length - 1]!.position;
    }
  };
  const get = (path: string) =>
    request(server.url).get(`/api${path}`).set('Authorization', `Bearer ${auditor}`);

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-outage-'));
    env = {
      LEDGER_STORE: 'postgres',
      DATABASE_URL: postgres.url,
      LEDGER_DATA_DIR: dataDir,
      LEDGER_CHECKPOINT_EVERY: '0.5',
    };
    [supervisor, auditor] = await issueKeys(env, [
      { role: 'supervisor', name: 'load' },
      { role: 'auditor', name: 'check' },
    ]);
    server = await startServer(env);
    expect((await post('/cycles', { year: 2007 })).status).toBe(201);
    expect(
      (await post('/cycles/2007/items', { itemId: 'services', title: 'Services', track: 'X' })).status,
    ).toBe(201);
    for (const unitId of UNITS) {
      expect((await post('/units', { unitId, name: unitId, kind: 'street' })).status).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    postgres?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lives through two restarts, refuses with 503 while down, recovers by itself, loses and doubles nothing', async () => {
    const acknowledged = new Map<string, { unitId: string; points: number }>();
    let lastPosition = 0;
    const statuses = new Map<string, number>();
    const count = (what: string) => statuses.set(what, (statuses.get(what) ?? 0) + 1);
    let stopping = false;
    let lastSuccessAt = 0;

    // Each client awards one point at a time, retrying an award under its idempotency key until it is answered.
    const client = async (n: number) => {
      for (let i = 0; !stopping; i++) {
        const unitId = UNITS[n % UNITS.length]!;
        const key = `client-${n}-award-${i}`;
        for (;;) {
          const answer = await post(
            `/cycles/2007/units/${unitId}/awards`,
            { itemId: 'services', points: 1, reason: 'done' },
            key,
          ).catch(() => null);
          const status = answer?.status ?? 0;
          count(status === 503 ? `503 ${answer!.body.code}` : String(status));
          if (status === 503) expect(answer!.headers['retry-after']).toBeDefined();
          if (status === 201) {
            acknowledged.set(answer!.body.eventIds[0], { unitId, points: 1 });
            lastPosition = Math.max(lastPosition, Number(answer!.body.position));
            lastSuccessAt = Date.now();
            break;
          }
          await sleep(200);
        }
      }
    };

    const load = Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    const recoveries: number[] = [];
    for (let restart = 0; restart < 2; restart++) {
      await sleep(1500);
      postgres.stop();
      const stoppedAt = Date.now();
      await sleep(1000);
      const health = await request(server.url).get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({
        code: 'STORE_UNAVAILABLE',
        details: { eventStore: { status: 'down' } },
      });
      const verify = runLedger(['verify'], env, 20_000);
      expect(verify.status).toBe(1);
      expect(verify.stderr.trim().split('\n')).toHaveLength(1);
      await sleep(Math.max(0, DOWN_MS - (Date.now() - stoppedAt)));
      expect(server.process.exitCode).toBeNull();
      postgres.start();
      const startedAt = Date.now();
      while (lastSuccessAt < startedAt) {
        if (Date.now() - startedAt > 20_000) throw new Error('commands did not recover within 20 s');
        await sleep(50);
      }
      recoveries.push(lastSuccessAt - startedAt);
    }
    await sleep(1000);
    stopping = true;
    await load;
    console.log(
      `PostgreSQL outage: commands recovered ${recoveries.map((ms) => `${ms} ms`).join(' and ')} after each restart; answers seen: ${JSON.stringify(Object.fromEntries(statuses))}`,
    );

    expect(server.process.exitCode).toBeNull();
    expect(
      [...statuses.keys()].filter((status) => !['201', '503 STORE_UNAVAILABLE'].includes(status)),
    ).toEqual([]);
    expect(statuses.get('503 STORE_UNAVAILABLE')).toBeGreaterThan(0);

    // Every acknowledged award is in the log exactly once, and nothing else was awarded.
    const logged: string[] = [];
    for (let after = '0'; ;) {
      const page = (await get(`/events?after=${after}&limit=1000`)).body as {
        id: string;
        type: string;
        position: string;
      }[];
      if (page.length === 0) break;
      logged.push(...page.filter((e) => e.type === 'PointsAwarded').map((e) => e.id));
      after = page[page.length - 1]!.position;
    }
    expect(logged.length).toBe(new Set(logged).size);
    expect(new Set(logged)).toEqual(new Set(acknowledged.keys()));

    // The chains are intact, health is back, and the read models agree with the log.
    expect((await get('/audit/verify')).body).toMatchObject({ ok: true });
    for (
      const deadline = Date.now() + 10_000;
      (await request(server.url).get('/api/health')).status !== 200;
    ) {
      if (Date.now() > deadline) throw new Error('health did not recover within 10 s');
      await sleep(200);
    }
    const board = await get(`/cycles/2007/scoreboard?minPosition=${lastPosition}`);
    const expected = new Map(UNITS.map((u) => [u, 0]));
    for (const { unitId, points } of acknowledged.values())
      expected.set(unitId, expected.get(unitId)! + points);
    expect(
      new Map((board.body as { unitId: string; keyScore: number }[]).map((r) => [r.unitId, r.keyScore])),
    ).toEqual(expected);

    // The tree and the checkpointer came back too: a checkpoint covers the whole log again.
    const logSize = (await wholeLogSize()) ?? 0;
    for (const deadline = Date.now() + 15_000; ;) {
      const latest = await get('/checkpoints/latest');
      if (latest.status === 200 && latest.body.treeSize >= logSize) break;
      if (Date.now() > deadline)
        throw new Error(`no checkpoint of the ${logSize} events within 15 s of the restarts`);
      await sleep(200);
    }
  }, 120_000);

  it('ledger demo meeting a restart ends with one sentence and exit 1, never a crash trace', async () => {
    const admin = new Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE demo');
    await admin.end();
    const demoEnv = { ...env, DATABASE_URL: postgres.url.replace(/\/postgres$/, '/demo') };
    // Should it hang (it did once in CI, not reproduced), SIGUSR2 makes it write a diagnostic
    // report, whose JavaScript stack says where it waits.
    const reports = mkdtempSync(join(tmpdir(), 'ledger-demo-report-'));
    const demo = spawn(
      process.execPath,
      ['--report-on-signal', '--report-signal=SIGUSR2', `--report-directory=${reports}`, LEDGER, 'demo'],
      { env: { ...process.env, ...demoEnv }, stdio: 'pipe' },
    );
    let stderr = '';
    demo.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => demo.once('exit', resolve));
    await sleep(700);
    postgres.stop();
    const code = await Promise.race([exited, sleep(40_000).then(() => 'hung' as const)]);
    postgres.start();
    if (code === 'hung') {
      demo.kill('SIGUSR2');
      await sleep(2000);
      demo.kill('SIGKILL');
      const report = readdirSync(reports).map((file) => readFileSync(join(reports, file), 'utf8'))[0] ?? '{}';
      const stack = (JSON.parse(report) as { javascriptStack?: unknown }).javascriptStack;
      throw new Error(
        `ledger demo did not exit 40 s after PostgreSQL stopped.\nstderr: ${stderr}\nstack: ${JSON.stringify(stack, null, 1)}`,
      );
    }
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^ledger: /);
    expect(stderr).not.toMatch(/Unhandled|at .*\.js/);
  }, 60_000);
});
