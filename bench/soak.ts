/**
 * A long mixed load at a fixed rate on `ledger serve` over SQLite (issue 16, item 6), to show
 * what grows: per window of the run it prints the server's RSS, JS heap and CPU, the requests' p50 and
 * p99 and failures, the events in the log and the bytes the data directory takes per event.
 * The load: 70 % awards over 200 units, 10 % a unit's score with its first 100 entries, 10 % the first page of a unit's
 * history, 10 % the scoreboard. At the end the log is verified, and the last window is set
 * beside the second (the first is warm-up).
 * Run: npm run bench:soak   (BENCH_SOAK_SECONDS=720 BENCH_SOAK_RATE=300 for twelve minutes)
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { issueKeys } from '../test/support/keys';
import { startServer } from '../test/support/ledger-process';
import { describeMachine, verdict } from './machine';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 180);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 300);
const WINDOW = Number(process.env.BENCH_SOAK_WINDOW ?? 30);
const UNITS = 200;
/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

interface Window {
  heapMb: number;
  requests: number;
  failures: number;
  p50: number;
  p99: number;
  rssMb: number;
  cpuPercent: number;
  events: number;
  bytesPerEvent: number;
}

const rssMb = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Math.round(Number(line?.[1] ?? 0) / 1024);
};

const cpuTicks = (pid: number): number => {
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

const bytesOnDisk = (dir: string): number =>
  readdirSync(dir)
    .filter((name) => !name.endsWith('-shm'))
    .reduce((total, name) => {
      const stats = statSync(join(dir, name));
      return total + (stats.isFile() ? stats.size : 0);
    }, 0);

const main = async () => {
  console.log(describeMachine());
  console.log(
    `soak: ${RATE} requests/s for ${SECONDS} s on SQLite, in windows of ${WINDOW} s (70 % awards, 10 % a score with its first 100 entries, 10 % a history page, 10 % scoreboard)\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  const env = { LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: dir, LEDGER_LOG_LEVEL: 'warn' };
  const [supervisor, auditor] = await issueKeys(env, [
    { role: 'supervisor', name: 'soak' },
    { role: 'auditor', name: 'soak' },
  ]);
  const server = await startServer(env);
  const pid = server.process.pid!;
  const api = async (path: string, key: string, body?: object) => {
    const response = await fetch(`${server.url}/api${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  try {
    await api('/cycles', supervisor, { year: 2007 });
    await api('/cycles/2007/items', supervisor, { itemId: 'services', title: '現代服務業', track: 'X' });
    await api('/cycles/2007/items', supervisor, { itemId: 'safety', title: '安全生產', track: '1' });
    for (let u = 0; u < UNITS; u++)
      await api('/units', supervisor, { unitId: `unit-${u}`, name: `街道 ${u}`, kind: 'street' });

    let next = 0;
    const request = (): {
      method: 'POST' | 'GET';
      path: string;
      body?: string;
      headers: Record<string, string>;
    } => {
      const i = next++;
      const unit = `unit-${(i * 7) % UNITS}`;
      const kind = i % 10;
      const headers = { 'Content-Type': 'application/json' };
      if (kind < 7) {
        const item = kind % 2 === 0 ? 'services' : 'safety';
        return {
          method: 'POST',
          path: `/api/cycles/2007/units/${unit}/awards`,
          body: JSON.stringify({ itemId: item, points: item === 'safety' ? 0.5 : 3, reason: '工作完成' }),
          headers: { ...headers, Authorization: `Bearer ${supervisor}` },
        };
      }
      const path =
        kind === 7
          ? `/api/cycles/2007/units/${unit}/score?entriesLimit=100`
          : kind === 8
            ? `/api/cycles/2007/units/${unit}/history?limit=100`
            : '/api/cycles/2007/scoreboard';
      return { method: 'GET', path, headers: { ...headers, Authorization: `Bearer ${auditor}` } };
    };

    console.log(
      ['window', 'requests', 'failed', 'p50', 'p99', 'RSS', 'JS heap', 'CPU', 'events', 'bytes/event']
        .map((title, i) => title.padStart(i === 0 ? 8 : 12))
        .join(''),
    );
    const windows: Window[] = [];
    for (let elapsed = 0; elapsed < SECONDS; elapsed += WINDOW) {
      const ticks = cpuTicks(pid);
      const result = await autocannon({
        url: server.url,
        connections: 20,
        overallRate: RATE,
        duration: Math.min(WINDOW, SECONDS - elapsed),
        requests: [{ setupRequest: (base) => ({ ...base, ...request() }) }],
      });
      const seconds = Math.min(WINDOW, SECONDS - elapsed);
      const head = (await api('/projections', auditor)) as { head: string | null }[];
      const metrics = await (
        await fetch(`${server.url}/api/metrics`, { headers: { Authorization: `Bearer ${auditor}` } })
      ).text();
      const heapUsed = Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(metrics)?.[1] ?? 0);
      const events = Number(head[0]?.head ?? 0);
      const window: Window = {
        requests: result.requests.total,
        failures: result.non2xx + result.errors + result.timeouts,
        p50: result.latency.p50,
        p99: result.latency.p99,
        rssMb: rssMb(pid),
        heapMb: Math.round(heapUsed / 2 ** 20),
        cpuPercent: Math.round(((cpuTicks(pid) - ticks) / TICKS / seconds) * 100),
        events,
        bytesPerEvent: Math.round(bytesOnDisk(dir) / Math.max(events, 1)),
      };
      windows.push(window);
      console.log(
        [
          `${elapsed + seconds} s`.padStart(8),
          String(window.requests).padStart(12),
          String(window.failures).padStart(12),
          `${window.p50} ms`.padStart(12),
          `${window.p99} ms`.padStart(12),
          `${window.rssMb} MB`.padStart(12),
          `${window.heapMb} MB`.padStart(12),
          `${window.cpuPercent} %`.padStart(12),
          String(window.events).padStart(12),
          String(window.bytesPerEvent).padStart(12),
        ].join(''),
      );
    }
    const verified = (await api('/audit/verify', auditor)) as { ok: boolean; eventsChecked: number };
    console.log(`\nverify: ${verified.ok ? 'clean' : 'BROKEN'} (${verified.eventsChecked} events)`);
    const [second, last] = [windows[1] ?? windows[0]!, windows[windows.length - 1]!];
    const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`);
    console.log(
      `last window against the second (after warm-up): p99 ${ratio(last.p99, second.p99)}, CPU ${ratio(last.cpuPercent, second.cpuPercent)}, RSS ${ratio(last.rssMb, second.rssMb)}, JS heap ${ratio(last.heapMb, second.heapMb)}; failures in all: ${windows.reduce((sum, w) => sum + w.failures, 0)}`,
    );
  } finally {
    await server.stop();
  }
  try {
    storageByPart(join(dir, 'ledger.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** What each part of the file takes per event (SQLite's dbstat: pages of each table and index). */
