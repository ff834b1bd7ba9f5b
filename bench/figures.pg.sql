-- bench/figures.pg.sql: bench/figures.sql for PostgreSQL (the same rows:
-- the same hashes; PostgreSQL's date functions).
-- SPDX-License-Identifier: EUPL-1.2
BEGIN;
-- A bare bulk step: the receipts and closings go in with the timeline's
-- row trigger off (027: each entry rewrote its signal's row, and the
-- 10M receipts had not gone in after 24 minutes), and one pass over the
-- signals then sets what figures.sql's two updates and the trigger set:
-- the resident key, the spread closing time and the kept newest entry
-- (its words after).
SET LOCAL work_mem = '256MB';
CREATE FUNCTION pg_temp.bench_closed(created TEXT, sid BIGINT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
	SELECT LEAST(to_char((CAST(created AS timestamptz)
	+ make_interval(days => CAST((sid * 7919) % 15 AS int),
	                hours => CAST((sid * 104729) % 24 AS int)))
	AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"'), '2026-12-04T00:00:00.000Z')
$$;
CREATE TEMP TABLE bench_own ON COMMIT DROP AS
	SELECT s.id, (s.closed_at IS NOT NULL AND NOT EXISTS (SELECT 1
		FROM kwestie_signals ks WHERE ks.signal_id = s.id)) AS own_close
	FROM signals s;
ALTER TABLE timeline DISABLE TRIGGER timeline_summary;
INSERT INTO timeline (signal_id, at, actor, kind)
	SELECT id, created_at, 'wijkagenda', 'received' FROM signals ORDER BY id;
INSERT INTO timeline (signal_id, at, actor, kind, to_value)
	SELECT s.id, pg_temp.bench_closed(s.created_at, s.id),
		'Stadsdeel (bench)', 'closed', s.outcome
	FROM signals s JOIN bench_own o ON o.id = s.id WHERE o.own_close ORDER BY s.id;
ALTER TABLE timeline ENABLE TRIGGER timeline_summary;
UPDATE signals s SET resident_key = CASE WHEN (s.id * 2654435761) % 100 < 5
		THEN NULL ELSE 'r' || ((s.id * 2246822519) % 700001) END,
	closed_at = CASE WHEN o.own_close
		THEN pg_temp.bench_closed(s.created_at, s.id) ELSE s.closed_at END,
	own_entry = GREATEST(s.own_entry, m.newest)
FROM bench_own o, (SELECT signal_id, MAX(id) AS newest FROM timeline
	WHERE signal_id IS NOT NULL GROUP BY signal_id) m
WHERE o.id = s.id AND m.signal_id = s.id;
-- the kept entry's words (028), as the trigger keeps them
UPDATE signals s SET own_at = w.at, own_kind = w.kind,
	own_from = w.from_value, own_to = w.to_value
FROM timeline_words w WHERE w.id = s.own_entry
AND s.own_kind IS DISTINCT FROM w.kind;
INSERT INTO grades (municipality, kwestie_id, signal_id, person_key, grade,
	solved, buurt_code, wijk_code, gebied_code, stadsdeel_code, topic,
	organisation_id, created_at, updated_at)
SELECT x.municipality, x.kid, x.sid, 'g' || x.id, x.grade,
	CASE WHEN x.grade >= 7 THEN 'ja' WHEN x.grade >= 5 THEN 'deels' ELSE 'nee' END,
	x.b, x.w, x.g, x.sd, x.topic, x.org, x.at, x.at
FROM (SELECT s.id, s.municipality, ks.kwestie_id AS kid,
	CASE WHEN ks.kwestie_id IS NULL THEN s.id END AS sid,
	CASE WHEN h < 4 THEN 1 WHEN h < 7 THEN 2 WHEN h < 10 THEN 3
	 WHEN h < 14 THEN 4 WHEN h < 20 THEN 5 WHEN h < 30 THEN 6
	 WHEN h < 50 THEN 7 WHEN h < 75 THEN 8 WHEN h < 92 THEN 9 ELSE 10 END AS grade,
	CASE WHEN k.id IS NULL THEN s.buurt_code ELSE k.buurt_code END AS b,
	CASE WHEN k.id IS NULL THEN s.wijk_code ELSE k.wijk_code END AS w,
	CASE WHEN k.id IS NULL THEN s.gebied_code ELSE k.gebied_code END AS g,
	CASE WHEN k.id IS NULL THEN s.stadsdeel_code ELSE k.stadsdeel_code END AS sd,
	COALESCE(k.topic, split_part(s.category_code, '/', 1)) AS topic,
	(SELECT MIN(so.organisation_id) FROM signal_organisations so
	 WHERE so.signal_id = s.id) AS org,
	LEAST(to_char((CAST(s.closed_at AS timestamptz) + interval '1 day')
	 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"'),
	 '2026-12-04T00:00:00.000Z') AS at
	FROM (SELECT s0.*, (s0.id * 1597334677) % 100 AS h FROM signals s0
	 WHERE s0.closed_at IS NOT NULL AND (s0.id * 40503) % 1000 < 160) s
	LEFT JOIN kwestie_signals ks ON ks.signal_id = s.id
	LEFT JOIN kwesties k ON k.id = ks.kwestie_id) x;
INSERT INTO promises (municipality, kwestie_id, organisation_id, what,
	made_on, due, status, done_on, explanation, created_at, updated_at)
SELECT k.municipality, k.id, kc.organisation_id, 'Wij pakken dit aan.',
	substr(k.created_at, 1, 10),
	to_char(CAST(substr(k.created_at, 1, 10) AS date) + CAST(5 + k.id % 20 AS int), 'YYYY-MM-DD'),
	CASE WHEN h < 45 THEN 'gehaald' WHEN h < 55 THEN 'niet_gehaald'
	 WHEN h < 65 THEN 'gewijzigd' ELSE 'open' END,
	CASE WHEN h < 30 THEN to_char(CAST(substr(k.created_at, 1, 10) AS date) + CAST(k.id % 5 AS int), 'YYYY-MM-DD')
	 WHEN h < 45 THEN to_char(CAST(substr(k.created_at, 1, 10) AS date) + CAST(26 + k.id % 10 AS int), 'YYYY-MM-DD') END,
	CASE WHEN h >= 45 AND h < 65 THEN 'Het duurt langer.' END,
	k.created_at, k.updated_at
FROM (SELECT k0.*, (k0.id * 374761393) % 100 AS h FROM kwesties k0
	WHERE k0.status <> 'nieuw' AND (k0.id * 668265263) % 100 < 40) k
JOIN kwestie_chain kc ON kc.kwestie_id = k.id AND kc.role = 'regisseur';
UPDATE areas SET population = 800 + (ascii(substr(code, 1, 1)) * 104729
	+ ascii(substr(code, length(code), 1)) * 31337 + length(code) * 7919) % 12000,
	population_year = 2025
WHERE level = 'buurt';
COMMIT;
VACUUM ANALYZE;
SELECT 'figures.pg.sql: grades ' || (SELECT COUNT(*) FROM grades)
	|| ', promises ' || (SELECT COUNT(*) FROM promises)
	|| ', keys ' || (SELECT COUNT(*) FROM signals WHERE resident_key IS NOT NULL)
	|| ', timeline ' || (SELECT COUNT(*) FROM timeline);
