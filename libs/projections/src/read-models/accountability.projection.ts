import { AppraisalEvent, CaseEvent, ImposedSanction } from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';
import { DocChange, Projection, docKey } from '../projection';
import { appraisal, recorded } from './event-facts';

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

const caseChanges = (
  doc: CaseDoc | undefined,
  stored: StoredEvent,
  event: CaseEvent,
): CaseDoc | undefined => {
  const { position, recordedAt, actor } = recorded(stored);
  const step = {
    type: event.type,
    position,
    recordedAt,
    actor,
    reason: 'reason' in event.data ? event.data.reason : (stored.metadata.reason ?? null),
  };
  switch (event.type) {
    case 'CaseOpened': {
      const { caseId, year, unitId, itemId, leaderId, rulingId } = event.data;
      return {
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
        history: [step],
      };
    }
    case 'SanctionImposed': {
      if (!doc) return doc;
      const { sanctionId, sanction, withheldPct, removesLeader } = event.data;
      return {
        ...doc,
        status: 'sanctioned',
        sanction,
        withheldPct,
        inForce: { sanctionId, sanction, withheldPct, removesLeader },
        history: [...doc.history, { ...step, sanction, withheldPct }],
      };
    }
    case 'SanctionLifted':
      return (
        doc && {
          ...doc,
          status: 'open',
          sanction: null,
          withheldPct: 0,
          inForce: null,
          history: [...doc.history, { ...step, sanction: event.data.sanction }],
        }
      );
    case 'CaseWithdrawn':
      return doc && { ...doc, status: 'withdrawn', history: [...doc.history, step] };
  }
};

const CASE_EVENTS = new Set(['CaseOpened', 'SanctionImposed', 'SanctionLifted', 'CaseWithdrawn']);

/** Leaders and their terms, each cycle's window and bonus bases, and every accountability case with its history. */
export const accountabilityProjection: Projection = {
  name: ACCOUNTABILITY,
  version: 1,
  keysOf(stored) {
    const event: AppraisalEvent = appraisal(stored);
    switch (event.type) {
      case 'LeaderAppointed':
      case 'LeaderDeparted':
        return [accountabilityKeys.leader(event.data.leaderId)];
      case 'CycleOpened':
      case 'CycleClosed':
      case 'LeaderBonusBaseSet':
        return [accountabilityKeys.cycle(event.data.year)];
      default:
        return CASE_EVENTS.has(event.type)
          ? [accountabilityKeys.case((event as CaseEvent).data.year, (event as CaseEvent).data.caseId)]
          : [];
    }
  },
  evolve(read, stored): DocChange[] {
    const event: AppraisalEvent = appraisal(stored);
    switch (event.type) {
      case 'LeaderAppointed': {
        const key = accountabilityKeys.leader(event.data.leaderId);
        const leader = read<LeaderDoc>(key) ?? {
          leaderId: event.data.leaderId,
          name: event.data.name,
          terms: [],
        };
        return [
          [
            key,
            {
              ...leader,
              name: event.data.name,
              terms: [...leader.terms, { unitId: event.data.unitId, from: stored.position, to: null }],
            },
          ],
        ];
      }
      case 'LeaderDeparted': {
        const key = accountabilityKeys.leader(event.data.leaderId);
        const leader = read<LeaderDoc>(key);
        if (!leader) return [];
        const terms = leader.terms.map((term) =>
          term.to === null && term.unitId === event.data.unitId ? { ...term, to: stored.position } : term,
        );
        return [[key, { ...leader, terms }]];
      }
      case 'CycleOpened':
        return [
          [
            accountabilityKeys.cycle(event.data.year),
            { year: event.data.year, openedAt: stored.position, closedAt: null, bonusBases: {} },
          ],
        ];
      case 'CycleClosed':
      case 'LeaderBonusBaseSet': {
        const key = accountabilityKeys.cycle(event.data.year);
        const cycle = read<AccountabilityCycleDoc>(key);
        if (!cycle) return [];
        return event.type === 'CycleClosed'
          ? [[key, { ...cycle, closedAt: stored.position }]]
          : [
              [
                key,
                { ...cycle, bonusBases: { ...cycle.bonusBases, [event.data.leaderId]: event.data.amount } },
              ],
            ];
      }
      default: {
        if (!CASE_EVENTS.has(event.type)) return [];
        const caseEvent = event as CaseEvent;
        const key = accountabilityKeys.case(caseEvent.data.year, caseEvent.data.caseId);
        const changed: DocChange[] = [[key, caseChanges(read<CaseDoc>(key), stored, caseEvent)]];
        if (caseEvent.type === 'CaseOpened')
          changed.push([accountabilityKeys.caseYear(caseEvent.data.caseId), { year: caseEvent.data.year }]);
        return changed;
      }
    }
  },
};
