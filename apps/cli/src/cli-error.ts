import { DomainError } from '@ledger/domain';
import { StoreUnavailableError, storeFailureOf } from '@ledger/event-store';
import { BackupError, ConfigError, DemoRefusedError, NoLedgerError } from '@ledger/ledger';
import { ProjectionLaggingError } from '@ledger/projections';
import { SigningKeyFileError } from '@ledger/audit';

/** A bad argument: said in one sentence. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const SAID_IN_ONE_SENTENCE = [
  ConfigError,
  StoreUnavailableError,
  NoLedgerError,
  DemoRefusedError,
  UsageError,
  DomainError,
  ProjectionLaggingError,
  SigningKeyFileError,
  BackupError,
];

/** Bad configuration, an unreachable store or a bad argument ends the process with one sentence, never a stack trace. */
export const fail = (error: unknown): never => {
  // A store that went away or filled up while a command ran is a state to report, not a crash.
  const said = SAID_IN_ONE_SENTENCE.some((kind) => error instanceof kind)
    ? (error as Error)
    : storeFailureOf(error);
  if (said) {
    process.stderr.write(`ledger: ${said.message}\n`);
    process.exit(1);
  }
  throw error;
};
