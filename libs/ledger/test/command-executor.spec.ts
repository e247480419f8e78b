import { DEFAULT_POLICY, DomainError } from '@ledger/domain';
import { SqliteEventStore, WrongExpectedRevisionError } from '@ledger/event-store';
import {
  ProjectionRunner,
  SqliteReadModels,
  allProjections,
  scoreboard,
  storeReader,
} from '@ledger/projections';
import { CommandExecutor, CommandMeta, IdempotencyKeyReusedError, ReadModelDirectory } from '@ledger/ledger';

const meta: CommandMeta = { actor: { id: 'sup-1', role: 'supervisor' }, correlationId: 'req-1' };

describe('command executor', () => {
  let events: SqliteEventStore;
  let runner: ProjectionRunner;
  let executor: CommandExecutor;
  const atHead = async () => {
    const head = await events.headPosition();
    if (head !== null) await runner.waitFor(head);
  };

  beforeEach(async () => {
    events = SqliteEventStore.open(':memory:');
    const readModels = new SqliteReadModels(events.db);
    runner = new ProjectionRunner(events, readModels, allProjections, { batchSize: 50 });
    await runner.start();
    executor = new CommandExecutor(events, new ReadModelDirectory(storeReader(readModels), atHead));
    await executor.execute({ type: 'OpenCycle', data: { year: 2007 } }, meta);
    await executor.execute(
      { type: 'DefineItem', data: { year: 2007, itemId: 'safety', title: 'Safety', track: '1' } },
      meta,
    );
    await executor.execute(
      { type: 'DefineItem', data: { year: 2007, itemId: 'services', title: 'Services', track: 'X' } },
      meta,
    );
    await executor.execute(
      { type: 'RegisterUnit', data: { unitId: 'sansheng', name: '三聖街道', kind: 'street' } },
      meta,
    );
    await executor.execute(
      { type: 'AppointLeader', data: { unitId: 'sansheng', leaderId: 'li', name: 'Li' } },
      meta,
    );
  });

  afterEach(async () => {
    await runner.stop();
    await events.close();
  });

  const award = (entryId: string, points = 2, itemId = 'safety') => ({
    type: 'AwardPoints' as const,
    data: { year: 2007, unitId: 'sansheng', entryId, itemId, points, reason: 'inspection passed' },
  });

  it('records an award with the id the command chose, its track, and who did it and why', async () => {
    const result = await executor.execute(award('entry-1'), { ...meta, idempotencyKey: 'k-1' });
    expect(result).toMatchObject({
      stream: 'scorecard-2007-sansheng',
      eventIds: ['entry-1'],
      streamVersion: 0,
    });
    const [stored] = await events.readStream('scorecard-2007-sansheng');
    expect(stored).toMatchObject({
      id: 'entry-1',
      type: 'PointsAwarded',
      position: result.position,
      data: { track: '1', points: 2, regularAwardMax: DEFAULT_POLICY.regularAwardMax },
      metadata: {
        actor: meta.actor,
        reason: 'inspection passed',
        correlationId: 'req-1',
        idempotencyKey: 'k-1',
        causationId: null,
      },
    });
  });

  it('throws the decider’s refusal and records nothing', async () => {
    await expect(executor.execute(award('entry-2', 5), meta)).rejects.toMatchObject({
      code: 'REGULAR_AWARD_OVER_MAX',
    });
    await expect(executor.execute(award('entry-2', 5), meta)).rejects.toBeInstanceOf(DomainError);
    expect(await events.readStream('scorecard-2007-sansheng')).toEqual([]);
  });

  it('refuses a stale expected version (If-Match) and takes the current one', async () => {
    const first = await executor.execute(award('a'), meta);
    await executor.execute(award('b'), meta, first.streamVersion);
    await expect(executor.execute(award('c'), meta, first.streamVersion)).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect((await events.readStream('scorecard-2007-sansheng')).map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('lands 20 concurrent awards on one unit exactly once each, with the right total', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => executor.execute(award(`c${i}`, 10, 'services'), meta)),
    );
    expect(new Set(results.map((r) => r.streamVersion)).size).toBe(20);
    await runner.waitFor(results.map((r) => r.position!).sort((a, b) => Number(a) - Number(b))[19]!);
    const [row] = await scoreboard(storeReader(new SqliteReadModels(events.db)), 2007);
    expect(row).toMatchObject({ unitId: 'sansheng', keyScore: 200, total: 300 });
  });

  it('answers a decision that changes nothing with no events, at the position of the stream as it is', async () => {
    const first = await executor.execute(award('dup'), meta);
    expect(await executor.execute(award('dup'), meta)).toMatchObject({
      eventIds: [],
      streamVersion: 0,
      position: first.position,
    });
  });

  it('knows leaders from the read models when setting a bonus base', async () => {
    await runner.waitFor((await events.headPosition())!);
    await expect(
      executor.execute(
        { type: 'SetLeaderBonusBase', data: { year: 2007, leaderId: 'li', amount: 50000 } },
        meta,
      ),
    ).resolves.toMatchObject({
      eventIds: [expect.any(String)],
    });
    await expect(
      executor.execute(
        { type: 'SetLeaderBonusBase', data: { year: 2007, leaderId: 'nobody', amount: 1 } },
        meta,
      ),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_LEADER',
    });
  });

  it('files a dispute on a score entry and refuses a second one while it is open', async () => {
    await executor.execute(award('disputed'), meta);
    const file = {
      type: 'FileDispute' as const,
      data: { year: 2007, unitId: 'sansheng', eventId: 'disputed', grounds: 'wrong street' },
    };
    expect((await executor.execute(file, meta)).eventIds).toEqual(['disputed--1']);
    await expect(executor.execute(file, meta)).rejects.toMatchObject({ code: 'DISPUTE_OPEN' });
    await expect(
      executor.execute(
        {
          type: 'FileDispute',
          data: { year: 2007, unitId: 'sansheng', eventId: 'nothing', grounds: 'x' },
        },
        meta,
      ),
    ).rejects.toMatchObject({ code: 'NOT_DISPUTABLE' });
  });

  it('answers a retry under the same idempotency key from the log, and refuses the key for another command', async () => {
    const keyed = { ...meta, idempotencyKey: 'retry-1' };
    const first = await executor.execute(award('k1'), keyed);
    expect(await executor.execute(award('k1'), keyed)).toEqual(first);
    // A fresh executor (a restart) finds the first answer in the stream.
    const restarted = new CommandExecutor(
      events,
      new ReadModelDirectory(storeReader(new SqliteReadModels(events.db)), atHead),
    );
    expect(await restarted.execute(award('k1'), keyed)).toEqual(first);
    await expect(executor.execute(award('k1', 1), keyed)).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    // Another actor's key of the same name is another key.
    const other = await executor.execute(award('k2'), {
      ...keyed,
      actor: { id: 'sup-2', role: 'supervisor' },
    });
    expect(other.eventIds).toEqual(['k2']);
    expect((await events.readStream('scorecard-2007-sansheng')).map((e) => e.id)).toEqual(['k1', 'k2']);
  });

  it('decides on events another writer appended since it last read the stream', async () => {
    await executor.execute(award('mine', 2, 'services'), meta);
    // Another process deducts straight into the store, past this executor's folded copy.
    await events.append(
      'scorecard-2007-sansheng',
      [
        {
          id: 'theirs',
          type: 'PointsDeducted',
          data: {
            year: 2007,
            unitId: 'sansheng',
            entryId: 'theirs',
            itemId: 'services',
            track: 'X',
            points: 2,
            reason: 'other process',
            evidence: null,
          },
          metadata: { actor: { id: 'sup-9', role: 'supervisor' }, reason: 'other process' },
        },
      ],
      { expectedRevision: 0 },
    );
    const next = await executor.execute(award('after', 2, 'services'), meta);
    expect(next.streamVersion).toBe(2);
    // The entry the other writer recorded is known: reversing it is decided, not refused as unknown.
    await expect(
      executor.execute(
        {
          type: 'ReverseEntry',
          data: { year: 2007, unitId: 'sansheng', entryId: 'theirs', disputeId: 'd9', reason: 'overturned' },
        },
        meta,
      ),
    ).resolves.toMatchObject({ streamVersion: 3 });
  });

  describe('with another process writing the same streams (each decides first on what it knows, with no read)', () => {
    let other: CommandExecutor;
    beforeEach(() => {
      other = new CommandExecutor(
        events,
        new ReadModelDirectory(storeReader(new SqliteReadModels(events.db)), atHead),
      );
    });

    it('takes the version the other process made as If-Match, and refuses an older one', async () => {
      await executor.execute(award('a1'), meta);
      const theirs = await other.execute(award('b1'), meta);
      const mine = await executor.execute(award('a2'), meta, theirs.streamVersion);
      expect(mine.streamVersion).toBe(theirs.streamVersion + 1);
      await expect(executor.execute(award('a3'), meta, theirs.streamVersion)).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
    });

    it('answers a key the other process recorded from the log, recording nothing twice', async () => {
      await executor.execute(award('a1'), meta);
      const keyed = { ...meta, idempotencyKey: 'shared-key' };
      const first = await other.execute(award('b1'), keyed);
      expect(await executor.execute(award('b1'), keyed)).toEqual(first);
      expect((await events.readStream('scorecard-2007-sansheng')).map((e) => e.id)).toEqual(['a1', 'b1']);
    });

    it('refuses an award once the other process closed the cycle it knew open', async () => {
      await executor.execute(award('a1'), meta);
      await other.execute({ type: 'CloseCycle', data: { year: 2007, reason: 'year end' } }, meta);
      await expect(executor.execute(award('a2'), meta)).rejects.toMatchObject({ code: 'CYCLE_CLOSED' });
      expect((await events.readStream('scorecard-2007-sansheng')).map((e) => e.id)).toEqual(['a1']);
    });

    it('decides again, on the store, what it refused on a stale view', async () => {
      // This process knows the item as regular (at most 2 points); the other moves it to the key track.
      await executor.execute(award('a1'), meta);
      await other.execute(
        {
          type: 'ChangeItemTrack',
          data: { year: 2007, itemId: 'safety', track: 'X', reason: 'key item now' },
        },
        meta,
      );
      await expect(executor.execute(award('a2', 10), meta)).resolves.toMatchObject({ streamVersion: 1 });
    });
  });
});
