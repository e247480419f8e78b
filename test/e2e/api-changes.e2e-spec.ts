import { ApiUnderTest, STORES, as, startApi, wholeLog } from '../support/api';
import { runLedger } from '../support/ledger-process';

interface ChangeEvent {
  eventId: string;
  position: string;
  type: string;
  actor: { id: string; role: string; name?: string };
  reason: string | null;
  points: number | null;
}
interface Changes {
  year: number;
  from: string | null;
  to: string | null;
  units: {
    unitId: string;
    kind: string;
    before: { total: number; rank: number } | null;
    after: { total: number; rank: number } | null;
    events: ChangeEvent[];
  }[];
  leaders: {
    leaderId: string;
    unitId: string;
    before: { status: string; withheldPct: number } | null;
    after: { status: string; withheldPct: number } | null;
    events: ChangeEvent[];
  }[];
}
interface Replayed {
  kind: string;
  total: number;
  raw: number;
}

const cents = (points: number) => Math.round(points * 100);

/** Competition rank within each kind, from the totals alone: what a scoreboard at that point would say. */
const ranked = (scores: Map<string, Replayed>) =>
  new Map(
    [...scores].map(([unitId, { kind, total }]) => [
      unitId,
      { total, rank: 1 + [...scores.values()].filter((u) => u.kind === kind && u.total > total).length },
    ]),
  );

