import { useState } from 'react';
import { useCommandForm } from '../../command-form';
import { ChoiceField, TRACKS, EffectiveOnField, ItemField } from '../../components/common-fields';
import { Field } from '../../components/field';
import { FormFooter } from '../../components/form-footer';
import { points } from '../../format';
import { Word, useLanguage } from '../../i18n';
import { CycleView, LeaderAccountability, UnitView, useRead } from '../../queries';
import { useSession } from '../../session';

const CHANGES = ['target', 'track', 'policy', 'withdraw', 'bonus'] as const;
type Change = (typeof CHANGES)[number];
const TITLES: Record<Change, Word> = {
  target: 'changeTarget',
  track: 'changeTrack',
  policy: 'amendPolicy',
  withdraw: 'withdrawItem',
  bonus: 'bonusBase',
};
const FIELD_OF_CODE: Record<string, string> = {
  INVALID_TARGET: 'threshold',
  NO_CHANGE: 'threshold',
  REASON_REQUIRED: 'reason',
  INVALID_EFFECTIVE_DATE: 'effectiveOn',
  UNKNOWN_ITEM: 'itemId',
  UNKNOWN_METRIC: 'itemId',
  INVALID_POLICY: 'regularCap',
};
const FIELDS = [
  'itemId',
  'threshold',
  'track',
  'regularCap',
  'baseScore',
  'leaderId',
  'amount',
  'reason',
  'effectiveOn',
];
const EMPTY = {
  target: '',
  itemId: '',
  threshold: '',
  track: 'X',
  regularCap: '',
  baseScore: '',
  leaderId: '',
  amount: '',
  reason: '',
  effectiveOn: '',
};

/** A change to the cycle: a target's threshold, an item's track, the policy, an item withdrawn, a leader's bonus base. */
export const CycleForm = ({ cycle }: { cycle: CycleView; units: UnitView[] }) => {
  const { t, language } = useLanguage();
  const { year } = useSession();
  const [change, setChange] = useState<Change>('target');
  const [form, setForm] = useState(EMPTY);
  const command = useCommandForm(FIELD_OF_CODE);
  const leaders = useRead<LeaderAccountability[]>(
    change === 'bonus' ? `/cycles/${year}/accountability` : null,
  );
  const set = (field: keyof typeof EMPTY) => (value: string) => setForm({ ...form, [field]: value });
  const number = (value: string) => (value === '' ? undefined : Number(value));
  const items = cycle.items.filter((item) => !item.withdrawn);

  const submit = async () => {
    const required: Record<Change, Record<string, string>> = {
      target: { itemId: form.target },
      track: { itemId: form.itemId },
      policy: {},
      withdraw: { itemId: form.itemId },
      bonus: { leaderId: form.leaderId },
    };
    if (command.missing(required[change], t('required'))) return;
    const [itemOfTarget = '', metric = ''] = form.target.split('/');
    const item = encodeURIComponent(form.itemId);
    const requests: Record<Change, [string, object]> = {
      target: [
        `/cycles/${year}/items/${encodeURIComponent(itemOfTarget)}/targets/${encodeURIComponent(metric)}`,
        {
          threshold: number(form.threshold),
          reason: form.reason,
          ...(form.effectiveOn && { effectiveOn: form.effectiveOn }),
        },
      ],
      track: [`/cycles/${year}/items/${item}/track`, { track: form.track, reason: form.reason }],
      policy: [
        `/cycles/${year}/policy`,
        {
          changes: {
            ...(form.regularCap && { regularCap: number(form.regularCap) }),
            ...(form.baseScore && { baseScore: number(form.baseScore) }),
          },
          reason: form.reason,
        },
      ],
      withdraw: [`/cycles/${year}/items/${item}/withdraw`, { reason: form.reason }],
      bonus: [
        `/cycles/${year}/leaders/${encodeURIComponent(form.leaderId)}/bonus-base`,
        { amount: number(form.amount) },
      ],
    };
    const [path, body] = requests[change];
    if (!(await command.send(path, body))) setForm(EMPTY);
  };

  const itemField = (
    <ItemField
      cycle={cycle}
      value={form.itemId}
      onChange={set('itemId')}
      problems={command.problemsOf('itemId')}
    />
  );
  const reasonField = (
    <Field label={t('reason')} problems={command.problemsOf('reason')}>
      {(props) => (
        <input {...props} value={form.reason} onChange={(event) => set('reason')(event.target.value)} />
      )}
    </Field>
  );
  const numberField = (
    field: 'threshold' | 'regularCap' | 'baseScore' | 'amount',
    word: Word,
    placeholder = '',
  ) => (
    <Field label={t(word)} problems={command.problemsOf(field)}>
      {(props) => (
        <input
          {...props}
          type="number"
          step="0.01"
          inputMode="decimal"
          placeholder={placeholder}
          value={form[field]}
          onChange={(event) => set(field)(event.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form className="record" onSubmit={command.onSubmit(submit)} noValidate>
      <ChoiceField<Change>
        label={t('cycleChange')}
        value={change}
        options={CHANGES.map((option) => [option, t(TITLES[option])] as const)}
        onChange={setChange}
        problems={[]}
      />
      {change === 'target' && (
        <>
          <Field label={t('target')} problems={command.problemsOf('itemId')}>
            {(props) => (
              <select {...props} value={form.target} onChange={(event) => set('target')(event.target.value)}>
                <option value="" />
                {items.flatMap((item) =>
                  item.targets.map((target) => (
                    <option key={`${item.itemId}/${target.metric}`} value={`${item.itemId}/${target.metric}`}>
                      {item.title}: {target.metric} {target.comparator} {points(target.threshold, language)}{' '}
                      {target.unit}
                    </option>
                  )),
                )}
              </select>
            )}
          </Field>
          {numberField('threshold', 'newThreshold')}
          {reasonField}
          <EffectiveOnField
            value={form.effectiveOn}
            onChange={set('effectiveOn')}
            problems={command.problemsOf('effectiveOn')}
          />
        </>
      )}
      {change === 'track' && (
        <>
          {itemField}
          <ChoiceField
            label={t('track')}
            value={form.track}
            options={TRACKS}
            onChange={set('track')}
            problems={command.problemsOf('track')}
          />
          {reasonField}
        </>
      )}
      {change === 'policy' && (
        <>
          {numberField('regularCap', 'cap', String(cycle.policy.regularCap))}
          {numberField('baseScore', 'baseScore', String(cycle.policy.baseScore))}
          {reasonField}
        </>
      )}
      {change === 'withdraw' && (
        <>
          {itemField}
          {reasonField}
        </>
      )}
      {change === 'bonus' && (
        <>
          <Field label={t('leader')} problems={command.problemsOf('leaderId')}>
            {(props) => (
              <select
                {...props}
                value={form.leaderId}
                onChange={(event) => set('leaderId')(event.target.value)}
              >
                <option value="" />
                {leaders.data?.map((leader) => (
                  <option key={leader.leaderId} value={leader.leaderId}>
                    {leader.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {numberField('amount', 'bonusBase')}
        </>
      )}
      <FormFooter problem={command.formProblem(FIELDS)} receipt={command.receipt} sending={command.sending} />
    </form>
  );
};
