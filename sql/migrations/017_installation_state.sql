-- 017: what one installation keeps about itself (issue 14 follow-up).
-- SPDX-License-Identifier: EUPL-1.2
--
-- resident_keys: the fingerprint of the installation secret that the
-- pseudonymous keys (signals.resident_key and dedupe_key,
-- grades.person_key, grade_invites.person_key,
-- kwestie_supporters.supporter_key) are keyed with (app/resident.c).
-- Absent until the keys made before the secret existed are keyed once; a
-- different fingerprint means the installation runs with another secret
-- than its keys were made with, and it refuses to start.
-- resident_secret: the secret itself, only for an installation that
-- keeps it in the database (PostgreSQL without --secret-file); NULL when
-- it lives in a file beside the data, as it should.  The table starts
-- empty, so a new database is empty for migrate-data.
CREATE TABLE installation_state (
	name TEXT PRIMARY KEY,
	value TEXT
);
