import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AppraisalCommand, caseIdFor, cycleDecider, disputeIdFor, streams } from '@ledger/domain';
import { EventStore, PostgresEventStore, SqliteEventStore, comparePositions } from '@ledger/event-store';
import { SqliteReadModels, storeReader } from '@ledger/projections';
import { CommandExecutor, CommandMeta, REACTIONS, ReactionRunner, ReadModelDirectory } from '@ledger/ledger';
import { describeWithPostgres, dropSchemas, freshSchemaName, testPostgresUrl } from '../support/postgres';

/**
 * Rules that span streams, or that racers could break, under real concurrency: ten racers,
 * each with its own connection, executor and cache (as ten processes would have), send the
 * same kind of command at once. Exactly one wins; the others get the rule's code.
 */
const RACERS = 10;
const meta: CommandMeta = { actor: { id: 'racer', role: 'supervisor' }, correlationId: 'race' };

interface StoreFactory {
  name: string;
  describe: (name: string, body: () => void) => void;
  /** A new, empty store; `connect` opens another connection to it, as another process would. */
  create(): Promise<{ connect(): Promise<EventStore>; dispose(): Promise<void> }>;
}

const SQLITE: StoreFactory = {
  name: 'SQLite',
  describe,
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-race-'));
    return {
      connect: async () => SqliteEventStore.open(join(dir, 'ledger.db'), { pollIntervalMs: 20 }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

const POSTGRES: StoreFactory = {
  name: 'PostgreSQL',
  describe: describeWithPostgres,
  create: async () => {
    const schema = freshSchemaName('ledger_race');
    return {
      connect: () =>
        PostgresEventStore.connect({
          connectionString: testPostgresUrl()!,
          schema,
          poolSize: 3,
          pollIntervalMs: 50,
        }),
      dispose: () => dropSchemas([schema]),
    };
  },
};

const executorOn = (events: EventStore) =>
  new CommandExecutor(
    events,
    new ReadModelDirectory(
      storeReader(new SqliteReadModels(new Database(':memory:'))),
      async () => undefined,
    ),
  );

const leader = (unitId: string): AppraisalCommand[] => [
  { type: 'RegisterUnit', data: { unitId, name: unitId, kind: 'street' } },
  { type: 'AppointLeader', data: { unitId, leaderId: `leader-${unitId}`, name: unitId } },
];

const SET_UP: AppraisalCommand[] = [
  { type: 'OpenCycle', data: { year: 2007 } },
  { type: 'DefineItem', data: { year: 2007, itemId: 'safety', title: 'Safety', track: '1' } },
  { type: 'DefineItem', data: { year: 2007, itemId: 'services', title: 'Services', track: 'X' } },
  ...leader('sansheng'),
  {
    type: 'AwardPoints',
    data: { year: 2007, unitId: 'sansheng', entryId: 'e1', itemId: 'safety', points: 2, reason: 'done' },
  },
];

/** What racers send, after what, and the code every loser must get. */
const RULES: {
  rule: string;
  before: AppraisalCommand[];
  racer: (i: number) => AppraisalCommand;
  loses: string;
}[] = [
  {
    rule: 'one open dispute per disputed event',
    before: [],
    racer: (i) => ({
      type: 'FileDispute',
      data: { year: 2007, unitId: 'sansheng', eventId: 'e1', grounds: `grounds ${i}` },
    }),
    loses: 'DISPUTE_OPEN',
  },
  {
    rule: 'a dispute is resolved once',
    before: [{ type: 'FileDispute', data: { year: 2007, unitId: 'sansheng', eventId: 'e1', grounds: 'no' } }],
    racer: (i) => ({
      type: 'ResolveDispute',
      data: {
        disputeId: disputeIdFor('e1', 1),
        outcome: i % 2 ? 'upheld' : 'overturned',
        reason: `reviewer ${i}`,
      },
    }),
    loses: 'DISPUTE_RESOLVED',
  },
  {
    rule: 'one principal leader in office',
    before: [{ type: 'RegisterUnit', data: { unitId: 'niushikou', name: 'niushikou', kind: 'street' } }],
    racer: (i) => ({
      type: 'AppointLeader',
      data: { unitId: 'niushikou', leaderId: `l${i}`, name: `L${i}` },
    }),
    loses: 'LEADER_IN_OFFICE',
  },
  {
    rule: 'one sanction per case',
    before: [
      {
        type: 'RuleBasicRequirement',
        data: {
          year: 2007,
          unitId: 'sansheng',
          rulingId: 'r1',
          itemId: 'services',
          met: false,
          basis: 'short',
        },
      },
      {
        type: 'OpenCase',
        data: {
          caseId: caseIdFor(2007, 'sansheng', 'services', 1),
          year: 2007,
          unitId: 'sansheng',
          itemId: 'services',
          leaderId: 'leader-sansheng',
          rulingId: 'r1',
        },
      },
    ],
    racer: (i) => ({
      type: 'ImposeSanction',
      data: {
        caseId: caseIdFor(2007, 'sansheng', 'services', 1),
        sanctionId: `s${i}`,
        sanction: 'written-self-examination',
        reason: `supervisor ${i}`,
      },
    }),
    loses: 'CASE_ALREADY_SANCTIONED',
  },
];

for (const store of [SQLITE, POSTGRES]) {
  store.describe(`races on ${store.name}`, () => {
    let made: Awaited<ReturnType<StoreFactory['create']>>;
    let connections: EventStore[] = [];
    const connect = async () => {
      const events = await made.connect();
      connections.push(events);
      return events;
    };

    beforeEach(async () => {
      made = await store.create();
      const setUp = executorOn(await connect());
      for (const command of SET_UP) await setUp.execute(command, meta);
    });

    afterEach(async () => {
      await Promise.all(connections.map((c) => c.close()));
      connections = [];
      await made.dispose();
    });

    it.each(RULES)(
      '$rule: one of ten racers wins, the others are refused $loses',
      async ({ before, racer, loses }) => {
        const first = executorOn(connections[0]!);
        for (const command of before) await first.execute(command, meta);
        const executors = await Promise.all(
          Array.from({ length: RACERS }, async () => executorOn(await connect())),
        );
        const outcomes = await Promise.allSettled(
          executors.map((executor, i) => executor.execute(racer(i), meta)),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const codes = outcomes.flatMap((o) =>
          o.status === 'rejected' ? [(o.reason as { code?: string }).code] : [],
        );
        expect(won).toHaveLength(1);
        expect(codes).toEqual(Array(RACERS - 1).fill(loses));
      },
    );

    it('no award lands after the close it raced: nine awards and the close at once, each on its own connection', async () => {
      const executors = await Promise.all(
        Array.from({ length: RACERS }, async () => executorOn(await connect())),
      );
      // Each racer has read the cycle (open) before any of them writes.
      for (const executor of executors) await executor.facts.fold(cycleDecider, streams.cycle(2007));
      const outcomes = await Promise.allSettled(
        executors.map((executor, i) =>
          executor.execute(
            i === RACERS / 2
              ? { type: 'CloseCycle', data: { year: 2007, reason: 'year end' } }
              : {
                  type: 'AwardPoints',
                  data: {
                    year: 2007,
                    unitId: 'sansheng',
                    entryId: `late-${i}`,
                    itemId: 'safety',
                    points: 1,
                    reason: 'done',
                  },
                },
            meta,
          ),
        ),
      );
      const log = await connections[0]!.readAll();
      const closedAt = log.find((e) => e.type === 'CycleClosed')!.position;
      const late = log.filter(
        (e) => e.type === 'PointsAwarded' && comparePositions(e.position, closedAt) > 0,
      );
      expect(late).toEqual([]);
      const refused = outcomes.flatMap((o) =>
        o.status === 'rejected' ? [(o.reason as { code?: string }).code] : [],
      );
      expect(refused.every((code) => code === 'CYCLE_CLOSED')).toBe(true);
    });

    it('one open case per (cycle, unit, item): ten unmet rulings, each first reacted to by its own runner, open one case', async () => {
      const first = executorOn(connections[0]!);
      const rulingPositions: string[] = [];
      for (let i = 0; i < RACERS; i++) {
        const ruled = await first.execute(
          {
            type: 'RuleBasicRequirement',
            data: {
              year: 2007,
              unitId: 'sansheng',
              rulingId: `r${i}`,
              itemId: 'services',
              met: false,
              basis: 'short',
            },
          },
          meta,
        );
        rulingPositions.push(ruled.position!);
      }
      const before = await connections[0]!.readAll();
      const head = before.at(-1)!.position;
      const failures: string[] = [];
      const runners = await Promise.all(
        rulingPositions.map(async (position) => {
          const events = await connect();
          const readModels = new SqliteReadModels(new Database(':memory:'));
          // Runner i starts right before ruling i, so the ten react to ten different rulings at once.
          const previous = before[before.findIndex((e) => e.position === position) - 1]!.position;
          await readModels.write([{ projection: REACTIONS, docs: [], checkpoint: previous, version: 1 }]);
          return new ReactionRunner(events, readModels, executorOn(events), (failure) =>
            failures.push(failure.code),
          );
        }),
      );
      await Promise.all(runners.map((runner) => runner.start()));
      await Promise.all(runners.map((runner) => runner.waitFor(head, 20_000)));
      await Promise.all(runners.map((runner) => runner.stop()));
      const opened = (await connections[0]!.readAll()).filter((e) => e.type === 'CaseOpened');
      expect(opened.map((e) => e.stream)).toEqual([streams.case(caseIdFor(2007, 'sansheng', 'services', 1))]);
      expect(failures.every((code) => code === 'CASE_EXISTS')).toBe(true);
    });
  });
}
