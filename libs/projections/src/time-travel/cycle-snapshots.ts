import { EventStore, StoredEvent, comparePositions } from '@ledger/event-store';
import { FoldSession, LoadDocs } from '../fold-session';
import { Projection, docKey, scopeOf } from '../projection';
import { ReadModelStore } from '../read-model-store';
import { accountabilityProjection } from '../read-models/accountability.projection';
import { disputesProjection } from '../read-models/disputes.projection';
import { positionKey } from '../read-models/event-facts';
import { panelsProjection } from '../read-models/panels.projection';
import { scoresProjection } from '../read-models/scores.projection';
import { Cut, cycleEventsBetween } from './cycle-events';

/** The read models a cycle's queries read: what a snapshot holds and an as-of query folds. */
export const CYCLE_PROJECTIONS: Projection[] = [
  scoresProjection,
  accountabilityProjection,
  disputesProjection,
  panelsProjection,
];

/** Snapshots live in the read-model store beside the read models, as documents of their own. */
export const SNAPSHOTS = 'cycle_snapshots';

/** A snapshot every this many events of a cycle. */
export const SNAPSHOT_EVERY = 5000;

/**
 * A snapshot of a cycle's folded read models right after `position`. Its documents are kept
 * in chunks, one per projection and scope (a unit's entries, the cycle's cards); a chunk no
 * event changed since the previous snapshot is not written again, the manifest names the
 * snapshot that holds it. So an as-of scoreboard loads the cards and units, never the entries.
 */
export interface SnapshotManifest {
  year: number;
  position: string;
  recordedAt: string;
  /** Events of the cycle folded into it. */
  count: number;
  /** The projections' names and versions: a snapshot of other versions is never used. */
  versions: string;
  /** Chunk name (`projection|scope`) to the position key of the snapshot that holds it. */
  chunks: Record<string, string>;
}

type Chunk = Record<string, unknown>;

export const versionsOf = (projections: Projection[]): string =>
  projections.map((p) => `${p.name}@${p.version}`).join(',');

const manifestScope = (year: number) => docKey('manifest', year);
const manifestKey = (year: number, position: string) => docKey('manifest', year, positionKey(position));
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

  /** The newest snapshot wholly within the cut. */
  async newestWithin(year: number, cut: Cut): Promise<SnapshotManifest | undefined> {
    const within = (await this.manifests(year)).filter(
      (m) =>
        (cut.position === undefined || comparePositions(m.position, cut.position) <= 0) &&
        (cut.instant === undefined || m.recordedAt <= cut.instant),
    );
    return within[within.length - 1];
  }

  /** Loads documents from a snapshot's chunks (each chunk once): a fold session's loader. */
  loaderFrom(manifest: SnapshotManifest | undefined): {
    load: LoadDocs;
    chunk: (name: string) => Promise<Chunk>;
  } {
    const cache = new Map<string, Promise<Chunk>>();
    const chunk = (name: string): Promise<Chunk> => {
      const holder = manifest?.chunks[name];
      if (manifest === undefined || holder === undefined) return Promise.resolve({});
      let loading = cache.get(name);
      if (!loading) {
        const key = chunkKey(manifest.year, holder, name);
        loading = this.readModels.get(SNAPSHOTS, [key]).then((found) => (found.get(key) as Chunk) ?? {});
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
  async catchUp(year: number): Promise<number> {
    let previous = (await this.manifests(year)).at(-1);
    const pending = await cycleEventsBetween(this.events, year, previous?.position, {});
    let written = 0;
    for (let start = 0; start + this.every <= pending.length; start += this.every) {
      previous = await this.write(year, previous, pending.slice(start, start + this.every));
      written += 1;
    }
    return written;
  }

  /** Folds `events` onto `previous` and writes the snapshot they end at: only the chunks they changed. */
  private async write(
    year: number,
    previous: SnapshotManifest | undefined,
    events: StoredEvent[],
  ): Promise<SnapshotManifest> {
    const { load, chunk } = this.loaderFrom(previous);
    const session = new FoldSession(this.projections, load);
    await session.apply(events);
    const last = events[events.length - 1]!;
    const holder = positionKey(last.position);
    const changed = new Map<string, Chunk>();
    for (const write of session.takeWrites()) {
      for (const { key, json } of write.docs) {
        const name = chunkOf(write.projection, key);
        let docs = changed.get(name);
        if (!docs) changed.set(name, (docs = { ...(await chunk(name)) }));
        if (json === null) delete docs[key];
        else docs[key] = JSON.parse(json);
      }
    }
    const manifest: SnapshotManifest = {
      year,
      position: last.position,
      recordedAt: last.recordedAt,
      count: (previous?.count ?? 0) + events.length,
      versions: this.versions,
      chunks: {
        ...previous?.chunks,
        ...Object.fromEntries([...changed.keys()].map((name) => [name, holder])),
      },
    };
    const docs = [...changed].map(([name, docs]) => ({
      key: chunkKey(year, holder, name),
      json: JSON.stringify(docs),
    }));
    docs.push({ key: manifestKey(year, last.position), json: JSON.stringify(manifest) });
    await this.readModels.write([{ projection: SNAPSHOTS, docs, checkpoint: last.position, version: 1 }]);
    return manifest;
  }

  /** Drops every snapshot (an empty table swapped in): a rebuild writes them again. */
  async dropAll(): Promise<void> {
    await this.readModels.startShadow(SNAPSHOTS);
    await this.readModels.swapShadow(SNAPSHOTS, null, 1);
  }
}
