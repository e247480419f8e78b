import { checkEffectiveOn, effectiveOnField } from '../shared/effective-date';
import { Decider, Decision } from '../shared/decider';
import { DomainError, refuse } from '../shared/domain-error';
import { emptyRecord, own, withKey } from '../shared/in-place';
import { checkPositiveAmount, hasAtMostTwoDecimals } from '../shared/numbers';
import { requireReason } from '../shared/text';
import { COMPARATORS, Track } from '../shared/vocabulary';
import { DEFAULT_POLICY, Policy, applyPolicyChanges, checkPolicy, samePolicy } from '../policy/policy';
import {
  AmendPolicy,
  ChangeItemTrack,
  ChangeTargetThreshold,
  CloseCycle,
  CycleCommand,
  CycleContext,
  DefineItem,
  OpenCycle,
  SetLeaderBonusBase,
  WithdrawItem,
} from './cycle.commands';
import { CycleEvent } from './cycle.events';
import { BasicRequirement, Target } from './cycle.types';

export interface ItemState {
  itemId: string;
  title: string;
  track: Track;
  withdrawn: boolean;
  basicRequirement: BasicRequirement | null;
  targets: Record<string, Target>;
}

export interface CycleState {
  status: 'none' | 'open' | 'closed';
  year: number;
  policy: Policy;
  items: Record<string, ItemState>;
  bonusBases: Record<string, number>;
}

export const initialCycleState: CycleState = {
  status: 'none',
  year: 0,
  policy: DEFAULT_POLICY,
  items: emptyRecord(),
  bonusBases: emptyRecord(),
};

/** The item replaced by a changed copy; a state without the item is returned as it is. */
const withItem = (state: CycleState, itemId: string, change: (item: ItemState) => ItemState): CycleState => {
  const item = own(state.items, itemId);
  return item ? { ...state, items: withKey(state.items, itemId, change(item)) } : state;
};

/** Folds in linear time: collections are written in place (see shared/in-place.ts). */
export const evolveCycle = (state: CycleState, event: CycleEvent): CycleState => {
  switch (event.type) {
    case 'CycleOpened':
      return { ...state, status: 'open', year: event.data.year, policy: event.data.policy };
    case 'PolicyAmended':
      return { ...state, policy: event.data.policy };
    case 'ItemDefined': {
      const { itemId, title, track, basicRequirement, targets } = event.data;
      const byMetric = Object.fromEntries(targets.map((target) => [target.metric, target]));
      const item: ItemState = { itemId, title, track, withdrawn: false, basicRequirement, targets: byMetric };
      return { ...state, items: withKey(state.items, itemId, item) };
    }
    case 'ItemTrackChanged':
      return withItem(state, event.data.itemId, (item) => ({ ...item, track: event.data.to }));
    case 'TargetThresholdChanged': {
      const { metric, to } = event.data;
      return withItem(state, event.data.itemId, (item) => {
        const target = own(item.targets, metric);
        return target
          ? { ...item, targets: withKey(item.targets, metric, { ...target, threshold: to }) }
          : item;
      });
    }
    case 'ItemWithdrawn':
      return withItem(state, event.data.itemId, (item) => ({ ...item, withdrawn: true }));
    case 'LeaderBonusBaseSet':
      return { ...state, bonusBases: withKey(state.bonusBases, event.data.leaderId, event.data.amount) };
    case 'CycleClosed':
      return { ...state, status: 'closed' };
    default: {
      const unexpected: never = event;
      throw new Error(`A cycle stream cannot hold ${JSON.stringify(unexpected)}.`);
    }
  }
};

/** A cycle that was opened, whether or not it has been closed since. */
export const checkCycleExists = (state: CycleState, year: number): DomainError | null =>
  state.status === 'none' ? refuse('UNKNOWN_CYCLE', `There is no appraisal cycle ${year}.`, { year }) : null;

/** A cycle that can still change: it exists and has not been closed. */
export const checkCycleOpen = (state: CycleState, year: number): DomainError | null => {
  const unknown = checkCycleExists(state, year);
  if (unknown) return unknown;
  if (state.status === 'closed') {
    return refuse('CYCLE_CLOSED', `Cycle ${year} is closed; its record changes only through disputes.`, {
      year,
    });
  }
  return null;
};

