import { SingleBar } from 'cli-progress';
import { allProjections, rebuildProjections } from '@ledger/projections';
import { UsageError } from '../cli-error';
import { withExistingLedger } from '../open-ledger';

export const rebuild = async (options: { projection?: string }) => {
  // A bad argument is said before the store is opened, whatever the store is.
  const names = allProjections.map((projection) => projection.name);
  if (options.projection !== undefined && !names.includes(options.projection)) {
    throw new UsageError(`--projection must be one of ${names.join(', ')}; "${options.projection}" is not.`);
  }
  const projections = allProjections.filter(
    (p) => options.projection === undefined || p.name === options.projection,
  );
  await withExistingLedger(async (ledger) => {
    const head = await ledger.stores.events.headPosition();
    // Positions are opaque; where they are plain numbers they count events closely enough for a bar.
    const total = head !== null && /^\d+$/.test(head) ? Number(head) : 0;
    const bar = new SingleBar({
      format: 'rebuilding [{bar}] {value}/{total} events | {rate} events/s | {eta_formatted} left',
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 20,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    });
    bar.start(total, 0, { rate: 0 });
    const result = await rebuildProjections(ledger.stores.events, ledger.stores.readModels, projections, {
      onProgress: ({ events, eventsPerSecond }) =>
        bar.update(Math.min(events, total || events), { rate: eventsPerSecond }),
    });
    bar.stop();
    process.stdout.write(
      `rebuilt ${projections.map((p) => p.name).join(', ')} from ${result.events} events in ${(result.elapsedMs / 1000).toFixed(1)} s (${result.eventsPerSecond} events/s)\n`,
    );
  });
};
