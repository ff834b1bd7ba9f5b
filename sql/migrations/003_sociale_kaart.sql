-- 003: the social map (sociale kaart): services of organisations, where
-- they work (areas at any scale level), for whom and on what (taxonomy
-- terms: doelgroep, thema), what a resident may expect (service norm), and
-- when the owner last confirmed it.  Open Referral HSDS 3.0 is the
-- exchange format: the fields we model are columns; every other field of
-- an imported HSDS object is kept verbatim in hsds_extra (JSON), so an
-- import followed by an export loses nothing.
-- Dialect: shared except where marked sqlite-only.

ALTER TABLE organisations ADD COLUMN uuid TEXT;
ALTER TABLE organisations ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN website TEXT;
ALTER TABLE organisations ADD COLUMN email TEXT;
ALTER TABLE organisations ADD COLUMN confirmed_at TEXT;
ALTER TABLE organisations ADD COLUMN hsds_extra TEXT NOT NULL DEFAULT '{}';
CREATE UNIQUE INDEX organisations_by_uuid ON organisations (uuid);

CREATE TABLE services (
	id INTEGER PRIMARY KEY, -- sqlite-only: identity column on PostgreSQL
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	uuid TEXT NOT NULL UNIQUE, -- the HSDS id
	organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	alternate_name TEXT,
	description TEXT NOT NULL DEFAULT '',
	url TEXT,
	email TEXT,
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active',
		'inactive', 'defunct', 'temporarily closed')),
	eligibility_description TEXT, -- for whom
	application_process TEXT,     -- how to reach it
	fees_description TEXT,	      -- what it costs, in words
	cost TEXT CHECK (cost IS NULL OR cost IN ('gratis', 'eigen bijdrage', 'betaald')),
	languages TEXT NOT NULL DEFAULT 'nl', -- ISO 639-1 codes, space-separated
	opening_hours TEXT,	      -- in words, for people
	phone TEXT,
	address TEXT,
	postal_code TEXT,
	city TEXT,
	latitude REAL,
	longitude REAL,
	-- wijkagenda extension of HSDS: what a resident may expect
	norm_days INTEGER CHECK (norm_days IS NULL OR (norm_days >= 0 AND norm_days <= 365)),
	norm_text TEXT,
	confirmed_at TEXT NOT NULL, -- freshness: last confirmed by the owner
	reminded_at TEXT,	    -- last freshness reminder mailed
	hsds_extra TEXT NOT NULL DEFAULT '{}',
	is_demo INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX services_by_org ON services (organisation_id);
CREATE INDEX services_by_confirmed ON services (municipality, confirmed_at);

-- Where a service works: areas of any level (a buurt, a wijk, a
-- stadsdeel, or the whole gemeente).
CREATE TABLE service_areas (
	service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
	municipality TEXT NOT NULL,
	area_code TEXT NOT NULL,
	PRIMARY KEY (service_id, area_code),
	FOREIGN KEY (municipality, area_code) REFERENCES areas (municipality, code)
);
CREATE INDEX service_areas_by_area ON service_areas (municipality, area_code);

CREATE TABLE taxonomies (
	id INTEGER PRIMARY KEY, -- sqlite-only
	uuid TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	uri TEXT,
	version TEXT
);

-- Target groups (doelgroep), themes (thema) and any imported vocabulary.
CREATE TABLE taxonomy_terms (
	id INTEGER PRIMARY KEY, -- sqlite-only
	uuid TEXT NOT NULL UNIQUE,
	taxonomy_id INTEGER REFERENCES taxonomies (id) ON DELETE CASCADE,
	code TEXT,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	parent_uuid TEXT,
	hsds_extra TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX taxonomy_terms_by_code ON taxonomy_terms (taxonomy_id, code);

CREATE TABLE service_terms (
	service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
	term_id INTEGER NOT NULL REFERENCES taxonomy_terms (id) ON DELETE CASCADE,
	PRIMARY KEY (service_id, term_id)
);

-- Full-text search in Dutch (text/fts_dutch.c).  rowid = services.id; the
-- store keeps it in step with services (no triggers, so the PostgreSQL
-- backend can use its own tsvector column instead).  sqlite-only.
CREATE VIRTUAL TABLE services_fts USING fts5(name, description, eligibility,
	organisation, terms, tokenize = 'dutch');

-- Where each field of a merged organisation came from (partner
-- inventory): one row per field per source list.
CREATE TABLE organisation_sources (
	organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	source TEXT NOT NULL,	 -- e.g. the list's file name or district
	field TEXT NOT NULL,
	value TEXT,
	recorded_at TEXT NOT NULL,
	PRIMARY KEY (organisation_id, source, field)
);
