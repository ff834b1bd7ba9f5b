-- 008: periodic jobs run once across instances.
-- SPDX-License-Identifier: EUPL-1.2
--
-- One row per job.  An instance runs a job only when it moves due_at
-- forward itself: one UPDATE ... WHERE due_at <= now, which on PostgreSQL
-- waits for a concurrent claim's row lock and then finds the condition no
-- longer true, so two instances never both run it (src/store/jobs.c).
-- The times are UTC text as elsewhere; last_* say what the last run did,
-- for people (the audit log keeps every run).
CREATE TABLE job_runs (
	name TEXT PRIMARY KEY,
	due_at TEXT NOT NULL,
	claimed_by TEXT,
	last_run_at TEXT,
	last_result TEXT
);
