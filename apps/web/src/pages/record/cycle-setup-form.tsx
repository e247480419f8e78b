import { useState } from 'react';
import { useCommandForm } from '../../command-form';
import { ChoiceField, TRACKS, DecimalField, TextField } from '../../components/common-fields';
import { Field } from '../../components/field';
import { FormFooter } from '../../components/form-footer';
import { Word, useLanguage } from '../../i18n';
import { CycleView } from '../../queries';
import { useSession } from '../../session';

const STEPS = ['open', 'item', 'close'] as const;
type Step = (typeof STEPS)[number];
const TITLES: Record<Step, Word> = { open: 'openCycle', item: 'defineItem', close: 'closeCycle' };
const FIELD_OF_CODE: Record<string, string> = {
  CYCLE_EXISTS: 'year',
  INVALID_POLICY: 'regularCap',
  ITEM_EXISTS: 'itemId',
  INVALID_TARGET: 'targets',
  REASON_REQUIRED: 'reason',
};
const FIELDS = [
  'year',
  'baseScore',
  'regularCap',
  'regularAwardMax',
  'itemId',
  'title',
  'track',
  'text',
  'targets',
  'reason',
];
const NO_TARGET = { metric: '', comparator: '>=', threshold: '', unit: '' };
const EMPTY = {
  baseScore: '',
  regularCap: '',
  regularAwardMax: '',
  itemId: '',
  title: '',
  track: '1',
  text: '',
  panelScoreAtLeast: '',
  targets: [] as (typeof NO_TARGET)[],
  reason: '',
};

const number = (value: string) => (value === '' ? undefined : Number(value));

/**
 * A cycle's frame: opening it under a policy (the defaults where a figure is left empty),
 * defining its items with their basic requirements and targets, and closing it at year end.
 * A cycle not open yet offers the opening only.
 */
export const CycleSetupForm = ({ cycle }: { cycle: CycleView | null }) => {
  const { t } = useLanguage();
  const { year } = useSession();
  const steps = cycle ? STEPS.filter((step) => step !== 'open') : (['open'] as const);
  const [step, setStep] = useState<Step>(steps[0]!);
  const [form, setForm] = useState(EMPTY);
  const command = useCommandForm(FIELD_OF_CODE);
  const set = (field: Exclude<keyof typeof EMPTY, 'targets'>) => (value: string) =>
    setForm({ ...form, [field]: value });
  /** A field's value, its setter and its problems, as every field of this form takes them. */
  const bind = (field: Exclude<keyof typeof EMPTY, 'targets'>) => ({
    value: form[field],
    onChange: set(field),
    problems: command.problemsOf(field),
  });
  const setTarget = (index: number, change: Partial<typeof NO_TARGET>) =>
    setForm({
      ...form,
      targets: form.targets.map((target, i) => (i === index ? { ...target, ...change } : target)),
    });

  const submit = async () => {
    const requirement = {
      ...(form.text && { text: form.text }),
      ...(form.panelScoreAtLeast && { panelScoreAtLeast: number(form.panelScoreAtLeast) }),
    };
    const requests: Record<Step, [string, object]> = {
      open: [
        '/cycles',
        {
          year,
          policy: {
            ...(form.baseScore && { baseScore: number(form.baseScore) }),
            ...(form.regularCap && { regularCap: number(form.regularCap) }),
            ...(form.regularAwardMax && { regularAwardMax: number(form.regularAwardMax) }),
          },
        },
      ],
      item: [
        `/cycles/${year}/items`,
        {
          itemId: form.itemId,
          title: form.title,
          track: form.track,
          ...(Object.keys(requirement).length > 0 && { basicRequirement: requirement }),
          ...(form.targets.length > 0 && {
            targets: form.targets.map((target) => ({ ...target, threshold: number(target.threshold) })),
          }),
        },
      ],
      close: [`/cycles/${year}/close`, { reason: form.reason }],
    };
    const [path, body] = requests[step];
    if (!(await command.send(path, body))) setForm(EMPTY);
  };

  return (
    <form className="record" onSubmit={command.onSubmit(submit)} noValidate>
      <ChoiceField<Step>
        label={t('cycleSetup')}
        value={step}
        options={steps.map((option) => [option, t(TITLES[option], { year })] as const)}
        onChange={setStep}
        problems={command.problemsOf('year')}
      />
      {step === 'open' && (
        <>
          <DecimalField label={t('baseScore')} placeholder="100" {...bind('baseScore')} />
          <DecimalField label={t('cap')} placeholder="130" {...bind('regularCap')} />
          <DecimalField label={t('regularAwardMax')} placeholder="2" {...bind('regularAwardMax')} />
        </>
      )}
      {step === 'item' && (
        <>
          <TextField label={t('itemId')} placeholder="river-chief" {...bind('itemId')} />
          <TextField label={t('itemTitle')} {...bind('title')} />
          <ChoiceField label={t('track')} options={TRACKS} {...bind('track')} />
          <TextField label={`${t('basicRequirement')} (${t('optional')})`} {...bind('text')} />
          <DecimalField
            label={`${t('panelScoreAtLeast')} (${t('optional')})`}
            {...bind('panelScoreAtLeast')}
          />
          {form.targets.map((target, index) => (
            <fieldset key={index} className="member">
              <legend>{t('targetNumber', { number: index + 1 })}</legend>
              <TextField
                label={t('metric')}
                value={target.metric}
                onChange={(metric) => setTarget(index, { metric })}
                problems={index === 0 ? command.problemsOf('targets') : []}
              />
              <Field label={t('comparator')} problems={[]}>
                {(props) => (
                  <select
                    {...props}
                    value={target.comparator}
                    onChange={(event) => setTarget(index, { comparator: event.target.value })}
                  >
                    <option value=">=">≥</option>
                    <option value="<=">≤</option>
                  </select>
                )}
              </Field>
              <DecimalField
                label={t('threshold')}
                value={target.threshold}
                onChange={(threshold) => setTarget(index, { threshold })}
                problems={[]}
              />
              <TextField
                label={t('measuredIn')}
                placeholder="%"
                value={target.unit}
                onChange={(unit) => setTarget(index, { unit })}
                problems={[]}
              />
              <button
                type="button"
                className="quiet"
                onClick={() => setForm({ ...form, targets: form.targets.filter((_, i) => i !== index) })}
              >
                {t('removeTarget')}
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            className="quiet"
            onClick={() => setForm({ ...form, targets: [...form.targets, NO_TARGET] })}
          >
            {t('addTarget')}
          </button>
        </>
      )}
      {step === 'close' && <TextField label={t('reason')} {...bind('reason')} />}
      <FormFooter problem={command.formProblem(FIELDS)} receipt={command.receipt} sending={command.sending} />
    </form>
  );
};
