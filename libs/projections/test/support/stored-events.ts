import { NewEvent, StoredEvent } from '@ledger/event-store';

/** Events as the store would hand them back: positions 1, 2, 3..., recorded a minute apart from 1 January 2007. */
export const stored = (events: Omit<NewEvent, 'metadata'>[]): StoredEvent[] =>
  events.map((event, i) => ({
    id: event.id ?? `ev-${i + 1}`,
    stream: 's',
    revision: i,
    position: String(i + 1),
    type: event.type,
    data: event.data,
    metadata: {
      actor: { id: 'sup', role: 'supervisor' },
      reason: 'r',
      schemaVersion: 1,
      prevHash: 'p',
      hash: `h${i + 1}`,
    },
    recordedAt: new Date(Date.UTC(2007, 0, 1, 0, i)).toISOString(),
  }));

/** An award or a deduction of 2007 as the scorecard decider records it (its id is its entry id). */
export const scoreEntry = (
  kind: 'award' | 'deduction',
  entry: { unitId: string; entryId: string; itemId: string; track: '1' | 'X'; points: number },
): Omit<NewEvent, 'metadata'> => ({
  id: entry.entryId,
  type: kind === 'award' ? 'PointsAwarded' : 'PointsDeducted',
  data: {
    year: 2007,
    ...entry,
    reason: 'done',
    evidence: null,
    ...(kind === 'award' && { regularAwardMax: 2 }),
  },
});
