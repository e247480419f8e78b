import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { ApiUnderTest, POSTGRES, STORES, as, openKeyItemCycle, startApi, wholeLog } from '../support/api';
import { LEDGER, RunningServer, runLedger, startServer } from '../support/ledger-process';
import { describeWithPostgres } from '../support/postgres';
import { ImportedEvent, asImported } from '@ledger/event-store';

const UNITS = 6;
const CLIENTS = 4;
const LOG_NAME = 'appraisal-ledger/backup-test';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `ledger` as a separate process, without blocking this one: the clients under load keep going meanwhile. */
const ledgerWhileLoaded = (args: string[], env: Record<string, string>) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [LEDGER, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

/** The events of a log as a backup must carry them: everything but the store's own positions. */
const asCarried = (events: unknown[]) => (events as ImportedEvent[]).map(asImported);

type Board = { unitId: string; regularScore: number; keyScore: number; total: number }[];

/** One award's data changed in a copy of the backup, as whoever held the file could: its hash no longer matches. */
const tamperedCopy = (backup: string, into: string): { stream: string; revision: number } => {
  if (backup.endsWith('.db')) {
    copyFileSync(backup, into);
    const db = new Database(into);
    try {
      const award = db
        .prepare(
          `SELECT stream, revision, position FROM events WHERE type = 'PointsAwarded' ORDER BY position LIMIT 1 OFFSET 10`,
        )
        .get() as { stream: string; revision: number; position: number };
      db.prepare(`UPDATE events SET data = json_set(data, '$.points', 50) WHERE position = ?`).run(
        award.position,
      );
      return award;
    } finally {
      db.close();
    }
  }
  const lines = readFileSync(backup, 'utf8').split('\n');
  const at = lines.findIndex(
    (line, i) => i > 0 && line.includes('"type":"PointsAwarded"') && line.includes('"revision":3,'),
  );
  const award = JSON.parse(lines[at]!) as { stream: string; revision: number; data: { points: number } };
  award.data.points = 50;
  lines[at] = JSON.stringify(award);
  writeFileSync(into, lines.join('\n'));
  return award;
};

for (const store of STORES) {
  store.describe(`backup and restore on ${store.name}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-backups-'));
    // On SQLite the default backup is the whole file; elsewhere NDJSON.
    const backupFile = join(dir, store === POSTGRES ? 'ledger.ndjson' : 'ledger.db');
    const disposals: (() => Promise<void>)[] = [];
    let api: ApiUnderTest;
    let taken: { events: number; head: string };

    /** A fresh, empty store with the original's signing key and log name (as a restore on another machine would have them copied). */
    const emptyStore = async () => {
      const created = await store.create();
      disposals.push(created.dispose);
      return {
        ...created.env,
        LEDGER_LOG_NAME: LOG_NAME,
        LEDGER_SIGNING_KEY_FILE: join(api.env.LEDGER_DATA_DIR!, 'signing.key'),
      };
    };

    beforeAll(async () => {
      // Checkpoints signed often, so that the backup carries several to verify.
      api = await startApi(store, { LEDGER_CHECKPOINT_EVERY: '0.3', LEDGER_LOG_NAME: LOG_NAME });
      await openKeyItemCycle(api, UNITS);
    }, 60_000);

    afterAll(async () => {
      await api?.close();
      for (const dispose of disposals) await dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it("takes a backup under write load that restores into an empty store, verifies, and gives the original's scoreboard at the backup's head", async () => {
      let stopping = false;
      let acknowledged = 0;
      const client = async (n: number) => {
        while (!stopping) {
          const answer = await as(api, 'supervisor')
            .post(`/cycles/2007/units/u${n % UNITS}/awards`, {
              itemId: 'services',
              points: 1 + (n % 3),
              reason: 'load',
            })
            .catch(() => null);
          if (answer?.status === 201) acknowledged++;
        }
      };
      const load = Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
      await sleep(1500);
      const before = acknowledged;
      const backup = await ledgerWhileLoaded(['backup', '--out', backupFile], api.env);
      const during = acknowledged - before;
      await sleep(500);
      stopping = true;
      await load;

      expect(backup.stderr).toBe('');
      expect(backup.status).toBe(0);
      const summary = /^backed up (\d+) events \(the log up to position (\d+)\)/.exec(backup.stdout);
      expect(summary).not.toBeNull();
      taken = { events: Number(summary![1]), head: summary![2]! };
      // The clients kept writing while the backup was taken and after: the backup is a moment of a moving log.
      expect(during).toBeGreaterThan(0);
      const original = await wholeLog(api);
      expect(original.length).toBeGreaterThan(taken.events);
      expect(original[taken.events - 1]!.position).toBe(taken.head);

      const env = await emptyStore();
      const restored = runLedger(['restore', backupFile], env, 120_000);
      expect(restored.status).toBe(0);
      expect(restored.stdout).toMatch(
        new RegExp(
          `^checked the backup .*: ${taken.events} events in \\d+ streams, every hash chain intact, and ([1-9]\\d*) signed checkpoints? reproduced`,
        ),
      );
      expect(restored.stdout).toMatch(
        /^verified \d+ events in \d+ streams: every hash chain is intact, and the log reproduces [1-9]\d* signed checkpoints?\.$/m,
      );
      const verified = runLedger(['verify'], env, 60_000);
      expect(verified.stdout).toMatch(
        new RegExp(
          `^verified ${taken.events} events in \\d+ streams: every hash chain is intact, and the log reproduces [1-9]\\d* signed checkpoints?\\.`,
        ),
      );
      expect(verified.status).toBe(0);

      // The original's scores as they stood right after the backup's last event, unit by unit.
      const atHead: Board = [];
      for (let u = 0; u < UNITS; u++) {
        const score = await as(api, 'analyst')
          .get(`/cycles/2007/units/u${u}/score?atPosition=${taken.head}`)
          .expect(200);
        atHead.push(score.body);
      }
      // The restored ledger serves them, to the keys issued on the original (their hashes were carried).
      const server = await startServer(env);
      try {
        const auth = (role: 'analyst' | 'auditor') => `Bearer ${api.keys[role]}`;
        const board = (
          await request(server.url)
            .get('/api/cycles/2007/scoreboard')
            .set('Authorization', auth('analyst'))
            .expect(200)
        ).body as Board;
        const pick = ({ unitId, regularScore, keyScore, total }: Board[number]) => ({
          unitId,
          regularScore,
          keyScore,
          total,
        });
        expect(board.map(pick).sort((a, b) => a.unitId.localeCompare(b.unitId))).toEqual(atHead.map(pick));
        expect(atHead.reduce((sum, row) => sum + row.keyScore, 0)).toBeGreaterThan(0);
        // Event for event, the restored log is the original's up to the backup's head, in the same order.
        const restoredLog: Record<string, unknown>[] = [];
        for (;;) {
          const after = (restoredLog.at(-1)?.position as string | undefined) ?? '0';
          const page = await request(server.url)
            .get(`/api/events?after=${after}&limit=1000`)
            .set('Authorization', auth('auditor'))
            .expect(200);
          if (page.body.length === 0) break;
          restoredLog.push(...page.body);
        }
        expect(asCarried(restoredLog)).toEqual(asCarried(original.slice(0, taken.events)));
      } finally {
        await server.stop();
      }
    }, 180_000);

    it('refuses to restore into a store that holds events, in one sentence, and changes nothing there', async () => {
      const before = await wholeLog(api);
      const refused = runLedger(['restore', backupFile], api.env, 60_000);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(
        /^ledger: .* already holds events \(its log ends at position \d+\); restore and migrate write only into an empty store, so nothing was changed\.\n$/,
      );
      expect((await wholeLog(api)).map((e) => e.id)).toEqual(before.map((e) => e.id));
    }, 60_000);

    it('refuses a backup with one award changed, naming it, and restores nothing', async () => {
      const forged = join(dir, `forged-${backupFile.endsWith('.db') ? 'ledger.db' : 'ledger.ndjson'}`);
      const { stream, revision } = tamperedCopy(backupFile, forged);
      const env = await emptyStore();
      const refused = runLedger(['restore', forged], env, 60_000);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(
        new RegExp(
          `ledger: The backup .* does not verify: event \\S+ cannot be imported: it does not continue the hash chain of ${stream} at revision ${revision} \\(expected [0-9a-f]{64}, found [0-9a-f]{64}\\); nothing was restored\\.\\n$`,
        ),
      );
      expect(refused.stdout).toBe('');
      // Nothing written: no SQLite ledger made, no event in PostgreSQL.
      const after = runLedger(['verify'], env);
      expect(after.stdout + after.stderr).toMatch(/There is no ledger at|^verified 0 events in 0 streams/);
    }, 60_000);
  });
}

describeWithPostgres('moving a demo ledger from SQLite to PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-migrate-'));
  const sqlite = { LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: dataDir, LEDGER_LOG_NAME: LOG_NAME };
  const disposals: (() => Promise<void>)[] = [];
  let analystKey = '';
  let sqliteBoard: Board;
  let sqliteAccountability: unknown;

  const emptyDatabase = async () => {
    const created = await POSTGRES.create();
    disposals.push(created.dispose);
    return created.env.DATABASE_URL!;
  };
  /** What a server on `env` answers an analyst: the 2007 scoreboard and accountability. */
  const standing = async (env: Record<string, string>) => {
    const server: RunningServer = await startServer(env);
    try {
      const get = (path: string) =>
        request(server.url).get(`/api${path}`).set('Authorization', `Bearer ${analystKey}`).expect(200);
      return {
        board: (await get('/cycles/2007/scoreboard')).body as Board,
        accountability: (await get('/cycles/2007/accountability')).body,
      };
    } finally {
      await server.stop();
    }
  };

  beforeAll(async () => {
    expect(runLedger(['demo'], sqlite, 120_000).status).toBe(0);
    const key = runLedger(['keys', 'create', '--role', 'analyst', '--name', 'District analyst'], sqlite);
    expect(key.status).toBe(0);
    analystKey = key.stdout.trim().split('\n').at(-1)!;
    // A checkpoint signed before the move, which the moved log must still reproduce.
    expect(runLedger(['checkpoint'], sqlite).status).toBe(0);
    ({ board: sqliteBoard, accountability: sqliteAccountability } = await standing(sqlite));
  }, 120_000);

  afterAll(async () => {
    for (const dispose of disposals) await dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ledger migrate --to postgres: the moved ledger verifies, its checkpoints included, and answers the same scoreboard to the same key', async () => {
    const databaseUrl = await emptyDatabase();
    const moved = runLedger(
      ['migrate', '--to', 'postgres'],
      { ...sqlite, DATABASE_URL: databaseUrl },
      120_000,
    );
    expect(moved.stderr).not.toMatch(/ledger:|warning/);
    expect(moved.status).toBe(0);
    expect(moved.stdout).toMatch(
      /^checked the SQLite ledger .*: (\d+) events in \d+ streams, every hash chain intact, and 1 signed checkpoint reproduced\.$/m,
    );
    expect(moved.stdout).toMatch(
      /^restored into PostgreSQL at .*: \d+ events .*, 1 API key \(hashes\) and 1 signed checkpoint;/m,
    );
    const postgres = { ...sqlite, LEDGER_STORE: 'postgres', DATABASE_URL: databaseUrl };
    const verified = runLedger(['verify'], postgres, 60_000);
    expect(verified.stdout).toMatch(
      /^verified \d+ events in \d+ streams: every hash chain is intact, and the log reproduces 1 signed checkpoint\.$/m,
    );
    expect(verified.status).toBe(0);
    const onPostgres = await standing(postgres);
    expect(onPostgres.board).toEqual(sqliteBoard);
    expect(onPostgres.accountability).toEqual(sqliteAccountability);
    expect(sqliteBoard.length).toBeGreaterThan(10);

    // Once moved, PostgreSQL holds events: a second move is refused and changes nothing.
    const again = runLedger(
      ['migrate', '--to', 'postgres'],
      { ...sqlite, DATABASE_URL: databaseUrl },
      60_000,
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already holds events/);
    expect(runLedger(['verify'], postgres).stdout).toBe(verified.stdout);
  }, 180_000);

  it('an NDJSON backup of the SQLite ledger restores into PostgreSQL the same way', async () => {
    const file = join(dataDir, 'demo.ndjson');
    const taken = runLedger(['backup', '--out', file, '--format', 'ndjson'], sqlite);
    expect(taken.status).toBe(0);
    expect(taken.stdout).toMatch(
      /^backed up \d+ events \(the log up to position \d+\), 1 API key \(hashes only\) and 1 signed checkpoint from sqlite/,
    );
    const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!);
    expect(header).toMatchObject({
      format: 'appraisal-ledger/backup/v1',
      store: 'sqlite',
      logName: LOG_NAME,
      keys: 1,
      checkpoints: 1,
    });
    expect(readFileSync(file, 'utf8')).not.toContain(analystKey);
    const postgres = { ...sqlite, LEDGER_STORE: 'postgres', DATABASE_URL: await emptyDatabase() };
    expect(runLedger(['restore', file], postgres, 120_000).status).toBe(0);
    expect(runLedger(['verify'], postgres).stdout).toMatch(/reproduces 1 signed checkpoint\.$/m);
    expect((await standing(postgres)).board).toEqual(sqliteBoard);
  }, 180_000);
});
