import type { UnitKind } from '@ledger/domain';
import type { Ledger } from '@ledger/ledger';
import { AsOf, DocReader, accountabilityOf, cycleAsOf, scoreboard } from '@ledger/projections';
import { UsageError } from '../cli-error';
import { withCurrentReadModels } from '../open-ledger';
import { table } from '../table';

/** A past point named on the command line: `--as-of` or `--at-position`, never both. */
export interface PastPointOptions {
  asOf?: string;
  atPosition?: string;
}

export const pastPointOf = (options: PastPointOptions): AsOf | undefined => {
  if (options.asOf !== undefined && options.atPosition !== undefined) {
    throw new UsageError('give --as-of or --at-position, not both.');
  }
  if (options.asOf !== undefined) return { instant: options.asOf };
  if (options.atPosition !== undefined) return { position: options.atPosition };
  return undefined;
};

/** The read models now, or the cycle's as they stood at a past point (from its newest snapshot before it), as the API answers it. */
export const cycleReaderAt = async (
  ledger: Ledger,
  year: number,
  at: AsOf | undefined,
): Promise<DocReader> =>
  at ? (await cycleAsOf(ledger.snapshots, ledger.stores.events, year, at)).reader : ledger.reader;

export interface BoardOptions extends PastPointOptions {
  year: number;
  /** A day of the year (YYYY-MM-DD): the appraisal as it stood then, as known now or at the past point. */
  effectiveOn?: string;
  kind?: UnitKind;
  json?: boolean;
}

/** `ledger board`: a cycle's scoreboard and leadership accountability, now or as they stood at a past point. */
export const board = (options: BoardOptions) =>
  withCurrentReadModels(async (ledger) => {
    const at = pastPointOf(options);
    const { effectiveOn } = options;
    const reader = effectiveOn
      ? (await cycleAsOf(ledger.snapshots, ledger.stores.events, options.year, at ?? {}, { effectiveOn }))
          .reader
      : await cycleReaderAt(ledger, options.year, at);
    const rows = await scoreboard(reader, options.year, options.kind);
    const leaders = await accountabilityOf(reader, options.year);
    if (options.json) {
      const answer = {
        year: options.year,
        asOf: options.asOf ?? null,
        atPosition: options.atPosition ?? null,
        effectiveOn: effectiveOn ?? null,
        scoreboard: rows,
        accountability: leaders,
      };
      process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
      return;
    }
    const known = at?.position
      ? ` at position ${at.position}`
      : at?.instant
        ? ` as of ${at.instant}`
        : effectiveOn
          ? ''
          : ' (the read models now)';
    const when = effectiveOn ? ` on ${effectiveOn}${known ? `, as known${known}` : ', as known now'}` : known;
    const scores = table({ head: ['rank', 'unit', 'name', 'kind', 'regular', 'key', 'total'] });
    for (const row of rows)
      scores.push([row.rank, row.unitId, row.name, row.kind, row.regularScore, row.keyScore, row.total]);
    const standing = table({
      head: ['leader', 'name', 'unit', 'status', 'open cases', 'withheld %', 'bonus payable'],
    });
    for (const leader of leaders)
      standing.push([
        leader.leaderId,
        leader.name,
        leader.unitId,
        leader.status,
        leader.openCases,
        leader.withheldPct,
        leader.bonusPayable ?? '',
      ]);
    process.stdout.write(
      `Scoreboard ${options.year}${options.kind ? ` (${options.kind})` : ''}${when}\n${scores.toString()}\n` +
        `Accountability ${options.year}${when}\n${standing.toString()}\n`,
    );
  });
