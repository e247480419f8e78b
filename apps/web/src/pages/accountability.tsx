import { Chart } from '../components/chart';
import { Loading, ProblemNote } from '../components/status';
import { money, percent } from '../format';
import { Word, useLanguage } from '../i18n';
import { usePastPoint } from '../past-point';
import { LeaderAccountability, UnitView, useRead } from '../queries';
import { linkTo } from '../route';
import { CasesSection } from './cases';
import { useSession } from '../session';

/** Leadership accountability of the cycle: each leader's status, the share withheld and the bonus payable. */
export const AccountabilityPage = () => {
  const { t, language } = useLanguage();
  const { year } = useSession();
  const { at } = usePastPoint();
  const leaders = useRead<LeaderAccountability[]>(at(`/cycles/${year}/accountability`));
  const units = useRead<UnitView[]>('/units');
  if (leaders.error) return <ProblemNote error={leaders.error} />;
  if (!leaders.data) return <Loading />;
  const unitName = (unitId: string) => units.data?.find((unit) => unit.unitId === unitId)?.name ?? unitId;
  const withBonus = leaders.data.filter((leader) => leader.bonusBase !== null);
  return (
    <>
      <section aria-labelledby="accountability-title">
        <h2 id="accountability-title">
          {t('accountability')} · {year}
        </h2>
        {withBonus.length > 0 && (
          <Chart
            height={Math.max(160, 28 * withBonus.length + 60)}
            label={`${t('bonusPayable')}: ${withBonus.map((leader) => `${leader.name} ${money(leader.bonusPayable ?? 0, language)}`).join(', ')}`}
            option={{
              grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
              tooltip: { trigger: 'axis', valueFormatter: (value) => money(Number(value), language) },
              legend: { top: 0 },
              yAxis: { type: 'category', data: withBonus.map((leader) => leader.name) },
              xAxis: { type: 'value', axisLabel: { formatter: (value: number) => money(value, language) } },
              series: [
                {
                  name: t('bonusPayable'),
                  type: 'bar',
                  stack: 'bonus',
                  data: withBonus.map((leader) => leader.bonusPayable ?? 0),
                },
                {
                  name: t('withheld'),
                  type: 'bar',
                  stack: 'bonus',
                  data: withBonus.map((leader) => (leader.bonusBase ?? 0) - (leader.bonusPayable ?? 0)),
                },
              ],
            }}
          />
        )}
        <div className="scroll">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">{t('leader')}</th>
                <th scope="col">{t('unit')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col" className="n">
                  {t('openCases')}
                </th>
                <th scope="col" className="n">
                  {t('withheld')}
                </th>
                <th scope="col" className="n">
                  {t('bonusBase')}
                </th>
                <th scope="col" className="n">
                  {t('bonusPayable')}
                </th>
              </tr>
            </thead>
            <tbody>
              {leaders.data.map((leader) => (
                <tr key={leader.leaderId}>
                  <td data-label={t('leader')}>{leader.name}</td>
                  <td data-label={t('unit')}>
                    <a href={linkTo('unit', leader.unitId)}>{unitName(leader.unitId)}</a>
                  </td>
                  <td data-label={t('status')}>
                    <span className={`pill ${leader.status}`}>{t(`status.${leader.status}` as Word)}</span>
                  </td>
                  <td className="n" data-label={t('openCases')}>
                    {leader.openCases}
                  </td>
                  <td className="n" data-label={t('withheld')}>
                    {percent(leader.withheldPct, language)}
                  </td>
                  <td className="n" data-label={t('bonusBase')}>
                    {leader.bonusBase === null ? '–' : money(leader.bonusBase, language)}
                  </td>
                  <td className="n strong" data-label={t('bonusPayable')}>
                    {leader.bonusPayable === null ? '–' : money(leader.bonusPayable, language)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <CasesSection />
    </>
  );
};
