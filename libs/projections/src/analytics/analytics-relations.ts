/**
 * The `analytics` relations: the read models' jsonb documents (`rm_*`, see
 * read-model-store.ts) as plain typed rows for SQL and BI tools, one relation per kind of
 * thing. Each is a view over a SQL function that reads the documents when queried: always as
 * current as the read models, and rebuilt with them. The indirection is deliberate: a view
 * over `rm_*` itself would be bound to the table and stop a rebuild from swapping it (the
 * function's body names the table, which PostgreSQL resolves at each call). Money and points
 * are numeric with two decimals; positions are text (compare them with `position_key`).
 */
export interface AnalyticsRelation {
  name: string;
  /** The columns that identify a row (no view can hold a primary key; the test checks they are unique). */
  key: string[];
  columns: string;
  /** The SELECT over the read models' tables; `S` is their schema, `A` the analytics schema. */
  body: (S: string, A: string) => string;
}

const registeredUnits = (S: string) => `
  SELECT doc->>'unitId' AS unit_id, doc->>'name' AS name, doc->>'kind' AS kind,
         doc->'leader'->>'leaderId' AS leader_id
  FROM ${S}.rm_scores WHERE key LIKE 'unit:%' AND (doc->>'registered')::boolean`;

const cycles = (S: string) => `
  SELECT (doc->>'year')::integer AS year, doc->>'status' AS status, doc->'policy' AS policy, doc->'items' AS items
  FROM ${S}.rm_scores WHERE key LIKE 'cycle:%' AND doc->>'status' <> 'none'`;

/** The cases of the accountability read model; `in_force`: a sanction in force on a case not withdrawn, which accountability counts. */
const cases = (S: string) => `
  SELECT (doc->>'year')::integer AS year, doc->>'caseId' AS case_id, doc->>'unitId' AS unit_id,
         doc->>'itemId' AS item_id, doc->>'leaderId' AS leader_id, doc->>'rulingId' AS ruling_id,
         doc->>'status' AS status, doc->>'sanction' AS sanction, round((doc->>'withheldPct')::numeric, 2) AS withheld_pct,
         jsonb_typeof(doc->'inForce') = 'object' AND doc->>'status' <> 'withdrawn' AS in_force,
         round((doc->'inForce'->>'withheldPct')::numeric, 2) AS in_force_pct,
         (doc->'inForce'->>'removesLeader')::boolean AS removes_leader,
         doc->'history'->0->>'position' AS opened_position,
         (doc->'history'->0->>'recordedAt')::timestamptz AS opened_at, key
  FROM ${S}.rm_accountability WHERE key LIKE 'case:%'`;

