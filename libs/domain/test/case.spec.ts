import { CaseCommand, CaseEvent, DEFAULT_POLICY, caseDecider } from '@ledger/domain';
import { caseSubject } from './fixtures';
import { specFor } from './given-when-then';

const given = specFor(caseDecider);
const context = { policy: DEFAULT_POLICY };
const subject = caseSubject;
const opened: CaseEvent = { type: 'CaseOpened', data: { ...subject, rulingId: 'r1' } };
const impose = (sanction: string, sanctionId = 's1', effectiveOn?: string): CaseCommand => ({
  type: 'ImposeSanction',
  data: {
    caseId: subject.caseId,
    sanctionId,
    sanction,
    reason: 'streets left dirty after two warnings',
    ...(effectiveOn && { effectiveOn }),
  },
});
const imposed = (
  sanction: string,
  withheldPct: number,
  removesLeader: boolean,
  effectiveOn?: string,
): CaseEvent => ({
  type: 'SanctionImposed',
  data: {
    ...subject,
    sanctionId: 's1',
    sanction,
    withheldPct,
    removesLeader,
    reason: 'streets left dirty after two warnings',
    ...(effectiveOn && { effectiveOn }),
  },
});
const lifted: CaseEvent = {
  type: 'SanctionLifted',
  data: {
    ...subject,
    sanctionId: 's1',
    sanction: 'written-self-examination',
    withheldPct: 30,
    disputeId: 'dsp-1',
    reason: 'overturned',
  },
};

describe('accountability case', () => {
  it('opens a case against the leader for a ruling', () => {
    given([])
      .when({ type: 'OpenCase', data: { ...subject, rulingId: 'r1' } }, context)
      .then([opened]);
  });

  it('opens nothing twice for the same ruling, and refuses the id for another ruling', () => {
    given([opened])
      .when({ type: 'OpenCase', data: { ...subject, rulingId: 'r1' } }, context)
      .thenNothing();
    given([opened])
      .when({ type: 'OpenCase', data: { ...subject, rulingId: 'r2' } }, context)
      .thenRefuses('CASE_EXISTS');
  });

  it('imposes the lightest rung: a written self-examination withholding 30 %', () => {
    given([opened])
      .when(impose('written-self-examination'), context)
      .then([imposed('written-self-examination', 30, false)]);
  });

  it('imposes a resignation rung: 100 % withheld, and the leader leaves office', () => {
    given([opened])
      .when(impose('ordered-resignation'), context)
      .then([imposed('ordered-resignation', 100, true)]);
  });

  it('refuses a rung that is not in the ladder', () => {
    given([opened]).when(impose('public-flogging'), context).thenRefuses('UNKNOWN_SANCTION');
  });

  it('refuses a second sanction on a sanctioned case', () => {
    given([opened, imposed('written-self-examination', 30, false)])
      .when(impose('ordered-resignation', 's2'), context)
      .thenRefuses('CASE_ALREADY_SANCTIONED');
  });

  it('refuses a sanction on a withdrawn case, and on a case that does not exist', () => {
    const withdrawn: CaseEvent = {
      type: 'CaseWithdrawn',
      data: { ...subject, disputeId: 'dsp-1', reason: 'ruling set aside' },
    };
    given([opened, withdrawn]).when(impose('written-self-examination'), context).thenRefuses('CASE_CLOSED');
    given([]).when(impose('written-self-examination'), context).thenRefuses('UNKNOWN_CASE');
  });

  it('refuses a sanction without a reason', () => {
    given([opened])
      .when(
        {
          type: 'ImposeSanction',
          data: {
            caseId: subject.caseId,
            sanctionId: 's1',
            sanction: 'written-self-examination',
            reason: '',
          },
        },
        context,
      )
      .thenRefuses('REASON_REQUIRED');
  });

  it("imposes a sanction from the business date named, a day of the case's year", () => {
    const onDay = (effectiveOn: string) => impose('written-self-examination', 's1', effectiveOn);
    given([opened])
      .when(onDay('2007-11-30'), context)
      .then([imposed('written-self-examination', 30, false, '2007-11-30')]);
    for (const day of ['2008-01-02', '2007-02-30', '30/11/2007'])
      given([opened]).when(onDay(day), context).thenRefuses('INVALID_EFFECTIVE_DATE');
  });

  it('lifts the sanction in force, once; the case may then be sanctioned again', () => {
    const lift: CaseCommand = {
      type: 'LiftSanction',
      data: { caseId: subject.caseId, sanctionId: 's1', disputeId: 'dsp-1', reason: 'overturned' },
    };
    const history = [opened, imposed('written-self-examination', 30, false)];
    given(history).when(lift, context).then([lifted]);
    given([...history, lifted])
      .when(lift, context)
      .thenNothing();
    expect(
      given([...history, lifted]).when(impose('written-self-examination', 's2'), context).result,
    ).toHaveLength(1);
  });

  it('withdraws a case, lifting its sanction first; withdrawing twice does nothing', () => {
    const withdraw: CaseCommand = {
      type: 'WithdrawCase',
      data: { caseId: subject.caseId, disputeId: 'dsp-1', reason: 'overturned' },
    };
    const withdrawn: CaseEvent = {
      type: 'CaseWithdrawn',
      data: { ...subject, disputeId: 'dsp-1', reason: 'overturned' },
    };
    given([opened, imposed('written-self-examination', 30, false)])
      .when(withdraw, context)
      .then([lifted, withdrawn]);
    given([opened]).when(withdraw, context).then([withdrawn]);
    given([opened, withdrawn]).when(withdraw, context).thenNothing();
  });
});
