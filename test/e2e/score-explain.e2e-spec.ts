import { ApiUnderTest, STORES, as, startApi, wholeLog } from '../support/api';
import { runLedger } from '../support/ledger-process';

interface Entry {
  eventId: string;
  position: string;
  type: 'PointsAwarded' | 'PointsDeducted';
  track: '1' | 'X';
  points: number;
  counts: number;
  reversedBy: { eventId: string; position: string; disputeId: string } | null;
}
interface Explanation {
  unitId: string;
  kind: string;
  atPosition: string;
  policy: { eventId: string; position: string; type: string; baseScore: number; regularCap: number };
  baseScore: { points: number; eventIds: string[] };
  entries: Entry[];
  regularRaw: { points: number; eventIds: string[] };
  regularScore: { points: number; limit: 'cap' | 'floor' | null; cap: number };
  keyScore: { points: number; eventIds: string[] };
  total: { points: number; eventIds: string[] };
  rank: { rank: number; unitsOfKind: number; tiedWith: string[] };
}
interface Score {
  regularRaw: number;
  regularScore: number;
  keyScore: number;
  total: number;
  entries: { entryId: string; reversed: boolean }[];
}

/** The parts added up again, in hundredths as the ledger keeps them, from the entries and the policy alone. */
const addUp = (explanation: Explanation) => {
  const cents = (points: number) => Math.round(points * 100);
  const onTrack = (track: '1' | 'X') =>
    explanation.entries
      .filter((entry) => entry.track === track && entry.reversedBy === null)
      .reduce((sum, entry) => sum + (entry.type === 'PointsAwarded' ? 1 : -1) * cents(entry.points), 0);
  const regularRaw = cents(explanation.policy.baseScore) + onTrack('1');
  const regularScore = Math.min(cents(explanation.policy.regularCap), Math.max(0, regularRaw));
  return {
    regularRaw: regularRaw / 100,
    regularScore: regularScore / 100,
    keyScore: onTrack('X') / 100,
    total: (regularScore + onTrack('X')) / 100,
  };
};

/** Competition rank within a kind, from every unit's total: what the scoreboard would say. */
const rankAmong = (totals: Map<string, { kind: string; total: number }>, unitId: string) => {
  const mine = totals.get(unitId)!;
  const sameKind = [...totals].filter(([, unit]) => unit.kind === mine.kind);
  return {
    rank: 1 + sameKind.filter(([, unit]) => unit.total > mine.total).length,
    unitsOfKind: sameKind.length,
    tiedWith: sameKind
      .filter(([id, unit]) => id !== unitId && unit.total === mine.total)
      .map(([id]) => id)
      .sort(),
  };
};

/** Ten distinct positions of the log, at random; the seed is printed so that a failure can be replayed. */
const randomPositions = (positions: string[], count: number) => {
  let seed = Number(process.env.EXPLAIN_SEED ?? Date.now() % 2_147_483_647);
  process.stdout.write(`score-explain positions: EXPLAIN_SEED=${seed}\n`);
  const next = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, positions.length))
    chosen.add(positions[Math.floor(next() * positions.length)]!);
  return [...chosen];
};

