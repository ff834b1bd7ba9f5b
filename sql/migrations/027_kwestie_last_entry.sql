-- 027: a kwestie's entry writes one row, not one per signal (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- Migration 025 kept on each signal the id of its newest timeline entry,
-- its own or one of its kwesties'.  So every entry on a kwestie rewrote
-- the row of each of its signals (and on SQLite their entry in the wide
-- signals_by_category of 026): on a kwestie of 20,000 signals (a city's
-- fireworks, say) one status change held the writer for about a second,
-- and every report behind it waited (bench/RESULTS.md).  Now:
--
--   signals.own_entry      the signal's own newest entry (025's last_entry,
--                          renamed: a kwestie's entries no longer count)
--   signals.kwestie_count  in how many kwesties the signal is (two after a
--                          split)
--   kwesties.last_entry    the kwestie's newest entry
--
-- and a reader takes the greater of the signal's own and its first
-- kwestie's (TIMELINE_SIGNAL_NEWEST_SQL in src/store/timeline.h, which
-- looks at the other kwesties only for a signal in more than one).  An
-- entry writes the row of its signal or of its kwestie: one row.  The
-- views signal_summary and kwestie_summary are the definitions (the same
-- meaning in 027_kwestie_last_entry.pg.sql, where whether a link's kwestie
-- is open is written as a subquery); signal_summary.last_entry stays the
-- newest entry as 025 defined it, which tests/unit/test_kwestie_reads.c
-- compares with what a reader takes.  The first kwestie is kept as in
-- 025.  Not covered, as there: INSERT OR REPLACE into these tables.
DROP TRIGGER kwestie_signals_insert_summary;
DROP TRIGGER kwestie_signals_delete_summary;
DROP TRIGGER kwestie_signals_update_summary;
DROP TRIGGER kwesties_closed_summary;
DROP TRIGGER timeline_insert_summary;
DROP TRIGGER timeline_delete_summary;
DROP TRIGGER timeline_update_summary;
DROP VIEW signal_summary;
-- made again below, after the rows are filled: with it each filled row
-- would move its entry at a random place of the index
DROP INDEX signals_by_category;

ALTER TABLE signals RENAME COLUMN last_entry TO own_entry;
ALTER TABLE signals ADD COLUMN kwestie_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kwesties ADD COLUMN last_entry INTEGER;

CREATE VIEW signal_summary AS SELECT s.id AS signal_id,
	COALESCE((SELECT MIN(ks.kwestie_id) FROM kwestie_signals ks
		JOIN kwesties k ON k.id = ks.kwestie_id
		WHERE ks.signal_id = s.id AND k.closed_at IS NULL),
		(SELECT MIN(ks.kwestie_id) FROM kwestie_signals ks
		WHERE ks.signal_id = s.id)) AS first_kwestie,
	(SELECT COUNT(*) FROM kwestie_signals ks
		WHERE ks.signal_id = s.id) AS kwestie_count,
	(SELECT MAX(t.id) FROM timeline t WHERE t.signal_id = s.id) AS own_entry,
	(SELECT MAX(m.id) FROM (SELECT MAX(t.id) AS id FROM timeline t
		WHERE t.signal_id = s.id UNION ALL SELECT MAX(t.id)
		FROM kwestie_signals ks JOIN timeline t ON t.kwestie_id = ks.kwestie_id
		WHERE ks.signal_id = s.id) m) AS last_entry
	FROM signals s;
CREATE VIEW kwestie_summary AS SELECT k.id AS kwestie_id,
	(SELECT MAX(t.id) FROM timeline t WHERE t.kwestie_id = k.id) AS last_entry
	FROM kwesties k;

-- A link made, moved or removed: the first kwestie and the count again.
CREATE TRIGGER kwestie_signals_insert_summary AFTER INSERT ON kwestie_signals
BEGIN
	UPDATE signals SET (first_kwestie, kwestie_count) = (SELECT
		first_kwestie, kwestie_count FROM signal_summary
		WHERE signal_id = signals.id)
	WHERE id = NEW.signal_id;
