import { InvalidArgumentError } from 'commander';
import { MAX_AMOUNT, PolicyChanges, Track } from '@ledger/domain';
import { WhatIfAnswer, cycleEventsOf, whatIf } from '@ledger/projections';
import { withExistingLedger } from '../open-ledger';
import { table } from '../table';

export interface WhatIfOptions {
  year: number;
  cap?: number;
  awardMax?: number;
  base?: number;
  track?: Record<string, Track>;
  json?: boolean;
}

/** `--cap 120`: a policy figure, bounded like points. */
export const parsePolicyFigure = (value: string): number => {
  const figure = Number(value);
  if (value.trim() === '' || !Number.isFinite(figure) || figure < 0 || figure > MAX_AMOUNT) {
    throw new InvalidArgumentError(`give a number from 0 to ${MAX_AMOUNT}, such as 120.`);
  }
  return figure;
};

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `--track urban-management=1`, repeatable: each item taken as on that track all year. */
export const parseTrack = (value: string, tracks: Record<string, Track> = {}): Record<string, Track> => {
  const [itemId = '', track, ...rest] = value.split('=');
  if (!SLUG.test(itemId) || (track !== '1' && track !== 'X') || rest.length > 0) {
    throw new InvalidArgumentError('give an item and a track, such as urban-management=1 or work-safety=X.');
  }
  return { ...tracks, [itemId]: track };
};

const signed = (value: number) => (value > 0 ? `+${value}` : value === 0 ? '' : String(value));

const printTables = (answer: WhatIfAnswer) => {
  const { recorded, whatIf: asked } = answer.policy;
  const lines = [
    `What if, cycle ${answer.year}: base ${recorded.baseScore} -> ${asked.baseScore}, ` +
      `award max ${recorded.regularAwardMax} -> ${asked.regularAwardMax}, cap ${recorded.regularCap} -> ${asked.regularCap}` +
      answer.tracks.map((t) => `, ${t.itemId} ${t.recorded} -> ${t.whatIf}`).join(''),
  ];
  const units = table({
    head: ['unit', 'kind', 'recorded total', 'rank', 'what-if total', 'rank', 'change', 'rank change'],
  });
  for (const unit of answer.units) {
    units.push([
      `${unit.name} (${unit.unitId})`,
      unit.kind,
      unit.recorded.total,
      unit.recorded.rank,
      unit.whatIf.total,
      unit.whatIf.rank,
      signed(unit.change.total),
      signed(unit.change.rank),
    ]);
  }
  lines.push(units.toString());
  const leaders = table({ head: ['leader', 'unit', 'recorded', 'withheld', 'what-if', 'withheld'] });
  for (const leader of answer.leaders.filter((l) => l.changed || l.recorded.status !== 'clear')) {
    leaders.push([
      `${leader.name} (${leader.leaderId})`,
      leader.unitId,
      leader.recorded.status,
      `${leader.recorded.withheldPct} %`,
      leader.whatIf.status,
      `${leader.whatIf.withheldPct} %`,
    ]);
  }
  lines.push(`Leaders not clear, or whose standing changes: ${leaders.length}`, leaders.toString());
  const refused = table({
    head: ['position', 'event', 'unit', 'item', 'refused with', 'why'],
    wordWrap: true,
  });
  for (const r of answer.refused) refused.push([r.position, r.type, r.unitId, r.itemId, r.code, r.reason]);
  lines.push(`Recorded events these rules would have refused: ${answer.refused.length}`);
  if (answer.refused.length > 0) lines.push(refused.toString());
  const { opened, notOpened } = answer.cases;
  for (const c of opened) lines.push(`case opened: ${c.caseId} against ${c.leaderId} (ruling ${c.rulingId})`);
  for (const c of notOpened)
    lines.push(`case not opened: ${c.caseId} against ${c.leaderId} (ruling ${c.rulingId})`);
  lines.push('Nothing was recorded.');
  process.stdout.write(`${lines.join('\n')}\n`);
};

/**
 * The cycle recomputed from its log under other rules, beside the recorded standing. It reads
 * the log as it stands and records nothing (so, unlike history, it runs no pending reaction).
 */
export const whatIfCommand = (options: WhatIfOptions) =>
  withExistingLedger(async (ledger) => {
    const policy: PolicyChanges = {
      ...(options.base !== undefined && { baseScore: options.base }),
      ...(options.awardMax !== undefined && { regularAwardMax: options.awardMax }),
      ...(options.cap !== undefined && { regularCap: options.cap }),
    };
    const events = await cycleEventsOf(ledger.stores.events, options.year);
    const answer = await whatIf(options.year, events, { policy, tracks: options.track ?? {} });
    if (options.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    else printTables(answer);
  });
