-- 013: placeholder for the calendar helper's migration (closing days);
-- the lead replaces it at merge.  The runner needs contiguous numbers,
-- and PostgreSQL refuses a script of comments only, hence the no-op.
SELECT 1;
