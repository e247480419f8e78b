import { checkEffectiveOn, effectiveOnField } from '../shared/effective-date';
import { Decider, Decision } from '../shared/decider';
import { DomainError, refuse } from '../shared/domain-error';
import { emptyList, withAppended } from '../shared/in-place';
import { requireReason } from '../shared/text';
import { findRung, rungRemovesLeader } from '../policy/policy';
import {
  CaseCommand,
  CaseContext,
  ImposeSanction,
  LiftSanction,
  OpenCase,
  WithdrawCase,
} from './case.commands';
import { CaseEvent, CaseSubject, SanctionLifted } from './case.events';

export interface ImposedSanction {
  sanctionId: string;
  sanction: string;
  withheldPct: number;
  removesLeader: boolean;
}

export type CaseStatus = 'open' | 'sanctioned' | 'withdrawn';

export interface CaseState {
  exists: boolean;
  subject: CaseSubject;
  rulingId: string;
  status: CaseStatus;
  /** The sanction in force; a lifted one is gone from here and kept in `lifted`. */
  sanction: ImposedSanction | null;
  lifted: ImposedSanction[];
}

export const initialCaseState: CaseState = {
  exists: false,
  subject: { caseId: '', year: 0, unitId: '', itemId: '', leaderId: '' },
  rulingId: '',
  status: 'open',
  sanction: null,
  lifted: emptyList(),
};

/** Folds in linear time: collections are written in place (see shared/in-place.ts). */
export const evolveCase = (state: CaseState, event: CaseEvent): CaseState => {
  switch (event.type) {
    case 'CaseOpened': {
      const { rulingId, ...subject } = event.data;
      return { ...initialCaseState, exists: true, subject, rulingId };
    }
    case 'SanctionImposed': {
      const { sanctionId, sanction, withheldPct, removesLeader } = event.data;
      return {
        ...state,
        status: 'sanctioned',
        sanction: { sanctionId, sanction, withheldPct, removesLeader },
      };
    }
    case 'SanctionLifted':
      // The ruling still stands: the case goes back to review and may be sanctioned again.
      return state.sanction
        ? { ...state, status: 'open', sanction: null, lifted: withAppended(state.lifted, state.sanction) }
        : state;
    case 'CaseWithdrawn':
      return { ...state, status: 'withdrawn' };
    default: {
      const unexpected: never = event;
      throw new Error(`A case stream cannot hold ${JSON.stringify(unexpected)}.`);
    }
  }
};

/** A case that was opened; its subject. */
const findCase = (state: CaseState, caseId: string): CaseSubject | DomainError =>
  state.exists
    ? state.subject
    : refuse('UNKNOWN_CASE', `There is no accountability case "${caseId}".`, { caseId });

/** The lifting of the sanction in force, by the dispute that overturned it. */
const sanctionLifted = (
  subject: CaseSubject,
  { sanctionId, sanction, withheldPct }: ImposedSanction,
  disputeId: string,
  reason: string,
): SanctionLifted => ({
  type: 'SanctionLifted',
  data: { ...subject, sanctionId, sanction, withheldPct, disputeId, reason },
});

const openCase = (command: OpenCase, state: CaseState): Decision<CaseEvent> => {
  const { rulingId, ...subject } = command.data;
  if (state.exists) {
    if (state.rulingId === rulingId) return [];
    return refuse('CASE_EXISTS', `Case "${subject.caseId}" already exists.`, { caseId: subject.caseId });
  }
  return [{ type: 'CaseOpened', data: { ...subject, rulingId } }];
};

const imposeSanction = (
  command: ImposeSanction,
  state: CaseState,
  { policy }: CaseContext,
): Decision<CaseEvent> => {
  const { caseId, sanctionId, sanction, reason, effectiveOn } = command.data;
  const subject = findCase(state, caseId);
  if (subject instanceof DomainError) return subject;
  if (state.status === 'withdrawn') {
    return refuse('CASE_CLOSED', `Case "${caseId}" was withdrawn; nothing can be imposed on it.`, {
      caseId,
    });
  }
  if (state.sanction) {
    return refuse(
      'CASE_ALREADY_SANCTIONED',
      `Case "${caseId}" is already sanctioned (${state.sanction.sanction}).`,
      {
        caseId,
        sanction: state.sanction.sanction,
      },
    );
  }
  const rung = findRung(policy, sanction);
  if (!rung) {
    return refuse(
      'UNKNOWN_SANCTION',
      `"${sanction}" is not a rung of the sanction ladder of ${subject.year}.`,
      {
        sanction,
        ladder: policy.sanctionLadder.map((r) => r.name),
      },
    );
  }
  const refusal = checkEffectiveOn(effectiveOn, subject.year) ?? requireReason(reason);
  if (refusal) return refusal;
  return [
    {
      type: 'SanctionImposed',
      data: {
        ...subject,
        sanctionId,
        sanction: rung.name,
        withheldPct: rung.withheldPct,
        removesLeader: rungRemovesLeader(rung),
        reason,
        ...effectiveOnField(effectiveOn),
      },
    },
  ];
};

const liftSanction = (command: LiftSanction, state: CaseState): Decision<CaseEvent> => {
  const { caseId, sanctionId, disputeId, reason } = command.data;
  const subject = findCase(state, caseId);
  if (subject instanceof DomainError) return subject;
  if (state.sanction?.sanctionId !== sanctionId) return [];
  return [sanctionLifted(subject, state.sanction, disputeId, reason)];
};

const withdrawCase = (command: WithdrawCase, state: CaseState): Decision<CaseEvent> => {
  const { caseId, disputeId, reason } = command.data;
  const subject = findCase(state, caseId);
  if (subject instanceof DomainError) return subject;
  if (state.status === 'withdrawn') return [];
  const lift = state.sanction ? [sanctionLifted(subject, state.sanction, disputeId, reason)] : [];
  return [...lift, { type: 'CaseWithdrawn', data: { ...subject, disputeId, reason } }];
};

export const decideCase = (
  command: CaseCommand,
  state: CaseState,
  context: CaseContext,
): Decision<CaseEvent> => {
  switch (command.type) {
    case 'OpenCase':
      return openCase(command, state);
    case 'ImposeSanction':
      return imposeSanction(command, state, context);
    case 'LiftSanction':
      return liftSanction(command, state);
    case 'WithdrawCase':
      return withdrawCase(command, state);
    default: {
      const unexpected: never = command;
      throw new Error(`The case decider cannot decide ${JSON.stringify(unexpected)}.`);
    }
  }
};

export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState, CaseContext> = {
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
};
