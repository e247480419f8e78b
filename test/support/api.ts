import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import type { Role } from '@ledger/ledger';
import { RunningServer, startServer } from './ledger-process';
import { issueKeys } from './keys';
import { describeWithPostgres, testPostgresUrl } from './postgres';

/** Where a served ledger keeps its data: the environment `ledger serve` is started with. */
export interface StoreUnderTest {
  name: string;
  describe: (name: string, body: () => void) => void;
  /** A fresh, empty store; `dispose` removes it. */
  create(): Promise<{ env: Record<string, string>; dispose(): Promise<void> }>;
}

export const SQLITE: StoreUnderTest = {
  name: 'SQLite',
  describe,
  create: async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-api-'));
    return {
      env: { LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: dataDir },
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  },
};

const onServer = async (sql: string) => {
  const client = new Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** A database of its own per suite, as a deployment would have (and nothing shared to clean up). */
export const POSTGRES: StoreUnderTest = {
  name: 'PostgreSQL',
  describe: describeWithPostgres,
  create: async () => {
    const database = `ledger_api_${randomBytes(5).toString('hex')}`;
    await onServer(`CREATE DATABASE ${database}`);
    const url = new URL(testPostgresUrl()!);
    url.pathname = `/${database}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-api-pg-'));
    return {
      env: { LEDGER_STORE: 'postgres', DATABASE_URL: url.toString(), LEDGER_DATA_DIR: dataDir },
      dispose: async () => {
        rmSync(dataDir, { recursive: true, force: true });
        await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      },
    };
  },
};

export const STORES = [SQLITE, POSTGRES];

type Keys = Record<Role | 'other-unit-leader', string>;

/** `ledger serve` running as its own process on a real store, with a key for every role. */
export interface ApiUnderTest {
  url: () => string;
  env: Record<string, string>;
  keys: Keys;
  http: () => ReturnType<typeof request>;
  /** Stops the server (SIGTERM) and starts it again on the same store. */
  restart(): Promise<void>;
  /** Kills the server (SIGKILL: no goodbye) and starts it again on the same store. */
  crash(): Promise<void>;
  close(): Promise<void>;
}

const ROLE_KEYS = ['admin', 'supervisor', 'reviewer', 'auditor', 'analyst'] as const;
const LEADERS = { 'unit-leader': 'sansheng', 'other-unit-leader': 'niuwangmiao' } as const;

/**
 * Keys for every role but the unit leaders', issued as `ledger keys create` issues them, before
 * the server starts. A unit leader's key needs its unit registered first: `issueLeaderKeys`.
 */
const createKeys = async (env: Record<string, string>): Promise<Keys> => {
  const issued = await issueKeys(
    env,
    ROLE_KEYS.map((role) => ({ role, name: `${role} under test` })),
  );
  const keys = Object.fromEntries(ROLE_KEYS.map((role, i) => [role, issued[i]!]));
  for (const [leader, unitId] of Object.entries(LEADERS)) {
    Object.defineProperty(keys, leader, {
      configurable: true,
      enumerable: true,
      get: () => {
        throw new Error(
          `Register unit "${unitId}", then issueLeaderKeys(api), before using the ${leader} key.`,
        );
      },
    });
  }
  return keys as Keys;
};

/**
 * Issues the unit leaders' keys over HTTP, as an admin does: `unit-leader` for sansheng and
 * `other-unit-leader` for niuwangmiao, which must be registered.
 */
export const issueLeaderKeys = async (api: ApiUnderTest): Promise<void> => {
  for (const [leader, unitId] of Object.entries(LEADERS)) {
    const response = await api
      .http()
      .post('/api/keys')
      .set('Authorization', `Bearer ${api.keys.admin}`)
      .send({ role: 'unit-leader', unitId, name: `${leader} under test` });
    if (response.status !== 201)
      throw new Error(`issuing the ${leader} key: ${response.status} ${JSON.stringify(response.body)}`);
    Object.defineProperty(api.keys, leader, { value: response.body.key, enumerable: true });
  }
};

/** A key of the right shape that is not `key`: its last character changed, whatever that character was. */
export const wrongKeyFor = (key: string): string => `${key.slice(0, -1)}${key.endsWith('x') ? 'y' : 'x'}`;

export const startApi = async (
  store: StoreUnderTest,
  settings: Record<string, string> = {},
): Promise<ApiUnderTest> => {
  const created = await store.create();
  const env = { ...created.env, ...settings };
  const { dispose } = created;
  const keys = await createKeys(env);
  let server: RunningServer = await startServer(env);
  return {
    url: () => server.url,
    env,
    keys,
    http: () => request(server.url),
    restart: async () => {
      await server.stop();
      server = await startServer(env);
    },
    crash: async () => {
      const exited = new Promise((resolve) => server.process.once('exit', resolve));
      server.process.kill('SIGKILL');
      await exited;
      server = await startServer(env);
    },
    close: async () => {
      await server.stop();
      await dispose();
    },
  };
};

export type Caller = keyof Keys;

/** Requests under one role's key: `as(api, 'supervisor').post('/cycles', {...})`. */
export const as = (api: ApiUnderTest, caller: Caller) => {
  const auth = `Bearer ${api.keys[caller]}`;
  return {
    get: (path: string) => api.http().get(`/api${path}`).set('Authorization', auth),
    post: (path: string, body: object = {}, headers: Record<string, string> = {}) =>
      api.http().post(`/api${path}`).set('Authorization', auth).set(headers).send(body),
  };
};

/** A 2007 cycle with one key item, `services`, and street offices u0, u1, ...: what a load test awards on. */
export const openKeyItemCycle = async (api: ApiUnderTest, units: number): Promise<void> => {
  const supervisor = as(api, 'supervisor');
  await supervisor.post('/cycles', { year: 2007 }).expect(201);
  await supervisor
    .post('/cycles/2007/items', { itemId: 'services', title: 'Services', track: 'X' })
    .expect(201);
  for (let u = 0; u < units; u++) {
    await supervisor.post('/units', { unitId: `u${u}`, name: `u${u}`, kind: 'street' }).expect(201);
  }
};

/** The whole raw log, page by page, as an auditor reads it. */
export const wholeLog = async (api: ApiUnderTest) => {
  const events: {
    id: string;
    type: string;
    position: string;
    recordedAt: string;
    metadata: { reason: string | null };
  }[] = [];
  for (;;) {
    const after = events.at(-1)?.position ?? '0';
    const page = await as(api, 'auditor').get(`/events?after=${after}&limit=1000`).expect(200);
    if (page.body.length === 0) return events;
    events.push(...page.body);
  }
};

/** Retries an assertion until it holds: for what reactions (cases, reversals, panel rulings) write after a command. */
export const eventually = async <T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
};
