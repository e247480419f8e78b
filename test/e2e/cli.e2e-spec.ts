import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { STORES, StoreUnderTest } from '../support/api';
import { RunningServer, runLedger, startServer } from '../support/ledger-process';

/** Edits a stored event straight in the database, as someone with access to it could. */
const tamper = async (store: StoreUnderTest, env: Record<string, string>, stream: string) => {
  if (store.name === 'SQLite') {
    const db = new Database(join(env.LEDGER_DATA_DIR!, 'ledger.db'));
    db.prepare(
      `UPDATE events SET data = json_set(data, '$.points', 50) WHERE stream = ? AND revision = 5`,
    ).run(stream);
    db.close();
  } else {
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    await client.query(
      `UPDATE events SET data = jsonb_set(data, '{points}', '50') WHERE stream = $1 AND revision = 5`,
      [stream],
    );
    await client.end();
  }
};

/** The `ledger` command run as a user runs it, on each store, against the demo. */
for (const store of STORES) {
  store.describe(`the ledger CLI on ${store.name}`, () => {
    let env: Record<string, string>;
    let dispose: () => Promise<void>;
    let server: RunningServer | undefined;
    let auditorKey: string;

    const ledger = (...args: string[]) => runLedger(args, env);
    const api = async (path: string) => {
      const response = await fetch(`${server!.url}/api${path}`, {
        headers: { Authorization: `Bearer ${auditorKey}` },
      });
      expect(response.status).toBe(200);
      return response.json();
    };

    beforeAll(async () => {
      ({ env, dispose } = await store.create());
    });
    afterAll(async () => {
      await server?.stop();
      await dispose();
    });

    it('loads the 2007 demo through the command handlers, and the log verifies', () => {
      const demo = ledger('demo');
      expect(demo.stderr).not.toMatch(/\n\s+at /);
      expect(demo.status).toBe(0);
      expect(demo.stdout).toMatch(/Loaded the 2007 Jinjiang demo: \d+ commands/);
      expect(demo.stdout).toContain('三聖街道 (sansheng)');
      expect(demo.stdout).toMatch(/楊光 \(shahe\) is sanctioned, 30% of the year-end bonus withheld/);
      const verified = ledger('verify');
      expect(verified.status).toBe(0);
      expect(verified.stdout).toMatch(/verified \d+ events in \d+ streams: every hash chain is intact/);
    });

    it('refuses to load the demo a second time, in one sentence', () => {
      const again = ledger('demo');
      expect(again.status).toBe(1);
      expect(again.stderr.trim().split('\n')).toEqual([
        expect.stringContaining('already holds a 2007 cycle'),
      ]);
    });

    it('prints a unit’s history that matches the API, now and as of an earlier position', async () => {
      auditorKey = ledger('keys', 'create', '--role', 'auditor', '--name', 'auditor')
        .stdout.trim()
        .split('\n')
        .pop()!;
      server = await startServer(env);
      const rows = JSON.parse(
        ledger('history', '--year', '2007', '--unit', 'niushikou', '--json').stdout,
      ) as {
        position: string;
        type: string;
        total: number;
      }[];
      const apiRows = (await api('/cycles/2007/units/niushikou/history')) as typeof rows;
      expect(rows).toEqual(apiRows);
      const now = (await api('/cycles/2007/units/niushikou/score')) as { total: number };
      expect(rows[rows.length - 1]!.total).toBe(now.total);

      // Before the overturned deduction was reversed, the unit stood one point lower.
      const reversal = rows.findIndex((row) => row.type === 'EntryReversed');
      const before = rows[reversal - 1]!;
      const then = ledger(
        'history',
        '--year',
        '2007',
        '--unit',
        'niushikou',
        '--at-position',
        before.position,
        '--json',
      );
      const thenRows = JSON.parse(then.stdout) as typeof rows;
      expect(thenRows).toHaveLength(reversal);
      const apiThen = (await api(`/cycles/2007/units/niushikou/score?atPosition=${before.position}`)) as {
        total: number;
      };
      expect(thenRows[thenRows.length - 1]!.total).toBe(apiThen.total);
      expect(apiThen.total).toBe(now.total - 1);

      const table = ledger('history', '--year', '2007', '--unit', 'niushikou');
      expect(table.status).toBe(0);
      expect(table.stdout).toContain('EntryReversed');
      expect(table.stdout).toContain(`total: ${now.total}`);
    });

    it('exports the scoreboard, accountability and audit trail as JSON and as CSV that round-trip', async () => {
      const board = (await api('/cycles/2007/scoreboard')) as { unitId: string; total: number }[];
      const exported = JSON.parse(ledger('export', '--year', '2007', '--format', 'json').stdout) as {
        scoreboard: typeof board;
        accountability: unknown[];
        auditTrail: unknown[];
      };
      expect(exported.scoreboard).toEqual(board);
      expect(exported.accountability).toEqual(await api('/cycles/2007/accountability'));
      const verified = (await api('/audit/verify')) as { eventsChecked: number };
      // Every event of the log but the keys' issues, which belong to no cycle.
      const keysIssued = (JSON.parse(ledger('keys', 'list', '--json').stdout) as unknown[]).length;
      expect(keysIssued).toBeGreaterThan(0);
      expect(exported.auditTrail).toHaveLength(verified.eventsChecked - keysIssued);

      const out = join(env.LEDGER_DATA_DIR!, 'export-2007.csv');
      expect(ledger('export', '--year', '2007', '--format', 'csv', '--out', out).status).toBe(0);
      const scoreboardCsv = readFileSync(join(env.LEDGER_DATA_DIR!, 'export-2007.scoreboard.csv'), 'utf8');
      expect(scoreboardCsv.startsWith('\uFEFFunitId,name,kind,regularScore,keyScore,total,rank')).toBe(true);
      const lines = scoreboardCsv.trim().split('\n');
      expect(lines).toHaveLength(board.length + 1);
      expect(scoreboardCsv).toContain('三聖街道');
      const totals = lines.slice(1).map((line) => Number(line.split(',')[5]));
      expect(totals).toEqual(board.map((row) => row.total));
      expect(existsSync(join(env.LEDGER_DATA_DIR!, 'export-2007.accountability.csv'))).toBe(true);
      const trail = readFileSync(join(env.LEDGER_DATA_DIR!, 'export-2007.audit-trail.csv'), 'utf8');
      expect(trail.startsWith('\uFEFFposition,recordedAt,stream,revision,type')).toBe(true);
    });

    it('rebuilds the read models and leaves the scoreboard as it was', async () => {
      const before = await api('/cycles/2007/scoreboard');
      const rebuilt = ledger('rebuild');
      expect(rebuilt.status).toBe(0);
      expect(rebuilt.stdout).toMatch(
        /rebuilt scores, accountability, disputes, panels, history from \d+ events/,
      );
      expect(ledger('rebuild', '--projection', 'history').status).toBe(0);
      expect(await api('/cycles/2007/scoreboard')).toEqual(before);
      expect(JSON.parse(ledger('export', '--year', '2007', '--format', 'json').stdout).scoreboard).toEqual(
        before,
      );
    });

    it('names the tampered stream and exits 1 when a stored event is altered in the database', async () => {
      await server?.stop();
      server = undefined;
      await tamper(store, env, 'scorecard-2007-sansheng');
      const verified = ledger('verify');
      expect(verified.status).toBe(1);
      expect(verified.stdout).toMatch(
        /TAMPERED: stream scorecard-2007-sansheng, revision 5: expected [0-9a-f]{64}, found [0-9a-f]{64}/,
      );
    });
  });
}

