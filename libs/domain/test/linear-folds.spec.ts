import {
  CaseCommand,
  CaseEvent,
  CycleEvent,
  Decider,
  DEFAULT_POLICY,
  Message,
  PanelCommand,
  PanelEvent,
  ScorecardCommand,
  ScorecardEvent,
  UnitCommand,
  UnitEvent,
  caseDecider,
  cycleDecider,
  foldEvents,
  panelDecider,
  scorecardDecider,
  unitDecider,
} from '@ledger/domain';
import {
  YEAR,
  caseSubject,
  cycleOpened,
  itemDefined,
  leaderAppointed,
  openCycle2007,
  retailTarget,
  sansheng,
  unitRegistered,
} from './fixtures';
import { specFor } from './given-when-then';

/**
 * Folds are linear (shared/in-place.ts): an evolve writes the collections of the state it is
 * given instead of copying them. These tests hold each decider to that: a long stream folds
 * in time proportional to its length (the bound is generous: one copy of a collection per
 * event would take tens of seconds here), and the initial state is never written, so two folds
 * of the same events are equal and independent.
 */
const EVENTS = 100_000;
const BOUND_MS = 1000;

const timedFold = <S, E extends Message>(decider: Decider<Message, E, S, unknown>, events: E[]) => {
  const started = performance.now();
  const state = foldEvents(decider.evolve, decider.initialState, events);
  return { state, ms: performance.now() - started };
};

/** Two folds of `events` from the initial state are equal; folding `next` onto one leaves the other and the initial state as they were. */
const expectIndependentFolds = <S, E extends Message>(
  decider: Decider<Message, E, S, unknown>,
  events: E[],
  next: E,
) => {
  const pristine = structuredClone(decider.initialState);
  const first = foldEvents(decider.evolve, decider.initialState, events);
  const asFolded = structuredClone(first);
  const second = foldEvents(decider.evolve, decider.initialState, events);
  expect(second).toEqual(first);
  const moved = decider.evolve(second, next);
  expect(moved).not.toEqual(first);
  expect(first).toEqual(asFolded);
  expect(decider.initialState).toEqual(pristine);
};

