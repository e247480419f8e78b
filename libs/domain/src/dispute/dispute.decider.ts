import { Decider, Decision } from '../shared/decider';
import { refuse } from '../shared/domain-error';
import { requireReason } from '../shared/text';
import { DisputeCommand, DisputeContext } from './dispute.commands';
import { DisputeEvent, DisputeFiled, DisputeOutcome } from './dispute.events';

export interface DisputeState {
  filed: DisputeFiled['data'] | null;
  outcome: DisputeOutcome | null;
}

export const initialDisputeState: DisputeState = { filed: null, outcome: null };

export const evolveDispute = (state: DisputeState, event: DisputeEvent): DisputeState => {
  switch (event.type) {
    case 'DisputeFiled':
      return { filed: event.data, outcome: null };
    case 'DisputeResolved':
      return { ...state, outcome: event.data.outcome };
  }
};

export const decideDispute = (
  command: DisputeCommand,
  state: DisputeState,
  context: DisputeContext = {},
): Decision<DisputeEvent> => {
  const { disputeId } = command.data;
  switch (command.type) {
    case 'FileDispute': {
      const { year, unitId, eventId, grounds } = command.data;
      if (state.filed)
        return refuse('DISPUTE_EXISTS', `Dispute "${disputeId}" already exists.`, { disputeId });
      const target = context.target;
      if (!target || target.unitId !== unitId || target.year !== year) {
        return refuse(
          'NOT_DISPUTABLE',
          `Event ${eventId} is not a score entry, ruling or sanction of unit "${unitId}" in ${year}.`,
          { eventId },
        );
      }
      if (context.openDisputeOnTarget) {
        return refuse('DISPUTE_OPEN', `Event ${eventId} is already under an open dispute.`, { eventId });
      }
      const noGrounds = requireReason(grounds, 'The grounds of a dispute');
      if (noGrounds) return noGrounds;
      return [{ type: 'DisputeFiled', data: { disputeId, year, unitId, eventId, target, grounds } }];
    }
    case 'ResolveDispute': {
      const { outcome, reason } = command.data;
      const filed = state.filed;
      if (!filed) return refuse('UNKNOWN_DISPUTE', `There is no dispute "${disputeId}".`, { disputeId });
      if (state.outcome) {
        return refuse('DISPUTE_RESOLVED', `Dispute "${disputeId}" was already resolved (${state.outcome}).`, {
          outcome: state.outcome,
        });
      }
      const noReason = requireReason(reason);
      if (noReason) return noReason;
      const { year, unitId, eventId, target } = filed;
      return [
        { type: 'DisputeResolved', data: { disputeId, year, unitId, eventId, target, outcome, reason } },
      ];
    }
  }
};

export const disputeDecider: Decider<DisputeCommand, DisputeEvent, DisputeState, DisputeContext> = {
  initialState: initialDisputeState,
  evolve: evolveDispute,
  decide: decideDispute,
};
