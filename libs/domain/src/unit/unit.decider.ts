import { Decider, Decision } from '../shared/decider';
import { refuse } from '../shared/domain-error';
import { requireReason } from '../shared/text';
import { UnitKind } from '../shared/vocabulary';
import { UnitCommand } from './unit.commands';
import { UnitEvent } from './unit.events';

export interface Leader {
  leaderId: string;
  name: string;
}

export interface UnitState {
  registered: boolean;
  unitId: string;
  name: string;
  kind: UnitKind;
  leader: Leader | null;
  formerLeaders: Leader[];
}

export const initialUnitState: UnitState = {
  registered: false,
  unitId: '',
  name: '',
  kind: 'street',
  leader: null,
  formerLeaders: [],
};

export const evolveUnit = (state: UnitState, event: UnitEvent): UnitState => {
  switch (event.type) {
    case 'UnitRegistered':
      return { ...state, registered: true, ...event.data };
    case 'LeaderAppointed':
      return { ...state, leader: { leaderId: event.data.leaderId, name: event.data.name } };
    case 'LeaderDeparted':
      return state.leader
        ? { ...state, leader: null, formerLeaders: [...state.formerLeaders, state.leader] }
        : state;
  }
};

export const decideUnit = (command: UnitCommand, state: UnitState): Decision<UnitEvent> => {
  const { unitId } = command.data;
  if (command.type === 'RegisterUnit') {
    if (state.registered) return refuse('UNIT_EXISTS', `Unit "${unitId}" is already registered.`, { unitId });
    return [{ type: 'UnitRegistered', data: { ...command.data } }];
  }
  if (!state.registered) return refuse('UNKNOWN_UNIT', `There is no unit "${unitId}".`, { unitId });

  switch (command.type) {
    case 'AppointLeader': {
      if (state.leader) {
        return refuse(
          'LEADER_IN_OFFICE',
          `Unit "${unitId}" already has a principal leader in office (${state.leader.name}); record a departure first.`,
          { leaderId: state.leader.leaderId },
        );
      }
      return [{ type: 'LeaderAppointed', data: { ...command.data } }];
    }
    case 'DepartLeader': {
      const { reason, leaderId, caseId } = command.data;
      const inOffice = state.leader;
      if (leaderId !== undefined && inOffice?.leaderId !== leaderId) return [];
      if (!inOffice) {
        return refuse('NO_LEADER_IN_OFFICE', `Unit "${unitId}" has no principal leader in office.`, {
          unitId,
        });
      }
      return (
        requireReason(reason) ?? [
          {
            type: 'LeaderDeparted',
            data: { unitId, leaderId: inOffice.leaderId, reason, caseId: caseId ?? null },
          },
        ]
      );
    }
  }
};

export const unitDecider: Decider<UnitCommand, UnitEvent, UnitState, undefined> = {
  initialState: initialUnitState,
  evolve: evolveUnit,
  decide: (command, state) => decideUnit(command, state),
};