describe('linear folds: cycle', () => {
  const given = specFor(cycleDecider);
  const defineSafety = {
    type: 'DefineItem',
    data: { year: YEAR, itemId: 'safety', title: 'Safety', track: '1' },
  } as const;
  const manyEvents = (): CycleEvent[] => {
    const events: CycleEvent[] = [cycleOpened()];
    for (let i = 0; events.length < EVENTS; i++) {
      const itemId = `item-${i}`;
      events.push(
        itemDefined(itemId, '1', { targets: [retailTarget] }),
        {
          type: 'ItemTrackChanged',
          data: { year: YEAR, itemId, from: '1', to: 'X', reason: 'key this year' },
        },
        {
          type: 'TargetThresholdChanged',
          data: { year: YEAR, itemId, metric: retailTarget.metric, from: 14, to: 15, reason: 'raised' },
        },
        {
          type: 'LeaderBonusBaseSet',
          data: { year: YEAR, leaderId: `leader-${i}`, amount: 1000, previous: null },
        },
      );
    }
    return events;
  };

  it(`folds ${EVENTS} events in under ${BOUND_MS} ms`, () => {
    const events = manyEvents();
    const { state, ms } = timedFold(cycleDecider, events);
    expect(Object.keys(state.items)).toHaveLength(EVENTS / 4);
    expect(Object.keys(state.bonusBases)).toHaveLength(EVENTS / 4);
    expect(state.items['item-7']).toMatchObject({
      track: 'X',
      targets: { [retailTarget.metric]: { threshold: 15 } },
    });
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('folds the same events twice from the initial state into equal, independent states', () => {
    expectIndependentFolds(
      cycleDecider,
      [cycleOpened(), itemDefined('safety', '1', { targets: [retailTarget] })],
      {
        type: 'TargetThresholdChanged',
        data: {
          year: YEAR,
          itemId: 'safety',
          metric: retailTarget.metric,
          from: 14,
          to: 16,
          reason: 'raised',
        },
      },
    );
  });

  it('decides on a fresh state after a fold: the initial state keeps no item', () => {
    given([cycleOpened(), itemDefined('safety', '1')])
      .when(defineSafety)
      .thenRefuses('ITEM_EXISTS');
    given([cycleOpened()])
      .when(defineSafety)
      .then([
        {
          type: 'ItemDefined',
          data: {
            year: YEAR,
            itemId: 'safety',
            title: 'Safety',
            track: '1',
            basicRequirement: null,
            targets: [],
          },
        },
      ]);
  });
});

describe('linear folds: scorecard', () => {
  const given = specFor(scorecardDecider);
  const context = { cycle: openCycle2007(), unit: sansheng() };
  const card = { year: YEAR, unitId: 'sansheng' };
  const entry = { itemId: 'safety', points: 1, reason: 'good work' };
  const award = (entryId: string): ScorecardCommand => ({
    type: 'AwardPoints',
    data: { ...card, entryId, ...entry },
  });
  const awarded = (entryId: string): ScorecardEvent => ({
    type: 'PointsAwarded',
    data: { ...card, entryId, ...entry, track: '1', evidence: null, regularAwardMax: 2 },
  });
  const reversed = (entryId: string): ScorecardEvent => ({
    type: 'EntryReversed',
    data: {
      ...card,
      entryId,
      itemId: 'safety',
      track: '1',
      kind: 'award',
      points: 1,
      disputeId: 'd',
      reason: 'overturned',
    },
  });
  const manyEvents = (): ScorecardEvent[] => {
    const events: ScorecardEvent[] = [];
    for (let i = 0; events.length < EVENTS; i++) {
      const rulingId = `r-${i}`;
      events.push(awarded(`e-${i}`), reversed(`e-${i}`), {
        type: 'BasicRequirementRuled',
        data: {
          ...card,
          rulingId,
          itemId: 'safety',
          track: '1',
          met: true,
          basis: 'seen',
          leaderId: null,
          panelId: null,
        },
      });
      events.push({
        type: 'RulingSetAside',
        data: { ...card, rulingId, itemId: 'safety', met: true, disputeId: 'd', reason: 'overturned' },
      });
    }
    return events;
  };

  it(`folds ${EVENTS} events in under ${BOUND_MS} ms`, () => {
    const events = manyEvents();
    const { state, ms } = timedFold(scorecardDecider, events);
    expect(Object.keys(state.entries)).toHaveLength(EVENTS / 4);
    expect(Object.keys(state.rulings)).toHaveLength(EVENTS / 4);
    expect(state.entries['e-7']).toMatchObject({ reversed: true });
    expect(state.rulings['r-7']).toMatchObject({ setAside: true });
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('folds the same events twice from the initial state into equal, independent states', () => {
    expectIndependentFolds(scorecardDecider, [awarded('e1')], reversed('e1'));
  });

  it('decides on a fresh state after a fold: the initial state keeps no entry', () => {
    given([awarded('e1')])
      .when(award('e1'), context)
      .thenNothing();
    given([])
      .when(award('e1'), context)
      .then([awarded('e1')]);
  });
});

describe('linear folds: panel', () => {
  const given = specFor(panelDecider);
  const context = { cycle: openCycle2007(), unitKnown: true };
  const panel = { panelId: 'p1', year: YEAR, itemId: 'urban-management' };
  const convened: PanelEvent = {
    type: 'PanelConvened',
    data: {
      ...panel,
      track: 'X',
      members: [{ memberId: 'm1', name: '張', category: 'npc-deputy' }],
      threshold: 80,
    },
  };
  const submit: PanelCommand = {
    type: 'SubmitPanelScore',
    data: { panelId: 'p1', memberId: 'm1', unitId: 'sansheng', score: 90 },
  };
  const submitted = (memberId: string, unitId: string, score = 90): PanelEvent => ({
    type: 'PanelScoreSubmitted',
    data: { ...panel, memberId, category: 'npc-deputy', unitId, score },
  });
  const MEMBERS = 10;
  const manyEvents = (): PanelEvent[] => {
    const events: PanelEvent[] = [convened];
    for (let i = 0; events.length < EVENTS; i++)
      events.push(submitted(`m${i % MEMBERS}`, `unit-${Math.floor(i / MEMBERS)}`));
    return events;
  };

  it(`folds ${EVENTS} events in under ${BOUND_MS} ms`, () => {
    const events = manyEvents();
    const { state, ms } = timedFold(panelDecider, events);
    expect(Object.keys(state.scores)).toHaveLength(Math.ceil((EVENTS - 1) / MEMBERS));
    expect(Object.keys(state.scores['unit-7']!)).toHaveLength(MEMBERS);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('folds the same events twice from the initial state into equal, independent states', () => {
    expectIndependentFolds(
      panelDecider,
      [convened, submitted('m1', 'sansheng')],
      submitted('m2', 'sansheng'),
    );
    expectIndependentFolds(
      panelDecider,
      [convened, submitted('m1', 'sansheng')],
      submitted('m1', 'niushikou'),
    );
  });

  it('decides on a fresh state after a fold: the initial state keeps no score', () => {
    given([convened, submitted('m1', 'sansheng')])
      .when(submit, context)
      .thenRefuses('ALREADY_SCORED');
    given([convened])
      .when(submit, context)
      .then([submitted('m1', 'sansheng')]);
  });
});

describe('linear folds: case', () => {
  const given = specFor(caseDecider);
  const subject = caseSubject;
  const opened: CaseEvent = { type: 'CaseOpened', data: { ...subject, rulingId: 'r1' } };
  const sanction = { sanction: 'written-self-examination', withheldPct: 30 };
  const impose = (sanctionId: string): CaseCommand => ({
    type: 'ImposeSanction',
    data: { caseId: subject.caseId, sanctionId, sanction: sanction.sanction, reason: 'streets left dirty' },
  });
  const imposed = (sanctionId: string): CaseEvent => ({
    type: 'SanctionImposed',
    data: { ...subject, sanctionId, ...sanction, removesLeader: false, reason: 'streets left dirty' },
  });
  const lifted = (sanctionId: string): CaseEvent => ({
    type: 'SanctionLifted',
    data: { ...subject, sanctionId, ...sanction, disputeId: 'd', reason: 'overturned' },
  });
  const manyEvents = (): CaseEvent[] => {
    const events: CaseEvent[] = [opened];
    for (let i = 0; events.length < EVENTS; i++) events.push(imposed(`s-${i}`), lifted(`s-${i}`));
    return events;
  };

  it(`folds ${EVENTS} events in under ${BOUND_MS} ms`, () => {
    const events = manyEvents();
    const { state, ms } = timedFold(caseDecider, events);
    expect(state.lifted).toHaveLength(EVENTS / 2);
    expect(state.lifted[7]).toMatchObject({ sanctionId: 's-7' });
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('folds the same events twice from the initial state into equal, independent states', () => {
    expectIndependentFolds(caseDecider, [opened, imposed('s1'), lifted('s1'), imposed('s2')], lifted('s2'));
  });

  it('decides on a fresh state after a fold: the initial state keeps no case', () => {
    const policy = { policy: DEFAULT_POLICY };
    given([opened, imposed('s1'), lifted('s1')])
      .when(impose('s2'), policy)
      .then([imposed('s2')]);
    given([]).when(impose('s2'), policy).thenRefuses('UNKNOWN_CASE');
  });
});

describe('linear folds: unit', () => {
  const given = specFor(unitDecider);
  const departed = (leaderId: string): UnitEvent => ({
    type: 'LeaderDeparted',
    data: { unitId: 'sansheng', leaderId, reason: 'transferred', caseId: null },
  });
  const appoint: UnitCommand = {
    type: 'AppointLeader',
    data: { unitId: 'sansheng', leaderId: 'wang-fang', name: 'Leader wang-fang' },
  };
  const manyEvents = (): UnitEvent[] => {
    const events: UnitEvent[] = [unitRegistered('sansheng')];
    for (let i = 0; events.length < EVENTS; i++) {
      events.push(leaderAppointed('sansheng', `leader-${i}`), departed(`leader-${i}`));
    }
    return events;
  };

  it(`folds ${EVENTS} events in under ${BOUND_MS} ms`, () => {
    const events = manyEvents();
    const { state, ms } = timedFold(unitDecider, events);
    expect(state.formerLeaders).toHaveLength(EVENTS / 2);
    expect(state.formerLeaders[7]).toMatchObject({ leaderId: 'leader-7' });
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('folds the same events twice from the initial state into equal, independent states', () => {
    expectIndependentFolds(
      unitDecider,
      [
        unitRegistered('sansheng'),
        leaderAppointed('sansheng', 'li-ming'),
        departed('li-ming'),
        leaderAppointed('sansheng', 'li-ming'),
      ],
      departed('li-ming'),
    );
  });

  it('ends with the same collections when one event is folded twice onto the same state', () => {
    // Callers must not do this (the older state then shows the later departure); a racing cache might.
    const base = foldEvents(unitDecider.evolve, unitDecider.initialState, [
      unitRegistered('sansheng'),
      leaderAppointed('sansheng', 'li-ming'),
    ]);
    const once = unitDecider.evolve(base, departed('li-ming'));
    const twice = unitDecider.evolve(base, departed('li-ming'));
    expect(twice).toEqual(once);
    expect(once.formerLeaders).toEqual([{ leaderId: 'li-ming', name: 'Leader li-ming' }]);
  });

  it('decides on a fresh state after a fold: the initial state keeps no unit', () => {
    given([unitRegistered('sansheng'), leaderAppointed('sansheng', 'li-ming')])
      .when(appoint)
      .thenRefuses('LEADER_IN_OFFICE');
    given([unitRegistered('sansheng')])
      .when(appoint)
      .then([leaderAppointed('sansheng', 'wang-fang')]);
    given([]).when(appoint).thenRefuses('UNKNOWN_UNIT');
  });
});
