-- 012: PLACEHOLDER on the calendar branch only.  The lead's migration 012
-- (promises, timeline, notification preferences, ...) replaces this file
-- at merge.  The runner needs contiguous numbers (src/store/migrate.c:
-- "migration NNN is missing"), so 013 needs a 012 to follow.  One
-- statement, not only a comment: PostgreSQL answers an empty query with
-- PGRES_EMPTY_QUERY, which db_exec counts as an error.
SELECT 1;
