import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { streams } from '@ledger/domain';
import { EventStore, StoredEvent } from '@ledger/event-store';
import { AsOf, accountabilityOf, scoreboard, withinCut } from '@ledger/projections';
import { UsageError } from '../cli-error';
import { withCurrentReadModels } from '../open-ledger';
import { PastPointOptions, cycleReaderAt, pastPointOf } from './board';
import { exportBundleFile } from './bundle';

export interface ExportOptions extends PastPointOptions {
  year: number;
  format: string;
  out?: string;
}

/**
 * The cycle's audit trail: every event that names the year (its cycle, scorecards, cases,
 * disputes and panels), and every unit's registration and leaders, in log order.
 */
const auditTrail = async (events: EventStore, year: number, at: AsOf = {}): Promise<StoredEvent[]> => {
  const trail: StoredEvent[] = [];
  const cycleStream = streams.cycle(year);
  let after: string | undefined;
  for (;;) {
    const page = await events.readAll({ after, limit: 5000 });
    for (const event of page) {
      // As of a past point, the trail ends there too: the tables were worked out from just these events.
      if (!withinCut(at, event)) continue;
      const named = (event.data as { year?: unknown }).year === year;
      if (named || event.stream === cycleStream || event.stream.startsWith('unit-')) trail.push(event);
    }
    if (page.length < 5000) return trail;
    after = page[page.length - 1]!.position;
  }
};

const trailRow = (event: StoredEvent, actorName: string | undefined) => ({
  position: event.position,
  recordedAt: event.recordedAt,
  stream: event.stream,
  revision: event.revision,
  type: event.type,
  actorId: event.metadata.actor.id,
  actorRole: event.metadata.actor.role,
  actorName: actorName ?? '',
  reason: event.metadata.reason ?? '',
  data: JSON.stringify(event.data),
  eventId: event.id,
  hash: event.metadata.hash,
  prevHash: event.metadata.prevHash,
});

/** CSV that a spreadsheet opens as UTF-8 (Chinese names intact): a byte-order mark, then the rows with a header. */
const csv = (rows: object[]): string => `\uFEFF${stringify(rows, { header: true })}`;

export const exportCycle = (options: ExportOptions) => {
  if (options.format === 'bundle' && pastPointOf(options) !== undefined) {
    return Promise.reject(
      new UsageError('a bundle holds the whole log; --as-of and --at-position are for csv and json.'),
    );
  }
  return options.format === 'bundle' ? exportBundleFile(options.year, options.out) : exportTables(options);
};

const exportTables = (options: ExportOptions) =>
  withCurrentReadModels(async (ledger) => {
    if (options.format !== 'csv' && options.format !== 'json') {
      throw new UsageError(`--format must be csv, json or bundle; "${options.format}" is not.`);
    }
    const at = pastPointOf(options);
    const reader = await cycleReaderAt(ledger, options.year, at);
    const board = await scoreboard(reader, options.year);
    const leaders = await accountabilityOf(reader, options.year);
    const trail = await auditTrail(ledger.stores.events, options.year, at);
    const actors = await ledger.keys.withActorNames(trail.map((event) => ({ actor: event.metadata.actor })));
    if (options.format === 'json') {
      const document = {
        year: options.year,
        exportedAt: new Date().toISOString(),
        ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
        ...(options.atPosition === undefined ? {} : { atPosition: options.atPosition }),
        scoreboard: board,
        accountability: leaders,
        auditTrail: trail,
      };
      const text = `${JSON.stringify(document, null, 2)}\n`;
      if (options.out) writeFileSync(options.out, text);
      else process.stdout.write(text);
    } else {
      const tables = {
        scoreboard: csv(board),
        accountability: csv(
          leaders.map((leader) => ({
            ...leader,
            sanctions: leader.sanctions
              .map((s) => `${s.sanction} (${s.withheldPct}%, case ${s.caseId})`)
              .join('; '),
          })),
        ),
        'audit-trail': csv(trail.map((event, i) => trailRow(event, actors[i]!.actor.name))),
      };
      if (options.out) {
        const base = options.out.replace(/\.csv$/i, '');
        for (const [name, text] of Object.entries(tables)) writeFileSync(`${base}.${name}.csv`, text);
      } else {
        process.stdout.write(
          Object.entries(tables)
            .map(([name, text]) => `# ${name}\n${text.replace(/^\uFEFF/, '')}`)
            .join('\n'),
        );
      }
    }
    const where = options.out
      ? options.format === 'json'
        ? ` to ${options.out}`
        : ` to ${options.out.replace(/\.csv$/i, '')}.{scoreboard,accountability,audit-trail}.csv`
      : '';
    process.stderr.write(
      `exported ${options.year}: ${board.length} scoreboard rows, ${leaders.length} leaders, ${trail.length} events${where}\n`,
    );
  });
