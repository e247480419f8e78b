import { refuse } from '@ledger/domain';
import { EventStore, StoredEvent, comparePositions } from '@ledger/event-store';
import { DocReader } from '../doc-reader';
import { DISPUTES, DisputeDoc, disputeKeys } from './disputes.projection';
import { HISTORY, HistoryRowDoc, historyKeys } from './history.projection';
import { PANELS, PanelDoc, panelKeys } from './panels.projection';
import { findCycle } from './scores.queries';

/** A cycle's disputes in the order they were filed; for one unit only when `unitId` is given. */
export const disputesOf = async (reader: DocReader, year: number, unitId?: string): Promise<DisputeDoc[]> => {
  await findCycle(reader, year);
  const disputes = await reader.list<DisputeDoc>(DISPUTES, disputeKeys.scope(year));
  return disputes
    .filter((dispute) => unitId === undefined || dispute.unitId === unitId)
    .sort((a, b) => comparePositions(a.filedAt, b.filedAt));
};

/** A cycle's panels, by id: members, every score and, once closed, the results. */
export const panelsOf = async (reader: DocReader, year: number): Promise<PanelDoc[]> => {
  await findCycle(reader, year);
  return reader.list<PanelDoc>(PANELS, panelKeys.scope(year));
};

export const panelOf = async (reader: DocReader, year: number, panelId: string): Promise<PanelDoc> => {
  const panel = await reader.get<PanelDoc>(PANELS, panelKeys.panel(year, panelId));
  if (!panel)
    throw refuse('UNKNOWN_PANEL', `There is no panel "${panelId}" in cycle ${year}.`, { year, panelId });
  return panel;
};

/** A page of a log-ordered list: the rows after the position `after`, at most `limit` of them. */
export interface PositionPage {
  after?: string;
  limit?: number;
}

/** An event of a unit's history as a query answers it: what the log holds, and the running total. */
export interface HistoryRow {
  /** The event's id: what its inclusion proof is asked for by. */
  eventId: string;
  position: string;
  type: string;
  data: unknown;
  actor: { id: string; role: string; name?: string };
  reason: string | null;
  recordedAt: string;
  hash: string;
  /** The unit's total score right after this event. */
  total: number;
  /**
   * Set on a row whose event the log no longer holds (the read model knew it: the log was cut
   * or tampered with; `ledger verify` and the checkpoints say more). Its event fields are empty.
   */
  missingFromLog?: true;
}

/** Positions asked of the log at once when a history is joined with it. */
const JOIN_BATCH = 1000;

/**
 * The events of a unit's cycle in log order, with the unit's running total after each: all of
 * them, or a page (rows are keyed by position, so a page costs the same however long the history).
 * The rows give the positions and totals; the log gives the events.
 */
export const historyOf = async (
  reader: DocReader,
  log: Pick<EventStore, 'readPositions'>,
  year: number,
  unitId: string,
  page: PositionPage = {},
): Promise<HistoryRow[]> => {
  await findCycle(reader, year);
  const rows = await reader.list<HistoryRowDoc>(HISTORY, historyKeys.rowScope(year, unitId), {
    afterKey: page.after === undefined ? undefined : historyKeys.row(year, unitId, page.after),
    limit: page.limit,
  });
  const events = new Map<string, StoredEvent>();
  for (let start = 0; start < rows.length; start += JOIN_BATCH) {
    const positions = rows.slice(start, start + JOIN_BATCH).map((row) => row.position);
    for (const event of await log.readPositions(positions)) events.set(event.position, event);
  }
  // Every row stays, so a page is as long as the keys it read and its cursor goes on from there.
  return rows.map(({ position, total }): HistoryRow => {
    const event = events.get(position);
    if (!event) {
      const empty = { eventId: '', type: '', data: null, actor: { id: '', role: '' }, reason: null };
      return { ...empty, position, recordedAt: '', hash: '', total, missingFromLog: true };
    }
    return {
      eventId: event.id,
      position,
      type: event.type,
      data: event.data,
      actor: event.metadata.actor,
      reason: event.metadata.reason ?? null,
      recordedAt: event.recordedAt,
      hash: event.metadata.hash,
      total,
    };
  });
};
