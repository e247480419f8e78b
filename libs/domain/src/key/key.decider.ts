import { Decider, Decision } from '../shared/decider';
import { refuse } from '../shared/domain-error';
import { requireReason } from '../shared/text';
import { IssueKey, KeyCommand, KeyContext, RevokeKey } from './key.commands';
import { KeyEvent, KeyIssued } from './key.events';
import { ROLES, isRole } from './roles';

export interface KeyState {
  issued: KeyIssued['data'] | null;
  revoked: boolean;
  /** The key a rotation replaced this one with. */
  replacedBy: string | null;
}

export const initialKeyState: KeyState = { issued: null, revoked: false, replacedBy: null };

export const evolveKey = (state: KeyState, event: KeyEvent): KeyState => {
  switch (event.type) {
    case 'KeyIssued':
      return { ...state, issued: event.data };
    case 'KeyRevoked':
      return { ...state, revoked: true, replacedBy: event.data.replacedBy };
    default: {
      const unexpected: never = event;
      throw new Error(`A key stream cannot hold ${JSON.stringify(unexpected)}.`);
    }
  }
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const NAME_MAX = 200;
/** Controls (C0, DEL, C1) and the bidirectional overrides and isolates that make a name print as something else. */
const unprintable = (code: number): boolean =>
  code < 0x20 ||
  (code >= 0x7f && code <= 0x9f) ||
  (code >= 0x202a && code <= 0x202e) ||
  (code >= 0x2066 && code <= 0x2069);
const printable = (text: string): boolean => ![...text].some((char) => unprintable(char.codePointAt(0)!));

const article = (role: string) => (/^[aeiou]/.test(role) ? 'an' : 'a');

const issueKey = (command: IssueKey, state: KeyState, context: KeyContext): Decision<KeyEvent> => {
  const { keyId, role, expiresAt } = command.data;
  if (state.issued) return refuse('KEY_EXISTS', `Key ${keyId} was issued already.`, { keyId });
  if (!isRole(role))
    return refuse('UNKNOWN_ROLE', `The role must be one of ${ROLES.join(', ')}; "${role}" is not.`, { role });
  const name = command.data.name.trim();
  if (!name) return refuse('KEY_NAME_REQUIRED', 'A key needs a name saying whose it is.');
  if (name.length > NAME_MAX || !printable(name))
    return refuse(
      'INVALID_KEY_NAME',
      `A key's name is one line of at most ${NAME_MAX} printable characters.`,
    );
  const unitId = command.data.unitId?.trim() || null;
  if (role === 'unit-leader' && !unitId)
    return refuse('UNIT_REQUIRED', 'A unit-leader key is bound to one unit: name it.');
  if (role !== 'unit-leader' && unitId)
    return refuse(
      'UNIT_NOT_ALLOWED',
      `Only a unit-leader key is bound to a unit; ${article(role)} ${role} key is not.`,
      {
        unitId,
      },
    );
  if (unitId && !context.unitRegistered)
    return refuse(
      'UNKNOWN_UNIT',
      `There is no unit "${unitId}"; register it before issuing its leader a key.`,
      {
        unitId,
      },
    );
  const { replaces } = command.data;
  if (replaces && !context.replaced?.issued)
    return refuse('UNKNOWN_KEY', `There is no key ${replaces} to replace.`, { keyId: replaces });
  if (replaces && context.replaced?.replacedBy !== keyId)
    return refuse(
      'KEY_REVOKED',
      `Key ${replaces} was not rotated into ${keyId}; rotate it (again) instead.`,
      {
        keyId: replaces,
      },
    );
  if (expiresAt !== null && (!ISO_INSTANT.test(expiresAt) || Number.isNaN(Date.parse(expiresAt))))
    return refuse('INVALID_EXPIRY', `"${expiresAt}" is not an ISO 8601 instant in UTC.`, { expiresAt });
  return [
    {
      type: 'KeyIssued',
      data: { keyId, name, role, unitId, expiresAt, replaces: replaces ?? null },
    },
  ];
};

/**
 * Revoking a revoked key changes nothing: whoever asks twice gets what they asked for. A
 * rotation (`replacedBy`) of a revoked key is refused: it would hand out a key nobody may have.
 */
const revokeKey = (command: RevokeKey, state: KeyState): Decision<KeyEvent> => {
  const { keyId, reason, replacedBy } = command.data;
  if (!state.issued) return refuse('UNKNOWN_KEY', `There is no key ${keyId}.`, { keyId });
  if (state.revoked && replacedBy)
    return refuse(
      'KEY_REVOKED',
      `Key ${keyId} was revoked${state.replacedBy ? ` (rotated into ${state.replacedBy})` : ''}; issue a new key instead of rotating it.`,
      { keyId, replacedBy: state.replacedBy },
    );
  if (state.revoked) return [];
  return (
    requireReason(reason, 'A reason for the revocation') ?? [
      { type: 'KeyRevoked', data: { keyId, reason, replacedBy: command.data.replacedBy ?? null } },
    ]
  );
};

export const decideKey = (command: KeyCommand, state: KeyState, context: KeyContext): Decision<KeyEvent> => {
  switch (command.type) {
    case 'IssueKey':
      return issueKey(command, state, context);
    case 'RevokeKey':
      return revokeKey(command, state);
    default: {
      const unexpected: never = command;
      throw new Error(`The key decider cannot decide ${JSON.stringify(unexpected)}.`);
    }
  }
};

export const keyDecider: Decider<KeyCommand, KeyEvent, KeyState, KeyContext> = {
  initialState: initialKeyState,
  evolve: evolveKey,
  decide: decideKey,
};
