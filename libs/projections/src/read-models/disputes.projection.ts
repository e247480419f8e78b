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

/** A disputed event: what it is (a score entry, ruling or sanction of a unit) and the dispute open on it, if any. */
export interface TargetDoc extends DisputeTarget {
  openDisputeId: string | null;
}

/**
 * Disputes, the events under dispute (so a second dispute on the same event is refused while
 * one is open), and which case each ruling opened (so an overturned ruling withdraws it).
 */
export const disputesProjection: Projection = {
  name: DISPUTES,
  version: 1,
  keysOf(stored) {
    const event: AppraisalEvent = appraisal(stored);
    return event.type === 'DisputeResolved'
      ? [disputeKeys.target(event.data.eventId), disputeKeys.dispute(event.data.year, event.data.disputeId)]
      : [];
  },
  evolve(read, stored): DocChange[] {
    const event: AppraisalEvent = appraisal(stored);
    switch (event.type) {
      case 'CaseOpened':
        return [[disputeKeys.rulingCase(event.data.rulingId), { caseId: event.data.caseId }]];
      case 'DisputeFiled': {
        const { disputeId, year, unitId, eventId, target, grounds } = event.data;
        const { position, actor } = recorded(stored);
        const doc: DisputeDoc = {
          disputeId,
          unitId,
          eventId,
          target,
          grounds,
          status: 'open',
          outcome: null,
          reason: null,
          filedAt: position,
          filedBy: actor,
          resolvedAt: null,
        };
        return [
          [disputeKeys.dispute(year, disputeId), doc],
          [disputeKeys.disputeYear(disputeId), { year }],
          [disputeKeys.target(eventId), { ...target, openDisputeId: disputeId } satisfies TargetDoc],
        ];
      }
      case 'DisputeResolved': {
        const { disputeId, year, eventId, outcome, reason } = event.data;
        const doc = read<DisputeDoc>(disputeKeys.dispute(year, disputeId));
        const indexed = read<TargetDoc>(disputeKeys.target(eventId));
        const changes: DocChange[] = [];
        if (doc)
          changes.push([
            disputeKeys.dispute(year, disputeId),
            { ...doc, status: 'resolved', outcome, reason, resolvedAt: stored.position },
          ]);
        if (indexed) changes.push([disputeKeys.target(eventId), { ...indexed, openDisputeId: null }]);
        return changes;
      }
      default:
        return [];
    }
  },
};
