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
export type RevokeKey = Message<'RevokeKey', { keyId: string; reason: string; replacedBy?: string | null }>;

export type KeyCommand = IssueKey | RevokeKey;

/**
 * What issuing a key is decided against: whether a unit-leader key's unit is registered, and
 * for a rotation, the key it replaces.
 */
export interface KeyContext {
  unitRegistered: boolean;
  replaced?: { issued: boolean; revoked: boolean };
}
