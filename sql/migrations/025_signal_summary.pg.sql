-- 025: what a request list shows of a signal's kwesties and timeline, kept on its row (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- As 025_signal_summary.sql: the view signal_summary is the definition,
-- the triggers keep signals.first_kwestie and signals.last_entry equal to
-- it for the signals a write touches.  Row triggers (a merge moves each
-- link; each is the signal's own update).  An update that would write the
-- same values writes nothing: a kwestie's entry leaves alone the rows of
-- its signals that have a newer one.  Writers are SERIALIZABLE: a
-- professional's change to a kwestie now also updates its signals' rows,
-- and a transaction that meets another on them is tried again (db_write).
ALTER TABLE signals ADD COLUMN first_kwestie BIGINT;
ALTER TABLE signals ADD COLUMN last_entry BIGINT;

CREATE VIEW signal_summary AS SELECT s.id AS signal_id,
	COALESCE((SELECT MIN(ks.kwestie_id) FROM kwestie_signals ks
		JOIN kwesties k ON k.id = ks.kwestie_id
		WHERE ks.signal_id = s.id AND k.closed_at IS NULL),
		(SELECT MIN(ks.kwestie_id) FROM kwestie_signals ks
		WHERE ks.signal_id = s.id)) AS first_kwestie,
	GREATEST((SELECT MAX(t.id) FROM timeline t WHERE t.signal_id = s.id),
		(SELECT MAX(t.id) FROM kwestie_signals ks JOIN timeline t
		ON t.kwestie_id = ks.kwestie_id WHERE ks.signal_id = s.id))
		AS last_entry
	FROM signals s;

-- Both ids again for one signal, the view read once (as the SET and the
-- IS DISTINCT FROM of one UPDATE it was planned and read twice).
CREATE FUNCTION signal_summary_refresh(sid BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	f BIGINT;
	l BIGINT;
BEGIN
	SELECT v.first_kwestie, v.last_entry INTO f, l FROM signal_summary v
	WHERE v.signal_id = sid;
	UPDATE signals SET first_kwestie = f, last_entry = l
	WHERE id = sid AND (first_kwestie, last_entry) IS DISTINCT FROM (f, l);
END;
$$;

-- A link made, moved or removed.
CREATE FUNCTION kwestie_signals_summary() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		PERFORM signal_summary_refresh(OLD.signal_id);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		PERFORM signal_summary_refresh(NEW.signal_id);
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
	PERFORM signal_summary_refresh(ks.signal_id)
	FROM kwestie_signals ks WHERE ks.kwestie_id = NEW.id;
	RETURN NULL;
END;
$$;
CREATE TRIGGER kwesties_closed_summary AFTER UPDATE OF closed_at ON kwesties
FOR EACH ROW WHEN ((OLD.closed_at IS NULL) <> (NEW.closed_at IS NULL))
EXECUTE FUNCTION kwesties_closed_summary();

-- A new entry is the newest of its signal, or of each signal of its
-- kwestie (a greater id; two transactions' entries may commit in either
-- order, the larger stays).  An entry removed or moved (only a hand does
-- either): both ids again where it was and where it went (a refresh that
-- finds the same values writes nothing).
CREATE FUNCTION timeline_summary() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	-- Two statements, not one OR: PostgreSQL read all signals for the OR
	-- of a key and a subquery.
	IF TG_OP = 'INSERT' THEN
		UPDATE signals SET last_entry = NEW.id WHERE id = NEW.signal_id
		AND (last_entry IS NULL OR last_entry < NEW.id);
		UPDATE signals SET last_entry = NEW.id WHERE id IN (SELECT
			signal_id FROM kwestie_signals WHERE kwestie_id = NEW.kwestie_id)
		AND (last_entry IS NULL OR last_entry < NEW.id);
		RETURN NULL;
	END IF;
	PERFORM signal_summary_refresh(s.id) FROM signals s
	WHERE s.id = OLD.signal_id
	AND (TG_OP = 'UPDATE' OR s.last_entry = OLD.id);
	PERFORM signal_summary_refresh(s.id) FROM kwestie_signals ks
	JOIN signals s ON s.id = ks.signal_id WHERE ks.kwestie_id = OLD.kwestie_id
	AND (TG_OP = 'UPDATE' OR s.last_entry = OLD.id);
	IF TG_OP = 'UPDATE' THEN
		PERFORM signal_summary_refresh(NEW.signal_id)
		WHERE NEW.signal_id IS NOT NULL;
		PERFORM signal_summary_refresh(ks.signal_id) FROM kwestie_signals ks
		WHERE ks.kwestie_id = NEW.kwestie_id;
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER timeline_summary
AFTER INSERT OR DELETE OR UPDATE OF id, signal_id, kwestie_id ON timeline
FOR EACH ROW EXECUTE FUNCTION timeline_summary();

-- TRUNCATE (a hand's; TRUNCATE kwesties CASCADE empties both tables
-- too) fires no row trigger: every signal that had either id again.
CREATE FUNCTION signal_summary_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE signals s SET (first_kwestie, last_entry) = (SELECT
		v.first_kwestie, v.last_entry FROM signal_summary v
		WHERE v.signal_id = s.id)
	WHERE s.first_kwestie IS NOT NULL OR s.last_entry IS NOT NULL;
	RETURN NULL;
END;
$$;
CREATE TRIGGER kwestie_signals_truncated AFTER TRUNCATE ON kwestie_signals
FOR EACH STATEMENT EXECUTE FUNCTION signal_summary_truncated();
CREATE TRIGGER timeline_truncated AFTER TRUNCATE ON timeline
FOR EACH STATEMENT EXECUTE FUNCTION signal_summary_truncated();

-- The signals that have either: those in a kwestie or with an entry.
UPDATE signals s SET (first_kwestie, last_entry) = (SELECT v.first_kwestie,
	v.last_entry FROM signal_summary v WHERE v.signal_id = s.id)
WHERE s.id IN (SELECT signal_id FROM kwestie_signals
	UNION SELECT signal_id FROM timeline WHERE signal_id IS NOT NULL);
