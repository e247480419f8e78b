import { PanelCommand, PanelEvent, cycleDecider, panelDecider, panelScore } from '@ledger/domain';
import { YEAR, cycleClosed, cycleFrom, cycleOpened, itemDefined, openCycle2007 } from './fixtures';
import { specFor } from './given-when-then';

const given = specFor(panelDecider);
const cycle = openCycle2007();
const members = [
  { memberId: 'm1', name: '張', category: 'npc-deputy' },
  { memberId: 'm2', name: '王', category: 'cppcc-member' },
  { memberId: 'm3', name: '李', category: 'city-supervisor' },
  { memberId: 'm4', name: '趙', category: 'community-worker' },
  { memberId: 'm5', name: '劉', category: 'enterprise-rep' },
  { memberId: 'm6', name: '陳', category: 'citizen-rep' },
  { memberId: 'm7', name: '楊', category: 'property-company-rep' },
];
const convene: PanelCommand = {
  type: 'ConvenePanel',
  data: { panelId: 'p1', year: YEAR, itemId: 'urban-management', members },
};
const convened = (given([]).when(convene, { cycle }).result as PanelEvent[])[0]!;
const submit = (memberId: string, unitId: string, score: number): PanelCommand => ({
  type: 'SubmitPanelScore',
  data: { panelId: 'p1', memberId, unitId, score },
});
const submitted = (memberId: string, unitId: string, score: number): PanelEvent =>
  (
    given([convened]).when(submit(memberId, unitId, score), { cycle, unitKnown: true }).result as PanelEvent[]
  )[0]!;

describe('panel: convene and score', () => {
  it('convenes a panel of the seven categories on an item, noting the item’s panel threshold', () => {
    expect(convened).toEqual({
      type: 'PanelConvened',
      data: { panelId: 'p1', year: YEAR, itemId: 'urban-management', track: 'X', members, threshold: 80 },
    });
  });

  it('refuses a member of another category, a member listed twice, or no members', () => {
    const bad = (list: typeof members): PanelCommand =>
      ({ ...convene, data: { ...convene.data, members: list } }) as PanelCommand;
    given([])
      .when(bad([{ memberId: 'x', name: 'X', category: 'journalist' }]), { cycle })
      .thenRefuses('INVALID_PANEL_MEMBER');
    given([])
      .when(bad([members[0]!, members[0]!]), { cycle })
      .thenRefuses('INVALID_PANEL_MEMBER');
    given([]).when(bad([]), { cycle }).thenRefuses('INVALID_PANEL_MEMBER');
  });

  it('refuses a panel with fewer members than the scores a unit needs before it closes (three by default)', () => {
    const few = { ...convene, data: { ...convene.data, members: members.slice(0, 2) } } as PanelCommand;
    given([]).when(few, { cycle }).thenRefuses('TOO_FEW_PANEL_MEMBERS');
    const three = { ...convene, data: { ...convene.data, members: members.slice(0, 3) } } as PanelCommand;
    expect(given([]).when(three, { cycle }).result).toHaveLength(1);
  });

  it('refuses a panel id used twice, an unknown item, a closed cycle', () => {
    given([convened]).when(convene, { cycle }).thenRefuses('PANEL_EXISTS');
    given([])
      .when({ ...convene, data: { ...convene.data, itemId: 'ghost' } } as PanelCommand, { cycle })
      .thenRefuses('UNKNOWN_ITEM');
    const closed = cycleFrom([cycleOpened(), itemDefined('urban-management', 'X'), cycleClosed]);
    given([]).when(convene, { cycle: closed }).thenRefuses('CYCLE_CLOSED');
  });

  it('records a member’s score of a unit with the member’s category', () => {
    expect(submitted('m3', 'sansheng', 86.5)).toEqual({
      type: 'PanelScoreSubmitted',
      data: {
        panelId: 'p1',
        year: YEAR,
        itemId: 'urban-management',
        memberId: 'm3',
        category: 'city-supervisor',
        unitId: 'sansheng',
        score: 86.5,
      },
    });
  });

  it.each([[-1], [100.5], [Number.NaN], [80.123]])('refuses a score outside 0-100: %p', (score) => {
    given([convened])
      .when(submit('m1', 'sansheng', score), { cycle, unitKnown: true })
      .thenRefuses('INVALID_PANEL_SCORE');
  });

  it('refuses a member scoring the same unit twice', () => {
    given([convened, submitted('m1', 'sansheng', 90)])
      .when(submit('m1', 'sansheng', 70), { cycle, unitKnown: true })
      .thenRefuses('ALREADY_SCORED');
  });

  it('refuses a score from someone not on the panel, for an unknown unit, or on an unknown panel', () => {
    given([convened])
      .when(submit('stranger', 'sansheng', 90), { cycle, unitKnown: true })
      .thenRefuses('NOT_A_PANEL_MEMBER');
    given([convened])
      .when(submit('m1', 'ghost', 90), { cycle, unitKnown: false })
      .thenRefuses('UNKNOWN_UNIT');
    given([])
      .when(submit('m1', 'sansheng', 90), { cycle, unitKnown: true })
      .thenRefuses('UNKNOWN_PANEL');
  });
});

