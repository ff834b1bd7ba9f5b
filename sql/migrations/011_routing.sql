-- 011: routing of new signals is data: rules the beheerder edits.
-- SPDX-License-Identifier: EUPL-1.2
-- (SQLite; 011_routing.pg.sql is the PostgreSQL pair: identity and BIGINT
-- ids and its clock.  Keep the two in step; the views are the same text.)
--
-- A rule says: a signal of this category (NULL: any; a main category
-- also takes its sub-categories, "afval" takes "afval/grofvuil") in this
-- area (NULL: anywhere; the code of a buurt, wijk, gebied, stadsdeel or
-- the municipality, matched against the signal's area chain) goes to this
-- organisation.  A rule without organisation is a default rule: it sends
-- the signal to the municipality's own organisations (kind gemeente or
-- stadsdeel) that work in one of the signal's areas, which was the
-- hard-wired rule of migration 006.  Rules add up: an organisation
-- answers for a signal when any rule brings it.
--
-- Every municipality starts with the default rule for everything (seeded
-- here for those there are, and by store_municipality_put for new ones),
-- and app/routing.c refuses to delete the last rule that covers every
-- category everywhere, so no municipality's signals go nowhere unseen.
CREATE TABLE routing_rules (
	id INTEGER PRIMARY KEY, -- sqlite-only: identity column on PostgreSQL
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	category_code TEXT,
	area_code TEXT,
	organisation_id INTEGER REFERENCES organisations (id) ON DELETE CASCADE,
	position INTEGER NOT NULL DEFAULT 0,
	note TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	FOREIGN KEY (municipality, category_code)
		REFERENCES categories (municipality, code),
	FOREIGN KEY (municipality, area_code)
		REFERENCES areas (municipality, code)
);
-- One rule for one combination: NULLs count as equal here.
CREATE UNIQUE INDEX routing_rules_once ON routing_rules (municipality,
	(COALESCE(category_code, '')), (COALESCE(area_code, '')),
	(COALESCE(organisation_id, 0)));

INSERT INTO routing_rules (municipality, position, created_at)
SELECT code, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM municipalities;

-- signal_routing: every organisation a rule brings to a signal, with the
-- rule (the "why" of a link).  signal_responsible (migration 006) keeps
-- its name and columns and is now read from the rules; signal_access
-- depends on it, so both are made again, signal_access exactly as
-- migration 010 defines it.
DROP VIEW signal_access;
DROP VIEW signal_responsible;

CREATE VIEW signal_routing AS
SELECT s.id AS signal_id, o.id AS organisation_id, r.id AS rule_id
FROM signals s
JOIN routing_rules r ON r.municipality = s.municipality
JOIN organisations o ON o.id = r.organisation_id
	AND o.municipality = s.municipality
WHERE (r.category_code IS NULL OR r.category_code = s.category_code
	OR substr(s.category_code, 1, length(r.category_code) + 1)
		= r.category_code || '/')
AND (r.area_code IS NULL OR r.area_code IN (s.buurt_code, s.wijk_code,
	s.gebied_code, s.stadsdeel_code, s.municipality))
UNION ALL
SELECT s.id, o.id, r.id
FROM signals s
JOIN routing_rules r ON r.municipality = s.municipality
	AND r.organisation_id IS NULL
JOIN organisations o ON o.municipality = s.municipality
	AND o.kind IN ('gemeente', 'stadsdeel')
WHERE (r.category_code IS NULL OR r.category_code = s.category_code
	OR substr(s.category_code, 1, length(r.category_code) + 1)
		= r.category_code || '/')
AND (r.area_code IS NULL OR r.area_code IN (s.buurt_code, s.wijk_code,
	s.gebied_code, s.stadsdeel_code, s.municipality))
AND EXISTS (
	SELECT 1 FROM organisation_areas oa
	WHERE oa.organisation_id = o.id
	AND oa.area_code IN (s.buurt_code, s.wijk_code, s.gebied_code,
			     s.stadsdeel_code, s.municipality));

-- No DISTINCT: an organisation two rules bring is listed twice, which
-- EXISTS and intake's ON CONFLICT DO NOTHING ignore, and without it both
-- planners push a signal's id down into the rules' join.
CREATE VIEW signal_responsible AS
SELECT signal_id, organisation_id FROM signal_routing;

CREATE VIEW signal_access AS
SELECT so.signal_id, so.organisation_id, 'contact' AS access
FROM signal_organisations so
WHERE EXISTS (
	SELECT 1 FROM signal_responsible r
	WHERE r.signal_id = so.signal_id
	AND r.organisation_id = so.organisation_id)
UNION ALL
SELECT ks.signal_id, kc.organisation_id,
	CASE WHEN kc.role IN ('regisseur', 'uitvoerder') THEN 'contact'
	ELSE 'work' END AS access
FROM kwestie_signals ks
JOIN kwestie_chain kc ON kc.kwestie_id = ks.kwestie_id;
