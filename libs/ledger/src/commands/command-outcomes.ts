import { DomainError } from '@ledger/domain';
import { WrongExpectedRevisionError } from '@ledger/event-store';
import { IdempotencyKeyReusedError } from './command-meta';

/**
 * How a command came out: `recorded` (events appended, or a retry answered from its first
 * time), `unchanged` (decided, nothing to record), `refused` (a rule of the appraisal, or an
 * idempotency key reused), `conflict` (the stream moved under If-Match, or too many races),
 * `failed` (the store or anything else).
 */
export type CommandOutcomeKind = 'recorded' | 'unchanged' | 'refused' | 'conflict' | 'failed';

/** What the executor tells its listeners of each command: for metrics, outside the ledger. */
export interface CommandOutcome {
  type: string;
  outcome: CommandOutcomeKind;
  /** From the command's arrival to its answer, its turn in the stream's lane included. */
  seconds: number;
}

export const outcomeOfError = (error: unknown): CommandOutcomeKind => {
  if (error instanceof DomainError || error instanceof IdempotencyKeyReusedError) return 'refused';
  if (error instanceof WrongExpectedRevisionError) return 'conflict';
  return 'failed';
};
