import { useMemo, useState } from 'react';
import { Chart } from '../components/chart';
import { RankOverYear } from '../components/rank-over-year';
import { Loading, ProblemNote } from '../components/status';
import { day, points } from '../format';
import { useLanguage } from '../i18n';
import { usePastPoint } from '../past-point';
import { CycleView, ScoreboardRow, useRead } from '../queries';
import { linkTo } from '../route';
import { useSession } from '../session';

/** The last day of the month before this one, in the cycle's year (or before its last month, for a past year). */
const previousMonthEnd = (year: number): string => {
  const now = new Date();
  const month = now.getUTCFullYear() === year ? now.getUTCMonth() : 11;
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
};

/** ▲ 2 for a unit that rose two places, ▼ 1 for one that fell, – for none. */
const RankMove = ({ from, to }: { from: number | undefined; to: number }) => {
  const { t } = useLanguage();
  if (from === undefined || from === to) {
    return (
      <>
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">{t('noMove')}</span>
      </>
    );
  }
  const rose = from > to;
  const places = Math.abs(from - to);
  return (
    <span className={rose ? 'rose' : 'fell'}>
      <span aria-hidden="true">
        {rose ? '▲' : '▼'} {places}
      </span>
      <span className="visually-hidden">{t(rose ? 'roseBy' : 'fellBy', { places })}</span>
    </span>
  );
};

type SortKey = 'rank' | 'name' | 'regularScore' | 'keyScore' | 'total';

/** The scoreboard of one kind of unit: sortable, searchable, a bar of each total against the cap. */
export const ScoreboardPage = () => {
  const { t, language } = useLanguage();
  const { year } = useSession();
  const [kind, setKind] = useState<'street' | 'department'>('street');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'rank', descending: false });
  const { at, point } = usePastPoint();
  const board = useRead<ScoreboardRow[]>(at(`/cycles/${year}/scoreboard`));
  const cycle = useRead<CycleView>(`/cycles/${year}`);
  // Rank movement: against the board at the end of the month before (the year's last month for a past year).
  const monthBefore = previousMonthEnd(year);
  const before = useRead<ScoreboardRow[]>(
    point ? null : `/cycles/${year}/scoreboard?effectiveOn=${monthBefore}`,
  );
  // A past view has no "since": a read turned off keeps showing its last data, so it is ignored then.
  const movesShown = !point && before.data !== undefined;
  const rankBefore = new Map((before.data ?? []).map((row) => [row.unitId, row.rank]));

  const rows = useMemo(() => {
    const wanted = (board.data ?? []).filter(
      (row) =>
        row.kind === kind &&
        (search === '' || `${row.name} ${row.unitId}`.toLowerCase().includes(search.trim().toLowerCase())),
    );
    const direction = sort.descending ? -1 : 1;
    return [...wanted].sort((a, b) => {
      const [x, y] = [a[sort.key], b[sort.key]];
      return (typeof x === 'string' ? x.localeCompare(String(y), language) : x - Number(y)) * direction;
    });
  }, [board.data, kind, search, sort, language]);

  if (board.error) return <ProblemNote error={board.error} />;
  if (!board.data) return <Loading />;
  const cap = cycle.data?.policy.regularCap;
  const header = (key: SortKey, word: Parameters<typeof t>[0], numeric = true) => (
    <th
      scope="col"
      className={numeric ? 'n' : undefined}
      aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="sort"
        onClick={() =>
          setSort({ key, descending: sort.key === key ? !sort.descending : key !== 'rank' && key !== 'name' })
        }
      >
        {t(word)}
      </button>
    </th>
  );
  return (
    <section aria-labelledby="board-title">
      <div className="section-head">
        <h2 id="board-title">
          {t('scoreboard')} · {year}
        </h2>
        <div className="tabs" role="group" aria-label={t('kind')}>
          {(['street', 'department'] as const).map((option) => (
            <button key={option} type="button" aria-pressed={kind === option} onClick={() => setKind(option)}>
              {t(option)}
            </button>
          ))}
        </div>
        <label>
          <span className="visually-hidden">{t('search')}</span>
          <input
            type="search"
            placeholder={t('search')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
      </div>
      <Chart
        label={`${t('scoreboard')} ${year}: ${rows.map((row) => `${row.name} ${points(row.total, language)}`).join(', ')}`}
        option={{
          grid: { left: 8, right: 56, top: 24, bottom: 8, containLabel: true },
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          xAxis: {
            type: 'category',
            data: rows.map((row) => row.name),
            axisLabel: { interval: 0, rotate: 30 },
          },
          yAxis: { type: 'value', min: 0 },
          series: [
            { name: t('regular'), type: 'bar', stack: 'score', data: rows.map((row) => row.regularScore) },
            {
              name: t('key'),
              type: 'bar',
              stack: 'score',
              data: rows.map((row) => row.keyScore),
              ...(cap !== undefined && {
                markLine: {
                  symbol: 'none',
                  label: { formatter: `${t('cap')} ${cap}` },
                  data: [{ yAxis: cap }],
                },
              }),
            },
          ],
        }}
      />
      <table className="stack">
        <thead>
          <tr>
            {header('rank', 'rank')}
            {header('name', 'unit', false)}
            {header('regularScore', 'regular')}
            {header('keyScore', 'key')}
            {header('total', 'total')}
            {movesShown && (
              <th scope="col" className="n">
                {t('moveSince', { day: day(monthBefore, language) })}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.unitId}>
              <td className="n" data-label={t('rank')}>
                {row.rank}
              </td>
              <td data-label={t('unit')}>
                <a href={linkTo('unit', row.unitId)}>{row.name}</a>
              </td>
              <td className="n" data-label={t('regular')}>
                {points(row.regularScore, language)}
              </td>
              <td className="n" data-label={t('key')}>
                {points(row.keyScore, language)}
              </td>
              <td className="n strong" data-label={t('total')}>
                {points(row.total, language)}
              </td>
              {movesShown && (
                <td className="n" data-label={t('moveSince', { day: day(monthBefore, language) })}>
                  <RankMove from={rankBefore.get(row.unitId)} to={row.rank} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {!point && (
        <>
          <h3>{t('rankOverYear')}</h3>
          <RankOverYear kind={kind} />
        </>
      )}
    </section>
  );
};
