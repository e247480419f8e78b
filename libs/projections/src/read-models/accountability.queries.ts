import { LeaderAccountability, leaderAccountability, own, refuse } from '@ledger/domain';
import { comparePositions } from '@ledger/event-store';
import { DocReader } from '../doc-reader';
import {
  ACCOUNTABILITY,
  AccountabilityCycleDoc,
  CaseDoc,
  LeaderDoc,
  accountabilityKeys,
} from './accountability.projection';

const cycleWindow = async (reader: DocReader, year: number): Promise<AccountabilityCycleDoc> => {
  const cycle = await reader.get<AccountabilityCycleDoc>(ACCOUNTABILITY, accountabilityKeys.cycle(year));
  if (!cycle) throw refuse('UNKNOWN_CYCLE', `There is no appraisal cycle ${year}.`, { year });
  return cycle;
};

export const casesOf = async (reader: DocReader, year: number): Promise<CaseDoc[]> => {
  await cycleWindow(reader, year);
  const cases = await reader.list<CaseDoc>(ACCOUNTABILITY, accountabilityKeys.caseScope(year));
  return cases.sort((a, b) => comparePositions(a.history[0]!.position, b.history[0]!.position));
};

export const caseById = async (reader: DocReader, caseId: string): Promise<CaseDoc> => {
  const located = await reader.get<{ year: number }>(ACCOUNTABILITY, accountabilityKeys.caseYear(caseId));
  const found =
    located && (await reader.get<CaseDoc>(ACCOUNTABILITY, accountabilityKeys.case(located.year, caseId)));
  if (!found) throw refuse('UNKNOWN_CASE', `There is no accountability case "${caseId}".`, { caseId });
  return found;
};

/**
 * The standing of every principal leader who held office while the cycle was open (or has a
 * case in it): status, open cases, sanctions in force, withheld % and the bonus payable.
 */
export const accountabilityOf = async (reader: DocReader, year: number): Promise<LeaderAccountability[]> => {
  const cycle = await cycleWindow(reader, year);
  const cases = await reader.list<CaseDoc>(ACCOUNTABILITY, accountabilityKeys.caseScope(year));
  const leaders = await reader.list<LeaderDoc>(ACCOUNTABILITY, accountabilityKeys.leaderScope);
  const servedInCycle = (term: LeaderDoc['terms'][number]) =>
    (cycle.closedAt === null || comparePositions(term.from, cycle.closedAt) < 0) &&
    (term.to === null || comparePositions(term.to, cycle.openedAt) > 0);
  return leaders.flatMap((leader) => {
    const theirs = cases.filter((c) => c.leaderId === leader.leaderId);
    const terms = leader.terms.filter(servedInCycle);
    if (terms.length === 0 && theirs.length === 0) return [];
    const unitId = terms[terms.length - 1]?.unitId ?? theirs[theirs.length - 1]!.unitId;
    const standings = theirs.map((c) => ({ caseId: c.caseId, status: c.status, sanction: c.inForce }));
    return [
      leaderAccountability(
        { leaderId: leader.leaderId, name: leader.name, unitId },
        standings,
        own(cycle.bonusBases, leader.leaderId) ?? null,
      ),
    ];
  });
};
