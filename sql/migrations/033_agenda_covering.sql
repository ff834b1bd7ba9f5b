-- 033: an agenda ranks its open kwesties from the index alone (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- The agenda of an area (store/kwestie.c, AGENDA_TOP) ranks the open
-- kwesties of its range by the kwesties_open_* indexes of migration 010,
-- which end in the ranking and hold only open kwesties (WHERE closed_at
-- IS NULL).  The statement says "closed_at IS NULL" too (that is what
-- lets SQLite take a partial index), and SQLite 3.40 then reads each
-- kwestie's row of the range for that column: a buurt with 600 open
-- kwesties read 600 rows to show 50.  With closed_at in the index (always
-- NULL there: a byte an entry) the ranking reads the index alone.
-- PostgreSQL knows the index's condition and already read it alone
-- (033_agenda_covering.pg.sql).
DROP INDEX kwesties_open_area;
CREATE INDEX kwesties_open_area ON kwesties (municipality, area_code,
	urgency, residents, updated_at, id, closed_at) WHERE closed_at IS NULL;
DROP INDEX kwesties_open_buurt;
CREATE INDEX kwesties_open_buurt ON kwesties (municipality, buurt_code,
	level_rank, urgency, residents, updated_at, id, closed_at)
	WHERE closed_at IS NULL;
DROP INDEX kwesties_open_wijk;
CREATE INDEX kwesties_open_wijk ON kwesties (municipality, wijk_code,
	level_rank, urgency, residents, updated_at, id, closed_at)
	WHERE closed_at IS NULL;
DROP INDEX kwesties_open_gebied;
CREATE INDEX kwesties_open_gebied ON kwesties (municipality, gebied_code,
	level_rank, urgency, residents, updated_at, id, closed_at)
	WHERE closed_at IS NULL;
DROP INDEX kwesties_open_stadsdeel;
CREATE INDEX kwesties_open_stadsdeel ON kwesties (municipality,
	stadsdeel_code, level_rank, urgency, residents, updated_at, id,
	closed_at) WHERE closed_at IS NULL;
DROP INDEX kwesties_open_rank;
CREATE INDEX kwesties_open_rank ON kwesties (municipality, level_rank,
	urgency, residents, updated_at, id, closed_at) WHERE closed_at IS NULL;
