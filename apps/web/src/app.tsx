import { useCallback, useEffect, useState } from 'react';
import { LANGUAGES, Language, Word, useLanguage } from './i18n';
import { PageBoundary } from './components/page-boundary';
import { PastPointBar } from './components/past-point-bar';
import { PastPointProvider, queryOf, usePastPoint } from './past-point';
import { AccountabilityPage } from './pages/accountability';
import { AnalysisPage } from './pages/analysis';
import { AuditPage } from './pages/audit';
import { DisputesPage } from './pages/disputes';
import { KeysPage } from './pages/keys';
import { RecordPage } from './pages/record';
import { ScoreboardPage } from './pages/scoreboard';
import { SignIn } from './pages/sign-in';
import { TargetsPage } from './pages/targets';
import { UnitPage } from './pages/unit';
import { linkTo, useRoute } from './route';
import { Me, Role, SessionProvider, forgetKey, savedKey, signIn, useSession } from './session';

/** The pages each role works in, the first being where it lands. */
const RECORD = { page: 'record', word: 'record' } as const;
const BOARD = { page: 'board', word: 'scoreboard' } as const;
const ACCOUNTABILITY = { page: 'accountability', word: 'accountability' } as const;
const DISPUTES = { page: 'disputes', word: 'disputes' } as const;
const AUDIT = { page: 'audit', word: 'audit' } as const;
const ANALYSIS = { page: 'analysis', word: 'analysis' } as const;
const KEYS = { page: 'keys', word: 'keys' } as const;
const TARGETS = { page: 'targets', word: 'targetsAndPanels' } as const;
const PAGES_OF: Record<Role, { page: string; word: Word }[]> = {
  supervisor: [RECORD, BOARD, TARGETS, ACCOUNTABILITY, DISPUTES],
  analyst: [BOARD, TARGETS, ACCOUNTABILITY, ANALYSIS],
  auditor: [AUDIT, BOARD, TARGETS, ACCOUNTABILITY, ANALYSIS],
  reviewer: [DISPUTES, BOARD, ACCOUNTABILITY],
  'unit-leader': [{ page: 'unit', word: 'myUnit' }, DISPUTES],
  admin: [KEYS, BOARD, TARGETS, ACCOUNTABILITY, ANALYSIS, RECORD, DISPUTES, AUDIT],
};

/** The cycle shown (this field is what changes it): typed freely, taken once it is a whole year of four digits. */
const CycleField = ({ year, setYear }: { year: number; setYear(year: number): void }) => {
  const { t } = useLanguage();
  const [typed, setTyped] = useState(String(year));
  return (
    <label>
      {t('cycle')}{' '}
      <input
        aria-label={t('cycle')}
        inputMode="numeric"
        maxLength={4}
        value={typed}
        onChange={(event) => {
          const value = event.target.value.replace(/\D/g, '');
          setTyped(value);
          if (/^(19|2\d)\d\d$/.test(value)) setYear(Number(value));
        }}
        onBlur={() => setTyped(String(year))}
        className="year"
      />
    </label>
  );
};

const Header = () => {
  const { t, language, setLanguage } = useLanguage();
  const { me, year, setYear, live, signOut } = useSession();
  const { point } = usePastPoint();
  const route = useRoute();
  const pages = PAGES_OF[me.role];
  // A unit opened from the scoreboard is in no menu entry; any other page not in the menu shows the landing page.
  const inMenu = pages.some((entry) => entry.page === route.page);
  const current = inMenu ? route.page : route.page === 'unit' ? null : pages[0]!.page;
  return (
    <header>
      <div className="bar">
        <h1>
          {t('title')} <span className="scheme">1+X</span>
        </h1>
        <CycleField year={year} setYear={setYear} />
        <label>
          {t('language')}{' '}
          <select
            aria-label={t('language')}
            value={language}
            onChange={(event) => setLanguage(event.target.value as Language)}
          >
            {Object.keys(LANGUAGES).map((code) => (
              <option key={code} value={code}>
                {code === 'en' ? 'English' : '繁體中文'}
              </option>
            ))}
          </select>
        </label>
        <span className={live ? 'live on' : 'live'} role="status">
          {live ? t('live') : t('offline')}
        </span>
        <span className="who">
          {me.name} · {t(`role.${me.role}` as Word)}
        </span>
        <button type="button" className="quiet" onClick={signOut}>
          {t('signOut')}
        </button>
      </div>
      <nav aria-label={t('title')}>
        {pages.map((entry) => (
          <a
            key={entry.page}
            href={linkTo(entry.page, entry.page === 'unit' ? (me.unitId ?? undefined) : undefined)}
            aria-current={entry.page === current ? 'page' : undefined}
          >
            {t(entry.word)}
          </a>
        ))}
      </nav>
      <PastPointBar key={queryOf(point)} />
    </header>
  );
};

const Page = () => {
  const { me } = useSession();
  const route = useRoute();
  const allowed = PAGES_OF[me.role].map((entry) => entry.page);
  // A unit page is open to the readers from the scoreboard; a unit leader sees its own unit only.
  const page =
    allowed.includes(route.page) || (route.page === 'unit' && me.role !== 'unit-leader')
      ? route.page
      : allowed[0];
  switch (page) {
    case 'record':
      return <RecordPage />;
    case 'accountability':
      return <AccountabilityPage />;
    case 'disputes':
      return <DisputesPage />;
    case 'audit':
      return <AuditPage />;
    case 'analysis':
      return <AnalysisPage />;
    case 'keys':
      return <KeysPage />;
    case 'targets':
      return <TargetsPage />;
    case 'unit':
      return <UnitPage unitId={me.role === 'unit-leader' ? me.unitId! : (route.param ?? '')} />;
    default:
      return <ScoreboardPage />;
  }
};

const RoutedPage = () => {
  const route = useRoute();
  return (
    <PageBoundary page={`${route.page}/${route.param ?? ''}`}>
      <Page />
    </PageBoundary>
  );
};

export const App = () => {
  const [signedIn, setSignedIn] = useState<{ key: string; me: Me } | null>(null);
  const [signedOutBecause, setSignedOutBecause] = useState<string | null>(null);
  const signOut = useCallback((why?: string) => {
    forgetKey();
    setSignedIn(null);
    setSignedOutBecause(why ?? null);
  }, []);
  // A reload keeps the tab's key: sign in with it again, or forget it if it no longer opens.
  useEffect(() => {
    const key = savedKey();
    if (key) signIn(key).then((me) => setSignedIn({ key, me }), forgetKey);
  }, []);
  if (!signedIn) return <SignIn why={signedOutBecause} onSignedIn={(key, me) => setSignedIn({ key, me })} />;
  return (
    <SessionProvider apiKey={signedIn.key} me={signedIn.me} onSignOut={signOut}>
      <PastPointProvider>
        <Header />
        <main>
          <RoutedPage />
        </main>
      </PastPointProvider>
    </SessionProvider>
  );
};
