-- 028: the newest entry's words beside its id (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- As 028_newest_words.sql: signals.own_at, own_kind, own_from, own_to
-- (of own_entry) and kwesties.last_at, last_kind, last_from, last_to (of
-- last_entry), kept by timeline_summary where the entry says no more
-- than its kind and values (timeline_words, the definition), so that an
-- Open311 list reads no timeline entry for those.  No index holds them
-- here (026_open311_covering.pg.sql): the list reads the signal's row.
DROP TRIGGER timeline_summary ON timeline;

ALTER TABLE signals ADD COLUMN own_at TEXT, ADD COLUMN own_kind TEXT,
	ADD COLUMN own_from TEXT, ADD COLUMN own_to TEXT;
ALTER TABLE kwesties ADD COLUMN last_at TEXT, ADD COLUMN last_kind TEXT,
	ADD COLUMN last_from TEXT, ADD COLUMN last_to TEXT;

CREATE VIEW timeline_words AS SELECT id,
	CASE WHEN plain THEN at END AS at,
	CASE WHEN plain THEN kind END AS kind,
	CASE WHEN plain THEN from_value END AS from_value,
	CASE WHEN plain THEN to_value END AS to_value
	FROM (SELECT id, at, kind, from_value, to_value,
		promise_id IS NULL AND COALESCE(reason, '') = ''
		AND COALESCE(subject, '') = '' AND COALESCE(message, '') = ''
		AS plain FROM timeline) e;

-- The newest of one signal or kwestie again, with its words.
CREATE FUNCTION signal_own_refresh(sid BIGINT) RETURNS void
LANGUAGE sql AS $$
	UPDATE signals s SET own_entry = v.own_entry, own_at = w.at,
		own_kind = w.kind, own_from = w.from_value, own_to = w.to_value
	FROM signal_summary v LEFT JOIN timeline_words w ON w.id = v.own_entry
	WHERE s.id = sid AND v.signal_id = sid;
$$;
CREATE FUNCTION kwestie_last_refresh(kid BIGINT) RETURNS void
LANGUAGE sql AS $$
	UPDATE kwesties k SET last_entry = v.last_entry, last_at = w.at,
		last_kind = w.kind, last_from = w.from_value, last_to = w.to_value
	FROM kwestie_summary v LEFT JOIN timeline_words w ON w.id = v.last_entry
	WHERE k.id = kid AND v.kwestie_id = kid;
$$;

-- A new entry is the newest of its signal or of its kwestie (a greater
-- id; two transactions' entries may commit in either order, the larger
-- stays), with its words.  An entry removed, moved or changed (only a
-- hand does any of it): the newest again where it was and where it went.
CREATE OR REPLACE FUNCTION timeline_summary() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		UPDATE signals s SET own_entry = NEW.id, own_at = w.at,
			own_kind = w.kind, own_from = w.from_value,
			own_to = w.to_value
		FROM timeline_words w WHERE w.id = NEW.id AND s.id = NEW.signal_id
		AND (s.own_entry IS NULL OR s.own_entry < NEW.id);
		UPDATE kwesties k SET last_entry = NEW.id, last_at = w.at,
			last_kind = w.kind, last_from = w.from_value,
			last_to = w.to_value
		FROM timeline_words w WHERE w.id = NEW.id AND k.id = NEW.kwestie_id
		AND (k.last_entry IS NULL OR k.last_entry < NEW.id);
		RETURN NULL;
	END IF;
	IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM signals s
			WHERE s.id = OLD.signal_id AND s.own_entry = OLD.id) THEN
		PERFORM signal_own_refresh(OLD.signal_id);
	END IF;
	IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM kwesties k
			WHERE k.id = OLD.kwestie_id AND k.last_entry = OLD.id) THEN
		PERFORM kwestie_last_refresh(OLD.kwestie_id);
	END IF;
	IF TG_OP = 'UPDATE' THEN
		PERFORM signal_own_refresh(NEW.signal_id);
		PERFORM kwestie_last_refresh(NEW.kwestie_id);
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER timeline_summary
AFTER INSERT OR DELETE OR UPDATE OF id, signal_id, kwestie_id, at, kind,
	from_value, to_value, reason, subject, message, promise_id ON timeline
FOR EACH ROW EXECUTE FUNCTION timeline_summary();

CREATE OR REPLACE FUNCTION timeline_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE signals SET own_entry = NULL, own_at = NULL, own_kind = NULL,
		own_from = NULL, own_to = NULL WHERE own_entry IS NOT NULL;
	UPDATE kwesties SET last_entry = NULL, last_at = NULL,
		last_kind = NULL, last_from = NULL, last_to = NULL
	WHERE last_entry IS NOT NULL;
	RETURN NULL;
END;
$$;

UPDATE signals s SET own_at = w.at, own_kind = w.kind,
	own_from = w.from_value, own_to = w.to_value
FROM timeline_words w WHERE w.id = s.own_entry AND w.kind IS NOT NULL;
UPDATE kwesties k SET last_at = w.at, last_kind = w.kind,
	last_from = w.from_value, last_to = w.to_value
FROM timeline_words w WHERE w.id = k.last_entry AND w.kind IS NOT NULL;
