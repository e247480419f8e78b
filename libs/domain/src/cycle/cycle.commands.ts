import { Message } from '../shared/decider';
import { PolicyChanges } from '../policy/policy';
import { Track } from '../shared/vocabulary';
import { Target } from './cycle.types';

export type OpenCycle = Message<'OpenCycle', { year: number; policy?: PolicyChanges }>;
export type AmendPolicy = Message<'AmendPolicy', { year: number; changes: PolicyChanges; reason: string }>;
export type DefineItem = Message<
  'DefineItem',
  {
    year: number;
    itemId: string;
    title: string;
    track: Track;
    basicRequirement?: { text?: string; panelScoreAtLeast?: number };
    targets?: Target[];
  }
>;
export type ChangeItemTrack = Message<
  'ChangeItemTrack',
  { year: number; itemId: string; track: Track; reason: string }
>;
export type ChangeTargetThreshold = Message<
  'ChangeTargetThreshold',
  { year: number; itemId: string; metric: string; threshold: number; reason: string; effectiveOn?: string }
>;
export type WithdrawItem = Message<'WithdrawItem', { year: number; itemId: string; reason: string }>;
export type SetLeaderBonusBase = Message<
  'SetLeaderBonusBase',
  { year: number; leaderId: string; amount: number }
>;
export type CloseCycle = Message<'CloseCycle', { year: number; reason: string }>;

export type CycleCommand =
  | OpenCycle
  | AmendPolicy
  | DefineItem
  | ChangeItemTrack
  | ChangeTargetThreshold
  | WithdrawItem
  | SetLeaderBonusBase
  | CloseCycle;

/** Facts from other streams that some cycle commands are decided on. */
export interface CycleContext {
  /** Whether the leader named by SetLeaderBonusBase was ever appointed to a unit. */
  leaderKnown?: boolean;
}
