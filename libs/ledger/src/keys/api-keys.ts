import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { KeyEvent, Role, refuse, streams } from '@ledger/domain';
import { EventStore, StoredEvent, WrongExpectedRevisionError, comparePositions } from '@ledger/event-store';
import { CommandExecutor } from '../commands/command-executor';
import { CommandMeta } from '../commands/command-meta';
import { CONSOLE } from './console-actor';

export { ROLES } from '@ledger/domain';
export type { Role } from '@ledger/domain';

/** Whoever holds a key: its id, name and role, and for a unit leader the one unit it is bound to. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  unitId: string | null;
}

/** A key's row beside the log: its hash (never the key) and, for keys older than key events, who it was for. */
export interface StoredKey extends Principal {
  hash: string;
  createdAt: string;
}

/** Where keys live: only their SHA-256 hashes, never the keys themselves. */
export interface ApiKeyStore {
  insert(key: StoredKey): Promise<void>;
  findByHash(hash: string): Promise<StoredKey | undefined>;
  findById(keyId: string): Promise<StoredKey | undefined>;
  /** Every key ever issued, oldest first (what a backup carries: hashes, never keys). */
  all(): Promise<StoredKey[]>;
  count(): Promise<number>;
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

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
  | { ok: true; principal: Principal }
  | { ok: false; code: 'UNAUTHENTICATED' | 'KEY_REVOKED' | 'KEY_EXPIRED'; message: string };

const KEY_SHAPE = /^al_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/;
const KEY_ID = /^[0-9a-f]{12}$/;
const NOT_OURS: Verification = { ok: false, code: 'UNAUTHENTICATED', message: 'That API key is not valid.' };

/**
 * A key's stream folded into what it is now; undefined for a key the log does not know. Keys
 * older than key events are known by their row until their issue is recorded.
 */
export const keyViewOf = (
  keyId: string,
  events: readonly StoredEvent[],
  now: number,
  row?: StoredKey,
): KeyView | undefined => {
  if (events.length === 0 && !row) return undefined;
  const view: KeyView = {
    keyId,
    name: row?.name ?? '',
    role: row?.role ?? 'analyst',
    unitId: row?.unitId ?? null,
    status: 'active',
    issuedAt: row?.createdAt ?? '',
    issuedBy: null,
    expiresAt: null,
    replaces: null,
    revokedAt: null,
    revokedBy: null,
    revocationReason: null,
    replacedBy: null,
  };
  for (const stored of events) {
    const event = stored as unknown as KeyEvent;
    if (event.type === 'KeyIssued') {
      const { name, role, unitId, expiresAt, replaces } = event.data;
      Object.assign(view, { name, role, unitId, expiresAt, replaces });
      view.issuedAt = stored.recordedAt;
      view.issuedBy = stored.metadata.actor;
    } else if (event.type === 'KeyRevoked') {
      view.revokedAt = stored.recordedAt;
      view.revokedBy = stored.metadata.actor;
      view.revocationReason = event.data.reason;
      view.replacedBy = event.data.replacedBy;
    }
  }
  view.status = view.revokedAt
    ? 'revoked'
    : view.expiresAt && Date.parse(view.expiresAt) <= now
      ? 'expired'
      : 'active';
  return view;
};

const principalOf = (view: KeyView): Principal => ({
  keyId: view.keyId,
  name: view.name,
  role: view.role,
  unitId: view.unitId,
});

const verificationOf = (view: KeyView): Verification => {
  if (view.status === 'revoked')
    return { ok: false, code: 'KEY_REVOKED', message: `That API key was revoked at ${view.revokedAt}.` };
  if (view.status === 'expired')
    return { ok: false, code: 'KEY_EXPIRED', message: `That API key expired at ${view.expiresAt}.` };
  return { ok: true, principal: principalOf(view) };
};

interface Checked {
  verification: Verification;
  row: StoredKey;
  checkedAt: number;
}

const commandMeta = (meta: CommandMeta | undefined): CommandMeta =>
  meta ?? { actor: CONSOLE, correlationId: randomUUID() };

/**
 * Issues, lists, revokes and checks API keys. Issues and revocations are events in the log
 * (streams `key-{keyId}`, decided like any command); the store beside the log keeps each key's
 * hash, so the key itself is shown once, to whoever created it, and kept nowhere. A check is
 * remembered for at most `recheckMs`, so a revocation made by any process is honoured by every
 * other within that time.
 */
export class ApiKeys {
  private readonly checked = new Map<string, Checked>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly events: EventStore,
    private readonly executor: CommandExecutor,
    private readonly options: { recheckMs?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Issues a key; `meta` says who asks (the console's operator when absent). */
  async create(
    options: {
      role: string;
      name: string;
      unitId?: string | null;
      expiresAt?: string | null;
      replaces?: string;
    },
    meta?: CommandMeta,
  ): Promise<{ key: string; principal: Principal; view: KeyView }> {
    const keyId = randomBytes(6).toString('hex');
    const key = `al_${keyId}_${randomBytes(24).toString('base64url')}`;
    await this.executor.execute(
      {
        type: 'IssueKey',
        data: {
          keyId,
          name: options.name,
          role: options.role,
          unitId: options.unitId ?? null,
          expiresAt: options.expiresAt ?? null,
          replaces: options.replaces ?? null,
        },
      },
      commandMeta(meta),
    );
    // The hash is stored after the issue is on the record: a key the log does not know never opens anything.
    const view = keyViewOf(keyId, await this.events.readStream(streams.key(keyId)), this.now())!;
    await this.store.insert({ ...principalOf(view), hash: hashKey(key), createdAt: view.issuedAt });
    return { key, principal: principalOf(view), view };
  }

  /** Revokes a key at once, for every process within `recheckMs`; revoking it again changes nothing. */
  async revoke(keyId: string, reason: string, meta?: CommandMeta, replacedBy?: string): Promise<KeyView> {
    await this.recordIfUnlogged(keyId);
    await this.executor.execute(
      { type: 'RevokeKey', data: { keyId, reason, replacedBy: replacedBy ?? null } },
      commandMeta(meta),
    );
    for (const [hash, checked] of this.checked) if (checked.row.keyId === keyId) this.checked.delete(hash);
    return this.view(keyId);
  }

  /** A new key for the same holder, role and unit; the old one is revoked, naming its successor. */
  async rotate(
    keyId: string,
    options: { expiresAt?: string | null } = {},
    meta?: CommandMeta,
  ): Promise<{ key: string; principal: Principal; replaced: KeyView }> {
    const old = await this.view(keyId);
    const issued = await this.create(
      { role: old.role, name: old.name, unitId: old.unitId, expiresAt: options.expiresAt, replaces: keyId },
      meta,
    );
    const replaced = await this.revoke(
      keyId,
      `rotated: replaced by ${issued.principal.keyId}`,
      meta,
      issued.principal.keyId,
    );
    return { key: issued.key, principal: issued.principal, replaced };
  }

  /** One key as the log tells it. */
  async view(keyId: string): Promise<KeyView> {
    const view = keyViewOf(
      keyId,
      await this.events.readStream(streams.key(keyId)),
      this.now(),
      await this.store.findById(keyId),
    );
    if (!view) throw refuse('UNKNOWN_KEY', `There is no key ${keyId}.`, { keyId });
    return view;
  }

  /** Every key ever issued, oldest first, with its status now. */
  async list(): Promise<KeyView[]> {
    const rows = await this.store.all();
    const now = this.now();
    const keys = await Promise.all(
      rows.map(async (row) => {
        const events = await this.events.readStream(streams.key(row.keyId));
        return { view: keyViewOf(row.keyId, events, now, row)!, issuedAt: events[0]?.position };
      }),
    );
    // In the order the log issued them (keys issued in one millisecond too); keys older than key events first.
    return keys
      .sort((a, b) =>
        a.issuedAt === undefined || b.issuedAt === undefined
          ? Number(b.issuedAt === undefined) - Number(a.issuedAt === undefined)
          : comparePositions(a.issuedAt, b.issuedAt),
      )
      .map((key) => key.view);
  }

  /** What a presented key opens now. */
  async verify(key: string): Promise<Verification> {
    if (!KEY_SHAPE.test(key)) return NOT_OURS;
    const hash = hashKey(key);
    const now = this.now();
    const known = this.checked.get(hash);
    if (known && now - known.checkedAt < (this.options.recheckMs ?? 500)) return known.verification;
    const row = known?.row ?? (await this.store.findByHash(hash));
    if (!row) return NOT_OURS;
    const verification = verificationOf(
      keyViewOf(row.keyId, await this.events.readStream(streams.key(row.keyId)), now, row)!,
    );
    // A few hundred keys at most; a flood of distinct valid keys only costs lookups.
    if (this.checked.size >= 1000) this.checked.clear();
    this.checked.set(hash, { verification, row, checkedAt: now });
    return verification;
  }

  count(): Promise<number> {
    return this.store.count();
  }

  /** A key holder's name, for events recorded before names were (a key's name never changes). */
  async nameOf(keyId: string): Promise<string | undefined> {
    if (!this.names.has(keyId)) {
      const row = KEY_ID.test(keyId) ? await this.store.findById(keyId) : undefined;
      const view = row && keyViewOf(keyId, await this.events.readStream(streams.key(keyId)), this.now(), row);
      this.names.set(keyId, view?.name);
    }
    return this.names.get(keyId);
  }

  private readonly names = new Map<string, string | undefined>();

  /** Rows whose actor has no recorded name get their key's name (who did it, not which key). */
  async withActorNames<T extends { actor: Actor }>(rows: T[]): Promise<T[]> {
    const unnamed = new Set(rows.filter((row) => !row.actor.name).map((row) => row.actor.id));
    if (unnamed.size === 0) return rows;
    const names = new Map<string, string | undefined>();
    for (const id of unnamed) names.set(id, await this.nameOf(id));
    return rows.map((row) => {
      const name = row.actor.name ?? names.get(row.actor.id);
      return name ? { ...row, actor: { ...row.actor, name } } : row;
    });
  }

  /**
   * Keys issued before issues were events have only their row: their issue is put on the
   * record (as the row tells it, by the ledger itself) before anything else is recorded of them.
   */
  async recordUnlogged(): Promise<number> {
    let recorded = 0;
    for (const row of await this.store.all()) if (await this.recordIfUnlogged(row.keyId, row)) recorded++;
    return recorded;
  }

  private async recordIfUnlogged(keyId: string, known?: StoredKey): Promise<boolean> {
    const stream = streams.key(keyId);
    if ((await this.events.readStream(stream)).length > 0) return false;
    const row = known ?? (await this.store.findById(keyId));
    if (!row) return false;
    const { name, role, unitId } = row;
    try {
      await this.events.append(
        stream,
        [
          {
            type: 'KeyIssued',
            data: { keyId, name, role, unitId, expiresAt: null, replaces: null },
            metadata: {
              actor: { id: 'ledger', role: 'system', name: 'the ledger' },
              reason: `issued ${row.createdAt}, before key issues were recorded in the log`,
              correlationId: randomUUID(),
            },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return false; // another process recorded it first
      throw error;
    }
  }
}
