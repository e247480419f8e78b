import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCycleSeal, hashToHex, openCheckpoint, parseVerifierKey } from '@ledger/audit';
import { CommandMeta, Ledger, loadConfig } from '@ledger/ledger';

const meta: CommandMeta = { actor: { id: 'sup', role: 'supervisor' }, correlationId: 'checkpoints' };

/** A started ledger signs its log: every interval while it grows, and a seal when a cycle closes. */
describe('a started ledger signs checkpoints of its log', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-signing-'));
  let ledger: Ledger;

  beforeAll(async () => {
    ledger = await Ledger.open(
      loadConfig({
        LEDGER_DATA_DIR: dataDir,
        LEDGER_CHECKPOINT_EVERY: '0.1',
        LEDGER_LOG_NAME: 'appraisal-ledger/test',
      }),
    );
    await ledger.start();
  });

  afterAll(async () => {
    await ledger.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps its signing key in a file only its owner reads, and seals a closed cycle', async () => {
    expect(statSync(join(dataDir, 'signing.key')).mode & 0o777).toBe(0o600);
    await ledger.executor.execute({ type: 'OpenCycle', data: { year: 2007 } }, meta);
    const closed = await ledger.executor.execute(
      { type: 'CloseCycle', data: { year: 2007, reason: 'year end' } },
      meta,
    );
    const verifier = parseVerifierKey(ledger.signingKey().verifierKey);
    for (let i = 0; i < 100; i++) {
      const stored = await ledger.stores.tree.checkpoints(0, 100);
      const seal = stored.find((c) =>
        findCycleSeal(openCheckpoint(c.note, [verifier]).checkpoint.extensions),
      );
      if (seal) {
        expect(seal.treeSize).toBe(2);
        expect(seal.lastPosition).toBe(closed.position);
        expect(hashToHex(openCheckpoint(seal.note, [verifier]).checkpoint.rootHash)).toBe(seal.rootHash);
        expect(readFileSync(join(dataDir, 'checkpoints', 'latest'), 'utf8')).toMatch(
          /^appraisal-ledger\/test\n2\n/,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no seal of 2007 was issued');
  });
});
