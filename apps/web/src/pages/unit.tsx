import { Fragment, useState } from 'react';
import { Chart } from '../components/chart';
import { DisputeForm } from '../components/dispute-form';
import { Explanation } from '../components/explanation';
import { Loading, ProblemNote } from '../components/status';
import { day, instant, points, signedPoints } from '../format';
import { useLanguage } from '../i18n';
import { usePastPoint } from '../past-point';
import { CycleView, Dispute, ScoreboardRow, UnitScore, UnitView, useRead } from '../queries';
import { useSession } from '../session';
import { scoreOverYear } from './unit-series';

/** A unit: who it is and leads it, its score now, its score over the year, and every entry. */
export const UnitPage = ({ unitId }: { unitId: string }) => {
  const { t, language } = useLanguage();
  const { year, me } = useSession();
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const [disputing, setDisputing] = useState<string | null>(null);
  const mayDispute =
    me.role === 'supervisor' || me.role === 'admin' || (me.role === 'unit-leader' && me.unitId === unitId);
  const unit = useRead<UnitView>(`/units/${encodeURIComponent(unitId)}`);
  const { at } = usePastPoint();
  const score = useRead<UnitScore>(at(`/cycles/${year}/units/${encodeURIComponent(unitId)}/score`));
  const cycle = useRead<CycleView>(`/cycles/${year}`);
  const board = useRead<ScoreboardRow[]>(me.role === 'unit-leader' ? null : at(`/cycles/${year}/scoreboard`));
  // An entry under an open dispute takes no second one until it is resolved.
  const disputes = useRead<Dispute[]>(mayDispute ? `/cycles/${year}/disputes` : null);
  const underDispute = new Set(
    (disputes.data ?? [])
      .filter((dispute) => dispute.status === 'open' && dispute.unitId === unitId)
      .map((dispute) => dispute.eventId),
  );

  const error = unit.error ?? score.error ?? cycle.error;
  if (error) return <ProblemNote error={error} />;
  if (!unit.data || !score.data || !cycle.data) return <Loading />;
  const { policy, items } = cycle.data;
  const titleOf = (itemId: string) => items.find((item) => item.itemId === itemId)?.title ?? itemId;
  const series = scoreOverYear(score.data.entries, policy);
  const rank = board.data?.find((row) => row.unitId === unitId)?.rank;
  // The latest first, by the day each takes effect.
  const entries = [...score.data.entries].sort(
    (a, b) => b.effectiveOn.localeCompare(a.effectiveOn) || Number(b.position) - Number(a.position),
  );

  return (
    <>
      <section aria-labelledby="unit-title" className="unit-head">
        <h2 id="unit-title">{unit.data.name}</h2>
        <dl>
          <div>
            <dt>{t('leader')}</dt>
            <dd>{unit.data.leader?.name ?? t('noLeader')}</dd>
          </div>
          <div>
            <dt>{t('total')}</dt>
            <dd className="big">{points(score.data.total, language)}</dd>
          </div>
          <div>
            <dt>{t('regular')}</dt>
            <dd>
              {points(score.data.regularScore, language)}
              {score.data.regularRaw > policy.regularCap && (
                <span className="muted">
                  {' '}
                  ({points(score.data.regularRaw, language)}, {t('cap')} {policy.regularCap})
                </span>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('key')}</dt>
            <dd>{points(score.data.keyScore, language)}</dd>
          </div>
          {rank !== undefined && (
            <div>
              <dt>{t('rank')}</dt>
              <dd>{rank}</dd>
            </div>
          )}
        </dl>
      </section>
      <Explanation unitId={unitId} />
      <section aria-labelledby="over-year">
        <h2 id="over-year">{t('scoreOverYear')}</h2>
        <Chart
          label={`${t('scoreOverYear')}: ${unit.data.name} ${points(score.data.total, language)}`}
          onPoint={(index) => setHighlighted(series[index]?.entry.entryId ?? null)}
          option={{
            grid: { left: 8, right: 64, top: 32, bottom: 40, containLabel: true },
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }],
            xAxis: { type: 'time', min: `${year}-01-01`, max: `${year}-12-31` },
            yAxis: { type: 'value', min: 0 },
            series: [
              {
                name: t('total'),
                type: 'line',
                step: 'end',
                symbolSize: 8,
                data: series.map((point) => [point.day, point.total]),
              },
              {
                name: t('regular'),
                type: 'line',
                step: 'end',
                showSymbol: false,
                data: series.map((point) => [point.day, point.regular]),
                markLine: {
                  symbol: 'none',
                  label: { formatter: `${t('cap')} ${policy.regularCap}` },
                  data: [{ yAxis: policy.regularCap }],
                },
              },
              {
                name: t('key'),
                type: 'line',
                step: 'end',
                showSymbol: false,
                data: series.map((point) => [point.day, point.key]),
              },
            ],
          }}
        />
      </section>
      <section aria-labelledby="entries-title">
        <h2 id="entries-title">{t('recentEntries')}</h2>
        <div className="scroll">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">{t('effectiveOn')}</th>
                <th scope="col">{t('item')}</th>
                <th scope="col" className="n">
                  {t('points')}
                </th>
                <th scope="col">{t('reason')}</th>
                <th scope="col">{t('by')}</th>
                <th scope="col">{t('when')}</th>
                {mayDispute && (
                  <th scope="col">
                    <span className="visually-hidden">{t('dispute')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <Fragment key={entry.entryId}>
                  <tr
                    id={`entry-${entry.entryId}`}
                    className={[
                      entry.reversed ? 'reversed' : '',
                      highlighted === entry.entryId ? 'highlight' : '',
                    ].join(' ')}
                  >
                    <td data-label={t('effectiveOn')}>{day(entry.effectiveOn, language)}</td>
                    <td data-label={t('item')}>
                      {titleOf(entry.itemId)} {entry.track === 'X' && <span className="x">X</span>}
                    </td>
                    <td className="n" data-label={t('points')}>
                      {signedPoints(entry.kind === 'award' ? entry.points : -entry.points, language)}
                      {entry.reversed && <span className="pill"> {t('reversed')}</span>}
                    </td>
                    <td data-label={t('reason')}>{entry.reason}</td>
                    <td data-label={t('by')}>{entry.actor.name ?? entry.actor.id}</td>
                    <td data-label={t('when')}>{instant(entry.recordedAt, language)}</td>
                    {mayDispute && (
                      <td>
                        {underDispute.has(entry.entryId) ? (
                          <span className="pill open">{t('disputeOpen')}</span>
                        ) : (
                          !entry.reversed && (
                            <button
                              type="button"
                              className="quiet"
                              onClick={() => setDisputing(entry.entryId)}
                            >
                              {t('dispute')}
                              <span className="visually-hidden"> {entry.reason}</span>
                            </button>
                          )
                        )}
                      </td>
                    )}
                  </tr>
                  {disputing === entry.entryId && (
                    <tr className="form-row">
                      <td colSpan={7}>
                        <DisputeForm
                          unitId={unitId}
                          eventId={entry.entryId}
                          onDone={() => setDisputing(null)}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
};
