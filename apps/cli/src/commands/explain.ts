import { EntryPart, ScoreExplanation, explainFromLog } from '@ledger/projections';
import { UsageError } from '../cli-error';
import { withCurrentReadModels } from '../open-ledger';
import { table } from '../table';

export interface ExplainOptions {
  year: number;
  unit: string;
  asOf?: string;
  atPosition?: string;
  json?: boolean;
}

const signed = (points: number) => (points > 0 ? `+${points}` : `${points}`);

/** What an entry adds to its track, or why it adds nothing. */
const countsOf = (entry: EntryPart) =>
  entry.reversedBy
    ? `0 (reversed by ${entry.reversedBy.eventId} at ${entry.reversedBy.position}, dispute ${entry.reversedBy.disputeId})`
    : signed(entry.counts);

const limitOf = ({ regularScore, policy }: ScoreExplanation) =>
  regularScore.limit === 'cap'
    ? `capped at ${regularScore.cap} (${policy.type} ${policy.eventId} at ${policy.position})`
    : regularScore.limit === 'floor'
      ? 'held at the floor of 0'
      : `within 0 and the cap of ${regularScore.cap}`;

const countedOn = (explanation: ScoreExplanation, track: '1' | 'X') =>
  explanation.entries.filter((entry) => entry.track === track && entry.reversedBy === null).length;

/** The explanation as a reader checks it: each entry, then each figure and what it is made of. */
const printTable = (explanation: ScoreExplanation) => {
  const { policy, rank } = explanation;
  const when = [
    explanation.atPosition === null ? 'at the head of an empty log' : `at position ${explanation.atPosition}`,
    explanation.asOf === null ? '' : ` as of ${explanation.asOf}`,
  ].join('');
  const entries = table({
    head: ['position', 'event', 'entry', 'item', 'track', 'points', 'counts'],
    colWidths: [10, 38, 11, 22, 7, 8, 44],
    wordWrap: true,
  });
  for (const entry of explanation.entries) {
    const points = entry.type === 'PointsAwarded' ? `+${entry.points}` : `-${entry.points}`;
    const kind = entry.type === 'PointsAwarded' ? 'award' : 'deduction';
    entries.push([entry.position, entry.eventId, kind, entry.itemId, entry.track, points, countsOf(entry)]);
  }
  const figures = table({ head: ['figure', 'points', 'made of'], colWidths: [15, 10, 76], wordWrap: true });
  figures.push(
    [
      'base score',
      explanation.baseScore.points,
      `the policy of ${policy.type} ${policy.eventId} at ${policy.position}`,
    ],
    [
      'regular raw',
      explanation.regularRaw.points,
      `base + ${countedOn(explanation, '1')} counted entries on track 1`,
    ],
    ['regular score', explanation.regularScore.points, limitOf(explanation)],
    ['key score', explanation.keyScore.points, `${countedOn(explanation, 'X')} counted entries on track X`],
    ['total', explanation.total.points, 'regular score + key score'],
    [
      'rank',
      `${rank.rank} of ${rank.unitsOfKind}`,
      `among the ${explanation.kind} units; tied with ${rank.tiedWith.length ? rank.tiedWith.join(', ') : 'none'}`,
    ],
  );
  process.stdout.write(
    `Score of ${explanation.unitId} (${explanation.name}, ${explanation.kind}) in ${explanation.year} ${when}\n` +
      `${explanation.entries.length} awards and deductions\n${entries.toString()}\n${figures.toString()}\n`,
  );
};

/** `ledger explain`: a unit's total taken apart into the events and the policy it is made of. */
export const explain = (options: ExplainOptions) =>
  withCurrentReadModels(async (ledger) => {
    if (options.asOf !== undefined && options.atPosition !== undefined) {
      throw new UsageError('give --as-of or --at-position, not both.');
    }
    const explanation = await explainFromLog(ledger.stores.events, options.year, options.unit, {
      position: options.atPosition,
      instant: options.asOf,
    });
    if (options.json) process.stdout.write(`${JSON.stringify(explanation, null, 2)}\n`);
    else printTable(explanation);
  });
