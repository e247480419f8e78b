/** A document to write: its key and its JSON text, or null to delete it. */
export interface DocWrite {
  key: string;
  json: string | null;
}

export interface ProjectionWrite {
  projection: string;
  docs: DocWrite[];
  /** The position of the last event these writes include. */
  checkpoint: string;
  /** The checkpoint the writer started from: if another writer moved it meanwhile, nothing is written. */
  expectedCheckpoint?: string | null;
  version: number;
}

/** Another runner (or a rebuild) moved a projection's checkpoint: the writer must resync. */
export class CheckpointMovedError extends Error {
  override readonly name = 'CheckpointMovedError';

  constructor(
    readonly projection: string,
    readonly expected: string | null,
    readonly found: string | null,
  ) {
    super(
      `Projection ${projection} is at ${found ?? 'the start'}, not at ${expected ?? 'the start'}: another writer moved it.`,
    );
  }
}

export interface Checkpoint {
  projection: string;
  position: string | null;
  version: number;
}

/**
 * Where read models live (SQLite or PostgreSQL): one table of documents per projection, and
 * a checkpoint per projection written in the same transaction as its documents, so a crash
 * between batches never counts an event twice. A rebuild writes into a shadow table and swaps
 * it in at once, so queries keep answering meanwhile.
 */
/**
 * A page of a scope, in key order: the documents after the key `afterKey` (a key of the scope,
 * present or not), at most `limit` of them. Its cost is that of the page, not of the scope.
 * For scopes whose keys have no deeper parts (history rows): the limit is applied before keys of
 * a deeper scope in the same range are set aside, which would make such a page short.
 */
export interface KeyPage {
  afterKey?: string;
  limit?: number;
}

export interface ReadModelStore {
  get(projection: string, keys: string[]): Promise<Map<string, unknown>>;
  list(projection: string, scope: string, page?: KeyPage): Promise<{ key: string; doc: unknown }[]>;
  /** Every document of a projection, by key: for exports and comparisons. */
  all(projection: string): Promise<{ key: string; doc: unknown }[]>;
  write(writes: ProjectionWrite[], target?: 'live' | 'shadow'): Promise<void>;
  checkpoints(): Promise<Checkpoint[]>;

  /** Starts an empty shadow table for a rebuild of `projection`; reads with `target: 'shadow'` see it. */
  startShadow(projection: string): Promise<void>;
  getShadow(projection: string, keys: string[]): Promise<Map<string, unknown>>;
  /** Puts the shadow in place of the live table, with its checkpoint, in one transaction. */
  swapShadow(projection: string, checkpoint: string | null, version: number): Promise<void>;
  close(): Promise<void>;
}

/** Each projection's documents live in `rm_<name>`; a rebuild fills `rm_<name>__shadow` first. */
export const tableOf = (projection: string): string => `rm_${projection.replace(/[^a-z0-9]/g, '_')}`;
export const shadowOf = (projection: string): string => `${tableOf(projection)}__shadow`;

/**
 * The keys of a scope's documents all start with `scope:`, so listing a scope is a range scan
 * of the primary key: from `scope:` to `scope;` (the next character), in binary order.
 */
export const scopeRange = (scope: string, page: KeyPage = {}): [string, string] => {
  const start = `${scope}:`;
  return [page.afterKey !== undefined && page.afterKey > start ? page.afterKey : start, `${scope};`];
};

/** SQL's LIMIT for a page: every row when the page sets none. */
export const rowLimit = (page: KeyPage = {}): number => page.limit ?? -1;
