import {
  AppraisalCommand,
  PANEL_MEMBER_CATEGORIES,
  Target,
  UnitKind,
  caseIdFor,
  disputeIdFor,
} from '@ledger/domain';

/**
 * The 2007 "1+X" appraisal of Jinjiang District, Chengdu, as the article of 2007-07-05
 * describes it (shared/seed), filled out with plausible figures where the article gives none:
 * the street offices and departments, their principal leaders, a year of awards and
 * deductions, the urban-management panel, one failed key item with its case and sanction, and
 * two disputes. Deterministic: the same commands every time.
 */

export type DemoActor = 'supervisor' | 'reviewer' | { leaderOf: string };

export interface DemoStep {
  command: AppraisalCommand;
  as: DemoActor;
}

/** Steps in phases: each phase starts once the read models and reactions have caught up with the last. */
export type DemoPhase = { title: string; steps: DemoStep[] };

export const DEMO_YEAR = 2007;
const YEAR = DEMO_YEAR;

interface DemoUnit {
  unitId: string;
  name: string;
  kind: UnitKind;
  leader: { leaderId: string; name: string; bonusBase: number };
}

export const DEMO_UNITS: DemoUnit[] = [
  {
    unitId: 'sansheng',
    name: '三聖街道',
    kind: 'street',
    leader: { leaderId: 'zhu-wenfei', name: '朱文飛', bonusBase: 60000 },
  },
  {
    unitId: 'shuyuan',
    name: '書院街街道',
    kind: 'street',
    leader: { leaderId: 'chen-jianguo', name: '陳建國', bonusBase: 55000 },
  },
  {
    unitId: 'hejiangting',
    name: '合江亭街道',
    kind: 'street',
    leader: { leaderId: 'li-hong', name: '李紅', bonusBase: 55000 },
  },
  {
    unitId: 'chunxilu',
    name: '春熙路街道',
    kind: 'street',
    leader: { leaderId: 'wang-zhiqiang', name: '王志強', bonusBase: 60000 },
  },
  {
    unitId: 'niushikou',
    name: '牛市口街道',
    kind: 'street',
    leader: { leaderId: 'liu-min', name: '劉敏', bonusBase: 55000 },
  },
  {
    unitId: 'shuangguilu',
    name: '雙桂路街道',
    kind: 'street',
    leader: { leaderId: 'zhang-wei', name: '張偉', bonusBase: 50000 },
  },
  {
    unitId: 'shahe',
    name: '沙河街道',
    kind: 'street',
    leader: { leaderId: 'yang-guang', name: '楊光', bonusBase: 50000 },
  },
  {
    unitId: 'chenglonglu',
    name: '成龍路街道',
    kind: 'street',
    leader: { leaderId: 'zhao-li', name: '趙麗', bonusBase: 50000 },
  },
  {
    unitId: 'city-management',
    name: '城市管理局',
    kind: 'department',
    leader: { leaderId: 'zhou-ming', name: '周明', bonusBase: 65000 },
  },
  {
    unitId: 'commerce',
    name: '商務局',
    kind: 'department',
    leader: { leaderId: 'wu-fang', name: '吳芳', bonusBase: 65000 },
  },
  {
    unitId: 'development-reform',
    name: '發展和改革局',
    kind: 'department',
    leader: { leaderId: 'sun-hao', name: '孫浩', bonusBase: 65000 },
  },
  {
    unitId: 'construction',
    name: '建設局',
    kind: 'department',
    leader: { leaderId: 'huang-lei', name: '黃磊', bonusBase: 60000 },
  },
  {
    unitId: 'finance',
    name: '財政局',
    kind: 'department',
    leader: { leaderId: 'xu-jing', name: '徐靜', bonusBase: 60000 },
  },
];

const REGULAR_ITEMS = [
  { itemId: 'party-building', title: '黨的建設' },
  { itemId: 'work-safety', title: '安全生產' },
  { itemId: 'social-stability', title: '社會穩定' },
  { itemId: 'letters-and-visits', title: '信訪工作' },
  { itemId: 'family-planning', title: '人口和計劃生育' },
  { itemId: 'open-government', title: '政務公開' },
];

const target = (metric: string, comparator: '>=' | '<=', threshold: number, unit: string): Target => ({
  metric,
  comparator,
  threshold,
  unit,
});

