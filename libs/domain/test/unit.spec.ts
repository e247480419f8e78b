import { UnitCommand, unitDecider } from '@ledger/domain';
import { leaderAppointed, unitRegistered } from './fixtures';
import { specFor } from './given-when-then';

const given = specFor(unitDecider);
const departed = {
  type: 'LeaderDeparted',
  data: { unitId: 'sansheng', leaderId: 'li-ming', reason: 'transferred', caseId: null },
} as const;

describe('unit', () => {
  it('registers a street office or a department', () => {
    const register: UnitCommand = {
      type: 'RegisterUnit',
      data: { unitId: 'sansheng', name: '三聖街道', kind: 'street' },
    };
    given([])
      .when(register)
      .then([{ type: 'UnitRegistered', data: { unitId: 'sansheng', name: '三聖街道', kind: 'street' } }]);
  });

  it('refuses to register a unit twice', () => {
    given([unitRegistered('sansheng')])
      .when({ type: 'RegisterUnit', data: { unitId: 'sansheng', name: 'again', kind: 'department' } })
      .thenRefuses('UNIT_EXISTS');
  });

  it('appoints a principal leader', () => {
    given([unitRegistered('sansheng')])
      .when({
        type: 'AppointLeader',
        data: { unitId: 'sansheng', leaderId: 'li-ming', name: 'Leader li-ming' },
      })
      .then([leaderAppointed('sansheng', 'li-ming')]);
  });

  it('refuses a second leader while one is in office', () => {
    given([unitRegistered('sansheng'), leaderAppointed('sansheng', 'li-ming')])
      .when({ type: 'AppointLeader', data: { unitId: 'sansheng', leaderId: 'wang-fang', name: 'Wang' } })
      .thenRefuses('LEADER_IN_OFFICE');
  });

  it('appoints a successor after the leader departs', () => {
    given([unitRegistered('sansheng'), leaderAppointed('sansheng', 'li-ming'), departed])
      .when({
        type: 'AppointLeader',
        data: { unitId: 'sansheng', leaderId: 'wang-fang', name: 'Leader wang-fang' },
      })
      .then([leaderAppointed('sansheng', 'wang-fang')]);
  });

  it('records a departure of the leader in office', () => {
    given([unitRegistered('sansheng'), leaderAppointed('sansheng', 'li-ming')])
      .when({ type: 'DepartLeader', data: { unitId: 'sansheng', reason: 'transferred' } })
      .then([departed]);
  });

  it('refuses a departure when nobody is in office, and any command on an unknown unit', () => {
    given([unitRegistered('sansheng')])
      .when({ type: 'DepartLeader', data: { unitId: 'sansheng', reason: 'x' } })
      .thenRefuses('NO_LEADER_IN_OFFICE');
    given([])
      .when({ type: 'AppointLeader', data: { unitId: 'ghost', leaderId: 'a', name: 'A' } })
      .thenRefuses('UNKNOWN_UNIT');
  });

  it('makes a named leader depart only while that leader is in office (a sanction’s departure is idempotent)', () => {
    const history = [unitRegistered('sansheng'), leaderAppointed('sansheng', 'li-ming')];
    const bySanction: UnitCommand = {
      type: 'DepartLeader',
      data: { unitId: 'sansheng', leaderId: 'li-ming', caseId: 'case-1', reason: 'ordered resignation' },
    };
    given(history)
      .when(bySanction)
      .then([
        {
          type: 'LeaderDeparted',
          data: { unitId: 'sansheng', leaderId: 'li-ming', reason: 'ordered resignation', caseId: 'case-1' },
        },
      ]);
    given([...history, departed])
      .when(bySanction)
      .thenNothing();
  });
});
