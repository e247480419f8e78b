import { Message } from '../shared/decider';
import { Comparator, Track } from '../shared/vocabulary';

/** Award and deduction carry the item's track as it was when recorded: later track changes do not rewrite them. */
interface ScoreEntryFacts {
  year: number;
  unitId: string;
  entryId: string;
  itemId: string;
  track: Track;
  points: number;
  reason: string;
  evidence: string | null;
  /** The day of the appraisal year it takes effect, when the command named one (else the day recorded). */
  effectiveOn?: string;
}

export type PointsAwarded = Message<'PointsAwarded', ScoreEntryFacts & { regularAwardMax: number }>;
export type PointsDeducted = Message<'PointsDeducted', ScoreEntryFacts>;
export type MetricReported = Message<
  'MetricReported',
  {
    year: number;
    unitId: string;
    itemId: string;
    metric: string;
    value: number;
    comparator: Comparator;
    threshold: number;
    unit: string;
    met: boolean;
    effectiveOn?: string;
  }
>;
/** `leaderId` is the principal leader in office when the ruling was made; `panelId` when a panel ruled. */
export type BasicRequirementRuled = Message<
  'BasicRequirementRuled',
  {
    year: number;
    unitId: string;
    rulingId: string;
    itemId: string;
    track: Track;
    met: boolean;
    basis: string;
    leaderId: string | null;
    panelId: string | null;
    effectiveOn?: string;
  }
>;
/** The compensating event of an overturned dispute: it repeats what it cancels, so folds need no lookup. */
export type EntryReversed = Message<
  'EntryReversed',
  {
    year: number;
    unitId: string;
    entryId: string;
    itemId: string;
    track: Track;
    kind: 'award' | 'deduction';
    points: number;
    disputeId: string;
    reason: string;
  }
>;
export type RulingSetAside = Message<
  'RulingSetAside',
  {
    year: number;
    unitId: string;
    rulingId: string;
    itemId: string;
    met: boolean;
    disputeId: string;
    reason: string;
  }
>;

export type ScoreEntryEvent = PointsAwarded | PointsDeducted;
export type ScorecardEvent =
  PointsAwarded | PointsDeducted | MetricReported | BasicRequirementRuled | EntryReversed | RulingSetAside;
