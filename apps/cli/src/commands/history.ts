import { table } from '../table';
import { comparePositions } from '@ledger/event-store';
import { HistoryRow, historyOf, unitScoreOf } from '@ledger/projections';
import { UsageError } from '../cli-error';
import { withCurrentReadModels } from '../open-ledger';

export interface HistoryOptions {
  year: number;
  unit: string;
  asOf?: string;
  atPosition?: string;
  json?: boolean;
}

/** What an event did to the unit's points, where it did anything. */
const pointsOf = (row: HistoryRow): string => {
  const data = row.data as { points?: number; kind?: string };
  switch (row.type) {
    case 'PointsAwarded':
      return `+${data.points}`;
    case 'PointsDeducted':
      return `-${data.points}`;
    case 'EntryReversed':
      return data.kind === 'award' ? `-${data.points} (reversal)` : `+${data.points} (reversal)`;
    default:
      return '';
  }
};

/** The history as it stood then: the rows up to that position or instant (the earlier wins). */
const upTo = (rows: HistoryRow[], options: HistoryOptions) =>
  rows.filter(
    (row) =>
      (options.atPosition === undefined || comparePositions(row.position, options.atPosition) <= 0) &&
      (options.asOf === undefined || row.recordedAt <= options.asOf),
  );

export const history = (options: HistoryOptions) =>
  withCurrentReadModels(async (ledger) => {
    if (options.asOf !== undefined && options.atPosition !== undefined) {
      throw new UsageError('give --as-of or --at-position, not both.');
    }
    await unitScoreOf(ledger.reader, options.year, options.unit); // an unknown cycle or unit is said as such
    const rows = await ledger.keys.withActorNames(
      upTo(await historyOf(ledger.reader, ledger.stores.events, options.year, options.unit), options),
    );
    if (options.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const rowsTable = table({
      head: ['position', 'recorded at', 'event', 'who', 'why', 'points', 'total'],
      colWidths: [10, 22, 24, 28, 44, 18, 9],
      wordWrap: true,
    });
    for (const row of rows) {
      rowsTable.push([
        row.position,
        row.recordedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        row.type,
        `${row.actor.name ?? row.actor.id} (${row.actor.role})`,
        row.reason ?? '',
        pointsOf(row),
        row.total,
      ]);
    }
    const when = options.atPosition
      ? ` at position ${options.atPosition}`
      : options.asOf
        ? ` as of ${options.asOf}`
        : '';
    process.stdout.write(
      `History of ${options.unit} in ${options.year}${when}: ${rows.length} events\n${rowsTable.toString()}\n`,
    );
    const last = rows[rows.length - 1];
    process.stdout.write(`total: ${last?.total ?? '(no events of this unit yet)'}\n`);
  });
