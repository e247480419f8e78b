import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DomainError, refuse, streams } from '@ledger/domain';
import { EventStore, comparePositions } from '@ledger/event-store';
import { CommandExecutor } from '../commands/command-executor';
import { CommandMeta } from '../commands/command-meta';
import {
  Actor,
  ApiKeyStore,
  KEY_ID,
  KEY_SHAPE,
  KeyView,
  NOT_OURS,
  Principal,
  StoredKey,
  Verification,
  hashKey,
  keyViewOf,
  principalOf,
  verificationOf,
} from './key-view';

export * from './key-view';

/** A retry of an issue under the same Idempotency-Key: the key was shown once, the first time. */
export class KeyAlreadyIssuedError extends Error {
  override readonly name = 'KeyAlreadyIssuedError';
  readonly code = 'KEY_ALREADY_ISSUED';

  constructor(readonly keyId: string) {
    super(
      `Key ${keyId} was issued under this Idempotency-Key already, and shown then; nothing was recorded again. If it was lost, rotate it.`,
    );
  }
}

/** What one check of a presented key found; `view` undefined: a row the log never issued. */
interface Checked {
  row: StoredKey;
  view: KeyView | undefined;
  checkedAt: number;
}

/** The id a command mints under an idempotency key: the same on every retry of it. */
const keyIdFor = (meta: CommandMeta, purpose: string): string =>
  meta.idempotencyKey
    ? createHash('sha256')
        .update(`${meta.actor.id}\n${meta.idempotencyKey}\n${purpose}`)
        .digest('hex')
        .slice(0, 12)
    : randomBytes(6).toString('hex');

const LEDGER_ITSELF = { id: 'ledger', role: 'system', name: 'the ledger' };

/**
 * Issues, lists, revokes and checks API keys. Issues and revocations are events in the log
 * (streams `key-{keyId}`, decided like any command); the store beside the log keeps each key's
 * hash, so the key itself is shown once, to whoever created it, and kept nowhere. A key opens
 * something only while its stream says it is active; a check is remembered for at most
 * `recheckMs` (expiry is looked at on every request), so a revocation made by any process is
 * honoured by every other within that time.
 */
