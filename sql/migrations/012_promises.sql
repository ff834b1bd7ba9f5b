-- 012: promises to residents and the public timeline.
-- SPDX-License-Identifier: EUPL-1.2
--
-- The timeline is what residents read of a signal or a kwestie: every
-- change (status, level, chain, promise, outcome) as a dated entry, in
-- words for residents.  It replaces kwestie_history (010), whose rows it
-- takes over, and is kept apart from the audit log: the audit log names
-- people and is read by professionals; the timeline never names a person,
-- only the organisation (actor).  message is a text a professional wrote
-- for residents; without one, readers see the template of kind, in their
-- own language (app/timeline.c).
CREATE TABLE timeline (
	id INTEGER PRIMARY KEY, -- sqlite-only
	kwestie_id INTEGER REFERENCES kwesties (id) ON DELETE CASCADE,
	signal_id INTEGER REFERENCES signals (id) ON DELETE CASCADE,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,	-- the organisation's name, never an e-mail
	kind TEXT NOT NULL,	-- created, status, level, chain, signal, promise, ...
	from_value TEXT,
	to_value TEXT,
	reason TEXT,
	subject TEXT,		-- promise entries: what is promised
	message TEXT,		-- for residents, written by the professional
	promise_id INTEGER,
	CHECK ((kwestie_id IS NULL) <> (signal_id IS NULL))
);
CREATE INDEX timeline_by_kwestie ON timeline (kwestie_id, id);
CREATE INDEX timeline_by_signal ON timeline (signal_id, id);
INSERT INTO timeline (kwestie_id, at, actor, kind, from_value, to_value,
		      reason)
	SELECT kwestie_id, at, actor, what, from_value, to_value, reason
	FROM kwestie_history ORDER BY id;
DROP TABLE kwestie_history;
-- Signals of before this migration get the entry intake writes now.
INSERT INTO timeline (signal_id, at, actor, kind)
	SELECT id, created_at, 'wijkagenda', 'received' FROM signals ORDER BY id;

-- A promise (toezegging): what will happen, which organisation of the
-- chain does it, by when.  due is a date in Europe/Amsterdam: the promise
-- is kept when it is done on or before that day; late is computed from
-- due and the clock (domain/calendar.c), never stored.  workdays: the
-- number of working days it was given as, when it was.  A changed
-- promise (gewijzigd) keeps its row, with the reason in explanation, and
-- the new date is a new open row whose replaces names it: the old
-- promise stays visible.
CREATE TABLE promises (
	id INTEGER PRIMARY KEY, -- sqlite-only
	municipality TEXT NOT NULL REFERENCES municipalities (code),
	kwestie_id INTEGER REFERENCES kwesties (id) ON DELETE CASCADE,
	signal_id INTEGER REFERENCES signals (id) ON DELETE CASCADE,
	organisation_id INTEGER NOT NULL REFERENCES organisations (id),
	what TEXT NOT NULL,
	made_on TEXT NOT NULL,	-- YYYY-MM-DD, Amsterdam
	due TEXT NOT NULL,	-- YYYY-MM-DD, Amsterdam
	workdays INTEGER,
	category_code TEXT,	-- for "similar promises"
	status TEXT NOT NULL DEFAULT 'open'
		CHECK (status IN ('open', 'gehaald', 'niet_gehaald', 'gewijzigd')),
	done_on TEXT,		-- gehaald: YYYY-MM-DD
	explanation TEXT,	-- niet_gehaald, gewijzigd: why
	replaces INTEGER REFERENCES promises (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	CHECK ((kwestie_id IS NULL) <> (signal_id IS NULL)),
	CHECK ((status = 'gehaald') = (done_on IS NOT NULL)),
	CHECK (status IN ('open', 'gehaald') OR explanation IS NOT NULL)
);
CREATE INDEX promises_by_kwestie ON promises (kwestie_id, id);
CREATE INDEX promises_by_signal ON promises (signal_id, id);
CREATE INDEX promises_by_org ON promises (organisation_id, status, due);

-- The norm of a category: in how many working days a resident may
-- expect an answer (the acknowledgement mail and the confirmation page
-- say "by when" from it and the calendar).  NULL: no norm.
ALTER TABLE categories ADD COLUMN norm_workdays INTEGER
	CHECK (norm_workdays IS NULL OR (norm_workdays >= 0 AND norm_workdays <= 365));
