import { DisputeOutcome, DisputeTarget } from '@ledger/domain';
import { DocChange, IGNORED, docKey, projection } from '../projection';
import { recorded } from './event-facts';

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
export const disputesProjection = projection({
  name: DISPUTES,
  version: 1,
  on: {
    CaseOpened: {
      keys: () => [],
      fold: (_read, { data: { rulingId, caseId } }) => [[disputeKeys.rulingCase(rulingId), { caseId }]],
    },
    DisputeFiled: {
      keys: () => [],
      fold: (_read, event, stored) => {
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
      },
    },
    DisputeResolved: {
      keys: ({ data: { year, disputeId, eventId } }) => [
        disputeKeys.target(eventId),
        disputeKeys.dispute(year, disputeId),
      ],
      fold: (read, event, stored) => {
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
      },
    },
    CycleOpened: IGNORED,
    PolicyAmended: IGNORED,
    ItemDefined: IGNORED,
    ItemTrackChanged: IGNORED,
    TargetThresholdChanged: IGNORED,
    ItemWithdrawn: IGNORED,
    LeaderBonusBaseSet: IGNORED,
    CycleClosed: IGNORED,
    UnitRegistered: IGNORED,
    LeaderAppointed: IGNORED,
    LeaderDeparted: IGNORED,
    PointsAwarded: IGNORED,
    PointsDeducted: IGNORED,
    MetricReported: IGNORED,
    BasicRequirementRuled: IGNORED,
    EntryReversed: IGNORED,
    RulingSetAside: IGNORED,
    SanctionImposed: IGNORED,
    SanctionLifted: IGNORED,
    CaseWithdrawn: IGNORED,
    PanelConvened: IGNORED,
    PanelScoreSubmitted: IGNORED,
    PanelClosed: IGNORED,
    KeyIssued: IGNORED,
    KeyRevoked: IGNORED,
  },
});
