import { CaseCommand } from './case/case.commands';
import { CaseEvent } from './case/case.events';
import { CycleCommand } from './cycle/cycle.commands';
import { CycleEvent } from './cycle/cycle.events';
import { DisputeCommand } from './dispute/dispute.commands';
import { DisputeEvent } from './dispute/dispute.events';
import { KeyCommand } from './key/key.commands';
import { KeyEvent } from './key/key.events';
import { PanelCommand } from './panel/panel.commands';
import { PanelEvent } from './panel/panel.events';
import { ScorecardCommand } from './scorecard/scorecard.commands';
import { ScorecardEvent } from './scorecard/scorecard.events';
import { UnitCommand } from './unit/unit.commands';
import { UnitEvent } from './unit/unit.events';

/** Every event the ledger records, across all aggregates. */
export type AppraisalEvent =
  CycleEvent | UnitEvent | ScorecardEvent | CaseEvent | DisputeEvent | PanelEvent | KeyEvent;
export type AppraisalEventType = AppraisalEvent['type'];

/** The event of a type: `EventOfType<'PointsAwarded'>` is `PointsAwarded`. */
export type EventOfType<T extends AppraisalEventType> = Extract<AppraisalEvent, { type: T }>;

/**
 * Every event type, as a value: folds and tests that must cover each one iterate it. The
 * compiler holds it to the union: a type missing here, or one the union lacks, does not build.
 */
const EVENT_TYPES = {
  CycleOpened: true,
  PolicyAmended: true,
  ItemDefined: true,
  ItemTrackChanged: true,
  TargetThresholdChanged: true,
  ItemWithdrawn: true,
  LeaderBonusBaseSet: true,
  CycleClosed: true,
  UnitRegistered: true,
  LeaderAppointed: true,
  LeaderDeparted: true,
  PointsAwarded: true,
  PointsDeducted: true,
  MetricReported: true,
  BasicRequirementRuled: true,
  EntryReversed: true,
  RulingSetAside: true,
  CaseOpened: true,
  SanctionImposed: true,
  SanctionLifted: true,
  CaseWithdrawn: true,
  DisputeFiled: true,
  DisputeResolved: true,
  PanelConvened: true,
  PanelScoreSubmitted: true,
  PanelClosed: true,
  KeyIssued: true,
  KeyRevoked: true,
} as const satisfies Record<AppraisalEventType, true>;

export const APPRAISAL_EVENT_TYPES = Object.keys(EVENT_TYPES) as AppraisalEventType[];

/** Every command the ledger decides. */
export type AppraisalCommand =
  CycleCommand | UnitCommand | ScorecardCommand | CaseCommand | DisputeCommand | PanelCommand | KeyCommand;

/**
 * A message read from the log seen as the event it records. The log holds only events the
 * deciders produced, so this is where the one unchecked step from stored text to the typed
 * union is taken, for every reader alike.
 */
export const asAppraisalEvent = (message: { type: string; data: unknown }): AppraisalEvent =>
  message as AppraisalEvent;
