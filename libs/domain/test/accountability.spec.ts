import { CaseStanding, leaderAccountability } from '@ledger/domain';

const leader = { leaderId: 'li-ming', name: 'Li Ming', unitId: 'sansheng' };
const sanction = (name: string, withheldPct: number, removesLeader = false) => ({
  sanctionId: `s-${name}`,
  sanction: name,
  withheldPct,
  removesLeader,
});
const openCase = (caseId: string): CaseStanding => ({ caseId, status: 'open', sanction: null });
const sanctionedCase = (caseId: string, s: ReturnType<typeof sanction>): CaseStanding => ({
  caseId,
  status: 'sanctioned',
  sanction: s,
});

describe('leadership accountability', () => {
  it('is clear with no cases, and pays the whole bonus', () => {
    expect(leaderAccountability(leader, [], 60000)).toEqual({
      ...leader,
      status: 'clear',
      openCases: 0,
      sanctions: [],
      withheldPct: 0,
      bonusBase: 60000,
      bonusPayable: 60000,
    });
  });

  it('is under review with an open case and no sanction', () => {
    expect(leaderAccountability(leader, [openCase('c1')], null)).toMatchObject({
      status: 'under-review',
      openCases: 1,
      bonusPayable: null,
    });
  });

  it('is sanctioned with 30 % withheld after a written self-examination', () => {
    expect(
      leaderAccountability(leader, [sanctionedCase('c1', sanction('written-self-examination', 30))], 50000),
    ).toMatchObject({
      status: 'sanctioned',
      sanctions: [{ caseId: 'c1', sanction: 'written-self-examination', withheldPct: 30 }],
      withheldPct: 30,
      bonusPayable: 35000,
    });
  });

  it('puts under review before sanctioned when both apply', () => {
    const cases = [sanctionedCase('c1', sanction('written-self-examination', 30)), openCase('c2')];
    expect(leaderAccountability(leader, cases, null).status).toBe('under-review');
  });

  it('is removed by a resignation rung, before anything else, with 100 % withheld', () => {
    const cases = [openCase('c2'), sanctionedCase('c1', sanction('ordered-resignation', 100, true))];
    expect(leaderAccountability(leader, cases, 80000)).toMatchObject({
      status: 'removed',
      withheldPct: 100,
      bonusPayable: 0,
    });
  });

  it('caps the sum of withheld percentages at 100', () => {
    const cases = [
      sanctionedCase('c1', sanction('written-self-examination', 30)),
      sanctionedCase('c2', sanction('demerit', 50)),
      sanctionedCase('c3', sanction('demotion', 70)),
    ];
    expect(leaderAccountability(leader, cases, 1000)).toMatchObject({ withheldPct: 100, bonusPayable: 0 });
  });

  it('no longer counts a lifted sanction or a withdrawn case', () => {
    const lifted: CaseStanding = { caseId: 'c1', status: 'open', sanction: null };
    const withdrawn: CaseStanding = { caseId: 'c2', status: 'withdrawn', sanction: null };
    expect(leaderAccountability(leader, [withdrawn], 1000)).toMatchObject({
      status: 'clear',
      withheldPct: 0,
      bonusPayable: 1000,
    });
    expect(leaderAccountability(leader, [lifted], 1000)).toMatchObject({
      status: 'under-review',
      withheldPct: 0,
    });
  });

  it('pays the bonus to the cent', () => {
    expect(
      leaderAccountability(leader, [sanctionedCase('c1', sanction('written-self-examination', 30))], 333.33)
        .bonusPayable,
    ).toBe(233.33);
  });
});
