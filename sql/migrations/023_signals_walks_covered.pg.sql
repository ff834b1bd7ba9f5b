-- 023: the Open311 list's walks read their index alone, and the demo rows have one (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- As 023_signals_walks_covered.sql; PostgreSQL carries the columns the
-- walk only filters on as INCLUDE columns (an index-only scan, where the
-- visibility map allows one), the order of the keys unchanged.
DROP INDEX signals_by_category;
CREATE INDEX signals_by_category ON signals
	(municipality, category_code, created_at, id) INCLUDE (is_demo, closed_at);
DROP INDEX signals_by_created;
CREATE INDEX signals_by_created ON signals
	(created_at, id) INCLUDE (municipality, is_demo, closed_at);
-- The category suggestion learns from demo signals while a municipality
-- has fewer than 200 confirmed categories (app/suggest.c); with no demo
-- signals at all its query walked every signal for is_demo = 1, every
-- minute until there were 200 (10M signals: most of a core).  Demo rows
-- are few: an index of them alone.
CREATE INDEX signals_demo ON signals (municipality, id) WHERE is_demo = 1;
