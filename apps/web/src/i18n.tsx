import { ReactNode, createContext, useContext, useEffect, useMemo, useState } from 'react';

/** The interface's words in English; every other language must name the same keys. */
const en = {
  title: 'Appraisal Ledger',
  language: 'Language',
  signIn: 'Sign in',
  signOut: 'Sign out',
  apiKey: 'API key',
  apiKeyHelp: 'Your key stays in this browser tab only.',
  cycle: 'Cycle',
  live: 'Live',
  offline: 'Reconnecting…',
  loading: 'Loading…',
  scoreboard: 'Scoreboard',
  accountability: 'Accountability',
  record: 'Record',
  myUnit: 'My unit',
  street: 'Street offices',
  department: 'Departments',
  search: 'Search units',
  rank: 'Rank',
  unit: 'Unit',
  regular: 'Regular (1)',
  key: 'Key (X)',
  total: 'Total',
  leader: 'Principal leader',
  noLeader: 'none in office',
  cap: 'Cap',
  history: 'History',
  when: 'Recorded',
  effectiveOn: 'Takes effect',
  event: 'Event',
  item: 'Item',
  points: 'Points',
  reason: 'Reason',
  by: 'By',
  runningTotal: 'Total after',
  scoreOverYear: 'Score over the year',
  status: 'Status',
  withheld: 'Withheld',
  bonusBase: 'Bonus base',
  bonusPayable: 'Bonus payable',
  openCases: 'Open cases',
  award: 'Award points',
  deduction: 'Deduct points',
  evidence: 'Evidence',
  submit: 'Record it',
  recorded: 'Recorded at position {position}.',
  conflict:
    'Someone changed this unit since the page showed it. The page has been refreshed: check and send again.',
  unitOfForm: 'Unit',
  itemOfForm: 'Item',
  optional: 'optional',
  recentEntries: 'Entries of this unit',
  reversed: 'reversed',
  'status.clear': 'clear',
  'status.under-review': 'under review',
  'status.sanctioned': 'sanctioned',
  'status.removed': 'removed',
  'role.admin': 'administrator',
  'role.supervisor': 'supervisor',
  'role.analyst': 'analyst',
  'role.auditor': 'auditor',
  'role.reviewer': 'reviewer',
  'role.unit-leader': 'unit leader',
};
export type Words = typeof en;
export type Word = keyof Words;

const zh: Words = {
  title: '目標考核台賬',
  language: '語言',
  signIn: '登入',
  signOut: '登出',
  apiKey: 'API 金鑰',
  apiKeyHelp: '金鑰只保存在此瀏覽器分頁中。',
  cycle: '考核年度',
  live: '即時',
  offline: '重新連線中…',
  loading: '載入中…',
  scoreboard: '排名',
  accountability: '問責',
  record: '記分',
  myUnit: '本單位',
  street: '街道辦事處',
  department: '部門',
  search: '搜尋單位',
  rank: '名次',
  unit: '單位',
  regular: '常規（1）',
  key: '重點（X）',
  total: '總分',
  leader: '主要負責人',
  noLeader: '暫無在任',
  cap: '上限',
  history: '記錄',
  when: '記錄時間',
  effectiveOn: '生效日期',
  event: '事項',
  item: '考核項目',
  points: '分數',
  reason: '理由',
  by: '經辦',
  runningTotal: '累計總分',
  scoreOverYear: '全年得分走勢',
  status: '狀態',
  withheld: '扣發比例',
  bonusBase: '年終獎基數',
  bonusPayable: '應發年終獎',
  openCases: '待決案件',
  award: '加分',
  deduction: '減分',
  evidence: '依據',
  submit: '記錄',
  recorded: '已記錄，位置 {position}。',
  conflict: '此單位在頁面顯示後已被他人更改。頁面已更新，請核對後再送出。',
  unitOfForm: '單位',
  itemOfForm: '考核項目',
  optional: '選填',
  recentEntries: '本單位記分',
  reversed: '已撤銷',
  'status.clear': '無問責',
  'status.under-review': '審查中',
  'status.sanctioned': '已問責',
  'status.removed': '已免職',
  'role.admin': '管理員',
  'role.supervisor': '督查',
  'role.analyst': '分析',
  'role.auditor': '審計',
  'role.reviewer': '覆核',
  'role.unit-leader': '單位負責人',
};

export const LANGUAGES = { 'zh-Hant': zh, en } as const;
export type Language = keyof typeof LANGUAGES;

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
  t(word: Word, values?: Record<string, string | number>): string;
}

const LanguageContext = createContext<LanguageState | null>(null);

const initialLanguage = (): Language => {
  const saved = localStorage.getItem('ledger-language');
  if (saved === 'en' || saved === 'zh-Hant') return saved;
  return navigator.language.startsWith('zh') ? 'zh-Hant' : 'en';
};

export const LanguageProvider = ({ children }: { children: ReactNode }) => {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  useEffect(() => {
    localStorage.setItem('ledger-language', language);
    document.documentElement.lang = language;
  }, [language]);
  const state = useMemo<LanguageState>(
    () => ({
      language,
      setLanguage,
      t: (word, values = {}) =>
        LANGUAGES[language][word].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? '')),
    }),
    [language],
  );
  return <LanguageContext.Provider value={state}>{children}</LanguageContext.Provider>;
};

export const useLanguage = (): LanguageState => {
  const state = useContext(LanguageContext);
  if (!state) throw new Error('useLanguage outside LanguageProvider');
  return state;
};
