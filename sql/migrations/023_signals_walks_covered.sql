-- 023: the Open311 list's walks read their index alone, and the demo rows have one (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- The request list walks signals_by_category (one service_code) or
-- signals_by_created (the rest) newest first and keeps the rows of its
-- municipality, that are not demo rows (unless the installation shows
-- them) and that are open or closed as asked (store/open311.c).  Those
-- columns were in the table alone, so the walk read each signal's row for
-- them: a page of 1,000 was 1,000 random row reads before the page's own
-- reads of the same rows (bench/RESULTS.md, issue 16).  With them in the
-- index the walk reads the index alone.
DROP INDEX signals_by_category;
CREATE INDEX signals_by_category ON signals
	(municipality, category_code, created_at, id, is_demo, closed_at);
DROP INDEX signals_by_created;
CREATE INDEX signals_by_created ON signals
	(created_at, id, municipality, is_demo, closed_at);
-- The category suggestion learns from demo signals while a municipality
-- has fewer than 200 confirmed categories (app/suggest.c); with no demo
-- signals at all its query walked every signal for is_demo = 1, every
-- minute until there were 200 (10M signals: most of a core).  Demo rows
-- are few: an index of them alone.
CREATE INDEX signals_demo ON signals (municipality, id) WHERE is_demo = 1;
