import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandMeta, Ledger, loadConfig } from '@ledger/ledger';

const meta: CommandMeta = { actor: { id: 'sup', role: 'supervisor' }, correlationId: 'private' };
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Whoever else has an account on the machine reads nothing of a ledger: not its keys, database or checkpoints. */
describe('the data directory is its owner’s alone', () => {
  const parent = mkdtempSync(join(tmpdir(), 'ledger-private-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  const openIn = async (dataDir: string) => {
    const ledger = await Ledger.open(
      loadConfig({
        LEDGER_DATA_DIR: dataDir,
        LEDGER_CHECKPOINT_EVERY: '0.1',
        LEDGER_LOG_NAME: 'private/test',
      }),
    );
    await ledger.start();
    return ledger;
  };

  it('creates the directory (and any it needs above it) 0700, and the database, its -wal and -shm, keys and checkpoints 0600', async () => {
    const dataDir = join(parent, 'new', 'data');
    const ledger = await openIn(dataDir);
    try {
      await ledger.executor.execute({ type: 'OpenCycle', data: { year: 2007 } }, meta);
      await ledger.ensureAdminKey(dataDir);
      await ledger.checkpointNow();
      // SQLite removes them when the last connection closes: looked at while it is open.
      for (const name of ['ledger.db-wal', 'ledger.db-shm'])
        expect([name, modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
    } finally {
      await ledger.stop();
    }
    expect(modeOf(join(parent, 'new'))).toBe(0o700);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, 'checkpoints'))).toBe(0o700);
    const files = [
      ...readdirSync(dataDir).filter((name) => name !== 'checkpoints'),
      ...readdirSync(join(dataDir, 'checkpoints')).map((name) => join('checkpoints', name)),
    ];
    expect(files).toEqual(
      expect.arrayContaining(['ledger.db', 'admin.key', 'signing.key', 'checkpoints/latest']),
    );
    for (const file of files) expect([file, modeOf(join(dataDir, file))]).toEqual([file, 0o600]);
  });

  it('closes a database file an earlier version left open to others, with its -wal and -shm', async () => {
    const dataDir = join(parent, 'old');
    await (await openIn(dataDir)).stop();
    for (const name of ['ledger.db', 'ledger.db-wal', 'ledger.db-shm']) {
      writeFileSync(join(dataDir, name), '', { flag: 'a' });
      chmodSync(join(dataDir, name), 0o644);
    }
    const ledger = await openIn(dataDir);
    try {
      for (const name of ['ledger.db', 'ledger.db-wal', 'ledger.db-shm'])
        expect([name, modeOf(join(dataDir, name))]).toEqual([name, 0o600]);
    } finally {
      await ledger.stop();
    }
  });
});
