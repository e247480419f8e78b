import { ApiProblem } from '../api';
import { useLanguage } from '../i18n';

export const Loading = () => {
  const { t } = useLanguage();
  return (
    <p className="muted" role="status">
      {t('loading')}
    </p>
  );
};

/** A refusal shown as the API words it, with its code for whoever reports it. */
export const ProblemNote = ({ error }: { error: unknown }) => (
  <p className="problem" role="alert">
    {error instanceof ApiProblem ? (
      <>
        {error.message} <code>{error.problem.code}</code>
      </>
    ) : (
      String(error)
    )}
  </p>
);
