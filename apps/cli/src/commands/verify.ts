import { existsSync, readFileSync } from 'node:fs';
import { NoteVerifier, loadSigningKey, parseVerifierKey } from '@ledger/audit';
import { Ledger, NoteToCheck, storedCheckpoints, verifyCheckpoints } from '@ledger/ledger';
import { UsageError } from '../cli-error';
import { withExistingLedger } from '../open-ledger';

export interface VerifyOptions {
  /** Checkpoint notes kept outside the database. */
  checkpoint?: string[];
  /** The verifier key to check signatures with; the ledger's own signing key file when absent. */
  key?: string;
}

const verifiersFor = (ledger: Ledger, key: string | undefined): NoteVerifier[] => {
  if (key !== undefined) {
    try {
      return [parseVerifierKey(key)];
    } catch (error) {
      throw new UsageError(`--key is not a verifier key: ${(error as Error).message}`);
    }
  }
  const file = ledger.auditConfig?.signingKeyFile;
  return file && existsSync(file) ? [loadSigningKey(file).verifier] : [];
};

/**
 * Exit 0 when every chain is intact and the log reproduces every signed checkpoint (those in
 * the store and those given with --checkpoint); 1, naming the first thing that does not hold.
 */
export const verify = (options: VerifyOptions = {}) =>
  withExistingLedger(async (ledger) => {
    const report = await ledger.stores.events.verify();
    const checked = `${report.eventsChecked} events in ${report.streamsChecked} streams`;
    if (!report.ok) {
      const broken = report.firstBroken!;
      process.stdout.write(
        `TAMPERED: stream ${broken.stream}, revision ${broken.revision}: expected ${broken.expected}, found ${broken.found} (after ${checked}).\n`,
      );
      process.exitCode = 1;
      return;
    }
    const notes: NoteToCheck[] = [
      ...(await storedCheckpoints(ledger.stores.tree)).map((c) => ({ note: c.note, from: 'the store' })),
      ...(options.checkpoint ?? []).map((file) => {
        try {
          return { note: readFileSync(file, 'utf8'), from: file };
        } catch (error) {
          throw new UsageError(
            `Cannot read the checkpoint ${file} (${(error as NodeJS.ErrnoException).code}).`,
          );
        }
      }),
    ];
    const verifiers = verifiersFor(ledger, options.key);
    if (notes.length > 0 && verifiers.length === 0) {
      throw new UsageError(
        'There are checkpoints to check but no key to check them with; pass --key <verifier key>.',
      );
    }
    const held = await verifyCheckpoints(ledger.stores.events, notes, verifiers);
    if (held.problem) {
      process.stdout.write(`TAMPERED: ${held.problem.replace(/\.$/, '')}.\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `verified ${checked}: every hash chain is intact, and the log reproduces ${held.matched} signed checkpoint${held.matched === 1 ? '' : 's'}.\n`,
    );
  });
