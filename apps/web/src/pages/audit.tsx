import { useState } from 'react';
import { Loading, ProblemNote } from '../components/status';
import { instant, points } from '../format';
import { useLanguage } from '../i18n';
import { useNames } from '../names';
import { usePastPoint } from '../past-point';
import { HistoryRow, UnitView, useRead } from '../queries';
import { useSession } from '../session';
import { CheckpointSection, VerificationSection } from './audit-checks';
import { ScoreboardPage } from './scoreboard';

/**
 * The auditor's desk: a unit's whole history with the running total, each row a point the
 * whole view can be replayed to (the board below then shows that moment); the chains verified,
 * the latest checkpoint's signature and any event's proof checked in this browser.
 */
export const AuditPage = () => {
  const { t, language, eventName } = useLanguage();
  const { year } = useSession();
  const { point, setPoint } = usePastPoint();
  const names = useNames();
  const units = useRead<UnitView[]>('/units');
  const [unitId, setUnitId] = useState('');
  const [proofOf, setProofOf] = useState('');
  const chosen = unitId || units.data?.[0]?.unitId || '';
  const history = useRead<HistoryRow[]>(
    chosen ? `/cycles/${year}/units/${encodeURIComponent(chosen)}/history` : null,
  );

  return (
    <>
      <section aria-labelledby="history-title">
        <div className="section-head">
          <h2 id="history-title">{t('unitHistory')}</h2>
          <label>
            {t('unit')}{' '}
            <select aria-label={t('unit')} value={chosen} onChange={(event) => setUnitId(event.target.value)}>
              {units.data?.map((unit) => (
                <option key={unit.unitId} value={unit.unitId}>
                  {unit.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        {history.error && <ProblemNote error={history.error} />}
        {!history.data ? (
          <Loading />
        ) : (
          <div className="scroll tall">
            <table className="stack">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('event')}</th>
                  <th scope="col">{t('item')}</th>
                  <th scope="col" className="n">
                    {t('points')}
                  </th>
                  <th scope="col">{t('reason')}</th>
                  <th scope="col">{t('by')}</th>
                  <th scope="col">{t('when')}</th>
                  <th scope="col" className="n">
                    {t('runningTotal')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('replayHere')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.data.map((row) => (
                  <tr
                    key={row.position}
                    className={point?.atPosition === row.position ? 'highlight' : undefined}
                  >
                    <td data-label="#">{row.position}</td>
                    <td data-label={t('event')}>{eventName(row.type)}</td>
                    <td data-label={t('item')}>{row.data.itemId ? names.item(row.data.itemId) : ''}</td>
                    <td className="n" data-label={t('points')}>
                      {row.data.points === undefined ? '' : points(row.data.points, language)}
                    </td>
                    <td data-label={t('reason')}>{row.reason ?? row.data.reason ?? ''}</td>
                    <td data-label={t('by')}>{row.actor.name ?? row.actor.id}</td>
                    <td data-label={t('when')}>{instant(row.recordedAt, language)}</td>
                    <td className="n strong" data-label={t('runningTotal')}>
                      {points(row.total, language)}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="quiet"
                        aria-pressed={point?.atPosition === row.position}
                        onClick={() => setPoint({ atPosition: row.position })}
                      >
                        {t('replayHere')}
                        <span className="visually-hidden"> {row.position}</span>
                      </button>{' '}
                      <button
                        type="button"
                        className="quiet"
                        onClick={() => {
                          setProofOf(row.eventId);
                          document.getElementById('checkpoint')?.scrollIntoView({ block: 'start' });
                        }}
                      >
                        {t('checkProof')}
                        <span className="visually-hidden"> {row.position}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ScoreboardPage />
      <VerificationSection />
      <CheckpointSection eventId={proofOf} setEventId={setProofOf} />
    </>
  );
};
