import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent, ClientRequest, IncomingMessage, get, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningServer, runLedger, startServer } from '../support/ledger-process';

const scratchDirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-first-hour-'));
  scratchDirs.push(dir);
  return dir;
};
afterAll(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** What a user must see when the command cannot go on: one line, no stack trace; it is returned. */
const oneSentence = (stderr: string): string => {
  expect(stderr).not.toMatch(/\n\s+at /);
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
};

/** What a newcomer runs into in a first hour with the ledger (issue 10, finding 7). */
describe("a newcomer's first hour", () => {
  it('a second server on a port in use says so in one sentence, exits 1 and leaves nothing behind', async () => {
    const first = await startServer({ LEDGER_DATA_DIR: scratch() });
    try {
      const port = new URL(first.url).port;
      const dataDir = join(scratch(), 'data');
      const second = runLedger(['serve'], { PORT: port, LEDGER_DATA_DIR: dataDir }, 20000);
      expect(second.status).toBe(1);
      expect(oneSentence(second.stderr)).toBe(
        `ledger: port ${port} is in use (another ledger serve?); set PORT to a free one, e.g. PORT=${Number(port) + 1} npm start.`,
      );
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await first.stop();
    }
  });

  const READ_ONLY_COMMANDS = [
    ['verify'],
    ['history', '--year', '2007', '--unit', 'sansheng'],
    ['export', '--year', '2007', '--format', 'json'],
    ['rebuild'],
  ];

  it.each(READ_ONLY_COMMANDS.map((args) => [args.join(' '), args]))(
    '`ledger %s` on a missing store says there is no ledger there, exits 1 and creates nothing',
    (_, args) => {
      const dataDir = join(scratch(), 'data');
      const result = runLedger(args, { LEDGER_DATA_DIR: dataDir }, 20000);
      expect(result.status).toBe(1);
      expect(oneSentence(result.stderr)).toContain(`There is no ledger at ${join(dataDir, 'ledger.db')}`);
      expect(result.stdout).not.toContain('intact');
      expect(existsSync(dataDir)).toBe(false);
    },
  );

  it.each(READ_ONLY_COMMANDS.map((args) => [args.join(' '), args]))(
    '`ledger %s` on an empty (zero-byte) store file says there is no ledger there and leaves it empty',
    (_, args) => {
      const dataDir = scratch();
      const file = join(dataDir, 'ledger.db');
      writeFileSync(file, '');
      const result = runLedger(args, { LEDGER_DATA_DIR: dataDir }, 20000);
      expect(result.status).toBe(1);
      expect(oneSentence(result.stderr)).toContain(`There is no ledger at ${file}`);
      expect(readdirSync(dataDir)).toEqual(['ledger.db']);
      expect(statSync(file).size).toBe(0);
    },
  );

  it.each([
    ['verify', ['verify']],
    ['serve', ['serve']],
    ['keys create', ['keys', 'create', '--role', 'analyst', '--name', 'x']],
  ])(
    '`ledger %s` on a corrupt store file says it is not a ledger database and changes nothing',
    (_, args) => {
      const dataDir = scratch();
      const file = join(dataDir, 'ledger.db');
      const garbage = Buffer.from(
        'this is not SQLite at all, just bytes that happen to be here. '.repeat(100),
      );
      writeFileSync(file, garbage);
      const result = runLedger(args, { LEDGER_DATA_DIR: dataDir, PORT: '0' }, 20000);
      expect(result.status).toBe(1);
      expect(oneSentence(result.stderr)).toBe(
        `ledger: ${file} is not a ledger database (it is corrupt, or not SQLite).`,
      );
      expect(readFileSync(file).equals(garbage)).toBe(true);
    },
  );

  // procfs answers ENOENT to mkdir under an existing directory, which Node's recursive mkdir
  // takes for a missing parent, and retries forever (100 % CPU, no output).
  const onLinux = process.platform === 'linux' ? it.each : it.skip.each;
  onLinux([
    ['verify', ['verify'], 'There is no ledger at /proc/nope/ledger.db'],
    ['serve', ['serve'], 'Cannot create the data directory /proc/nope'],
    ['demo', ['demo'], 'Cannot create the data directory /proc/nope'],
    [
      'keys create',
      ['keys', 'create', '--role', 'analyst', '--name', 'x'],
      'Cannot create the data directory',
    ],
  ])('`ledger %s` with LEDGER_DATA_DIR=/proc/nope ends at once with one sentence', (_, args, sentence) => {
    const started = Date.now();
    const result = runLedger(args as string[], { LEDGER_DATA_DIR: '/proc/nope', PORT: '0' }, 10000);
    expect(result.status).toBe(1);
    expect(oneSentence(result.stderr)).toContain(sentence as string);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('never overwrites an admin key: an emptied store gets its first admin key under a new name', async () => {
    const dataDir = scratch();
    await (await startServer({ LEDGER_DATA_DIR: dataDir })).stop();
    const oldKey = readFileSync(join(dataDir, 'admin.key'), 'utf8');
    for (const name of ['ledger.db-wal', 'ledger.db-shm']) rmSync(join(dataDir, name), { force: true });
    writeFileSync(join(dataDir, 'ledger.db'), '');

    const server = await startServer({ LEDGER_DATA_DIR: dataDir });
    try {
      expect(readFileSync(join(dataDir, 'admin.key'), 'utf8')).toBe(oldKey);
      const written = readdirSync(dataDir).filter((name) => /^admin-.+\.key$/.test(name));
      expect(written).toHaveLength(1);
      const file = join(dataDir, written[0]!);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(server.output()).toContain(file);
      const newKey = readFileSync(file, 'utf8').trim();
      const answer = (key: string) =>
        fetch(`${server.url}/api/projections`, { headers: { Authorization: `Bearer ${key}` } });
      expect((await answer(newKey)).status).toBe(200);
      expect((await answer(oldKey.trim())).status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** After a test of stopping: whatever did not stop is killed, so that a failure cannot hang the suite. */
  const killIfRunning = (server: RunningServer) =>
    new Promise<void>((done) => {
      if (server.process.exitCode !== null || server.process.signalCode !== null) return done();
      server.process.once('exit', () => done());
      server.process.kill('SIGKILL');
    });

  const answerOf = (call: ClientRequest) =>
    new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
      call.on('error', reject);
      call.on('response', (response: IncomingMessage) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, connection: response.headers.connection, body }),
        );
      });
    });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s the server answers the request in flight, then exits 0 at once despite a keep-alive connection',
    async (signal) => {
      const dataDir = scratch();
      const server = await startServer({ LEDGER_DATA_DIR: dataDir });
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        server.process.once('exit', (code, killedBy) => resolve({ code, signal: killedBy })),
      );
      const key = readFileSync(join(dataDir, 'admin.key'), 'utf8').trim();
      const idle = new Agent({ keepAlive: true });
      const busy = new Agent({ keepAlive: true });
      try {
        // A connection left open and idle, as browsers and HTTP clients keep them.
        expect((await answerOf(get(`${server.url}/api/health`, { agent: idle }))).status).toBe(200);

        // A command whose body is still arriving when the signal comes.
        const body = Buffer.from(JSON.stringify({ unitId: 'sansheng', name: '三聖街道', kind: 'street' }));
        const command = request(`${server.url}/api/units`, {
          method: 'POST',
          agent: busy,
          headers: {
            Authorization: `Bearer ${key}`,
            'Content-Type': 'application/json',
            'Content-Length': body.length,
          },
        });
        const answered = answerOf(command);
        command.write(body.subarray(0, 10));
        await sleep(300);
        const signalledAt = Date.now();
        server.process.kill(signal);
        await sleep(300);
        command.end(body.subarray(10));

        const answer = await answered;
        expect({ status: answer.status, connection: answer.connection }).toEqual({
          status: 201,
          connection: 'close',
        });
        expect(await exited).toEqual({ code: 0, signal: null });
        expect(Date.now() - signalledAt).toBeLessThan(3000);
        expect(server.output()).toContain('ledger: stopped');
      } finally {
        idle.destroy();
        busy.destroy();
        await killIfRunning(server);
      }
    },
  );

  it('a second signal cuts off the requests still running, and the exit says so (1)', async () => {
    const dataDir = scratch();
    const server = await startServer({ LEDGER_DATA_DIR: dataDir });
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', resolve));
    const key = readFileSync(join(dataDir, 'admin.key'), 'utf8').trim();
    const agent = new Agent({ keepAlive: true });
    try {
      // A body that never finishes arriving.
      const command = request(`${server.url}/api/units`, {
        method: 'POST',
        agent,
        headers: {
          Authorization: `Bearer ${key}`,
          'Content-Type': 'application/json',
          'Content-Length': 100,
        },
      });
      const answered = answerOf(command).catch((error: NodeJS.ErrnoException) => error);
      command.write('{"unitId": ');
      await sleep(300);
      server.process.kill('SIGTERM');
      await sleep(300);
      const signalledAt = Date.now();
      server.process.kill('SIGINT');
      expect(await answered).toMatchObject({ code: 'ECONNRESET' }); // cut off, never answered
      expect(await exited).toBe(1);
      expect(Date.now() - signalledAt).toBeLessThan(3000);
      expect(server.output()).toContain('ledger: cutting off 1 request(s) still running');
    } finally {
      agent.destroy();
      await killIfRunning(server);
    }
  });
  it('stops when `npm start` is stopped by a signal to npm alone, which never reaches the server', async () => {
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, PORT: '0', LEDGER_DATA_DIR: scratch() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not serve:\n${output}`)), 30_000);
      npm.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /serving on (http:\/\/localhost:\d+)\/api/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    npm.kill('SIGTERM');
    const deadline = Date.now() + 5000;
    let serving = true;
    while (serving && Date.now() < deadline) {
      await sleep(200);
      serving = await fetch(`${url}/api/health`).then(
        () => true,
        () => false,
      );
    }
    expect(serving).toBe(false);
  });
});
