import { streams } from '@ledger/domain';
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
      ? { id: 'demo-supervision-office', role: 'supervisor', name: '區目標督查辦 (demo)' }
      : actor === 'reviewer'
        ? { id: 'demo-reviewer', role: 'reviewer', name: '考評複核組 (demo)' }
        : {
            id: `demo-leader-${actor.leaderOf}`,
            role: 'unit-leader',
            name: `${actor.leaderOf} leader (demo)`,
          },
  correlationId: `demo-${DEMO_YEAR}-phase-${phase + 1}`,
});

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
    await ledger.settle();
  }
  return { commands };
};
