-- 006: who may see a signal follows the organisation as it is now.
-- SPDX-License-Identifier: EUPL-1.2
--
-- The rule lives here once, as two views that both dialects read alike.
--
-- signal_responsible: the organisations that answer for a signal today,
-- the municipality's own (kind gemeente or stadsdeel) that work in one of
-- the areas of its chain (buurt, wijk, gebied, stadsdeel, or the whole
-- municipality).  Intake links a new signal to exactly these.
--
-- signal_access: the links that still give access.  A link made at intake
-- stands only while its organisation still answers for the signal: when
-- the beheerder changes its kind or takes an area away, its members lose
-- the signal and its contact data at once; changed back, the link counts
-- again.  An organisation that answers for an area only later does not
-- reach the signals reported before (it was not told of them, and
-- widening an organisation must not open old contact data).  Links of the
-- chain of a kwestie (a later migration) will be added here by a UNION.
CREATE VIEW signal_responsible AS
SELECT s.id AS signal_id, o.id AS organisation_id
FROM signals s
JOIN organisations o ON o.municipality = s.municipality
WHERE o.kind IN ('gemeente', 'stadsdeel')
AND EXISTS (
	SELECT 1 FROM organisation_areas oa
	WHERE oa.organisation_id = o.id
	AND oa.area_code IN (s.buurt_code, s.wijk_code, s.gebied_code,
			     s.stadsdeel_code, s.municipality));

CREATE VIEW signal_access AS
SELECT so.signal_id, so.organisation_id, so.role
FROM signal_organisations so
WHERE EXISTS (
	SELECT 1 FROM signal_responsible r
	WHERE r.signal_id = so.signal_id
	AND r.organisation_id = so.organisation_id);
