import { AppraisalEvent } from '@ledger/domain';
import { FoldSession, Projection } from '@ledger/projections';
import { stored } from './stored-events';

/**
 * Given events / When an event / Then the documents it writes, for any projection. The given
 * events are folded and written through JSON, as a store keeps them; the event under test is
 * then folded in a session of its own that loads what they wrote, so a handler that reads a
 * document its `keys` did not name fails here as it would in the runner.
 */
export const projectionSpec = (projection: Projection) => (given: AppraisalEvent[]) => ({
  when: (event: AppraisalEvent) => {
    const log = stored([...given, event]);
    const saved = new Map<string, string>();
    const session = () =>
      new FoldSession([projection], async (_name, keys) => {
        const found = keys.flatMap((key) => {
          const json = saved.get(key);
          return json === undefined ? [] : [[key, JSON.parse(json) as unknown] as const];
        });
        return new Map(found);
      });
    const written = async (events: typeof log): Promise<Record<string, unknown>> => {
      const folding = session();
      await folding.apply(events);
      const docs: Record<string, unknown> = {};
      for (const write of folding.takeWrites())
        for (const { key, json } of write.docs) {
          if (json === null) saved.delete(key);
          else saved.set(key, json);
          docs[key] = json === null ? null : JSON.parse(json);
        }
      return docs;
    };
    const writes = (async () => {
      await written(log.slice(0, -1));
      return written(log.slice(-1));
    })();
    return {
      /** The event writes exactly these documents (by key). */
      then: async (expected: Record<string, unknown>) => expect(await writes).toEqual(expected),
      /** The event writes nothing. */
      thenNothing: async () => expect(await writes).toEqual({}),
      /** The documents the event writes, for a closer look. */
      writes,
    };
  },
});
