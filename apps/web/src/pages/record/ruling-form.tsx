import { useState } from 'react';
import { useCommandForm } from '../../command-form';
import { EffectiveOnField, ItemField, UnitField } from '../../components/common-fields';
import { Field } from '../../components/field';
import { FormFooter } from '../../components/form-footer';
import { useLanguage } from '../../i18n';
import { CycleView, UnitView } from '../../queries';
import { useSession } from '../../session';

const FIELD_OF_CODE: Record<string, string> = {
  UNKNOWN_ITEM: 'itemId',
  REASON_REQUIRED: 'basis',
  INVALID_EFFECTIVE_DATE: 'effectiveOn',
  UNKNOWN_UNIT: 'unitId',
};
const FIELDS = ['unitId', 'itemId', 'basis', 'effectiveOn'];
const EMPTY = { unitId: '', itemId: '', met: 'true', basis: '', effectiveOn: '' };

/** Whether a unit met an item's basic requirement; an unmet key item opens a case against its leader. */
export const RulingForm = ({ units, cycle }: { units: UnitView[]; cycle: CycleView }) => {
  const { t } = useLanguage();
  const { year } = useSession();
  const [form, setForm] = useState(EMPTY);
  const command = useCommandForm(FIELD_OF_CODE);
  const set = (field: keyof typeof EMPTY) => (value: string) => setForm({ ...form, [field]: value });
  const submit = async () => {
    if (command.missing({ unitId: form.unitId }, t('required'))) return;
    const refused = await command.send(`/cycles/${year}/units/${encodeURIComponent(form.unitId)}/rulings`, {
      itemId: form.itemId,
      met: form.met === 'true',
      basis: form.basis,
      ...(form.effectiveOn && { effectiveOn: form.effectiveOn }),
    });
    if (!refused) setForm({ ...EMPTY, unitId: form.unitId });
  };
  return (
    <form className="record" onSubmit={command.onSubmit(submit)} noValidate>
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
      <fieldset className="kind">
        <legend>{t('basicRequirement')}</legend>
        {(['true', 'false'] as const).map((met) => (
          <label key={met}>
            <input
              type="radio"
              name="met"
              value={met}
              checked={form.met === met}
              onChange={() => set('met')(met)}
            />{' '}
            {t(met === 'true' ? 'met' : 'notMet')}
          </label>
        ))}
      </fieldset>
      <Field label={t('basis')} problems={command.problemsOf('basis')}>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            maxLength={2000}
            value={form.basis}
            onChange={(event) => set('basis')(event.target.value)}
          />
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
