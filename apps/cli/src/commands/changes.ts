import { InvalidArgumentError } from 'commander';
import { ChangeEvent, CycleChanges, ReversedBoundsError, boundOf } from '@ledger/projections';
import { cycleChangesOf } from '@ledger/ledger';
import { UsageError } from '../cli-error';
import { withCurrentReadModels } from '../open-ledger';
import { table } from '../table';

export interface ChangesOptions {
  year: number;
  from?: string;
  to?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
  json?: boolean;
}

/** `--from 120` or `--from 2007-07-01T00:00:00Z`: a log position or an ISO 8601 instant. */
export const parseBound = (value: string): string => {
  if (boundOf(value) === undefined) {
    throw new InvalidArgumentError(
      'give a log position (such as 120) or an ISO 8601 instant (such as 2007-07-01T00:00:00Z).',
    );
  }
  return value;
};

const signed = (points: number | null) => (points === null ? '' : points > 0 ? `+${points}` : `${points}`);

/** One line per event: where, what, who, the points it moves and why. */
const eventLines = (events: ChangeEvent[]) =>
  events
    .map(
      (e) =>
        `${e.position} ${e.type} ${signed(e.points)} by ${e.actor.name ?? e.actor.id}` +
        (e.reason === null ? '' : `: ${e.reason}`),
    )
    .join('\n');

const printTables = (changes: CycleChanges) => {
  const onDay = (day: string | null) => (day === null ? '' : ` on ${day}`);
  const span =
    `from ${changes.from === null ? 'the start' : `position ${changes.from}`}${onDay(changes.effectiveFrom)}` +
    ` to position ${changes.to ?? 'none'}${onDay(changes.effectiveTo)}`;
  const units = table({
    head: ['unit', 'total', 'rank', 'events'],
    colWidths: [30, 18, 10, 70],
    wordWrap: true,
  });
  for (const unit of changes.units) {
    units.push([
      `${unit.name} (${unit.unitId})`,
      `${unit.before?.total ?? '-'} -> ${unit.after?.total ?? '-'}`,
      `${unit.before?.rank ?? '-'} -> ${unit.after?.rank ?? '-'}`,
      eventLines(unit.events),
    ]);
  }
  const leaders = table({
    head: ['leader', 'unit', 'status', 'withheld', 'events'],
    colWidths: [24, 14, 28, 14, 50],
    wordWrap: true,
  });
  for (const leader of changes.leaders) {
    leaders.push([
      `${leader.name} (${leader.leaderId})`,
      leader.unitId,
      `${leader.before?.status ?? '-'} -> ${leader.after?.status ?? '-'}`,
      `${leader.before?.withheldPct ?? 0} % -> ${leader.after?.withheldPct ?? 0} %`,
      eventLines(leader.events),
    ]);
  }
  process.stdout.write(
    `Changes in cycle ${changes.year} ${span}\n` +
      `Units whose total or rank moved: ${changes.units.length}\n${units.toString()}\n` +
      `Leaders whose standing moved: ${changes.leaders.length}\n${leaders.toString()}\n`,
  );
};

/** `ledger changes`: who moved between two points of a cycle, and by which events, as the API answers it. */
export const changes = (options: ChangesOptions) =>
  withCurrentReadModels(async (ledger) => {
    const bound = (text: string | undefined) => (text === undefined ? undefined : boundOf(text));
    const days = { from: options.effectiveFrom, to: options.effectiveTo };
    try {
      const answer = await cycleChangesOf(ledger, options.year, bound(options.from), bound(options.to), days);
      if (options.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
      else printTables(answer);
    } catch (error) {
      if (error instanceof ReversedBoundsError) throw new UsageError(error.message);
      throw error;
    }
  });
