import {
  AccountabilityStatus,
  CycleState,
  LeaderAccountability,
  Policy,
  Track,
  UnitKind,
  own,
} from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';
import { memoryReader } from '../doc-reader';
import { FoldSession } from '../fold-session';
import { accountabilityProjection } from '../read-models/accountability.projection';
import { accountabilityOf } from '../read-models/accountability.queries';
import { scoresProjection } from '../read-models/scores.projection';
import { ScoreboardRow, findCycle, scoreboard } from '../read-models/scores.queries';
import { CaseUnderRules, RefusedUnderRules, WhatIfRules, recordUnderRules } from './what-if-rules';

/** A cycle's scoreboard and accountability, with the policy and tracks they were computed under. */
export interface Standing {
  policy: Policy;
  tracks: Record<string, Track>;
  scoreboard: ScoreboardRow[];
  accountability: LeaderAccountability[];
}

/** The standing a cycle's events give, folded by the read models' own projections in memory. */
export const standingOf = async (year: number, events: readonly StoredEvent[]): Promise<Standing> => {
  const folds = [scoresProjection, accountabilityProjection];
  const session = new FoldSession(folds, async () => new Map());
  await session.apply([...events]);
  const reader = memoryReader(new Map(folds.map((p) => [p.name, session.docsOf(p.name)])));
  const cycle: CycleState = await findCycle(reader, year);
  const tracks = Object.fromEntries(Object.values(cycle.items).map((item) => [item.itemId, item.track]));
  return {
    policy: cycle.policy,
    tracks,
    scoreboard: await scoreboard(reader, year),
    accountability: await accountabilityOf(reader, year),
  };
};

interface UnitScoreLine {
  regularScore: number;
  keyScore: number;
  total: number;
  rank: number;
}

export interface UnitWhatIf {
  unitId: string;
  name: string;
  kind: UnitKind;
  recorded: UnitScoreLine;
  whatIf: UnitScoreLine;
  /** What-if minus recorded: a positive rank change is a fall down the table. */
  change: { total: number; rank: number };
}

interface LeaderLine {
  status: AccountabilityStatus;
  openCases: number;
  withheldPct: number;
  bonusPayable: number | null;
}

export interface LeaderWhatIf {
  leaderId: string;
  name: string;
  unitId: string;
  recorded: LeaderLine;
  whatIf: LeaderLine;
  changed: boolean;
}

export interface WhatIfAnswer {
  year: number;
  policy: { recorded: Policy; whatIf: Policy };
  /** The items whose track the rules change: recorded (now) and asked. */
  tracks: { itemId: string; recorded: Track; whatIf: Track }[];
  units: UnitWhatIf[];
  leaders: LeaderWhatIf[];
  /** Recorded events the other rules would have refused, with why; left out of the what-if. */
  refused: RefusedUnderRules[];
  /** Cases the other rules open (an unmet ruling on an item now key) or would never have opened. */
  cases: { opened: CaseUnderRules[]; notOpened: CaseUnderRules[] };
}

const scoreLine = ({ regularScore, keyScore, total, rank }: ScoreboardRow): UnitScoreLine => ({
  regularScore,
  keyScore,
  total,
  rank,
});

const leaderLine = (leader: LeaderAccountability | undefined): LeaderLine =>
  leader
    ? {
        status: leader.status,
        openCases: leader.openCases,
        withheldPct: leader.withheldPct,
        bonusPayable: leader.bonusPayable,
      }
    : { status: 'clear', openCases: 0, withheldPct: 0, bonusPayable: null };

const hundredths = (value: number) => Math.round(value * 100) / 100;

/**
 * The cycle's scoreboard and accountability under other rules beside the recorded ones, from
 * the same events and with the same folds and scoring functions as the read models: the
 * events are rewritten as the rules would have decided them (`recordUnderRules`), then both
 * are folded. Nothing is recorded anywhere.
 */
export const whatIf = async (
  year: number,
  events: readonly StoredEvent[],
  rules: WhatIfRules,
): Promise<WhatIfAnswer> => {
  const recorded = await standingOf(year, events);
  const under = recordUnderRules(year, events, rules);
  const asked = await standingOf(year, under.events);
  const askedRows = new Map(asked.scoreboard.map((row) => [row.unitId, row]));
  const units = recorded.scoreboard.map((row): UnitWhatIf => {
    const other = askedRows.get(row.unitId)!;
    return {
      unitId: row.unitId,
      name: row.name,
      kind: row.kind,
      recorded: scoreLine(row),
      whatIf: scoreLine(other),
      change: { total: hundredths(other.total - row.total), rank: other.rank - row.rank },
    };
  });
  const askedLeaders = new Map(asked.accountability.map((leader) => [leader.leaderId, leader]));
  const leaders = recorded.accountability.map((leader): LeaderWhatIf => {
    const before = leaderLine(leader);
    const after = leaderLine(askedLeaders.get(leader.leaderId));
    const changed = JSON.stringify(before) !== JSON.stringify(after);
    return {
      leaderId: leader.leaderId,
      name: leader.name,
      unitId: leader.unitId,
      recorded: before,
      whatIf: after,
      changed,
    };
  });
  const tracks = Object.entries(rules.tracks ?? {}).map(([itemId, track]) => ({
    itemId,
    recorded: own(recorded.tracks, itemId)!,
    whatIf: track,
  }));
  return {
    year,
    policy: { recorded: recorded.policy, whatIf: asked.policy },
    tracks,
    units,
    leaders,
    refused: under.refused,
    cases: { opened: under.casesOpened, notOpened: under.casesNotOpened },
  };
};
