import { DEFAULT_POLICY, Track, fromHundredths, toHundredths } from '@ledger/domain';
import { StoredEvent } from '@ledger/event-store';
import { ScoreExplanation, explainScore } from '@ledger/projections';

/** A log written by hand: each event on its stream, numbered 1, 2, 3... in the order given. */
const log: StoredEvent[] = [];
const record = (stream: string, type: string, data: object, id = `ev-${log.length + 1}`): StoredEvent => {
  const event: StoredEvent = {
    id,
    stream,
    revision: log.filter((e) => e.stream === stream).length,
    position: String(log.length + 1),
    type,
    data,
    metadata: {
      actor: { id: 'sup', role: 'supervisor' },
      reason: 'r',
      schemaVersion: 1,
      prevHash: 'p',
      hash: 'h',
    },
    recordedAt: new Date(Date.UTC(2007, 0, 1, 0, log.length)).toISOString(),
  };
  log.push(event);
  return event;
};
const entry = (unitId: string, entryId: string, itemId: string, track: Track, points: number) => ({
  year: 2007,
  unitId,
  entryId,
  itemId,
  track,
  points,
  reason: `entry ${entryId}`,
  evidence: null,
});
const award = (unitId: string, entryId: string, itemId: string, track: Track, points: number) =>
  record(
    `scorecard-2007-${unitId}`,
    'PointsAwarded',
    { ...entry(unitId, entryId, itemId, track, points), regularAwardMax: 2 },
    entryId,
  );
const deduct = (unitId: string, entryId: string, itemId: string, track: Track, points: number) =>
  record(
    `scorecard-2007-${unitId}`,
    'PointsDeducted',
    entry(unitId, entryId, itemId, track, points),
    entryId,
  );

const opened = record('cycle-2007', 'CycleOpened', { year: 2007, policy: DEFAULT_POLICY });
const item = (itemId: string, track: Track) =>
  record('cycle-2007', 'ItemDefined', {
    year: 2007,
    itemId,
    title: itemId,
    track,
    basicRequirement: null,
    targets: [],
  });
item('safety', '1');
item('services', 'X');
for (const [unitId, kind] of [
  ['a', 'street'],
  ['b', 'street'],
  ['c', 'street'],
  ['dept', 'department'],
]) {
  record(`unit-${unitId}`, 'UnitRegistered', { unitId, name: `unit ${unitId}`, kind });
}
// a: 16 regular awards of 2 (raw 132, over the cap of 130), then a deduction of 1 (raw 131).
for (let n = 1; n <= 16; n++) award('a', `a-award-${n}`, 'safety', '1', 2);
const deduction = deduct('a', 'a-deduction', 'safety', '1', 1);
// a: a key award reversed after an overturned dispute, and one that counts: key score 5.
const reversedAward = award('a', 'a-key-reversed', 'services', 'X', 10);
const reversal = record('scorecard-2007-a', 'EntryReversed', {
  ...entry('a', 'a-key-reversed', 'services', 'X', 10),
  kind: 'award',
  disputeId: 'a-key-reversed--1',
});
const keyAward = award('a', 'a-key', 'services', 'X', 5);
// b ties with a under the cap of 130: 100 + 35 = 135 = 130 + 5.
award('b', 'b-key', 'services', 'X', 35);
// dept falls through the floor: 100 − 101.5 = −1.5, held at 0.
deduct('dept', 'dept-deduction', 'safety', '1', 101.5);
const beforeAmendment = log.length;
const amended = record('cycle-2007', 'PolicyAmended', {
  year: 2007,
  changes: { regularCap: 140 },
  policy: { ...DEFAULT_POLICY, regularCap: 140 },
  reason: 'a larger regular body',
});

/** The parts, added up again from the entries alone, as a disputing unit would. */
const addedUp = (explanation: ScoreExplanation) => {
  const sum = (track: Track) =>
    explanation.entries
      .filter((e) => e.track === track && e.reversedBy === null)
      .reduce((total, e) => total + toHundredths(e.points) * (e.type === 'PointsAwarded' ? 1 : -1), 0);
  const raw = toHundredths(explanation.baseScore.points) + sum('1');
  const regular = Math.max(0, Math.min(toHundredths(explanation.regularScore.cap), raw));
  return {
    regularRaw: fromHundredths(raw),
    regularScore: fromHundredths(regular),
    keyScore: fromHundredths(sum('X')),
    total: fromHundredths(regular + sum('X')),
  };
};

