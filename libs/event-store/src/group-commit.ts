import { AppendResult, ExpectedRevision, NewEvent, StreamRead } from './event-store.port';

/** An append waiting for its group's commit (adapters that group-commit appends made together). */
export interface PendingAppend {
  stream: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
  unchanged?: readonly StreamRead[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** How one append of a group came out, settled once the group's transaction has committed. */
export type AppendOutcome = { result: AppendResult } | { error: unknown };

export const settleGroup = (appends: PendingAppend[], outcomes: AppendOutcome[]): void =>
  appends.forEach((append, i) => {
    const outcome = outcomes[i]!;
    if ('result' in outcome) append.resolve(outcome.result);
    else append.reject(outcome.error);
  });