/** The seven key items of 2007: the three the article names, and four more of the district's priorities. */
const KEY_ITEMS: {
  itemId: string;
  title: string;
  basicRequirement?: { text?: string; panelScoreAtLeast?: number };
  targets?: Target[];
}[] = [
  {
    itemId: 'urban-management',
    title: '城市管理',
    basicRequirement: { text: '城市管理全面推行物業化；實地亮分考評不低於60分', panelScoreAtLeast: 60 },
  },
  {
    itemId: 'modern-services',
    title: '現代服務業推進',
    basicRequirement: { text: '建立較為完善的現代服務業工作推進機制' },
    targets: [
      target('value-added-growth', '>=', 15, '%'),
      target('retail-sales-growth', '>=', 14, '%'),
      target('new-commercial-floor-space', '>=', 190000, 'm²'),
      target('key-firms-introduced', '>=', 90, 'firms'),
    ],
  },
  {
    itemId: 'key-projects-investment',
    title: '重點項目和固定資產投資',
    targets: [target('fixed-asset-investment-growth', '>=', 20, '%')],
  },
  {
    itemId: 'investment-promotion',
    title: '招商引資',
    targets: [target('funds-introduced', '>=', 30, '億元')],
  },
  { itemId: 'living-environment', title: '創建最佳人居環境' },
  { itemId: 'urban-rural-integration', title: '城鄉一體化' },
  { itemId: 'safe-jinjiang', title: '平安錦江建設' },
];

const PANEL_ID = 'urban-management-2007';
const PANEL_MEMBERS = [
  { name: '人大代表 何志明' },
  { name: '政協委員 馮秀英' },
  { name: '城市管理監督員 鄧建' },
  { name: '社區工作人員 曾麗' },
  { name: '企業代表 羅偉' },
  { name: '市民代表 蔣華' },
  { name: '物業管理公司代表 謝軍' },
].map((member, i) => ({
  memberId: `panelist-${i + 1}`,
  name: member.name,
  category: PANEL_MEMBER_CATEGORIES[i]!,
}));

/** The day of 2007 that is `dayIndex` days after 1 January, as YYYY-MM-DD. */
const dayOf2007 = (dayIndex: number): string =>
  new Date(Date.UTC(2007, 0, 1 + dayIndex)).toISOString().slice(0, 10);

/** A small seeded generator (mulberry32), so the demo's year is the same every time. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const supervisor = (command: AppraisalCommand): DemoStep => ({ command, as: 'supervisor' });

/** Ids the demo names later (a disputed deduction, an overturned one) are fixed. */
export const DEMO_IDS = {
  upheldDeduction: 'd7a1c2e0-0007-4000-8000-000000000001',
  overturnedDeduction: 'd7a1c2e0-0007-4000-8000-000000000002',
  failedCase: caseIdFor(YEAR, 'shahe', 'urban-management', 1),
};

