import { NewEvent } from '@ledger/event-store';
import { effectiveBy } from '@ledger/projections';
import { stored } from './support/stored-events';

const entry = (type: string, entryId: string, effectiveOn?: string): Omit<NewEvent, 'metadata'> => ({
  type,
  data: {
    year: 2007,
    unitId: 'a',
    entryId,
    itemId: 'safety',
    points: 2,
    ...(effectiveOn ? { effectiveOn } : {}),
  },
});

describe('the appraisal as it stood on a day of the year', () => {
  it('leaves out what takes effect later, and the corrections of what it left out', () => {
    const log = stored([
      { type: 'CycleOpened', data: { year: 2007 } },
      entry('PointsAwarded', 'e1', '2007-03-01'),
      entry('PointsAwarded', 'e2', '2007-09-01'),
      entry('PointsDeducted', 'e3', '2007-06-30'),
      { type: 'EntryReversed', data: { year: 2007, unitId: 'a', entryId: 'e2' } },
      { type: 'EntryReversed', data: { year: 2007, unitId: 'a', entryId: 'e1' } },
    ]);
    expect(effectiveBy(log, '2007-06-30').map((event) => event.data)).toEqual([
      { year: 2007 },
      expect.objectContaining({ entryId: 'e1' }),
      expect.objectContaining({ entryId: 'e3' }),
      { year: 2007, unitId: 'a', entryId: 'e1' },
    ]);
  });

  it('dates an event without a business date by the day it was recorded (the helper records from 1 January 2007)', () => {
    const log = stored([entry('PointsAwarded', 'e1')]);
    expect(effectiveBy(log, '2007-01-01')).toHaveLength(1);
  });

  it('leaves out a case a later ruling opened, and its sanctions', () => {
    const subject = { year: 2007, unitId: 'a', itemId: 'services', leaderId: 'li', caseId: 'c1' };
    const log = stored([
      {
        type: 'BasicRequirementRuled',
        data: { year: 2007, unitId: 'a', rulingId: 'r1', met: false, effectiveOn: '2007-11-01' },
      },
      { type: 'CaseOpened', data: { ...subject, rulingId: 'r1' } },
      { type: 'SanctionImposed', data: { ...subject, sanctionId: 's1', withheldPct: 30 } },
    ]);
    expect(effectiveBy(log, '2007-06-30')).toEqual([]);
    expect(effectiveBy(log, '2007-12-31')).toHaveLength(3);
  });
});
