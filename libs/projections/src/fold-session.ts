import { StoredEvent, comparePositions } from '@ledger/event-store';
import { Projection, ReadDoc } from './projection';
import { ProjectionWrite } from './read-model-store';

export type LoadDocs = (projection: string, keys: string[]) => Promise<Map<string, unknown>>;

/**
 * One document as the session knows it. A slot is looked up once per use, where three sets
 * (documents, changed, named) would each hash the key again: the fold's hot path.
 */
interface Slot {
  key: string;
  /** `undefined` means known to be absent. */
  doc: unknown;
  /** Changed since the last writes. */
  dirty: boolean;
  /** Some handler named it (in its `keys`): worth keeping at hand once written. */
  named: boolean;
}

interface ProjectionState {
  projection: Projection;
  slots: Map<string, Slot>;
  dirty: Slot[];
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
      slots: new Map(),
      dirty: [],
      checkpoint: checkpoints.get(projection.name) ?? null,
      lastApplied: null,
    }));
  }

  /** The events of a batch (in log order) that this projection has not folded yet. */
  private freshFor(state: ProjectionState, events: StoredEvent[]): StoredEvent[] {
    const { checkpoint } = state;
    if (checkpoint === null || events.length === 0) return events;
    if (comparePositions(events[0]!.position, checkpoint) > 0) return events;
    return events.filter((event) => comparePositions(event.position, checkpoint) > 0);
  }

  async apply(events: StoredEvent[]): Promise<void> {
    for (const state of this.states) {
      const { projection, slots } = state;
      const fresh = this.freshFor(state, events);
      if (fresh.length === 0) continue;
      const handled = fresh.filter((event) => projection.handles.has(event.type));
      if (handled.length > 0) {
        await this.prefetch(state, handled, (event) => projection.keysOf(event));
        const peek: ReadDoc = <D>(key: string) => slots.get(key)?.doc as D | undefined;
        await this.prefetch(state, handled, (event) => projection.dependentKeysOf(event, peek));
        this.fold(state, handled);
      }
      state.lastApplied = fresh[fresh.length - 1]!.position;
    }
  }

  private fold(state: ProjectionState, events: StoredEvent[]): void {
    const { projection, slots, dirty } = state;
    const read: ReadDoc = <D>(key: string) => {
      const slot = slots.get(key);
      if (slot === undefined) {
        throw new Error(
          `Projection ${projection.name} read "${key}" without naming it in its handler's keys.`,
        );
      }
      return slot.doc as D | undefined;
    };
    for (const event of events) {
      for (const [key, doc] of projection.evolve(read, event)) {
        const slot = slots.get(key);
        if (slot === undefined) {
          const written: Slot = { key, doc, dirty: true, named: false };
          slots.set(key, written);
          dirty.push(written);
        } else {
          slot.doc = doc;
          if (!slot.dirty) {
            slot.dirty = true;
            dirty.push(slot);
          }
        }
      }
    }
  }

  private async prefetch(
    state: ProjectionState,
    events: StoredEvent[],
    keysOf: (event: StoredEvent) => string[],
  ): Promise<void> {
    const { slots } = state;
    const wanted: Slot[] = [];
    for (const event of events) {
      for (const key of keysOf(event)) {
        const slot = slots.get(key);
        if (slot !== undefined) slot.named = true;
        else {
          const absent: Slot = { key, doc: undefined, dirty: false, named: true };
          slots.set(key, absent);
          wanted.push(absent);
        }
      }
    }
    if (wanted.length === 0) return;
    let loaded: Map<string, unknown>;
    try {
      loaded = await this.load(
        state.projection.name,
        wanted.map((slot) => slot.key),
      );
    } catch (error) {
      // Not loaded is not known to be absent: a later apply asks again.
      for (const slot of wanted) slots.delete(slot.key);
      throw error;
    }
    for (const slot of wanted) slot.doc = loaded.get(slot.key);
  }

  /** The documents changed since the last call, ready to write with their checkpoints. */
  takeWrites(): ProjectionWrite[] {
    const writes: ProjectionWrite[] = [];
    for (const state of this.states) {
      if (state.lastApplied === null || (state.checkpoint !== null && state.lastApplied === state.checkpoint))
        continue;
      const docs = state.dirty.map(({ key, doc }) => ({
        key,
        json: doc === undefined ? null : JSON.stringify(doc),
      }));
      writes.push({
        projection: state.projection.name,
        docs,
        checkpoint: state.lastApplied,
        expectedCheckpoint: state.checkpoint,
        version: state.projection.version,
      });
      // Documents only ever written (history rows, entries) need not stay in memory once written.
      for (const slot of state.dirty) {
        slot.dirty = false;
        if (!slot.named) state.slots.delete(slot.key);
        slot.named = false;
      }
      state.dirty = [];
      state.checkpoint = state.lastApplied;
      if (state.slots.size > this.maxCachedDocs) state.slots.clear();
    }
    return writes;
  }

  /** Every document this session holds for a projection: an as-of replay's whole read model. */
  docsOf(projection: string): Map<string, unknown> {
    const state = this.states.find((candidate) => candidate.projection.name === projection);
    const docs = new Map<string, unknown>();
    for (const [key, slot] of state?.slots ?? []) docs.set(key, slot.doc);
    return docs;
  }
}
