import {
  CycleEvent,
  CycleOpened,
  CycleState,
  PointsAwarded,
  PointsDeducted,
  Policy,
  PolicyAmended,
  ScoreTally,
  ScorecardEvent,
  Track,
  UnitEvent,
  UnitState,
  effectiveOnOf,
  emptyTally,
  evolveCycle,
  evolveUnit,
  initialCycleState,
  initialUnitState,
  tallyScorecardEvent,
} from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';
import { DocChange, EventHandler, IGNORED, ReadDoc, docKey, keyParts, projection } from '../projection';
import { recorded } from './event-facts';

export const SCORES = 'scores';

/** The documents of the scores read model. */
export const scoreKeys = {
  cycle: (year: number) => docKey('cycle', year),
  policies: (year: number) => docKey('policies', year),
  unitScope: 'unit',
  unit: (unitId: string) => docKey('unit', unitId),
  cardScope: (year: number) => docKey('card', year),
  card: (year: number, unitId: string) => docKey('card', year, unitId),
  entryScope: (year: number, unitId: string) => docKey('entry', year, unitId),
  entry: (year: number, unitId: string, entryId: string) => docKey('entry', year, unitId, entryId),
  isEntry: (key: string) => key.startsWith('entry:'),
  rulingScope: (year: number, unitId: string) => docKey('ruling', year, unitId),
  ruling: (year: number, unitId: string, rulingId: string) => docKey('ruling', year, unitId, rulingId),
  metricScope: (year: number, unitId: string) => docKey('metric', year, unitId),
  metric: (year: number, unitId: string, itemId: string, metric: string) =>
    docKey('metric', year, unitId, `${itemId}/${metric}`),
};

/** The cycle and unit of a scope of entries (`entry:2007:sansheng`); undefined for any other scope. */
export const entryScopeUnit = (scope: string): { year: number; unitId: string } | undefined => {
  const [kind, year, unitId, ...rest] = keyParts(scope);
  return kind === 'entry' && unitId !== undefined && rest.length === 0
    ? { year: Number(year), unitId }
    : undefined;
};

/** A cycle's policy through the year: each setting with where and when it was recorded. */
export interface PoliciesDoc {
  year: number;
  settings: { position: string; recordedAt: string; policy: Policy }[];
}

/** A unit's running score in a cycle: the tally of its entries per track, and the scorecard stream's version. */
export interface CardDoc {
  year: number;
  unitId: string;
  tally: ScoreTally;
  /** The revision of the last event of the scorecard's stream folded in: what a client sends as If-Match. */
  streamVersion: number;
}

