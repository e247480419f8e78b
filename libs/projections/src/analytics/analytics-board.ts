/**
 * `analytics.board(year, effective_on, known_at, regular_cap)`: a cycle's scoreboard from its
 * score entries, as it stood on a business date (`effective_on`, as known now), as the ledger
 * knew it at an instant (`known_at`), both, or under another cap (`regular_cap`, what if):
 * the questions the API answers with `?effectiveOn`, `?asOf` and `what-if`, in one function for
 * SQL and BI tools. Every argument but the year may be NULL (meaning: now, the cap in force).
 *
 * It is the rules of docs/domain.md#scores over the entries the scores projection keeps: the
 * regular track starts at the base score, floors at 0 and is capped; the key track is open;
 * units rank by total within their kind, ties sharing a rank. An entry counts when it was
 * recorded by `known_at`, takes effect by `effective_on`, and was not reversed by `known_at`;
 * the policy is the one last set by `known_at`; units are those registered by then.
 * test/e2e/analytics holds it to the API's answers to the same questions.
 */
export const boardFunction = (S: string, A: string): string => `
CREATE OR REPLACE FUNCTION ${A}.board(
  p_year integer, p_effective_on date DEFAULT NULL, p_known_at timestamptz DEFAULT NULL,
  p_regular_cap numeric DEFAULT NULL)
RETURNS TABLE (year integer, unit_id text, name text, kind text, regular_raw numeric,
  regular_score numeric, key_score numeric, total numeric, rank integer)
LANGUAGE sql STABLE AS $body$
  WITH policy AS (
    SELECT (setting->'policy'->>'baseScore')::numeric AS base,
           coalesce(p_regular_cap, (setting->'policy'->>'regularCap')::numeric) AS cap
    FROM ${S}.rm_scores p, jsonb_array_elements(p.doc->'settings') WITH ORDINALITY AS s(setting, n)
    WHERE p.key = 'policies:' || p_year
      AND (p_known_at IS NULL OR (setting->>'recordedAt')::timestamptz <= p_known_at)
    ORDER BY n DESC LIMIT 1),
  units AS (
    SELECT doc->>'unitId' AS unit_id, doc->>'name' AS name, doc->>'kind' AS kind
    FROM ${S}.rm_scores
    WHERE key LIKE 'unit:%' AND (doc->>'registered')::boolean
      AND (p_known_at IS NULL OR (doc->>'registeredAt')::timestamptz <= p_known_at)),
  counted AS (
    SELECT split_part(key, ':', 3) AS unit_id, doc->>'track' AS track,
           CASE doc->>'kind' WHEN 'award' THEN 1 ELSE -1 END * (doc->>'points')::numeric AS points
    FROM ${S}.rm_scores
    WHERE key LIKE 'entry:' || p_year || ':%'
      AND (p_known_at IS NULL OR (doc->>'recordedAt')::timestamptz <= p_known_at)
      AND (p_effective_on IS NULL OR (doc->>'effectiveOn')::date <= p_effective_on)
      AND NOT ((doc->>'reversed')::boolean
               AND (p_known_at IS NULL OR (doc->>'reversedAt')::timestamptz <= p_known_at))),
  tallied AS (
    SELECT u.unit_id, u.name, u.kind,
           round(p.base + coalesce(sum(c.points) FILTER (WHERE c.track = '1'), 0), 2) AS regular_raw,
           p.cap,
           round(coalesce(sum(c.points) FILTER (WHERE c.track = 'X'), 0), 2) AS key_score
    FROM policy p CROSS JOIN units u LEFT JOIN counted c ON c.unit_id = u.unit_id
    GROUP BY u.unit_id, u.name, u.kind, p.base, p.cap),
  scored AS (SELECT *, round(least(cap, greatest(0, regular_raw)), 2) AS regular_score FROM tallied)
  SELECT p_year, unit_id, name, kind, regular_raw, regular_score, key_score,
         regular_score + key_score,
         (rank() OVER (PARTITION BY kind ORDER BY regular_score + key_score DESC))::integer
  FROM scored
$body$`;
