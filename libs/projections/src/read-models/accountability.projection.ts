import { CaseEvent, CaseOpened, CycleClosed, ImposedSanction, LeaderBonusBaseSet } from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';
import { EventHandler, IGNORED, docKey, projection } from '../projection';
import { recorded } from './event-facts';

export const ACCOUNTABILITY = 'accountability';

export const accountabilityKeys = {
  leaderScope: 'leader',
  leader: (leaderId: string) => docKey('leader', leaderId),
  cycleScope: 'cycle',
  cycle: (year: number) => docKey('cycle', year),
  caseScope: (year: number) => docKey('case', year),
  case: (year: number, caseId: string) => docKey('case', year, caseId),
  caseYear: (caseId: string) => docKey('case-year', caseId),
};

/** A principal leader and the terms they served, as log positions. */
export interface LeaderDoc {
  leaderId: string;
  name: string;
  terms: { unitId: string; from: string; to: string | null }[];
}

/** When a cycle was open, and the bonus bases set in it. */
export interface AccountabilityCycleDoc {
  year: number;
  openedAt: string;
  closedAt: string | null;
  bonusBases: Record<string, number>;
}

export interface CaseDoc {
  caseId: string;
  year: number;
  unitId: string;
  itemId: string;
  leaderId: string;
  rulingId: string;
  status: 'open' | 'sanctioned' | 'withdrawn';
  sanction: string | null;
  withheldPct: number;
  /** The sanction in force, as accountability reads it. */
  inForce: ImposedSanction | null;
  history: {
    type: string;
    position: string;
    recordedAt: string;
    actor: { id: string; role: string; name?: string };
    reason: string | null;
    sanction?: string;
    withheldPct?: number;
  }[];
}

type Step = CaseDoc['history'][number];

const caseStep = (stored: StoredEvent, event: CaseEvent): Step => {
  const { position, recordedAt, actor } = recorded(stored);
  const reason = 'reason' in event.data ? event.data.reason : (stored.metadata.reason ?? null);
  return { type: event.type, position, recordedAt, actor, reason };
};

/** A case event after the one that opened the case: the case's document as it leaves it. */
const caseDoc = <E extends Exclude<CaseEvent, CaseOpened>>(
  next: (doc: CaseDoc, event: E, step: Step) => CaseDoc,
): EventHandler<E> => ({
  keys: (event) => [accountabilityKeys.case(event.data.year, event.data.caseId)],
  fold: (read, event, stored) => {
    const key = accountabilityKeys.case(event.data.year, event.data.caseId);
    const doc = read<CaseDoc>(key);
    return doc ? [[key, next(doc, event, caseStep(stored, event))]] : [];
  },
});

/** A cycle event after the opening: the cycle's document as it leaves it. */
const cycleDoc = <E extends CycleClosed | LeaderBonusBaseSet>(
  next: (cycle: AccountabilityCycleDoc, event: E, stored: StoredEvent) => AccountabilityCycleDoc,
): EventHandler<E> => ({
  keys: (event) => [accountabilityKeys.cycle(event.data.year)],
  fold: (read, event, stored) => {
    const key = accountabilityKeys.cycle(event.data.year);
    const cycle = read<AccountabilityCycleDoc>(key);
    return cycle ? [[key, next(cycle, event, stored)]] : [];
  },
});

/** Leaders and their terms, each cycle's window and bonus bases, and every accountability case with its history. */
export const accountabilityProjection = projection({
  name: ACCOUNTABILITY,
  version: 1,
  on: {
    LeaderAppointed: {
      keys: (event) => [accountabilityKeys.leader(event.data.leaderId)],
      fold: (read, { data: { leaderId, unitId, name } }, stored) => {
        const key = accountabilityKeys.leader(leaderId);
        const leader = read<LeaderDoc>(key) ?? { leaderId, name, terms: [] };
        const terms = [...leader.terms, { unitId, from: stored.position, to: null }];
        return [[key, { ...leader, name, terms }]];
      },
    },
    LeaderDeparted: {
      keys: (event) => [accountabilityKeys.leader(event.data.leaderId)],
      fold: (read, { data: { leaderId, unitId } }, stored) => {
        const key = accountabilityKeys.leader(leaderId);
        const leader = read<LeaderDoc>(key);
        if (!leader) return [];
        const terms = leader.terms.map((term) =>
          term.to === null && term.unitId === unitId ? { ...term, to: stored.position } : term,
        );
        return [[key, { ...leader, terms }]];
      },
    },
    CycleOpened: {
      keys: () => [],
      fold: (_read, { data: { year } }, stored) => [
        [
          accountabilityKeys.cycle(year),
          {
            year,
            openedAt: stored.position,
            closedAt: null,
            bonusBases: {},
          } satisfies AccountabilityCycleDoc,
        ],
      ],
    },
    CycleClosed: cycleDoc((cycle, _event, stored) => ({ ...cycle, closedAt: stored.position })),
    LeaderBonusBaseSet: cycleDoc((cycle, { data: { leaderId, amount } }) => ({
      ...cycle,
      bonusBases: { ...cycle.bonusBases, [leaderId]: amount },
    })),
    CaseOpened: {
      keys: () => [],
      fold: (_read, event, stored) => {
        const { caseId, year, unitId, itemId, leaderId, rulingId } = event.data;
        const doc: CaseDoc = {
          caseId,
          year,
          unitId,
          itemId,
          leaderId,
          rulingId,
          status: 'open',
          sanction: null,
          withheldPct: 0,
          inForce: null,
          history: [caseStep(stored, event)],
        };
        return [
          [accountabilityKeys.case(year, caseId), doc],
          [accountabilityKeys.caseYear(caseId), { year }],
        ];
      },
    },
    SanctionImposed: caseDoc((doc, { data: { sanctionId, sanction, withheldPct, removesLeader } }, step) => ({
      ...doc,
      status: 'sanctioned',
      sanction,
      withheldPct,
      inForce: { sanctionId, sanction, withheldPct, removesLeader },
      history: [...doc.history, { ...step, sanction, withheldPct }],
    })),
    SanctionLifted: caseDoc((doc, event, step) => ({
      ...doc,
      status: 'open',
      sanction: null,
      withheldPct: 0,
      inForce: null,
      history: [...doc.history, { ...step, sanction: event.data.sanction }],
    })),
    CaseWithdrawn: caseDoc((doc, _event, step) => ({
      ...doc,
      status: 'withdrawn',
      history: [...doc.history, step],
    })),
    PolicyAmended: IGNORED,
    ItemDefined: IGNORED,
    ItemTrackChanged: IGNORED,
    TargetThresholdChanged: IGNORED,
    ItemWithdrawn: IGNORED,
    UnitRegistered: IGNORED,
    PointsAwarded: IGNORED,
    PointsDeducted: IGNORED,
    MetricReported: IGNORED,
    BasicRequirementRuled: IGNORED,
    EntryReversed: IGNORED,
    RulingSetAside: IGNORED,
    DisputeFiled: IGNORED,
    DisputeResolved: IGNORED,
    PanelConvened: IGNORED,
    PanelScoreSubmitted: IGNORED,
    PanelClosed: IGNORED,
    KeyIssued: IGNORED,
    KeyRevoked: IGNORED,
  },
});
