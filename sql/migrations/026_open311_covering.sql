-- 026: a request list of one service code reads indexes, not rows (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- An Open311 list of one service_code walks signals_by_category newest
-- first (store/open311.c).  Each of the page's 1,000 signals was then a
-- read of its row, somewhere in the table: at 10 million signals half of
-- a cold page (bench/RESULTS.md).  The index now holds every column the
-- list shows of a signal (not its text or point, which it never shows),
-- with the ids of migration 025, so the page is read from a few dozen
-- neighbouring index pages.  It replaces the index of migration 023 (the
-- same first columns, so every statement that used it still can): 1.8
-- instead of 1.1 GB at 10 million signals.  PostgreSQL keeps the index
-- of migration 023 (026_open311_covering.pg.sql says why).
DROP INDEX signals_by_category;
CREATE INDEX signals_by_category ON signals
	(municipality, category_code, created_at, id, is_demo, closed_at,
	token, kind, buurt_code, wijk_code, gebied_code, stadsdeel_code,
	status, outcome, first_kwestie, last_entry);

-- What the list reads for each request besides, by the same statement:
-- the regisseur of its first kwestie and the earliest due date of an open
-- promise, its own or its kwesties'.  Each read found its index entry and
-- then the row for the role, the organisation or the date (a random page
-- each, for most of a page of 1,000); these partial indexes hold them.
-- Small: one entry per kwestie taken up, one per open promise.
CREATE INDEX kwestie_chain_regisseur ON kwestie_chain
	(kwestie_id, role, organisation_id) WHERE role = 'regisseur';
CREATE INDEX promises_open_by_signal ON promises (signal_id, status, due)
	WHERE status = 'open';
CREATE INDEX promises_open_by_kwestie ON promises (kwestie_id, status, due)
	WHERE status = 'open';
