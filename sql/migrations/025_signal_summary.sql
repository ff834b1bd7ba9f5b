-- 025: what a request list shows of a signal's kwesties and timeline, kept on its row (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- An Open311 request shows the title and regisseur of its signal's first
-- kwestie (the lowest open one, else the lowest) and its newest timeline
-- entry (its own or one of its kwesties').  The list statement looked
-- both up for every row of a page of 1,000: three more index descents a
-- row into kwestie_signals and timeline, half the time of a cold list at
-- 10 million signals (bench/RESULTS.md).  Now each signal keeps the two
-- ids, and the triggers below keep them true whatever writes the tables:
-- the server, a data migration or a hand at the sqlite3 prompt.
--
--   first_kwestie  the id of the first kwestie as above, NULL if none
--   last_entry     the greatest timeline id of the signal or of one of
--                  its kwesties, NULL if none (ids grow: the newest)
--
-- A report's received entry updates its new row in the same transaction
-- (durable intake unchanged within the noise, bench/RESULTS.md); a
-- kwestie's entry updates the row of each of its signals.  The view
-- signal_summary is the definition (the same in 025_signal_summary.pg.sql);
-- the triggers read it for one signal at a time, and
-- tests/unit/test_kwestie_reads.c (test_signal_summary_kept) checks the
-- columns against it after every kind of write, on both backends.  Not
-- covered: INSERT OR REPLACE into these tables (with recursive_triggers
-- off, as the server runs, the row it replaces fires no delete trigger);
-- nothing here writes them so.
ALTER TABLE signals ADD COLUMN first_kwestie INTEGER;
ALTER TABLE signals ADD COLUMN last_entry INTEGER;

CREATE VIEW signal_summary AS SELECT s.id AS signal_id,
	COALESCE((SELECT MIN(ks.kwestie_id) FROM kwestie_signals ks
		JOIN kwesties k ON k.id = ks.kwestie_id
		WHERE ks.signal_id = s.id AND k.closed_at IS NULL),
		(SELECT MIN(ks.kwestie_id) FROM kwestie_signals ks
		WHERE ks.signal_id = s.id)) AS first_kwestie,
	(SELECT MAX(m.id) FROM (SELECT MAX(t.id) AS id FROM timeline t
		WHERE t.signal_id = s.id UNION ALL SELECT MAX(t.id)
		FROM kwestie_signals ks JOIN timeline t ON t.kwestie_id = ks.kwestie_id
		WHERE ks.signal_id = s.id) m) AS last_entry
	FROM signals s;

-- A link made, moved or removed: both ids again for the signal.
CREATE TRIGGER kwestie_signals_insert_summary AFTER INSERT ON kwestie_signals
BEGIN
	UPDATE signals SET (first_kwestie, last_entry) = (SELECT first_kwestie,
		last_entry FROM signal_summary WHERE signal_id = signals.id)
	WHERE id = NEW.signal_id;
END;
CREATE TRIGGER kwestie_signals_delete_summary AFTER DELETE ON kwestie_signals
BEGIN
	UPDATE signals SET (first_kwestie, last_entry) = (SELECT first_kwestie,
		last_entry FROM signal_summary WHERE signal_id = signals.id)
	WHERE id = OLD.signal_id;
END;
CREATE TRIGGER kwestie_signals_update_summary AFTER UPDATE ON kwestie_signals
BEGIN
	UPDATE signals SET (first_kwestie, last_entry) = (SELECT first_kwestie,
		last_entry FROM signal_summary WHERE signal_id = signals.id)
	WHERE id IN (OLD.signal_id, NEW.signal_id);
END;

-- A kwestie closed or opened again: which one is first, for its signals.
CREATE TRIGGER kwesties_closed_summary AFTER UPDATE OF closed_at ON kwesties
WHEN (OLD.closed_at IS NULL) <> (NEW.closed_at IS NULL)
BEGIN
	UPDATE signals SET first_kwestie = (SELECT first_kwestie
		FROM signal_summary WHERE signal_id = signals.id)
	WHERE id IN (SELECT signal_id FROM kwestie_signals
		WHERE kwestie_id = NEW.id);
END;

-- A new entry is the newest of its signal, or of each signal of its
-- kwestie (ids only grow).
CREATE TRIGGER timeline_insert_summary AFTER INSERT ON timeline
BEGIN
	UPDATE signals SET last_entry = NEW.id
	WHERE id = NEW.signal_id AND (last_entry IS NULL OR last_entry < NEW.id);
	UPDATE signals SET last_entry = NEW.id
	WHERE id IN (SELECT signal_id FROM kwestie_signals
		WHERE kwestie_id = NEW.kwestie_id)
	AND (last_entry IS NULL OR last_entry < NEW.id);
END;
-- Entries go only with their signal or kwestie (ON DELETE CASCADE) and
-- are never moved, but a hand may do either: the newest again where it
-- was this one, and where an entry moved from or to.
CREATE TRIGGER timeline_delete_summary AFTER DELETE ON timeline
BEGIN
	UPDATE signals SET last_entry = (SELECT last_entry FROM signal_summary
		WHERE signal_id = signals.id)
	WHERE id = OLD.signal_id AND last_entry = OLD.id;
	UPDATE signals SET last_entry = (SELECT last_entry FROM signal_summary
		WHERE signal_id = signals.id)
	WHERE id IN (SELECT signal_id FROM kwestie_signals
		WHERE kwestie_id = OLD.kwestie_id) AND last_entry = OLD.id;
END;
CREATE TRIGGER timeline_update_summary
AFTER UPDATE OF id, signal_id, kwestie_id ON timeline
BEGIN
	UPDATE signals SET last_entry = (SELECT last_entry FROM signal_summary
		WHERE signal_id = signals.id)
	WHERE id IN (OLD.signal_id, NEW.signal_id);
	UPDATE signals SET last_entry = (SELECT last_entry FROM signal_summary
		WHERE signal_id = signals.id)
	WHERE id IN (SELECT signal_id FROM kwestie_signals
		WHERE kwestie_id IN (OLD.kwestie_id, NEW.kwestie_id));
END;

-- The signals that have either: those in a kwestie or with an entry.
UPDATE signals SET (first_kwestie, last_entry) = (SELECT first_kwestie,
	last_entry FROM signal_summary WHERE signal_id = signals.id)
WHERE id IN (SELECT signal_id FROM kwestie_signals
	UNION SELECT signal_id FROM timeline WHERE signal_id IS NOT NULL);
