import { Bound, CycleChanges, DaySpan, changesBetween, cycleEventsOf } from '@ledger/projections';
import type { Ledger } from '../ledger';

/**
 * Who moved in a cycle between two points and by which events, read from the log (not the
 * read models, which may lag), with each event's actor named as the keys name them: what
 * `GET /api/cycles/:year/changes` and `ledger changes` answer.
 */
export const cycleChangesOf = async (
  ledger: Ledger,
  year: number,
  from: Bound | undefined,
  to: Bound | undefined,
  days: DaySpan = {},
): Promise<CycleChanges> => {
  const changes = await changesBetween(year, await cycleEventsOf(ledger.stores.events, year), from, to, days);
  const named = <T extends { events: CycleChanges['units'][number]['events'] }>(rows: T[]) =>
    Promise.all(rows.map(async (row) => ({ ...row, events: await ledger.keys.withActorNames(row.events) })));
  return { ...changes, units: await named(changes.units), leaders: await named(changes.leaders) };
};
