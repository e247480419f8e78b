import { scopeOf } from './projection';
import { KeyPage, ReadModelStore } from './read-model-store';

/** How queries see read models: live tables, or the documents of an as-of replay held in memory. */
export interface DocReader {
  get<T>(projection: string, key: string): Promise<T | undefined>;
  list<T>(projection: string, scope: string, page?: KeyPage): Promise<T[]>;
}

/** A page of documents already in key order, as a store would answer it. */
export const pageOf = <T>(sorted: [string, T][], page: KeyPage = {}): T[] => {
  const after = page.afterKey;
  const from = after === undefined ? sorted : sorted.filter(([key]) => key > after);
  return (page.limit === undefined ? from : from.slice(0, page.limit)).map(([, doc]) => doc);
};

export const byKey = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : a > b ? 1 : 0);

export const storeReader = (store: ReadModelStore): DocReader => ({
  get: async <T>(projection: string, key: string) =>
    (await store.get(projection, [key])).get(key) as T | undefined,
  list: async <T>(projection: string, scope: string, page?: KeyPage) =>
    (await store.list(projection, scope, page)).map((row) => row.doc as T),
});

/** Documents in memory, by projection: listing sorts by key as the stores do. */
export const memoryReader = (docs: Map<string, Map<string, unknown>>): DocReader => ({
  get: async <T>(projection: string, key: string) => docs.get(projection)?.get(key) as T | undefined,
  list: async <T>(projection: string, scope: string, page?: KeyPage) =>
    pageOf(
      [...(docs.get(projection) ?? new Map<string, unknown>()).entries()]
        .filter(([key, doc]) => doc !== undefined && scopeOf(key) === scope)
        .sort(byKey) as [string, T][],
      page,
    ),
});
