import {
  AppraisalCommand,
  AppraisalEvent,
  CycleCommand,
  CycleEvent,
  DEFAULT_POLICY,
  DomainError,
  Facts,
  PanelCommand,
  PanelEvent,
  ScorecardCommand,
  ScorecardEvent,
  correctionsForDispute,
  cycleDecider,
  panelDecider,
  route,
  scorecardDecider,
} from '@ledger/domain';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  YEAR,
  cycleFrom,
  cycleOpened,
  itemDefined,
  leaderAppointed,
  openCycle2007,
  retailTarget,
  unitFrom,
  unitRegistered,
} from './fixtures';
import { specFor } from './given-when-then';

/**
 * Ids come from commands and events, so any string is one, and the names Object.prototype
 * already has are ids like any other (see shared/in-place.ts): an item, entry, ruling, leader,
 * metric, unit or panel member so named is found only once it was recorded.
 */
const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'] as const;

describe.each(NAMES)('cycle: an id named "%s"', (name) => {
  const given = specFor(cycleDecider);
  const cycle = (type: CycleCommand['type'], data: object) =>
    ({ type, data: { year: YEAR, ...data } }) as CycleCommand;
  const withTarget = { ...retailTarget, metric: name };

  it('defines the item in a cycle that has others, once', () => {
    given([cycleOpened(), itemDefined('safety', '1')])
      .when(cycle('DefineItem', { itemId: name, title: `Item ${name}`, track: '1' }))
      .then([itemDefined(name, '1')]);
    given([cycleOpened(), itemDefined('safety', '1'), itemDefined(name, '1')])
      .when(cycle('DefineItem', { itemId: name, title: `Item ${name}`, track: '1' }))
      .thenRefuses('ITEM_EXISTS');
  });

  it('refuses UNKNOWN_ITEM for the item while it is not defined', () => {
    const cycleWithOthers = given([cycleOpened(), itemDefined('safety', '1', { targets: [withTarget] })]);
    cycleWithOthers
      .when(cycle('ChangeItemTrack', { itemId: name, track: 'X', reason: 'key this year' }))
      .thenRefuses('UNKNOWN_ITEM');
    cycleWithOthers
      .when(cycle('ChangeTargetThreshold', { itemId: name, metric: name, threshold: 15, reason: 'raised' }))
      .thenRefuses('UNKNOWN_ITEM');
    cycleWithOthers
      .when(cycle('WithdrawItem', { itemId: name, reason: 'dropped' }))
      .thenRefuses('UNKNOWN_ITEM');
  });

  it('changes the track of the defined item and the threshold of its target named the same', () => {
    given([cycleOpened(), itemDefined(name, '1', { targets: [withTarget] })])
      .when(cycle('ChangeItemTrack', { itemId: name, track: 'X', reason: 'key this year' }))
      .then([
        {
          type: 'ItemTrackChanged',
          data: { year: YEAR, itemId: name, from: '1', to: 'X', reason: 'key this year' },
        },
      ]);
    given([cycleOpened(), itemDefined(name, '1', { targets: [withTarget] })])
      .when(cycle('ChangeTargetThreshold', { itemId: name, metric: name, threshold: 15, reason: 'raised' }))
      .then([
        {
          type: 'TargetThresholdChanged',
          data: { year: YEAR, itemId: name, metric: name, from: 14, to: 15, reason: 'raised' },
        },
      ]);
    given([cycleOpened(), itemDefined(name, '1', { targets: [retailTarget] })])
      .when(cycle('ChangeTargetThreshold', { itemId: name, metric: name, threshold: 15, reason: 'raised' }))
      .thenRefuses('UNKNOWN_METRIC');
  });

  it('sets a first bonus base for the leader with no previous one, then knows it', () => {
    const set = (amount: number, previous: number | null): CycleEvent => ({
      type: 'LeaderBonusBaseSet',
      data: { year: YEAR, leaderId: name, amount, previous },
    });
    const known = { leaderKnown: true };
    given([cycleOpened()])
      .when(cycle('SetLeaderBonusBase', { leaderId: name, amount: 40000 }), known)
      .then([set(40000, null)]);
    given([cycleOpened(), set(40000, null)])
      .when(cycle('SetLeaderBonusBase', { leaderId: name, amount: 40000 }), known)
      .thenRefuses('NO_CHANGE');
    given([cycleOpened(), set(40000, null)])
      .when(cycle('SetLeaderBonusBase', { leaderId: name, amount: 45000 }), known)
      .then([set(45000, 40000)]);
  });
});

