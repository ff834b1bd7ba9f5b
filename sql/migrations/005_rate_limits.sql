-- 005: rate limits shared by server instances.
-- SPDX-License-Identifier: EUPL-1.2
--
-- One token bucket per limiter and key.  The key is a hash of the
-- client address or e-mail address, never the address itself.  Only
-- PostgreSQL installations use the table (several instances must count
-- together); one SQLite instance keeps its buckets in memory, and the table
-- stays empty there.  at_s is the database server's clock in seconds, so
-- instances with slightly different clocks agree.
CREATE TABLE rate_buckets (
	name TEXT NOT NULL,
	key_hash TEXT NOT NULL,
	tokens REAL NOT NULL,
	allowed INTEGER NOT NULL,
	at_s REAL NOT NULL,
	PRIMARY KEY (name, key_hash)
);
