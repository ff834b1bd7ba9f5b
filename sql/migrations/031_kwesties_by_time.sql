-- 031: the gemeente's kwesties by when they were made and closed (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- The figures of the gemeente (store/figures.c) count every kwestie of
-- the municipality made in the period (their levels) and closed in it
-- (their outcomes).  The indexes of migration 029 each start with a
-- level's code; without one by time each such count walked every
-- kwestie of the municipality (a million at 10 million signals: 4.2 s
-- for the outcomes).  A kwestie is closed once, or reopened and closed
-- again: only closed ones are in the second index.
CREATE INDEX kwesties_by_time ON kwesties (municipality, created_at);
CREATE INDEX kwesties_closed ON kwesties (municipality, closed_at)
	WHERE closed_at IS NOT NULL;