/** An item of the cycle that can still be appraised: defined and not withdrawn. */
export const findLiveItem = (state: CycleState, itemId: string): ItemState | DomainError => {
  const item = own(state.items, itemId);
  if (!item) return refuse('UNKNOWN_ITEM', `Cycle ${state.year} has no item "${itemId}".`, { itemId });
  if (item.withdrawn) {
    return refuse('ITEM_WITHDRAWN', `Item "${itemId}" was withdrawn from cycle ${state.year}.`, { itemId });
  }
  return item;
};

/** The item's target on a metric, or UNKNOWN_METRIC. */
export const findTarget = (item: ItemState, metric: string): Target | DomainError =>
  own(item.targets, metric) ??
  refuse('UNKNOWN_METRIC', `Item "${item.itemId}" has no target on metric "${metric}".`, {
    itemId: item.itemId,
    metric,
  });

/** An item whose definition may still change: the cycle is open and the item live. */
const findChangeableItem = (state: CycleState, year: number, itemId: string): ItemState | DomainError =>
  checkCycleOpen(state, year) ?? findLiveItem(state, itemId);

const targetProblem = (target: Target): string | null => {
  if (typeof target.metric !== 'string' || target.metric.trim() === '') return 'a target needs a metric name';
  if (!COMPARATORS.includes(target.comparator))
    return `comparator of "${target.metric}" must be ">=" or "<="`;
  if (typeof target.threshold !== 'number' || !Number.isFinite(target.threshold)) {
    return `threshold of "${target.metric}" must be a finite number`;
  }
  return null;
};

const openCycle = (command: OpenCycle, state: CycleState): Decision<CycleEvent> => {
  const { year } = command.data;
  if (state.status !== 'none') return refuse('CYCLE_EXISTS', `Cycle ${year} is already open.`, { year });
  const policy = applyPolicyChanges(DEFAULT_POLICY, command.data.policy ?? {});
  return checkPolicy(policy) ?? [{ type: 'CycleOpened', data: { year, policy } }];
};

const amendPolicy = (command: AmendPolicy, state: CycleState): Decision<CycleEvent> => {
  const { year, changes, reason } = command.data;
  const refusal = checkCycleOpen(state, year) ?? requireReason(reason);
  if (refusal) return refusal;
  const policy = applyPolicyChanges(state.policy, changes);
  const invalid = checkPolicy(policy);
  if (invalid) return invalid;
  if (samePolicy(policy, state.policy))
    return refuse('NO_CHANGE', 'The amendment changes nothing in the policy.');
  return [{ type: 'PolicyAmended', data: { year, changes, policy, reason } }];
};

const defineItem = (command: DefineItem, state: CycleState): Decision<CycleEvent> => {
  const { year, itemId, title, track, basicRequirement, targets = [] } = command.data;
  const closed = checkCycleOpen(state, year);
  if (closed) return closed;
  if (own(state.items, itemId)) {
    return refuse('ITEM_EXISTS', `Item "${itemId}" is already defined in cycle ${year}.`, { itemId });
  }
  const problems = targets.map(targetProblem).filter((problem): problem is string => problem !== null);
  const metrics = new Set(targets.map((target) => target.metric));
  if (metrics.size !== targets.length) problems.push('each metric may have one target only');
  const threshold = basicRequirement?.panelScoreAtLeast;
  if (threshold !== undefined && (!Number.isFinite(threshold) || threshold < 0 || threshold > 100)) {
    problems.push('panelScoreAtLeast must be between 0 and 100');
  }
  if (problems.length > 0) {
    return refuse('INVALID_TARGET', `Item "${itemId}" cannot be defined: ${problems.join('; ')}.`, {
      problems,
    });
  }
  const requirement: BasicRequirement | null = basicRequirement
    ? { text: basicRequirement.text ?? null, panelScoreAtLeast: threshold ?? null }
    : null;
  return [
    {
      type: 'ItemDefined',
      data: {
        year,
        itemId,
        title,
        track,
        basicRequirement: requirement,
        targets: targets.map(({ metric, comparator, threshold: value, unit }) => ({
          metric,
          comparator,
          threshold: value,
          unit,
        })),
      },
    },
  ];
};

