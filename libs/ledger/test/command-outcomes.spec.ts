import { SqliteEventStore } from '@ledger/event-store';
import { SqliteReadModels, storeReader } from '@ledger/projections';
import { CommandExecutor, CommandMeta, ReadModelDirectory } from '@ledger/ledger';

const meta: CommandMeta = { actor: { id: 'sup-1', role: 'supervisor' }, correlationId: 'req-1' };

describe('command executor: outcomes told to listeners', () => {
  let events: SqliteEventStore;
  let executor: CommandExecutor;
  let heard: { type: string; outcome: string; seconds: number }[];

  beforeEach(() => {
    events = SqliteEventStore.open(':memory:');
    const reader = storeReader(new SqliteReadModels(events.db));
    executor = new CommandExecutor(events, new ReadModelDirectory(reader, async () => undefined));
    heard = [];
    executor.outcomes.add((outcome) => heard.push(outcome));
  });

  afterEach(() => events.close());

  it('tells each command by type: recorded, refused by a rule, or in conflict with the version the client expected', async () => {
    await executor.execute({ type: 'OpenCycle', data: { year: 2007 } }, meta);
    await expect(executor.execute({ type: 'OpenCycle', data: { year: 2007 } }, meta)).rejects.toThrow();
    await expect(
      executor.execute({ type: 'CloseCycle', data: { year: 2007, reason: 'done' } }, meta, 5),
    ).rejects.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard.map(({ type, outcome }) => [type, outcome])).toEqual([
      ['OpenCycle', 'recorded'],
      ['OpenCycle', 'refused'],
      ['CloseCycle', 'conflict'],
    ]);
    for (const { seconds } of heard) {
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThan(5);
    }
  });
});
