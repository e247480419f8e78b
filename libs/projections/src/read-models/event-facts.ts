import { AppraisalEvent, asAppraisalEvent } from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';

/** A stored event seen as the appraisal event it records. */
export const appraisal = (event: StoredEvent): AppraisalEvent => asAppraisalEvent(event);

/** Positions padded so that document keys sort in log order. */
export const positionKey = (position: string): string =>
  position.includes('/')
    ? position
        .split('/')
        .map((part) => part.padStart(20, '0'))
        .join('-')
    : position.padStart(20, '0');

/** Where and when an event was recorded, and by whom: what every history row and entry shows. */
export const recorded = (event: StoredEvent) => ({
  eventId: event.id,
  position: event.position,
  recordedAt: event.recordedAt,
  actor: event.metadata.actor,
});
