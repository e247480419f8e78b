import { useState } from 'react';
import { useCommandForm } from '../command-form';
import { EffectiveOnField } from '../components/common-fields';
import { Field } from '../components/field';
import { FormFooter } from '../components/form-footer';
import { ProblemNote } from '../components/status';
import { percent } from '../format';
import { Word, useLanguage } from '../i18n';
import { useNames } from '../names';
import { usePastPoint } from '../past-point';
import { CycleView, useRead } from '../queries';
import { useSession } from '../session';

interface Case {
  caseId: string;
  unitId: string;
  itemId: string;
  leaderId: string;
  status: 'open' | 'sanctioned' | 'withdrawn';
  sanction: string | null;
  withheldPct: number;
}

const FIELD_OF_CODE: Record<string, string> = {
  UNKNOWN_SANCTION: 'sanction',
  REASON_REQUIRED: 'reason',
  INVALID_EFFECTIVE_DATE: 'effectiveOn',
};

/** A supervisor imposes a rung of the cycle's sanction ladder on an open case. */
const SanctionForm = ({
  found,
  ladder,
}: {
  found: Case;
  ladder: { name: string; withheldPct: number }[];
}) => {
  const { t, language } = useLanguage();
  const [form, setForm] = useState({ sanction: ladder[0]?.name ?? '', reason: '', effectiveOn: '' });
  const command = useCommandForm(FIELD_OF_CODE);
  const submit = () =>
    command.send(`/cases/${encodeURIComponent(found.caseId)}/sanction`, {
      sanction: form.sanction,
      reason: form.reason,
      ...(form.effectiveOn && { effectiveOn: form.effectiveOn }),
    });
  return (
    <form
      className="inline"
      onSubmit={command.onSubmit(submit)}
      aria-label={`${t('imposeSanction')} ${found.caseId}`}
    >
      <Field label={t('sanction')} problems={command.problemsOf('sanction')}>
        {(props) => (
          <select
            {...props}
            value={form.sanction}
            onChange={(event) => setForm({ ...form, sanction: event.target.value })}
          >
            {ladder.map((rung) => (
              <option key={rung.name} value={rung.name}>
                {rung.name} ({percent(rung.withheldPct, language)})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('reason')} problems={command.problemsOf('reason')}>
        {(props) => (
          <input
            {...props}
            value={form.reason}
            onChange={(event) => setForm({ ...form, reason: event.target.value })}
          />
        )}
      </Field>
      <EffectiveOnField
        value={form.effectiveOn}
        onChange={(effectiveOn) => setForm({ ...form, effectiveOn })}
        problems={command.problemsOf('effectiveOn')}
      />
      <FormFooter
        problem={command.formProblem(['sanction', 'reason', 'effectiveOn'])}
        receipt={command.receipt}
        sending={command.sending}
      />
    </form>
  );
};

/** The accountability cases of the cycle: whose, over which key item, and what was imposed; supervisors impose. */
export const CasesSection = () => {
  const { t, language } = useLanguage();
  const { year, me } = useSession();
  const { at, point } = usePastPoint();
  const cases = useRead<Case[]>(at(`/cycles/${year}/cases`));
  const cycle = useRead<CycleView>(`/cycles/${year}`);
  const names = useNames();
  const mayImpose = (me.role === 'supervisor' || me.role === 'admin') && !point;
  if (cases.error) return <ProblemNote error={cases.error} />;
  if (!cases.data || cases.data.length === 0) return null;
  return (
    <section aria-labelledby="cases-title">
      <h2 id="cases-title">{t('cases')}</h2>
      <ul className="cards">
        {cases.data.map((found) => (
          <li key={found.caseId} className={`card ${found.status === 'open' ? 'open' : ''}`}>
            <p>
              <strong>{names.unit(found.unitId)}</strong> · {names.item(found.itemId)} ·{' '}
              {names.leader(found.leaderId)}{' '}
              <span className={`pill ${found.status === 'sanctioned' ? 'sanctioned' : found.status}`}>
                {t(`caseStatus.${found.status}` as Word)}
              </span>
              {found.sanction && ` ${found.sanction} (${percent(found.withheldPct, language)})`}
            </p>
            {mayImpose && found.status === 'open' && cycle.data && (
              <SanctionForm found={found} ladder={cycle.data.policy.sanctionLadder} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
};
