/**
 * The ledger beside Emmett 0.42 (issue 16, item 5), in one run on SQLite and PostgreSQL: the
 * same award workload at 1 and 50 commands in flight, through the ledger's command executor
 * and through Emmett's `CommandHandler` with an equivalent decider, and a 1,000-event stream
 * read and folded. Each measurement runs in a fresh process on a fresh database, the two
 * systems alternating, and the median of 3 is printed with the ratio.
 *
 * Emmett is not a dependency of the project: the first run installs the pinned packages into
 * bench/peers/.emmett (BENCH_PEERS_DIR to use another folder). Run: npm run bench:peers
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { describeMachine } from '../machine';

const PEERS_DIR = process.env.BENCH_PEERS_DIR ?? join(__dirname, '.emmett');
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REPEATS = 3;
/**
 * Emmett 0.42 and what it needs. The registry here holds emmett 0.42.0 while emmett-sqlite
 * 0.42.4 asks for emmett 0.42.4 as a peer, so peers are not resolved by npm but listed.
 */
const PACKAGES = [
  '@event-driven-io/emmett@0.42.0',
  '@event-driven-io/emmett-postgresql@0.42.0',
  '@event-driven-io/emmett-sqlite@0.42.4',
  '@event-driven-io/pongo@0.16.11',
  '@event-driven-io/dumbo@0.12.7',
  'pg@8',
  'pg-connection-string@2',
  'uuid@10',
  'async-retry@1',
  'commander@12',
  'ansis@3',
  'cli-table3@0.6',
  'sqlite3@5',
];

const installEmmett = () => {
  if (existsSync(join(PEERS_DIR, 'node_modules', '@event-driven-io', 'emmett-sqlite'))) return;
  console.log(`installing Emmett 0.42 into ${PEERS_DIR} (once)...`);
  mkdirSync(PEERS_DIR, { recursive: true });
  writeFileSync(join(PEERS_DIR, 'package.json'), '{"name":"bench-peers","private":true}\n');
  execFileSync(
    'npm',
    ['install', '--prefix', PEERS_DIR, '--legacy-peer-deps', '--no-audit', '--no-fund', ...PACKAGES],
    { stdio: 'inherit' },
  );
};

/** A fresh database for one measurement, and how to drop it once its process has ended. */
const freshDatabase = async (store: string): Promise<{ url: string; drop(): Promise<void> }> => {
  if (store === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-peers-'));
    return { url: join(dir, 'events.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `bench_peers_${process.pid}_${Date.now()}`;
  const admin = async (statement: string) => {
    const client = new Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
};

interface Measured {
  failed?: string;
  perSecond?: number;
  p50?: number;
  p99?: number;
  foldMs?: number;
}

const measure = async (system: string, store: string, workload: string): Promise<Measured> => {
  const database = await freshDatabase(store);
  try {
    const out = execFileSync(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'measure.ts'), system, store, workload],
      { env: { ...process.env, BENCH_DATABASE: database.url, BENCH_PEERS_DIR: PEERS_DIR }, encoding: 'utf8' },
    );
    return JSON.parse(out.trim().split('\n').pop()!) as Measured;
  } finally {
    await database.drop();
  }
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const main = async () => {
  installEmmett();
  console.log(describeMachine());
  console.log(
    `awards: ${process.env.BENCH_COMMANDS ?? 5000} commands over 200 units; fold: a 1,000-event stream read and folded; median of ${REPEATS} fresh processes each\n`,
  );
  console.log(
    `${'store'.padEnd(10)} ${'workload'.padEnd(15)} ${'ledger'.padEnd(24)} ${'emmett'.padEnd(24)} ledger/emmett`,
  );
  for (const store of ['sqlite', 'postgres']) {
    for (const workload of ['1', '50', 'fold']) {
      const runs: Record<string, Measured[]> = { ledger: [], emmett: [] };
      for (let repeat = 0; repeat < REPEATS; repeat++)
        for (const system of repeat % 2 === 0 ? ['ledger', 'emmett'] : ['emmett', 'ledger'])
          runs[system]!.push(await measure(system, store, workload));
      const label = workload === 'fold' ? 'fold 1,000' : `awards c=${workload}`;
      if (workload === 'fold') {
        const [ours, theirs] = [
          median(runs.ledger!.map((r) => r.foldMs!)),
          median(runs.emmett!.map((r) => r.foldMs!)),
        ];
        console.log(
          `${store.padEnd(10)} ${label.padEnd(15)} ${`${ours.toFixed(2)} ms`.padEnd(24)} ${`${theirs.toFixed(2)} ms`.padEnd(24)} ${theirs >= ours ? `${(theirs / ours).toFixed(2)}x faster` : `${(ours / theirs).toFixed(2)}x slower`}`,
        );
      } else {
        const failed = (rs: Measured[]) => rs.find((r) => r.failed)?.failed;
        const cell = (rs: Measured[]) =>
          failed(rs)
            ? 'failed'
            : `${median(rs.map((r) => r.perSecond!))}/s p99 ${median(rs.map((r) => r.p99!)).toFixed(1)} ms`;
        const failure = failed(runs.ledger!) ?? failed(runs.emmett!);
        const ratio = failure
          ? `(${failed(runs.ledger!) ? 'ledger' : 'emmett'} failed: ${failure})`
          : `${(median(runs.ledger!.map((r) => r.perSecond!)) / median(runs.emmett!.map((r) => r.perSecond!))).toFixed(2)}x`;
        console.log(
          `${store.padEnd(10)} ${label.padEnd(15)} ${cell(runs.ledger!).padEnd(24)} ${cell(runs.emmett!).padEnd(24)} ${ratio}`,
        );
      }
    }
  }
};

void main();
