import { Decider, Decision } from '../shared/decider';
import { DomainError, refuse } from '../shared/domain-error';
import { checkPositiveAmount, hasAtMostTwoDecimals } from '../shared/numbers';
import { requireReason } from '../shared/text';
import { Track } from '../shared/vocabulary';
import { checkCycleOpen, findLiveItem } from '../cycle/cycle.decider';
import { targetMet } from '../cycle/cycle.types';
import { AwardPoints, DeductPoints, ScorecardCommand, ScorecardContext } from './scorecard.commands';
import { ScorecardEvent } from './scorecard.events';

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

export const initialScorecardState: ScorecardState = { entries: {}, rulings: {} };

export const evolveScorecard = (state: ScorecardState, event: ScorecardEvent): ScorecardState => {
  switch (event.type) {
    case 'PointsAwarded':
    case 'PointsDeducted': {
      const { entryId, itemId, track, points } = event.data;
      const kind = event.type === 'PointsAwarded' ? 'award' : 'deduction';
      return {
        ...state,
        entries: { ...state.entries, [entryId]: { entryId, itemId, track, kind, points, reversed: false } },
      };
    }
    case 'EntryReversed': {
      const entry = state.entries[event.data.entryId];
      return entry
        ? { ...state, entries: { ...state.entries, [entry.entryId]: { ...entry, reversed: true } } }
        : state;
    }
    case 'BasicRequirementRuled': {
      const { rulingId, itemId, track, met, leaderId } = event.data;
      return {
        ...state,
        rulings: {
          ...state.rulings,
          [rulingId]: { rulingId, itemId, track, met, leaderId, setAside: false },
        },
      };
    }
    case 'RulingSetAside': {
      const ruling = state.rulings[event.data.rulingId];
      return ruling
        ? { ...state, rulings: { ...state.rulings, [ruling.rulingId]: { ...ruling, setAside: true } } }
        : state;
    }
    case 'MetricReported':
      return state;
  }
};

const checkKnownUnit = ({ unit }: ScorecardContext, unitId: string): DomainError | null =>
  unit.registered ? null : refuse('UNKNOWN_UNIT', `There is no unit "${unitId}".`, { unitId });

const decideScoreEntry = (
  command: AwardPoints | DeductPoints,
  state: ScorecardState,
  { cycle }: ScorecardContext,
): Decision<ScorecardEvent> => {
  const { year, unitId, entryId, itemId, points, reason, evidence } = command.data;
  if (state.entries[entryId]) return [];
  const item = findLiveItem(cycle, itemId);
  if (item instanceof DomainError) return item;
  const invalid = checkPositiveAmount(points, 'INVALID_POINTS', 'Points');
  if (invalid) return invalid;
  const { regularAwardMax } = cycle.policy;
  if (command.type === 'AwardPoints' && item.track === '1' && points > regularAwardMax) {
    return refuse(
      'REGULAR_AWARD_OVER_MAX',
      `An award on regular item "${itemId}" may be at most ${regularAwardMax} points; ${points} asked.`,
      { points, regularAwardMax },
    );
  }
  const noReason = requireReason(reason);
  if (noReason) return noReason;
  const facts = {
    year,
    unitId,
    entryId,
    itemId,
    track: item.track,
    points,
    reason,
    evidence: evidence ?? null,
  };
  return command.type === 'AwardPoints'
    ? [{ type: 'PointsAwarded', data: { ...facts, regularAwardMax } }]
    : [{ type: 'PointsDeducted', data: facts }];
};

export const decideScorecard = (
  command: ScorecardCommand,
  state: ScorecardState,
  context: ScorecardContext,
): Decision<ScorecardEvent> => {
  const { year, unitId } = command.data;
  const { cycle, unit } = context;
  if (cycle.status === 'none')
    return refuse('UNKNOWN_CYCLE', `There is no appraisal cycle ${year}.`, { year });
  const unknownUnit = checkKnownUnit(context, unitId);
  if (unknownUnit) return unknownUnit;

  switch (command.type) {
    case 'ReverseEntry': {
      // Allowed after close: dispute resolution is how a closed record is corrected.
      const { entryId, disputeId, reason } = command.data;
      const entry = state.entries[entryId];
      if (!entry)
        return refuse('UNKNOWN_ENTRY', `Unit "${unitId}" has no score entry ${entryId} in ${year}.`);
      if (entry.reversed) return [];
      const { itemId, track, kind, points } = entry;
      return [
        {
          type: 'EntryReversed',
          data: { year, unitId, entryId, itemId, track, kind, points, disputeId, reason },
        },
      ];
    }
    case 'SetAsideRuling': {
      const { rulingId, disputeId, reason } = command.data;
      const ruling = state.rulings[rulingId];
      if (!ruling) return refuse('UNKNOWN_RULING', `Unit "${unitId}" has no ruling ${rulingId} in ${year}.`);
      if (ruling.setAside) return [];
      const { itemId, met } = ruling;
      return [{ type: 'RulingSetAside', data: { year, unitId, rulingId, itemId, met, disputeId, reason } }];
    }
    default:
      break;
  }

  const closed = checkCycleOpen(cycle, year);
  if (closed) return closed;

  switch (command.type) {
    case 'AwardPoints':
    case 'DeductPoints':
      return decideScoreEntry(command, state, context);
    case 'ReportMetric': {
      const { itemId, metric, value } = command.data;
      const item = findLiveItem(cycle, itemId);
      if (item instanceof DomainError) return item;
      const target = item.targets[metric];
      if (!target) {
        return refuse('UNKNOWN_METRIC', `Item "${itemId}" has no target on metric "${metric}".`, {
          itemId,
          metric,
        });
      }
      if (typeof value !== 'number' || !Number.isFinite(value) || !hasAtMostTwoDecimals(value)) {
        return refuse(
          'INVALID_METRIC_VALUE',
          'A metric value must be a finite number with at most 2 decimals.',
        );
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
          },
        },
      ];
    }
    case 'RuleBasicRequirement': {
      const { rulingId, itemId, met, basis, panelId } = command.data;
      if (state.rulings[rulingId]) return [];
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
          },
        },
      ];
    }
  }
};

export const scorecardDecider: Decider<ScorecardCommand, ScorecardEvent, ScorecardState, ScorecardContext> = {
  initialState: initialScorecardState,
  evolve: evolveScorecard,
  decide: decideScorecard,
};
