import {
  CycleEvent,
  CycleState,
  ScoreTally,
  ScorecardEvent,
  Track,
  UnitEvent,
  UnitState,
  emptyTally,
  evolveCycle,
  evolveUnit,
  initialCycleState,
  initialUnitState,
  tallyScorecardEvent,
} from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';
import { DocChange, Projection, ReadDoc, docKey } from '../projection';
import { appraisal, recorded } from './event-facts';

export const SCORES = 'scores';

/** The documents of the scores read model. */
export const scoreKeys = {
  cycle: (year: number) => docKey('cycle', year),
  unitScope: 'unit',
  unit: (unitId: string) => docKey('unit', unitId),
  cardScope: (year: number) => docKey('card', year),
  card: (year: number, unitId: string) => docKey('card', year, unitId),
  entryScope: (year: number, unitId: string) => docKey('entry', year, unitId),
  entry: (year: number, unitId: string, entryId: string) => docKey('entry', year, unitId, entryId),
  rulingScope: (year: number, unitId: string) => docKey('ruling', year, unitId),
  ruling: (year: number, unitId: string, rulingId: string) => docKey('ruling', year, unitId, rulingId),
  metricScope: (year: number, unitId: string) => docKey('metric', year, unitId),
  metric: (year: number, unitId: string, itemId: string, metric: string) =>
    docKey('metric', year, unitId, `${itemId}/${metric}`),
};

/** A unit's running score in a cycle: the tally of its entries per track. */
export interface CardDoc {
  year: number;
  unitId: string;
  tally: ScoreTally;
}

export interface EntryDoc {
  entryId: string;
  itemId: string;
  track: Track;
  kind: 'award' | 'deduction';
  points: number;
  reason: string;
  evidence: string | null;
  reversed: boolean;
  reversedBy: string | null;
  position: string;
  recordedAt: string;
  actor: { id: string; role: string; name?: string };
}

export interface RulingDoc {
  rulingId: string;
  itemId: string;
  track: Track;
  met: boolean;
  basis: string;
  leaderId: string | null;
  panelId: string | null;
  setAside: boolean;
  position: string;
  recordedAt: string;
}

export interface MetricDoc {
  itemId: string;
  metric: string;
  value: number;
  position: string;
  recordedAt: string;
}

const CYCLE_EVENTS = new Set([
  'CycleOpened',
  'PolicyAmended',
  'ItemDefined',
  'ItemTrackChanged',
  'TargetThresholdChanged',
  'ItemWithdrawn',
  'LeaderBonusBaseSet',
  'CycleClosed',
]);
const UNIT_EVENTS = new Set(['UnitRegistered', 'LeaderAppointed', 'LeaderDeparted']);

const scorecardChanges = (read: ReadDoc, stored: StoredEvent, event: ScorecardEvent): DocChange[] => {
  const { year, unitId } = event.data;
  const cardKey = scoreKeys.card(year, unitId);
  const card = read<CardDoc>(cardKey) ?? { year, unitId, tally: emptyTally };
  const tally = tallyScorecardEvent(card.tally, event);
  const changes: DocChange[] = tally === card.tally ? [] : [[cardKey, { ...card, tally }]];
  const { position, recordedAt, actor } = recorded(stored);
  switch (event.type) {
    case 'PointsAwarded':
    case 'PointsDeducted': {
      const { entryId, itemId, track, points, reason, evidence } = event.data;
      const kind = event.type === 'PointsAwarded' ? 'award' : 'deduction';
      const entry: EntryDoc = {
        entryId,
        itemId,
        track,
        kind,
        points,
        reason,
        evidence,
        reversed: false,
        reversedBy: null,
        position,
        recordedAt,
        actor,
      };
      return [...changes, [scoreKeys.entry(year, unitId, entryId), entry]];
    }
    case 'EntryReversed': {
      const key = scoreKeys.entry(year, unitId, event.data.entryId);
      const entry = read<EntryDoc>(key);
      return entry
        ? [...changes, [key, { ...entry, reversed: true, reversedBy: event.data.disputeId }]]
        : changes;
    }
    case 'BasicRequirementRuled': {
      const { rulingId, itemId, track, met, basis, leaderId, panelId } = event.data;
      const ruling: RulingDoc = {
        rulingId,
        itemId,
        track,
        met,
        basis,
        leaderId,
        panelId,
        setAside: false,
        position,
        recordedAt,
      };
      return [[scoreKeys.ruling(year, unitId, rulingId), ruling]];
    }
    case 'RulingSetAside': {
      const key = scoreKeys.ruling(year, unitId, event.data.rulingId);
      const ruling = read<RulingDoc>(key);
      return ruling ? [[key, { ...ruling, setAside: true }]] : [];
    }
    case 'MetricReported': {
      const { itemId, metric, value } = event.data;
      return [
        [
          scoreKeys.metric(year, unitId, itemId, metric),
          { itemId, metric, value, position, recordedAt } satisfies MetricDoc,
        ],
      ];
    }
  }
};

/**
 * Cycles (policy, items, targets), units (name, kind, leader) and each unit's scorecard per
 * cycle: the tally, every entry, ruling and latest metric. Scores are worked out when asked,
 * under the cycle's policy as it then stands, so an amended cap needs no rewrite of rows.
 */
export const scoresProjection: Projection = {
  name: SCORES,
  version: 1,
  keysOf(stored) {
    const event = appraisal(stored);
    if (CYCLE_EVENTS.has(event.type)) return [scoreKeys.cycle((event as CycleEvent).data.year)];
    if (UNIT_EVENTS.has(event.type)) return [scoreKeys.unit((event as UnitEvent).data.unitId)];
    switch (event.type) {
      case 'PointsAwarded':
      case 'PointsDeducted':
      case 'MetricReported':
      case 'BasicRequirementRuled':
        return [scoreKeys.card(event.data.year, event.data.unitId)];
      case 'EntryReversed':
        return [
          scoreKeys.card(event.data.year, event.data.unitId),
          scoreKeys.entry(event.data.year, event.data.unitId, event.data.entryId),
        ];
      case 'RulingSetAside':
        return [
          scoreKeys.card(event.data.year, event.data.unitId),
          scoreKeys.ruling(event.data.year, event.data.unitId, event.data.rulingId),
        ];
      default:
        return [];
    }
  },
  evolve(read, stored) {
    const event = appraisal(stored);
    if (CYCLE_EVENTS.has(event.type)) {
      const key = scoreKeys.cycle((event as CycleEvent).data.year);
      return [[key, evolveCycle(read<CycleState>(key) ?? initialCycleState, event as CycleEvent)]];
    }
    if (UNIT_EVENTS.has(event.type)) {
      const key = scoreKeys.unit((event as UnitEvent).data.unitId);
      return [[key, evolveUnit(read<UnitState>(key) ?? initialUnitState, event as UnitEvent)]];
    }
    switch (event.type) {
      case 'PointsAwarded':
      case 'PointsDeducted':
      case 'MetricReported':
      case 'BasicRequirementRuled':
      case 'EntryReversed':
      case 'RulingSetAside':
        return scorecardChanges(read, stored, event);
      default:
        return [];
    }
  },
};
