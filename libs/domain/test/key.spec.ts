import { IssueKey, KeyEvent, keyDecider } from '@ledger/domain';
import { specFor } from './given-when-then';

const given = specFor(keyDecider);
const registered = { unitRegistered: true };
const unregistered = { unitRegistered: false };

const issue = (data: Partial<IssueKey['data']> = {}): IssueKey => ({
  type: 'IssueKey',
  data: { keyId: 'k1', name: 'Wang Fang', role: 'supervisor', unitId: null, expiresAt: null, ...data },
});

const issued = (data: Partial<Extract<KeyEvent, { type: 'KeyIssued' }>['data']> = {}): KeyEvent => ({
  type: 'KeyIssued',
  data: {
    keyId: 'k1',
    name: 'Wang Fang',
    role: 'supervisor',
    unitId: null,
    expiresAt: null,
    replaces: null,
    ...data,
  },
});

describe('API keys', () => {
  it('issues a key: who it is for and what it may do, never the key itself', () => {
    given([])
      .when(issue({ name: '  Wang Fang ' }), unregistered)
      .then([issued()]);
  });

  it('issues a unit-leader key bound to a registered unit, with an expiry', () => {
    given([])
      .when(
        issue({ role: 'unit-leader', unitId: 'sansheng', expiresAt: '2027-01-01T00:00:00.000Z' }),
        registered,
      )
      .then([issued({ role: 'unit-leader', unitId: 'sansheng', expiresAt: '2027-01-01T00:00:00.000Z' })]);
  });

  const replacing = (issued: boolean, replacedBy: string | null) => ({
    ...unregistered,
    replaced: { issued, replacedBy },
  });

  it('issues the successor of a key a rotation revoked in its favour, naming the key it replaces', () => {
    given([])
      .when(issue({ keyId: 'k2', replaces: 'k1' }), replacing(true, 'k2'))
      .then([issued({ keyId: 'k2', replaces: 'k1' })]);
  });

  it('refuses to issue a successor of a key that was never issued', () => {
    given([])
      .when(issue({ keyId: 'k2', replaces: 'k9' }), replacing(false, null))
      .thenRefuses('UNKNOWN_KEY');
  });

  it.each([
    ['still active', null],
    ['rotated into another key', 'k3'],
  ])('refuses to issue a successor of a key %s', (_, replacedBy) => {
    given([])
      .when(issue({ keyId: 'k2', replaces: 'k1' }), replacing(true, replacedBy))
      .thenRefuses('KEY_REVOKED');
  });

  it('refuses, as the first half of a rotation, to revoke a key already revoked: two rotations never both win', () => {
    given([issued(), { type: 'KeyRevoked', data: { keyId: 'k1', reason: 'rotated', replacedBy: 'k2' } }])
      .when({ type: 'RevokeKey', data: { keyId: 'k1', reason: 'rotated', replacedBy: 'k3' } })
      .thenRefuses('KEY_REVOKED');
  });

  it.each([
    ['a line break', 'Mallory\n| 000000000000 | first admin |'],
    ['an escape sequence', 'evil\u001b[2J'],
    ['a right-to-left override', 'abc\u202Edcb'],
    ['a C1 control', 'x\u0085y'],
    ['over 200 characters', 'n'.repeat(201)],
  ])('refuses a name with %s', (_, name) => {
    given([]).when(issue({ name }), unregistered).thenRefuses('INVALID_KEY_NAME');
  });

  it('refuses to issue a key id twice', () => {
    given([issued()]).when(issue(), unregistered).thenRefuses('KEY_EXISTS');
  });

  it('refuses a role that does not exist', () => {
    given([])
      .when(issue({ role: 'root' }), unregistered)
      .thenRefuses('UNKNOWN_ROLE');
  });

  it('refuses a key without a name', () => {
    given([])
      .when(issue({ name: '   ' }), unregistered)
      .thenRefuses('KEY_NAME_REQUIRED');
  });

  it('refuses a unit-leader key without a unit', () => {
    given([])
      .when(issue({ role: 'unit-leader' }), unregistered)
      .thenRefuses('UNIT_REQUIRED');
  });

  it('refuses a unit for any other role', () => {
    given([])
      .when(issue({ unitId: 'sansheng' }), registered)
      .thenRefuses('UNIT_NOT_ALLOWED');
  });

  it('refuses a unit-leader key for a unit that is not registered', () => {
    given([])
      .when(issue({ role: 'unit-leader', unitId: 'nowhere' }), unregistered)
      .thenRefuses('UNKNOWN_UNIT');
  });

  it.each(['tomorrow', '2027-01-01', '2027-13-01T00:00:00Z', '2027-01-01T00:00:00+08:00'])(
    'refuses the expiry %s',
    (expiresAt) => {
      given([]).when(issue({ expiresAt }), unregistered).thenRefuses('INVALID_EXPIRY');
    },
  );

  it('revokes a key, saying why', () => {
    given([issued()])
      .when({ type: 'RevokeKey', data: { keyId: 'k1', reason: 'left the office' } })
      .then([{ type: 'KeyRevoked', data: { keyId: 'k1', reason: 'left the office', replacedBy: null } }]);
  });

  it('revokes a key rotated out, naming its successor', () => {
    given([issued()])
      .when({ type: 'RevokeKey', data: { keyId: 'k1', reason: 'rotated', replacedBy: 'k2' } })
      .then([{ type: 'KeyRevoked', data: { keyId: 'k1', reason: 'rotated', replacedBy: 'k2' } }]);
  });

  it('records nothing when a revoked key is revoked again', () => {
    given([issued(), { type: 'KeyRevoked', data: { keyId: 'k1', reason: 'lost', replacedBy: null } }])
      .when({ type: 'RevokeKey', data: { keyId: 'k1', reason: 'lost again' } })
      .thenNothing();
  });

  it('refuses to revoke a key that was never issued', () => {
    given([])
      .when({ type: 'RevokeKey', data: { keyId: 'k9', reason: 'lost' } })
      .thenRefuses('UNKNOWN_KEY');
  });

  it('refuses a revocation without a reason', () => {
    given([issued()])
      .when({ type: 'RevokeKey', data: { keyId: 'k1', reason: ' ' } })
      .thenRefuses('REASON_REQUIRED');
  });
});