describe('a unit score explained from the events', () => {
  it('takes the total apart under the cap of the opening policy, naming every event, and finds the tie', async () => {
    const explanation = await explainScore(log.slice(0, beforeAmendment), 2007, 'a', {
      position: String(beforeAmendment),
    });
    expect(explanation).toMatchObject({
      year: 2007,
      unitId: 'a',
      kind: 'street',
      atPosition: String(beforeAmendment),
      asOf: null,
      policy: {
        eventId: opened.id,
        type: 'CycleOpened',
        position: opened.position,
        baseScore: 100,
        regularCap: 130,
      },
      baseScore: { points: 100, eventIds: [opened.id] },
      regularRaw: { points: 131 },
      regularScore: { points: 130, limit: 'cap', cap: 130 },
      keyScore: { points: 5, eventIds: [keyAward.id] },
      total: { points: 135 },
      rank: { rank: 1, unitsOfKind: 3, tiedWith: ['b'] },
    });
    expect(explanation.entries).toHaveLength(19);
    expect(explanation.regularRaw.eventIds).toEqual([
      opened.id,
      ...Array.from({ length: 16 }, (_, n) => `a-award-${n + 1}`),
      deduction.id,
    ]);
    expect(explanation.entries.find((e) => e.eventId === deduction.id)).toMatchObject({
      type: 'PointsDeducted',
      itemId: 'safety',
      track: '1',
      points: 1,
      counts: -1,
      position: deduction.position,
      reversedBy: null,
    });
    expect(explanation.entries.find((e) => e.eventId === reversedAward.id)).toMatchObject({
      track: 'X',
      points: 10,
      counts: 0,
      reversedBy: { eventId: reversal.id, position: reversal.position, disputeId: 'a-key-reversed--1' },
    });
    expect(explanation.total.eventIds).not.toContain(reversedAward.id);
    expect(addedUp(explanation)).toEqual({ regularRaw: 131, regularScore: 130, keyScore: 5, total: 135 });
  });

  it('applies the amended cap from the amendment on, naming the amendment', async () => {
    const explanation = await explainScore(log, 2007, 'a');
    expect(explanation).toMatchObject({
      atPosition: null,
      policy: { eventId: amended.id, type: 'PolicyAmended', regularCap: 140 },
      baseScore: { points: 100, eventIds: [amended.id] },
      regularRaw: { points: 131 },
      regularScore: { points: 131, limit: null, cap: 140 },
      total: { points: 136 },
      rank: { rank: 1, unitsOfKind: 3, tiedWith: [] },
    });
    expect(addedUp(explanation)).toMatchObject({ regularScore: 131, total: 136 });
    expect((await explainScore(log, 2007, 'b')).rank).toEqual({ rank: 2, unitsOfKind: 3, tiedWith: [] });
  });

  it('says when the floor held the regular score, and ranks a unit with no entries at the base', async () => {
    const dept = await explainScore(log, 2007, 'dept');
    expect(dept).toMatchObject({
      regularRaw: { points: -1.5 },
      regularScore: { points: 0, limit: 'floor' },
      total: { points: 0 },
      rank: { rank: 1, unitsOfKind: 1, tiedWith: [] },
    });
    const c = await explainScore(log, 2007, 'c');
    expect(c).toMatchObject({
      entries: [],
      regularRaw: { points: 100 },
      total: { points: 100 },
      rank: { rank: 3 },
    });
  });

  it('takes the events in log order whatever order they come in', async () => {
    const shuffled = [...log].reverse();
    expect(await explainScore(shuffled, 2007, 'a')).toEqual(await explainScore(log, 2007, 'a'));
  });

  it('refuses a unit or a cycle the events do not hold yet, as the score query does', async () => {
    await expect(explainScore(log.slice(0, 3), 2007, 'a')).rejects.toMatchObject({ code: 'UNKNOWN_UNIT' });
    await expect(explainScore(log, 2008, 'a')).rejects.toMatchObject({ code: 'UNKNOWN_CYCLE' });
    await expect(explainScore(log, 2007, 'nobody')).rejects.toMatchObject({ code: 'UNKNOWN_UNIT' });
  });
});
