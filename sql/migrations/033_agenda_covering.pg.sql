-- 033: an agenda ranks its open kwesties from the index alone (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- SQLite only (033_agenda_covering.sql).  PostgreSQL proves "closed_at
-- IS NULL" from the partial index's own condition and ranks an agenda by
-- an index-only scan of the kwesties_open_* indexes of migration 010
-- (EXPLAIN at 1M signals: Heap Fetches 0).
SELECT 1;
