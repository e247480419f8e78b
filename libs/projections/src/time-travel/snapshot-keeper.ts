import { StoredEvent } from '@ledger/event-store';
import { CycleSnapshots } from './cycle-snapshots';

/** The cycle an event counts towards, where its data names one. */
const yearOf = (event: StoredEvent): number | undefined => {
  const year = (event.data as { year?: unknown } | null)?.year;
  return typeof year === 'number' ? year : undefined;
};

/**
 * Keeps cycles' snapshots up to date behind the projection runner: it counts the events of
 * each cycle the runner folds, and once a cycle has `every` new ones it catches that cycle's
 * snapshots up from the log, one cycle at a time and off the runner's path. A failure (the
 * store away) is only remembered: snapshots are an optimisation, the next catch-up retries.
 */
export class SnapshotKeeper {
  private readonly pending = new Map<number, number>();
  private work: Promise<void> = Promise.resolve();
  lastError: Error | undefined;

  constructor(private readonly snapshots: CycleSnapshots) {}

  folded(batch: StoredEvent[]): void {
    for (const event of batch) {
      const year = yearOf(event);
      if (year === undefined) continue;
      const count = (this.pending.get(year) ?? 0) + 1;
      if (count < this.snapshots.every) {
        this.pending.set(year, count);
        continue;
      }
      this.pending.set(year, 0);
      this.work = this.work.then(() =>
        this.snapshots.catchUp(year).then(
          () => {
            this.lastError = undefined;
          },
          (error: Error) => {
            this.lastError = error;
          },
        ),
      );
    }
  }

  /** Resolves once every catch-up asked for so far is done. */
  settled(): Promise<void> {
    return this.work;
  }
}