export const ANALYTICS_RELATIONS: AnalyticsRelation[] = [
  {
    name: 'units',
    key: ['unit_id'],
    columns: 'unit_id text, name text, kind text, leader_id text',
    body: (S) => registeredUnits(S),
  },
  {
    name: 'leaders',
    key: ['leader_id'],
    columns: 'leader_id text, name text, unit_id text, in_office boolean, terms integer',
    body: (S) => `
      SELECT doc->>'leaderId', doc->>'name', doc->'terms'->-1->>'unitId',
             jsonb_array_length(doc->'terms') > 0 AND doc->'terms'->-1->>'to' IS NULL,
             jsonb_array_length(doc->'terms')
      FROM ${S}.rm_accountability WHERE key LIKE 'leader:%'`,
  },
  {
    name: 'items',
    key: ['year', 'item_id'],
    columns:
      'year integer, item_id text, title text, track text, withdrawn boolean, basic_requirement text, panel_score_at_least numeric',
    body: (S) => `
      SELECT c.year, i.value->>'itemId', i.value->>'title', i.value->>'track', (i.value->>'withdrawn')::boolean,
             i.value->'basicRequirement'->>'text', (i.value->'basicRequirement'->>'panelScoreAtLeast')::numeric
      FROM (${cycles(S)}) c, jsonb_each(c.items) i`,
  },
  {
    name: 'targets',
    key: ['year', 'item_id', 'metric'],
    columns: 'year integer, item_id text, metric text, comparator text, threshold numeric, unit text',
    body: (S) => `
      SELECT c.year, i.value->>'itemId', t.value->>'metric', t.value->>'comparator',
             (t.value->>'threshold')::numeric, t.value->>'unit'
      FROM (${cycles(S)}) c, jsonb_each(c.items) i, jsonb_each(i.value->'targets') t`,
  },
  {
    name: 'score_entries',
    key: ['year', 'unit_id', 'entry_id'],
    columns:
      'year integer, unit_id text, entry_id text, item_id text, track text, kind text, points numeric, signed_points numeric, ' +
      'reason text, evidence text, effective_on date, reversed boolean, reversed_by text, reversed_position text, ' +
      'reversed_at timestamptz, log_position text, recorded_at timestamptz, actor_id text, actor_role text, actor_name text',
    body: (S) => `
      SELECT split_part(key, ':', 2)::integer, split_part(key, ':', 3), doc->>'entryId', doc->>'itemId',
             doc->>'track', doc->>'kind', round((doc->>'points')::numeric, 2),
             CASE doc->>'kind' WHEN 'award' THEN 1 ELSE -1 END * round((doc->>'points')::numeric, 2),
             doc->>'reason', doc->>'evidence', (doc->>'effectiveOn')::date,
             (doc->>'reversed')::boolean, doc->>'reversedBy', doc->>'reversedPosition', (doc->>'reversedAt')::timestamptz,
             doc->>'position', (doc->>'recordedAt')::timestamptz,
             doc->'actor'->>'id', doc->'actor'->>'role', doc->'actor'->>'name'
      FROM ${S}.rm_scores WHERE key LIKE 'entry:%'`,
  },
  {
    // Every cycle's board now: analytics.board (analytics-board.ts) with no past point.
    name: 'scores',
    key: ['year', 'unit_id'],
    columns:
      'year integer, unit_id text, name text, kind text, regular_raw numeric, regular_score numeric, key_score numeric, total numeric, rank integer',
    body: (S, A) => `SELECT b.* FROM (${cycles(S)}) c, LATERAL ${A}.board(c.year) b`,
  },
  {
    name: 'policy_settings',
    key: ['year', 'log_position'],
    columns:
      'year integer, log_position text, recorded_at timestamptz, base_score numeric, regular_cap numeric, ' +
      'regular_award_max numeric, panel_min_scores integer',
    body: (S) => `
      SELECT (p.doc->>'year')::integer, s.setting->>'position', (s.setting->>'recordedAt')::timestamptz,
             (s.setting->'policy'->>'baseScore')::numeric, (s.setting->'policy'->>'regularCap')::numeric,
             (s.setting->'policy'->>'regularAwardMax')::numeric, (s.setting->'policy'->>'panelMinScores')::integer
      FROM ${S}.rm_scores p, jsonb_array_elements(p.doc->'settings') s(setting)
      WHERE p.key LIKE 'policies:%'`,
  },
  {
    // Per leader and cycle, docs/domain.md#leadership-accountability: every leader in office while the
    // cycle was open, or with a case in it.
    name: 'accountability',
    key: ['year', 'leader_id'],
    columns:
      'year integer, leader_id text, name text, unit_id text, status text, open_cases integer, ' +
      'withheld_pct numeric, bonus_base numeric, bonus_payable numeric',
    body: (S, A) => `
      WITH windows AS (
        SELECT (doc->>'year')::integer AS year, ${A}.position_key(doc->>'openedAt') AS opened,
               ${A}.position_key(doc->>'closedAt') AS closed, doc->'bonusBases' AS bases
        FROM ${S}.rm_accountability WHERE key LIKE 'cycle:%'),
      terms AS (
        SELECT l.doc->>'leaderId' AS leader_id, l.doc->>'name' AS name, t.ord, t.term->>'unitId' AS unit_id,
               ${A}.position_key(t.term->>'from') AS served_from, ${A}.position_key(t.term->>'to') AS served_to
        FROM ${S}.rm_accountability l, jsonb_array_elements(l.doc->'terms') WITH ORDINALITY t(term, ord)
        WHERE l.key LIKE 'leader:%'),
      leaders AS (SELECT key, doc->>'leaderId' AS leader_id, doc->>'name' AS name
                  FROM ${S}.rm_accountability WHERE key LIKE 'leader:%'),
      cases AS (${cases(S)}),
      standing AS (
        SELECT w.year, l.leader_id, l.name, w.bases,
               (SELECT t.unit_id FROM terms t WHERE t.leader_id = l.leader_id
                  AND (w.closed IS NULL OR t.served_from < w.closed) AND (t.served_to IS NULL OR t.served_to > w.opened)
                ORDER BY t.ord DESC LIMIT 1) AS served_unit,
               (SELECT c.unit_id FROM cases c WHERE c.year = w.year AND c.leader_id = l.leader_id
                ORDER BY c.key COLLATE "C" DESC LIMIT 1) AS case_unit,
               agg.open_cases, agg.withheld, agg.in_force, agg.removed
        FROM windows w CROSS JOIN leaders l
        CROSS JOIN LATERAL (
          SELECT (count(*) FILTER (WHERE c.status = 'open'))::integer AS open_cases,
                 coalesce(sum(c.in_force_pct) FILTER (WHERE c.in_force), 0) AS withheld,
                 count(*) FILTER (WHERE c.in_force) AS in_force,
                 coalesce(bool_or(c.removes_leader) FILTER (WHERE c.in_force), false) AS removed
          FROM cases c WHERE c.year = w.year AND c.leader_id = l.leader_id) agg),
      shares AS (SELECT *, round(least(100, withheld), 2) AS withheld_pct,
                 round((bases->>leader_id)::numeric, 2) AS bonus_base
                 FROM standing WHERE served_unit IS NOT NULL OR case_unit IS NOT NULL)
      SELECT year, leader_id, name, coalesce(served_unit, case_unit),
             CASE WHEN removed THEN 'removed' WHEN open_cases > 0 THEN 'under-review'
                  WHEN in_force > 0 THEN 'sanctioned' ELSE 'clear' END,
             open_cases, withheld_pct, bonus_base,
             round(bonus_base * (100 - withheld_pct) / 100, 2)
      FROM shares`,
  },
  {
    name: 'cases',
    key: ['case_id'],
    columns:
      'year integer, case_id text, unit_id text, item_id text, leader_id text, ruling_id text, status text, ' +
      'sanction text, withheld_pct numeric, opened_position text, opened_at timestamptz',
    body: (S) => `
      SELECT year, case_id, unit_id, item_id, leader_id, ruling_id, status, sanction, withheld_pct,
             opened_position, opened_at
      FROM (${cases(S)}) c`,
  },
  {
    name: 'disputes',
    key: ['dispute_id'],
    columns:
      'year integer, dispute_id text, unit_id text, event_id text, target_kind text, case_id text, grounds text, ' +
      'status text, outcome text, reason text, filed_position text, filed_by_id text, filed_by_role text, resolved_position text',
    body: (S) => `
      SELECT split_part(key, ':', 2)::integer, doc->>'disputeId', doc->>'unitId', doc->>'eventId',
             doc->'target'->>'kind', doc->'target'->>'caseId', doc->>'grounds', doc->>'status', doc->>'outcome',
             doc->>'reason', doc->>'filedAt', doc->'filedBy'->>'id', doc->'filedBy'->>'role', doc->>'resolvedAt'
      FROM ${S}.rm_disputes WHERE key LIKE 'dispute:%'`,
  },
  {
    name: 'panels',
    key: ['panel_id'],
    columns:
      'year integer, panel_id text, item_id text, status text, members integer, scores integer, results integer',
    body: (S) => `
      SELECT (doc->>'year')::integer, doc->>'panelId', doc->>'itemId', doc->>'status',
             jsonb_array_length(doc->'members'), jsonb_array_length(doc->'scores'), jsonb_array_length(doc->'results')
      FROM ${S}.rm_panels WHERE key LIKE 'panel:%'`,
  },
];
