import { AppendResult, EventStore, ExpectedRevision, NewEvent, StreamRead } from './event-store.port';
import { Observers } from './observers';

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

/** How many appends one commit carried, told by the stores that group them (SQLite, PostgreSQL). */
export interface GroupCommitting {
  readonly commits: Observers<number>;
}

/** The commits of a store that groups its appends; undefined for one that does not. */
export const commitsOf = (store: EventStore): Observers<number> | undefined => {
  const commits = (store as Partial<GroupCommitting>).commits;
  return commits instanceof Observers ? commits : undefined;
};

/** How many appends of a settled group committed (the others were refused and rolled back). */
export const committedIn = (outcomes: AppendOutcome[]): number =>
  outcomes.filter((outcome) => 'result' in outcome).length;
