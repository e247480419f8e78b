import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLedger, startServer } from '../support/ledger-process';

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
});
