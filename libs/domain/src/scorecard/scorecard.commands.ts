import { Message } from '../shared/decider';
import { CycleState } from '../cycle/cycle.decider';
import { UnitState } from '../unit/unit.decider';

interface ScoreEntryRequest {
  year: number;
  unitId: string;
  /** Chosen by the caller so that the entry can be named by a dispute before it is stored. */
  entryId: string;
  itemId: string;
  points: number;
  reason: string;
  evidence?: string;
  /** The day of the appraisal year it takes effect (YYYY-MM-DD); the day recorded when absent. */
  effectiveOn?: string;
}

export type AwardPoints = Message<'AwardPoints', ScoreEntryRequest>;
export type DeductPoints = Message<'DeductPoints', ScoreEntryRequest>;
export type ReportMetric = Message<
  'ReportMetric',
  { year: number; unitId: string; itemId: string; metric: string; value: number; effectiveOn?: string }
>;
export type RuleBasicRequirement = Message<
  'RuleBasicRequirement',
  {
    year: number;
    unitId: string;
    rulingId: string;
    itemId: string;
    met: boolean;
    basis: string;
    panelId?: string;
    effectiveOn?: string;
  }
>;
export type ReverseEntry = Message<
  'ReverseEntry',
  { year: number; unitId: string; entryId: string; disputeId: string; reason: string }
>;
export type SetAsideRuling = Message<
  'SetAsideRuling',
  { year: number; unitId: string; rulingId: string; disputeId: string; reason: string }
>;

export type ScorecardCommand =
  AwardPoints | DeductPoints | ReportMetric | RuleBasicRequirement | ReverseEntry | SetAsideRuling;

/** A scorecard is decided against its cycle (policy, items, open or closed) and its unit (leader). */
export interface ScorecardContext {
  cycle: CycleState;
  unit: UnitState;
}
