import { Policy, Track, UnitKind, UnitState, asAppraisalEvent, streams } from '@ledger/domain';
import { StoredEvent, comparePositions } from '@ledger/event-store';
import { memoryReader } from '../doc-reader';
import { FoldSession } from '../fold-session';
import { SCORES, scoreKeys, scoreboard, scoresProjection, unitScoreOf } from '../read-models';

/** An event named as a part of a figure, so that a dispute can point at it. */
export interface EventRef {
  eventId: string;
  position: string;
}

/** One award or deduction of the unit, counted or reversed. */
export interface EntryPart extends EventRef {
  type: 'PointsAwarded' | 'PointsDeducted';
  entryId: string;
  itemId: string;
  track: Track;
  /** As recorded: always positive. */
  points: number;
  /** What it adds to its track: the points, negated for a deduction; 0 once reversed. */
  counts: number;
  reason: string;
  recordedAt: string;
  /** The EntryReversed that cancelled it, with the dispute behind it; null while it counts. */
  reversedBy: (EventRef & { disputeId: string }) | null;
}

/** A figure and the events it is made of. */
export interface Figure {
  points: number;
  eventIds: string[];
}

export interface ScoreExplanation {
  year: number;
  unitId: string;
  name: string;
  kind: UnitKind;
  /** The cut-off: a log position (the head's when none was asked for), an instant, or both (the earlier wins). */
  atPosition: string | null;
  asOf: string | null;
  /** The event whose policy is in force at the cut-off: the cycle's opening or its latest amendment. */
  policy: EventRef & { type: 'CycleOpened' | 'PolicyAmended'; baseScore: number; regularCap: number };
  baseScore: Figure;
  /** Every award and deduction of the unit in the cycle, in log order, reversed ones included. */
  entries: EntryPart[];
  /** baseScore plus the counted entries on track 1. */
  regularRaw: Figure;
  /** regularRaw held between 0 and the cap; `limit` says which bound applied, if one did. */
  regularScore: Figure & { limit: 'cap' | 'floor' | null; cap: number };
  /** The counted entries on track X: no floor, no ceiling. */
  keyScore: Figure;
  /** regularScore plus keyScore. */
  total: Figure;
  /** Within the unit's kind, by total; the units with the same total share the rank. */
  rank: { rank: number; unitsOfKind: number; tiedWith: string[] };
}

interface EntryFacts {
  entryId: string;
  itemId: string;
  track: Track;
  points: number;
  reason: string;
}

/** The unit's entries in log order, each reversal marked on the entry it cancels. */
const entryParts = (events: readonly StoredEvent[], scorecard: string): EntryPart[] => {
  const parts = new Map<string, EntryPart>();
  for (const stored of events) {
    if (stored.stream !== scorecard) continue;
    const event = asAppraisalEvent(stored);
    if (event.type === 'PointsAwarded' || event.type === 'PointsDeducted') {
      const { entryId, itemId, track, points, reason }: EntryFacts = event.data;
      parts.set(entryId, {
        eventId: stored.id,
        position: stored.position,
        type: event.type,
        entryId,
        itemId,
        track,
        points,
        counts: event.type === 'PointsAwarded' ? points : -points,
        reason,
        recordedAt: stored.recordedAt,
        reversedBy: null,
      });
    } else if (event.type === 'EntryReversed') {
      const part = parts.get(event.data.entryId);
      if (part) {
        part.counts = 0;
        part.reversedBy = { eventId: stored.id, position: stored.position, disputeId: event.data.disputeId };
      }
    }
  }
  return [...parts.values()];
};

/** The cycle's opening or its latest amendment among the events: whose policy is in force. */
const policyInForce = (events: readonly StoredEvent[], year: number): ScoreExplanation['policy'] => {
  const cycle = streams.cycle(year);
  const last = events
    .filter(
      (event) => event.stream === cycle && (event.type === 'CycleOpened' || event.type === 'PolicyAmended'),
    )
    .at(-1) as StoredEvent<'CycleOpened' | 'PolicyAmended', { policy: Policy }>;
  const { baseScore, regularCap } = last.data.policy;
  return { eventId: last.id, position: last.position, type: last.type, baseScore, regularCap };
};

const idsOf = (refs: readonly EventRef[]) => refs.map((ref) => ref.eventId);

/**
 * A unit's total taken apart. `events` are those of the cycle's stream, every unit's stream and
 * the cycle's scorecards, up to the cut-off (in any order). The figures are the scores
 * projection's own fold and queries (`unitScoreOf`, `scoreboard`) run over them, so they are
 * the numbers the API answers; this only names the events each is made of. It refuses
 * UNKNOWN_CYCLE and UNKNOWN_UNIT as those queries do. Pure: no I/O.
 */
export const explainScore = async (
  events: readonly StoredEvent[],
  year: number,
  unitId: string,
  at: { position?: string; instant?: string } = {},
): Promise<ScoreExplanation> => {
  const inOrder = [...events].sort((a, b) => comparePositions(a.position, b.position));
  const session = new FoldSession([scoresProjection], async () => new Map());
  await session.apply(inOrder);
  const docs = session.docsOf(SCORES);
  const reader = memoryReader(new Map([[SCORES, docs]]));
  const score = await unitScoreOf(reader, year, unitId);
  const unit = docs.get(scoreKeys.unit(unitId)) as UnitState;
  const board = await scoreboard(reader, year, unit.kind);
  const mine = board.find((row) => row.unitId === unitId)!;

  const policy = policyInForce(inOrder, year);
  const entries = entryParts(inOrder, streams.scorecard(year, unitId));
  const counted = entries.filter((entry) => entry.reversedBy === null);
  const regularIds = [policy.eventId, ...idsOf(counted.filter((entry) => entry.track === '1'))];
  const keyIds = idsOf(counted.filter((entry) => entry.track === 'X'));
  const limit = score.regularRaw > policy.regularCap ? 'cap' : score.regularRaw < 0 ? 'floor' : null;
  return {
    year,
    unitId,
    name: unit.name,
    kind: unit.kind,
    atPosition: at.position ?? null,
    asOf: at.instant ?? null,
    policy,
    baseScore: { points: policy.baseScore, eventIds: [policy.eventId] },
    entries,
    regularRaw: { points: score.regularRaw, eventIds: regularIds },
    regularScore: { points: score.regularScore, eventIds: regularIds, limit, cap: policy.regularCap },
    keyScore: { points: score.keyScore, eventIds: keyIds },
    total: { points: score.total, eventIds: [...regularIds, ...keyIds] },
    rank: {
      rank: mine.rank,
      unitsOfKind: board.length,
      tiedWith: board
        .filter((row) => row.unitId !== unitId && row.total === mine.total)
        .map((row) => row.unitId),
    },
  };
};
