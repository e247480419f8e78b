import { Decider, Decision } from '../shared/decider';
import { DomainError, refuse } from '../shared/domain-error';
import { checkEffectiveOn, effectiveOnField } from '../shared/effective-date';
import { emptyRecord, own, withKey } from '../shared/in-place';
import { checkPositiveAmount, hasAtMostTwoDecimals } from '../shared/numbers';
import { requireReason } from '../shared/text';
import { Track } from '../shared/vocabulary';
import { checkCycleExists, checkCycleOpen, findLiveItem, findTarget } from '../cycle/cycle.decider';
import { targetMet } from '../cycle/cycle.types';
import {
  AwardPoints,
  DeductPoints,
  ReportMetric,
  ReverseEntry,
  RuleBasicRequirement,
  ScorecardCommand,
  ScorecardContext,
  SetAsideRuling,
} from './scorecard.commands';
import { PointsDeducted, ScorecardEvent } from './scorecard.events';

export interface EntryState {
  entryId: string;
  itemId: string;
  track: Track;
  kind: 'award' | 'deduction';
  points: number;
  reversed: boolean;
}

export interface RulingState {
  rulingId: string;
  itemId: string;
  track: Track;
  met: boolean;
  leaderId: string | null;
  setAside: boolean;
}

export interface ScorecardState {
  entries: Record<string, EntryState>;
  rulings: Record<string, RulingState>;
}

export const initialScorecardState: ScorecardState = { entries: emptyRecord(), rulings: emptyRecord() };

/** Folds in linear time: collections are written in place (see shared/in-place.ts). */
export const evolveScorecard = (state: ScorecardState, event: ScorecardEvent): ScorecardState => {
  switch (event.type) {
    case 'PointsAwarded':
    case 'PointsDeducted': {
      const { entryId, itemId, track, points } = event.data;
      const kind = event.type === 'PointsAwarded' ? 'award' : 'deduction';
      const entry: EntryState = { entryId, itemId, track, kind, points, reversed: false };
      return { ...state, entries: withKey(state.entries, entryId, entry) };
    }
    case 'EntryReversed': {
      const entry = own(state.entries, event.data.entryId);
      return entry
        ? { ...state, entries: withKey(state.entries, entry.entryId, { ...entry, reversed: true }) }
        : state;
    }
    case 'BasicRequirementRuled': {
      const { rulingId, itemId, track, met, leaderId } = event.data;
      const ruling: RulingState = { rulingId, itemId, track, met, leaderId, setAside: false };
      return { ...state, rulings: withKey(state.rulings, rulingId, ruling) };
    }
    case 'RulingSetAside': {
      const ruling = own(state.rulings, event.data.rulingId);
      return ruling
        ? { ...state, rulings: withKey(state.rulings, ruling.rulingId, { ...ruling, setAside: true }) }
        : state;
    }
    case 'MetricReported':
      return state;
    default: {
      const unexpected: never = event;
      throw new Error(`A scorecard stream cannot hold ${JSON.stringify(unexpected)}.`);
    }
  }
};

/** A scorecard exists where its cycle was opened and its unit registered. */
const checkScorecard = (
  { year, unitId }: { year: number; unitId: string },
  { cycle, unit }: ScorecardContext,
): DomainError | null =>
  checkCycleExists(cycle, year) ??
  (unit.registered ? null : refuse('UNKNOWN_UNIT', `There is no unit "${unitId}".`, { unitId }));

/** A scorecard that still takes entries, metrics and rulings: it exists and its cycle is open. */
const checkScorecardOpen = (data: { year: number; unitId: string }, context: ScorecardContext) =>
  checkScorecard(data, context) ?? checkCycleOpen(context.cycle, data.year);

/**
 * What an award and a deduction both record, once checked; a decision where there is nothing
 * to record (the entry exists) or the entry is refused. `regularAwardMax` bounds an award on
 * a regular item; a deduction has no bound.
 */
const checkScoreEntry = (
  { data }: AwardPoints | DeductPoints,
  state: ScorecardState,
  context: ScorecardContext,
  regularAwardMax?: number,
): PointsDeducted['data'] | Decision<ScorecardEvent> => {
  const { year, unitId, entryId, itemId, points, reason, evidence, effectiveOn } = data;
  const closed = checkScorecardOpen(data, context);
  if (closed) return closed;
  if (own(state.entries, entryId)) return [];
  const item = findLiveItem(context.cycle, itemId);
  if (item instanceof DomainError) return item;
  const invalid = checkPositiveAmount(points, 'INVALID_POINTS', 'Points');
  if (invalid) return invalid;
  if (regularAwardMax !== undefined && item.track === '1' && points > regularAwardMax) {
    return refuse(
      'REGULAR_AWARD_OVER_MAX',
      `An award on regular item "${itemId}" may be at most ${regularAwardMax} points; ${points} asked.`,
      { points, regularAwardMax },
    );
  }
  const noReason = requireReason(reason);
  if (noReason) return noReason;
  const badDate = checkEffectiveOn(effectiveOn, year);
  if (badDate) return badDate;
  return {
    year,
    unitId,
    entryId,
    itemId,
    track: item.track,
    points,
    reason,
    evidence: evidence ?? null,
    ...effectiveOnField(effectiveOn),
  };
};

const isDecision = (value: object): value is Decision<ScorecardEvent> =>
  Array.isArray(value) || value instanceof DomainError;

