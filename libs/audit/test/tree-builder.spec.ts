import { EventStore, PostgresEventStore, SqliteEventStore } from '@ledger/event-store';
import {
  PostgresTreeStore,
  SqliteTreeStore,
  TreeBuilder,
  TreeStore,
  consistencyProof,
  eventLeafHash,
  inclusionProof,
  rootOf,
  sameHash,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '@ledger/audit';
import { writeLog } from '../../../test/support/generate-log';
import {
  describeWithPostgres,
  dropSchemas,
  freshSchemaName,
  testPostgresUrl,
} from '../../../test/support/postgres';

interface Harness {
  name: string;
  describe: (name: string, body: () => void) => void;
  create(): Promise<{ events: EventStore; tree: () => Promise<TreeStore>; close(): Promise<void> }>;
}

const SQLITE: Harness = {
  name: 'SQLite',
  describe,
  create: async () => {
    const events = SqliteEventStore.open(':memory:', { pollIntervalMs: 20 });
    return { events, tree: async () => new SqliteTreeStore(events.db), close: () => events.close() };
  },
};

const POSTGRES: Harness = {
  name: 'PostgreSQL',
  describe: describeWithPostgres,
  create: async () => {
    const schema = freshSchemaName('ledger_tree');
    const events = await PostgresEventStore.connect({
      connectionString: testPostgresUrl()!,
      schema,
      pollIntervalMs: 50,
    });
    return {
      events,
      tree: () => PostgresTreeStore.connect(events.pool, schema),
      close: async () => {
        await events.close();
        await dropSchemas([schema]);
      },
    };
  },
};

/** The leaves of the log, computed here from the events alone, as any auditor could. */
const leavesOf = async (events: EventStore) =>
  (await events.readAll()).map((e) => eventLeafHash(e.metadata.hash));

for (const harness of [SQLITE, POSTGRES]) {
  harness.describe(`the log's Merkle tree on ${harness.name}`, () => {
    let made: Awaited<ReturnType<Harness['create']>>;
    const builders: TreeBuilder[] = [];
    const builder = async () => {
      const built = new TreeBuilder(made.events, await made.tree());
      builders.push(built);
      await built.start();
      return built;
    };

    beforeEach(async () => {
      made = await harness.create();
    });

    afterEach(async () => {
      await Promise.all(builders.splice(0).map((b) => b.stop()));
      await made.close();
    });

    it('follows the log: its root is the root of the events’ leaves, and every proof verifies', async () => {
      const built = await builder();
      await writeLog(made.events, { cycles: 1, units: 6, eventsPerUnit: 40 });
      const head = (await made.events.headPosition())!;
      await built.waitFor(head, 20_000);
      const leaves = await leavesOf(made.events);
      const tree = await made.tree();
      expect(built.current.size).toBe(leaves.length);
      const all = await made.events.readAll();
      expect(await tree.leafIndexOf(all[0]!.id)).toBe(0);
      expect(await tree.leafIndexOf(all[100]!.id)).toBe(100);
      expect(await tree.leafIndexOf(all.at(-1)!.id)).toBe(all.length - 1);
      expect(await tree.leafIndexOf('no-such-event')).toBeNull();
      expect(sameHash(built.current.root, rootOf(leaves))).toBe(true);
      expect(sameHash(await treeRoot(leaves.length, tree), rootOf(leaves))).toBe(true);
      for (const index of [0, 1, 7, 100, leaves.length - 1]) {
        const proof = await inclusionProof(index, leaves.length, tree);
        expect(verifyInclusion(leaves[index]!, index, leaves.length, proof, rootOf(leaves))).toBe(true);
      }
      for (const old of [1, 17, 128, leaves.length - 1]) {
        const proof = await consistencyProof(old, leaves.length, tree);
        const oldRoot = await treeRoot(old, tree);
        expect(sameHash(oldRoot, rootOf(leaves.slice(0, old)))).toBe(true);
        expect(verifyConsistency(old, leaves.length, oldRoot, rootOf(leaves), proof)).toBe(true);
      }
    }, 60_000);

    it('resumes where it stopped, and two builders at once write each leaf once', async () => {
      const first = await builder();
      await writeLog(made.events, { cycles: 1, units: 3, eventsPerUnit: 20 });
      await first.waitFor((await made.events.headPosition())!, 20_000);
      await first.stop();
      builders.splice(0);
      for (let i = 0; i < 300; i++) {
        await made.events.append(
          `extra-${i % 7}`,
          [{ type: 'Noted', data: { i }, metadata: { actor: { id: 'test', role: 'admin' } } }],
          { expectedRevision: 'any' },
        );
      }
      const [a, b] = [await builder(), await builder()];
      const head = (await made.events.headPosition())!;
      await Promise.all([a.waitFor(head, 20_000), b.waitFor(head, 20_000)]);
      const leaves = await leavesOf(made.events);
      const tree = await made.tree();
      expect((await tree.state()).size).toBe(leaves.length);
      expect(sameHash(await treeRoot(leaves.length, tree), rootOf(leaves))).toBe(true);
    }, 60_000);
  });
}
