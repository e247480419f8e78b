import { createHash, randomBytes } from 'node:crypto';

export const ROLES = ['admin', 'supervisor', 'reviewer', 'unit-leader', 'auditor', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** Whoever holds a key: its id, name and role, and for a unit leader the one unit it is bound to. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  unitId: string | null;
}

export interface StoredKey extends Principal {
  hash: string;
  createdAt: string;
}

/** Where keys live: only their SHA-256 hashes, never the keys themselves. */
export interface ApiKeyStore {
  insert(key: StoredKey): Promise<void>;
  findByHash(hash: string): Promise<StoredKey | undefined>;
  /** Every key ever issued, oldest first (what a backup carries: hashes, never keys). */
  all(): Promise<StoredKey[]>;
  count(): Promise<number>;
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export class KeyError extends Error {
  override readonly name = 'KeyError';
}

/** Answers whether a unit is registered, so that a unit-leader key is bound only to one that is. */
export type UnitRegistry = (unitId: string) => Promise<boolean>;

/** Issues and checks API keys. A new key is shown once, to whoever created it. */
export class ApiKeys {
  private readonly verified = new Map<string, Principal>();

  constructor(private readonly store: ApiKeyStore) {}

  /** `isRegisteredUnit`, when given, refuses a unit-leader key for a unit that is not registered. */
  async create(
    options: { role: string; name: string; unitId?: string | null },
    isRegisteredUnit?: UnitRegistry,
  ): Promise<{ key: string; principal: Principal }> {
    const role = options.role as Role;
    if (!ROLES.includes(role))
      throw new KeyError(`--role must be one of ${ROLES.join(', ')}; "${options.role}" is not.`);
    const unitId = options.unitId?.trim() || null;
    if (role === 'unit-leader' && !unitId)
      throw new KeyError('A unit-leader key is bound to one unit: give --unit.');
    if (role !== 'unit-leader' && unitId)
      throw new KeyError('Only a unit-leader key is bound to a unit; leave out --unit.');
    const name = options.name.trim();
    if (!name) throw new KeyError('A key needs a --name saying whose it is.');
    if (unitId && isRegisteredUnit && !(await isRegisteredUnit(unitId)))
      throw new KeyError(`There is no unit "${unitId}" in the ledger; register it first (POST /api/units).`);
    const keyId = randomBytes(6).toString('hex');
    const key = `al_${keyId}_${randomBytes(24).toString('base64url')}`;
    const principal: Principal = { keyId, name, role, unitId };
    await this.store.insert({ ...principal, hash: hashKey(key), createdAt: new Date().toISOString() });
    return { key, principal };
  }

  /** The principal of a presented key, or undefined when it is not one of ours. */
  async verify(key: string): Promise<Principal | undefined> {
    if (!/^al_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/.test(key)) return undefined;
    const hash = hashKey(key);
    const known = this.verified.get(hash);
    if (known) return known;
    const stored = await this.store.findByHash(hash);
    if (!stored) return undefined;
    const principal: Principal = {
      keyId: stored.keyId,
      name: stored.name,
      role: stored.role,
      unitId: stored.unitId,
    };
    // Keys are never changed once issued, so a verified one is remembered (a few hundred at most).
    if (this.verified.size >= 500) this.verified.clear();
    this.verified.set(hash, principal);
    return principal;
  }

  count(): Promise<number> {
    return this.store.count();
  }
}