export class ApiKeys {
  private readonly checked = new Map<string, Checked>();
  /** Checks under way, shared by the requests that arrive meanwhile with the same key. */
  private readonly checking = new Map<string, Promise<Checked | undefined>>();
  private readonly names = new Map<string, string | undefined>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly events: EventStore,
    private readonly executor: CommandExecutor,
    private readonly options: { recheckMs?: number; now?: () => number } = {},
  ) {}

  /** How long a check is remembered: a revocation made elsewhere is honoured here by then. */
  get recheckMs(): number {
    return this.options.recheckMs ?? 500;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private async viewOf(keyId: string): Promise<KeyView | undefined> {
    return keyViewOf(keyId, await this.events.readStream(streams.key(keyId)), this.now());
  }

  /** Issues a key on `meta`'s authority; a retry under the same idempotency key records nothing. */
  async create(
    options: {
      role: string;
      name: string;
      unitId?: string | null;
      expiresAt?: string | null;
      replaces?: string;
      keyId?: string;
    },
    meta: CommandMeta,
  ): Promise<{ key: string; principal: Principal; view: KeyView }> {
    const keyId = options.keyId ?? keyIdFor(meta, 'issue');
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
      meta,
    );
    if (await this.store.findById(keyId)) throw new KeyAlreadyIssuedError(keyId);
    // The hash is stored once the issue is on the record: a key the log does not know opens nothing.
    const key = `al_${keyId}_${randomBytes(24).toString('base64url')}`;
    const view = (await this.viewOf(keyId))!;
    await this.store.insert({ ...principalOf(view), hash: hashKey(key), createdAt: view.issuedAt });
    return { key, principal: principalOf(view), view };
  }

  /** Revokes a key at once, for every process within `recheckMs`; revoking it again changes nothing. */
  async revoke(keyId: string, reason: string, meta: CommandMeta): Promise<KeyView> {
    await this.recordIfUnlogged(keyId);
    await this.executor.execute({ type: 'RevokeKey', data: { keyId, reason } }, meta);
    this.forget(keyId);
    return this.view(keyId);
  }

  /**
   * Two commands: the old key is revoked naming its successor (refused if it was revoked
   * already, so of two rotations, or a rotation and a revocation, only the first wins), then
   * the successor is issued for the same holder, role and unit, with the old key's expiry
   * unless another is given. A crash between leaves the old key revoked and no successor:
   * issue one anew.
   */
  async rotate(
    keyId: string,
    options: { expiresAt?: string | null },
    meta: CommandMeta,
  ): Promise<{ key: string; principal: Principal; replaced: KeyView }> {
    const old = await this.view(keyId);
    const expiresAt = options.expiresAt === undefined ? old.expiresAt : options.expiresAt;
    if (expiresAt !== null && Date.parse(expiresAt) <= this.now())
      throw refuse(
        'INVALID_EXPIRY',
        `Key ${keyId} expired at ${expiresAt}; give its successor an expiry in the future.`,
        { expiresAt },
      );
    const successor = keyIdFor(meta, `rotate ${keyId}`);
    await this.executor.execute(
      {
        type: 'RevokeKey',
        data: { keyId, reason: `rotated: replaced by ${successor}`, replacedBy: successor },
      },
      meta,
    );
    this.forget(keyId);
    const issued = await this.create(
      { role: old.role, name: old.name, unitId: old.unitId, expiresAt, replaces: keyId, keyId: successor },
      meta,
    );
    return { key: issued.key, principal: issued.principal, replaced: await this.view(keyId) };
  }

  private forget(keyId: string): void {
    for (const [hash, checked] of this.checked) if (checked.row.keyId === keyId) this.checked.delete(hash);
  }

  /** One key as the log tells it. */
  async view(keyId: string): Promise<KeyView> {
    const view = KEY_ID.test(keyId) ? await this.viewOf(keyId) : undefined;
    if (!view)
      throw refuse('UNKNOWN_KEY', `There is no key ${JSON.stringify(keyId.slice(0, 40))}.`, { keyId });
    return view;
  }

  /** Every key the log issued, in the order it issued them, with its status now. */
  async list(): Promise<KeyView[]> {
    const now = this.now();
    const issued = await Promise.all(
      (await this.store.all()).map(async ({ keyId }) => {
        const events = await this.events.readStream(streams.key(keyId));
        return { view: keyViewOf(keyId, events, now), position: events[0]?.position ?? '' };
      }),
    );
    return issued
      .filter((key): key is { view: KeyView; position: string } => key.view !== undefined)
      .sort((a, b) => comparePositions(a.position, b.position))
      .map((key) => key.view);
  }

  /** What a presented key opens now. */
  async verify(key: string): Promise<Verification> {
    if (!KEY_SHAPE.test(key)) return NOT_OURS;
    const hash = hashKey(key);
    const known = this.checked.get(hash);
    const fresh = known && this.now() - known.checkedAt < this.recheckMs ? known : await this.check(hash);
    return fresh?.view ? verificationOf(fresh.view, this.now()) : NOT_OURS;
  }

  private check(hash: string): Promise<Checked | undefined> {
    let pending = this.checking.get(hash);
    if (!pending) {
      pending = (async () => {
        const row = this.checked.get(hash)?.row ?? (await this.store.findByHash(hash));
        if (!row) return undefined;
        const checked = { row, view: await this.viewOf(row.keyId), checkedAt: this.now() };
        // A few hundred keys at most; a flood of distinct valid keys only costs lookups.
        if (this.checked.size >= 1000) this.checked.clear();
        this.checked.set(hash, checked);
        return checked;
      })().finally(() => this.checking.delete(hash));
      this.checking.set(hash, pending);
    }
    return pending;
  }

  count(): Promise<number> {
    return this.store.count();
  }

  /** A key holder's name, for events recorded before names were (a key's name never changes). */
  async nameOf(keyId: string): Promise<string | undefined> {
    if (!this.names.has(keyId))
      this.names.set(keyId, KEY_ID.test(keyId) ? (await this.viewOf(keyId))?.name : undefined);
    return this.names.get(keyId);
  }

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
   * Keys issued before issues were events have only their row, and open nothing until their
   * issue is on the record: the ledger records it, decided like any issue (a row with a role
   * that does not exist, or a unit-leader key of an unregistered unit, is refused and stays
   * shut). Answers the keys it recorded and those it refused.
   */
  async recordUnlogged(): Promise<{ recorded: string[]; refused: { keyId: string; reason: string }[] }> {
    const recorded: string[] = [];
    const refused: { keyId: string; reason: string }[] = [];
    for (const row of await this.store.all()) {
      try {
        if (await this.recordIfUnlogged(row.keyId, row)) recorded.push(row.keyId);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refused.push({ keyId: row.keyId, reason: error.message });
      }
    }
    return { recorded, refused };
  }

  private async recordIfUnlogged(keyId: string, known?: StoredKey): Promise<boolean> {
    if ((await this.events.readStream(streams.key(keyId))).length > 0) return false;
    const row = known ?? (await this.store.findById(keyId));
    if (!row) return false;
    const { name, role, unitId, createdAt } = row;
    try {
      await this.executor.execute(
        { type: 'IssueKey', data: { keyId, name, role, unitId, expiresAt: null } },
        {
          actor: LEDGER_ITSELF,
          correlationId: randomUUID(),
          reason: `issued ${createdAt}, before key issues were recorded in the log`,
        },
      );
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'KEY_EXISTS') return false; // another process recorded it
      throw error;
    }
  }
}
