import { Message } from '../shared/decider';

export type IssueKey = Message<
  'IssueKey',
  {
    keyId: string;
    name: string;
    /** Checked by the decider: a role named by anyone, a command-line flag or a request body. */
    role: string;
    unitId: string | null;
    expiresAt: string | null;
    replaces?: string | null;
  }
>;
/** With `replacedBy`, the first half of a rotation: refused when the key was revoked already, so two rotations never both win. */
export type RevokeKey = Message<'RevokeKey', { keyId: string; reason: string; replacedBy?: string | null }>;

export type KeyCommand = IssueKey | RevokeKey;

/**
 * What issuing a key is decided against: whether a unit-leader key's unit is registered, and
 * for a rotation, the key it replaces (revoked first, naming its successor).
 */
export interface KeyContext {
  unitRegistered?: boolean;
  replaced?: { issued: boolean; replacedBy: string | null };
}
