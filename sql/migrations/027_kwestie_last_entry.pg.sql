-- 027: a kwestie's entry writes one row, not one per signal (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- As 027_kwestie_last_entry.sql: signals.own_entry (025's last_entry,
-- renamed: the signal's own newest entry), signals.kwestie_count and
-- kwesties.last_entry, kept by the triggers; a reader takes the greater
-- of the signal's own and its kwesties' (TIMELINE_SIGNAL_NEWEST_SQL).
-- An entry on a kwestie updates one row, the kwestie's, instead of each
-- of its signals' (and two transactions writing entries on a kwestie of
-- many signals no longer meet on all of them).  signals_by_category is
-- 023's here (026_open311_covering.pg.sql): no index holds the columns.
DROP TRIGGER kwestie_signals_summary ON kwestie_signals;
DROP TRIGGER kwesties_closed_summary ON kwesties;
DROP TRIGGER timeline_summary ON timeline;
DROP TRIGGER kwestie_signals_truncated ON kwestie_signals;
DROP TRIGGER timeline_truncated ON timeline;
DROP FUNCTION kwestie_signals_summary();
DROP FUNCTION kwesties_closed_summary();
DROP FUNCTION timeline_summary();
DROP FUNCTION signal_summary_truncated();
DROP FUNCTION signal_summary_refresh(BIGINT);
DROP VIEW signal_summary;

ALTER TABLE signals RENAME COLUMN last_entry TO own_entry;
ALTER TABLE signals ADD COLUMN kwestie_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kwesties ADD COLUMN last_entry BIGINT;

-- Whether a link's kwestie is open is a subquery per link, not a join:
-- over tables without statistics yet (a bulk load in one transaction)
-- PostgreSQL made the join a hash of every open kwestie, for each link
-- (2 ms a link at 20,000 signals; at 200,000 the links' step of
-- bench_kwgen did not end in 9 minutes).
CREATE VIEW signal_summary AS SELECT s.id AS signal_id,
	COALESCE((SELECT MIN(ks.kwestie_id) FROM kwestie_signals ks
		WHERE ks.signal_id = s.id AND (SELECT k.closed_at FROM kwesties k
		WHERE k.id = ks.kwestie_id) IS NULL),
		(SELECT MIN(ks.kwestie_id) FROM kwestie_signals ks
		WHERE ks.signal_id = s.id)) AS first_kwestie,
	(SELECT COUNT(*) FROM kwestie_signals ks
		WHERE ks.signal_id = s.id)::INTEGER AS kwestie_count,
	(SELECT MAX(t.id) FROM timeline t WHERE t.signal_id = s.id) AS own_entry,
	GREATEST((SELECT MAX(t.id) FROM timeline t WHERE t.signal_id = s.id),
		(SELECT MAX(t.id) FROM kwestie_signals ks JOIN timeline t
		ON t.kwestie_id = ks.kwestie_id WHERE ks.signal_id = s.id))
		AS last_entry
	FROM signals s;
CREATE VIEW kwestie_summary AS SELECT k.id AS kwestie_id,
	(SELECT MAX(t.id) FROM timeline t WHERE t.kwestie_id = k.id) AS last_entry
	FROM kwesties k;