describe('panel: close', () => {
  it('drops the highest and lowest score from five on', () => {
    expect(panelScore([60, 70, 80, 90, 100])).toBe(80);
    expect(panelScore([0, 81, 82, 83, 100])).toBe(82);
    expect(panelScore([70, 80, 90, 100])).toBe(85);
    expect(panelScore([85.5, 90, 77.25])).toBe(84.25);
  });

  it('closes with each unit’s result and whether it met the item’s threshold', () => {
    const scores = [
      submitted('m1', 'sansheng', 90),
      submitted('m2', 'sansheng', 85),
      submitted('m3', 'sansheng', 40),
      submitted('m4', 'sansheng', 88),
      submitted('m5', 'sansheng', 99),
      submitted('m1', 'shuyanjie', 70),
      submitted('m2', 'shuyanjie', 75),
      submitted('m3', 'shuyanjie', 72),
    ];
    given([convened, ...scores])
      .when({ type: 'ClosePanel', data: { panelId: 'p1' } }, { cycle })
      .then([
        {
          type: 'PanelClosed',
          data: {
            panelId: 'p1',
            year: YEAR,
            itemId: 'urban-management',
            threshold: 80,
            minScores: 3,
            results: [
              { unitId: 'sansheng', score: 87.67, scoresCount: 5, met: true },
              { unitId: 'shuyanjie', score: 72.33, scoresCount: 3, met: false },
            ],
          },
        },
      ]);
  });

  it('reports met as null where the item sets no panel threshold', () => {
    const plain = cycleFrom([cycleOpened(), itemDefined('greening', 'X')]);
    const open = (
      given([]).when({ ...convene, data: { ...convene.data, itemId: 'greening' } } as PanelCommand, {
        cycle: plain,
      }).result as PanelEvent[]
    )[0]!;
    const score = (memberId: string) =>
      (
        given([open]).when(submit(memberId, 'sansheng', 90), { cycle: plain, unitKnown: true })
          .result as PanelEvent[]
      )[0]!;
    const closed = given([open, score('m1'), score('m2'), score('m3')]).when(
      { type: 'ClosePanel', data: { panelId: 'p1' } },
      { cycle: plain },
    ).result as PanelEvent[];
    expect(closed[0]).toMatchObject({
      data: { threshold: null, results: [{ unitId: 'sansheng', met: null }] },
    });
  });

  it('refuses to close with too few scores for a unit, or none at all', () => {
    given([convened, submitted('m1', 'sansheng', 90), submitted('m2', 'sansheng', 80)])
      .when({ type: 'ClosePanel', data: { panelId: 'p1' } }, { cycle })
      .thenRefuses('PANEL_INCOMPLETE');
    given([convened])
      .when({ type: 'ClosePanel', data: { panelId: 'p1' } }, { cycle })
      .thenRefuses('PANEL_INCOMPLETE');
  });

  it('uses the minimum of scores as the policy stands when closing', () => {
    const amended = cycleDecider.evolve(cycle, {
      type: 'PolicyAmended',
      data: {
        year: YEAR,
        changes: { panelMinScores: 2 },
        policy: { ...cycle.policy, panelMinScores: 2 },
        reason: 'small panels',
      },
    });
    const { result } = given([
      convened,
      submitted('m1', 'sansheng', 90),
      submitted('m2', 'sansheng', 80),
    ]).when({ type: 'ClosePanel', data: { panelId: 'p1' } }, { cycle: amended });
    expect(result).toEqual([expect.objectContaining({ type: 'PanelClosed' })]);
  });

  it('refuses anything on a closed panel', () => {
    const closedEvent: PanelEvent = {
      type: 'PanelClosed',
      data: {
        panelId: 'p1',
        year: YEAR,
        itemId: 'urban-management',
        threshold: 80,
        minScores: 3,
        results: [],
      },
    };
    given([convened, closedEvent])
      .when(submit('m1', 'sansheng', 90), { cycle, unitKnown: true })
      .thenRefuses('PANEL_CLOSED');
    given([convened, closedEvent])
      .when({ type: 'ClosePanel', data: { panelId: 'p1' } }, { cycle })
      .thenRefuses('PANEL_CLOSED');
  });
});
