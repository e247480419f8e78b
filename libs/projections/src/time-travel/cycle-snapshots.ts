import { EventStore, StoredEvent, comparePositions } from '@ledger/event-store';
import { FoldSession, LoadDocs } from '../fold-session';
import { Projection, docKey, scopeOf } from '../projection';
import { DocWrite, ReadModelStore } from '../read-model-store';
import { accountabilityProjection } from '../read-models/accountability.projection';
import { disputesProjection } from '../read-models/disputes.projection';
import { positionKey } from '../read-models/event-facts';
import { panelsProjection } from '../read-models/panels.projection';
import { scoreKeys, scoresProjection } from '../read-models/scores.projection';
import { Cut } from './cycle-events';
import { SnapshotPass } from './snapshot-pass';

const PAGE = 5000;

/** The read models a cycle's queries read: what a snapshot holds and an as-of query folds. */
export const CYCLE_PROJECTIONS: Projection[] = [
  scoresProjection,
  accountabilityProjection,
  disputesProjection,
  panelsProjection,
];

/**
 * Score entries are most of a cycle's documents and never change but for a reversal: they are
 * left out of snapshots, and an as-of query folds a unit's from its scorecard stream (cycle-as-of.ts).
 */
const isSnapshotted = (projection: string, key: string): boolean =>
  projection !== scoresProjection.name || !scoreKeys.isEntry(key);

/** A projection's fold less what snapshots leave out, so the snapshot writer never keeps nor serialises it. */
const snapshotFold = (projection: Projection): Projection => ({
  ...projection,
  evolve: (read, event) =>
    projection.evolve(read, event).filter(([key]) => isSnapshotted(projection.name, key)),
});

/** Snapshots live in the read-model store beside the read models, as documents of their own. */
export const SNAPSHOTS = 'cycle_snapshots';

/** A snapshot every this many events of a cycle. */
export const SNAPSHOT_EVERY = 1000;

/** A scope's changes are kept as this many layers at most before they are merged into one. */
export const LAYERS_BEFORE_MERGE = 8;

/**
 * A snapshot of a cycle's folded read models right after `position`. Its documents are kept
 * in chunks, one per projection and scope (a unit's entries, the cycle's cards), and each
 * snapshot writes only the documents its events changed, as a new layer of their chunks: the
 * manifest names, per chunk, the snapshots whose layers make it (oldest first), merged into
 * one every LAYERS_BEFORE_MERGE. So a snapshot costs what changed, not the whole cycle again,
 * and an as-of scoreboard loads the cards and units, never the entries.
 */
export interface SnapshotManifest {
  year: number;
  position: string;
  recordedAt: string;
  /** Events of the cycle folded into it. */
  count: number;
  /** The projections' names and versions: a snapshot of other versions is never used. */
  versions: string;
}

/**
 * A snapshot with its layout: chunk name (`projection|scope`) to the position keys of the
 * snapshots holding its layers, oldest first. Kept apart from the manifest, so that listing a
 * cycle's snapshots reads none of their layouts.
 */
export interface Snapshot extends SnapshotManifest {
  chunks: Record<string, string[]>;
}

type Chunk = Record<string, unknown>;
/** A layer of a chunk: the documents changed, null for one deleted. */
type Layer = Record<string, unknown>;

/** The layers of a chunk laid over each other, oldest first. */
const merge = (layers: Layer[]): Chunk => {
  const merged: Chunk = {};
  for (const layer of layers)
    for (const [key, doc] of Object.entries(layer)) {
      if (doc === null) delete merged[key];
      else merged[key] = doc;
    }
  return merged;
};

export const versionsOf = (projections: Projection[]): string =>
  projections.map((p) => `${p.name}@${p.version}`).join(',');

const manifestScope = (year: number) => docKey('manifest', year);
const manifestKey = (year: number, position: string) => docKey('manifest', year, positionKey(position));
const layoutKey = (year: number, position: string) => docKey('layout', year, positionKey(position));
const chunkKey = (year: number, holder: string, chunk: string) => docKey('chunk', year, holder, chunk);
const chunkOf = (projection: string, key: string) => `${projection}|${scopeOf(key)}`;

/** Reads and writes a store's cycle snapshots, and folds a cycle's events from the newest one before a cut. */
export class CycleSnapshots {
  readonly versions: string;

  constructor(
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly options: { every?: number; projections?: Projection[] } = {},
  ) {
    this.versions = versionsOf(this.projections);
  }

  get projections(): Projection[] {
    return this.options.projections ?? CYCLE_PROJECTIONS;
  }

  get every(): number {
    return this.options.every ?? SNAPSHOT_EVERY;
  }

  /** The cycle's snapshots of the current versions, in log order. */
  async manifests(year: number): Promise<SnapshotManifest[]> {
    return (await this.readModels.list(SNAPSHOTS, manifestScope(year)))
      .map((row) => row.doc as SnapshotManifest)
      .filter((manifest) => manifest.versions === this.versions);
  }

  /** The newest snapshot wholly within the cut, with its layout. */
  async newestWithin(year: number, cut: Cut): Promise<Snapshot | undefined> {
    const within = (await this.manifests(year)).filter(
      (m) =>
        (cut.position === undefined || comparePositions(m.position, cut.position) <= 0) &&
        (cut.instant === undefined || m.recordedAt <= cut.instant),
    );
    const newest = within[within.length - 1];
    if (!newest) return undefined;
    const key = layoutKey(year, newest.position);
    const layout = (await this.readModels.get(SNAPSHOTS, [key])).get(key) as Snapshot['chunks'] | undefined;
    // A manifest without its layout was never wholly written: it is not one to start from.
    return layout ? { ...newest, chunks: layout } : undefined;
  }

