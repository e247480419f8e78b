import { Message } from '../shared/decider';

export type DisputeTargetKind = 'score-entry' | 'ruling' | 'sanction';

/** What a dispute challenges: one recorded event of the unit, and the case it belongs to if any. */
export interface DisputeTarget {
  kind: DisputeTargetKind;
  eventId: string;
  year: number;
  unitId: string;
  caseId: string | null;
}

export type DisputeOutcome = 'upheld' | 'overturned';

export type DisputeFiled = Message<
  'DisputeFiled',
  { disputeId: string; year: number; unitId: string; eventId: string; target: DisputeTarget; grounds: string }
>;
export type DisputeResolved = Message<
  'DisputeResolved',
  {
    disputeId: string;
    year: number;
    unitId: string;
    eventId: string;
    target: DisputeTarget;
    outcome: DisputeOutcome;
    reason: string;
  }
>;

export type DisputeEvent = DisputeFiled | DisputeResolved;
