import { DisputeCommand, DisputeEvent, DisputeTarget, disputeDecider } from '@ledger/domain';
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
  data: {
    disputeId: 'dsp-1',
    year: YEAR,
    unitId: 'sansheng',
    eventId: 'e1',
    grounds: 'the deduction was for another street',
  },
};
const filed: DisputeEvent = {
  type: 'DisputeFiled',
  data: {
    disputeId: 'dsp-1',
    year: YEAR,
    unitId: 'sansheng',
    eventId: 'e1',
    target,
    grounds: 'the deduction was for another street',
  },
};
const resolve = (outcome: 'upheld' | 'overturned'): DisputeCommand => ({
  type: 'ResolveDispute',
  data: { disputeId: 'dsp-1', outcome, reason: 'checked the inspection log' },
});

describe('dispute', () => {
  it('files a dispute on a score entry of the unit', () => {
    given([]).when(file, { target, openDisputeOnTarget: false }).then([filed]);
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
    given([]).when(file, { target, openDisputeOnTarget: true }).thenRefuses('DISPUTE_OPEN');
  });

  it('refuses a dispute without grounds, and an id used twice', () => {
    given([])
      .when({ ...file, data: { ...file.data, grounds: ' ' } } as DisputeCommand, { target })
      .thenRefuses('REASON_REQUIRED');
    given([filed]).when(file, { target }).thenRefuses('DISPUTE_EXISTS');
  });

  it.each(['upheld', 'overturned'] as const)('resolves a dispute %s, carrying its target', (outcome) => {
    given([filed])
      .when(resolve(outcome))
      .then([
        {
          type: 'DisputeResolved',
          data: {
            disputeId: 'dsp-1',
            year: YEAR,
            unitId: 'sansheng',
            eventId: 'e1',
            target,
            outcome,
            reason: 'checked the inspection log',
          },
        },
      ]);
  });

  it('refuses to resolve twice, or a dispute that does not exist', () => {
    const resolved = (given([filed]).when(resolve('upheld')).result as DisputeEvent[])[0]!;
    given([filed, resolved]).when(resolve('overturned')).thenRefuses('DISPUTE_RESOLVED');
    given([]).when(resolve('upheld')).thenRefuses('UNKNOWN_DISPUTE');
  });
});