END;
CREATE TRIGGER kwestie_signals_delete_summary AFTER DELETE ON kwestie_signals
BEGIN
	UPDATE signals SET (first_kwestie, kwestie_count) = (SELECT
		first_kwestie, kwestie_count FROM signal_summary
		WHERE signal_id = signals.id)
	WHERE id = OLD.signal_id;
END;
CREATE TRIGGER kwestie_signals_update_summary AFTER UPDATE ON kwestie_signals
BEGIN
	UPDATE signals SET (first_kwestie, kwestie_count) = (SELECT
		first_kwestie, kwestie_count FROM signal_summary
		WHERE signal_id = signals.id)
	WHERE id IN (OLD.signal_id, NEW.signal_id);
END;

-- A kwestie closed or opened again: which one is first, for its signals
-- (as in 025: once or twice in a kwestie's life, not per entry).
CREATE TRIGGER kwesties_closed_summary AFTER UPDATE OF closed_at ON kwesties
WHEN (OLD.closed_at IS NULL) <> (NEW.closed_at IS NULL)
BEGIN
	UPDATE signals SET first_kwestie = (SELECT first_kwestie
		FROM signal_summary WHERE signal_id = signals.id)
	WHERE id IN (SELECT signal_id FROM kwestie_signals
		WHERE kwestie_id = NEW.id);
END;

-- A new entry is the newest of its signal or of its kwestie (ids only
-- grow).
CREATE TRIGGER timeline_insert_summary AFTER INSERT ON timeline
BEGIN
	UPDATE signals SET own_entry = NEW.id
	WHERE id = NEW.signal_id AND (own_entry IS NULL OR own_entry < NEW.id);
	UPDATE kwesties SET last_entry = NEW.id
	WHERE id = NEW.kwestie_id AND (last_entry IS NULL OR last_entry < NEW.id);
END;
-- Entries go only with their signal or kwestie (ON DELETE CASCADE) and
-- are never moved, but a hand may do either: the newest again where it
-- was this one, and where an entry moved from or to.
CREATE TRIGGER timeline_delete_summary AFTER DELETE ON timeline
BEGIN
	UPDATE signals SET own_entry = (SELECT own_entry FROM signal_summary
		WHERE signal_id = signals.id)
	WHERE id = OLD.signal_id AND own_entry = OLD.id;
	UPDATE kwesties SET last_entry = (SELECT last_entry FROM kwestie_summary
		WHERE kwestie_id = kwesties.id)
	WHERE id = OLD.kwestie_id AND last_entry = OLD.id;
END;
CREATE TRIGGER timeline_update_summary
AFTER UPDATE OF id, signal_id, kwestie_id ON timeline
BEGIN
	UPDATE signals SET own_entry = (SELECT own_entry FROM signal_summary
		WHERE signal_id = signals.id)
	WHERE id IN (OLD.signal_id, NEW.signal_id);
	UPDATE kwesties SET last_entry = (SELECT last_entry FROM kwestie_summary
		WHERE kwestie_id = kwesties.id)
	WHERE id IN (OLD.kwestie_id, NEW.kwestie_id);
END;

-- The rows whose values change: the kwesties with an entry, and the
-- signals in a kwestie (their count; their kept entry may have been a
-- kwestie's).  A signal in none kept its own newest already (025).
UPDATE kwesties SET last_entry = (SELECT last_entry FROM kwestie_summary
	WHERE kwestie_id = kwesties.id)
WHERE id IN (SELECT kwestie_id FROM timeline WHERE kwestie_id IS NOT NULL);
UPDATE signals SET (own_entry, kwestie_count) = (SELECT own_entry,
	kwestie_count FROM signal_summary WHERE signal_id = signals.id)
WHERE first_kwestie IS NOT NULL;

-- 026's index with the new columns: the list still reads its page from
-- the index alone.
CREATE INDEX signals_by_category ON signals
	(municipality, category_code, created_at, id, is_demo, closed_at,
	token, kind, buurt_code, wijk_code, gebied_code, stadsdeel_code,
	status, outcome, first_kwestie, kwestie_count, own_entry);
