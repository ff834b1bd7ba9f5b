-- 010: kwesties, the chain of parties, triage and support.
-- SPDX-License-Identifier: EUPL-1.2
--
-- A kwestie is what professionals tackle: one or more signals of
-- residents, on the agenda of an area, at a scale level, by a chain of
-- organisations.  The rules of its life (src/domain/kwestie.c) hold in the
-- use cases; what SQL can say is said here as well, so that no path into
-- the database can break it: one regisseur per kwestie (a partial unique
-- index), a closed kwestie has an outcome and an open one has none,
-- "dubbel" names the other kwestie.
--
-- The area chain (buurt .. stadsdeel) of the kwestie's area is copied onto
-- the row, as for signals, so that an agenda of any level is one indexed
-- read: a stadsdeel's agenda is WHERE stadsdeel_code = $1.
CREATE TABLE kwesties (
	id INTEGER PRIMARY KEY, -- sqlite-only: identity column on PostgreSQL
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	title TEXT NOT NULL,
	description TEXT NOT NULL,
	area_code TEXT NOT NULL,
	area_level TEXT NOT NULL,
	buurt_code TEXT,
	wijk_code TEXT,
	gebied_code TEXT,
	stadsdeel_code TEXT,
	lat REAL,		-- a point for "is het dit?" (the first signal's)
	lon REAL,
	theme TEXT,		-- a term code of the social map's "thema"
	category_code TEXT,	-- the category of the first signal
	-- What the roll-up counts: the theme, else the main category.
	topic TEXT NOT NULL,
	level TEXT NOT NULL CHECK (level IN ('buurt', 'wijk', 'gebied',
		'stadsdeel', 'gemeente', 'regio', 'rijk')),
	level_rank INTEGER NOT NULL CHECK (level_rank BETWEEN 0 AND 6),
	level_reason TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'nieuw' CHECK (status IN ('nieuw',
		'opgepakt', 'in_uitvoering', 'doorgezet', 'geparkeerd',
		'afgerond')),
	outcome TEXT CHECK (outcome IS NULL OR outcome IN ('opgelost',
		'deels_opgelost', 'niet_op_dit_niveau', 'geen_actie_nodig',
		'dubbel')),
	duplicate_of INTEGER REFERENCES kwesties (id),
	merged_into INTEGER REFERENCES kwesties (id),
	forwarded_to TEXT,	-- doorgezet: to which level or party
	park_until TEXT,	-- geparkeerd: the date to look again
	park_reason TEXT,
	urgency INTEGER NOT NULL DEFAULT 0 CHECK (urgency BETWEEN 0 AND 2),
	residents INTEGER NOT NULL DEFAULT 0, -- signals plus supporters
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	closed_at TEXT,
	is_demo INTEGER NOT NULL DEFAULT 0,
	FOREIGN KEY (municipality, area_code) REFERENCES areas (municipality, code),
	CHECK ((status = 'afgerond') = (outcome IS NOT NULL)),
	CHECK ((status = 'afgerond') = (closed_at IS NOT NULL)),
	CHECK (outcome IS NULL OR outcome <> 'dubbel' OR duplicate_of IS NOT NULL),
	CHECK (duplicate_of IS NULL OR duplicate_of <> id),
	CHECK (merged_into IS NULL OR merged_into <> id)
);
-- The agenda of an area of level L holds its own open kwesties and the
-- open kwesties of the areas inside it that are tackled at level L or
-- above: two indexed reads per agenda (store/kwestie.c).  Each index ends
-- in the ranking (urgency, residents, updated_at, id), so the agenda
-- ranks a range of hundreds of open kwesties from the index alone and
-- reads only the rows it shows (bench/RESULTS.md, issue 12's figures).
CREATE INDEX kwesties_open_area ON kwesties (municipality, area_code,
	urgency, residents, updated_at, id) WHERE closed_at IS NULL;
CREATE INDEX kwesties_open_buurt ON kwesties (municipality, buurt_code,
	level_rank, urgency, residents, updated_at, id) WHERE closed_at IS NULL;
CREATE INDEX kwesties_open_wijk ON kwesties (municipality, wijk_code,
	level_rank, urgency, residents, updated_at, id) WHERE closed_at IS NULL;
CREATE INDEX kwesties_open_gebied ON kwesties (municipality, gebied_code,
	level_rank, urgency, residents, updated_at, id) WHERE closed_at IS NULL;
CREATE INDEX kwesties_open_stadsdeel ON kwesties (municipality, stadsdeel_code,
	level_rank, urgency, residents, updated_at, id) WHERE closed_at IS NULL;
CREATE INDEX kwesties_open_rank ON kwesties (municipality, level_rank,
	urgency, residents, updated_at, id) WHERE closed_at IS NULL;
CREATE INDEX kwesties_park ON kwesties (park_until) WHERE status = 'geparkeerd';

-- The roll-up: how many open kwesties of each topic each buurt has, kept
-- by the store in the transaction that opens or closes one, so that a
-- stadsdeel or the city sees "speelt in 7 buurten" without counting
-- every kwestie on every read.
CREATE TABLE kwestie_topics (
	municipality TEXT NOT NULL,
	topic TEXT NOT NULL,
	buurt_code TEXT NOT NULL,
	wijk_code TEXT,
	gebied_code TEXT,
	stadsdeel_code TEXT,
	open INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (municipality, buurt_code, topic)
);
CREATE INDEX kwestie_topics_wijk ON kwestie_topics (municipality, wijk_code);
CREATE INDEX kwestie_topics_gebied ON kwestie_topics (municipality, gebied_code);
CREATE INDEX kwestie_topics_stadsdeel ON kwestie_topics (municipality, stadsdeel_code);

-- The chain: who does what.  Exactly one regisseur once the kwestie is
-- taken up (status beyond nieuw): "at most one" is this index, "at least
-- one" is checked inside the write transaction (store/kwestie.c).
CREATE TABLE kwestie_chain (
	kwestie_id INTEGER NOT NULL REFERENCES kwesties (id) ON DELETE CASCADE,
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	role TEXT NOT NULL CHECK (role IN ('regisseur', 'uitvoerder',
		'financier', 'betrokken')),
	PRIMARY KEY (kwestie_id, organisation_id)
);
CREATE UNIQUE INDEX kwestie_chain_one_regisseur ON kwestie_chain (kwestie_id)
	WHERE role = 'regisseur';
CREATE INDEX kwestie_chain_by_org ON kwestie_chain (organisation_id, kwestie_id);

-- The signals behind a kwestie.  A signal may be in two (a split: it held
-- two problems).
CREATE TABLE kwestie_signals (
	kwestie_id INTEGER NOT NULL REFERENCES kwesties (id) ON DELETE CASCADE,
	signal_id INTEGER NOT NULL REFERENCES signals (id),
	linked_at TEXT NOT NULL,
	PRIMARY KEY (kwestie_id, signal_id)
);
CREATE INDEX kwestie_signals_by_signal ON kwestie_signals (signal_id, kwestie_id);

-- What happened to a kwestie, for people: status and level changes with
-- their reasons and who did it, the chain, merges.  The audit log keeps
-- the same and more, for the beheerder.
CREATE TABLE kwestie_history (
	id INTEGER PRIMARY KEY, -- sqlite-only
	kwestie_id INTEGER NOT NULL REFERENCES kwesties (id) ON DELETE CASCADE,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,	-- the organisation's name, never an e-mail
	what TEXT NOT NULL,	-- created, status, level, chain, signal, merged, ...
	from_value TEXT,
	to_value TEXT,
	reason TEXT
);
CREATE INDEX kwestie_history_by_kwestie ON kwestie_history (kwestie_id, id);

-- "Ik heb hier ook last van": one row per resident and kwestie.  The key
-- is a keyed hash of the normalised e-mail address, or of the client
-- address when none was given; the address itself is not kept here.
CREATE TABLE kwestie_supporters (
	kwestie_id INTEGER NOT NULL REFERENCES kwesties (id) ON DELETE CASCADE,
	supporter_key TEXT NOT NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (kwestie_id, supporter_key)
);

-- Residents who follow a kwestie or an area by e-mail.  Confirmed by a
-- link first (confirm_hash, spent on use); tokens are stored hashed
-- (base/token.h), as every one-time link.
CREATE TABLE followers (
	id INTEGER PRIMARY KEY, -- sqlite-only
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	kwestie_id INTEGER REFERENCES kwesties (id) ON DELETE CASCADE,
	area_code TEXT,
	email TEXT NOT NULL,
	confirm_hash TEXT UNIQUE,
	created_at TEXT NOT NULL,
	confirmed_at TEXT,
	CHECK ((kwestie_id IS NULL) <> (area_code IS NULL))
);
CREATE UNIQUE INDEX followers_once ON followers (coalesce(kwestie_id, 0),
	coalesce(area_code, ''), email);

-- Every mail to a follower carries an unsubscribe link with a token of its
-- own, kept here (hashed) for as long as the follower is: a link in an
-- old mail still works, and a new mail never needs an old secret.
CREATE TABLE follower_tokens (
	token_hash TEXT PRIMARY KEY,
	follower_id INTEGER NOT NULL REFERENCES followers (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL
);
CREATE INDEX follower_tokens_by_follower ON follower_tokens (follower_id);

-- Triage: an organisation that says "not for us" with a reason; the
-- signal stays in triage for the others.
CREATE TABLE signal_declines (
	signal_id INTEGER NOT NULL REFERENCES signals (id),
	organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	reason TEXT NOT NULL,
	at TEXT NOT NULL,
	PRIMARY KEY (signal_id, organisation_id)
);

-- A signal closed without a kwestie has an outcome too; one in a kwestie
-- takes its kwestie's.
ALTER TABLE signals ADD COLUMN outcome TEXT;
-- Triage reads the open signals in no kwestie, oldest first.  Such a
-- signal has the status 'gemeld' (a signal takes its kwestie's status,
-- and 'gemeld' again when it leaves its last one: store/kwestie.c), so
-- triage reads this short list instead of every open signal.
CREATE INDEX signals_triage ON signals (id)
	WHERE status = 'gemeld' AND closed_at IS NULL;

-- Access to a signal now also follows the chains of its kwesties:
-- every organisation in the chain works on its signals (signal.work);
-- the resident's contact data only the regisseur and the uitvoerders
-- (signal.contact), and the organisations that answer for the signal
-- as before (migration 006).  UNION ALL, not UNION: an organisation may
-- appear twice (readers say DISTINCT where it matters), and SQLite pushes
-- a reader's WHERE (one signal, one organisation) into each half of a
-- UNION ALL, where a UNION would be computed whole first.
DROP VIEW signal_access;
CREATE VIEW signal_access AS
SELECT so.signal_id, so.organisation_id, 'contact' AS access
FROM signal_organisations so
WHERE EXISTS (
	SELECT 1 FROM signal_responsible r
	WHERE r.signal_id = so.signal_id
	AND r.organisation_id = so.organisation_id)
UNION ALL
SELECT ks.signal_id, kc.organisation_id,
	CASE WHEN kc.role IN ('regisseur', 'uitvoerder') THEN 'contact'
	ELSE 'work' END AS access
FROM kwestie_signals ks
JOIN kwestie_chain kc ON kc.kwestie_id = ks.kwestie_id;
