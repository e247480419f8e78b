import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORES } from '../support/api';
import { onDatabase, rewriteAward } from '../support/insider';
import { runLedger } from '../support/ledger-process';

/** verify-bundle as an outside auditor runs it: nothing but the file, no configuration at all. */
const verifyBundle = (...args: string[]) =>
  runLedger(['verify-bundle', ...args], {
    LEDGER_STORE: '',
    LEDGER_DATA_DIR: '/nonexistent',
    DATABASE_URL: '',
  });

for (const store of STORES) {
  store.describe(`the offline bundle on ${store.name}`, () => {
    let env: Record<string, string>;
    let dispose: () => Promise<void>;
    const auditor = mkdtempSync(join(tmpdir(), 'ledger-auditor-'));
    const file = (name: string) => join(auditor, name);
    const ledger = (...args: string[]) => runLedger(args, env, 120_000);
    let verifierKey: string;

    beforeAll(async () => {
      ({ env, dispose } = await store.create());
      expect(ledger('demo').status).toBe(0);
      writeFileSync(file('trusted.note'), ledger('checkpoint').stdout);
      expect(
        ledger('export', '--year', '2007', '--format', 'bundle', '--out', file('2007.json')).status,
      ).toBe(0);
      verifierKey = (JSON.parse(readFileSync(file('2007.json'), 'utf8')) as { verifierKey: string })
        .verifierKey;
    }, 120_000);

    afterAll(async () => {
      await dispose();
      rmSync(auditor, { recursive: true, force: true });
    });

    it('verifies offline: signature, chains, proofs, consistency with a trusted checkpoint, and the standing its events give', () => {
      const checked = verifyBundle(
        file('2007.json'),
        '--key',
        verifierKey,
        '--trusted-checkpoint',
        file('trusted.note'),
      );
      expect(checked.status).toBe(0);
      expect(checked.stdout).toMatch(
        /verified: \d+ events, every hash chain intact, every event in the signed tree of \d+, which extends the trusted checkpoint/,
      );
      expect(checked.stdout).toContain('沙河');
      const keyless = verifyBundle(file('2007.json'));
      expect(keyless.status).toBe(0);
      expect(keyless.stderr).toMatch(/warning: the signature was checked with the key the bundle carries/);
    });

    it('fails a forged bundle: an event altered, or a scoreboard that its events do not give', () => {
      const bundle = JSON.parse(readFileSync(file('2007.json'), 'utf8')) as {
        events: { type: string; data: { points?: number } }[];
        scoreboard: { total: number }[];
      };
      const award = bundle.events.find((e) => e.type === 'PointsAwarded')!;
      award.data.points = 99;
      writeFileSync(file('forged-event.json'), JSON.stringify(bundle));
      const forged = verifyBundle(file('forged-event.json'), '--key', verifierKey);
      expect(forged.status).toBe(1);
      expect(forged.stdout).toMatch(/^NOT VERIFIED: the hash chain of stream scorecard-2007-\S+ breaks/);

      const claims = JSON.parse(readFileSync(file('2007.json'), 'utf8')) as {
        scoreboard: { total: number }[];
      };
      claims.scoreboard[0]!.total += 10;
      writeFileSync(file('forged-board.json'), JSON.stringify(claims));
      expect(verifyBundle(file('forged-board.json'), '--key', verifierKey).stdout).toMatch(
        /NOT VERIFIED: the bundle's scoreboard is not the one its events give/,
      );
    });

    it('fails a bundle exported after an insider rewrote the record and rebuilt the tree, against the earlier checkpoint', async () => {
      await rewriteAward(store, env, 'scorecard-2007-sansheng', 2);
      await onDatabase(store, env, async (sql) => {
        for (const table of ['merkle_subtrees', 'merkle_leaves', 'merkle_state', 'merkle_checkpoints'])
          await sql.run(`DELETE FROM ${table}`, []);
      });
      expect(
        ledger('export', '--year', '2007', '--format', 'bundle', '--out', file('after.json')).status,
      ).toBe(0);
      // On its own the new bundle holds together: the insider signed it with the ledger's key.
      expect(verifyBundle(file('after.json'), '--key', verifierKey).status).toBe(0);
      const against = verifyBundle(
        file('after.json'),
        '--key',
        verifierKey,
        '--trusted-checkpoint',
        file('trusted.note'),
      );
      expect(against.status).toBe(1);
      expect(against.stdout).toMatch(
        /does not extend the trusted checkpoint of \d+: the record was rewritten since/,
      );
    }, 120_000);
  });
}
