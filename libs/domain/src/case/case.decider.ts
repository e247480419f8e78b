import { Decider, Decision } from '../shared/decider';
import { refuse } from '../shared/domain-error';
import { requireReason } from '../shared/text';
import { findRung, rungRemovesLeader } from '../policy/policy';
import { CaseCommand, CaseContext } from './case.commands';
import { CaseEvent, CaseSubject } from './case.events';

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
  lifted: [],
};

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
        ? { ...state, status: 'open', sanction: null, lifted: [...state.lifted, state.sanction] }
        : state;
    case 'CaseWithdrawn':
      return { ...state, status: 'withdrawn' };
  }
};

export const decideCase = (
  command: CaseCommand,
  state: CaseState,
  context: CaseContext,
): Decision<CaseEvent> => {
  const { caseId } = command.data;
  if (command.type === 'OpenCase') {
    const { rulingId, ...subject } = command.data;
    if (state.exists) {
      if (state.rulingId === rulingId) return [];
      return refuse('CASE_EXISTS', `Case "${caseId}" already exists.`, { caseId });
    }
    return [{ type: 'CaseOpened', data: { ...subject, rulingId } }];
  }
  if (!state.exists)
    return refuse('UNKNOWN_CASE', `There is no accountability case "${caseId}".`, { caseId });
  const subject = state.subject;

  switch (command.type) {
    case 'ImposeSanction': {
      const { sanctionId, sanction, reason } = command.data;
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
      const rung = findRung(context.policy, sanction);
      if (!rung) {
        return refuse(
          'UNKNOWN_SANCTION',
          `"${sanction}" is not a rung of the sanction ladder of ${subject.year}.`,
          {
            sanction,
            ladder: context.policy.sanctionLadder.map((r) => r.name),
          },
        );
      }
      const noReason = requireReason(reason);
      if (noReason) return noReason;
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
          },
        },
      ];
    }
    case 'LiftSanction': {
      const { sanctionId, disputeId, reason } = command.data;
      if (state.sanction?.sanctionId !== sanctionId) return [];
      const { sanction, withheldPct } = state.sanction;
      return [
        {
          type: 'SanctionLifted',
          data: { ...subject, sanctionId, sanction, withheldPct, disputeId, reason },
        },
      ];
    }
    case 'WithdrawCase': {
      const { disputeId, reason } = command.data;
      if (state.status === 'withdrawn') return [];
      const inForce = state.sanction;
      const lift: CaseEvent[] = inForce
        ? [
            {
              type: 'SanctionLifted',
              data: {
                ...subject,
                sanctionId: inForce.sanctionId,
                sanction: inForce.sanction,
                withheldPct: inForce.withheldPct,
                disputeId,
                reason,
              },
            },
          ]
        : [];
      return [...lift, { type: 'CaseWithdrawn', data: { ...subject, disputeId, reason } }];
    }
  }
};

export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState, CaseContext> = {
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
};
