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
