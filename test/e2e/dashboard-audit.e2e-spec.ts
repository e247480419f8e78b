import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InclusionProof, proofHolds, signatureHolds } from '../../apps/web/src/audit/checks';
import { RunningServer, runLedger, startServer } from '../support/ledger-process';

/**
 * The dashboard's audit view checks the latest checkpoint's signature and an event's proof
 * itself, with WebCrypto, against the published key. Its checking code (apps/web/src/audit) is
 * run here, with Node's own WebCrypto, on a real server's answers.
 */
describe('the dashboard checks checkpoints and proofs itself', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-dashboard-audit-'));
  let server: RunningServer;
  let api: (path: string) => Promise<{ [key: string]: unknown }>;

  beforeAll(async () => {
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_CHECKPOINT_EVERY: '0.2' };
    expect(runLedger(['demo'], env).status).toBe(0);
    server = await startServer(env);
    const key = runLedger(['keys', 'create', '--role', 'auditor', '--name', 'dashboard'], env)
      .stdout.trim()
      .split('\n')
      .pop()!;
    api = async (path) =>
      (
        await fetch(`${server.url}/api${path}`, { headers: { Authorization: `Bearer ${key}` } })
      ).json() as Promise<{ [key: string]: unknown }>;
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('verifies the latest signature, refuses an altered note, and follows an event’s path to the signed root', async () => {
    let latest: { [key: string]: unknown } = {};
    for (let i = 0; i < 50 && latest.treeSize === undefined; i++) {
      latest = await api('/checkpoints/latest');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const key = await api('/checkpoints/key');
    expect(await signatureHolds(latest.note as string, key.publicKey as string)).toBe(true);
    const altered = (latest.note as string).replace(/\n(\d+)\n/, (_, n: string) => `\n${Number(n) - 1}\n`);
    expect(await signatureHolds(altered, key.publicKey as string)).toBe(false);
    const events = (await api('/events?after=0&limit=20')) as unknown as { id: string }[];
    const proof = (await api(
      `/events/${encodeURIComponent(events[11]!.id)}/proof`,
    )) as unknown as InclusionProof;
    expect(await proofHolds(proof)).toBe(true);
    const forged = { ...proof, leafHash: proof.leafHash.replace(/^./, (c) => (c === '0' ? '1' : '0')) };
    expect(await proofHolds(forged)).toBe(false);
  });
});