describe('the ledger CLI with bad arguments', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  // An empty ledger, so that what is refused is the argument, not a missing store.
  beforeAll(() =>
    expect(
      runLedger(['keys', 'create', '--role', 'analyst', '--name', 'x'], { LEDGER_DATA_DIR: scratch }).status,
    ).toBe(0),
  );
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(['serve', 'keys', 'demo', 'rebuild', 'history', 'verify', 'export'])(
    'has --help for %s',
    (command) => {
      const help = runLedger([command, '--help']);
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/Usage: ledger/);
    },
  );

  it.each([
    [['history', '--year', '2007'], "required option '--unit <unitId>' not specified"],
    [['history', '--year', 'last', '--unit', 'sansheng'], 'a cycle year is four digits'],
    [['history', '--year', '2007', '--unit', 'sansheng', '--as-of', 'yesterday'], 'ISO 8601 instant'],
    [['export', '--year', '2007', '--format', 'xlsx'], 'Allowed choices are csv, json'],
    [['rebuild', '--projection', 'everything'], '--projection must be one of'],
  ])('refuses %p with one sentence and no stack trace', (args, sentence) => {
    const result = runLedger(args, { LEDGER_DATA_DIR: scratch });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(sentence);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says an unreachable store in one sentence', () => {
    const result = runLedger(['verify'], {
      LEDGER_STORE: 'postgres',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('Cannot reach PostgreSQL at 127.0.0.1:1'),
    ]);
  });

  it('says an unknown cycle or unit in one sentence', () => {
    const result = runLedger(['history', '--year', '1999', '--unit', 'sansheng'], {
      LEDGER_DATA_DIR: scratch,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('ledger: There is no appraisal cycle 1999.');
  });
});
