import { Message } from '../shared/decider';

/** Who a case is about, repeated on each of its events so that read models need no lookup. */
export interface CaseSubject {
  caseId: string;
  year: number;
  unitId: string;
  itemId: string;
  leaderId: string;
}

export type CaseOpened = Message<'CaseOpened', CaseSubject & { rulingId: string }>;
/** The rung's withheld % and whether it removes the leader are fixed when it is imposed. */
export type SanctionImposed = Message<
  'SanctionImposed',
  CaseSubject & {
    sanctionId: string;
    sanction: string;
    withheldPct: number;
    removesLeader: boolean;
    reason: string;
    /** The day of the appraisal year it takes effect, when the command named one (else the day recorded). */
    effectiveOn?: string;
  }
>;
export type SanctionLifted = Message<
  'SanctionLifted',
  CaseSubject & {
    sanctionId: string;
    sanction: string;
    withheldPct: number;
    disputeId: string;
    reason: string;
  }
>;
export type CaseWithdrawn = Message<'CaseWithdrawn', CaseSubject & { disputeId: string; reason: string }>;

export type CaseEvent = CaseOpened | SanctionImposed | SanctionLifted | CaseWithdrawn;
