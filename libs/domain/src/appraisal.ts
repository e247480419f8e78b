import { CaseCommand } from './case/case.commands';
import { CaseEvent } from './case/case.events';
import { CycleCommand } from './cycle/cycle.commands';
import { CycleEvent } from './cycle/cycle.events';
import { DisputeCommand } from './dispute/dispute.commands';
import { DisputeEvent } from './dispute/dispute.events';
import { PanelCommand } from './panel/panel.commands';
import { PanelEvent } from './panel/panel.events';
import { ScorecardCommand } from './scorecard/scorecard.commands';
import { ScorecardEvent } from './scorecard/scorecard.events';
import { UnitCommand } from './unit/unit.commands';
import { UnitEvent } from './unit/unit.events';

/** Every event the ledger records, across all aggregates. */
export type AppraisalEvent = CycleEvent | UnitEvent | ScorecardEvent | CaseEvent | DisputeEvent | PanelEvent;
export type AppraisalEventType = AppraisalEvent['type'];

/** Every command the ledger decides. */
export type AppraisalCommand =
  CycleCommand | UnitCommand | ScorecardCommand | CaseCommand | DisputeCommand | PanelCommand;
