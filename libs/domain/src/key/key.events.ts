import { Message } from '../shared/decider';
import { Role } from './roles';

/**
 * An API key was issued: who it is for and what it may do, never the key itself (the store
 * keeps only the key's hash, beside the log). `replaces` names the key it rotated out.
 */
export type KeyIssued = Message<
  'KeyIssued',
  {
    keyId: string;
    name: string;
    role: Role;
    unitId: string | null;
    /** ISO 8601 instant after which the key opens nothing; null: until revoked. */
    expiresAt: string | null;
    replaces: string | null;
  }
>;

/** A key was withdrawn: refused from now on, everywhere. `replacedBy` names the key that rotated it out. */
export type KeyRevoked = Message<'KeyRevoked', { keyId: string; reason: string; replacedBy: string | null }>;

export type KeyEvent = KeyIssued | KeyRevoked;
