-- 015: grades (rapportcijfers) of residents, and what the public figures
-- need that was not kept: a pseudonymous resident key at intake, the
-- population of an area, an organisation's choice to reopen on "nee".
-- SPDX-License-Identifier: EUPL-1.2
--
-- A grade is one person's judgement of a closed kwestie, or of a closed
-- signal that never joined a kwestie: a rapportcijfer 1-10, whether it is
-- solved (ja, deels, nee) and an optional comment.  person_key says who
-- without keeping who: the same keyed hash of a normalised e-mail address
-- that intake and support write (app/grade.c), or a hash of the tracking
-- token when the reporter left no address; one grade per person and
-- subject (grades_once), changeable for 14 days after created_at
-- (domain/grade.c).  The area chain, the topic and the organisation that
-- answered for it are copied at grading time, as on signals and kwesties,
-- so the figures of an area, a theme or an organisation are indexed
-- reads, and history does not move when a chain changes afterwards.
CREATE TABLE grades (
	id INTEGER PRIMARY KEY, -- sqlite-only
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	kwestie_id INTEGER REFERENCES kwesties (id) ON DELETE CASCADE,
	signal_id INTEGER REFERENCES signals (id) ON DELETE CASCADE,
	person_key TEXT NOT NULL,
	grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 10),
	solved TEXT NOT NULL CHECK (solved IN ('ja', 'deels', 'nee')),
	comment TEXT,
	buurt_code TEXT,
	wijk_code TEXT,
	gebied_code TEXT,
	stadsdeel_code TEXT,
	topic TEXT,
	organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	is_demo INTEGER NOT NULL DEFAULT 0,
	CHECK ((kwestie_id IS NULL) <> (signal_id IS NULL))
);
CREATE UNIQUE INDEX grades_once ON grades (coalesce(kwestie_id, 0),
	coalesce(signal_id, 0), person_key);
CREATE INDEX grades_by_time ON grades (municipality, created_at);
CREATE INDEX grades_by_org ON grades (organisation_id, created_at);

-- The invitation to grade, mailed when a kwestie or signal closes to the
-- reporters and followers who left an address: a one-time-per-person link
-- (hashed, base/token.h) that names the subject and the person_key; it may
-- be used again within the 14 days to change the grade.
CREATE TABLE grade_invites (
	token_hash TEXT PRIMARY KEY,
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	kwestie_id INTEGER REFERENCES kwesties (id) ON DELETE CASCADE,
	signal_id INTEGER REFERENCES signals (id) ON DELETE CASCADE,
	person_key TEXT NOT NULL,
	created_at TEXT NOT NULL,
	CHECK ((kwestie_id IS NULL) <> (signal_id IS NULL))
);
CREATE INDEX grade_invites_by_kwestie ON grade_invites (kwestie_id);
CREATE INDEX grade_invites_by_signal ON grade_invites (signal_id);

-- Reach counts unique residents.  Retention blanks signal_contacts; this
-- key (the hash kwestie_supporters.supporter_key is made of, so a resident
-- who reported and supported counts once) stays.
ALTER TABLE signals ADD COLUMN resident_key TEXT;

-- The number of inhabitants of an area (CBS Kerncijfers wijken en
-- buurten), where it was imported: figures per 1,000 inhabitants.
ALTER TABLE areas ADD COLUMN population INTEGER
	CHECK (population IS NULL OR population >= 0);
ALTER TABLE areas ADD COLUMN population_year INTEGER;

-- A "nee, niet opgelost" grade reopens the kwestie (or signal) for the
-- regisseur with the comment, when the regisseur's organisation chose so.
ALTER TABLE organisations ADD COLUMN reopen_on_nee INTEGER NOT NULL DEFAULT 0
	CHECK (reopen_on_nee IN (0, 1));
