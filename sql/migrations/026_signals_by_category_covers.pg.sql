-- 026: a request list of one service code reads its index alone (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- SQLite only (026_signals_by_category_covers.sql).  PostgreSQL keeps
-- signals_by_category of migration 023: with last_entry in it, the
-- update of the signal row by the received entry of every report (the
-- trigger of migration 025) could no longer be a HOT update and would
-- write a new entry in every index of signals; and an index-only scan
-- reads the heap anyway for rows written since the last VACUUM.
SELECT 1;
