import { streams } from '@ledger/domain';
import { comparePositions } from '@ledger/event-store';
import { CommandMeta } from '../commands/command-meta';
import type { Ledger } from '../ledger';
import { DEMO_YEAR, DemoActor, jinjiang2007 } from './jinjiang-2007';

/** The store already holds the demo's cycle: loading it again would clash. */
export class DemoRefusedError extends Error {
  override readonly name = 'DemoRefusedError';
}

export interface DemoProgress {
  phase: string;
  commands: number;
  totalCommands: number;
}

const metaFor = (actor: DemoActor, phase: number): CommandMeta => ({
  actor:
    actor === 'supervisor'
      ? { id: 'demo-supervision-office', role: 'supervisor' }
      : actor === 'reviewer'
        ? { id: 'demo-reviewer', role: 'reviewer' }
        : { id: `demo-leader-${actor.leaderOf}`, role: 'unit-leader' },
  correlationId: `demo-${DEMO_YEAR}-phase-${phase + 1}`,
});

/** Waits until the read models and the reactions have taken in the whole log, reactions' own events included. */
export const settle = async (ledger: Ledger, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const head = await ledger.stores.events.headPosition();
    if (head === null) return;
    await ledger.projections.waitFor(head, Math.max(1, deadline - Date.now()));
    while (ledger.reactions.position === null || comparePositions(ledger.reactions.position, head) < 0) {
      if (Date.now() > deadline) throw new Error('The reactions did not catch up with the log in time.');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if ((await ledger.stores.events.headPosition()) === head) return;
  }
};

/**
 * Loads the 2007 Jinjiang demo through the command executor, as a supervisor, a reviewer and
 * the unit leaders would have, so every event is decided, checked and hash-chained like any
 * other. The ledger must be started (its projections and reactions running).
 */
export const loadDemo = async (
  ledger: Ledger,
  onProgress: (progress: DemoProgress) => void = () => undefined,
): Promise<{ commands: number }> => {
  if ((await ledger.stores.events.readStream(streams.cycle(DEMO_YEAR))).length > 0) {
    throw new DemoRefusedError(
      `This store already holds a ${DEMO_YEAR} cycle, so the demo would clash with it; load the demo into an empty store (a new LEDGER_DATA_DIR, or another database).`,
    );
  }
  const phases = jinjiang2007();
  const totalCommands = phases.reduce((total, phase) => total + phase.steps.length, 0);
  let commands = 0;
  for (const [index, phase] of phases.entries()) {
    for (const step of phase.steps) {
      await ledger.executor.execute(step.command, metaFor(step.as, index));
      onProgress({ phase: phase.title, commands: ++commands, totalCommands });
    }
    await settle(ledger);
  }
  return { commands };
};
