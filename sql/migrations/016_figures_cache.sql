-- 016: the cache of the public figures (cijfers, issue 14).
-- SPDX-License-Identifier: EUPL-1.2
--
-- The figures of the whole city over a year read every signal of that
-- year (a million in the benchmark: seconds, bench/RESULTS.md), too slow
-- for a page.  So an answer is kept per scope and period with the moment
-- it was computed (computed_at, shown on the pages and in the JSON): it
-- is served while younger than the maximum age (app/figures.c), a
-- request after that computes it again, and the figures job
-- (jobs/figures.c) computes the default period of the city and of the
-- stadsdelen that were read in the last day before their entry ends, so
-- their visitors do not wait, and drops entries a day old.  body is the
-- JSON answer.
CREATE TABLE figures_cache (
	municipality TEXT NOT NULL,
	scope_kind TEXT NOT NULL,
	scope_code TEXT NOT NULL,
	period_from TEXT NOT NULL,
	period_to TEXT NOT NULL,
	computed_at TEXT NOT NULL,
	body TEXT NOT NULL,
	PRIMARY KEY (municipality, scope_kind, scope_code, period_from, period_to)
);
CREATE INDEX figures_cache_by_age ON figures_cache (computed_at);
