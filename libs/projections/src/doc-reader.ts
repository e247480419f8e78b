import { scopeOf } from './projection';
import { ReadModelStore } from './read-model-store';

/** How queries see read models: live tables, or the documents of an as-of replay held in memory. */
export interface DocReader {
  get<T>(projection: string, key: string): Promise<T | undefined>;
  list<T>(projection: string, scope: string): Promise<T[]>;
}

export const storeReader = (store: ReadModelStore): DocReader => ({
  get: async <T>(projection: string, key: string) =>
    (await store.get(projection, [key])).get(key) as T | undefined,
  list: async <T>(projection: string, scope: string) =>
    (await store.list(projection, scope)).map((row) => row.doc as T),
});

/** Documents in memory, by projection: listing sorts by key as the stores do. */
export const memoryReader = (docs: Map<string, Map<string, unknown>>): DocReader => ({
  get: async <T>(projection: string, key: string) => docs.get(projection)?.get(key) as T | undefined,
  list: async <T>(projection: string, scope: string) =>
    [...(docs.get(projection) ?? new Map<string, unknown>()).entries()]
      .filter(([key, doc]) => doc !== undefined && scopeOf(key) === scope)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, doc]) => doc as T),
});
