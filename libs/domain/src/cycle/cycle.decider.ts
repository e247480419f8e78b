import { Decider, Decision } from '../shared/decider';
import { DomainError, refuse } from '../shared/domain-error';
import { checkPositiveAmount, hasAtMostTwoDecimals } from '../shared/numbers';
import { requireReason } from '../shared/text';
import { COMPARATORS, Track } from '../shared/vocabulary';
import { DEFAULT_POLICY, Policy, applyPolicyChanges, checkPolicy, samePolicy } from '../policy/policy';
import { CycleCommand, CycleContext, DefineItem } from './cycle.commands';
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
  items: {},
  bonusBases: {},
};

const withItem = (state: CycleState, itemId: string, change: (item: ItemState) => ItemState): CycleState => {
  const item = state.items[itemId];
  return item ? { ...state, items: { ...state.items, [itemId]: change(item) } } : state;
};

export const evolveCycle = (state: CycleState, event: CycleEvent): CycleState => {
  switch (event.type) {
    case 'CycleOpened':
      return { ...state, status: 'open', year: event.data.year, policy: event.data.policy };
    case 'PolicyAmended':
      return { ...state, policy: event.data.policy };
    case 'ItemDefined': {
      const { itemId, title, track, basicRequirement, targets } = event.data;
      const byMetric = Object.fromEntries(targets.map((target) => [target.metric, target]));
      return {
        ...state,
        items: {
          ...state.items,
          [itemId]: { itemId, title, track, withdrawn: false, basicRequirement, targets: byMetric },
        },
      };
    }
    case 'ItemTrackChanged':
      return withItem(state, event.data.itemId, (item) => ({ ...item, track: event.data.to }));
    case 'TargetThresholdChanged': {
      const { metric, to } = event.data;
      return withItem(state, event.data.itemId, (item) => {
        const target = item.targets[metric];
        return target
          ? { ...item, targets: { ...item.targets, [metric]: { ...target, threshold: to } } }
          : item;
      });
    }
    case 'ItemWithdrawn':
      return withItem(state, event.data.itemId, (item) => ({ ...item, withdrawn: true }));
    case 'LeaderBonusBaseSet':
      return { ...state, bonusBases: { ...state.bonusBases, [event.data.leaderId]: event.data.amount } };
    case 'CycleClosed':
      return { ...state, status: 'closed' };
  }
};

/** A cycle that can still change: it exists and has not been closed. */
export const checkCycleOpen = (state: CycleState, year: number): DomainError | null => {
  if (state.status === 'none')
    return refuse('UNKNOWN_CYCLE', `There is no appraisal cycle ${year}.`, { year });
  if (state.status === 'closed') {
    return refuse('CYCLE_CLOSED', `Cycle ${year} is closed; its record changes only through disputes.`, {
      year,
    });
  }
  return null;
};

/** An item of the cycle that can still be appraised: defined and not withdrawn. */
export const findLiveItem = (state: CycleState, itemId: string): ItemState | DomainError => {
  const item = state.items[itemId];
  if (!item) return refuse('UNKNOWN_ITEM', `Cycle ${state.year} has no item "${itemId}".`, { itemId });
  if (item.withdrawn) {
    return refuse('ITEM_WITHDRAWN', `Item "${itemId}" was withdrawn from cycle ${state.year}.`, { itemId });
  }
  return item;
};

const targetProblem = (target: Target): string | null => {
  if (typeof target.metric !== 'string' || target.metric.trim() === '') return 'a target needs a metric name';
  if (!COMPARATORS.includes(target.comparator))
    return `comparator of "${target.metric}" must be ">=" or "<="`;
  if (typeof target.threshold !== 'number' || !Number.isFinite(target.threshold)) {
    return `threshold of "${target.metric}" must be a finite number`;
  }
  return null;
};

