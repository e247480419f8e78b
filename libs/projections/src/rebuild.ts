import { EventStore } from '@ledger/event-store';
import { FoldSession } from './fold-session';
import { Projection } from './projection';
import { ReadModelStore } from './read-model-store';
import { CYCLE_PROJECTIONS, CycleSnapshots } from './time-travel/cycle-snapshots';

export interface RebuildProgress {
  events: number;
  position: string | null;
  elapsedMs: number;
  eventsPerSecond: number;
}

/**
 * Rebuilds read models from the start of the log into shadow tables, then swaps each in with
 * its checkpoint in one transaction: queries keep answering from the old tables meanwhile,
 * and a live runner carries on from the new checkpoint. Memory stays bounded: the log is read
 * page by page and documents are written out as each page is folded.
 */
export const rebuildProjections = async (
  events: EventStore,
  readModels: ReadModelStore,
  projections: Projection[],
  options: { pageSize?: number; onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<RebuildProgress> => {
  const pageSize = options.pageSize ?? 5000;
  for (const projection of projections) await readModels.startShadow(projection.name);
  // Snapshots are folds of the cycle projections: when one is rebuilt, they are written again from the same pages.
  const snapshots = projections.some((p) => CYCLE_PROJECTIONS.some((cycle) => cycle.name === p.name))
    ? await new CycleSnapshots(events, readModels).rebuildPass()
    : undefined;
  // One page is written while the next is folded; a fold that must read documents back waits for the write.
  let writing: Promise<void> = Promise.resolve();
  const session = new FoldSession(projections, async (name, keys) => {
    await writing;
    return readModels.getShadow(name, keys);
  });
  const started = Date.now();
  let count = 0;
  let position: string | null = null;
  const progress = (): RebuildProgress => {
    const elapsedMs = Date.now() - started;
    return {
      events: count,
      position,
      elapsedMs,
      eventsPerSecond: Math.round((count / Math.max(elapsedMs, 1)) * 1000),
    };
  };
  for (;;) {
    const page = await events.readAll({ after: position ?? undefined, limit: pageSize });
    if (page.length === 0) break;
    await session.apply(page);
    await snapshots?.feed(page);
    const writes = session.takeWrites();
    await writing;
    writing = readModels.write(writes, 'shadow');
    count += page.length;
    position = page[page.length - 1]!.position;
    options.onProgress?.(progress());
    if (page.length < pageSize) break;
  }
  await writing;
  for (const projection of projections)
    await readModels.swapShadow(projection.name, position, projection.version);
  return progress();
};
