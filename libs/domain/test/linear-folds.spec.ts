import { CycleEvent, Decider, Message, cycleDecider, foldEvents } from '@ledger/domain';
import { YEAR, cycleOpened, itemDefined, retailTarget } from './fixtures';
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
