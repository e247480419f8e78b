import { DomainError } from './domain-error';

/** What a decision yields: the events to append (possibly none: nothing to do) or a refusal. */
export type Decision<E> = E[] | DomainError;

/** Events and commands share one shape: a type tag and the facts. */
export interface Message<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

/**
 * The decider pattern: state is a left fold of the stream's events; a command is decided
 * against that state (and, where the rules need them, facts read from other streams).
 */
export interface Decider<C extends Message, E extends Message, S, Ctx = undefined> {
  initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, context: Ctx): Decision<E>;
}

export const foldEvents = <E, S>(evolve: (state: S, event: E) => S, initial: S, events: readonly E[]): S =>
  events.reduce(evolve, initial);
