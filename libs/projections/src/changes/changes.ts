import { AccountabilityStatus, AppraisalEvent, DomainError, UnitKind } from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';
import { effectiveBy } from '../effective-on';
import { appraisal } from '../read-models/event-facts';
import { Standing, standingOf } from '../what-if/what-if';
import { Bound, ReversedBoundsError, checkSpan, within } from './bounds';

export interface ChangeEvent {
  eventId: string;
  position: string;
  recordedAt: string;
  type: string;
  actor: { id: string; role: string; name?: string };
  reason: string | null;
  /** What the event adds to the unit's raw score (a reversal takes back what it cancels); null when it moves no points itself. */
  points: number | null;
}

export interface UnitChange {
  unitId: string;
  name: string;
  kind: UnitKind;
  /** null: not on the scoreboard then (the cycle not yet opened, or the unit not yet registered). */
  before: { total: number; rank: number } | null;
  after: { total: number; rank: number } | null;
  /** The unit's awards, deductions and reversals between the two points, and any policy amendment (which re-scores every unit). */
  events: ChangeEvent[];
}

export interface LeaderChange {
  leaderId: string;
  name: string;
  unitId: string;
  before: { status: AccountabilityStatus; withheldPct: number } | null;
  after: { status: AccountabilityStatus; withheldPct: number } | null;
  /** What happened to the leader's cases between the two points: opened, sanctioned, lifted, withdrawn. */
  events: ChangeEvent[];
}

export interface CycleChanges {
  year: number;
  /** The last event of the cycle each standing takes in; null before the first. */
  from: string | null;
  to: string | null;
  /** The business dates each standing is on (docs/domain.md, "Business dates"); null: as recorded, every date. */
  effectiveFrom: string | null;
  effectiveTo: string | null;
  units: UnitChange[];
  leaders: LeaderChange[];
}

const SCORE_EVENTS = new Set(['PointsAwarded', 'PointsDeducted', 'EntryReversed']);
const CASE_EVENTS = new Set(['CaseOpened', 'SanctionImposed', 'SanctionLifted', 'CaseWithdrawn']);

const hundredths = (value: number) => Math.round(value * 100) / 100;

/** The standing the events give, or an empty one where they do not yet open the cycle. */
const standingAt = async (year: number, events: StoredEvent[]): Promise<Standing | null> => {
  try {
    return await standingOf(year, events);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'UNKNOWN_CYCLE') return null;
    throw error;
  }
};

const pointsOf = (event: AppraisalEvent): number | null => {
  switch (event.type) {
    case 'PointsAwarded':
      return event.data.points;
    case 'PointsDeducted':
      return -event.data.points;
    case 'EntryReversed':
      return event.data.kind === 'award' ? -event.data.points : event.data.points;
    default:
      return null;
  }
};

const changeEvent = (stored: StoredEvent, event: AppraisalEvent): ChangeEvent => ({
  eventId: stored.id,
  position: stored.position,
  recordedAt: stored.recordedAt,
  type: stored.type,
  actor: stored.metadata.actor,
  reason: stored.metadata.reason ?? ('reason' in event.data ? String(event.data.reason) : null),
  points: pointsOf(event),
});

/** The business dates two standings are on: each, the appraisal as it stood on that day. */
export interface DaySpan {
  from?: string;
  to?: string;
}

/**
 * Who moved between two points of a cycle, and by which events. Both standings are folded by
 * the read models' own projections from the cycle's events up to each point (`standingOf`),
 * so nothing here scores anything. A unit is listed when its total or rank differs, a leader
 * when their status or withheld share does (a leader not yet listed counts as clear, 0 %).
 * `events` are the cycle's events in log order (what `cycleEventsOf` reads); no `from` is the
 * start, no `to` the last of them. `days` puts each standing on a business date besides
 * (June against December, as known at `from` and `to`): the events between are then those
 * that count on the later day and not on the earlier. A span that runs backwards, in the log
 * or in the year, throws `ReversedBoundsError`.
 */
export const changesBetween = async (
  year: number,
  events: readonly StoredEvent[],
  from: Bound | undefined,
  to: Bound | undefined,
  days: DaySpan = {},
): Promise<CycleChanges> => {
  checkSpan(events, from, to);
  if (days.from !== undefined && days.to !== undefined && days.from > days.to) {
    throw new ReversedBoundsError(
      `effectiveFrom (${days.from}) comes after effectiveTo (${days.to}); give the earlier day first.`,
    );
  }
  const onDay = (cut: StoredEvent[], day: string | undefined) =>
    day === undefined ? cut : effectiveBy(cut, day);
  // A day without a log bound is the appraisal on that day as known at `to`: the earlier
  // standing may not know of events the later one does not (entered after `to`, dated earlier).
  const upToFrom =
    from === undefined && days.from === undefined ? [] : onDay(events.filter(within(from ?? to)), days.from);
  const upToTo = onDay(events.filter(within(to)), days.to);
  const taken = new Set(upToFrom.map((event) => event.id));
  const between = upToTo
    .filter((event) => !taken.has(event.id))
    .map((stored) => ({ stored, event: appraisal(stored) }));
  const [before, after] = [await standingAt(year, upToFrom), await standingAt(year, upToTo)];

  const unitEvents = (unitId: string) =>
    between
      .filter(({ event }) => {
        const { year: of, unitId: on } = event.data as { year?: number; unitId?: string };
        return (
          of === year && (event.type === 'PolicyAmended' || (SCORE_EVENTS.has(event.type) && on === unitId))
        );
      })
      .map(({ stored, event }) => changeEvent(stored, event));
  const rowsBefore = new Map((before?.scoreboard ?? []).map((row) => [row.unitId, row]));
  const units: UnitChange[] = [];
  for (const row of after?.scoreboard ?? []) {
    const earlier = rowsBefore.get(row.unitId);
    if (earlier && earlier.total === row.total && earlier.rank === row.rank) continue;
    units.push({
      unitId: row.unitId,
      name: row.name,
      kind: row.kind,
      before: earlier ? { total: earlier.total, rank: earlier.rank } : null,
      after: { total: row.total, rank: row.rank },
      events: unitEvents(row.unitId),
    });
  }

  // Every event of a case names its leader, so a leader's events are those of their cases.
  const leaderEvents = (leaderId: string) =>
    between
      .filter(
        ({ event }) =>
          CASE_EVENTS.has(event.type) && (event.data as { leaderId?: string }).leaderId === leaderId,
      )
      .map(({ stored, event }) => changeEvent(stored, event));
  const leadersBefore = new Map((before?.accountability ?? []).map((leader) => [leader.leaderId, leader]));
  const leaders: LeaderChange[] = [];
  for (const leader of after?.accountability ?? []) {
    const earlier = leadersBefore.get(leader.leaderId);
    const was = earlier ?? { status: 'clear' as const, withheldPct: 0 };
    if (was.status === leader.status && hundredths(was.withheldPct) === hundredths(leader.withheldPct))
      continue;
    leaders.push({
      leaderId: leader.leaderId,
      name: leader.name,
      unitId: leader.unitId,
      before: earlier ? { status: earlier.status, withheldPct: earlier.withheldPct } : null,
      after: { status: leader.status, withheldPct: leader.withheldPct },
      events: leaderEvents(leader.leaderId),
    });
  }
  return {
    year,
    from: upToFrom.at(-1)?.position ?? null,
    to: upToTo.at(-1)?.position ?? null,
    effectiveFrom: days.from ?? null,
    effectiveTo: days.to ?? null,
    units,
    leaders,
  };
};