const decideDefineItem = (command: DefineItem, state: CycleState): Decision<CycleEvent> => {
  const { year, itemId, title, track, basicRequirement, targets = [] } = command.data;
  if (state.items[itemId]) {
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

export const decideCycle = (
  command: CycleCommand,
  state: CycleState,
  context: CycleContext = {},
): Decision<CycleEvent> => {
  const { year } = command.data;

  if (command.type === 'OpenCycle') {
    if (state.status !== 'none') return refuse('CYCLE_EXISTS', `Cycle ${year} is already open.`, { year });
    const policy = applyPolicyChanges(DEFAULT_POLICY, command.data.policy ?? {});
    return checkPolicy(policy) ?? [{ type: 'CycleOpened', data: { year, policy } }];
  }

  if (command.type === 'SetLeaderBonusBase') {
    // Bonuses are settled after the year closes, so a closed cycle still takes a bonus base.
    if (state.status === 'none')
      return refuse('UNKNOWN_CYCLE', `There is no appraisal cycle ${year}.`, { year });
    const { leaderId, amount } = command.data;
    if (!context.leaderKnown) {
      return refuse('UNKNOWN_LEADER', `No leader "${leaderId}" has been appointed to any unit.`, {
        leaderId,
      });
    }
    const refusal = checkPositiveAmount(amount, 'INVALID_AMOUNT', 'A bonus base');
    if (refusal) return refusal;
    const previous = state.bonusBases[leaderId] ?? null;
    if (previous === amount)
      return refuse('NO_CHANGE', `The bonus base of "${leaderId}" is already ${amount}.`);
    return [{ type: 'LeaderBonusBaseSet', data: { year, leaderId, amount, previous } }];
  }

  const closed = checkCycleOpen(state, year);
  if (closed) return closed;

  switch (command.type) {
    case 'AmendPolicy': {
      const { changes, reason } = command.data;
      const noReason = requireReason(reason);
      if (noReason) return noReason;
      const policy = applyPolicyChanges(state.policy, changes);
      const invalid = checkPolicy(policy);
      if (invalid) return invalid;
      if (samePolicy(policy, state.policy))
        return refuse('NO_CHANGE', 'The amendment changes nothing in the policy.');
      return [{ type: 'PolicyAmended', data: { year, changes, policy, reason } }];
    }
    case 'DefineItem':
      return decideDefineItem(command, state);
    case 'ChangeItemTrack': {
      const { itemId, track, reason } = command.data;
      const item = findLiveItem(state, itemId);
      if (item instanceof DomainError) return item;
      const refusal =
        requireReason(reason) ??
        (item.track === track ? refuse('NO_CHANGE', `Item "${itemId}" is already on track ${track}.`) : null);
      return (
        refusal ?? [{ type: 'ItemTrackChanged', data: { year, itemId, from: item.track, to: track, reason } }]
      );
    }
    case 'ChangeTargetThreshold': {
      const { itemId, metric, threshold, reason } = command.data;
      const item = findLiveItem(state, itemId);
      if (item instanceof DomainError) return item;
      const target = item.targets[metric];
      if (!target) {
        return refuse('UNKNOWN_METRIC', `Item "${itemId}" has no target on metric "${metric}".`, {
          itemId,
          metric,
        });
      }
      if (typeof threshold !== 'number' || !Number.isFinite(threshold) || !hasAtMostTwoDecimals(threshold)) {
        return refuse('INVALID_TARGET', 'A threshold must be a finite number with at most 2 decimals.');
      }
      const refusal =
        requireReason(reason) ??
        (target.threshold === threshold
          ? refuse('NO_CHANGE', `The threshold of "${metric}" is already ${threshold}.`)
          : null);
      return (
        refusal ?? [
          {
            type: 'TargetThresholdChanged',
            data: { year, itemId, metric, from: target.threshold, to: threshold, reason },
          },
        ]
      );
    }
    case 'WithdrawItem': {
      const { itemId, reason } = command.data;
      const item = findLiveItem(state, itemId);
      if (item instanceof DomainError) return item;
      return requireReason(reason) ?? [{ type: 'ItemWithdrawn', data: { year, itemId, reason } }];
    }
    case 'CloseCycle': {
      const { reason } = command.data;
      return requireReason(reason) ?? [{ type: 'CycleClosed', data: { year, reason } }];
    }
  }
};

export const cycleDecider: Decider<CycleCommand, CycleEvent, CycleState, CycleContext> = {
  initialState: initialCycleState,
  evolve: evolveCycle,
  decide: decideCycle,
};