for (const store of STORES) {
  store.describe(
    `what changed between two points, over HTTP and the CLI, on the demo over ${store.name}`,
    () => {
      let api: ApiUnderTest;
      let analyst: ReturnType<typeof as>;
      let positions: string[];
      let units: { unitId: string; kind: string }[];

      beforeAll(async () => {
        api = await startApi(store);
        analyst = as(api, 'analyst');
        const loaded = runLedger(['demo'], api.env, 120_000);
        expect({ status: loaded.status, stderr: loaded.stderr }).toMatchObject({ status: 0 });
        positions = (await wholeLog(api)).map((event) => event.position);
        units = (await analyst.get(`/cycles/2007/scoreboard?minPosition=${positions.at(-1)}`).expect(200))
          .body;
        const leader = await as(api, 'admin')
          .post('/keys', { role: 'unit-leader', unitId: 'sansheng', name: 'the leader of 三聖' })
          .expect(201);
        Object.defineProperty(api.keys, 'unit-leader', { value: leader.body.key, enumerable: true });
      }, 180_000);
      afterAll(() => api?.close());

      const changes = (query: string, caller: Parameters<typeof as>[1] = 'analyst') =>
        as(api, caller).get(`/cycles/2007/changes${query}`);

      /** Every unit's score replayed to a position through the unit score route; absent before the unit or the cycle was there. */
      const replayedAt = async (position: string) => {
        const scores = new Map<string, Replayed>();
        for (const { unitId, kind } of units) {
          const score = await analyst.get(`/cycles/2007/units/${unitId}/score?atPosition=${position}`);
          if (score.status === 404) continue;
          expect(score.status).toBe(200);
          scores.set(unitId, {
            kind,
            total: score.body.total,
            raw: score.body.regularRaw + score.body.keyScore,
          });
        }
        return scores;
      };

      it('who moved between two positions and why: the difference of the scores replayed at each, with the events that make it', async () => {
        const spans: [string, string][] = [
          [positions[Math.floor(positions.length * 0.3)]!, positions[Math.floor(positions.length * 0.6)]!],
          [positions[Math.floor(positions.length * 0.6)]!, positions.at(-1)!],
          [positions[5]!, positions[Math.floor(positions.length * 0.45)]!],
        ];
        const log = await wholeLog(api);
        const history = new Map<string, { position: string; actor: unknown; reason: string | null }[]>();
        for (const { unitId } of units) {
          history.set(
            unitId,
            (await as(api, 'auditor').get(`/cycles/2007/units/${unitId}/history`).expect(200)).body,
          );
        }
        for (const [from, to] of spans) {
          const answer = (await changes(`?from=${from}&to=${to}`).expect(200)).body as Changes;
          const [before, after] = [await replayedAt(from), await replayedAt(to)];
          const [rankedBefore, rankedAfter] = [ranked(before), ranked(after)];
          const moved = units
            .map(({ unitId }) => unitId)
            .filter((unitId) => {
              const [was, is] = [rankedBefore.get(unitId), rankedAfter.get(unitId)];
              return is !== undefined && (was?.total !== is.total || was?.rank !== is.rank);
            });
          expect({ from, to, moved: answer.units.map((u) => u.unitId).sort() }).toEqual({
            from,
            to,
            moved: moved.sort(),
          });
          expect(answer.units.length).toBeGreaterThan(0);
          for (const unit of answer.units) {
            expect({ from, to, unitId: unit.unitId, before: unit.before, after: unit.after }).toEqual({
              from,
              to,
              unitId: unit.unitId,
              before: rankedBefore.get(unit.unitId) ?? null,
              after: rankedAfter.get(unit.unitId),
            });
            // The events listed add up to the change of the raw score (the demo amends no policy).
            const listed = unit.events.reduce((sum, event) => sum + cents(event.points ?? 0), 0);
            const raw = (at: Map<string, Replayed>) => cents(at.get(unit.unitId)?.raw ?? 0);
            if (unit.before !== null)
              expect({ unitId: unit.unitId, listed }).toEqual({
                unitId: unit.unitId,
                listed: raw(after) - raw(before),
              });
            for (const event of unit.events) {
              expect(BigInt(event.position) > BigInt(from) && BigInt(event.position) <= BigInt(to)).toBe(
                true,
              );
              expect(log.find((e) => e.id === event.eventId)?.type).toBe(event.type);
              // Who and why, as the unit's history names them.
              const row = history.get(unit.unitId)!.find((r) => r.position === event.position)!;
              expect({ actor: event.actor, reason: event.reason }).toEqual({
                actor: row.actor,
                reason: row.reason,
              });
            }
          }
        }
      }, 180_000);

      it('from the start to the head: every leader not clear now, as the accountability route says, with the case events', async () => {
        const answer = (await changes('').expect(200)).body as Changes;
        expect(answer.from).toBeNull();
        expect(answer.to).toBe(positions.at(-1));
        const accountability = (await analyst.get('/cycles/2007/accountability').expect(200)).body as {
          leaderId: string;
          status: string;
          withheldPct: number;
        }[];
        const notClear = accountability.filter((l) => l.status !== 'clear' || l.withheldPct !== 0);
        expect(notClear.length).toBeGreaterThan(0);
        expect(answer.leaders.map(({ leaderId, after }) => ({ leaderId, ...after }))).toEqual(
          notClear.map(({ leaderId, status, withheldPct }) => ({ leaderId, status, withheldPct })),
        );
        const shahe = answer.leaders.find((leader) => leader.unitId === 'shahe')!;
        expect(shahe).toMatchObject({ before: null, after: { status: 'sanctioned', withheldPct: 30 } });
        expect(shahe.events.map((event) => event.type)).toEqual(['CaseOpened', 'SanctionImposed']);
        expect(shahe.events[1]!.reason).toEqual(expect.any(String));
        expect(answer.units).toHaveLength(units.length);
        expect(answer.units.every((unit) => unit.before === null)).toBe(true);
      });

      it('takes instants, alone or beside a position, and refuses bad or reversed bounds with stable codes', async () => {
        const log = (await wholeLog(api)) as unknown as { position: string; recordedAt: string }[];
        const middle = log[Math.floor(log.length / 2)]!;
        const byInstant = (await changes(`?from=${encodeURIComponent(middle.recordedAt)}`).expect(200))
          .body as Changes;
        // An instant takes in every event recorded by then: at least the one it was taken from.
        expect(BigInt(byInstant.from!)).toBeGreaterThanOrEqual(BigInt(middle.position));
        expect(
          (
            await changes(`?from=${byInstant.from}&to=${encodeURIComponent(log.at(-1)!.recordedAt)}`).expect(
              200,
            )
          ).body,
        ).toEqual(byInstant);
        for (const bad of ['abc', '-1', '1.5', '2007-13-45']) {
          const response = await changes(`?from=${encodeURIComponent(bad)}`);
          expect({ bad, status: response.status, code: response.body.code }).toEqual({
            bad,
            status: 400,
            code: 'INVALID_BOUND',
          });
        }
        expect((await changes('?to=yesterday')).body).toMatchObject({
          statusCode: 400,
          code: 'INVALID_BOUND',
        });
        const reversed = await changes(`?from=${positions[40]}&to=${positions[20]}`);
        expect(reversed.body).toMatchObject({ statusCode: 400, code: 'REVERSED_BOUNDS' });
        expect(reversed.body.message).toContain(`from (position ${positions[40]}) comes after to`);
        const mixed = await changes(
          `?from=${positions.at(-1)}&to=${encodeURIComponent(log[10]!.recordedAt)}`,
        );
        expect(mixed.body).toMatchObject({ statusCode: 400, code: 'REVERSED_BOUNDS' });
        expect((await analyst.get('/cycles/2008/changes')).body).toMatchObject({
          statusCode: 404,
          code: 'UNKNOWN_CYCLE',
        });
        for (const [caller, status] of [
          ['auditor', 200],
          ['supervisor', 200],
          ['admin', 200],
          ['reviewer', 403],
          ['unit-leader', 403],
        ] as const) {
          expect({ caller, status: (await changes(`?from=${positions[20]}`, caller)).status }).toEqual({
            caller,
            status,
          });
        }
      });

      it('ledger changes prints the same as tables, and as the JSON the API answers', async () => {
        const [from, to] = [
          positions[Math.floor(positions.length * 0.3)]!,
          positions[Math.floor(positions.length * 0.9)]!,
        ];
        const overHttp = (await changes(`?from=${from}&to=${to}`).expect(200)).body as Changes;
        const json = runLedger(['changes', '--year', '2007', '--from', from, '--to', to, '--json'], api.env);
        expect({ status: json.status, stderr: json.stderr }).toEqual({ status: 0, stderr: '' });
        expect(JSON.parse(json.stdout)).toEqual(overHttp);
        const printed = runLedger(['changes', '--year', '2007', '--from', from, '--to', to], api.env);
        expect({ status: printed.status, stderr: printed.stderr }).toEqual({ status: 0, stderr: '' });
        expect(printed.stdout).toContain(
          `Changes in cycle 2007 from position ${overHttp.from} to position ${overHttp.to}`,
        );
        expect(printed.stdout).toContain(`Units whose total or rank moved: ${overHttp.units.length}`);
        for (const unit of overHttp.units) {
          expect(printed.stdout).toContain(`(${unit.unitId})`);
          expect(printed.stdout).toContain(`${unit.before?.total ?? '-'} -> ${unit.after?.total ?? '-'}`);
        }
        const reversed = runLedger(['changes', '--year', '2007', '--from', to, '--to', from], api.env);
        expect({ status: reversed.status, stdout: reversed.stdout }).toEqual({ status: 1, stdout: '' });
        expect(reversed.stderr).toContain('comes after to');
        expect(reversed.stderr).not.toContain('    at ');
        const bad = runLedger(['changes', '--year', '2007', '--from', 'soon'], api.env);
        expect(bad.status).toBe(1);
        expect(bad.stderr).toContain('log position');
      });
    },
  );
}
