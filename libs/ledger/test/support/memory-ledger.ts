import { Ledger, memoryStores } from '@ledger/ledger';

/** A whole ledger (executor, reactions, projections) over the memory event store, read models in an in-memory SQLite. */
export const memoryLedger = (): Ledger => new Ledger(memoryStores());
