import { useState } from 'react';
import { Loading, ProblemNote } from '../components/status';
import { Word, useLanguage } from '../i18n';
import { CycleView, UnitView, useRead } from '../queries';
import { useSession } from '../session';
import { CycleForm } from './record/cycle-form';
import { EntryForm } from './record/entry-form';
import { MetricForm } from './record/metric-form';
import { RulingForm } from './record/ruling-form';

const FORMS = { entry: EntryForm, metric: MetricForm, ruling: RulingForm, cycle: CycleForm } as const;
const TITLES: Record<keyof typeof FORMS, Word> = {
  entry: 'awardOrDeduction',
  metric: 'metric',
  ruling: 'ruling',
  cycle: 'cycleChange',
};

/** A supervisor's desk: an award or deduction, a reported metric, a ruling on a basic requirement, a change to the cycle. */
export const RecordPage = () => {
  const { t } = useLanguage();
  const { year } = useSession();
  const units = useRead<UnitView[]>('/units');
  const cycle = useRead<CycleView>(`/cycles/${year}`);
  const [which, setWhich] = useState<keyof typeof FORMS>('entry');
  if (units.error ?? cycle.error) return <ProblemNote error={units.error ?? cycle.error} />;
  if (!units.data || !cycle.data) return <Loading />;
  const Form = FORMS[which];
  return (
    <section aria-labelledby="record-title">
      <div className="section-head">
        <h2 id="record-title">
          {t('record')} · {year}
        </h2>
        <div className="tabs" role="group" aria-label={t('record')}>
          {(Object.keys(FORMS) as (keyof typeof FORMS)[]).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={which === option}
              onClick={() => setWhich(option)}
            >
              {t(TITLES[option])}
            </button>
          ))}
        </div>
      </div>
      <Form key={which} units={units.data} cycle={cycle.data} />
    </section>
  );
};
