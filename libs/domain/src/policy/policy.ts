import { DomainError, refuse } from '../shared/domain-error';
import { hasAtMostTwoDecimals } from '../shared/numbers';

/** One rung of the sanction ladder: what it is called and how much of the bonus it withholds. */
export interface SanctionRung {
  name: string;
  withheldPct: number;
}

/** The settings a cycle is appraised under; amendable by event, never edited in place. */
export interface Policy {
  baseScore: number;
  regularAwardMax: number;
  regularCap: number;
  sanctionLadder: SanctionRung[];
  panelMinScores: number;
}

export type PolicyChanges = Partial<Policy>;

/** The article's figures (written self-examination 30%, resignation 100%, cap 130, 2 points per award). */
export const DEFAULT_POLICY: Policy = Object.freeze({
  baseScore: 100,
  regularAwardMax: 2,
  regularCap: 130,
  sanctionLadder: [
    { name: 'written-self-examination', withheldPct: 30 },
    { name: 'resignation-to-take-blame', withheldPct: 100 },
    { name: 'ordered-resignation', withheldPct: 100 },
  ],
  panelMinScores: 3,
}) as Policy;

/** Rungs whose name speaks of resignation make the leader leave office when imposed. */
export const rungRemovesLeader = (rung: SanctionRung): boolean => rung.name.includes('resignation');

export const findRung = (policy: Policy, name: string): SanctionRung | undefined =>
  policy.sanctionLadder.find((rung) => rung.name === name);

export const applyPolicyChanges = (policy: Policy, changes: PolicyChanges): Policy => ({
  baseScore: changes.baseScore ?? policy.baseScore,
  regularAwardMax: changes.regularAwardMax ?? policy.regularAwardMax,
  regularCap: changes.regularCap ?? policy.regularCap,
  sanctionLadder: (changes.sanctionLadder ?? policy.sanctionLadder).map((rung) => ({ ...rung })),
  panelMinScores: changes.panelMinScores ?? policy.panelMinScores,
});

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const isScoreNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && hasAtMostTwoDecimals(value);

/** The reasons a policy cannot be appraised under; empty when it is sound. */
export const policyProblems = (policy: Policy): string[] => {
  const problems: string[] = [];
  if (!isScoreNumber(policy.baseScore) || policy.baseScore < 0) {
    problems.push('baseScore must be a number of at least 0 with at most 2 decimals.');
  }
  if (!isScoreNumber(policy.regularAwardMax) || policy.regularAwardMax <= 0) {
    problems.push('regularAwardMax must be a positive number with at most 2 decimals.');
  }
  if (!isScoreNumber(policy.regularCap) || policy.regularCap < policy.baseScore) {
    problems.push('regularCap must be a number with at most 2 decimals, no lower than baseScore.');
  }
  if (!Number.isInteger(policy.panelMinScores) || policy.panelMinScores < 1) {
    problems.push('panelMinScores must be a whole number of at least 1.');
  }
  const ladder = policy.sanctionLadder;
  if (!Array.isArray(ladder) || ladder.length === 0) {
    problems.push('sanctionLadder must have at least one rung.');
    return problems;
  }
  const names = new Set<string>();
  ladder.forEach((rung, index) => {
    if (typeof rung?.name !== 'string' || !SLUG.test(rung.name)) {
      problems.push(
        `sanctionLadder[${index}].name must be a lower-case slug such as "written-self-examination".`,
      );
    } else if (names.has(rung.name)) {
      problems.push(`sanctionLadder[${index}].name "${rung.name}" appears twice.`);
    } else {
      names.add(rung.name);
    }
    if (!isScoreNumber(rung?.withheldPct) || rung.withheldPct < 0 || rung.withheldPct > 100) {
      problems.push(`sanctionLadder[${index}].withheldPct must be between 0 and 100.`);
    }
    const previous = ladder[index - 1];
    if (previous && rung.withheldPct < previous.withheldPct) {
      problems.push(
        'sanctionLadder must run from the lightest rung to the heaviest (withheldPct never decreasing).',
      );
    }
  });
  return problems;
};

export const checkPolicy = (policy: Policy): DomainError | null => {
  const problems = policyProblems(policy);
  return problems.length === 0
    ? null
    : refuse('INVALID_POLICY', `The policy is not valid: ${problems.join(' ')}`, { problems });
};

/** Field by field: a policy read back from a store may hold its keys in another order. */
export const samePolicy = (a: Policy, b: Policy): boolean =>
  a.baseScore === b.baseScore &&
  a.regularAwardMax === b.regularAwardMax &&
  a.regularCap === b.regularCap &&
  a.panelMinScores === b.panelMinScores &&
  a.sanctionLadder.length === b.sanctionLadder.length &&
  a.sanctionLadder.every(
    (rung, i) =>
      rung.name === b.sanctionLadder[i]!.name && rung.withheldPct === b.sanctionLadder[i]!.withheldPct,
  );
