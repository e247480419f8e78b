import { randomUUID } from 'node:crypto';
import { ApiKeys, CommandMeta, Ledger, StoredKey, hashKey } from '@ledger/ledger';
import { memoryLedger } from './support/memory-ledger';

const admin: CommandMeta = {
  actor: { id: 'a1b2c3d4e5f6', role: 'admin', name: 'Zhou Min' },
  correlationId: 'req-1',
};

describe('API keys on the record', () => {
  let ledger: Ledger;
  let now: number;
  let keys: ApiKeys;

  beforeEach(() => {
    ledger = memoryLedger();
    now = Date.parse('2026-11-27T08:00:00Z');
    keys = new ApiKeys(ledger.stores.keys, ledger.stores.events, ledger.executor, {
      now: () => now,
      recheckMs: 500,
    });
  });
  afterEach(() => ledger.stop());

  const logOf = async () => (await ledger.stores.events.readAll({ limit: 100 })).map((e) => e);

  it('records an issue with who issued it, and keeps only the hash beside the log', async () => {
    const { key, principal } = await keys.create({ role: 'auditor', name: 'Chen Jie' }, admin);
    const [issued] = await logOf();
    expect(issued).toMatchObject({
      stream: `key-${principal.keyId}`,
      type: 'KeyIssued',
      data: { keyId: principal.keyId, name: 'Chen Jie', role: 'auditor', unitId: null, expiresAt: null },
      metadata: { actor: { id: 'a1b2c3d4e5f6', role: 'admin', name: 'Zhou Min' } },
    });
    const recorded = JSON.stringify(await logOf());
    expect(recorded).not.toContain(key);
    expect(recorded).not.toContain(hashKey(key));
    expect(await ledger.stores.keys.findById(principal.keyId)).toMatchObject({ hash: hashKey(key) });
    expect(await keys.verify(key)).toEqual({ ok: true, principal, expiresAt: null });
  });

  it('refuses a revoked key once the last check is older than half a second, and at once in the process that revoked it', async () => {
    const { key, principal } = await keys.create({ role: 'supervisor', name: 'Wang' }, admin);
    const elsewhere = new ApiKeys(ledger.stores.keys, ledger.stores.events, ledger.executor, {
      now: () => now,
      recheckMs: 500,
    });
    expect((await elsewhere.verify(key)).ok).toBe(true);
    await keys.revoke(principal.keyId, 'left the office', admin);
    expect(await keys.verify(key)).toMatchObject({ ok: false, code: 'KEY_REVOKED' });
    expect((await elsewhere.verify(key)).ok).toBe(true); // remembered, for at most half a second
    now += 500;
    expect(await elsewhere.verify(key)).toMatchObject({ ok: false, code: 'KEY_REVOKED' });
  });

  it('refuses a key after its expiry', async () => {
    const { key } = await keys.create(
      { role: 'analyst', name: 'Li', expiresAt: new Date(now + 60_000).toISOString() },
      admin,
    );
    expect((await keys.verify(key)).ok).toBe(true);
    now += 60_000;
    expect(await keys.verify(key)).toMatchObject({
      ok: false,
      code: 'KEY_EXPIRED',
      message: 'That API key expired at 2026-11-27T08:01:00.000Z.',
    });
    expect((await keys.list())[0]).toMatchObject({ status: 'expired' });
  });

  it('rotates a key: the same holder, role and unit under a new key; the old one revoked, naming it', async () => {
    const old = await keys.create({ role: 'reviewer', name: 'Zhao' }, admin);
    const rotated = await keys.rotate(old.principal.keyId, {}, admin);
    expect(rotated.principal).toMatchObject({ name: 'Zhao', role: 'reviewer', unitId: null });
    expect(await keys.verify(old.key)).toMatchObject({ ok: false, code: 'KEY_REVOKED' });
    expect((await keys.verify(rotated.key)).ok).toBe(true);
    const [first, second] = await keys.list();
    expect(first).toMatchObject({ status: 'revoked', replacedBy: rotated.principal.keyId });
    expect(second).toMatchObject({ status: 'active', replaces: old.principal.keyId, issuedBy: admin.actor });
    await expect(keys.rotate(old.principal.keyId, {}, admin)).rejects.toMatchObject({ code: 'KEY_REVOKED' });
  });

  it('refuses a unit-leader key for a unit that is not registered, recording nothing', async () => {
    await expect(
      keys.create({ role: 'unit-leader', unitId: 'sansheng', name: 'Li Ming' }, admin),
    ).rejects.toMatchObject({ code: 'UNKNOWN_UNIT' });
    expect(await keys.count()).toBe(0);
    expect(await logOf()).toEqual([]);
  });

  const legacyRow = (keyId: string, key: string, row: Partial<StoredKey> = {}): StoredKey => ({
    keyId,
    name: 'old supervisor',
    role: 'supervisor',
    unitId: null,
    hash: hashKey(key),
    createdAt: '2026-01-01T00:00:00.000Z',
    ...row,
  });

  it('puts the issue of a key older than key events on the record, decided like any issue, once; until then it opens nothing', async () => {
    const legacy = `al_0123456789ab_${'A'.repeat(32)}`;
    await ledger.stores.keys.insert(legacyRow('0123456789ab', legacy));
    expect(await keys.verify(legacy)).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(await keys.recordUnlogged()).toEqual({ recorded: ['0123456789ab'], refused: [] });
    expect(await keys.recordUnlogged()).toEqual({ recorded: [], refused: [] });
    expect(await logOf()).toEqual([
      expect.objectContaining({
        type: 'KeyIssued',
        data: expect.objectContaining({ keyId: '0123456789ab', name: 'old supervisor' }),
        metadata: expect.objectContaining({
          actor: { id: 'ledger', role: 'system', name: 'the ledger' },
          reason: 'issued 2026-01-01T00:00:00.000Z, before key issues were recorded in the log',
        }),
      }),
    ]);
    now += 500;
    expect((await keys.verify(legacy)).ok).toBe(true);
    await keys.revoke('0123456789ab', 'retired', admin);
    expect(await keys.verify(legacy)).toMatchObject({ ok: false, code: 'KEY_REVOKED' });
  });

  it('leaves shut an old row the rules refuse (a role that does not exist, a unit never registered)', async () => {
    const superuser = `al_0000000000aa_${'B'.repeat(32)}`;
    const ghost = `al_0000000000bb_${'C'.repeat(32)}`;
    await ledger.stores.keys.insert(legacyRow('0000000000aa', superuser, { role: 'superuser' as never }));
    await ledger.stores.keys.insert(
      legacyRow('0000000000bb', ghost, { role: 'unit-leader', unitId: 'ghost' }),
    );
    const { recorded, refused } = await keys.recordUnlogged();
    expect(recorded).toEqual([]);
    expect(refused.map((key) => key.keyId)).toEqual(['0000000000aa', '0000000000bb']);
    expect(await logOf()).toEqual([]);
    for (const key of [superuser, ghost]) expect((await keys.verify(key)).ok).toBe(false);
  });

  it('lets only one of two racing rotations win; the other is refused and hands out nothing', async () => {
    const { key, principal } = await keys.create({ role: 'supervisor', name: 'Wang' }, admin);
    const other = new ApiKeys(ledger.stores.keys, ledger.stores.events, ledger.executor);
    const results = await Promise.allSettled([
      keys.rotate(principal.keyId, {}, admin),
      other.rotate(principal.keyId, {}, { ...admin, correlationId: 'req-2' }),
    ]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((result) => (result as PromiseRejectedResult).reason.code)).toEqual(['KEY_REVOKED']);
    const list = await keys.list();
    expect(list.filter((view) => view.status === 'active')).toHaveLength(1);
    expect(list.filter((view) => view.replaces === principal.keyId)).toHaveLength(1);
    expect((await keys.verify(key)).ok).toBe(false);
  });

  it('hands out no successor when a revocation beats a rotation', async () => {
    const { principal } = await keys.create({ role: 'supervisor', name: 'Wang' }, admin);
    await keys.revoke(principal.keyId, 'left the office', admin);
    await expect(keys.rotate(principal.keyId, {}, admin)).rejects.toMatchObject({ code: 'KEY_REVOKED' });
    expect((await keys.list()).map((view) => view.status)).toEqual(['revoked']);
  });

  it('keeps the expiry through a rotation, and refuses to rotate an expired key without a new one', async () => {
    const expiresAt = new Date(now + 3_600_000).toISOString();
    const { principal } = await keys.create({ role: 'analyst', name: 'Li', expiresAt }, admin);
    const rotated = await keys.rotate(principal.keyId, {}, admin);
    expect((await keys.view(rotated.principal.keyId)).expiresAt).toBe(expiresAt);
    now += 3_600_000;
    await expect(keys.rotate(rotated.principal.keyId, {}, admin)).rejects.toMatchObject({
      code: 'INVALID_EXPIRY',
    });
    const renewed = await keys.rotate(
      rotated.principal.keyId,
      { expiresAt: new Date(now + 60_000).toISOString() },
      admin,
    );
    expect((await keys.verify(renewed.key)).ok).toBe(true);
  });

  it('records an issue once under one idempotency key: the retry is refused, the key was shown the first time', async () => {
    const once = { ...admin, idempotencyKey: 'issue-analyst-1' };
    const first = await keys.create({ role: 'analyst', name: 'Chen' }, once);
    await expect(keys.create({ role: 'analyst', name: 'Chen' }, once)).rejects.toMatchObject({
      code: 'KEY_ALREADY_ISSUED',
      keyId: first.principal.keyId,
    });
    await expect(keys.create({ role: 'supervisor', name: 'Chen' }, once)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(await keys.count()).toBe(1);
    expect((await logOf()).filter((event) => event.type === 'KeyIssued')).toHaveLength(1);
  });

  it('refuses an expired key from its expiry on, whatever it remembers', async () => {
    const { key } = await keys.create(
      { role: 'analyst', name: 'Li', expiresAt: new Date(now + 100).toISOString() },
      admin,
    );
    // Said with the holder, so that what keeps a connection open can end it at the expiry.
    expect(await keys.verify(key)).toMatchObject({ ok: true, expiresAt: new Date(now + 100).toISOString() });
    now += 100;
    expect(await keys.verify(key)).toMatchObject({ ok: false, code: 'KEY_EXPIRED' });
  });

  it('reads a key once for the requests that ask at the same moment', async () => {
    const { key } = await keys.create({ role: 'analyst', name: 'Li' }, admin);
    now += 500;
    const reads = jest.spyOn(ledger.stores.events, 'readStream');
    const answers = await Promise.all(Array.from({ length: 50 }, () => keys.verify(key)));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('names the actors of rows recorded before names were, from their keys', async () => {
    const { principal } = await keys.create({ role: 'supervisor', name: 'Wang Fang' }, admin);
    const rows = [
      { actor: { id: principal.keyId, role: 'supervisor' } },
      { actor: { id: 'demo-reviewer', role: 'reviewer' } },
      { actor: { id: principal.keyId, role: 'supervisor', name: 'as recorded' } },
    ];
    expect((await keys.withActorNames(rows)).map((row) => row.actor.name)).toEqual([
      'Wang Fang',
      undefined,
      'as recorded',
    ]);
  });

  it('answers an unknown key id with UNKNOWN_KEY', async () => {
    await expect(keys.revoke(randomUUID().slice(0, 12), 'x', admin)).rejects.toMatchObject({
      code: 'UNKNOWN_KEY',
    });
  });
});
