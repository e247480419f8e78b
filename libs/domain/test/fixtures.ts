import {
  CycleEvent,
  CycleState,
  DEFAULT_POLICY,
  Policy,
  Target,
  Track,
  UnitEvent,
  UnitKind,
  UnitState,
  evolveCycle,
  evolveUnit,
  initialCycleState,
  initialUnitState,
} from '@ledger/domain';

export const YEAR = 2007;

export const cycleOpened = (policy: Policy = DEFAULT_POLICY): CycleEvent => ({
  type: 'CycleOpened',
  data: { year: YEAR, policy },
});

export const itemDefined = (
  itemId: string,
  track: Track,
  extra: { targets?: Target[]; panelScoreAtLeast?: number } = {},
): CycleEvent => ({
  type: 'ItemDefined',
  data: {
    year: YEAR,
    itemId,
    title: `Item ${itemId}`,
    track,
    basicRequirement:
      extra.panelScoreAtLeast === undefined
        ? null
        : { text: null, panelScoreAtLeast: extra.panelScoreAtLeast },
    targets: extra.targets ?? [],
  },
});

export const cycleClosed: CycleEvent = { type: 'CycleClosed', data: { year: YEAR, reason: 'year end' } };

export const unitRegistered = (unitId: string, kind: UnitKind = 'street'): UnitEvent => ({
  type: 'UnitRegistered',
  data: { unitId, name: `Unit ${unitId}`, kind },
});

export const leaderAppointed = (unitId: string, leaderId: string): UnitEvent => ({
  type: 'LeaderAppointed',
  data: { unitId, leaderId, name: `Leader ${leaderId}` },
});

export const cycleFrom = (events: CycleEvent[]): CycleState => events.reduce(evolveCycle, initialCycleState);
export const unitFrom = (events: UnitEvent[]): UnitState => events.reduce(evolveUnit, initialUnitState);

export const retailTarget: Target = {
  metric: 'retail-sales-growth',
  comparator: '>=',
  threshold: 14,
  unit: '%',
};

/** A 2007 cycle with a regular item, a key item with a target and a key item judged by a panel. */
export const openCycle2007 = (): CycleState =>
  cycleFrom([
    cycleOpened(),
    itemDefined('safety', '1'),
    itemDefined('modern-services', 'X', { targets: [retailTarget] }),
    itemDefined('urban-management', 'X', { panelScoreAtLeast: 80 }),
  ]);

export const sansheng = (): UnitState =>
  unitFrom([unitRegistered('sansheng'), leaderAppointed('sansheng', 'li-ming')]);

/** Who the case of the tests is about: 三聖's leader, over urban management in 2007. */
export const caseSubject = {
  caseId: '2007-sansheng-urban-management-1',
  year: YEAR,
  unitId: 'sansheng',
  itemId: 'urban-management',
  leaderId: 'li-ming',
};
