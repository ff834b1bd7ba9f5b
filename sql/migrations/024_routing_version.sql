-- 024: a counter the tables of who is responsible move (issue 16).
-- SPDX-License-Identifier: EUPL-1.2
--
-- Who is responsible for a signal follows from its municipality, category
-- and areas and from three tables alone (the view signal_routing of
-- migration 011): routing_rules, organisations (its name, kind and
-- municipality) and organisation_areas.  A server keeps the answer per
-- (category, areas) for the whole process (app/routing.c) while this
-- counter stays the same: every change of those tables, by the server, by
-- another process or by hand, moves it in the same transaction.  A cold
-- Open311 list of 1,000 open requests spent 40% of its time asking the
-- view again for some 800 such keys (bench/RESULTS.md).
CREATE TABLE routing_version (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n INTEGER NOT NULL
);
INSERT INTO routing_version (id, n) VALUES (1, 0);

CREATE TRIGGER routing_rules_insert_v AFTER INSERT ON routing_rules
BEGIN UPDATE routing_version SET n = n + 1; END;
CREATE TRIGGER routing_rules_update_v AFTER UPDATE ON routing_rules
BEGIN UPDATE routing_version SET n = n + 1; END;
CREATE TRIGGER routing_rules_delete_v AFTER DELETE ON routing_rules
BEGIN UPDATE routing_version SET n = n + 1; END;
CREATE TRIGGER organisations_insert_v AFTER INSERT ON organisations
BEGIN UPDATE routing_version SET n = n + 1; END;
CREATE TRIGGER organisations_update_v
AFTER UPDATE OF name, kind, municipality ON organisations
BEGIN UPDATE routing_version SET n = n + 1; END;
CREATE TRIGGER organisations_delete_v AFTER DELETE ON organisations
BEGIN UPDATE routing_version SET n = n + 1; END;
CREATE TRIGGER organisation_areas_insert_v AFTER INSERT ON organisation_areas
BEGIN UPDATE routing_version SET n = n + 1; END;
CREATE TRIGGER organisation_areas_update_v AFTER UPDATE ON organisation_areas
BEGIN UPDATE routing_version SET n = n + 1; END;
CREATE TRIGGER organisation_areas_delete_v AFTER DELETE ON organisation_areas
BEGIN UPDATE routing_version SET n = n + 1; END;
