import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { CommandMeta } from '../commands/command-meta';

const operator = (): string => {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
};

/**
 * Who acts through `ledger` on the command line: whoever can open the store can do anything,
 * so the record names the operating-system account and the machine.
 */
export const CONSOLE = { id: 'console', role: 'admin', name: `${operator()}@${hostname()} (console)` };

/** A command issued at the console, as its own request. */
export const consoleCommand = (): CommandMeta => ({ actor: CONSOLE, correlationId: randomUUID() });
