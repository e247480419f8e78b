import { MetPill } from '../components/met-pill';
import { Loading, ProblemNote } from '../components/status';
import { points } from '../format';
import { useLanguage } from '../i18n';
import { usePastPoint } from '../past-point';
import { useRead } from '../queries';
import { linkTo } from '../route';
import { useSession } from '../session';
import { PanelsSection } from './panels';

interface TargetStanding {
  itemId: string;
  title: string;
  track: '1' | 'X';
  withdrawn: boolean;
  metric: string;
  comparator: string;
  threshold: number;
  unit: string;
  units: { unitId: string; name: string; value: number | null; met: boolean | null }[];
  met: number;
  missed: number;
  unreported: number;
}

/** Every target of the cycle: who met it, who missed it, who has not reported; then the scoring panels. */
export const TargetsPage = () => {
  const { t, language } = useLanguage();
  const { year } = useSession();
  const { at } = usePastPoint();
  const targets = useRead<TargetStanding[]>(at(`/cycles/${year}/targets`));
  if (targets.error) return <ProblemNote error={targets.error} />;
  if (!targets.data) return <Loading />;
  return (
    <>
      <section aria-labelledby="targets-title">
        <h2 id="targets-title">
          {t('targets')} · {year}
        </h2>
        {targets.data.length === 0 && <p className="muted">{t('noTargets')}</p>}
        <ul className="cards">
          {targets.data.map((target) => {
            const reported = target.units.filter((unit) => unit.value !== null);
            return (
              <li key={`${target.itemId}/${target.metric}`} className="card">
                <h3>
                  {target.title} <span className="muted">({target.track})</span>
                  {target.withdrawn && <span className="pill removed">{t('withdrawn')}</span>}
                </h3>
                <p>
                  {target.metric} {target.comparator} {points(target.threshold, language)} {target.unit} ·{' '}
                  {t('targetTally', {
                    met: target.met,
                    missed: target.missed,
                    unreported: target.unreported,
                  })}
                </p>
                {reported.length > 0 && (
                  <div className="scroll">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('unit')}</th>
                          <th scope="col" className="n">
                            {t('value')}
                          </th>
                          <th scope="col">{t('target')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {reported.map((unit) => (
                          <tr key={unit.unitId}>
                            <td>
                              <a href={linkTo('unit', unit.unitId)}>{unit.name}</a>
                            </td>
                            <td className="n">
                              {points(unit.value!, language)} {target.unit}
                            </td>
                            <td>
                              <MetPill met={unit.met} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <PanelsSection />
    </>
  );
};
