import { StoredEvent, comparePositions } from '@ledger/event-store';
import { FoldSession } from '../fold-session';
import { EVERY_CYCLE, cycleOf } from './cycle-events';
import type { CycleSnapshots, Snapshot } from './cycle-snapshots';

interface CycleProgress {
  year: number;
  /** The newest snapshot of the cycle: events at or before it are in it. */
  previous: Snapshot | undefined;
  pending: StoredEvent[];
  /** One session through the pass: documents carry from one snapshot to the next. */
  session: FoldSession;
}

/**
 * One pass over the log that writes cycles' snapshots as it goes: after every `every` events
 * of a cycle, a snapshot of the cycle's read models right after the last of them. The cycles
 * are given, each from its newest snapshot (a catch-up), or found as the log names them (a
 * rebuild from the start: a cycle found late first folds the units' events seen before it,
 * which belong to every cycle, so it ends as a pass that knew it from the start would).
 */
export class SnapshotPass {
  private readonly cycles: CycleProgress[] = [];
  private readonly byYear = new Map<number, CycleProgress>();
  /** Units' events seen so far, kept only to start the cycles found later. */
  private readonly unitEvents: StoredEvent[] | undefined;
  written = 0;

  constructor(
    private readonly snapshots: CycleSnapshots,
    cycles: { year: number; previous: Snapshot | undefined }[],
    options: { findCycles?: boolean } = {},
  ) {
    for (const { year, previous } of cycles) this.track(year, previous);
    this.unitEvents = options.findCycles ? [] : undefined;
  }

  /** Where to read from: after the oldest of the cycles' newest snapshots, from the start if one has none. */
  startAfter(): string | undefined {
    const starts = this.cycles.map((cycle) => cycle.previous?.position);
    if (starts.length === 0 || starts.includes(undefined)) return undefined;
    return starts.reduce((a, b) => (comparePositions(a!, b!) <= 0 ? a : b));
  }

  /** The next page of the log, in order. */
  async feed(page: StoredEvent[]): Promise<void> {
    for (const event of page) {
      const year = cycleOf(event);
      if (year === undefined) continue;
      if (year === EVERY_CYCLE) {
        this.unitEvents?.push(event);
        for (const cycle of this.cycles) await this.add(cycle, event);
        continue;
      }
      const cycle = this.byYear.get(year) ?? (this.unitEvents ? await this.found(year) : undefined);
      if (cycle) await this.add(cycle, event);
    }
  }

  private track(year: number, previous: Snapshot | undefined): CycleProgress {
    const cycle: CycleProgress = {
      year,
      previous,
      pending: [],
      session: this.snapshots.snapshotSession(() => cycle.previous),
    };
    this.cycles.push(cycle);
    this.byYear.set(year, cycle);
    return cycle;
  }

  private async found(year: number): Promise<CycleProgress> {
    const cycle = this.track(year, undefined);
    for (const event of this.unitEvents ?? []) await this.add(cycle, event);
    return cycle;
  }

  private async add(cycle: CycleProgress, event: StoredEvent): Promise<void> {
    if (cycle.previous && comparePositions(event.position, cycle.previous.position) <= 0) return;
    cycle.pending.push(event);
    if (cycle.pending.length < this.snapshots.every) return;
    cycle.previous = await this.snapshots.write(cycle.year, cycle.previous, cycle.session, cycle.pending);
    cycle.pending = [];
    this.written += 1;
  }
}
