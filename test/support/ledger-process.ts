import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const LEDGER = join(__dirname, '..', '..', 'bin', 'ledger.js');

/** Runs the built `ledger` command to completion, as a user would from a shell; killed (status null) past the timeout. */
export const runLedger = (args: string[], env: Record<string, string> = {}, timeoutMs = 60000) => {
  const result = spawnSync(process.execPath, [LEDGER, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts `ledger serve` on a free port and resolves once it says where it serves. */
export const startServer = (env: Record<string, string>): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LEDGER, 'serve'], {
      // Suites that send bad keys on purpose (api-roles) would lock themselves out at the default
      // limit; the lock-out's own suite sets its own.
      env: { ...process.env, PORT: '0', LEDGER_AUTH_FAILURE_LIMIT: '100000', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`ledger serve did not start:\n${output}`)), 30000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (https?:\/\/[^\s/]+)\/api/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          process: child,
          output: () => output,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ledger serve exited with ${code}:\n${output}`));
    });
  });
