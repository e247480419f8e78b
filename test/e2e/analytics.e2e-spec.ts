import { Client } from 'pg';
import { ANALYTICS_RELATIONS } from '@ledger/projections';
import { ApiUnderTest, POSTGRES, as, startApi, wholeLog } from '../support/api';
import { runLedger } from '../support/ledger-process';

interface ScoreboardRow {
  unitId: string;
  name: string;
  kind: string;
  regularScore: number;
  keyScore: number;
  total: number;
  rank: number;
}
const byUnit = (a: { unitId: string }, b: { unitId: string }) => (a.unitId < b.unitId ? -1 : 1);

/** Numbers as the API's JSON has them: pg hands numeric columns back as text. */
const numberOrNull = (value: string | number | null | undefined) =>
  value === null || value === undefined ? null : Number(value);

POSTGRES.describe(
  'the analytics schema on PostgreSQL: plain SQL over the demo answers as the API does',
  () => {
    let api: ApiUnderTest;
    let sql: Client;
    const query = async <T>(text: string, params: unknown[] = []) =>
      (await sql.query(text, params)).rows as T[];

    beforeAll(async () => {
      api = await startApi(POSTGRES);
      const loaded = runLedger(['demo'], api.env, 120_000);
      expect({ status: loaded.status, stderr: loaded.stderr }).toMatchObject({ status: 0 });
      const head = (await wholeLog(api)).at(-1)!.position;
      await as(api, 'analyst').get(`/cycles/2007/accountability?minPosition=${head}`).expect(200);
      sql = new Client({ connectionString: api.env.DATABASE_URL });
      await sql.connect();
    }, 180_000);
    afterAll(async () => {
      await sql?.end();
      await api?.close();
    });

    it('the scoreboard by total is the API scoreboard', async () => {
      const board = (await as(api, 'analyst').get('/cycles/2007/scoreboard').expect(200)).body as {
        unitId: string;
      }[];
      const rows = await query<Record<string, string | number>>(
        `SELECT unit_id, name, kind, regular_score, key_score, total, rank
       FROM analytics.scores WHERE year = 2007 ORDER BY kind, rank, unit_id`,
      );
      expect(rows).toHaveLength(13);
      expect(
        rows.map((row) => ({
          unitId: row.unit_id,
          name: row.name,
          kind: row.kind,
          regularScore: Number(row.regular_score),
          keyScore: Number(row.key_score),
          total: Number(row.total),
          rank: row.rank,
        })),
      ).toEqual(board);
      // 三聖 is held at the cap while its raw regular score is above it.
      const [sansheng] = await query<{ regular_raw: string; regular_score: string }>(
        `SELECT regular_raw, regular_score FROM analytics.scores WHERE year = 2007 AND unit_id = 'sansheng'`,
      );
      expect(Number(sansheng!.regular_score)).toBe(130);
      expect(Number(sansheng!.regular_raw)).toBeGreaterThan(130);
    });

    it('the accountable leaders with their withheld share are the API accountability', async () => {
      const accountability = (await as(api, 'analyst').get('/cycles/2007/accountability').expect(200))
        .body as {
        leaderId: string;
      }[];
      const rows = await query<Record<string, string | number | null>>(
        `SELECT leader_id, name, unit_id, status, open_cases, withheld_pct, bonus_base, bonus_payable
       FROM analytics.accountability WHERE year = 2007 ORDER BY leader_id`,
      );
      const byLeader = [...accountability].sort((a, b) => (a.leaderId < b.leaderId ? -1 : 1));
      expect(
        rows.map((row) => ({
          leaderId: row.leader_id,
          name: row.name,
          unitId: row.unit_id,
          status: row.status,
          openCases: row.open_cases,
          withheldPct: Number(row.withheld_pct),
          bonusBase: numberOrNull(row.bonus_base),
          bonusPayable: numberOrNull(row.bonus_payable),
        })),
      ).toEqual(
        byLeader.map(
          ({ sanctions: _, ...leader }: { sanctions?: unknown } & Record<string, unknown>) => leader,
        ),
      );
      const accountable = await query<{ unit_id: string; withheld_pct: string }>(
        `SELECT unit_id, withheld_pct FROM analytics.accountability WHERE year = 2007 AND status <> 'clear'`,
      );
      expect(accountable).toEqual([{ unit_id: 'shahe', withheld_pct: '30.00' }]);
    });

    it('cases, disputes and awards by item are the API cases, disputes and unit items', async () => {
      const cases = (await as(api, 'analyst').get('/cycles/2007/cases').expect(200)).body as Record<
        string,
        unknown
      >[];
      const rows = await query<Record<string, string | number | null>>(
        `SELECT case_id, unit_id, item_id, leader_id, ruling_id, status, sanction, withheld_pct, opened_position
       FROM analytics.cases WHERE year = 2007 ORDER BY opened_position::bigint`,
      );
      expect(
        rows.map((row) => ({
          caseId: row.case_id,
          unitId: row.unit_id,
          itemId: row.item_id,
          leaderId: row.leader_id,
          rulingId: row.ruling_id,
          status: row.status,
          sanction: row.sanction,
          withheldPct: Number(row.withheld_pct),
          position: row.opened_position,
        })),
      ).toEqual(
        cases.map((c) => ({
          caseId: c.caseId,
          unitId: c.unitId,
          itemId: c.itemId,
          leaderId: c.leaderId,
          rulingId: c.rulingId,
          status: c.status,
          sanction: c.sanction,
          withheldPct: c.withheldPct,
          position: (c.history as { position: string }[])[0]!.position,
        })),
      );
      const disputes = (await as(api, 'analyst').get('/cycles/2007/disputes').expect(200)).body as {
        disputeId: string;
        outcome: string;
      }[];
      const disputeRows = await query<{ dispute_id: string; outcome: string }>(
        `SELECT dispute_id, outcome FROM analytics.disputes WHERE year = 2007 ORDER BY dispute_id`,
      );
      expect(disputeRows).toEqual(
        disputes
          .map((d) => ({ dispute_id: d.disputeId, outcome: d.outcome }))
          .sort((a, b) => (a.dispute_id < b.dispute_id ? -1 : 1)),
      );
      // Awards by item, counted as the unit items route counts them (entries not reversed).
      const byItem = await query<{ unit_id: string; item_id: string; awards: string }>(
        `SELECT unit_id, item_id, sum(points) AS awards FROM analytics.score_entries
       WHERE year = 2007 AND kind = 'award' AND NOT reversed GROUP BY unit_id, item_id`,
      );
      for (const unitId of ['sansheng', 'niushikou', 'shahe']) {
        const items = (await as(api, 'analyst').get(`/cycles/2007/units/${unitId}/items`).expect(200))
          .body as {
          itemId: string;
          awards: number;
        }[];
        for (const item of items) {
          const row = byItem.find((r) => r.unit_id === unitId && r.item_id === item.itemId);
          expect({ unitId, itemId: item.itemId, awards: Number(row?.awards ?? 0) }).toEqual({
            unitId,
            itemId: item.itemId,
            awards: item.awards,
          });
        }
      }
    });

    /** analytics.board's rows as the API's scoreboard rows. */
    const boardRows = async (args: string, params: unknown[] = []): Promise<ScoreboardRow[]> =>
      (
        await query<Record<string, string | number>>(
          `SELECT unit_id, name, kind, regular_score, key_score, total, rank
           FROM analytics.board(${args}) ORDER BY kind, rank, unit_id`,
          params,
        )
      ).map((row) => ({
        unitId: String(row.unit_id),
        name: String(row.name),
        kind: String(row.kind),
        regularScore: Number(row.regular_score),
        keyScore: Number(row.key_score),
        total: Number(row.total),
        rank: Number(row.rank),
      }));
    const apiBoard = async (query: string) =>
      (await as(api, 'analyst').get(`/cycles/2007/scoreboard${query}`).expect(200)).body as unknown[];

    it('answers "the board on 30 June 2007, as known now and as known then" as the API does', async () => {
      const midYear = await boardRows(`2007, '2007-06-30'`);
      expect(midYear).toEqual(await apiBoard('?effectiveOn=2007-06-30'));
      expect(midYear).not.toEqual(await apiBoard(''));
      // The demo records its 2007 today: "as known then" is an instant while it was being recorded.
      const log = await wholeLog(api);
      const knownAt = log[Math.floor(log.length * 0.6)]!.recordedAt;
      const then = await boardRows(`2007, NULL, $1`, [knownAt]);
      expect(then).toEqual(await apiBoard(`?asOf=${knownAt}`));
      expect(await boardRows(`2007, '2007-06-30', $1`, [knownAt])).toEqual(
        await apiBoard(`?asOf=${knownAt}&effectiveOn=2007-06-30`),
      );
      expect(await boardRows('2007')).toEqual(await apiBoard(''));
    });

    it('answers "what would the ranking be with a cap of 120" as the what-if route does', async () => {
      const asked = (
        await as(api, 'analyst')
          .post('/cycles/2007/what-if', { policy: { regularCap: 120 } })
          .expect(200)
      ).body as { units: { unitId: string; whatIf: { total: number; rank: number } }[] };
      const rows = await boardRows('2007, NULL, NULL, 120');
      expect(rows.map(({ unitId, total, rank }) => ({ unitId, total, rank })).sort(byUnit)).toEqual(
        asked.units.map(({ unitId, whatIf: { total, rank } }) => ({ unitId, total, rank })).sort(byUnit),
      );
    });

    it('answers "why does 三聖 have its total" with the entries the explain route counts', async () => {
      const explained = (
        await as(api, 'analyst').get('/cycles/2007/units/sansheng/score/explain').expect(200)
      ).body as { regularRaw: { points: number }; keyScore: { points: number }; total: { points: number } };
      const [sums] = await query<{ regular: string; key: string; base: string }>(
        `SELECT sum(signed_points) FILTER (WHERE track = '1') AS regular,
                sum(signed_points) FILTER (WHERE track = 'X') AS key,
                (SELECT base_score FROM analytics.policy_settings WHERE year = 2007
                 ORDER BY analytics.position_key(log_position) DESC LIMIT 1) AS base
         FROM analytics.score_entries WHERE year = 2007 AND unit_id = 'sansheng' AND NOT reversed`,
      );
      expect({
        regularRaw: Number(sums!.base) + Number(sums!.regular),
        keyScore: Number(sums!.key),
      }).toEqual({ regularRaw: explained.regularRaw.points, keyScore: explained.keyScore.points });
      const [board] = await query<{ total: string }>(
        `SELECT total FROM analytics.board(2007) WHERE unit_id = 'sansheng'`,
      );
      expect(Number(board!.total)).toBe(explained.total.points);
    });

    it('every relation has typed columns, one row per key, and rows for the demo', async () => {
      for (const relation of ANALYTICS_RELATIONS) {
        const columns = await query<{ column_name: string; data_type: string }>(
          `SELECT column_name, data_type FROM information_schema.columns
         WHERE table_schema = 'analytics' AND table_name = $1 ORDER BY ordinal_position`,
          [relation.name],
        );
        expect({ relation: relation.name, untyped: columns.filter((c) => c.data_type === 'jsonb') }).toEqual({
          relation: relation.name,
          untyped: [],
        });
        const key = relation.key.join(', ');
        const [counts] = await query<{ rows: string; keys: string }>(
          `SELECT count(*) AS rows, count(DISTINCT (${key})) AS keys FROM analytics.${relation.name}`,
        );
        expect({ relation: relation.name, rows: Number(counts!.rows) > 0, keys: counts!.keys }).toEqual({
          relation: relation.name,
          rows: true,
          keys: counts!.rows,
        });
      }
    });

    it('is rebuilt with the read models: after ledger rebuild it answers the same', async () => {
      const before = await query(`SELECT * FROM analytics.scores ORDER BY year, unit_id`);
      const rebuilt = runLedger(['rebuild'], api.env, 120_000);
      expect({ status: rebuilt.status, stderr: rebuilt.stderr }).toMatchObject({ status: 0 });
      expect(await query(`SELECT * FROM analytics.scores ORDER BY year, unit_id`)).toEqual(before);
    });
  },
);