const storageByPart = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const part = (name: string) =>
      name.startsWith('rm_cycle_snapshots')
        ? 'cycle snapshots'
        : name.startsWith('rm_')
          ? `read model ${name.slice(3).replace(/__.*$/, '')}`
          : name.startsWith('merkle_')
            ? 'Merkle tree'
            : /events|streams/.test(name)
              ? 'the log (events, streams, their indexes)'
              : 'other';
    const bytes = new Map<string, number>();
    for (const { name, size } of db
      .prepare('SELECT name, SUM(pgsize) AS size FROM dbstat GROUP BY name')
      .all() as { name: string; size: number }[]) {
      const tableName =
        (
          db.prepare('SELECT tbl_name FROM sqlite_schema WHERE name = ?').get(name) as
            { tbl_name: string } | undefined
        )?.tbl_name ?? name;
      bytes.set(part(tableName), (bytes.get(part(tableName)) ?? 0) + size);
    }
    const total = [...bytes.values()].reduce((a, b) => a + b, 0);
    console.log(`\nstorage per event, ${events} events (the database file, by part):`);
    for (const [name, size] of [...bytes].sort((a, b) => b[1] - a[1]))
      console.log(`  ${String(Math.round(size / events)).padStart(6)} bytes  ${name}`);
    console.log(
      `  ${String(Math.round(total / events)).padStart(6)} bytes  in all   aim <= 800: ${verdict(total / events, 800, 'at-most')}`,
    );
  } finally {
    db.close();
  }
};

void main();
