-- bench/figures.sql: what bench_kwgen's city lacks for the figures
-- (bench/figures.sh, issue 14), on SQLite: resident keys, receipts and
-- closings in the timeline, closing times spread over days, 100,000
-- grades, promises on 40% of the kwesties taken up, and a population
-- per buurt.  "Random" choices are multiplicative hashes of ids, as in
-- bench_kwgen.  SPDX-License-Identifier: EUPL-1.2
BEGIN;
-- 1M signals from some 700,000 residents; 5% without a key (old signals)
UPDATE signals SET resident_key = CASE WHEN (id * 2654435761) % 100 < 5
	THEN NULL ELSE 'r' || ((id * 2246822519) % 700001) END;
-- a signal closed on its own is closed 0-14 days and some hours later
UPDATE signals SET closed_at = min(strftime('%Y-%m-%dT%H:%M:%S.000Z',
	created_at, '+' || ((id * 7919) % 15) || ' days',
	'+' || ((id * 104729) % 24) || ' hours'), '2026-12-04T00:00:00.000Z')
WHERE closed_at IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM kwestie_signals ks WHERE ks.signal_id = signals.id);
-- intake writes a receipt for every signal; closing one writes an entry
INSERT INTO timeline (signal_id, at, actor, kind)
	SELECT id, created_at, 'wijkagenda', 'received' FROM signals;
INSERT INTO timeline (signal_id, at, actor, kind, to_value)
	SELECT s.id, s.closed_at, 'Stadsdeel (bench)', 'closed', s.outcome
	FROM signals s WHERE s.closed_at IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM kwestie_signals ks WHERE ks.signal_id = s.id);
-- 100,000 grades: 16% of the closed signals, on their kwestie when they
-- have one, else on the signal; grades skewed towards 7-9
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
	COALESCE(k.topic, CASE WHEN instr(s.category_code, '/') > 0
	 THEN substr(s.category_code, 1, instr(s.category_code, '/') - 1)
	 ELSE s.category_code END) AS topic,
	(SELECT MIN(so.organisation_id) FROM signal_organisations so
	 WHERE so.signal_id = s.id) AS org,
	min(strftime('%Y-%m-%dT%H:%M:%S.000Z', s.closed_at, '+1 day'),
	 '2026-12-04T00:00:00.000Z') AS at
	FROM (SELECT s0.*, (s0.id * 1597334677) % 100 AS h FROM signals s0
	 WHERE s0.closed_at IS NOT NULL AND (s0.id * 40503) % 1000 < 160) s
	LEFT JOIN kwestie_signals ks ON ks.signal_id = s.id
	LEFT JOIN kwesties k ON k.id = ks.kwestie_id) x;
-- promises by the regisseur on 40% of the kwesties taken up: 45% kept
-- (a third of them late), 10% broken, 10% changed, the rest open
INSERT INTO promises (municipality, kwestie_id, organisation_id, what,
	made_on, due, status, done_on, explanation, created_at, updated_at)
SELECT k.municipality, k.id, kc.organisation_id, 'Wij pakken dit aan.',
	date(k.created_at), date(k.created_at, '+' || (5 + k.id % 20) || ' days'),
	CASE WHEN h < 45 THEN 'gehaald' WHEN h < 55 THEN 'niet_gehaald'
	 WHEN h < 65 THEN 'gewijzigd' ELSE 'open' END,
	CASE WHEN h < 30 THEN date(k.created_at, '+' || (k.id % 5) || ' days')
	 WHEN h < 45 THEN date(k.created_at, '+' || (26 + k.id % 10) || ' days') END,
	CASE WHEN h >= 45 AND h < 65 THEN 'Het duurt langer.' END,
	k.created_at, k.updated_at
FROM (SELECT k0.*, (k0.id * 374761393) % 100 AS h FROM kwesties k0
	WHERE k0.status <> 'nieuw' AND (k0.id * 668265263) % 100 < 40) k
JOIN kwestie_chain kc ON kc.kwestie_id = k.id AND kc.role = 'regisseur';
-- inhabitants per buurt (the levels above add up in app/figures.c)
UPDATE areas SET population = 800 + (unicode(substr(code, 1, 1)) * 104729
	+ unicode(substr(code, length(code), 1)) * 31337 + length(code) * 7919)
	% 12000, population_year = 2025
WHERE level = 'buurt';
COMMIT;
SELECT 'figures.sql: grades ' || (SELECT COUNT(*) FROM grades)
	|| ', promises ' || (SELECT COUNT(*) FROM promises)
	|| ', keys ' || (SELECT COUNT(*) FROM signals WHERE resident_key IS NOT NULL)
	|| ', timeline ' || (SELECT COUNT(*) FROM timeline);