describe.each(NAMES)('scorecard: an id named "%s"', (name) => {
  const given = specFor(scorecardDecider);
  const card = { year: YEAR, unitId: name };
  const unit = unitFrom([unitRegistered(name), leaderAppointed(name, name)]);
  const withItem = {
    cycle: cycleFrom([cycleOpened(), itemDefined(name, 'X', { targets: [retailTarget] })]),
    unit,
  };
  const withoutItem = { cycle: openCycle2007(), unit };
  const score = (type: ScorecardCommand['type'], data: object) =>
    ({ type, data: { ...card, ...data } }) as ScorecardCommand;
  const award = score('AwardPoints', { entryId: name, itemId: name, points: 10, reason: 'done' });
  const awarded: ScorecardEvent = {
    type: 'PointsAwarded',
    data: {
      ...card,
      entryId: name,
      itemId: name,
      track: 'X',
      points: 10,
      reason: 'done',
      evidence: null,
      regularAwardMax: DEFAULT_POLICY.regularAwardMax,
    },
  };
  const rule = score('RuleBasicRequirement', {
    rulingId: name,
    itemId: name,
    met: false,
    basis: 'inspected',
  });
  const ruled: ScorecardEvent = {
    type: 'BasicRequirementRuled',
    data: {
      ...card,
      rulingId: name,
      itemId: name,
      track: 'X',
      met: false,
      basis: 'inspected',
      leaderId: name,
      panelId: null,
    },
  };
  const correction = { disputeId: `${name}-1`, reason: 'overturned' };

  it('awards on the item under an entry id of the same name, once', () => {
    given([]).when(award, withItem).then([awarded]);
    given([awarded]).when(award, withItem).thenNothing();
  });

  it('refuses UNKNOWN_ITEM for an award, a ruling or a metric on the item while it is not defined', () => {
    given([]).when(award, withoutItem).thenRefuses('UNKNOWN_ITEM');
    given([]).when(rule, withoutItem).thenRefuses('UNKNOWN_ITEM');
    given([])
      .when(score('ReportMetric', { itemId: name, metric: retailTarget.metric, value: 15 }), withoutItem)
      .thenRefuses('UNKNOWN_ITEM');
  });

  it('refuses UNKNOWN_METRIC for a metric of that name the item has no target on', () => {
    given([])
      .when(score('ReportMetric', { itemId: name, metric: name, value: 15 }), withItem)
      .thenRefuses('UNKNOWN_METRIC');
  });

  it('rules under a ruling id of the same name, once', () => {
    given([]).when(rule, withItem).then([ruled]);
    given([ruled]).when(rule, withItem).thenNothing();
  });

  it('reverses the entry and sets the ruling aside once recorded, and refuses them before', () => {
    const reverse = score('ReverseEntry', { entryId: name, ...correction });
    const setAside = score('SetAsideRuling', { rulingId: name, ...correction });
    given([]).when(reverse, withItem).thenRefuses('UNKNOWN_ENTRY');
    given([]).when(setAside, withItem).thenRefuses('UNKNOWN_RULING');
    given([awarded])
      .when(reverse, withItem)
      .then([
        {
          type: 'EntryReversed',
          data: {
            ...card,
            entryId: name,
            itemId: name,
            track: 'X',
            kind: 'award',
            points: 10,
            ...correction,
          },
        },
      ]);
    given([ruled])
      .when(setAside, withItem)
      .then([
        {
          type: 'RulingSetAside',
          data: { ...card, rulingId: name, itemId: name, met: false, ...correction },
        },
      ]);
  });
});

