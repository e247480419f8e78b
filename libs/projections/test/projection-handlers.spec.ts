import { APPRAISAL_EVENT_TYPES, AppraisalEvent, DEFAULT_POLICY, PointsAwarded } from '@ledger/domain';
import {
  HandlerTable,
  IGNORED,
  accountabilityKeys,
  accountabilityProjection,
  allProjections,
  disputeKeys,
  disputesProjection,
  historyKeys,
  historyProjection,
  panelKeys,
  panelsProjection,
  projection,
  scoreKeys,
  scoresProjection,
} from '@ledger/projections';
import {
  caseSubject,
  cycleOpened,
  itemDefined,
  leaderAppointed,
  unitRegistered,
} from '../../domain/test/fixtures';
import { projectionSpec } from './support/projection-spec';

const supervisor = { id: 'sup', role: 'supervisor' };
const awarded = (entryId: string, points: number): PointsAwarded => ({
  type: 'PointsAwarded',
  data: {
    year: 2007,
    unitId: 'sansheng',
    entryId,
    itemId: 'safety',
    track: '1',
    points,
    reason: 'inspection passed',
    evidence: null,
    regularAwardMax: 2,
  },
});
const opening: AppraisalEvent[] = [
  cycleOpened(),
  itemDefined('safety', '1'),
  unitRegistered('sansheng'),
  leaderAppointed('sansheng', 'li-ming'),
];
const keyIssued: AppraisalEvent = {
  type: 'KeyIssued',
  data: { keyId: 'k1', name: 'Wang', role: 'analyst', unitId: null, expiresAt: null, replaces: null },
};

describe('projections declared by event type', () => {
  it.each(allProjections.map((p) => [p.name, p] as const))(
    '%s handles only event types of the domain',
    (_name, declared) => {
      for (const type of declared.handles) expect(APPRAISAL_EVENT_TYPES).toContain(type);
    },
  );

  it('refuses a table that says nothing of an event type', () => {
    const { KeyRevoked: _forgotten, ...rest } = Object.fromEntries(
      APPRAISAL_EVENT_TYPES.map((type) => [type, IGNORED]),
    ) as HandlerTable;
    expect(() => projection({ name: 'careless', version: 1, on: rest as HandlerTable })).toThrow(
      'Projection careless says nothing of KeyRevoked events.',
    );
  });

  it('passes over an event of a type the domain does not know (another application in a shared store)', async () => {
    const stranger = {
      type: 'InvoiceSent',
      data: { year: 2007, unitId: 'sansheng' },
    } as unknown as AppraisalEvent;
    for (const declared of allProjections)
      await projectionSpec(declared)(opening).when(stranger).thenNothing();
  });

  it.each(allProjections.map((p) => [p.name, p] as const))(
    '%s ignores key events',
    async (_name, declared) => {
      await projectionSpec(declared)(opening).when(keyIssued).thenNothing();
    },
  );
});

describe('scores projection', () => {
  const spec = projectionSpec(scoresProjection);

  it('records an award as an entry and adds it to the unit card', async () => {
    await spec([...opening, awarded('e1', 2)])
      .when(awarded('e2', 1.5))
      .then({
        [scoreKeys.card(2007, 'sansheng')]: {
          year: 2007,
          unitId: 'sansheng',
          tally: { regularNet: 350, keyNet: 0 },
          streamVersion: 5,
        },
        [scoreKeys.entry(2007, 'sansheng', 'e2')]: {
          entryId: 'e2',
          itemId: 'safety',
          track: '1',
          kind: 'award',
          points: 1.5,
          reason: 'inspection passed',
          evidence: null,
          effectiveOn: '2007-01-01',
          reversed: false,
          reversedBy: null,
          reversedPosition: null,
          reversedAt: null,
          position: '6',
          recordedAt: '2007-01-01T00:05:00.000Z',
          actor: supervisor,
        },
      });
  });

  it('marks a reversed entry and takes it off the card', async () => {
    const writes = await spec([...opening, awarded('e1', 2)]).when({
      type: 'EntryReversed',
      data: {
        year: 2007,
        unitId: 'sansheng',
        entryId: 'e1',
        itemId: 'safety',
        track: '1',
        kind: 'award',
        points: 2,
        disputeId: 'd1',
        reason: 'the inspection was of another unit',
      },
    }).writes;
    expect(writes[scoreKeys.card(2007, 'sansheng')]).toMatchObject({ tally: { regularNet: 0 } });
    expect(writes[scoreKeys.entry(2007, 'sansheng', 'e1')]).toMatchObject({
      reversed: true,
      reversedBy: 'd1',
      reversedPosition: '6',
      reversedAt: '2007-01-01T00:05:00.000Z',
    });
  });
});

