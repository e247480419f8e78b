import { streams } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';

/**
 * Whether the log holds the unit's registration. Asked of the log, not of a read model, so
 * that a unit registered a moment ago counts and one that never was does not.
 */
export const isRegisteredUnit = async (events: EventStore, unitId: string): Promise<boolean> =>
  (await events.readStream(streams.unit(unitId))).some((event) => event.type === 'UnitRegistered');
