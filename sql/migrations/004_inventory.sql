-- 004: the partner inventory (src/store/inventory.c): imported partner
-- lists, their records, and the merges made from them.  Provenance of each
-- merged field is in organisation_sources (003).
-- Dialect: SQLite (INTEGER PRIMARY KEY ids); 004_inventory.pg.sql is the pair.

CREATE TABLE inventory_lists ( id INTEGER PRIMARY KEY, municipality TEXT NOT NULL, source TEXT NOT NULL, format TEXT NOT NULL CHECK (format IN ('csv', 'hsds')), records INTEGER NOT NULL, imported_by TEXT NOT NULL, imported_at TEXT NOT NULL, UNIQUE (municipality, source));
CREATE TABLE inventory_merges ( id INTEGER PRIMARY KEY, municipality TEXT NOT NULL, organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL, organisation_name TEXT NOT NULL, created INTEGER NOT NULL, records INTEGER NOT NULL, actor_label TEXT NOT NULL, merged_at TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '{}');
CREATE TABLE inventory_records ( id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL REFERENCES inventory_lists (id) ON DELETE CASCADE, line INTEGER NOT NULL, naam TEXT NOT NULL, kvk TEXT, website TEXT, email TEXT, telefoon TEXT, adres TEXT, postcode TEXT, plaats TEXT, soort TEXT, werkgebied TEXT, merge_id INTEGER REFERENCES inventory_merges (id) ON DELETE SET NULL, merged_into INTEGER REFERENCES organisations (id) ON DELETE SET NULL, merged_at TEXT);
CREATE INDEX inventory_records_by_list ON inventory_records (list_id, merge_id);
CREATE INDEX inventory_merges_by_muni ON inventory_merges (municipality, id);