export const jinjiang2007 = (): DemoPhase[] => {
  const random = seeded(2007);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let entries = 0;
  const entryId = () => `d7a1c2e0-0007-4000-9000-${String(++entries).padStart(12, '0')}`;
  // The year's entries take effect through 2007, two days apart from 8 January: recorded today,
  // they still tell how the year went (`--effective-on 2007-06-30` is mid-year).
  const effectiveOn = () => dayOf2007(Math.min(7 + 2 * entries, 353));
  const award = (unitId: string, itemId: string, points: number, reason: string, evidence?: string) =>
    supervisor({
      type: 'AwardPoints',
      data: {
        year: YEAR,
        unitId,
        entryId: entryId(),
        itemId,
        points,
        reason,
        evidence,
        effectiveOn: effectiveOn(),
      },
    });
  const deduct = (unitId: string, itemId: string, points: number, reason: string, id = entryId()) =>
    supervisor({
      type: 'DeductPoints',
      data: { year: YEAR, unitId, entryId: id, itemId, points, reason, effectiveOn: effectiveOn() },
    });

  const setUp: DemoStep[] = [
    supervisor({ type: 'OpenCycle', data: { year: YEAR } }),
    ...REGULAR_ITEMS.map((item) =>
      supervisor({ type: 'DefineItem', data: { year: YEAR, ...item, track: '1' } }),
    ),
    ...KEY_ITEMS.map((item) => supervisor({ type: 'DefineItem', data: { year: YEAR, ...item, track: 'X' } })),
    ...DEMO_UNITS.flatMap((unit) => [
      supervisor({ type: 'RegisterUnit', data: { unitId: unit.unitId, name: unit.name, kind: unit.kind } }),
      supervisor({ type: 'AppointLeader', data: { unitId: unit.unitId, ...unit.leader } }),
    ]),
  ];

  const bonusBases = DEMO_UNITS.map((unit) =>
    supervisor({
      type: 'SetLeaderBonusBase',
      data: { year: YEAR, leaderId: unit.leader.leaderId, amount: unit.leader.bonusBase },
    }),
  );

  // The regular body: small awards (at most 2 points each), the odd deduction. 三聖 works every
  // regular item hard and runs into the 130 cap, which is what the old scheme rewarded.
  const regularReasons = [
    '季度考核達標',
    '專項檢查合格',
    '工作經驗被區委轉發',
    '群眾滿意度測評優良',
    '按時報送材料',
  ];
  const regularYear: DemoStep[] = DEMO_UNITS.flatMap((unit) => {
    const awards = unit.unitId === 'sansheng' ? 22 : 8 + Math.floor(random() * 10);
    const steps: DemoStep[] = [];
    for (let i = 0; i < awards; i++) {
      const points = unit.unitId === 'sansheng' ? 2 : pick([0.5, 1, 1.5, 2]);
      steps.push(award(unit.unitId, pick(REGULAR_ITEMS).itemId, points, pick(regularReasons)));
    }
    const deductions = Math.floor(random() * 3);
    for (let i = 0; i < deductions; i++) {
      steps.push(
        deduct(
          unit.unitId,
          pick(REGULAR_ITEMS).itemId,
          pick([0.5, 1]),
          pick(['材料逾期報送', '安全檢查發現隱患', '信訪事項辦理超時']),
        ),
      );
    }
    return steps;
  });

  // The key items: big awards, no cap; one one-off 50.
  const keyYear: DemoStep[] = [
    award(
      'chunxilu',
      'modern-services',
      50,
      '春熙路商圈引進重點現代服務業企業，一次性重獎',
      '區委、區政府目督辦通報',
    ),
    award('commerce', 'modern-services', 10, '社會消費品零售總額保持五城區第一'),
    award('development-reform', 'key-projects-investment', 10, '重點項目全部按期開工'),
    award('construction', 'key-projects-investment', 5, '固定資產投資完成年度計劃'),
    award('city-management', 'urban-management', 10, '城市管理物業化全面推行'),
    award('sansheng', 'urban-rural-integration', 10, '三聖花鄉城鄉一體化示範'),
    award('sansheng', 'living-environment', 5, '人居環境整治成效明顯'),
    award('shuyuan', 'safe-jinjiang', 5, '平安社區創建達標'),
    award('hejiangting', 'investment-promotion', 10, '引進內資超額完成'),
    award('niushikou', 'key-projects-investment', 5, '重點項目拆遷按期完成'),
    award('finance', 'investment-promotion', 5, '財政支持招商項目落地'),
    ...DEMO_UNITS.filter((unit) => unit.kind === 'street' && random() < 0.6).map((unit) =>
      award(unit.unitId, pick(KEY_ITEMS).itemId, pick([5, 10]), '重點工作取得突破'),
    ),
    deduct('hejiangting', 'work-safety', 1, '安全檢查發現消防隱患未整改', DEMO_IDS.upheldDeduction),
    deduct('niushikou', 'letters-and-visits', 1, '信訪事項辦理超時', DEMO_IDS.overturnedDeduction),
  ];

  // Reported figures, and the district raising two thresholds mid-year.
  const metrics: DemoStep[] = [
    ...['chunxilu', 'commerce', 'shuyuan', 'hejiangting'].flatMap((unitId) =>
      (
        [
          ['value-added-growth', 13 + Math.round(random() * 60) / 10],
          ['retail-sales-growth', 12 + Math.round(random() * 50) / 10],
          ['key-firms-introduced', 60 + Math.floor(random() * 50)],
        ] as const
      ).map(([metric, value]) =>
        supervisor({
          type: 'ReportMetric',
          data: { year: YEAR, unitId, itemId: 'modern-services', metric, value, effectiveOn: '2007-06-30' },
        }),
      ),
    ),
    supervisor({
      type: 'ChangeTargetThreshold',
      data: {
        year: YEAR,
        itemId: 'modern-services',
        metric: 'retail-sales-growth',
        threshold: 15,
        reason: '市委、市政府確定2007年為“三新”突破年，年中上調目標',
        effectiveOn: '2007-07-01',
      },
    }),
    supervisor({
      type: 'ChangeTargetThreshold',
      data: {
        year: YEAR,
        itemId: 'investment-promotion',
        metric: 'funds-introduced',
        threshold: 35,
        reason: '年中調整招商引資目標',
        effectiveOn: '2007-07-01',
      },
    }),
    supervisor({
      type: 'ReportMetric',
      data: {
        year: YEAR,
        unitId: 'development-reform',
        itemId: 'key-projects-investment',
        metric: 'fixed-asset-investment-growth',
        value: 23.5,
        effectiveOn: '2007-12-20',
      },
    }),
    supervisor({
      type: 'ReportMetric',
      data: {
        year: YEAR,
        unitId: 'hejiangting',
        itemId: 'investment-promotion',
        metric: 'funds-introduced',
        value: 41,
        effectiveOn: '2007-12-20',
      },
    }),
  ];

  // 實地亮分: the panel scores every street office on site; 沙河 falls short of 60.
  const streets = DEMO_UNITS.filter((unit) => unit.kind === 'street');
  const panel: DemoStep[] = [
    supervisor({
      type: 'ConvenePanel',
      data: { panelId: PANEL_ID, year: YEAR, itemId: 'urban-management', members: PANEL_MEMBERS },
    }),
    ...streets.flatMap((unit) =>
      PANEL_MEMBERS.map((member) => {
        const base = unit.unitId === 'shahe' ? 48 : 68 + Math.floor(random() * 8) * 3;
        const score = Math.min(100, base + Math.floor(random() * 12));
        return supervisor({
          type: 'SubmitPanelScore',
          data: { panelId: PANEL_ID, memberId: member.memberId, unitId: unit.unitId, score },
        });
      }),
    ),
    supervisor({ type: 'ClosePanel', data: { panelId: PANEL_ID } }),
  ];

  // The panel's unmet ruling opened a case against 沙河's leader: the lightest rung.
  const sanction: DemoStep[] = [
    supervisor({
      type: 'ImposeSanction',
      data: {
        caseId: DEMO_IDS.failedCase,
        sanctionId: 'd7a1c2e0-0007-4000-8000-000000000051',
        sanction: 'written-self-examination',
        reason: '城市管理實地亮分未達基本要求，責令做出書面檢查',
        effectiveOn: '2007-12-28',
      },
    }),
  ];

  const disputes: DemoStep[] = [
    {
      command: {
        type: 'FileDispute',
        data: {
          year: YEAR,
          unitId: 'hejiangting',
          eventId: DEMO_IDS.upheldDeduction,
          grounds: '隱患已於檢查當日整改完畢',
        },
      },
      as: { leaderOf: 'hejiangting' },
    },
    {
      command: {
        type: 'FileDispute',
        data: {
          year: YEAR,
          unitId: 'niushikou',
          eventId: DEMO_IDS.overturnedDeduction,
          grounds: '該信訪事項屬鄰街道轄區，非本街道辦理',
        },
      },
      as: { leaderOf: 'niushikou' },
    },
  ];

  const resolutions: DemoStep[] = [
    {
      command: {
        type: 'ResolveDispute',
        data: {
          disputeId: disputeIdFor(DEMO_IDS.upheldDeduction, 1),
          outcome: 'upheld',
          reason: '複查記錄顯示整改在扣分之後完成，維持扣分',
        },
      },
      as: 'reviewer',
    },
    {
      command: {
        type: 'ResolveDispute',
        data: {
          disputeId: disputeIdFor(DEMO_IDS.overturnedDeduction, 1),
          outcome: 'overturned',
          reason: '核實屬轄區誤認，撤銷扣分',
        },
      },
      as: 'reviewer',
    },
  ];

  return [
    { title: 'the cycle, its 1 and X items, the units and their leaders', steps: setUp },
    { title: 'bonus bases', steps: bonusBases },
    { title: 'a year of regular awards and deductions', steps: regularYear },
    { title: 'key-item awards', steps: keyYear },
    { title: 'reported figures and mid-year target changes', steps: metrics },
    { title: 'the urban-management panel', steps: panel },
    { title: 'a sanction', steps: sanction },
    { title: 'disputes', steps: disputes },
    { title: 'their resolution', steps: resolutions },
  ];
};
