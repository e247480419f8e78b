import { Decider, Decision } from '../shared/decider';
import { DomainError, refuse } from '../shared/domain-error';
import { emptyList, withAppended } from '../shared/in-place';
import { requireReason } from '../shared/text';
import { UnitKind } from '../shared/vocabulary';
import { AppointLeader, DepartLeader, RegisterUnit, UnitCommand } from './unit.commands';
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
  formerLeaders: emptyList(),
};

/** Folds in linear time: collections are written in place (see shared/in-place.ts). */
export const evolveUnit = (state: UnitState, event: UnitEvent): UnitState => {
  switch (event.type) {
    case 'UnitRegistered':
      return { ...state, registered: true, ...event.data };
    case 'LeaderAppointed':
      return { ...state, leader: { leaderId: event.data.leaderId, name: event.data.name } };
    case 'LeaderDeparted':
      return state.leader
        ? { ...state, leader: null, formerLeaders: withAppended(state.formerLeaders, state.leader) }
        : state;
    default: {
      const unexpected: never = event;
      throw new Error(`A unit stream cannot hold ${JSON.stringify(unexpected)}.`);
    }
  }
};

const checkRegistered = (state: UnitState, unitId: string): DomainError | null =>
  state.registered ? null : refuse('UNKNOWN_UNIT', `There is no unit "${unitId}".`, { unitId });

const registerUnit = (command: RegisterUnit, state: UnitState): Decision<UnitEvent> => {
  const { unitId } = command.data;
  if (state.registered) return refuse('UNIT_EXISTS', `Unit "${unitId}" is already registered.`, { unitId });
  return [{ type: 'UnitRegistered', data: { ...command.data } }];
};

const appointLeader = (command: AppointLeader, state: UnitState): Decision<UnitEvent> => {
  const { unitId } = command.data;
  const unknown = checkRegistered(state, unitId);
  if (unknown) return unknown;
  if (state.leader) {
    return refuse(
      'LEADER_IN_OFFICE',
      `Unit "${unitId}" already has a principal leader in office (${state.leader.name}); record a departure first.`,
      { leaderId: state.leader.leaderId },
    );
  }
  return [{ type: 'LeaderAppointed', data: { ...command.data } }];
};

const departLeader = (command: DepartLeader, state: UnitState): Decision<UnitEvent> => {
  const { unitId, reason, leaderId, caseId } = command.data;
  const unknown = checkRegistered(state, unitId);
  if (unknown) return unknown;
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
};

export const decideUnit = (command: UnitCommand, state: UnitState): Decision<UnitEvent> => {
  switch (command.type) {
    case 'RegisterUnit':
      return registerUnit(command, state);
    case 'AppointLeader':
      return appointLeader(command, state);
    case 'DepartLeader':
      return departLeader(command, state);
    default: {
      const unexpected: never = command;
      throw new Error(`The unit decider cannot decide ${JSON.stringify(unexpected)}.`);
    }
  }
};

export const unitDecider: Decider<UnitCommand, UnitEvent, UnitState, undefined> = {
  initialState: initialUnitState,
  evolve: evolveUnit,
  decide: (command, state) => decideUnit(command, state),
};
