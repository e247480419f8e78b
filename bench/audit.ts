/**
 * Audit speed on the embedded store: generates a log (default 1,000,000 events), and prints, in
 * the same run, how fast the Merkle tree follower takes in the log beside the store's own
 * batch-append rate (aim: never the bottleneck, ratio >= 1), the latency of inclusion proofs for
 * random leaves of the whole log (aim: p99 < 20 ms), and the time to export and verify the
 * demo's 2007 bundle. Run: npm run bench:audit   (BENCH_EVENTS=200000 for a shorter run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTreeStore, TreeBuilder, inclusionProof } from '@ledger/audit';
import { SqliteEventStore } from '@ledger/event-store';
import { Ledger, exportBundle, loadConfig, loadDemo, verifyBundle } from '@ledger/ledger';
import { generateLog } from '../test/support/generate-log';
import { describeMachine, rate, time } from './machine';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PROOFS = 2000;
const shape = { cycles: 20, units: 200, eventsPerUnit: Math.round(EVENTS / (20 * 200)), burst: 50 };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

const main = async () => {
  console.log(describeMachine());
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-audit-'));
  try {
    const events = SqliteEventStore.open(join(dir, 'ledger.db'));
    let count = 0;
    const appendMs = await time(async () => {
      for (const append of generateLog(shape)) {
        await events.append(append.stream, append.events, { expectedRevision: 'any' });
        count += append.events.length;
      }
    });
    const tree = new SqliteTreeStore(events.db);
    const builder = new TreeBuilder(events, tree);
    const head = (await events.headPosition())!;
    const treeMs = await time(async () => {
      await builder.start();
      await builder.waitFor(head, 3_600_000);
    });
    await builder.stop();
    const size = (await tree.state()).size;
    const latencies: number[] = [];
    for (let i = 0; i < PROOFS; i++) {
      const leaf = Math.floor(Math.random() * size);
      latencies.push(await time(() => inclusionProof(leaf, size, tree).then(() => undefined)));
    }
    latencies.sort((a, b) => a - b);
    await events.close();

    const demoDir = join(dir, 'demo');
    const ledger = await Ledger.open(
      loadConfig({ LEDGER_DATA_DIR: demoDir, LEDGER_LOG_NAME: 'appraisal-ledger/bench' }),
    );
    await ledger.start();
    await loadDemo(ledger);
    let text = '';
    const exportMs = await time(async () => {
      text = JSON.stringify(await exportBundle(ledger, 2007));
    });
    await ledger.stop();
    let verified = '';
    const verifyMs = await time(async () => {
      verified = (await verifyBundle(text)).problem ?? 'ok';
    });

    const appendRate = rate(count, appendMs);
    const treeRate = rate(size, treeMs);
    console.log(`audit: ${count.toLocaleString('en')} events on SQLite, ${PROOFS} proofs of random leaves`);
    console.log('');
    console.log('what                                    figure        baseline                 ratio');
    console.log(
      `tree follower, events/s                 ${String(treeRate).padStart(9)}     appends ${String(appendRate).padStart(9)}/s   ${(treeRate / appendRate).toFixed(2)}`,
    );
    console.log(
      `inclusion proof p50 / p99 (ms)          ${percentile(latencies, 0.5).toFixed(2)} / ${percentile(latencies, 0.99).toFixed(2)}    aim p99 < 20 ms`,
    );
    console.log(
      `2007 bundle: export ${exportMs.toFixed(0)} ms, verify ${verifyMs.toFixed(0)} ms (${(text.length / 1024).toFixed(0)} KiB): ${verified}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

void main();
