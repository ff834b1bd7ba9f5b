-- 005: rate limits shared by server instances (PostgreSQL pair of
-- 005_rate_limits.sql, which says why).
-- SPDX-License-Identifier: EUPL-1.2
CREATE TABLE rate_buckets (
	name TEXT NOT NULL,
	key_hash TEXT NOT NULL,
	tokens DOUBLE PRECISION NOT NULL,
	allowed INTEGER NOT NULL,
	at_s DOUBLE PRECISION NOT NULL,
	PRIMARY KEY (name, key_hash)
);
