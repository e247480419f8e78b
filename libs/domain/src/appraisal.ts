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
