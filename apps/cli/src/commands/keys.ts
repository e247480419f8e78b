import { isRegisteredUnit } from '@ledger/ledger';
import { withLedger } from '../open-ledger';

export const createKey = (options: { role: string; unit?: string; name: string }) =>
  withLedger(async (ledger) => {
    const { key, principal } = await ledger.keys.create(
      { role: options.role, unitId: options.unit, name: options.name },
      (unitId) => isRegisteredUnit(ledger.stores.events, unitId),
    );
    const boundTo = principal.unitId ? ` (unit ${principal.unitId})` : '';
    process.stdout.write(
      `created ${principal.role} key ${principal.keyId} for ${principal.name}${boundTo}; it is shown once:\n`,
    );
    process.stdout.write(`${key}\n`);
  });
