-- 002: organisations, professional accounts and roles, sessions, one-time
-- tokens (invitations, password resets, residents' magic links), API keys,
-- the audit log, the mail outbox, and which organisations are involved in
-- a signal (who may see the resident's contact data).
-- Dialect: shared by SQLite and PostgreSQL except where marked.

CREATE TABLE organisations (
	id INTEGER PRIMARY KEY, -- sqlite-only: identity column on PostgreSQL
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('gemeente', 'stadsdeel',
		'woningcorporatie', 'welzijn', 'zorg', 'politie', 'onderwijs',
		'bewonersorganisatie', 'ondernemers', 'overig')),
	kvk TEXT CHECK (kvk IS NULL OR length(kvk) = 8),
	is_demo INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (municipality, name)
);

-- The areas where an organisation works (any level).
CREATE TABLE organisation_areas (
	organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	municipality TEXT NOT NULL,
	area_code TEXT NOT NULL,
	PRIMARY KEY (organisation_id, area_code),
	FOREIGN KEY (municipality, area_code) REFERENCES areas (municipality, code)
);

CREATE TABLE accounts (
	id INTEGER PRIMARY KEY, -- sqlite-only
	email TEXT NOT NULL UNIQUE, -- lower case
	name TEXT NOT NULL DEFAULT '',
	password_hash TEXT, -- argon2id (libsodium string); NULL until set
	is_admin INTEGER NOT NULL DEFAULT 0, -- platform-wide beheerder
	is_demo INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	disabled_at TEXT
);

CREATE TABLE memberships (
	account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
	organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('medewerker', 'coordinator')),
	created_at TEXT NOT NULL,
	PRIMARY KEY (account_id, organisation_id)
);

-- Sessions live in the database so several server instances share them.
-- The cookie holds a random token; only its hash is stored.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
	resident_email TEXT, -- a resident's "mijn meldingen" session
	csrf TEXT NOT NULL,
	created_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at TEXT NOT NULL, -- absolute timeout
	CHECK ((account_id IS NULL) <> (resident_email IS NULL))
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- One-time tokens sent by mail; only the hash is stored.
CREATE TABLE tokens (
	token_hash TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('password', 'invite', 'magic')),
	email TEXT NOT NULL,
	account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
	organisation_id INTEGER REFERENCES organisations (id) ON DELETE CASCADE,
	role TEXT,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at TEXT
);
CREATE INDEX tokens_by_email ON tokens (email, kind);

CREATE TABLE api_keys (
	id INTEGER PRIMARY KEY, -- sqlite-only
	organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	prefix TEXT NOT NULL UNIQUE, -- shown to people, to tell keys apart
	key_hash TEXT NOT NULL,
	scopes TEXT NOT NULL, -- space-separated
	created_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at TEXT
);

-- Append-only: who did what to which record, and every view of a
-- resident's contact data.  Triggers refuse changes (sqlite-only syntax;
-- PostgreSQL gets rules or REVOKE in its paired file).
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY, -- sqlite-only
	at TEXT NOT NULL,
	actor_account_id INTEGER,
	actor_api_key_id INTEGER,
	actor_label TEXT NOT NULL, -- e-mail or key prefix at the time
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_by_entity ON audit_log (entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE outbox (
	id INTEGER PRIMARY KEY, -- sqlite-only
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	sent_at TEXT,
	last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);

-- Organisations involved in a signal: their professionals may see the
-- resident's contact data (each view is logged).
CREATE TABLE signal_organisations (
	signal_id INTEGER NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
	organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	role TEXT NOT NULL DEFAULT 'betrokken',
	PRIMARY KEY (signal_id, organisation_id)
);
CREATE INDEX signal_organisations_by_org ON signal_organisations (organisation_id, signal_id);
-- Residents find their signals by e-mail address ("mijn meldingen").
CREATE INDEX signal_contacts_by_email ON signal_contacts (lower(email));

-- When the signal was closed, for the retention job (a later issue sets it
-- through the status workflow).
ALTER TABLE signals ADD COLUMN closed_at TEXT;
ALTER TABLE signal_contacts ADD COLUMN anonymised_at TEXT;
