import { Decider, Decision } from '../shared/decider';
import { refuse } from '../shared/domain-error';
import { requireReason } from '../shared/text';
import { DisputeCommand, DisputeContext, FileDispute, ResolveDispute } from './dispute.commands';
import { DisputeEvent, DisputeFiled, DisputeOutcome } from './dispute.events';

/**
 * The disputes of one recorded event live in one stream, numbered in the order they were
 * filed. A dispute may be filed only while none is open on the event, so two filed at once
 * collide on that stream's revision and exactly one is recorded. Only the last can be open:
 * the state keeps how many were filed and the last one.
 */
export interface DisputesOfEventState {
  filed: number;
  last: { dispute: DisputeFiled['data']; outcome: DisputeOutcome | null } | null;
}

export const initialDisputeState: DisputesOfEventState = { filed: 0, last: null };

/**
 * `<eventId>--<n>`: the n-th dispute filed on that event. Ids the ledger composes from slugs
 * never hold two dashes in a row, so a dispute id can never be another event's id.
 */
export const disputeIdFor = (eventId: string, sequence: number): string => `${eventId}--${sequence}`;

/** The event a dispute id names, and the dispute's number on it; null unless the id is written as the ledger writes it. */
export const parseDisputeId = (disputeId: string): { eventId: string; sequence: number } | null => {
  const match = /^(.+)--([1-9]\d{0,8})$/.exec(disputeId);
  return match ? { eventId: match[1]!, sequence: Number(match[2]) } : null;
};

export const evolveDispute = (state: DisputesOfEventState, event: DisputeEvent): DisputesOfEventState => {
  switch (event.type) {
    case 'DisputeFiled':
      return { filed: state.filed + 1, last: { dispute: event.data, outcome: null } };
    case 'DisputeResolved':
      return state.last ? { ...state, last: { ...state.last, outcome: event.data.outcome } } : state;
    default: {
      const unexpected: never = event;
      throw new Error(`A dispute stream cannot hold ${JSON.stringify(unexpected)}.`);
    }
  }
};

const fileDispute = (
  command: FileDispute,
  state: DisputesOfEventState,
  { target }: DisputeContext,
): Decision<DisputeEvent> => {
  const { year, unitId, eventId, grounds } = command.data;
  if (!target || target.unitId !== unitId || target.year !== year) {
    return refuse(
      'NOT_DISPUTABLE',
      `Event ${eventId} is not a score entry, ruling or sanction of unit "${unitId}" in ${year}.`,
      { eventId },
    );
  }
  if (state.last && state.last.outcome === null) {
    return refuse('DISPUTE_OPEN', `Event ${eventId} is already under an open dispute.`, {
      eventId,
      disputeId: state.last.dispute.disputeId,
    });
  }
  const noGrounds = requireReason(grounds, 'The grounds of a dispute');
  if (noGrounds) return noGrounds;
  const disputeId = disputeIdFor(eventId, state.filed + 1);
  return [{ type: 'DisputeFiled', data: { disputeId, year, unitId, eventId, target, grounds } }];
};

const resolveDispute = (command: ResolveDispute, state: DisputesOfEventState): Decision<DisputeEvent> => {
  const { disputeId, outcome, reason } = command.data;
  const sequence = parseDisputeId(disputeId)?.sequence ?? 0;
  if (!state.last || sequence < 1 || sequence > state.filed) {
    return refuse('UNKNOWN_DISPUTE', `There is no dispute "${disputeId}".`, { disputeId });
  }
  // A later dispute is filed only once the one before it is resolved.
  const resolvedAs = sequence < state.filed ? 'resolved' : state.last.outcome;
  if (resolvedAs) {
    return refuse('DISPUTE_RESOLVED', `Dispute "${disputeId}" was already resolved (${resolvedAs}).`, {
      disputeId,
    });
  }
  const noReason = requireReason(reason);
  if (noReason) return noReason;
  const { year, unitId, eventId, target } = state.last.dispute;
  return [
    {
      type: 'DisputeResolved',
      data: { disputeId: state.last.dispute.disputeId, year, unitId, eventId, target, outcome, reason },
    },
  ];
};

export const decideDispute = (
  command: DisputeCommand,
  state: DisputesOfEventState,
  context: DisputeContext = { target: null },
): Decision<DisputeEvent> => {
  switch (command.type) {
    case 'FileDispute':
      return fileDispute(command, state, context);
    case 'ResolveDispute':
      return resolveDispute(command, state);
    default: {
      const unexpected: never = command;
      throw new Error(`Disputes do not decide ${JSON.stringify(unexpected)}.`);
    }
  }
};

export const disputeDecider: Decider<DisputeCommand, DisputeEvent, DisputesOfEventState, DisputeContext> = {
  initialState: initialDisputeState,
  evolve: evolveDispute,
  decide: decideDispute,
};