for (const store of STORES) {
  store.describe(`a unit's total explained over HTTP, on the demo over ${store.name}`, () => {
    let api: ApiUnderTest;
    let analyst: ReturnType<typeof as>;
    let positions: string[];
    let units: { unitId: string; kind: string; total: number; rank: number }[];

    beforeAll(async () => {
      api = await startApi(store);
      analyst = as(api, 'analyst');
      const loaded = runLedger(['demo'], api.env, 120_000);
      expect({ status: loaded.status, stderr: loaded.stderr }).toMatchObject({ status: 0 });
      positions = (await wholeLog(api)).map((event) => event.position);
      units = (await analyst.get(`/cycles/2007/scoreboard?minPosition=${positions.at(-1)}`).expect(200)).body;
    }, 180_000);
    afterAll(() => api?.close());

    const explain = (query = '', unitId = 'sansheng', caller: Parameters<typeof as>[1] = 'analyst') =>
      as(api, caller).get(`/cycles/2007/units/${unitId}/score/explain${query}`);

    it('at ten random positions, for every unit, the parts add up to the replayed score, and the rank is the one those scores give', async () => {
      expect(units).toHaveLength(13);
      let replayed = 0;
      for (const position of randomPositions(positions, 10)) {
        const scores = new Map<string, Score & { kind: string }>();
        for (const { unitId, kind } of units) {
          const score = await analyst.get(`/cycles/2007/units/${unitId}/score?atPosition=${position}`);
          const explained = await explain(`?atPosition=${position}`, unitId);
          if (score.status === 404) {
            // Before the cycle was opened or the unit registered, both say so alike.
            expect({ position, unitId, status: explained.status, code: explained.body.code }).toEqual({
              position,
              unitId,
              status: 404,
              code: score.body.code,
            });
            continue;
          }
          expect({ position, unitId, status: explained.status }).toEqual({ position, unitId, status: 200 });
          const explanation = explained.body as Explanation;
          const { regularRaw, regularScore, keyScore, total } = score.body as Score;
          expect({ position, unitId, ...addUp(explanation) }).toEqual({
            position,
            unitId,
            regularRaw,
            regularScore,
            keyScore,
            total,
          });
          expect(explanation).toMatchObject({
            atPosition: position,
            regularRaw: { points: regularRaw },
            regularScore: { points: regularScore },
            keyScore: { points: keyScore },
            total: { points: total },
          });
          // The same entries, reversed alike, as the replayed score lists.
          expect(explanation.entries.map((e) => [e.eventId, e.reversedBy !== null])).toEqual(
            (score.body as Score).entries.map((e) => [e.entryId, e.reversed]),
          );
          scores.set(unitId, { ...(score.body as Score), kind });
          replayed++;
        }
        for (const unitId of scores.keys()) {
          const explanation = (await explain(`?atPosition=${position}`, unitId)).body as Explanation;
          expect({
            position,
            unitId,
            rank: { ...explanation.rank, tiedWith: [...explanation.rank.tiedWith].sort() },
          }).toEqual({
            position,
            unitId,
            rank: rankAmong(scores, unitId),
          });
        }
      }
      expect(replayed).toBeGreaterThan(0); // not ten positions all before the demo's units were registered
    }, 180_000);

    it('at the head, every unit ranks as the scoreboard says; the cap and the reversal name their events', async () => {
      const head = (await wholeLog(api)).at(-1)!.position;
      for (const row of units) {
        const explanation = (await explain('', row.unitId).expect(200)).body as Explanation;
        expect({
          unitId: row.unitId,
          atPosition: explanation.atPosition,
          total: explanation.total.points,
          rank: explanation.rank.rank,
        }).toEqual({
          unitId: row.unitId,
          atPosition: head,
          total: row.total,
          rank: row.rank,
        });
        expect(explanation.rank.tiedWith.sort()).toEqual(
          units
            .filter((u) => u.kind === row.kind && u.total === row.total && u.unitId !== row.unitId)
            .map((u) => u.unitId)
            .sort(),
        );
      }
      const log = await wholeLog(api);
      const typeOf = (eventId: string) =>
        (log as { id: string; type: string }[]).find((e) => e.id === eventId)?.type;
      const sansheng = (await explain()).body as Explanation;
      expect(sansheng.regularScore).toMatchObject({ points: 130, limit: 'cap', cap: 130 });
      expect(sansheng.regularRaw.points).toBeGreaterThan(130);
      expect(typeOf(sansheng.policy.eventId)).toBe(sansheng.policy.type);
      expect(['CycleOpened', 'PolicyAmended']).toContain(sansheng.policy.type);
      for (const eventId of sansheng.total.eventIds) expect(typeOf(eventId)).toBeDefined();
      const niushikou = (await explain('', 'niushikou')).body as Explanation;
      const reversed = niushikou.entries.filter((entry) => entry.reversedBy !== null);
      expect(reversed).toHaveLength(1);
      expect(reversed[0]).toMatchObject({ type: 'PointsDeducted', counts: 0 });
      expect(typeOf(reversed[0]!.reversedBy!.eventId)).toBe('EntryReversed');
      expect(niushikou.total.eventIds).not.toContain(reversed[0]!.eventId);
    });

    it('as of an instant, answers the total the score replayed to that instant answers', async () => {
      const middle = (await wholeLog(api))[Math.floor(positions.length * 0.6)] as unknown as {
        recordedAt: string;
      };
      const asOf = encodeURIComponent(middle.recordedAt);
      const score = (await analyst.get(`/cycles/2007/units/sansheng/score?asOf=${asOf}`).expect(200))
        .body as Score;
      const explanation = (await explain(`?asOf=${asOf}`).expect(200)).body as Explanation & { asOf: string };
      expect(explanation.asOf).toBe(middle.recordedAt);
      expect(addUp(explanation).total).toBe(score.total);
      expect(explanation.total.points).toBe(score.total);
    });

    it("lets a unit's leader explain its own unit only, and every reader role", async () => {
      const issued = await as(api, 'admin')
        .post('/keys', { role: 'unit-leader', unitId: 'sansheng', name: 'the leader of 三聖' })
        .expect(201);
      Object.defineProperty(api.keys, 'unit-leader', { value: issued.body.key, enumerable: true });
      await explain('', 'sansheng', 'unit-leader').expect(200);
      expect((await explain('', 'shahe', 'unit-leader')).status).toBe(403);
      for (const reader of ['analyst', 'auditor', 'supervisor', 'reviewer', 'admin'] as const) {
        expect({ reader, status: (await explain('', 'shahe', reader)).status }).toEqual({
          reader,
          status: 200,
        });
      }
    });

    it('answers the usual 404 codes for an unknown unit or cycle, and 400 for a bad position or instant', async () => {
      expect((await explain('', 'nowhere')).body).toMatchObject({ statusCode: 404, code: 'UNKNOWN_UNIT' });
      const otherYear = await analyst.get('/cycles/2008/units/sansheng/score/explain');
      expect(otherYear.body).toMatchObject({ statusCode: 404, code: 'UNKNOWN_CYCLE' });
      for (const bad of ['abc', '-1', '1.5', '', '12abc']) {
        const response = await explain(`?atPosition=${encodeURIComponent(bad)}`);
        expect({ bad, status: response.status, code: response.body.code }).toEqual({
          bad,
          status: 400,
          code: 'INVALID_POSITION',
        });
      }
      expect((await explain('?asOf=yesterday')).body).toMatchObject({
        statusCode: 400,
        code: 'INVALID_INSTANT',
      });
    });

    it('ledger explain prints the same as a readable table, and as JSON', async () => {
      const overHttp = (await explain()).body as Explanation; // at the head, as the CLI's
      const json = runLedger(['explain', '--year', '2007', '--unit', 'sansheng', '--json'], api.env);
      expect({ status: json.status, stderr: json.stderr }).toEqual({ status: 0, stderr: '' });
      expect(JSON.parse(json.stdout)).toEqual(overHttp);
      const printed = runLedger(['explain', '--year', '2007', '--unit', 'sansheng'], api.env);
      expect(printed.status).toBe(0);
      expect(printed.stdout).toContain(
        `Score of sansheng (三聖街道, street) in 2007 at position ${overHttp.atPosition}`,
      );
      expect(printed.stdout).toMatch(/regular score\s*│\s*130\s*│\s*capped at 130 \(CycleOpened/);
      expect(printed.stdout).toMatch(new RegExp(`total\\s*│\\s*${overHttp.total.points}\\s*│`));
      for (const entry of overHttp.entries) expect(printed.stdout).toContain(entry.eventId);
      const early = runLedger(
        ['explain', '--year', '2007', '--unit', 'sansheng', '--at-position', '2'],
        api.env,
      );
      expect({ status: early.status, stderr: early.stderr.trim() }).toMatchObject({ status: 1 });
      expect(early.stderr).toMatch(/no (appraisal cycle|unit)/i);
      const both = runLedger(
        [
          'explain',
          '--year',
          '2007',
          '--unit',
          'sansheng',
          '--at-position',
          '2',
          '--as-of',
          '2007-01-01T00:00:00Z',
        ],
        api.env,
      );
      expect(both.status).toBe(1);
      expect(both.stderr).toContain('not both');
    });
  });
}
