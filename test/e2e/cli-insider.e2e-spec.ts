import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORES } from '../support/api';
import { onDatabase, rewriteAward } from '../support/insider';
import { runLedger } from '../support/ledger-process';

for (const store of STORES) {
  store.describe(`an insider who rewrites the database consistently, on ${store.name}`, () => {
    let env: Record<string, string>;
    let dispose: () => Promise<void>;
    const outside = mkdtempSync(join(tmpdir(), 'ledger-kept-outside-'));
    const ledger = (...args: string[]) => runLedger(args, env, 120_000);

    beforeAll(async () => {
      ({ env, dispose } = await store.create());
      expect(ledger('demo').status).toBe(0);
    }, 120_000);

    afterAll(async () => {
      await dispose();
      rmSync(outside, { recursive: true, force: true });
    });

    it('is caught by ledger verify against the signed checkpoints, in the store and kept outside', async () => {
      const signed = ledger('checkpoint');
      expect(signed.status).toBe(0);
      const kept = join(outside, 'checkpoint.note');
      writeFileSync(kept, signed.stdout);
      expect(ledger('verify').stdout).toMatch(
        /every hash chain is intact, and the log reproduces \d+ signed checkpoint/,
      );

      await rewriteAward(store, env, 'scorecard-2007-sansheng', 2);
      const caught = ledger('verify');
      expect(caught.status).toBe(1);
      expect(caught.stdout).toMatch(
        /^TAMPERED: the checkpoint of \d+ events from the store signed root [0-9a-f]{64}, but the log's first \d+ events give [0-9a-f]{64}/,
      );

      // Covering their tracks: the checkpoints in the database go too. The copy kept outside does not.
      await onDatabase(store, env, (sql) => sql.run('DELETE FROM merkle_checkpoints', []));
      expect(ledger('verify').status).toBe(0);
      const fromOutside = ledger('verify', '--checkpoint', kept);
      expect(fromOutside.status).toBe(1);
      expect(fromOutside.stdout).toContain(`from ${kept} signed root`);
    }, 180_000);

    it('catches the log’s last events deleted, against a checkpoint kept outside', async () => {
      const kept = join(outside, 'later.note');
      writeFileSync(kept, ledger('checkpoint').stdout);
      // The log's last event deleted, and its stream's head moved back to the event before it.
      await onDatabase(store, env, async (sql) => {
        const p = sql.param;
        const [last] = await sql.rows(
          `SELECT id, stream, revision, type, data, metadata, recorded_at FROM events ORDER BY position DESC LIMIT 1`,
          [],
        );
        const { id, revision, metadata } = last!;
        const stream = (last as unknown as { stream: string }).stream;
        await sql.run(`DELETE FROM events WHERE id = ${p(1)}`, [id]);
        if (revision === 0) await sql.run(`DELETE FROM streams WHERE stream = ${p(1)}`, [stream]);
        else
          await sql.run(
            `UPDATE streams SET revision = ${p(1)}, hash = ${p(2)},
               position = (SELECT position FROM events WHERE stream = ${p(3)} AND revision = ${p(4)})
             WHERE stream = ${p(5)}`,
            [revision - 1, metadata.prevHash, stream, revision - 1, stream],
          );
      });
      // Every chain and head checks out, but the checkpoint signed before still counts the deleted event.
      expect(ledger('verify').stdout).toMatch(
        /TAMPERED: the checkpoint from the store signed \d+ events, but the log holds only/,
      );
      await onDatabase(store, env, (sql) => sql.run('DELETE FROM merkle_checkpoints', []));
      expect(ledger('verify').stdout).toMatch(/every hash chain is intact/);
      const caught = ledger('verify', '--checkpoint', kept);
      expect(caught.status).toBe(1);
      expect(caught.stdout).toMatch(/signed \d+ events, but the log holds only \d+: events were deleted/);
    }, 120_000);

    it('catches a whole stream deleted, with its head, against the signed checkpoints', async () => {
      await onDatabase(store, env, async (sql) => {
        for (const table of ['merkle_subtrees', 'merkle_leaves', 'merkle_state', 'merkle_checkpoints']) {
          await sql.run(`DELETE FROM ${table}`, []);
        }
      });
      const kept = join(outside, 'whole-stream.note');
      writeFileSync(kept, ledger('checkpoint').stdout);
      await onDatabase(store, env, async (sql) => {
        await sql.run(`DELETE FROM events WHERE stream = ${sql.param(1)}`, ['scorecard-2007-niushikou']);
        await sql.run(`DELETE FROM streams WHERE stream = ${sql.param(1)}`, ['scorecard-2007-niushikou']);
      });
      const caught = ledger('verify', '--checkpoint', kept);
      expect(caught.status).toBe(1);
      expect(caught.stdout).toMatch(
        /^TAMPERED: the checkpoint (of \d+ events )?from the store signed (root [0-9a-f]{64}, but the log's first|\d+ events, but the log holds only)/,
      );
    }, 120_000);
  });
}
