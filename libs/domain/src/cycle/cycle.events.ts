import { Message } from '../shared/decider';
import { Policy, PolicyChanges } from '../policy/policy';
import { Track } from '../shared/vocabulary';
import { BasicRequirement, Target } from './cycle.types';

export type CycleOpened = Message<'CycleOpened', { year: number; policy: Policy }>;
export type PolicyAmended = Message<
  'PolicyAmended',
  { year: number; changes: PolicyChanges; policy: Policy; reason: string }
>;
export type ItemDefined = Message<
  'ItemDefined',
  {
    year: number;
    itemId: string;
    title: string;
    track: Track;
    basicRequirement: BasicRequirement | null;
    targets: Target[];
  }
>;
export type ItemTrackChanged = Message<
  'ItemTrackChanged',
  { year: number; itemId: string; from: Track; to: Track; reason: string }
>;
export type TargetThresholdChanged = Message<
  'TargetThresholdChanged',
  {
    year: number;
    itemId: string;
    metric: string;
    from: number;
    to: number;
    reason: string;
    /** The day of the appraisal year the new threshold holds from, when the command named one (else the day recorded). */
    effectiveOn?: string;
  }
>;
export type ItemWithdrawn = Message<'ItemWithdrawn', { year: number; itemId: string; reason: string }>;
export type LeaderBonusBaseSet = Message<
  'LeaderBonusBaseSet',
  { year: number; leaderId: string; amount: number; previous: number | null }
>;
export type CycleClosed = Message<'CycleClosed', { year: number; reason: string }>;

export type CycleEvent =
  | CycleOpened
  | PolicyAmended
  | ItemDefined
  | ItemTrackChanged
  | TargetThresholdChanged
  | ItemWithdrawn
  | LeaderBonusBaseSet
  | CycleClosed;
