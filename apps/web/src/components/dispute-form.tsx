import { FormEvent, useState } from 'react';
import { ApiProblem } from '../api';
import { newFormId } from '../form-id';
import { useLanguage } from '../i18n';
import { useSession } from '../session';
import { Field } from './field';
import { ProblemNote } from './status';

/** Files a dispute on one event of a unit (an entry, from the row it concerns). */
export const DisputeForm = ({
  unitId,
  eventId,
  onDone,
}: {
  unitId: string;
  eventId: string;
  onDone(): void;
}) => {
  const { t } = useLanguage();
  const { api, year } = useSession();
  const [grounds, setGrounds] = useState('');
  const [formId] = useState(newFormId);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [filed, setFiled] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const receipt = (await api.command(
        '/disputes',
        { year, unitId, eventId, grounds },
        { idempotencyKey: formId },
      )) as {
        disputeId?: string;
      };
      setFiled(receipt.disputeId ?? '');
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : null);
    }
  };
  // Empty grounds are refused by validation (by field) or by the rule (by code): either is said at the field.
  const groundsProblems = problem
    ? problem.fieldProblems('grounds').length > 0
      ? problem.fieldProblems('grounds')
      : problem.problem.code === 'GROUNDS_REQUIRED' || problem.problem.code === 'REASON_REQUIRED'
        ? [problem.message]
        : []
    : [];
  if (filed !== null) {
    return (
      <p className="done" role="status">
        {t('disputeFiled', { id: filed })}{' '}
        <button type="button" className="quiet" onClick={onDone}>
          {t('ok')}
        </button>
      </p>
    );
  }
  return (
    <form className="inline" onSubmit={submit} aria-label={t('fileDispute')}>
      <Field label={t('grounds')} problems={groundsProblems}>
        {(props) => (
          <input {...props} value={grounds} onChange={(event) => setGrounds(event.target.value)} size={36} />
        )}
      </Field>
      <button type="submit">{t('fileDispute')}</button>
      <button type="button" className="quiet" onClick={onDone}>
        {t('cancel')}
      </button>
      {problem && groundsProblems.length === 0 && <ProblemNote error={problem} />}
    </form>
  );
};
