import { useQueries } from '@tanstack/react-query';
import { useLanguage } from '../i18n';
import { ScoreboardRow } from '../queries';
import { useSession } from '../session';
import { Chart } from './chart';

const monthEnds = (year: number): string[] =>
  Array.from({ length: 12 }, (_, month) => new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10));

/** Every unit's rank at each month's end of the appraisal year (as known now): one line per unit, first at the top. */
export const RankOverYear = ({ kind }: { kind: 'street' | 'department' }) => {
  const { t } = useLanguage();
  const { api, year } = useSession();
  const days = monthEnds(year);
  const boards = useQueries({
    queries: days.map((day) => ({
      queryKey: [`/cycles/${year}/scoreboard?kind=${kind}&effectiveOn=${day}`],
      queryFn: () => api.get<ScoreboardRow[]>(`/cycles/${year}/scoreboard?kind=${kind}&effectiveOn=${day}`),
    })),
  });
  if (boards.some((board) => !board.data)) return null;
  const units = boards[boards.length - 1]!.data!;
  return (
    <Chart
      label={`${t('rankOverYear')}: ${units.map((unit) => `${unit.name} ${unit.rank}`).join(', ')}`}
      height={360}
      option={{
        grid: { left: 8, right: 120, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: days.map((day) => day.slice(5)) },
        yAxis: { type: 'value', inverse: true, min: 1, max: units.length, interval: 1 },
        series: units.map((unit) => ({
          name: unit.name,
          type: 'line',
          endLabel: { show: true, formatter: '{a}' },
          data: boards.map((board) => board.data!.find((row) => row.unitId === unit.unitId)?.rank ?? null),
        })),
      }}
    />
  );
};
