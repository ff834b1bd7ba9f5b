-- 018: when a cached figure was last read by someone (issue 14 follow-up).
-- SPDX-License-Identifier: EUPL-1.2
--
-- The figures job counts ahead the scopes someone read in the last day.
-- It took the latest computed_at of a scope as that sign, and its own
-- counting writes computed_at: once read, a scope was counted every
-- quarter of an hour for ever.  read_at is written by readers only (at
-- most once an hour per entry, app/figures.c); the job keeps it as it is.
ALTER TABLE figures_cache ADD COLUMN read_at TEXT;
