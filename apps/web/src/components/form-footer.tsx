import { ApiProblem, Receipt } from '../api';
import { useLanguage } from '../i18n';
import { ProblemNote } from './status';

/** Below a command form's fields: the refusal no field shows, the receipt, and the button. */
export const FormFooter = ({
  problem,
  receipt,
  sending,
  label,
}: {
  problem: ApiProblem | null;
  receipt: Receipt | null;
  sending: boolean;
  /** What the button says, when not "Record it". */
  label?: string;
}) => {
  const { t } = useLanguage();
  return (
    <>
      {problem &&
        (problem.problem.code === 'VERSION_CONFLICT' ? (
          <p className="problem" role="alert">
            {t('conflict')}
          </p>
        ) : (
          <ProblemNote error={problem} />
        ))}
      {receipt && (
        <p className="done" role="status">
          {t('recorded', { position: receipt.position })}
        </p>
      )}
      <button type="submit" disabled={sending}>
        {label ?? t('submit')}
      </button>
    </>
  );
};
