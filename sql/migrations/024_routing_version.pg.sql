-- 024: a counter the tables of who is responsible move (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- As 024_routing_version.sql.  The triggers run once per statement (an
-- import of a thousand organisation areas moves the counter once), and
-- TRUNCATE moves it too.  Writers are SERIALIZABLE: two transactions that
-- change these tables at the same time both update the one row, and the
-- second is tried again (db_write); such changes are an administrator's,
-- rare, and never part of intake.
CREATE TABLE routing_version (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n BIGINT NOT NULL
);
INSERT INTO routing_version (id, n) VALUES (1, 0);

CREATE FUNCTION routing_version_move() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE routing_version SET n = n + 1;
	RETURN NULL;
END;
$$;

CREATE TRIGGER routing_rules_v
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON routing_rules
FOR EACH STATEMENT EXECUTE FUNCTION routing_version_move();
CREATE TRIGGER organisations_v
AFTER INSERT OR UPDATE OF name, kind, municipality OR DELETE OR TRUNCATE
ON organisations
FOR EACH STATEMENT EXECUTE FUNCTION routing_version_move();
CREATE TRIGGER organisation_areas_v
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation_areas
FOR EACH STATEMENT EXECUTE FUNCTION routing_version_move();
