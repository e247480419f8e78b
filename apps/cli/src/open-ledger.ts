import { Ledger, loadConfig } from '@ledger/ledger';

/** Runs `work` on a ledger opened from the environment's configuration, and closes it after. */
export const withLedger = async <T>(work: (ledger: Ledger) => Promise<T>): Promise<T> => {
  const ledger = await Ledger.open(loadConfig());
  try {
    return await work(ledger);
  } finally {
    await ledger.stop();
  }
};

/** The same, with the read models first brought up to the head of the log. */
export const withCurrentReadModels = <T>(work: (ledger: Ledger) => Promise<T>): Promise<T> =>
  withLedger(async (ledger) => {
    await ledger.catchUp();
    return work(ledger);
  });
