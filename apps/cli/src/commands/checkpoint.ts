import { withExistingLedger } from '../open-ledger';

/** Signs a checkpoint of the whole log now and prints its note: one to keep outside the database. */
export const checkpoint = () =>
  withExistingLedger(async (ledger) => {
    const issued = await ledger.checkpointNow();
    process.stdout.write(issued.note);
  });
