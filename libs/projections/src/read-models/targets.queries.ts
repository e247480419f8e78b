import { Target, Track, UnitKind, targetMet } from '@ledger/domain';
import { DocReader } from '../doc-reader';
import { findCycle } from './scores.queries';
import { MetricDoc, SCORES, scoreKeys } from './scores.projection';
import { unitsView } from './registry.queries';

export interface TargetStanding {
  itemId: string;
  title: string;
  track: Track;
  withdrawn: boolean;
  metric: string;
  comparator: Target['comparator'];
  threshold: number;
  unit: string;
  /** Every registered unit, with what it reported (`null`: nothing yet) judged under the threshold in force. */
  units: { unitId: string; name: string; kind: UnitKind; value: number | null; met: boolean | null }[];
  met: number;
  missed: number;
  unreported: number;
}

/** Every target of the cycle across the units: key items first, then by item and metric. */
export const targetsOf = async (reader: DocReader, year: number): Promise<TargetStanding[]> => {
  const cycle = await findCycle(reader, year);
  const units = await unitsView(reader);
  const reported = new Map<string, number>();
  for (const unit of units)
    for (const doc of await reader.list<MetricDoc>(SCORES, scoreKeys.metricScope(year, unit.unitId)))
      reported.set(`${unit.unitId}\n${doc.itemId}\n${doc.metric}`, doc.value);
  const items = Object.values(cycle.items).sort(
    (a, b) => b.track.localeCompare(a.track) || a.itemId.localeCompare(b.itemId),
  );
  return items.flatMap((item) =>
    Object.values(item.targets)
      .sort((a, b) => a.metric.localeCompare(b.metric))
      .map((target) => {
        const standings = units.map(({ unitId, name, kind }) => {
          const value = reported.get(`${unitId}\n${item.itemId}\n${target.metric}`) ?? null;
          return { unitId, name, kind, value, met: value === null ? null : targetMet(target, value) };
        });
        return {
          itemId: item.itemId,
          title: item.title,
          track: item.track,
          withdrawn: item.withdrawn,
          ...target,
          units: standings,
          met: standings.filter((standing) => standing.met === true).length,
          missed: standings.filter((standing) => standing.met === false).length,
          unreported: standings.filter((standing) => standing.met === null).length,
        };
      }),
  );
};
