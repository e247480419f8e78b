import { DisputeCommand, DisputeEvent, DisputeTarget, disputeDecider, parseDisputeId } from '@ledger/domain';
import { YEAR } from './fixtures';
import { specFor } from './given-when-then';

const given = specFor(disputeDecider);
const target: DisputeTarget = {
  kind: 'score-entry',
  eventId: 'e1',
  year: YEAR,
  unitId: 'sansheng',
  caseId: null,
};
const file: DisputeCommand = {
  type: 'FileDispute',
  data: { year: YEAR, unitId: 'sansheng', eventId: 'e1', grounds: 'the deduction was for another street' },
};
const filed = (sequence = 1): DisputeEvent => ({
  type: 'DisputeFiled',
  data: {
    disputeId: `e1--${sequence}`,
    year: YEAR,
    unitId: 'sansheng',
    eventId: 'e1',
    target,
    grounds: 'the deduction was for another street',
  },
});
const resolve = (outcome: 'upheld' | 'overturned', disputeId = 'e1--1'): DisputeCommand => ({
  type: 'ResolveDispute',
  data: { disputeId, outcome, reason: 'checked the inspection log' },
});
const resolved = (outcome: 'upheld' | 'overturned', sequence = 1): DisputeEvent => ({
  type: 'DisputeResolved',
  data: {
    disputeId: `e1--${sequence}`,
    year: YEAR,
    unitId: 'sansheng',
    eventId: 'e1',
    target,
    outcome,
    reason: 'checked the inspection log',
  },
});

describe('dispute', () => {
  it('files the first dispute on a score entry of the unit, numbered 1 on that event', () => {
    given([])
      .when(file, { target })
      .then([filed(1)]);
  });

  it('refuses a target that is not a score entry, ruling or sanction of that unit', () => {
    given([]).when(file, { target: null }).thenRefuses('NOT_DISPUTABLE');
    given([])
      .when(file, { target: { ...target, unitId: 'shuyanjie' } })
      .thenRefuses('NOT_DISPUTABLE');
    given([])
      .when(file, { target: { ...target, year: 2006 } })
      .thenRefuses('NOT_DISPUTABLE');
  });

  it('refuses a second dispute while one is open on the same event', () => {
    given([filed(1)])
      .when(file, { target })
      .thenRefuses('DISPUTE_OPEN');
  });

  it('files the next dispute, numbered 2, once the first is resolved', () => {
    given([filed(1), resolved('upheld')])
      .when(file, { target })
      .then([filed(2)]);
  });

  it('refuses a dispute without grounds', () => {
    given([])
      .when({ ...file, data: { ...file.data, grounds: ' ' } } as DisputeCommand, { target })
      .thenRefuses('REASON_REQUIRED');
  });

  it.each(['upheld', 'overturned'] as const)('resolves a dispute %s, carrying its target', (outcome) => {
    given([filed(1)])
      .when(resolve(outcome))
      .then([resolved(outcome)]);
  });

  it('refuses to resolve twice, an earlier dispute, or a dispute that does not exist', () => {
    given([filed(1), resolved('upheld')])
      .when(resolve('overturned'))
      .thenRefuses('DISPUTE_RESOLVED');
    given([filed(1), resolved('upheld'), filed(2)])
      .when(resolve('overturned', 'e1--1'))
      .thenRefuses('DISPUTE_RESOLVED');
    given([]).when(resolve('upheld')).thenRefuses('UNKNOWN_DISPUTE');
    given([filed(1)])
      .when(resolve('upheld', 'e1-2'))
      .thenRefuses('UNKNOWN_DISPUTE');
    given([filed(1)])
      .when(resolve('upheld', 'not-numbered'))
      .thenRefuses('UNKNOWN_DISPUTE');
  });

  it('reads the disputed event and the number back from a dispute id', () => {
    expect(parseDisputeId('9f0c-aa-12--3')).toEqual({ eventId: '9f0c-aa-12', sequence: 3 });
    expect(parseDisputeId('panel-p-u-1')).toBeNull();
    expect(parseDisputeId('plain')).toBeNull();
  });
});
