import Database from 'better-sqlite3';
import { InMemoryEventStore, NewEvent } from '@ledger/event-store';
import { FoldSession, SqliteReadModels, entriesPageOf, scoresProjection } from '@ledger/projections';

const meta = { actor: { id: 'sup', role: 'supervisor' }, reason: 'r' };
const award = (entryId: string, points = 1): NewEvent => ({
  type: 'PointsAwarded',
  data: { year: 2007, unitId: 'a', entryId, itemId: 'x', track: 'X', points, reason: 'r', evidence: null },
  metadata: meta,
});
const metric = (value: number): NewEvent => ({
  type: 'MetricReported',
  data: { year: 2007, unitId: 'a', itemId: 'x', metric: 'm', value },
  metadata: meta,
});

describe('a page of a unit’s entries', () => {
  it('follows the scorecard stream past other events, takes entries from the read model, and folds those it lacks', async () => {
    const log = new InMemoryEventStore();
    await log.append(
      'scorecard-2007-a',
      [
        award('e1'),
        metric(1),
        metric(2),
        award('e2'),
        metric(3),
        metric(4),
        metric(5),
        award('e3'),
        award('e4', 2),
      ],
      { expectedRevision: 'no-stream' },
    );
    await log.append(
      'scorecard-2007-a',
      [
        {
          type: 'EntryReversed',
          data: {
            year: 2007,
            unitId: 'a',
            entryId: 'e1',
            disputeId: 'd1',
            points: 1,
            kind: 'award',
            track: 'X',
          },
          metadata: meta,
        },
      ],
      { expectedRevision: 8 },
    );
    // The read model has folded the first five events only, the reversal not yet.
    const readModels = new SqliteReadModels(new Database(':memory:'));
    const session = new FoldSession([scoresProjection], (name, keys) => readModels.get(name, keys));
    await session.apply((await log.readAll()).slice(0, 5));
    await readModels.write(session.takeWrites());

    const first = await entriesPageOf(readModels, log, 2007, 'a', { limit: 2 });
    expect(first.entries.map((e) => e.entryId)).toEqual(['e1', 'e2']);
    expect(first.entries[0]!.reversed).toBe(false);
    expect(first.next).toBe(3);
    const second = await entriesPageOf(readModels, log, 2007, 'a', { after: first.next!, limit: 2 });
    expect(second.entries).toMatchObject([
      { entryId: 'e3', points: 1, kind: 'award' },
      { entryId: 'e4', points: 2, kind: 'award', position: '9', effectiveOn: expect.any(String) },
    ]);
    expect(second.next).toBe(8);
    expect(await entriesPageOf(readModels, log, 2007, 'a', { after: second.next!, limit: 2 })).toEqual({
      entries: [],
      next: null,
    });
  });
});
