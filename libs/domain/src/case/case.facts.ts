import { Facts } from '../shared/aggregate';
import { streams } from '../streams';
import { CaseState, caseDecider } from './case.decider';

/** The cases against a (cycle, unit, item) are numbered in order: 2007-sansheng-urban-management-1, -2, ... */
export const caseIdFor = (year: number, unitId: string, itemId: string, sequence: number): string =>
  `${year}-${unitId}-${itemId}-${sequence}`;

/**
 * Every case opened so far for a (cycle, unit, item), in order, read from their streams. A
 * new case takes the next number, so two reactions opening one at once collide on its stream.
 */
export const casesOfTriple = async (
  facts: Facts,
  year: number,
  unitId: string,
  itemId: string,
): Promise<CaseState[]> => {
  const cases: CaseState[] = [];
  for (let sequence = 1; ; sequence++) {
    const state = await facts.fold(caseDecider, streams.case(caseIdFor(year, unitId, itemId, sequence)));
    if (!state.exists) return cases;
    cases.push(state);
  }
};

/** The case a ruling opened, if any. */
export const caseOfRuling = async (
  facts: Facts,
  ruling: { year: number; unitId: string; itemId: string; rulingId: string },
): Promise<string | null> => {
  const cases = await casesOfTriple(facts, ruling.year, ruling.unitId, ruling.itemId);
  return cases.find((c) => c.rulingId === ruling.rulingId)?.subject.caseId ?? null;
};
