import { FormEvent, useState } from 'react';
import { ApiProblem } from '../api';
import { Field } from '../components/field';
import { Loading, ProblemNote } from '../components/status';
import { newFormId } from '../form-id';
import { instant, signedPoints } from '../format';
import { useLanguage } from '../i18n';
import { useNames } from '../names';
import { usePastPoint } from '../past-point';
import { Dispute, UnitScore, useRead } from '../queries';
import { useSession } from '../session';

/** The event under dispute, as the unit's score shows it: item, points, reason, when. */
const DisputedEntry = ({ dispute }: { dispute: Dispute }) => {
  const { t, language } = useLanguage();
  const { year } = useSession();
  const score = useRead<UnitScore>(
    dispute.target.kind === 'score-entry'
      ? `/cycles/${year}/units/${encodeURIComponent(dispute.unitId)}/score`
      : null,
  );
  const entry = score.data?.entries.find((candidate) => candidate.entryId === dispute.eventId);
  const names = useNames();
  if (!entry) return <span className="muted">{`${dispute.target.kind} ${dispute.eventId}`}</span>;
  return (
    <span>
      {names.item(entry.itemId)}{' '}
      {signedPoints(entry.kind === 'award' ? entry.points : -entry.points, language)} · {entry.reason} ·{' '}
      {instant(entry.recordedAt, language)}
      {entry.reversed && (
        <>
          {' '}
          <span className="pill">{t('reversed')}</span>
        </>
      )}
    </span>
  );
};

const ResolveForm = ({ dispute }: { dispute: Dispute }) => {
  const { t } = useLanguage();
  const { api } = useSession();
  const [outcome, setOutcome] = useState<'upheld' | 'overturned'>('upheld');
  const [reason, setReason] = useState('');
  const [formId] = useState(newFormId);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      await api.command(
        `/disputes/${encodeURIComponent(dispute.disputeId)}/resolution`,
        { outcome, reason },
        {
          idempotencyKey: formId,
        },
      );
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : null);
    }
  };
  return (
    <form className="inline" onSubmit={submit} aria-label={`${t('resolve')} ${dispute.disputeId}`}>
      <fieldset className="kind">
        <legend className="visually-hidden">{t('outcome')}</legend>
        {(['upheld', 'overturned'] as const).map((option) => (
          <label key={option}>
            <input type="radio" checked={outcome === option} onChange={() => setOutcome(option)} />{' '}
            {t(option)}
          </label>
        ))}
      </fieldset>
      <Field label={t('reason')} problems={problem?.fieldProblems('reason') ?? []}>
        {(props) => (
          <input {...props} value={reason} onChange={(event) => setReason(event.target.value)} size={30} />
        )}
      </Field>
      <button type="submit">{t('resolve')}</button>
      {problem && problem.fieldProblems('reason').length === 0 && <ProblemNote error={problem} />}
    </form>
  );
};

/** The reviewer's desk: every dispute of the cycle, open ones first, each with the event it concerns. */
export const DisputesPage = () => {
  const { t } = useLanguage();
  const { year, me } = useSession();
  const { at } = usePastPoint();
  const disputes = useRead<Dispute[]>(at(`/cycles/${year}/disputes`));
  // A unit leader cannot read the list of units: the names come from its own unit's.
  const names = useNames();
  if (disputes.error) return <ProblemNote error={disputes.error} />;
  if (!disputes.data) return <Loading />;
  const ordered = [...disputes.data].sort(
    (a, b) => Number(a.status === 'resolved') - Number(b.status === 'resolved'),
  );
  return (
    <section aria-labelledby="disputes-title">
      <h2 id="disputes-title">
        {t('disputes')} · {year}
      </h2>
      {!ordered.some((dispute) => dispute.status === 'open') && (
        <p className="muted">{t('noOpenDisputes')}</p>
      )}
      <ul className="cards">
        {ordered.map((dispute) => (
          <li key={dispute.disputeId} className={`card ${dispute.status}`}>
            <p>
              <strong>{names.unit(dispute.unitId)}</strong>{' '}
              <span className={`pill ${dispute.status}`}>
                {dispute.status === 'open'
                  ? t('open')
                  : `${t('resolved')}: ${t(dispute.outcome ?? 'upheld')}`}
              </span>
            </p>
            <p>
              {t('disputedEvent')}: <DisputedEntry dispute={dispute} />
            </p>
            <p>
              {t('grounds')}: {dispute.grounds}
            </p>
            <p className="muted">
              {t('filedBy')} {dispute.filedBy.name ?? dispute.filedBy.id}
              {dispute.reason && ` · ${t('reason')}: ${dispute.reason}`}
            </p>
            {dispute.status === 'open' && (me.role === 'reviewer' || me.role === 'admin') && (
              <ResolveForm dispute={dispute} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
};
