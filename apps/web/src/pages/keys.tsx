import { useEffect, useRef, useState } from 'react';
import { useCommandForm } from '../command-form';
import { TextField, UnitField } from '../components/common-fields';
import { Field } from '../components/field';
import { FormFooter } from '../components/form-footer';
import { Loading, ProblemNote } from '../components/status';
import { instant } from '../format';
import { Word, useLanguage } from '../i18n';
import { useNames } from '../names';
import { UnitView, useRead } from '../queries';
import { ROLES } from '../session';

interface KeyRecord {
  keyId: string;
  name: string;
  role: string;
  unitId: string | null;
  status: 'active' | 'expired' | 'revoked';
  issuedAt: string;
  issuedBy: { id: string; name?: string };
  expiresAt: string | null;
  replacedBy: string | null;
  revocationReason: string | null;
}

/** A key as issued: the only time its secret is shown. */
const NewKey = ({ answer }: { answer: unknown }) => {
  const { t } = useLanguage();
  const issued = answer as { key?: string; name?: string } | null;
  const shown = useRef<HTMLDivElement>(null);
  useEffect(() => {
    shown.current?.scrollIntoView({ block: 'nearest' });
  }, [issued]);
  if (!issued?.key) return null;
  return (
    <div className="done" role="status" ref={shown}>
      <p>{t('keyShownOnce', { name: issued.name ?? '' })}</p>
      <code className="secret">{issued.key}</code>
    </div>
  );
};

const ISSUE_FIELD_OF_CODE: Record<string, string> = {
  UNIT_REQUIRED: 'unitId',
  UNIT_NOT_ALLOWED: 'unitId',
  UNKNOWN_UNIT: 'unitId',
  KEY_NAME_REQUIRED: 'name',
  INVALID_KEY_NAME: 'name',
  INVALID_EXPIRY: 'expires',
};

/** A new key for a person: a role, the unit for a unit leader, and when it stops opening anything. */
const IssueForm = ({ units, onIssued }: { units: UnitView[]; onIssued(answer: unknown): void }) => {
  const { t } = useLanguage();
  const empty = { role: 'analyst', name: '', unitId: '', expires: '' };
  const [form, setForm] = useState(empty);
  const command = useCommandForm(ISSUE_FIELD_OF_CODE);
  const submit = async () => {
    const refused = await command.send(
      '/keys',
      {
        role: form.role,
        name: form.name,
        ...(form.unitId && { unitId: form.unitId }),
        ...(form.expires && { expires: form.expires }),
      },
      { onAnswer: onIssued },
    );
    if (!refused) setForm(empty);
  };
  return (
    <form className="record" onSubmit={command.onSubmit(submit)} aria-labelledby="issue-title" noValidate>
      <h3 id="issue-title">{t('issueKey')}</h3>
      <Field label={t('role')} problems={command.problemsOf('role')}>
        {(props) => (
          <select
            {...props}
            value={form.role}
            onChange={(event) => setForm({ ...form, role: event.target.value })}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}` as Word)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField
        label={t('keyHolder')}
        value={form.name}
        onChange={(name) => setForm({ ...form, name })}
        problems={command.problemsOf('name')}
      />
      {form.role === 'unit-leader' && (
        <UnitField
          units={units}
          value={form.unitId}
          onChange={(unitId) => setForm({ ...form, unitId })}
          problems={command.problemsOf('unitId')}
        />
      )}
      <TextField
        label={`${t('expires')} (${t('optional')})`}
        placeholder="90d"
        value={form.expires}
        onChange={(expires) => setForm({ ...form, expires })}
        problems={command.problemsOf('expires')}
      />
      <FormFooter
        problem={command.formProblem(['role', 'name', 'unitId', 'expires'])}
        receipt={null}
        sending={command.sending}
        label={t('issueKey')}
      />
    </form>
  );
};

/** Rotating a key (a successor for the same holder, the old one revoked) or revoking it, with the reason. */
const KeyActions = ({ found, onIssued }: { found: KeyRecord; onIssued(answer: unknown): void }) => {
  const { t } = useLanguage();
  const [reason, setReason] = useState('');
  const rotation = useCommandForm();
  const revocation = useCommandForm({ REASON_REQUIRED: 'reason', VALIDATION_FAILED: 'reason' });
  const path = `/keys/${encodeURIComponent(found.keyId)}`;
  // The rotated key leaves the list of keys in use at once, perhaps before its answer is here:
  // the page, not this card, shows its successor.
  return (
    <div className="key-actions">
      <form
        className="inline"
        aria-label={`${t('rotateKey')} ${found.name}`}
        onSubmit={rotation.onSubmit(() => rotation.send(`${path}/rotation`, {}, { onAnswer: onIssued }))}
      >
        <FormFooter
          problem={rotation.problem}
          receipt={null}
          sending={rotation.sending}
          label={t('rotateKey')}
        />
      </form>
      <form
        className="inline"
        aria-label={`${t('revokeKey')} ${found.name}`}
        onSubmit={revocation.onSubmit(() => revocation.send(path, { reason }, { method: 'DELETE' }))}
      >
        <TextField
          label={t('reason')}
          value={reason}
          onChange={setReason}
          problems={revocation.problemsOf('reason')}
        />
        <FormFooter
          problem={revocation.formProblem(['reason'])}
          receipt={null}
          sending={revocation.sending}
          label={t('revokeKey')}
        />
      </form>
    </div>
  );
};

/** The key console: every key ever issued, whose it is and whether it still opens anything. */
export const KeysPage = () => {
  const { t, language } = useLanguage();
  const keys = useRead<KeyRecord[]>('/keys');
  const units = useRead<UnitView[]>('/units');
  const names = useNames();
  const [shown, setShown] = useState<'active' | 'all'>('active');
  const [issued, setIssued] = useState<unknown>(null);
  if (keys.error) return <ProblemNote error={keys.error} />;
  if (!keys.data) return <Loading />;
  const listed = keys.data.filter((found) => shown === 'all' || found.status === 'active');
  return (
    <section aria-labelledby="keys-title">
      <div className="section-head">
        <h2 id="keys-title">{t('keys')}</h2>
        <div className="tabs" role="group" aria-label={t('keys')}>
          {(['active', 'all'] as const).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={shown === option}
              onClick={() => setShown(option)}
            >
              {t(option === 'active' ? 'activeKeys' : 'allKeys')}
            </button>
          ))}
        </div>
      </div>
      <NewKey answer={issued} />
      <ul className="cards">
        {listed.map((found) => (
          <li key={found.keyId} className="card">
            <p>
              <strong>{found.name}</strong> · {t(`role.${found.role}` as Word)}
              {found.unitId && ` · ${names.unit(found.unitId)}`}{' '}
              <span className={`pill ${found.status === 'active' ? 'clear' : 'removed'}`}>
                {t(`keyStatus.${found.status}` as Word)}
              </span>
            </p>
            <p className="muted">
              <code>{found.keyId}</code> · {t('issuedBy', { who: found.issuedBy.name ?? found.issuedBy.id })}{' '}
              {instant(found.issuedAt, language)}
              {found.expiresAt && ` · ${t('expiresAt', { when: instant(found.expiresAt, language) })}`}
              {found.revocationReason && ` · ${found.revocationReason}`}
            </p>
            {found.status === 'active' && <KeyActions found={found} onIssued={setIssued} />}
          </li>
        ))}
      </ul>
      {units.data && <IssueForm units={units.data} onIssued={setIssued} />}
    </section>
  );
};
