import { ReactElement, useState } from 'react';
import { ApiProblem } from '../api';
import { Loading, ProblemNote } from '../components/status';
import { Word, useLanguage } from '../i18n';
import { CycleView, UnitView, useRead } from '../queries';
import { useSession } from '../session';
import { CycleForm } from './record/cycle-form';
import { CycleSetupForm } from './record/cycle-setup-form';
import { EntryForm } from './record/entry-form';
import { MetricForm } from './record/metric-form';
import { RulingForm } from './record/ruling-form';
import { UnitForm } from './record/unit-form';

const TABS = ['entry', 'metric', 'ruling', 'cycle', 'setup', 'units'] as const;
type Tab = (typeof TABS)[number];
/** What a cycle not opened yet still allows: opening it, and the register of units. */
const BEFORE_THE_CYCLE: readonly Tab[] = ['setup', 'units'];
const TITLES: Record<Tab, Word> = {
  entry: 'awardOrDeduction',
  metric: 'metric',
  ruling: 'ruling',
  cycle: 'cycleChange',
  setup: 'cycleSetup',
  units: 'unitsAndLeaders',
};

/** A supervisor's desk: awards and deductions, metrics, rulings, changes to the cycle, its frame and the units. */
export const RecordPage = () => {
  const { t } = useLanguage();
  const { year } = useSession();
  const units = useRead<UnitView[]>('/units');
  const cycle = useRead<CycleView>(`/cycles/${year}`);
  const [which, setWhich] = useState<Tab>('entry');
  const notOpen = cycle.error instanceof ApiProblem && cycle.error.problem.code === 'UNKNOWN_CYCLE';
  if (units.error ?? (notOpen ? null : cycle.error))
    return <ProblemNote error={units.error ?? cycle.error} />;
  if (!units.data || (!cycle.data && !notOpen)) return <Loading />;
  const tabs = notOpen ? BEFORE_THE_CYCLE : TABS;
  const shown = tabs.includes(which) ? which : tabs[0]!;
  const openCycle = notOpen ? null : cycle.data!;
  const forms: Record<Tab, () => ReactElement> = {
    entry: () => <EntryForm units={units.data} cycle={openCycle!} />,
    metric: () => <MetricForm units={units.data} cycle={openCycle!} />,
    ruling: () => <RulingForm units={units.data} cycle={openCycle!} />,
    cycle: () => <CycleForm units={units.data} cycle={openCycle!} />,
    setup: () => <CycleSetupForm key={String(notOpen)} cycle={openCycle} />,
    units: () => <UnitForm units={units.data} />,
  };
  return (
    <section aria-labelledby="record-title">
      <div className="section-head">
        <h2 id="record-title">
          {t('record')} · {year}
        </h2>
        <div className="tabs" role="group" aria-label={t('record')}>
          {tabs.map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={shown === option}
              onClick={() => setWhich(option)}
            >
              {t(TITLES[option])}
            </button>
          ))}
        </div>
      </div>
      {notOpen && <p className="muted">{t('cycleNotOpen', { year })}</p>}
      <div key={`${shown}/${year}`}>{forms[shown]()}</div>
    </section>
  );
};
