-- 029: the figures of an area read by the indexes of its level (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- The figures of an area (store/figures.c) count its grades, the
-- kwesties made and closed in the period and their supporters by the
-- area chain copied onto each row.  They asked for the area as
-- `$4 IN (buurt_code, wijk_code, gebied_code, stadsdeel_code)`, which
-- no index serves: every such read walked the whole city's period
-- (grades by grades_by_time), so an area's first count grew with the
-- city, not with the area.  Now each level has its statements
-- (`g.wijk_code = $4`) and these indexes.  The kwesties' columns here
-- do not change after a kwestie is made (its status, ranking and
-- closing do not touch them); grades are written once per person and
-- subject.  At 10 million signals a wijk's first count went from 24.9 s
-- to 2.1 s (bench/RESULTS.md, nineteenth sitting).
CREATE INDEX grades_by_buurt ON grades (municipality, buurt_code, created_at);
CREATE INDEX grades_by_wijk ON grades (municipality, wijk_code, created_at);
CREATE INDEX grades_by_gebied ON grades (municipality, gebied_code, created_at);
CREATE INDEX grades_by_stadsdeel ON grades (municipality, stadsdeel_code,
	created_at);
CREATE INDEX kwesties_by_buurt ON kwesties (municipality, buurt_code,
	created_at);
CREATE INDEX kwesties_by_wijk ON kwesties (municipality, wijk_code, created_at);
CREATE INDEX kwesties_by_gebied ON kwesties (municipality, gebied_code,
	created_at);
CREATE INDEX kwesties_by_stadsdeel ON kwesties (municipality, stadsdeel_code,
	created_at);

-- An area's signals closed in the period, by buurt (a signal enters
-- when it is closed: intake does not write here), and the period's
-- promises on signals (those on kwesties are found by the kwesties).
CREATE INDEX signals_closed_by_buurt ON signals (municipality, buurt_code,
	closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX promises_on_signals ON promises (municipality, made_on)
	WHERE signal_id IS NOT NULL;