const changeItemTrack = (command: ChangeItemTrack, state: CycleState): Decision<CycleEvent> => {
  const { year, itemId, track, reason } = command.data;
  const item = findChangeableItem(state, year, itemId);
  if (item instanceof DomainError) return item;
  const refusal =
    requireReason(reason) ??
    (item.track === track ? refuse('NO_CHANGE', `Item "${itemId}" is already on track ${track}.`) : null);
  return (
    refusal ?? [{ type: 'ItemTrackChanged', data: { year, itemId, from: item.track, to: track, reason } }]
  );
};

const changeTargetThreshold = (command: ChangeTargetThreshold, state: CycleState): Decision<CycleEvent> => {
  const { year, itemId, metric, threshold, reason, effectiveOn } = command.data;
  const item = findChangeableItem(state, year, itemId);
  if (item instanceof DomainError) return item;
  const target = findTarget(item, metric);
  if (target instanceof DomainError) return target;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || !hasAtMostTwoDecimals(threshold)) {
    return refuse('INVALID_TARGET', 'A threshold must be a finite number with at most 2 decimals.');
  }
  const refusal =
    checkEffectiveOn(effectiveOn, year) ??
    requireReason(reason) ??
    (target.threshold === threshold
      ? refuse('NO_CHANGE', `The threshold of "${metric}" is already ${threshold}.`)
      : null);
  return (
    refusal ?? [
      {
        type: 'TargetThresholdChanged',
        data: {
          year,
          itemId,
          metric,
          from: target.threshold,
          to: threshold,
          reason,
          ...effectiveOnField(effectiveOn),
        },
      },
    ]
  );
};

const withdrawItem = (command: WithdrawItem, state: CycleState): Decision<CycleEvent> => {
  const { year, itemId, reason } = command.data;
  const item = findChangeableItem(state, year, itemId);
  if (item instanceof DomainError) return item;
  return requireReason(reason) ?? [{ type: 'ItemWithdrawn', data: { year, itemId, reason } }];
};

const setLeaderBonusBase = (
  command: SetLeaderBonusBase,
  state: CycleState,
  context: CycleContext,
): Decision<CycleEvent> => {
  const { year, leaderId, amount } = command.data;
  // Bonuses are settled after the year closes, so a closed cycle still takes a bonus base.
  const unknown = checkCycleExists(state, year);
  if (unknown) return unknown;
  if (!context.leaderKnown) {
    return refuse('UNKNOWN_LEADER', `No leader "${leaderId}" has been appointed to any unit.`, {
      leaderId,
    });
  }
  const refusal = checkPositiveAmount(amount, 'INVALID_AMOUNT', 'A bonus base');
  if (refusal) return refusal;
  const previous = own(state.bonusBases, leaderId) ?? null;
  if (previous === amount)
    return refuse('NO_CHANGE', `The bonus base of "${leaderId}" is already ${amount}.`);
  return [{ type: 'LeaderBonusBaseSet', data: { year, leaderId, amount, previous } }];
};

const closeCycle = (command: CloseCycle, state: CycleState): Decision<CycleEvent> => {
  const { year, reason } = command.data;
  return (
    checkCycleOpen(state, year) ?? requireReason(reason) ?? [{ type: 'CycleClosed', data: { year, reason } }]
  );
};

export const decideCycle = (
  command: CycleCommand,
  state: CycleState,
  context: CycleContext = {},
): Decision<CycleEvent> => {
  switch (command.type) {
    case 'OpenCycle':
      return openCycle(command, state);
    case 'AmendPolicy':
      return amendPolicy(command, state);
    case 'DefineItem':
      return defineItem(command, state);
    case 'ChangeItemTrack':
      return changeItemTrack(command, state);
    case 'ChangeTargetThreshold':
      return changeTargetThreshold(command, state);
    case 'WithdrawItem':
      return withdrawItem(command, state);
    case 'SetLeaderBonusBase':
      return setLeaderBonusBase(command, state, context);
    case 'CloseCycle':
      return closeCycle(command, state);
    default: {
      const unexpected: never = command;
      throw new Error(`The cycle decider cannot decide ${JSON.stringify(unexpected)}.`);
    }
  }
};

export const cycleDecider: Decider<CycleCommand, CycleEvent, CycleState, CycleContext> = {
  initialState: initialCycleState,
  evolve: evolveCycle,
  decide: decideCycle,
};
