import { FormEvent, useState } from 'react';
import { ApiProblem } from '../api';
import { Loading, ProblemNote } from '../components/status';
import { points, signedPoints } from '../format';
import { useLanguage } from '../i18n';
import { CycleChanges, CycleView, WhatIfAnswer, useRead } from '../queries';
import { useNames } from '../names';
import { linkTo } from '../route';
import { useSession } from '../session';

const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

/** Who moved between two days of the appraisal year, and by which entries. */
const WhatChanged = () => {
  const { t, language, eventName } = useLanguage();
  const { year } = useSession();
  const [days, setDays] = useState({ from: `${year}-06-30`, to: `${year}-12-31` });
  const [asked, setAsked] = useState(days);
  // A day left empty is no bound: from the cycle's start, or up to now.
  const bounds = new URLSearchParams({
    ...(asked.from && { effectiveFrom: asked.from }),
    ...(asked.to && { effectiveTo: asked.to }),
  });
  const changes = useRead<CycleChanges>(`/cycles/${year}/changes?${bounds.toString()}`);
  return (
    <section aria-labelledby="changed-title">
      <h2 id="changed-title">{t('whatChanged')}</h2>
      <form
        className="inline"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          setAsked(days);
        }}
      >
        <label>
          {t('fromDay')}{' '}
          <input
            aria-label={t('fromDay')}
            type="date"
            value={days.from}
            onChange={(event) => setDays({ ...days, from: event.target.value })}
          />
        </label>
        <label>
          {t('toDay')}{' '}
          <input
            aria-label={t('toDay')}
            type="date"
            value={days.to}
            onChange={(event) => setDays({ ...days, to: event.target.value })}
          />
        </label>
        <button type="submit">{t('show')}</button>
      </form>
      {changes.error ? (
        <ProblemNote error={changes.error} />
      ) : !changes.data ? (
        <Loading />
      ) : (
        <table className="stack">
          <thead>
            <tr>
              <th scope="col">{t('unit')}</th>
              <th scope="col" className="n">
                {t('total')}
              </th>
              <th scope="col" className="n">
                {t('rank')}
              </th>
              <th scope="col">{t('because')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.data.units.map((unit) => (
              <tr key={unit.unitId}>
                <td data-label={t('unit')}>
                  <a href={linkTo('unit', unit.unitId)}>{unit.name}</a>
                </td>
                <td className="n" data-label={t('total')}>
                  {unit.before ? points(unit.before.total, language) : '–'} →{' '}
                  {unit.after ? points(unit.after.total, language) : '–'}
                </td>
                <td className="n" data-label={t('rank')}>
                  {unit.before?.rank ?? '–'} → {unit.after?.rank ?? '–'}
                </td>
                <td data-label={t('because')}>
                  {unit.events.length === 0 && <span className="muted">{t('othersMoved')}</span>}
                  {unit.events.map((event) => (
                    <div key={event.eventId}>
                      {event.points !== null && <strong>{signedPoints(event.points, language)} </strong>}
                      {event.reason ?? eventName(event.type)}{' '}
                      <span className="muted">({event.actor.name ?? event.actor.id})</span>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};

/** The board under another cap or other tracks, beside the recorded one; nothing is recorded. */
const WhatIf = () => {
  const { t, language } = useLanguage();
  const { api, year } = useSession();
  const cycle = useRead<CycleView>(`/cycles/${year}`);
  const names = useNames();
  const [cap, setCap] = useState('');
  const [tracks, setTracks] = useState<Record<string, '1' | 'X'>>({});
  const [answer, setAnswer] = useState<WhatIfAnswer | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const ask = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const body = {
        ...(cap && { policy: { regularCap: Number(cap) } }),
        ...(Object.keys(tracks).length > 0 && { tracks }),
      };
      setAnswer(await api.ask<WhatIfAnswer>(`/cycles/${year}/what-if`, body));
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : String(error));
    }
  };
  return (
    <section aria-labelledby="what-if-title">
      <h2 id="what-if-title">{t('whatIf')}</h2>
      <form className="inline" onSubmit={ask}>
        <label>
          {t('cap')}{' '}
          <input
            aria-label={t('cap')}
            type="number"
            inputMode="decimal"
            size={6}
            placeholder={String(cycle.data?.policy.regularCap ?? '')}
            value={cap}
            onChange={(event) => setCap(event.target.value)}
          />
        </label>
        {cycle.data?.items
          .filter((item) => !item.withdrawn)
          .map((item) => (
            <label key={item.itemId}>
              {item.title}{' '}
              <select
                value={tracks[item.itemId] ?? item.track}
                onChange={(event) => {
                  const track = event.target.value as '1' | 'X';
                  const next = { ...tracks };
                  if (track === item.track) delete next[item.itemId];
                  else next[item.itemId] = track;
                  setTracks(next);
                }}
              >
                <option value="1">1</option>
                <option value="X">X</option>
              </select>
            </label>
          ))}
        <button type="submit">{t('recompute')}</button>
      </form>
      {problem !== null && <ProblemNote error={problem} />}
      {answer && (
        <>
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">{t('unit')}</th>
                <th scope="col" className="n">
                  {t('recordedTotal')}
                </th>
                <th scope="col" className="n">
                  {t('whatIfTotal')}
                </th>
                <th scope="col" className="n">
                  {t('rank')}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...answer.units]
                .sort((a, b) => a.kind.localeCompare(b.kind) || a.whatIf.rank - b.whatIf.rank)
                .map((unit) => (
                  <tr key={unit.unitId}>
                    <td data-label={t('unit')}>{unit.name}</td>
                    <td className="n" data-label={t('recordedTotal')}>
                      {points(unit.recorded.total, language)}
                    </td>
                    <td className="n strong" data-label={t('whatIfTotal')}>
                      {points(unit.whatIf.total, language)}
                    </td>
                    <td className="n" data-label={t('rank')}>
                      {unit.recorded.rank} → {unit.whatIf.rank}
                      {unit.change.rank !== 0 && (
                        <span className="muted"> ({signed(-unit.change.rank)})</span>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          {answer.refused.length > 0 && (
            <>
              <h3>{t('refusedUnderRules')}</h3>
              <ul>
                {answer.refused.map((refusal) => (
                  <li key={refusal.eventId}>
                    {names.unit(refusal.unitId)} · {names.item(refusal.itemId)}: {refusal.reason}{' '}
                    <code>{refusal.code}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
};

/** The analyst's questions about the year: what changed between two days, and what if the rules were other. */
export const AnalysisPage = () => (
  <>
    <WhatChanged />
    <WhatIf />
  </>
);
