import { ItemState, Policy, UnitKind, UnitState, refuse } from '@ledger/domain';
import { DocReader } from '../doc-reader';
import { findCycle } from './scores.queries';
import { SCORES, scoreKeys } from './scores.projection';

export interface CycleView {
  year: number;
  status: 'open' | 'closed';
  policy: Policy;
  /** Key items first, then by id; targets as a list. */
  items: (Omit<ItemState, 'targets'> & { targets: ItemState['targets'][string][] })[];
}

/** A cycle as it stands: its status, the policy in force and its items with their targets. */
export const cycleView = async (reader: DocReader, year: number): Promise<CycleView> => {
  const cycle = await findCycle(reader, year);
  const items = Object.values(cycle.items)
    .sort((a, b) => (a.track === b.track ? a.itemId.localeCompare(b.itemId) : a.track === 'X' ? -1 : 1))
    .map((item) => ({ ...item, targets: Object.values(item.targets) }));
  return { year, status: cycle.status === 'closed' ? 'closed' : 'open', policy: cycle.policy, items };
};

export interface UnitView {
  unitId: string;
  name: string;
  kind: UnitKind;
  leader: { leaderId: string; name: string } | null;
}

const unitView = ({ unitId, name, kind, leader }: UnitState): UnitView => ({
  unitId,
  name,
  kind,
  leader: leader && { leaderId: leader.leaderId, name: leader.name },
});

/** Every registered unit with its principal leader in office, by kind and then id. */
export const unitsView = async (reader: DocReader): Promise<UnitView[]> =>
  (await reader.list<UnitState>(SCORES, scoreKeys.unitScope))
    .filter((unit) => unit.registered)
    .map(unitView)
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.unitId.localeCompare(b.unitId));

export const unitViewOf = async (reader: DocReader, unitId: string): Promise<UnitView> => {
  const unit = await reader.get<UnitState>(SCORES, scoreKeys.unit(unitId));
  if (!unit?.registered) throw refuse('UNKNOWN_UNIT', `There is no unit "${unitId}".`, { unitId });
  return unitView(unit);
};
