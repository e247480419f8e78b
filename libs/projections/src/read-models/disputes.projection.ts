import { AppraisalEvent, DisputeOutcome, DisputeTarget } from '@ledger/domain';
import { DocChange, Projection, docKey } from '../projection';
import { appraisal, recorded } from './event-facts';

export const DISPUTES = 'disputes';

export const disputeKeys = {
  scope: (year: number) => docKey('dispute', year),
  dispute: (year: number, disputeId: string) => docKey('dispute', year, disputeId),
  disputeYear: (disputeId: string) => docKey('dispute-year', disputeId),
  target: (eventId: string) => docKey('target', eventId),
  rulingCase: (rulingId: string) => docKey('ruling-case', rulingId),
};

export interface DisputeDoc {
  disputeId: string;
  unitId: string;
  eventId: string;
  target: DisputeTarget;
  grounds: string;
  status: 'open' | 'resolved';
  outcome: DisputeOutcome | null;
  reason: string | null;
  filedAt: string;
  filedBy: { id: string; role: string };
  resolvedAt: string | null;
}

/** What a recorded event is to a dispute: a score entry, ruling or sanction of a unit, and whether one is open on it. */
export interface TargetDoc extends DisputeTarget {
  openDisputeId: string | null;
}

/** Disputes, and the index that tells a new dispute what its target is and whether it is already under dispute. */
export const disputesProjection: Projection = {
  name: DISPUTES,
  version: 1,
  keysOf(stored) {
    const event: AppraisalEvent = appraisal(stored);
    switch (event.type) {
      case 'CaseOpened':
        return [disputeKeys.target(event.data.rulingId)];
      case 'DisputeFiled':
        return [disputeKeys.target(event.data.eventId)];
      case 'DisputeResolved':
        return [
          disputeKeys.target(event.data.eventId),
          disputeKeys.dispute(event.data.year, event.data.disputeId),
        ];
      default:
        return [];
    }
  },
  evolve(read, stored): DocChange[] {
    const event: AppraisalEvent = appraisal(stored);
    const target = (
      kind: DisputeTarget['kind'],
      eventId: string,
      year: number,
      unitId: string,
      caseId: string | null,
    ): DocChange => [
      disputeKeys.target(eventId),
      { kind, eventId, year, unitId, caseId, openDisputeId: null } satisfies TargetDoc,
    ];
    switch (event.type) {
      case 'PointsAwarded':
      case 'PointsDeducted':
        return [target('score-entry', event.data.entryId, event.data.year, event.data.unitId, null)];
      case 'BasicRequirementRuled':
        return [target('ruling', event.data.rulingId, event.data.year, event.data.unitId, null)];
      case 'SanctionImposed':
        return [
          target('sanction', event.data.sanctionId, event.data.year, event.data.unitId, event.data.caseId),
        ];
      case 'CaseOpened': {
        const ruling = read<TargetDoc>(disputeKeys.target(event.data.rulingId));
        return [
          [disputeKeys.rulingCase(event.data.rulingId), { caseId: event.data.caseId }],
          ...(ruling
            ? [
                [
                  disputeKeys.target(event.data.rulingId),
                  { ...ruling, caseId: event.data.caseId },
                ] as DocChange,
              ]
            : []),
        ];
      }
      case 'DisputeFiled': {
        const { disputeId, year, unitId, eventId, target: aimed, grounds } = event.data;
        const { position, actor } = recorded(stored);
        const doc: DisputeDoc = {
          disputeId,
          unitId,
          eventId,
          target: aimed,
          grounds,
          status: 'open',
          outcome: null,
          reason: null,
          filedAt: position,
          filedBy: actor,
          resolvedAt: null,
        };
        const indexed = read<TargetDoc>(disputeKeys.target(eventId));
        return [
          [disputeKeys.dispute(year, disputeId), doc],
          [disputeKeys.disputeYear(disputeId), { year }],
          ...(indexed
            ? [[disputeKeys.target(eventId), { ...indexed, openDisputeId: disputeId }] as DocChange]
            : []),
        ];
      }
      case 'DisputeResolved': {
        const { disputeId, year, eventId, outcome, reason } = event.data;
        const doc = read<DisputeDoc>(disputeKeys.dispute(year, disputeId));
        const indexed = read<TargetDoc>(disputeKeys.target(eventId));
        return [
          ...(doc
            ? [
                [
                  disputeKeys.dispute(year, disputeId),
                  { ...doc, status: 'resolved', outcome, reason, resolvedAt: stored.position },
                ] as DocChange,
              ]
            : []),
          ...(indexed
            ? [[disputeKeys.target(eventId), { ...indexed, openDisputeId: null }] as DocChange]
            : []),
        ];
      }
      default:
        return [];
    }
  },
};
