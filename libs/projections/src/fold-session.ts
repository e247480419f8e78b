import { StoredEvent, comparePositions } from '@ledger/event-store';
import { Projection, ReadDoc } from './projection';
import { ProjectionWrite } from './read-model-store';

export type LoadDocs = (projection: string, keys: string[]) => Promise<Map<string, unknown>>;

interface ProjectionState {
  projection: Projection;
  /** Documents known to this session; `undefined` means known to be absent. */
  docs: Map<string, unknown>;
  dirty: Set<string>;
  /** Keys some handler named (in its `keys`) since the last writes: the ones worth keeping at hand. */
  named: Set<string>;
  /** Events at or before this position are already in the read model. */
  checkpoint: string | null;
  lastApplied: string | null;
}

/**
 * Applies projections' folds to batches of events over a working set of documents: it loads
 * (once) every document the batch's events will read, runs each fold, and hands back what
 * changed as writes that carry the checkpoint. The live runner, a rebuild and an as-of
 * replay all go through it, so they cannot disagree.
 */
export class FoldSession {
  private readonly states: ProjectionState[];

  constructor(
    projections: Projection[],
    private readonly load: LoadDocs,
    checkpoints: Map<string, string | null> = new Map(),
    private readonly maxCachedDocs = 50_000,
  ) {
    this.states = projections.map((projection) => ({
      projection,
      docs: new Map(),
      dirty: new Set(),
      named: new Set(),
      checkpoint: checkpoints.get(projection.name) ?? null,
      lastApplied: null,
    }));
  }

  private isNew(state: ProjectionState, event: StoredEvent): boolean {
    return state.checkpoint === null || comparePositions(event.position, state.checkpoint) > 0;
  }

  async apply(events: StoredEvent[]): Promise<void> {
    for (const state of this.states) {
      const fresh = state.checkpoint === null ? events : events.filter((event) => this.isNew(state, event));
      if (fresh.length === 0) continue;
      await this.prefetch(
        state,
        fresh.flatMap((event) => state.projection.keysOf(event)),
      );
      const peek: ReadDoc = <D>(key: string) => state.docs.get(key) as D | undefined;
      await this.prefetch(
        state,
        fresh.flatMap((event) => state.projection.dependentKeysOf(event, peek)),
      );
      const read: ReadDoc = <D>(key: string) => {
        if (!state.docs.has(key)) {
          throw new Error(
            `Projection ${state.projection.name} read "${key}" without naming it in its handler's keys.`,
          );
        }
        return state.docs.get(key) as D | undefined;
      };
      for (const event of fresh) {
        for (const [key, doc] of state.projection.evolve(read, event)) {
          state.docs.set(key, doc);
          state.dirty.add(key);
        }
        state.lastApplied = event.position;
      }
    }
  }

  private async prefetch(state: ProjectionState, keys: string[]): Promise<void> {
    for (const key of keys) state.named.add(key);
    const wanted = [...new Set(keys)].filter((key) => !state.docs.has(key));
    if (wanted.length === 0) return;
    const loaded = await this.load(state.projection.name, wanted);
    for (const key of wanted) state.docs.set(key, loaded.get(key));
  }

  /** The documents changed since the last call, ready to write with their checkpoints. */
  takeWrites(): ProjectionWrite[] {
    const writes: ProjectionWrite[] = [];
    for (const state of this.states) {
      if (state.lastApplied === null || (state.checkpoint !== null && state.lastApplied === state.checkpoint))
        continue;
      const docs = [...state.dirty].map((key) => {
        const doc = state.docs.get(key);
        return { key, json: doc === undefined ? null : JSON.stringify(doc) };
      });
      writes.push({
        projection: state.projection.name,
        docs,
        checkpoint: state.lastApplied,
        expectedCheckpoint: state.checkpoint,
        version: state.projection.version,
      });
      // Documents only ever written (history rows, entries) need not stay in memory once written.
      for (const key of state.dirty) if (!state.named.has(key)) state.docs.delete(key);
      state.dirty.clear();
      state.named.clear();
      state.checkpoint = state.lastApplied;
      if (state.docs.size > this.maxCachedDocs) state.docs.clear();
    }
    return writes;
  }

  /** Every document this session holds for a projection: an as-of replay's whole read model. */
  docsOf(projection: string): Map<string, unknown> {
    return this.states.find((state) => state.projection.name === projection)?.docs ?? new Map();
  }
}