-- The first kwestie and the count again for one signal, the view read
-- once; an update that would write the same values writes nothing.
CREATE FUNCTION signal_links_refresh(sid BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	f BIGINT;
	n INTEGER;
BEGIN
	SELECT v.first_kwestie, v.kwestie_count INTO f, n FROM signal_summary v
	WHERE v.signal_id = sid;
	UPDATE signals SET first_kwestie = f, kwestie_count = n
	WHERE id = sid AND (first_kwestie, kwestie_count) IS DISTINCT FROM (f, n);
END;
$$;

-- A link made, moved or removed.
CREATE FUNCTION kwestie_signals_summary() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM signal_links_refresh(OLD.signal_id);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM signal_links_refresh(NEW.signal_id);
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER kwestie_signals_summary
AFTER INSERT OR UPDATE OR DELETE ON kwestie_signals
FOR EACH ROW EXECUTE FUNCTION kwestie_signals_summary();

-- A kwestie closed or opened again: which one is first, for its signals.
CREATE FUNCTION kwesties_closed_summary() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM signal_links_refresh(ks.signal_id)
	FROM kwestie_signals ks WHERE ks.kwestie_id = NEW.id;
	RETURN NULL;
END;
$$;
CREATE TRIGGER kwesties_closed_summary AFTER UPDATE OF closed_at ON kwesties
FOR EACH ROW WHEN ((OLD.closed_at IS NULL) <> (NEW.closed_at IS NULL))
EXECUTE FUNCTION kwesties_closed_summary();

-- A new entry is the newest of its signal or of its kwestie (a greater
-- id; two transactions' entries may commit in either order, the larger
-- stays).  An entry removed or moved (only a hand does either): the
-- newest again where it was and where it went.
CREATE FUNCTION timeline_summary() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		UPDATE signals SET own_entry = NEW.id WHERE id = NEW.signal_id
		AND (own_entry IS NULL OR own_entry < NEW.id);
		UPDATE kwesties SET last_entry = NEW.id WHERE id = NEW.kwestie_id
		AND (last_entry IS NULL OR last_entry < NEW.id);
		RETURN NULL;
	END IF;
	UPDATE signals s SET own_entry = (SELECT v.own_entry FROM
		signal_summary v WHERE v.signal_id = s.id)
	WHERE s.id = OLD.signal_id AND (TG_OP = 'UPDATE' OR s.own_entry = OLD.id);
	UPDATE kwesties k SET last_entry = (SELECT v.last_entry FROM
		kwestie_summary v WHERE v.kwestie_id = k.id)
	WHERE k.id = OLD.kwestie_id AND (TG_OP = 'UPDATE' OR k.last_entry = OLD.id);
	IF TG_OP = 'UPDATE' THEN
		UPDATE signals s SET own_entry = (SELECT v.own_entry FROM
			signal_summary v WHERE v.signal_id = s.id)
		WHERE s.id = NEW.signal_id;
		UPDATE kwesties k SET last_entry = (SELECT v.last_entry FROM
			kwestie_summary v WHERE v.kwestie_id = k.id)
		WHERE k.id = NEW.kwestie_id;
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER timeline_summary
AFTER INSERT OR DELETE OR UPDATE OF id, signal_id, kwestie_id ON timeline
FOR EACH ROW EXECUTE FUNCTION timeline_summary();

-- TRUNCATE (a hand's; TRUNCATE kwesties CASCADE empties both tables
-- too) fires no row trigger: every row that kept a value again.
CREATE FUNCTION kwestie_signals_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE signals SET first_kwestie = NULL, kwestie_count = 0
	WHERE first_kwestie IS NOT NULL OR kwestie_count <> 0;
	RETURN NULL;
END;
$$;
CREATE TRIGGER kwestie_signals_truncated AFTER TRUNCATE ON kwestie_signals
FOR EACH STATEMENT EXECUTE FUNCTION kwestie_signals_truncated();
CREATE FUNCTION timeline_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE signals SET own_entry = NULL WHERE own_entry IS NOT NULL;
	UPDATE kwesties SET last_entry = NULL WHERE last_entry IS NOT NULL;
	RETURN NULL;
END;
$$;
CREATE TRIGGER timeline_truncated AFTER TRUNCATE ON timeline
FOR EACH STATEMENT EXECUTE FUNCTION timeline_truncated();

-- The rows whose values change: the kwesties with an entry, and the
-- signals in a kwestie (their count; their kept entry may have been a
-- kwestie's).  A signal in none kept its own newest already (025).
UPDATE kwesties k SET last_entry = (SELECT v.last_entry FROM
	kwestie_summary v WHERE v.kwestie_id = k.id)
WHERE k.id IN (SELECT kwestie_id FROM timeline WHERE kwestie_id IS NOT NULL);
UPDATE signals s SET (own_entry, kwestie_count) = (SELECT v.own_entry,
	v.kwestie_count FROM signal_summary v WHERE v.signal_id = s.id)
WHERE s.first_kwestie IS NOT NULL;
