import { Ledger, consoleCommand, loadConfig } from '@ledger/ledger';

export interface KeyRequest {
  role: string;
  name: string;
  unitId?: string;
}

/** Keys issued as `ledger keys create` issues them (events in the log), before or while a server runs. */
export const issueKeys = async <const R extends readonly KeyRequest[]>(
  env: Record<string, string>,
  requests: R,
): Promise<{ [K in keyof R]: string }> => {
  const ledger = await Ledger.open(loadConfig(env));
  try {
    const keys: string[] = [];
    for (const request of requests) keys.push((await ledger.keys.create(request, consoleCommand())).key);
    return keys as { [K in keyof R]: string };
  } finally {
    await ledger.stop();
  }
};
