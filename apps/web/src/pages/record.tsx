import { FormEvent, useState } from 'react';
import { ApiProblem, Receipt } from '../api';
import { Field } from '../components/field';
import { Loading, ProblemNote } from '../components/status';
import { newFormId } from '../form-id';
import { useLanguage } from '../i18n';
import { CycleView, UnitScore, UnitView, useRead } from '../queries';
import { useSession } from '../session';

/** The domain's refusals that concern one field of the form: shown at that field. */
const FIELD_OF_CODE: Record<string, string> = {
  INVALID_POINTS: 'points',
  REGULAR_AWARD_OVER_MAX: 'points',
  REASON_REQUIRED: 'reason',
  INVALID_EFFECTIVE_DATE: 'effectiveOn',
  UNKNOWN_ITEM: 'itemId',
  ITEM_WITHDRAWN: 'itemId',
  UNKNOWN_UNIT: 'unitId',
};

const FIELDS = ['unitId', 'itemId', 'points', 'reason', 'evidence', 'effectiveOn'];

const EMPTY = {
  unitId: '',
  itemId: '',
  kind: 'award',
  points: '',
  reason: '',
  evidence: '',
  effectiveOn: '',
};

/**
 * A supervisor records an award or a deduction. The form sends one Idempotency-Key until the
 * entry is recorded (a double click records once) and the unit's scorecard version as
 * If-Match, so an entry is recorded only onto the scorecard the supervisor was looking at.
 */
export const RecordPage = () => {
  const { t } = useLanguage();
  const { api, year } = useSession();
  const units = useRead<UnitView[]>('/units');
  const cycle = useRead<CycleView>(`/cycles/${year}`);
  const [form, setForm] = useState(EMPTY);
  const [formId, setFormId] = useState(newFormId);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [sending, setSending] = useState(false);
  const score = useRead<UnitScore>(form.unitId ? `/cycles/${year}/units/${form.unitId}/score` : null);

  if (units.error ?? cycle.error) return <ProblemNote error={units.error ?? cycle.error} />;
  if (!units.data || !cycle.data) return <Loading />;
  const items = cycle.data.items.filter((item) => !item.withdrawn);

  const set = (field: keyof typeof EMPTY) => (value: string) => setForm({ ...form, [field]: value });
  const problemsOf = (field: string): string[] => {
    if (!problem) return [];
    const listed = problem.fieldProblems(field);
    return listed.length > 0
      ? listed
      : FIELD_OF_CODE[problem.problem.code] === field
        ? [problem.message]
        : [];
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setProblem(null);
    setReceipt(null);
    try {
      const version = score.data?.streamVersion;
      const answer = await api.command(
        `/cycles/${year}/units/${encodeURIComponent(form.unitId)}/${form.kind === 'award' ? 'awards' : 'deductions'}`,
        {
          itemId: form.itemId,
          points: form.points === '' ? undefined : Number(form.points),
          reason: form.reason,
          ...(form.evidence && { evidence: form.evidence }),
          ...(form.effectiveOn && { effectiveOn: form.effectiveOn }),
        },
        {
          idempotencyKey: formId,
          ...(version !== undefined && version >= 0 && { ifMatch: String(version) }),
        },
      );
      setReceipt(answer);
      setForm({ ...EMPTY, unitId: form.unitId, itemId: form.itemId });
      setFormId(newFormId());
    } catch (error) {
      if (error instanceof ApiProblem && error.problem.code === 'VERSION_CONFLICT') void score.refetch();
      setProblem(
        error instanceof ApiProblem
          ? error
          : new ApiProblem({ statusCode: 0, code: 'NETWORK', message: String(error) }),
      );
    } finally {
      setSending(false);
    }
  };
  // A refusal no field shows (a conflict, a closed cycle, a lost connection) is shown above the button.
  const formLevel = problem && !FIELDS.some((field) => problemsOf(field).length > 0) ? problem : null;

  return (
    <section aria-labelledby="record-title">
      <h2 id="record-title">
        {t('record')} · {year}
      </h2>
      <form className="record" onSubmit={submit} noValidate>
        <fieldset className="kind">
          <legend className="visually-hidden">{t('record')}</legend>
          {(['award', 'deduction'] as const).map((kind) => (
            <label key={kind}>
              <input
                type="radio"
                name="kind"
                value={kind}
                checked={form.kind === kind}
                onChange={() => set('kind')(kind)}
              />{' '}
              {t(kind)}
            </label>
          ))}
        </fieldset>
        <Field label={t('unitOfForm')} problems={problemsOf('unitId')}>
          {(props) => (
            <select
              {...props}
              value={form.unitId}
              onChange={(event) => set('unitId')(event.target.value)}
              required
            >
              <option value="" />
              {units.data.map((unit) => (
                <option key={unit.unitId} value={unit.unitId}>
                  {unit.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('itemOfForm')} problems={problemsOf('itemId')}>
          {(props) => (
            <select
              {...props}
              value={form.itemId}
              onChange={(event) => set('itemId')(event.target.value)}
              required
            >
              <option value="" />
              {items.map((item) => (
                <option key={item.itemId} value={item.itemId}>
                  {item.title} ({item.track})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('points')} problems={problemsOf('points')}>
          {(props) => (
            <input
              {...props}
              type="number"
              step="0.01"
              inputMode="decimal"
              value={form.points}
              onChange={(event) => set('points')(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('reason')} problems={problemsOf('reason')}>
          {(props) => (
            <textarea
              {...props}
              rows={2}
              value={form.reason}
              onChange={(event) => set('reason')(event.target.value)}
            />
          )}
        </Field>
        <Field label={`${t('evidence')} (${t('optional')})`} problems={problemsOf('evidence')}>
          {(props) => (
            <input
              {...props}
              value={form.evidence}
              onChange={(event) => set('evidence')(event.target.value)}
            />
          )}
        </Field>
        <Field label={`${t('effectiveOn')} (${t('optional')})`} problems={problemsOf('effectiveOn')}>
          {(props) => (
            <input
              {...props}
              type="date"
              min={`${year}-01-01`}
              max={`${year}-12-31`}
              value={form.effectiveOn}
              onChange={(event) => set('effectiveOn')(event.target.value)}
            />
          )}
        </Field>
        {formLevel &&
          (formLevel.problem.code === 'VERSION_CONFLICT' ? (
            <p className="problem" role="alert">
              {t('conflict')}
            </p>
          ) : (
            <ProblemNote error={formLevel} />
          ))}
        {receipt && (
          <p className="done" role="status">
            {t('recorded', { position: receipt.position })}
          </p>
        )}
        <button type="submit" disabled={sending}>
          {t('submit')}
        </button>
      </form>
    </section>
  );
};
