import { useState } from 'react';
import { useCommandForm } from '../../command-form';
import { DecimalField, EffectiveOnField, UnitField } from '../../components/common-fields';
import { Field } from '../../components/field';
import { FormFooter } from '../../components/form-footer';
import { points } from '../../format';
import { useLanguage } from '../../i18n';
import { CycleView, UnitView } from '../../queries';
import { useSession } from '../../session';

const FIELD_OF_CODE: Record<string, string> = {
  INVALID_METRIC_VALUE: 'value',
  UNKNOWN_METRIC: 'metric',
  UNKNOWN_ITEM: 'itemId',
  INVALID_EFFECTIVE_DATE: 'effectiveOn',
  UNKNOWN_UNIT: 'unitId',
};
const FIELDS = ['unitId', 'itemId', 'metric', 'value', 'effectiveOn'];
const EMPTY = { unitId: '', target: '', value: '', effectiveOn: '' };

/** A unit's reported figure for one target of an item (judged against its threshold when recorded). */
export const MetricForm = ({ units, cycle }: { units: UnitView[]; cycle: CycleView }) => {
  const { t, language } = useLanguage();
  const { year } = useSession();
  const [form, setForm] = useState(EMPTY);
  const command = useCommandForm(FIELD_OF_CODE);
  const targets = cycle.items.flatMap((item) =>
    item.withdrawn
      ? []
      : item.targets.map((target) => ({ item, target, key: `${item.itemId}/${target.metric}` })),
  );
  const set = (field: keyof typeof EMPTY) => (value: string) => setForm({ ...form, [field]: value });
  const submit = async () => {
    if (command.missing({ unitId: form.unitId, metric: form.target }, t('required'))) return;
    const [itemId = '', metric = ''] = form.target.split('/');
    const refused = await command.send(`/cycles/${year}/units/${encodeURIComponent(form.unitId)}/metrics`, {
      itemId,
      metric,
      value: form.value === '' ? undefined : Number(form.value),
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
      <Field
        label={t('target')}
        problems={[...command.problemsOf('itemId'), ...command.problemsOf('metric')]}
      >
        {(props) => (
          <select {...props} value={form.target} onChange={(event) => set('target')(event.target.value)}>
            <option value="" />
            {targets.map(({ item, target, key }) => (
              <option key={key} value={key}>
                {item.title}: {target.metric} {target.comparator} {points(target.threshold, language)}{' '}
                {target.unit}
              </option>
            ))}
          </select>
        )}
      </Field>
      <DecimalField
        label={t('value')}
        value={form.value}
        onChange={set('value')}
        problems={command.problemsOf('value')}
      />
      <EffectiveOnField
        value={form.effectiveOn}
        onChange={set('effectiveOn')}
        problems={command.problemsOf('effectiveOn')}
      />
      <FormFooter problem={command.formProblem(FIELDS)} receipt={command.receipt} sending={command.sending} />
    </form>
  );
};
