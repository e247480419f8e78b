import { Decider, Message } from './decider';

/** What folds a stream: a decider's evolve and initial state. */
export interface Fold<S, E extends Message = Message> {
  initialState: S;
  evolve(state: S, event: E): S;
}

/**
 * The log as a command's decision reads it, beyond the command's own stream. Rules that
 * could flip (is a dispute open, is a case open) are always decided on streams, where an
 * expected revision makes racers collide; only facts that never become untrue once true
 * may come from elsewhere.
 */
export interface Facts {
  /** A stream as the log holds it now, folded. */
  fold<S, E extends Message>(fold: Fold<S, E>, stream: string): Promise<S>;
  /** Whether a principal leader with this id was ever appointed: once true, always true. */
  leaderKnown(leaderId: string): Promise<boolean>;
}

/**
 * An aggregate declared once: its decider, the stream each of its commands is decided on
 * and appends to, and the facts from other streams each command is decided against. The
 * command executor, the reaction runner and the tests all run commands through this.
 */
export interface Aggregate<C extends Message, E extends Message, S, Ctx> {
  readonly name: string;
  readonly decider: Decider<C, E, S, Ctx>;
  /** Every command type of the aggregate, once: `satisfies Record<C['type'], true>` keeps it complete. */
  readonly commandTypes: Readonly<Record<C['type'], true>>;
  streamOf(command: C): string;
  contextOf(command: C, state: S, facts: Facts): Promise<Ctx>;
}
