import { CycleView, LeaderAccountability, UnitView, useRead } from './queries';
import { useSession } from './session';

/**
 * Names for the ids the API speaks in, so that a person reads 三聖街道, not `sansheng`: units,
 * the cycle's items and its leaders. An id without a name yet (or one this key may not read)
 * is shown as it is.
 */
export const useNames = () => {
  const { me, year } = useSession();
  const readsAll = me.role !== 'unit-leader';
  const units = useRead<UnitView[]>(readsAll ? '/units' : null);
  const own = useRead<UnitView>(!readsAll && me.unitId ? `/units/${encodeURIComponent(me.unitId)}` : null);
  const cycle = useRead<CycleView>(`/cycles/${year}`);
  const leaders = useRead<LeaderAccountability[]>(readsAll ? `/cycles/${year}/accountability` : null);
  const allUnits = units.data ?? (own.data ? [own.data] : []);
  return {
    unit: (unitId: string) => allUnits.find((unit) => unit.unitId === unitId)?.name ?? unitId,
    item: (itemId: string) => cycle.data?.items.find((item) => item.itemId === itemId)?.title ?? itemId,
    leader: (leaderId: string) =>
      leaders.data?.find((leader) => leader.leaderId === leaderId)?.name ??
      allUnits.find((unit) => unit.leader?.leaderId === leaderId)?.leader?.name ??
      leaderId,
  };
};