  /** Loads documents from a snapshot's chunks (each chunk once): a fold session's loader. */
  loaderFrom(manifest: Snapshot | undefined): {
    load: LoadDocs;
    chunk: (name: string) => Promise<Chunk>;
  } {
    const cache = new Map<string, Promise<Chunk>>();
    const chunk = (name: string): Promise<Chunk> => {
      const holders = manifest?.chunks[name];
      if (manifest === undefined || holders === undefined) return Promise.resolve({});
      let loading = cache.get(name);
      if (!loading) {
        const keys = holders.map((holder) => chunkKey(manifest.year, holder, name));
        loading = this.readModels
          .get(SNAPSHOTS, keys)
          .then((found) => merge(keys.map((key) => (found.get(key) as Layer | undefined) ?? {})));
        cache.set(name, loading);
      }
      return loading;
    };
    const load: LoadDocs = async (projection, keys) => {
      const found = new Map<string, unknown>();
      for (const key of keys) {
        const doc = (await chunk(chunkOf(projection, key)))[key];
        if (doc !== undefined) found.set(key, doc);
      }
      return found;
    };
    return { load, chunk };
  }

  /**
   * Brings the cycle's snapshots up to the log's head: folds the events after the newest
   * snapshot with the projections' own folds, writing a snapshot after every `every` of them
   * (the remainder waits for the next call). Answers how many snapshots it wrote.
   */
  catchUp(year: number): Promise<number> {
    return this.catchUpAll([year]);
  }

  /**
   * The same for several cycles in one pass over the log, holding at most `every` events per
   * cycle in memory (see `SnapshotPass`).
   */
  async catchUpAll(years: number[]): Promise<number> {
    const pass = new SnapshotPass(
      this,
      await Promise.all(years.map(async (year) => ({ year, previous: await this.newestWithin(year, {}) }))),
    );
    if (years.length === 0) return 0;
    let after = pass.startAfter();
    for (;;) {
      const page = await this.events.readAll({ after, limit: PAGE });
      await pass.feed(page);
      if (page.length < PAGE) return pass.written;
      after = page[page.length - 1]!.position;
    }
  }

  /**
   * Drops every snapshot and answers a pass that writes them again from the pages of the log a
   * rebuild reads anyway (from the start, finding cycles as the log names them).
   */
  async rebuildPass(): Promise<SnapshotPass> {
    await this.dropAll();
    return new SnapshotPass(this, [], { findCycles: true });
  }

  /** A session that folds a cycle for its snapshots: what it does not hold is in the newest snapshot written so far. */
  snapshotSession(newest: () => Snapshot | undefined): FoldSession {
    return new FoldSession(this.projections.map(snapshotFold), (projection, keys) =>
      this.loaderFrom(newest()).load(projection, keys),
    );
  }

  /** Folds `events` onto `previous` (in `session`) and writes the snapshot they end at: a layer of each chunk they changed. */
  async write(
    year: number,
    previous: Snapshot | undefined,
    session: FoldSession,
    events: StoredEvent[],
  ): Promise<Snapshot> {
    const { chunk } = this.loaderFrom(previous);
    await session.apply(events);
    const last = events[events.length - 1]!;
    const holder = positionKey(last.position);
    // A layer's JSON is put together from the documents' own, not parsed and made again.
    const changed = new Map<string, string[]>();
    for (const write of session.takeWrites()) {
      for (const { key, json } of write.docs) {
        const name = chunkOf(write.projection, key);
        let members = changed.get(name);
        if (!members) changed.set(name, (members = []));
        members.push(`${JSON.stringify(key)}:${json ?? 'null'}`);
      }
    }
    const chunks = { ...previous?.chunks };
    const docs: DocWrite[] = [];
    for (const [name, members] of changed) {
      const layer = `{${members.join(',')}}`;
      const layers = [...(chunks[name] ?? []), holder];
      // Past so many layers, the chunk is written whole again (the previous layers merged) and starts over.
      const merged = layers.length > LAYERS_BEFORE_MERGE;
      const written = merged ? JSON.stringify(merge([await chunk(name), JSON.parse(layer) as Layer])) : layer;
      chunks[name] = merged ? [holder] : layers;
      docs.push({ key: chunkKey(year, holder, name), json: written });
    }
    const manifest: SnapshotManifest = {
      year,
      position: last.position,
      recordedAt: last.recordedAt,
      count: (previous?.count ?? 0) + events.length,
      versions: this.versions,
    };
    docs.push(
      { key: manifestKey(year, last.position), json: JSON.stringify(manifest) },
      { key: layoutKey(year, last.position), json: JSON.stringify(chunks) },
    );
    await this.readModels.write([{ projection: SNAPSHOTS, docs, checkpoint: last.position, version: 1 }]);
    return { ...manifest, chunks };
  }

  /** Drops every snapshot (an empty table swapped in): a rebuild writes them again. */
  async dropAll(): Promise<void> {
    await this.readModels.startShadow(SNAPSHOTS);
    await this.readModels.swapShadow(SNAPSHOTS, null, 1);
  }
}
