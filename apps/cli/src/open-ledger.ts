import { Ledger, OpenStoresOptions, loadConfig, openStores } from '@ledger/ledger';

const withOpenLedger = async <T>(
  options: OpenStoresOptions,
  work: (ledger: Ledger) => Promise<T>,
): Promise<T> => {
  const config = loadConfig();
  const ledger = new Ledger(await openStores(config, options), undefined, config.audit);
  try {
    return await work(ledger);
  } finally {
    await ledger.stop();
  }
};

/** Runs `work` on a ledger opened from the environment's configuration (created where there is none), and closes it after. */
export const withLedger = <T>(work: (ledger: Ledger) => Promise<T>): Promise<T> =>
  withOpenLedger({ createIfMissing: true }, work);

/** The same for a command that only reads: where there is no ledger it says so, and creates none. */
export const withExistingLedger = <T>(work: (ledger: Ledger) => Promise<T>): Promise<T> =>
  withOpenLedger({ createIfMissing: false }, work);

/** An existing ledger, with the read models first brought up to the head of the log. */
export const withCurrentReadModels = <T>(work: (ledger: Ledger) => Promise<T>): Promise<T> =>
  withExistingLedger(async (ledger) => {
    await ledger.catchUp();
    return work(ledger);
  });
