import { readFileSync, writeFileSync } from 'node:fs';
import { exportBundle, verifyBundle } from '@ledger/ledger';
import { UsageError } from '../cli-error';
import { withExistingLedger } from '../open-ledger';
import { table } from '../table';

/** `ledger export --format bundle`: the cycle's streams with their proofs against a checkpoint signed now. */
export const exportBundleFile = (year: number, out: string | undefined) =>
  withExistingLedger(async (ledger) => {
    const bundle = await exportBundle(ledger, year);
    const text = `${JSON.stringify(bundle)}\n`;
    if (out) writeFileSync(out, text);
    else process.stdout.write(text);
    process.stderr.write(
      `exported the ${year} bundle: ${bundle.events.length} events with their proofs, against a checkpoint of ${bundle.checkpoint.split('\n')[1]} events${out ? ` to ${out}` : ''}\n`,
    );
  });

const readOrSay = (file: string, what: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the ${what} ${file} (${(error as NodeJS.ErrnoException).code}).`);
  }
};

/**
 * `ledger verify-bundle F`: needs no store, no server and no configuration. Exit 0 only when
 * every check holds; the scoreboard and accountability are printed as the events give them.
 */
export const verifyBundleFile = async (
  file: string,
  options: { key?: string; trustedCheckpoint?: string },
) => {
  const report = await verifyBundle(readOrSay(file, 'bundle'), {
    verifierKey: options.key,
    trustedCheckpoint: options.trustedCheckpoint
      ? readOrSay(options.trustedCheckpoint, 'checkpoint')
      : undefined,
  });
  if (report.keyFromBundle) {
    process.stderr.write(
      'ledger: warning: the signature was checked with the key the bundle carries; pass --key with the verifier key the ledger publishes.\n',
    );
  }
  if (report.problem) {
    process.stdout.write(`NOT VERIFIED: ${report.problem}.\n`);
    process.exitCode = 1;
    return;
  }
  const board = table({ head: ['unit', 'name', 'kind', 'regular', 'key', 'total', 'rank'] });
  for (const row of report.scoreboard) {
    board.push([row.unitId, row.name, row.kind, row.regularScore, row.keyScore, row.total, row.rank]);
  }
  const leaders = table({ head: ['leader', 'unit', 'status', 'withheld %', 'bonus payable'] });
  for (const leader of report.accountability) {
    leaders.push([leader.name, leader.unitId, leader.status, leader.withheldPct, leader.bonusPayable ?? '']);
  }
  process.stdout.write(
    `${board.toString()}\n${leaders.toString()}\n` +
      `verified: ${report.events} events, every hash chain intact, every event in the signed tree of ${report.treeSize}` +
      `${options.trustedCheckpoint ? ', which extends the trusted checkpoint' : ''}; the scoreboard and accountability above are the ones the events give.\n`,
  );
};