describe('accountability projection', () => {
  const spec = projectionSpec(accountabilityProjection);

  it('opens a case with its first step and indexes its year', async () => {
    await spec(opening)
      .when({ type: 'CaseOpened', data: { ...caseSubject, rulingId: 'r1' } })
      .then({
        [accountabilityKeys.case(2007, caseSubject.caseId)]: {
          ...caseSubject,
          rulingId: 'r1',
          status: 'open',
          sanction: null,
          withheldPct: 0,
          inForce: null,
          history: [
            {
              type: 'CaseOpened',
              position: '5',
              recordedAt: '2007-01-01T00:04:00.000Z',
              actor: supervisor,
              reason: 'r',
            },
          ],
        },
        [accountabilityKeys.caseYear(caseSubject.caseId)]: { year: 2007 },
      });
  });

  it('ends the term of a departing leader at the position of the departure', async () => {
    await spec(opening)
      .when({
        type: 'LeaderDeparted',
        data: { unitId: 'sansheng', leaderId: 'li-ming', reason: 'moved', caseId: null },
      })
      .then({
        [accountabilityKeys.leader('li-ming')]: {
          leaderId: 'li-ming',
          name: 'Leader li-ming',
          terms: [{ unitId: 'sansheng', from: '4', to: '5' }],
        },
      });
  });

  it('writes nothing for a sanction on a case it never saw opened', async () => {
    await spec(opening)
      .when({
        type: 'SanctionImposed',
        data: {
          ...caseSubject,
          sanctionId: 's1',
          sanction: 'written-self-examination',
          withheldPct: 30,
          removesLeader: false,
          reason: 'failed',
        },
      })
      .thenNothing();
  });
});

describe('disputes projection', () => {
  const spec = projectionSpec(disputesProjection);
  const target = {
    kind: 'score-entry' as const,
    eventId: 'e1',
    year: 2007,
    unitId: 'sansheng',
    caseId: null,
  };

  it('frees the disputed event when its dispute is resolved', async () => {
    const filed: AppraisalEvent = {
      type: 'DisputeFiled',
      data: { disputeId: 'd1', year: 2007, unitId: 'sansheng', eventId: 'e1', target, grounds: 'wrong item' },
    };
    const writes = await spec([...opening, awarded('e1', 2), filed]).when({
      type: 'DisputeResolved',
      data: {
        disputeId: 'd1',
        year: 2007,
        unitId: 'sansheng',
        eventId: 'e1',
        target,
        outcome: 'upheld',
        reason: 'fine',
      },
    }).writes;
    expect(writes[disputeKeys.target('e1')]).toEqual({ ...target, openDisputeId: null });
    expect(writes[disputeKeys.dispute(2007, 'd1')]).toMatchObject({
      status: 'resolved',
      outcome: 'upheld',
      resolvedAt: '7',
    });
  });
});

describe('panels projection', () => {
  it('adds a member score to an open panel', async () => {
    const convened: AppraisalEvent = {
      type: 'PanelConvened',
      data: {
        panelId: 'p1',
        year: 2007,
        itemId: 'safety',
        track: '1',
        members: [{ memberId: 'm1', name: 'Zhao', category: 'npc-deputy' }],
        threshold: null,
      },
    };
    const writes = await projectionSpec(panelsProjection)([...opening, convened]).when({
      type: 'PanelScoreSubmitted',
      data: {
        panelId: 'p1',
        year: 2007,
        itemId: 'safety',
        memberId: 'm1',
        category: 'npc-deputy',
        unitId: 'sansheng',
        score: 88,
      },
    }).writes;
    expect(writes[panelKeys.panel(2007, 'p1')]).toMatchObject({
      status: 'open',
      scores: [{ memberId: 'm1', unitId: 'sansheng', score: 88 }],
    });
  });
});

describe('history projection', () => {
  const spec = projectionSpec(historyProjection);

  it('gives every unit with a history a row at a policy amendment, with its total under the new cap', async () => {
    const writes = await spec([...opening, awarded('e1', 2)]).when({
      type: 'PolicyAmended',
      data: {
        year: 2007,
        changes: { regularCap: 101 },
        policy: { ...DEFAULT_POLICY, regularCap: 101 },
        reason: 'cap lowered',
      },
    }).writes;
    expect(writes[historyKeys.row(2007, 'sansheng', '6')]).toEqual({ position: '6', total: 101 });
  });
});
