import {
  BasicRequirementRuled,
  DisputeResolved,
  DisputeTarget,
  PanelClosed,
  SanctionImposed,
  caseForRuling,
  correctionsForDispute,
  departureForSanction,
  rulingsForClosedPanel,
} from '@ledger/domain';
import { YEAR } from './fixtures';

const ruled = (over: Partial<BasicRequirementRuled['data']> = {}): BasicRequirementRuled => ({
  type: 'BasicRequirementRuled',
  data: {
    year: YEAR,
    unitId: 'sansheng',
    rulingId: 'r1',
    itemId: 'urban-management',
    track: 'X',
    met: false,
    basis: 'inspection',
    leaderId: 'li-ming',
    panelId: null,
    ...over,
  },
});

describe('reaction: an unmet X ruling opens a case', () => {
  it('opens case number 1 against the leader in office at the ruling', () => {
    expect(caseForRuling(ruled(), [])).toEqual({
      type: 'OpenCase',
      data: {
        caseId: '2007-sansheng-urban-management-1',
        year: YEAR,
        unitId: 'sansheng',
        itemId: 'urban-management',
        leaderId: 'li-ming',
        rulingId: 'r1',
      },
    });
  });

  it('opens nothing for a met ruling or an unmet ruling on a regular item', () => {
    expect(caseForRuling(ruled({ met: true }), [])).toBeNull();
    expect(caseForRuling(ruled({ track: '1' }), [])).toBeNull();
  });

  const subject = (n: number) => ({
    caseId: `2007-sansheng-urban-management-${n}`,
    year: YEAR,
    unitId: 'sansheng',
    itemId: 'urban-management',
    leaderId: 'li-ming',
  });

  it('opens nothing while a case for the same triple is open', () => {
    expect(
      caseForRuling(ruled({ rulingId: 'r2' }), [{ status: 'open', rulingId: 'r1', subject: subject(1) }]),
    ).toBeNull();
  });

  it('names the same case again for the same ruling, which the case decides as nothing to do', () => {
    expect(caseForRuling(ruled(), [{ status: 'sanctioned', rulingId: 'r1', subject: subject(1) }])).toEqual({
      type: 'OpenCase',
      data: { ...subject(1), rulingId: 'r1' },
    });
  });

  it('opens the next case once the earlier one is sanctioned or withdrawn', () => {
    const next = caseForRuling(ruled({ rulingId: 'r3' }), [
      { status: 'sanctioned', rulingId: 'r1', subject: subject(1) },
      { status: 'withdrawn', rulingId: 'r2', subject: subject(2) },
    ]);
    expect(next?.data.caseId).toBe('2007-sansheng-urban-management-3');
  });
});

describe('reaction: a closed panel rules', () => {
  const closed = (threshold: number | null): PanelClosed => ({
    type: 'PanelClosed',
    data: {
      panelId: 'p1',
      year: YEAR,
      itemId: 'urban-management',
      threshold,
      minScores: 3,
      results: [
        {
          unitId: 'sansheng',
          score: 87.67,
          scoresCount: 5,
          met: threshold === null ? null : 87.67 >= threshold,
        },
        {
          unitId: 'shuyanjie',
          score: 72.33,
          scoresCount: 3,
          met: threshold === null ? null : 72.33 >= threshold,
        },
      ],
    },
  });

  it('rules met where the result reaches panelScoreAtLeast, unmet where not, with fixed ruling ids', () => {
    const rulings = rulingsForClosedPanel(closed(80));
    expect(rulings.map((r) => [r.data.unitId, r.data.rulingId, r.data.met, r.data.panelId])).toEqual([
      ['sansheng', 'panel-p1-sansheng', true, 'p1'],
      ['shuyanjie', 'panel-p1-shuyanjie', false, 'p1'],
    ]);
    expect(rulings[1]!.data.basis).toContain('72.33');
  });

  it('rules nothing where the item has no panel threshold', () => {
    expect(rulingsForClosedPanel(closed(null))).toEqual([]);
  });
});

describe('reaction: a resignation rung removes the leader', () => {
  const imposed = (sanction: string, removesLeader: boolean): SanctionImposed => ({
    type: 'SanctionImposed',
    data: {
      caseId: 'c1',
      year: YEAR,
      unitId: 'sansheng',
      itemId: 'urban-management',
      leaderId: 'li-ming',
      sanctionId: 's1',
      sanction,
      withheldPct: removesLeader ? 100 : 30,
      removesLeader,
      reason: 'r',
    },
  });

  it('makes that leader depart', () => {
    expect(departureForSanction(imposed('resignation-to-take-blame', true))).toEqual({
      type: 'DepartLeader',
      data: {
        unitId: 'sansheng',
        leaderId: 'li-ming',
        caseId: 'c1',
        reason: 'Sanction "resignation-to-take-blame" imposed on case c1.',
      },
    });
  });

  it('leaves the leader in office for a lighter rung', () => {
    expect(departureForSanction(imposed('written-self-examination', false))).toBeNull();
  });
});

describe('reaction: an overturned dispute writes its correction', () => {
  const resolved = (outcome: 'upheld' | 'overturned', target: DisputeTarget): DisputeResolved => ({
    type: 'DisputeResolved',
    data: {
      disputeId: 'dsp-1',
      year: YEAR,
      unitId: 'sansheng',
      eventId: target.eventId,
      target,
      outcome,
      reason: 'wrong street',
    },
  });
  const base = { year: YEAR, unitId: 'sansheng' };

  it('reverses a disputed score entry', () => {
    expect(
      correctionsForDispute(
        resolved('overturned', { ...base, kind: 'score-entry', eventId: 'e1', caseId: null }),
        null,
      ),
    ).toEqual([
      {
        type: 'ReverseEntry',
        data: {
          ...base,
          entryId: 'e1',
          disputeId: 'dsp-1',
          reason: 'Dispute dsp-1 overturned: wrong street',
        },
      },
    ]);
  });

  it('sets a disputed ruling aside and withdraws the case it opened', () => {
    const commands = correctionsForDispute(
      resolved('overturned', { ...base, kind: 'ruling', eventId: 'r1', caseId: 'c1' }),
      'c1',
    );
    expect(commands.map((c) => c.type)).toEqual(['SetAsideRuling', 'WithdrawCase']);
    expect(commands[1]!.data).toMatchObject({ caseId: 'c1', disputeId: 'dsp-1' });
  });

  it('lifts a disputed sanction', () => {
    expect(
      correctionsForDispute(
        resolved('overturned', { ...base, kind: 'sanction', eventId: 's1', caseId: 'c1' }),
        null,
      ),
    ).toEqual([
      {
        type: 'LiftSanction',
        data: {
          caseId: 'c1',
          sanctionId: 's1',
          disputeId: 'dsp-1',
          reason: 'Dispute dsp-1 overturned: wrong street',
        },
      },
    ]);
  });

  it('changes nothing when the dispute is upheld', () => {
    expect(
      correctionsForDispute(
        resolved('upheld', { ...base, kind: 'score-entry', eventId: 'e1', caseId: null }),
        null,
      ),
    ).toEqual([]);
  });
});
