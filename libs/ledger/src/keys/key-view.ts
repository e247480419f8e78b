import { createHash } from 'node:crypto';
import { KeyEvent, Role } from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';

export { ROLES } from '@ledger/domain';
export type { Role } from '@ledger/domain';

/** Whoever holds a key: its id, name and role, and for a unit leader the one unit it is bound to. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  unitId: string | null;
}

/** A key's row beside the log: the hash of the key (never the key), which maps a presented key to its stream. */
export interface StoredKey extends Principal {
  hash: string;
  createdAt: string;
}

/** Where keys' hashes live, beside the log. */
export interface ApiKeyStore {
  insert(key: StoredKey): Promise<void>;
  findByHash(hash: string): Promise<StoredKey | undefined>;
  findById(keyId: string): Promise<StoredKey | undefined>;
  /** Every key ever issued, oldest first (what a backup carries: hashes, never keys). */
  all(): Promise<StoredKey[]>;
  count(): Promise<number>;
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A key id: 12 hex digits. */
export const KEY_ID = /^[0-9a-f]{12}$/;
export const KEY_SHAPE = /^al_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/;

export type KeyStatus = 'active' | 'expired' | 'revoked';

/** Who acted, as recorded with the event. */
export interface Actor {
  id: string;
  role: string;
  name?: string;
}

/** A key as the log tells it: issued by whom and when, until when, and whether and why it was revoked. */
export interface KeyView extends Principal {
  status: KeyStatus;
  issuedAt: string;
  issuedBy: Actor | null;
  expiresAt: string | null;
  replaces: string | null;
  revokedAt: string | null;
  revokedBy: Actor | null;
  revocationReason: string | null;
  replacedBy: string | null;
}

/** What a presented key opens: its holder, or why not (unknown, revoked, expired). */
export type Verification =
  | { ok: true; principal: Principal; expiresAt: string | null }
  | { ok: false; code: 'UNAUTHENTICATED' | 'KEY_REVOKED' | 'KEY_EXPIRED'; message: string };

export const NOT_OURS: Verification = {
  ok: false,
  code: 'UNAUTHENTICATED',
  message: 'That API key is not valid.',
};

export const statusAt = (view: KeyView, now: number): KeyStatus =>
  view.revokedAt ? 'revoked' : view.expiresAt && Date.parse(view.expiresAt) <= now ? 'expired' : 'active';

/** A key's stream folded into what it is; undefined for a key the log has not issued. */
export const keyViewOf = (
  keyId: string,
  events: readonly StoredEvent[],
  now: number,
): KeyView | undefined => {
  let view: KeyView | undefined;
  for (const stored of events) {
    const event = stored as unknown as KeyEvent;
    if (event.type === 'KeyIssued') {
      const { name, role, unitId, expiresAt, replaces } = event.data;
      view = {
        keyId,
        name,
        role,
        unitId,
        status: 'active',
        issuedAt: stored.recordedAt,
        issuedBy: stored.metadata.actor,
        expiresAt,
        replaces,
        revokedAt: null,
        revokedBy: null,
        revocationReason: null,
        replacedBy: null,
      };
    } else if (event.type === 'KeyRevoked' && view) {
      view.revokedAt = stored.recordedAt;
      view.revokedBy = stored.metadata.actor;
      view.revocationReason = event.data.reason;
      view.replacedBy = event.data.replacedBy;
    }
  }
  if (view) view.status = statusAt(view, now);
  return view;
};

export const principalOf = (view: KeyView): Principal => ({
  keyId: view.keyId,
  name: view.name,
  role: view.role,
  unitId: view.unitId,
});

/** What the key opens at `now`: its holder while it is active, else why not. */
export const verificationOf = (view: KeyView, now: number): Verification => {
  switch (statusAt(view, now)) {
    case 'revoked':
      return { ok: false, code: 'KEY_REVOKED', message: `That API key was revoked at ${view.revokedAt}.` };
    case 'expired':
      return { ok: false, code: 'KEY_EXPIRED', message: `That API key expired at ${view.expiresAt}.` };
    case 'active':
      return { ok: true, principal: principalOf(view), expiresAt: view.expiresAt };
  }
};