describe.each(NAMES)('panel: a unit and a member named "%s"', (name) => {
  const given = specFor(panelDecider);
  const context = { cycle: openCycle2007(), unitKnown: true };
  const panel = { panelId: 'p1', year: YEAR, itemId: 'urban-management' };
  const members = [name, 'm2', 'm3'].map((memberId) => ({
    memberId,
    name: memberId,
    category: 'npc-deputy' as const,
  }));
  const convened: PanelEvent = {
    type: 'PanelConvened',
    data: { ...panel, track: 'X', members, threshold: 80 },
  };
  const submit = (memberId: string): PanelCommand => ({
    type: 'SubmitPanelScore',
    data: { panelId: 'p1', memberId, unitId: name, score: 90 },
  });
  const submitted = (memberId: string): PanelEvent => ({
    type: 'PanelScoreSubmitted',
    data: { ...panel, memberId, category: 'npc-deputy', unitId: name, score: 90 },
  });

  it('takes the member’s score of the unit once, and closes with the unit’s result', () => {
    given([convened])
      .when(submit(name), context)
      .then([submitted(name)]);
    given([convened, submitted('m2')])
      .when(submit(name), context)
      .then([submitted(name)]);
    given([convened, submitted(name)])
      .when(submit(name), context)
      .thenRefuses('ALREADY_SCORED');
    given([convened, submitted(name), submitted('m2'), submitted('m3')])
      .when({ type: 'ClosePanel', data: { panelId: 'p1' } }, context)
      .then([
        {
          type: 'PanelClosed',
          data: {
            ...panel,
            threshold: 80,
            minScores: DEFAULT_POLICY.panelMinScores,
            results: [{ unitId: name, score: 90, scoresCount: 3, met: true }],
          },
        },
      ]);
  });
});

/**
 * The whole path through the aggregates' declarations (route: stream, facts, decider) on a log
 * kept as JSON text, with every state handed to a decision as it comes back from JSON, the way
 * a store or a read model would keep it.
 */
const jsonLog = () => {
  const log = new Map<string, string[]>();
  const eventsOf = (stream: string): AppraisalEvent[] =>
    (log.get(stream) ?? []).map((text) => JSON.parse(text) as AppraisalEvent);
  const facts: Facts = {
    fold: async (fold, stream) =>
      JSON.parse(JSON.stringify(eventsOf(stream).reduce(fold.evolve as never, fold.initialState))),
    leaderKnown: async (leaderId) =>
      [...log.keys()].some((stream) =>
        eventsOf(stream).some((e) => e.type === 'LeaderAppointed' && e.data.leaderId === leaderId),
      ),
  };
  const run = async (command: AppraisalCommand): Promise<AppraisalEvent[] | DomainError> => {
    const routed = route(command);
    const decision = await routed.decide(await facts.fold(routed, routed.stream), facts);
    if (decision instanceof DomainError) return decision;
    log.set(routed.stream, [...(log.get(routed.stream) ?? []), ...decision.map((e) => JSON.stringify(e))]);
    return decision;
  };
  return { run };
};

const types = (decision: AppraisalEvent[] | DomainError) =>
  decision instanceof DomainError ? decision.code : decision.map((e) => e.type);