export interface EntryDoc {
  entryId: string;
  itemId: string;
  track: Track;
  kind: 'award' | 'deduction';
  points: number;
  reason: string;
  evidence: string | null;
  /** The day of the appraisal year it takes effect (docs/domain.md, "Business dates"). */
  effectiveOn: string;
  reversed: boolean;
  /** The dispute that reversed it, and where and when the reversal was recorded. */
  reversedBy: string | null;
  reversedPosition: string | null;
  reversedAt: string | null;
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

/** Cycle events fold into the cycle's document with the cycle decider's own `evolve`. */
const cycleDoc: EventHandler<CycleEvent> = {
  keys: (event) => [scoreKeys.cycle(event.data.year)],
  fold: (read, event) => {
    const key = scoreKeys.cycle(event.data.year);
    return [[key, evolveCycle(read<CycleState>(key) ?? initialCycleState, event)]];
  },
};

/** The opening and each amendment: the cycle's document, and its policy appended to the cycle's settings. */
const policySetting: EventHandler<CycleOpened | PolicyAmended> = {
  keys: (event) => [scoreKeys.cycle(event.data.year), scoreKeys.policies(event.data.year)],
  fold: (read, event, stored) => {
    const { year, policy } = event.data;
    const key = scoreKeys.policies(year);
    const settings = read<PoliciesDoc>(key)?.settings ?? [];
    const setting = { position: stored.position, recordedAt: stored.recordedAt, policy };
    return [...cycleDoc.fold(read, event, stored), [key, { year, settings: [...settings, setting] }]];
  },
};

/** A unit as the unit decider folds it, and when it was registered (what a past board lists). */
export type UnitDoc = UnitState & { registeredAt?: string };

/** Unit events fold into the unit's document with the unit decider's own `evolve`. */
const unitDoc: EventHandler<UnitEvent> = {
  keys: (event) => [scoreKeys.unit(event.data.unitId)],
  fold: (read, event, stored) => {
    const key = scoreKeys.unit(event.data.unitId);
    const unit: UnitDoc = evolveUnit(read<UnitDoc>(key) ?? initialUnitState, event);
    return [[key, event.type === 'UnitRegistered' ? { ...unit, registeredAt: stored.recordedAt } : unit]];
  },
};

/** The card after any event of the unit's scorecard: its tally (moved by entries and reversals) and stream version. */
const cardChange = (read: ReadDoc, event: ScorecardEvent, stored: StoredEvent): DocChange => {
  const { year, unitId } = event.data;
  const key = scoreKeys.card(year, unitId);
  const tally = tallyScorecardEvent(read<CardDoc>(key)?.tally ?? emptyTally, event);
  const card: CardDoc = { year, unitId, tally, streamVersion: stored.revision };
  return [key, card];
};

const cardKey = (event: ScorecardEvent) => scoreKeys.card(event.data.year, event.data.unitId);

const scoreEntryDoc: EventHandler<PointsAwarded | PointsDeducted> = {
  keys: (event) => [cardKey(event)],
  fold: (read, event, stored) => {
    const { year, unitId, entryId, itemId, track, points, reason, evidence } = event.data;
    const { position, recordedAt, actor } = recorded(stored);
    const entry: EntryDoc = {
      entryId,
      itemId,
      track,
      kind: event.type === 'PointsAwarded' ? 'award' : 'deduction',
      points,
      reason,
      evidence,
      effectiveOn: effectiveOnOf(event.data, recordedAt, year),
      reversed: false,
      reversedBy: null,
      reversedPosition: null,
      reversedAt: null,
      position,
      recordedAt,
      actor,
    };
    return [cardChange(read, event, stored), [scoreKeys.entry(year, unitId, entryId), entry]];
  },
};

/**
 * Cycles (policy, items, targets), units (name, kind, leader) and each unit's scorecard per
 * cycle: the tally, every entry, ruling and latest metric. Scores are worked out when asked,
 * under the cycle's policy as it then stands, so an amended cap needs no rewrite of rows.
 */
export const scoresProjection = projection({
  name: SCORES,
  version: 3,
  on: {
    CycleOpened: policySetting,
    PolicyAmended: policySetting,
    ItemDefined: cycleDoc,
    ItemTrackChanged: cycleDoc,
    TargetThresholdChanged: cycleDoc,
    ItemWithdrawn: cycleDoc,
    LeaderBonusBaseSet: cycleDoc,
    CycleClosed: cycleDoc,
    UnitRegistered: unitDoc,
    LeaderAppointed: unitDoc,
    LeaderDeparted: unitDoc,
    PointsAwarded: scoreEntryDoc,
    PointsDeducted: scoreEntryDoc,
    EntryReversed: {
      keys: ({ data: { year, unitId, entryId } }) => [
        scoreKeys.card(year, unitId),
        scoreKeys.entry(year, unitId, entryId),
      ],
      fold: (read, event, stored) => {
        const key = scoreKeys.entry(event.data.year, event.data.unitId, event.data.entryId);
        const entry = read<EntryDoc>(key);
        const card = cardChange(read, event, stored);
        if (!entry) return [card];
        const reversal = {
          reversed: true,
          reversedBy: event.data.disputeId,
          reversedPosition: stored.position,
          reversedAt: stored.recordedAt,
        };
        return [card, [key, { ...entry, ...reversal }]];
      },
    },
    MetricReported: {
      keys: (event) => [cardKey(event)],
      fold: (read, event, stored) => {
        const { year, unitId, itemId, metric, value } = event.data;
        const { position, recordedAt } = recorded(stored);
        const doc: MetricDoc = { itemId, metric, value, position, recordedAt };
        return [cardChange(read, event, stored), [scoreKeys.metric(year, unitId, itemId, metric), doc]];
      },
    },
    BasicRequirementRuled: {
      keys: (event) => [cardKey(event)],
      fold: (read, event, stored) => {
        const { year, unitId, rulingId, itemId, track, met, basis, leaderId, panelId } = event.data;
        const { position, recordedAt } = recorded(stored);
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
        return [cardChange(read, event, stored), [scoreKeys.ruling(year, unitId, rulingId), ruling]];
      },
    },
    RulingSetAside: {
      keys: (event) => [
        cardKey(event),
        scoreKeys.ruling(event.data.year, event.data.unitId, event.data.rulingId),
      ],
      fold: (read, event, stored) => {
        const key = scoreKeys.ruling(event.data.year, event.data.unitId, event.data.rulingId);
        const ruling = read<RulingDoc>(key);
        const card = cardChange(read, event, stored);
        return ruling ? [card, [key, { ...ruling, setAside: true }]] : [card];
      },
    },
    CaseOpened: IGNORED,
    SanctionImposed: IGNORED,
    SanctionLifted: IGNORED,
    CaseWithdrawn: IGNORED,
    DisputeFiled: IGNORED,
    DisputeResolved: IGNORED,
    PanelConvened: IGNORED,
    PanelScoreSubmitted: IGNORED,
    PanelClosed: IGNORED,
    KeyIssued: IGNORED,
    KeyRevoked: IGNORED,
  },
});