const awardPoints = (
  command: AwardPoints,
  state: ScorecardState,
  context: ScorecardContext,
): Decision<ScorecardEvent> => {
  const { regularAwardMax } = context.cycle.policy;
  const facts = checkScoreEntry(command, state, context, regularAwardMax);
  return isDecision(facts) ? facts : [{ type: 'PointsAwarded', data: { ...facts, regularAwardMax } }];
};

const deductPoints = (
  command: DeductPoints,
  state: ScorecardState,
  context: ScorecardContext,
): Decision<ScorecardEvent> => {
  const facts = checkScoreEntry(command, state, context);
  return isDecision(facts) ? facts : [{ type: 'PointsDeducted', data: facts }];
};

const reportMetric = (command: ReportMetric, context: ScorecardContext): Decision<ScorecardEvent> => {
  const { year, unitId, itemId, metric, value, effectiveOn } = command.data;
  const closed = checkScorecardOpen(command.data, context);
  if (closed) return closed;
  const badDate = checkEffectiveOn(effectiveOn, year);
  if (badDate) return badDate;
  const item = findLiveItem(context.cycle, itemId);
  if (item instanceof DomainError) return item;
  const target = findTarget(item, metric);
  if (target instanceof DomainError) return target;
  if (typeof value !== 'number' || !Number.isFinite(value) || !hasAtMostTwoDecimals(value)) {
    return refuse('INVALID_METRIC_VALUE', 'A metric value must be a finite number with at most 2 decimals.');
  }
  const { comparator, threshold, unit: measure } = target;
  return [
    {
      type: 'MetricReported',
      data: {
        year,
        unitId,
        itemId,
        metric,
        value,
        comparator,
        threshold,
        unit: measure,
        met: targetMet(target, value),
        ...effectiveOnField(effectiveOn),
      },
    },
  ];
};

const ruleBasicRequirement = (
  command: RuleBasicRequirement,
  state: ScorecardState,
  context: ScorecardContext,
): Decision<ScorecardEvent> => {
  const { year, unitId, rulingId, itemId, met, basis, panelId, effectiveOn } = command.data;
  const { cycle, unit } = context;
  const closed = checkScorecardOpen(command.data, context);
  if (closed) return closed;
  const badDate = checkEffectiveOn(effectiveOn, year);
  if (badDate) return badDate;
  if (own(state.rulings, rulingId)) return [];
  const item = findLiveItem(cycle, itemId);
  if (item instanceof DomainError) return item;
  const noBasis = requireReason(basis, 'The basis of a ruling');
  if (noBasis) return noBasis;
  if (!met && item.track === 'X' && !unit.leader) {
    return refuse(
      'NO_PRINCIPAL_LEADER',
      `Unit "${unitId}" has no principal leader in office to hold accountable for key item "${itemId}"; appoint one first.`,
      { unitId, itemId },
    );
  }
  return [
    {
      type: 'BasicRequirementRuled',
      data: {
        year,
        unitId,
        rulingId,
        itemId,
        track: item.track,
        met,
        basis,
        leaderId: unit.leader?.leaderId ?? null,
        panelId: panelId ?? null,
        ...effectiveOnField(effectiveOn),
      },
    },
  ];
};

// Reversing an entry and setting a ruling aside are allowed after the close: dispute
// resolution is how a closed record is corrected.

const reverseEntry = (
  command: ReverseEntry,
  state: ScorecardState,
  context: ScorecardContext,
): Decision<ScorecardEvent> => {
  const { year, unitId, entryId, disputeId, reason } = command.data;
  const unknown = checkScorecard(command.data, context);
  if (unknown) return unknown;
  const entry = own(state.entries, entryId);
  if (!entry) return refuse('UNKNOWN_ENTRY', `Unit "${unitId}" has no score entry ${entryId} in ${year}.`);
  if (entry.reversed) return [];
  const { itemId, track, kind, points } = entry;
  return [
    {
      type: 'EntryReversed',
      data: { year, unitId, entryId, itemId, track, kind, points, disputeId, reason },
    },
  ];
};

const setAsideRuling = (
  command: SetAsideRuling,
  state: ScorecardState,
  context: ScorecardContext,
): Decision<ScorecardEvent> => {
  const { year, unitId, rulingId, disputeId, reason } = command.data;
  const unknown = checkScorecard(command.data, context);
  if (unknown) return unknown;
  const ruling = own(state.rulings, rulingId);
  if (!ruling) return refuse('UNKNOWN_RULING', `Unit "${unitId}" has no ruling ${rulingId} in ${year}.`);
  if (ruling.setAside) return [];
  const { itemId, met } = ruling;
  return [{ type: 'RulingSetAside', data: { year, unitId, rulingId, itemId, met, disputeId, reason } }];
};

export const decideScorecard = (
  command: ScorecardCommand,
  state: ScorecardState,
  context: ScorecardContext,
): Decision<ScorecardEvent> => {
  switch (command.type) {
    case 'AwardPoints':
      return awardPoints(command, state, context);
    case 'DeductPoints':
      return deductPoints(command, state, context);
    case 'ReportMetric':
      return reportMetric(command, context);
    case 'RuleBasicRequirement':
      return ruleBasicRequirement(command, state, context);
    case 'ReverseEntry':
      return reverseEntry(command, state, context);
    case 'SetAsideRuling':
      return setAsideRuling(command, state, context);
    default: {
      const unexpected: never = command;
      throw new Error(`The scorecard decider cannot decide ${JSON.stringify(unexpected)}.`);
    }
  }
};

export const scorecardDecider: Decider<ScorecardCommand, ScorecardEvent, ScorecardState, ScorecardContext> = {
  initialState: initialScorecardState,
  evolve: evolveScorecard,
  decide: decideScorecard,
};