describe.each(NAMES)('through the aggregates: every id named "%s"', (name) => {
  it('an item and a unit so named are defined, registered, awarded on, disputed, scored and re-tracked', async () => {
    const { run } = jsonLog();
    const year = YEAR;
    const unitId = name;
    const award = { year, unitId, entryId: name, itemId: name, points: 10, reason: 'done' };
    expect(types(await run({ type: 'OpenCycle', data: { year } }))).toEqual(['CycleOpened']);
    expect(
      types(await run({ type: 'RegisterUnit', data: { unitId, name: 'Unit', kind: 'street' } })),
    ).toEqual(['UnitRegistered']);
    expect(
      types(await run({ type: 'AppointLeader', data: { unitId, leaderId: name, name: 'Leader' } })),
    ).toEqual(['LeaderAppointed']);
    expect(
      types(await run({ type: 'DefineItem', data: { year, itemId: 'safety', title: 'Safety', track: '1' } })),
    ).toEqual(['ItemDefined']);

    // Not defined yet: refused, whatever Object.prototype holds under the name.
    expect(
      types(await run({ type: 'ChangeItemTrack', data: { year, itemId: name, track: 'X', reason: 'key' } })),
    ).toBe('UNKNOWN_ITEM');
    expect(types(await run({ type: 'AwardPoints', data: award }))).toBe('UNKNOWN_ITEM');
    expect(
      types(await run({ type: 'FileDispute', data: { year, unitId, eventId: name, grounds: 'wrong' } })),
    ).toBe('NOT_DISPUTABLE');

    const definition = {
      year,
      itemId: name,
      title: 'Item',
      track: '1' as const,
      basicRequirement: { panelScoreAtLeast: 60 },
      targets: [{ ...retailTarget, metric: name }],
    };
    expect(types(await run({ type: 'DefineItem', data: definition }))).toEqual(['ItemDefined']);
    expect(types(await run({ type: 'DefineItem', data: definition }))).toBe('ITEM_EXISTS');
    expect(
      types(await run({ type: 'ChangeItemTrack', data: { year, itemId: name, track: 'X', reason: 'key' } })),
    ).toEqual(['ItemTrackChanged']);
    expect(await run({ type: 'AwardPoints', data: award })).toEqual([
      { type: 'PointsAwarded', data: { ...award, track: 'X', evidence: null, regularAwardMax: 2 } },
    ]);
    expect(await run({ type: 'AwardPoints', data: award })).toEqual([]);
    expect(
      types(
        await run({ type: 'ReportMetric', data: { year, unitId, itemId: name, metric: name, value: 15 } }),
      ),
    ).toEqual(['MetricReported']);

    const filed = await run({ type: 'FileDispute', data: { year, unitId, eventId: name, grounds: 'wrong' } });
    expect(filed).toEqual([
      {
        type: 'DisputeFiled',
        data: {
          disputeId: `${name}--1`,
          year,
          unitId,
          eventId: name,
          target: { kind: 'score-entry', eventId: name, year, unitId, caseId: null },
          grounds: 'wrong',
        },
      },
    ]);
    const resolved = await run({
      type: 'ResolveDispute',
      data: { disputeId: `${name}--1`, outcome: 'overturned', reason: 'checked' },
    });
    if (resolved instanceof DomainError || resolved[0]?.type !== 'DisputeResolved')
      throw new Error('not resolved');
    const [reversal] = correctionsForDispute(resolved[0], null);
    expect(types(await run(reversal!))).toEqual(['EntryReversed']);

    expect(
      types(await run({ type: 'SetLeaderBonusBase', data: { year, leaderId: name, amount: 40000 } })),
    ).toEqual(['LeaderBonusBaseSet']);
    expect(await run({ type: 'SetLeaderBonusBase', data: { year, leaderId: name, amount: 45000 } })).toEqual([
      { type: 'LeaderBonusBaseSet', data: { year, leaderId: name, amount: 45000, previous: 40000 } },
    ]);

    const members = [name, 'm2', 'm3'].map((memberId) => ({
      memberId,
      name: memberId,
      category: 'npc-deputy',
    }));
    expect(
      types(await run({ type: 'ConvenePanel', data: { panelId: 'p1', year, itemId: name, members } })),
    ).toEqual(['PanelConvened']);
    for (const { memberId } of members) {
      expect(
        types(await run({ type: 'SubmitPanelScore', data: { panelId: 'p1', memberId, unitId, score: 50 } })),
      ).toEqual(['PanelScoreSubmitted']);
    }
    expect(
      types(
        await run({ type: 'SubmitPanelScore', data: { panelId: 'p1', memberId: name, unitId, score: 50 } }),
      ),
    ).toBe('ALREADY_SCORED');
    const closed = await run({ type: 'ClosePanel', data: { panelId: 'p1' } });
    expect(closed).toMatchObject([
      { type: 'PanelClosed', data: { results: [{ unitId, score: 50, scoresCount: 3, met: false }] } },
    ]);
  });
});

describe('records are read by a key only through own()', () => {
  /** Collections of the states and documents that are records keyed by ids. */
  const RECORD_READ = /\.(?:items|entries|rulings|bonusBases|scores|targets)\s*(?:\?\.)?\[/;
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? sources(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : [],
    );

  it('in the domain and the read models', () => {
    const root = join(__dirname, '..', '..');
    const offending = [
      ...sources(join(root, 'domain', 'src')),
      ...sources(join(root, 'projections', 'src', 'read-models')),
    ].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${file.slice(root.length + 1)}:${i + 1}` }))
        .filter(({ line }) => RECORD_READ.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });
});
