-- 028: the newest entry's words beside its id (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- An Open311 list shows of each request its newest timeline entry (the
-- words of its status_notes and when it was updated).  Migration 027
-- keeps the entry's id on the signal (own_entry) and on its kwestie
-- (last_entry); the list then read the entry itself, a random page of
-- the timeline for each of a page's 1,000 requests: a third of a cold
-- list at 1 million signals (bench/RESULTS.md).  Most newest entries say
-- no more than their kind and values ("Melding ontvangen.", "Melding
-- afgehandeld: opgelost.", "Status: gepland → in behandeling."): for
-- those the row now keeps the words beside the id,
--
--   signals.own_at, own_kind, own_from, own_to     of own_entry
--   kwesties.last_at, last_kind, last_from, last_to of last_entry
--
-- and the list reads the entry only when it says more (a reason, a
-- subject, a message, a promise) or when a signal is in more than one
-- kwestie; the words are NULL then (timeline_words is the definition,
-- tests/unit/test_kwestie_reads.c compares the rows with it).  The
-- signal's words are in signals_by_category, which the list of one
-- service code reads alone (026).  The entry's actor is not kept: the
-- list does not show it.
DROP TRIGGER timeline_insert_summary;
DROP TRIGGER timeline_delete_summary;
DROP TRIGGER timeline_update_summary;
-- made again below, after the rows are filled (as in 027)
DROP INDEX signals_by_category;

ALTER TABLE signals ADD COLUMN own_at TEXT;
ALTER TABLE signals ADD COLUMN own_kind TEXT;
ALTER TABLE signals ADD COLUMN own_from TEXT;
ALTER TABLE signals ADD COLUMN own_to TEXT;
ALTER TABLE kwesties ADD COLUMN last_at TEXT;
ALTER TABLE kwesties ADD COLUMN last_kind TEXT;
ALTER TABLE kwesties ADD COLUMN last_from TEXT;
ALTER TABLE kwesties ADD COLUMN last_to TEXT;

-- An entry's words where its kind and values are all it says; else NULL.
CREATE VIEW timeline_words AS SELECT id,
	CASE WHEN plain THEN at END AS at,
	CASE WHEN plain THEN kind END AS kind,
	CASE WHEN plain THEN from_value END AS from_value,
	CASE WHEN plain THEN to_value END AS to_value
	FROM (SELECT id, at, kind, from_value, to_value,
		promise_id IS NULL AND COALESCE(reason, '') = ''
		AND COALESCE(subject, '') = '' AND COALESCE(message, '') = ''
		AS plain FROM timeline);

-- A new entry is the newest of its signal or of its kwestie (ids only
-- grow): its id and words.
CREATE TRIGGER timeline_insert_summary AFTER INSERT ON timeline
BEGIN
	UPDATE signals SET own_entry = NEW.id,
		(own_at, own_kind, own_from, own_to) = (SELECT w.at, w.kind,
		w.from_value, w.to_value FROM timeline_words w WHERE w.id = NEW.id)
	WHERE id = NEW.signal_id AND (own_entry IS NULL OR own_entry < NEW.id);
	UPDATE kwesties SET last_entry = NEW.id,
		(last_at, last_kind, last_from, last_to) = (SELECT w.at, w.kind,
		w.from_value, w.to_value FROM timeline_words w WHERE w.id = NEW.id)
	WHERE id = NEW.kwestie_id AND (last_entry IS NULL OR last_entry < NEW.id);
END;
-- Entries go only with their signal or kwestie (ON DELETE CASCADE) and
-- are never moved or changed, but a hand may do any of it: the newest
-- and its words again where it was this one, and where an entry moved
-- from or to.
CREATE TRIGGER timeline_delete_summary AFTER DELETE ON timeline
BEGIN
	UPDATE signals SET own_entry = (SELECT own_entry FROM signal_summary
		WHERE signal_id = signals.id),
		(own_at, own_kind, own_from, own_to) = (SELECT w.at, w.kind,
		w.from_value, w.to_value FROM signal_summary v JOIN timeline_words w
		ON w.id = v.own_entry WHERE v.signal_id = signals.id)
	WHERE id = OLD.signal_id AND own_entry = OLD.id;
	UPDATE kwesties SET last_entry = (SELECT last_entry FROM kwestie_summary
		WHERE kwestie_id = kwesties.id),
		(last_at, last_kind, last_from, last_to) = (SELECT w.at, w.kind,
		w.from_value, w.to_value FROM kwestie_summary v JOIN timeline_words w
		ON w.id = v.last_entry WHERE v.kwestie_id = kwesties.id)
	WHERE id = OLD.kwestie_id AND last_entry = OLD.id;
END;
CREATE TRIGGER timeline_update_summary
AFTER UPDATE OF id, signal_id, kwestie_id ON timeline
BEGIN
	UPDATE signals SET own_entry = (SELECT own_entry FROM signal_summary
		WHERE signal_id = signals.id),
		(own_at, own_kind, own_from, own_to) = (SELECT w.at, w.kind,
		w.from_value, w.to_value FROM signal_summary v JOIN timeline_words w
		ON w.id = v.own_entry WHERE v.signal_id = signals.id)
	WHERE id IN (OLD.signal_id, NEW.signal_id);
	UPDATE kwesties SET last_entry = (SELECT last_entry FROM kwestie_summary
		WHERE kwestie_id = kwesties.id),
		(last_at, last_kind, last_from, last_to) = (SELECT w.at, w.kind,
		w.from_value, w.to_value FROM kwestie_summary v JOIN timeline_words w
		ON w.id = v.last_entry WHERE v.kwestie_id = kwesties.id)
	WHERE id IN (OLD.kwestie_id, NEW.kwestie_id);
END;
CREATE TRIGGER timeline_words_summary
AFTER UPDATE OF at, kind, from_value, to_value, reason, subject, message,
	promise_id ON timeline
BEGIN
	UPDATE signals SET (own_at, own_kind, own_from, own_to) = (SELECT
		w.at, w.kind, w.from_value, w.to_value FROM timeline_words w
		WHERE w.id = NEW.id)
	WHERE id = NEW.signal_id AND own_entry = NEW.id;
	UPDATE kwesties SET (last_at, last_kind, last_from, last_to) = (SELECT
		w.at, w.kind, w.from_value, w.to_value FROM timeline_words w
		WHERE w.id = NEW.id)
	WHERE id = NEW.kwestie_id AND last_entry = NEW.id;
END;

UPDATE signals SET (own_at, own_kind, own_from, own_to) = (SELECT w.at,
	w.kind, w.from_value, w.to_value FROM timeline_words w
	WHERE w.id = signals.own_entry)
WHERE own_entry IS NOT NULL;
UPDATE kwesties SET (last_at, last_kind, last_from, last_to) = (SELECT
	w.at, w.kind, w.from_value, w.to_value FROM timeline_words w
	WHERE w.id = kwesties.last_entry)
WHERE last_entry IS NOT NULL;

-- 027's index with the signal's words: the list of one service code
-- still reads its page from the index alone.
CREATE INDEX signals_by_category ON signals
	(municipality, category_code, created_at, id, is_demo, closed_at,
	token, kind, buurt_code, wijk_code, gebied_code, stadsdeel_code,
	status, outcome, first_kwestie, kwestie_count, own_entry, own_at,
	own_kind, own_from, own_to);
