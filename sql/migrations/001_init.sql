-- 001: municipalities, areas, categories and signals.
-- Dialect: shared by SQLite and PostgreSQL except where marked sqlite-only
-- (the PostgreSQL backend pairs this file with 001_init.pg.sql when it
-- lands).  Times are ISO 8601 UTC text written by the application.
-- Every record carries its municipality (CBS code, GM0363 = Amsterdam) so
-- one installation serves several and a deployment can shard by it.

CREATE TABLE municipalities (
	code TEXT PRIMARY KEY CHECK (length(code) = 6),
	name TEXT NOT NULL
);

CREATE TABLE areas (
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	code TEXT NOT NULL,
	level TEXT NOT NULL CHECK (level IN ('buurt', 'wijk', 'gebied', 'stadsdeel', 'gemeente')),
	name TEXT NOT NULL,
	parent_code TEXT,
	geometry TEXT, -- GeoJSON, WGS84 lon/lat
	PRIMARY KEY (municipality, code)
);
CREATE INDEX areas_by_level ON areas (municipality, level, name);

-- Category codes are paths: "afval" for a main category, "afval/grofvuil"
-- for a sub-category (Signalen's slugs alone are not unique: "overig").
CREATE TABLE categories (
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	code TEXT NOT NULL,
	parent_code TEXT,
	name TEXT NOT NULL,
	is_active INTEGER NOT NULL DEFAULT 1,
	position INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (municipality, code)
);

CREATE TABLE signals (
	id INTEGER PRIMARY KEY, -- sqlite-only: PostgreSQL uses an identity column
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	token TEXT NOT NULL UNIQUE, -- the private tracking link /m/<token>
	kind TEXT NOT NULL CHECK (kind IN ('melding', 'vraag', 'idee')),
	body TEXT NOT NULL,
	lat REAL,
	lon REAL,
	-- The area chain at the moment of reporting: area divisions change,
	-- history must not.
	buurt_code TEXT NOT NULL,
	wijk_code TEXT,
	gebied_code TEXT,
	stadsdeel_code TEXT,
	category_code TEXT,
	status TEXT NOT NULL DEFAULT 'gemeld',
	created_at TEXT NOT NULL,
	dedupe_key TEXT NOT NULL,
	is_demo INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX signals_by_dedupe ON signals (dedupe_key, created_at);
CREATE INDEX signals_by_area ON signals (municipality, buurt_code, created_at);

-- Contact data live apart from the signal, so that no public query can
-- reach them by accident; retention (a later issue) blanks this table.
CREATE TABLE signal_contacts (
	signal_id INTEGER PRIMARY KEY REFERENCES signals (id),
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	email TEXT,
	phone TEXT,
	age_band TEXT
);
