import { useState } from 'react';
import { useCommandForm } from '../../command-form';
import { DecimalField, EffectiveOnField, ItemField, UnitField } from '../../components/common-fields';
import { Field } from '../../components/field';
import { FormFooter } from '../../components/form-footer';
import { useLanguage } from '../../i18n';
import { CycleView, UnitScore, UnitView, useRead } from '../../queries';
import { useSession } from '../../session';

/** The domain's refusals that concern one field of the form: shown at that field. */
const FIELD_OF_CODE: Record<string, string> = {
  INVALID_POINTS: 'points',
  REGULAR_AWARD_OVER_MAX: 'points',
  REASON_REQUIRED: 'reason',
  INVALID_EFFECTIVE_DATE: 'effectiveOn',
  UNKNOWN_ITEM: 'itemId',
  ITEM_WITHDRAWN: 'itemId',
  UNKNOWN_UNIT: 'unitId',
};
const FIELDS = ['unitId', 'itemId', 'points', 'reason', 'evidence', 'effectiveOn'];

const EMPTY = {
  unitId: '',
  itemId: '',
  kind: 'award',
  points: '',
  reason: '',
  evidence: '',
  effectiveOn: '',
};

/**
 * An award or a deduction. It is sent with the unit's scorecard version as If-Match, so it is
 * recorded only onto the scorecard the supervisor was looking at.
 */
export const EntryForm = ({ units, cycle }: { units: UnitView[]; cycle: CycleView }) => {
  const { t } = useLanguage();
  const { year } = useSession();
  const [form, setForm] = useState(EMPTY);
  const command = useCommandForm(FIELD_OF_CODE);
  const score = useRead<UnitScore>(form.unitId ? `/cycles/${year}/units/${form.unitId}/score` : null);
  const set = (field: keyof typeof EMPTY) => (value: string) => setForm({ ...form, [field]: value });

  const submit = async () => {
    if (command.missing({ unitId: form.unitId }, t('required'))) return;
    const version = score.data?.streamVersion;
    const refused = await command.send(
      `/cycles/${year}/units/${encodeURIComponent(form.unitId)}/${form.kind === 'award' ? 'awards' : 'deductions'}`,
      {
        itemId: form.itemId,
        points: form.points === '' ? undefined : Number(form.points),
        reason: form.reason,
        ...(form.evidence && { evidence: form.evidence }),
        ...(form.effectiveOn && { effectiveOn: form.effectiveOn }),
      },
      version !== undefined && version >= 0 ? { ifMatch: String(version) } : {},
    );
    if (!refused) setForm({ ...EMPTY, unitId: form.unitId, itemId: form.itemId, kind: form.kind });
    else if (refused.problem.code === 'VERSION_CONFLICT') void score.refetch();
  };

  return (
    <form className="record" onSubmit={command.onSubmit(submit)} noValidate>
      <fieldset className="kind">
        <legend className="visually-hidden">{t('record')}</legend>
        {(['award', 'deduction'] as const).map((kind) => (
          <label key={kind}>
            <input
              type="radio"
              name="kind"
              value={kind}
              checked={form.kind === kind}
              onChange={() => set('kind')(kind)}
            />{' '}
            {t(kind)}
          </label>
        ))}
      </fieldset>
      <UnitField
        units={units}
        value={form.unitId}
        onChange={set('unitId')}
        problems={command.problemsOf('unitId')}
      />
      <ItemField
        cycle={cycle}
        value={form.itemId}
        onChange={set('itemId')}
        problems={command.problemsOf('itemId')}
      />
      <DecimalField
        label={t('points')}
        value={form.points}
        onChange={set('points')}
        problems={command.problemsOf('points')}
      />
      <Field label={t('reason')} problems={command.problemsOf('reason')}>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            maxLength={2000}
            value={form.reason}
            onChange={(event) => set('reason')(event.target.value)}
          />
        )}
      </Field>
      <Field label={`${t('evidence')} (${t('optional')})`} problems={command.problemsOf('evidence')}>
        {(props) => (
          <input {...props} value={form.evidence} onChange={(event) => set('evidence')(event.target.value)} />
        )}
      </Field>
      <EffectiveOnField
        value={form.effectiveOn}
        onChange={set('effectiveOn')}
        problems={command.problemsOf('effectiveOn')}
      />
      <FormFooter problem={command.formProblem(FIELDS)} receipt={command.receipt} sending={command.sending} />
    </form>
  );
};
