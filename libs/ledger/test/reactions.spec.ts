import { SqliteEventStore } from '@ledger/event-store';
import { ProjectionRunner, SqliteReadModels, allProjections, storeReader } from '@ledger/projections';
import {
  CommandExecutor,
  CommandMeta,
  ReactionFailure,
  ReactionRunner,
  ReadModelDirectory,
} from '@ledger/ledger';

const meta: CommandMeta = { actor: { id: 'sup-1', role: 'supervisor' }, correlationId: 'req-1' };

const eventually = async (check: () => Promise<boolean>, what: string, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('reactions on the log', () => {
  let events: SqliteEventStore;
  let readModels: SqliteReadModels;
  let projections: ProjectionRunner;
  let reactions: ReactionRunner;
  let executor: CommandExecutor;
  const failures: ReactionFailure[] = [];
  const run = (command: Parameters<CommandExecutor['execute']>[0]) => executor.execute(command, meta);
  const types = async (stream: string) => (await events.readStream(stream)).map((e) => e.type);

  beforeEach(async () => {
    events = SqliteEventStore.open(':memory:', { pollIntervalMs: 20 });
    readModels = new SqliteReadModels(events.db);
    const directory = new ReadModelDirectory(storeReader(readModels), async () => {
      const head = await events.headPosition();
      if (head !== null) await projections.waitFor(head);
    });
    executor = new CommandExecutor(events, directory);
    projections = new ProjectionRunner(events, readModels, allProjections, { batchSize: 20 });
    reactions = new ReactionRunner(events, readModels, executor, (failure) => failures.push(failure));
    await projections.start();
    await reactions.start();
    await run({ type: 'OpenCycle', data: { year: 2007 } });
    await run({
      type: 'DefineItem',
      data: {
        year: 2007,
        itemId: 'urban',
        title: 'Urban management',
        track: 'X',
        basicRequirement: { panelScoreAtLeast: 80 },
      },
    });
    await run({ type: 'DefineItem', data: { year: 2007, itemId: 'safety', title: 'Safety', track: '1' } });
    for (const unitId of ['sansheng', 'niushikou']) {
      await run({ type: 'RegisterUnit', data: { unitId, name: unitId, kind: 'street' } });
      await run({ type: 'AppointLeader', data: { unitId, leaderId: `leader-${unitId}`, name: unitId } });
    }
  });

  afterEach(async () => {
    await reactions.stop();
    await projections.stop();
    await events.close();
  });

  it('opens a case for an unmet X ruling, and a resignation rung removes the leader', async () => {
    await run({
      type: 'RuleBasicRequirement',
      data: {
        year: 2007,
        unitId: 'sansheng',
        rulingId: 'r1',
        itemId: 'urban',
        met: false,
        basis: 'streets dirty',
      },
    });
    await eventually(async () => (await types('case-2007-sansheng-urban-1')).length === 1, 'the case');
    const [opened] = await events.readStream('case-2007-sansheng-urban-1');
    expect(opened).toMatchObject({
      type: 'CaseOpened',
      data: { leaderId: 'leader-sansheng', rulingId: 'r1' },
      metadata: { actor: { role: 'system' }, causationId: 'r1' },
    });
    await run({
      type: 'ImposeSanction',
      data: {
        caseId: '2007-sansheng-urban-1',
        sanctionId: 's1',
        sanction: 'ordered-resignation',
        reason: 'second failure',
      },
    });
    await eventually(async () => (await types('unit-sansheng')).includes('LeaderDeparted'), 'the departure');
    const departed = (await events.readStream('unit-sansheng')).find((e) => e.type === 'LeaderDeparted');
    expect(departed).toMatchObject({
      data: { leaderId: 'leader-sansheng', caseId: '2007-sansheng-urban-1' },
      metadata: { causationId: 's1' },
    });
  });

  it('reverses an entry when its dispute is overturned, and changes nothing when upheld', async () => {
    await run({
      type: 'AwardPoints',
      data: { year: 2007, unitId: 'sansheng', entryId: 'e1', itemId: 'safety', points: 2, reason: 'ok' },
    });
    await run({
      type: 'AwardPoints',
      data: { year: 2007, unitId: 'sansheng', entryId: 'e2', itemId: 'safety', points: 1, reason: 'ok' },
    });
    await run({
      type: 'FileDispute',
      data: { year: 2007, unitId: 'sansheng', eventId: 'e1', grounds: 'not ours' },
    });
    await run({
      type: 'FileDispute',
      data: { year: 2007, unitId: 'sansheng', eventId: 'e2', grounds: 'not ours' },
    });
    await run({
      type: 'ResolveDispute',
      data: { disputeId: 'e1--1', outcome: 'overturned', reason: 'map checked' },
    });
    await run({
      type: 'ResolveDispute',
      data: { disputeId: 'e2--1', outcome: 'upheld', reason: 'it stands' },
    });
    await eventually(
      async () => (await types('scorecard-2007-sansheng')).includes('EntryReversed'),
      'the reversal',
    );
    await projections.waitFor((await events.headPosition())!);
    const reversals = (await events.readStream('scorecard-2007-sansheng')).filter(
      (e) => e.type === 'EntryReversed',
    );
    expect(reversals.map((e) => (e.data as { entryId: string }).entryId)).toEqual(['e1']);
  });

  it('rules on each unit a closed panel scored, opening a case where the result falls short', async () => {
    const members = [
      { memberId: 'm1', name: 'A', category: 'npc-deputy' },
      { memberId: 'm2', name: 'B', category: 'citizen-rep' },
      { memberId: 'm3', name: 'C', category: 'city-supervisor' },
    ];
    await run({ type: 'ConvenePanel', data: { panelId: 'p1', year: 2007, itemId: 'urban', members } });
    for (const [unitId, scores] of [
      ['sansheng', [90, 85, 88]],
      ['niushikou', [70, 72, 75]],
    ] as const) {
      for (const [i, score] of scores.entries())
        await run({
          type: 'SubmitPanelScore',
          data: { panelId: 'p1', memberId: `m${i + 1}`, unitId, score },
        });
    }
    await run({ type: 'ClosePanel', data: { panelId: 'p1' } });
    await eventually(
      async () => (await types('case-2007-niushikou-urban-1')).length === 1,
      'the case from the panel',
    );
    expect(await types('scorecard-2007-sansheng')).toEqual(['BasicRequirementRuled']);
    expect((await events.readStream('scorecard-2007-niushikou'))[0]).toMatchObject({
      id: 'panel-p1-niushikou',
      data: { met: false, panelId: 'p1' },
    });
    expect(await events.readStream('case-2007-sansheng-urban-1')).toEqual([]);
  });

  it('changes nothing when the reactions run again over the whole log', async () => {
    await run({
      type: 'RuleBasicRequirement',
      data: { year: 2007, unitId: 'niushikou', rulingId: 'r9', itemId: 'urban', met: false, basis: 'x' },
    });
    await eventually(async () => (await types('case-2007-niushikou-urban-1')).length === 1, 'the case');
    await reactions.stop();
    const before = await events.headPosition();
    await readModels.write([{ projection: 'reactions', docs: [], checkpoint: '0', version: 1 }]);
    const again = new ReactionRunner(events, readModels, executor);
    await again.start();
    await eventually(async () => again.position === before, 'the second pass');
    await again.stop();
    expect(await events.headPosition()).toBe(before);
    expect(failures).toEqual([]);
  });
});
