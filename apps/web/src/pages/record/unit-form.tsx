import { useState } from 'react';
import { useCommandForm } from '../../command-form';
import { ChoiceField, TextField, UnitField } from '../../components/common-fields';
import { Field } from '../../components/field';
import { FormFooter } from '../../components/form-footer';
import { Word, useLanguage } from '../../i18n';
import { UnitView } from '../../queries';

const CHANGES = ['register', 'appoint', 'depart'] as const;
type Change = (typeof CHANGES)[number];
const TITLES: Record<Change, Word> = {
  register: 'registerUnit',
  appoint: 'appointLeader',
  depart: 'leaderDeparts',
};
const FIELD_OF_CODE: Record<string, string> = {
  UNIT_EXISTS: 'newUnitId',
  UNKNOWN_UNIT: 'unitId',
  LEADER_IN_OFFICE: 'unitId',
  NO_LEADER_IN_OFFICE: 'unitId',
  REASON_REQUIRED: 'reason',
};
const FIELDS = ['newUnitId', 'unitId', 'name', 'kind', 'leaderId', 'reason'];
const EMPTY = { newUnitId: '', name: '', kind: 'street', unitId: '', leaderId: '', reason: '' };

/** The register of units: a new street office or department, its principal leader appointed or departed. */
export const UnitForm = ({ units }: { units: UnitView[] }) => {
  const { t } = useLanguage();
  const [change, setChange] = useState<Change>('register');
  const [form, setForm] = useState(EMPTY);
  const command = useCommandForm(FIELD_OF_CODE);
  const set = (field: keyof typeof EMPTY) => (value: string) => setForm({ ...form, [field]: value });
  /** A field's value, its setter and its problems, as every field of this form takes them. */
  const bind = (field: keyof typeof EMPTY) => ({
    value: form[field],
    onChange: set(field),
    problems: command.problemsOf(field),
  });
  const unit = encodeURIComponent(form.unitId);

  const submit = async () => {
    if (change !== 'register' && command.missing({ unitId: form.unitId }, t('required'))) return;
    const requests: Record<Change, [string, object]> = {
      register: ['/units', { unitId: form.newUnitId, name: form.name, kind: form.kind }],
      appoint: [`/units/${unit}/leader`, { leaderId: form.leaderId, name: form.name }],
      depart: [`/units/${unit}/leader/departure`, { reason: form.reason }],
    };
    const [path, body] = requests[change];
    if (!(await command.send(path, body))) setForm(EMPTY);
  };

  const unitsOf = (withLeader: boolean) =>
    units.filter((candidate) => (candidate.leader !== null) === withLeader);
  return (
    <form className="record" onSubmit={command.onSubmit(submit)} noValidate>
      <ChoiceField<Change>
        label={t('unitChange')}
        value={change}
        options={CHANGES.map((option) => [option, t(TITLES[option])] as const)}
        onChange={setChange}
        problems={[]}
      />
      {change === 'register' && (
        <>
          <TextField
            label={t('unitId')}
            placeholder="jinjiang-new-street"
            value={form.newUnitId}
            onChange={set('newUnitId')}
            problems={
              command.problemsOf('unitId').length
                ? command.problemsOf('unitId')
                : command.problemsOf('newUnitId')
            }
          />
          <TextField label={t('name')} {...bind('name')} />
          <Field label={t('kind')} problems={command.problemsOf('kind')}>
            {(props) => (
              <select {...props} value={form.kind} onChange={(event) => set('kind')(event.target.value)}>
                <option value="street">{t('street')}</option>
                <option value="department">{t('department')}</option>
              </select>
            )}
          </Field>
        </>
      )}
      {change === 'appoint' && (
        <>
          <UnitField units={unitsOf(false)} {...bind('unitId')} />
          <TextField label={t('leaderId')} {...bind('leaderId')} />
          <TextField label={t('name')} {...bind('name')} />
        </>
      )}
      {change === 'depart' && (
        <>
          <UnitField units={unitsOf(true)} {...bind('unitId')} />
          <TextField label={t('reason')} {...bind('reason')} />
        </>
      )}
      <FormFooter problem={command.formProblem(FIELDS)} receipt={command.receipt} sending={command.sending} />
    </form>
  );
};
