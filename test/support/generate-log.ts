import { AppraisalEvent, DEFAULT_POLICY, PANEL_MEMBER_CATEGORIES, streams } from '@ledger/domain';
import { EventStore, NewEvent } from '@ledger/event-store';

/** A small deterministic PRNG (mulberry32), so a generated log is the same on every run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export interface LogShape {
  cycles: number;
  units: number;
  /** Scorecard events per unit per cycle, roughly. */
  eventsPerUnit: number;
  /** Scorecard events a unit records in one go (one append). */
  burst?: number;
  seed?: number;
}

export interface Append {
  stream: string;
  events: NewEvent[];
}

/**
 * A realistic appraisal log, written as the deciders would write it: cycles with regular and
 * key items, units with leaders, awards and deductions (some into the cap), metrics, track
 * changes and policy amendments mid-year, reversals after disputes, unmet X rulings with
 * cases and sanctions (a resignation among them, and a successor), and a panel per cycle.
 * Yields appends in log order; events of one stream that follow each other come as one batch.
 */
export function* generateLog(shape: LogShape): Generator<Append> {
  const rand = random(shape.seed ?? 2007);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const meta = (reason: string) => ({ actor: { id: 'supervisor-1', role: 'supervisor' }, reason });
  let ids = 0;
  const id = (prefix: string) => `${prefix}-${(++ids).toString(36)}`;
  const ev = (event: AppraisalEvent, reason = 'generated', eventId?: string): NewEvent => ({
    ...(eventId ? { id: eventId } : {}),
    type: event.type,
    data: event.data,
    metadata: meta(reason),
  });

  const units = Array.from({ length: shape.units }, (_, i) => ({
    unitId: `unit-${i}`,
    kind: i % 3 === 0 ? ('department' as const) : ('street' as const),
    leaderId: `leader-${i}-0`,
    leaders: 0,
  }));
  for (const unit of units) {
    yield {
      stream: streams.unit(unit.unitId),
      events: [
        ev({
          type: 'UnitRegistered',
          data: { unitId: unit.unitId, name: `單位 ${unit.unitId}`, kind: unit.kind },
        }),
        ev({
          type: 'LeaderAppointed',
          data: { unitId: unit.unitId, leaderId: unit.leaderId, name: `Leader ${unit.leaderId}` },
        }),
      ],
    };
  }

  for (let c = 0; c < shape.cycles; c++) {
    const year = 2007 + c;
    const cycle = streams.cycle(year);
    let policy = { ...DEFAULT_POLICY };
    const items = [
      ...Array.from({ length: 6 }, (_, i) => ({ itemId: `regular-${i}`, track: '1' as '1' | 'X' })),
      ...Array.from({ length: 7 }, (_, i) => ({ itemId: `key-${i}`, track: 'X' as '1' | 'X' })),
    ];
    yield {
      stream: cycle,
      events: [
        ev({ type: 'CycleOpened', data: { year, policy } }),
        ...items.map((item, i) =>
          ev({
            type: 'ItemDefined',
            data: {
              year,
              itemId: item.itemId,
              title: `Item ${item.itemId}`,
              track: item.track,
              basicRequirement: i === 6 ? { text: 'clean streets', panelScoreAtLeast: 80 } : null,
              targets:
                i === 7 ? [{ metric: 'retail-growth', comparator: '>=', threshold: 14, unit: '%' }] : [],
            },
          }),
        ),
        ...units.slice(0, 5).map((unit) =>
          ev({
            type: 'LeaderBonusBaseSet',
            data: { year, leaderId: unit.leaderId, amount: 50000, previous: null },
          }),
        ),
      ],
    };

    const entries = new Map<
      string,
      { entryId: string; itemId: string; track: '1' | 'X'; kind: 'award' | 'deduction'; points: number }[]
    >();
    let cases = 0;
    const burst = Math.min(shape.burst ?? 10, shape.eventsPerUnit);
    const rounds = Math.ceil(shape.eventsPerUnit / burst);
    for (let round = 0; round < rounds; round++) {
      for (const unit of units) {
        const events: NewEvent[] = [];
        const own = entries.get(unit.unitId) ?? [];
        entries.set(unit.unitId, own);
        for (let k = 0; k < burst; k++) {
          const item = pick(items);
          const roll = rand();
          if (roll < 0.55) {
            const points = item.track === '1' ? pick([0.5, 1, 1.5, 2]) : pick([5, 10, 50]);
            const entryId = id('e');
            own.push({ entryId, itemId: item.itemId, track: item.track, kind: 'award', points });
            events.push(
              ev(
                {
                  type: 'PointsAwarded',
                  data: {
                    year,
                    unitId: unit.unitId,
                    entryId,
                    itemId: item.itemId,
                    track: item.track,
                    points,
                    reason: 'work done',
                    evidence: null,
                    regularAwardMax: policy.regularAwardMax,
                  },
                },
                'work done',
                entryId,
              ),
            );
          } else if (roll < 0.8) {
            const points = pick([0.5, 1, 2]);
            const entryId = id('e');
            own.push({ entryId, itemId: item.itemId, track: item.track, kind: 'deduction', points });
            events.push(
              ev(
                {
                  type: 'PointsDeducted',
                  data: {
                    year,
                    unitId: unit.unitId,
                    entryId,
                    itemId: item.itemId,
                    track: item.track,
                    points,
                    reason: 'work missed',
                    evidence: null,
                  },
                },
                'work missed',
                entryId,
              ),
            );
          } else if (roll < 0.88) {
            events.push(
              ev({
                type: 'MetricReported',
                data: {
                  year,
                  unitId: unit.unitId,
                  itemId: 'key-0',
                  metric: 'retail-growth',
                  value: Math.round(rand() * 2000) / 100,
                  comparator: '>=',
                  threshold: 14,
                  unit: '%',
                  met: rand() > 0.5,
                },
              }),
            );
          } else if (roll < 0.95 && own.length > 0) {
            const entry = pick(own);
            if (own.indexOf(entry) >= 0) {
              own.splice(own.indexOf(entry), 1);
              events.push(
                ev({
                  type: 'EntryReversed',
                  data: {
                    year,
                    unitId: unit.unitId,
                    entryId: entry.entryId,
                    itemId: entry.itemId,
                    track: entry.track,
                    kind: entry.kind,
                    points: entry.points,
                    disputeId: id('d'),
                    reason: 'overturned',
                  },
                }),
              );
            }
          } else {
            const met = rand() > 0.3;
            events.push(
              ev({
                type: 'BasicRequirementRuled',
                data: {
                  year,
                  unitId: unit.unitId,
                  rulingId: id('r'),
                  itemId: 'key-1',
                  track: 'X',
                  met,
                  basis: 'inspection',
                  leaderId: unit.leaderId,
                  panelId: null,
                },
              }),
            );
          }
        }
        yield { stream: streams.scorecard(year, unit.unitId), events };

        // Now and then an unmet ruling's case is opened and sanctioned; a resignation brings a successor.
        if (rand() < 0.02) {
          const caseId = `${year}-${unit.unitId}-key-1-${++cases}`;
          const subject = { caseId, year, unitId: unit.unitId, itemId: 'key-1', leaderId: unit.leaderId };
          const rung = pick(policy.sanctionLadder);
          const removesLeader = rung.name.includes('resignation');
          yield {
            stream: streams.case(caseId),
            events: [
              ev({ type: 'CaseOpened', data: { ...subject, rulingId: id('r') } }),
              ev({
                type: 'SanctionImposed',
                data: {
                  ...subject,
                  sanctionId: id('s'),
                  sanction: rung.name,
                  withheldPct: rung.withheldPct,
                  removesLeader,
                  reason: 'failed',
                },
              }),
            ],
          };
          if (removesLeader) {
            const successor = `leader-${unit.unitId.slice(5)}-${++unit.leaders}`;
            yield {
              stream: streams.unit(unit.unitId),
              events: [
                ev({
                  type: 'LeaderDeparted',
                  data: { unitId: unit.unitId, leaderId: unit.leaderId, reason: 'resigned', caseId },
                }),
                ev({
                  type: 'LeaderAppointed',
                  data: { unitId: unit.unitId, leaderId: successor, name: `Leader ${successor}` },
                }),
              ],
            };
            unit.leaderId = successor;
          }
        }
      }
      // Mid-year changes to the cycle: a track moves, the cap is amended.
      if (round === Math.floor(rounds / 2)) {
        const moved = items[0]!;
        moved.track = 'X';
        const regularCap = policy.regularCap + 10;
        const previous = policy;
        policy = { ...policy, regularCap };
        yield {
          stream: cycle,
          events: [
            ev({
              type: 'ItemTrackChanged',
              data: { year, itemId: moved.itemId, from: '1', to: 'X', reason: 'made key' },
            }),
            ev({
              type: 'PolicyAmended',
              data: {
                year,
                changes: { regularCap },
                policy,
                reason: `cap raised from ${previous.regularCap}`,
              },
            }),
          ],
        };
      }
    }

    const panelId = `urban-${year}`;
    const members = PANEL_MEMBER_CATEGORIES.map((category, i) => ({
      memberId: `m${i}`,
      name: `Member ${i}`,
      category,
    }));
    const scored = units.slice(0, 4);
    const scores = scored.flatMap((unit) =>
      members.slice(0, 5).map((member) => ({ unit, member, score: 60 + Math.floor(rand() * 40) })),
    );
    yield {
      stream: streams.panel(panelId),
      events: [
        ev({
          type: 'PanelConvened',
          data: { panelId, year, itemId: 'key-6', track: 'X', members, threshold: 80 },
        }),
        ...scores.map(({ unit, member, score }) =>
          ev({
            type: 'PanelScoreSubmitted',
            data: {
              panelId,
              year,
              itemId: 'key-6',
              memberId: member.memberId,
              category: member.category,
              unitId: unit.unitId,
              score,
            },
          }),
        ),
        ev({
          type: 'PanelClosed',
          data: {
            panelId,
            year,
            itemId: 'key-6',
            threshold: 80,
            minScores: 3,
            results: scored.map((unit) => ({ unitId: unit.unitId, score: 80, scoresCount: 5, met: true })),
          },
        }),
      ],
    };
    yield { stream: cycle, events: [ev({ type: 'CycleClosed', data: { year, reason: 'year end' } })] };
  }
}

/** Appends a generated log to a store; returns how many events were written. */
export const writeLog = async (store: EventStore, shape: LogShape): Promise<number> => {
  let count = 0;
  for (const append of generateLog(shape)) {
    await store.append(append.stream, append.events, { expectedRevision: 'any' });
    count += append.events.length;
  }
  return count;
};
