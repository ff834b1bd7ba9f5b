"""The SQLite and PostgreSQL migrations define the same tables and columns.

Each version of the schema is written twice where the dialects differ
(sql/migrations/NNN_name.sql and NNN_name.pg.sql).  A column added to one
and forgotten in the other would only show when an installation moves to
PostgreSQL.  This test migrates an empty SQLite file and the PostgreSQL
database of the run, and compares every table's columns (names, and
whether they may be NULL).  It runs in the PostgreSQL pass of make test;
the SQLite pass has no second schema to compare and says so as a skip.

The differences that are there by design are listed in EXPECTED, each
with its reason; anything else fails.

    WIJKAGENDA_TEST_PG=postgres://... python3 tests/http/test_schema_parity.py --binary build/wijkagenda
"""
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

# Tables or columns only one dialect has, and why.
EXPECTED = {
    # (dialect, table, column or None for the whole table): reason
    ("sqlite", "services", "search"):
        "PostgreSQL searches a tsvector column; SQLite the FTS5 table services_fts",
}


def sqlite_schema():
    d = tempfile.mkdtemp(prefix="wijkagenda-parity-")
    path = os.path.join(d, "parity.db")
    out = subprocess.run([os.path.abspath(H.Ctx.args.binary), "migrate", "--db", path],
                         capture_output=True, text=True, timeout=60)
    eq(out.returncode, 0, "migrate SQLite: %s" % out.stderr)
    c = sqlite3.connect(path)
    try:
        tables = [r[0] for r in c.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
        # FTS5 keeps shadow tables named after the virtual table
        virtual = [r[0] for r in c.execute(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'")]
        tables = [t for t in tables if not any(t.startswith(v + "_") for v in virtual)]
        schema = {}
        for t in tables:
            schema[t] = {r[1]: not r[3] and not r[5]  # nullable unless NOT NULL or PK
                         for r in c.execute("SELECT * FROM pragma_table_info(?)", (t,))}
        return schema, virtual
    finally:
        c.close()


def pg_schema(srv):
    rows = srv.query("SELECT table_name, column_name, is_nullable"
                     " FROM information_schema.columns c"
                     " WHERE table_schema = 'public' AND table_name IN"
                     " (SELECT table_name FROM information_schema.tables"
                     "  WHERE table_schema = 'public' AND table_type = 'BASE TABLE')")
    schema = {}
    for t, col, nullable in rows:
        schema.setdefault(t, {})[col] = nullable == "YES"
    return schema


@test
def same_tables_and_columns(srv):
    if not H.PG:
        H.skip("needs PostgreSQL (the PostgreSQL pass of make test runs it)")
    lite, virtual = sqlite_schema()
    pg = pg_schema(srv)
    wrong = []
    for t in sorted(set(lite) | set(pg)):
        for side, schema in (("sqlite", lite), ("postgres", pg)):
            if t not in schema and (side, t, None) not in EXPECTED:
                wrong.append("table %s is missing on %s" % (t, side))
        if t not in lite or t not in pg:
            continue
        for col in sorted(set(lite[t]) | set(pg[t])):
            for side, schema in (("sqlite", lite), ("postgres", pg)):
                if col not in schema[t] and (side, t, col) not in EXPECTED:
                    wrong.append("%s.%s is missing on %s" % (t, col, side))
            if col in lite[t] and col in pg[t] and lite[t][col] != pg[t][col] \
                    and ("both", t, col) not in EXPECTED:
                wrong.append("%s.%s: nullable on sqlite %s, on postgres %s"
                             % (t, col, lite[t][col], pg[t][col]))
    H.note("compared %d tables (%d columns); SQLite full-text tables %s"
           % (len(pg), sum(len(c) for c in pg.values()), ", ".join(virtual) or "none"))
    check(len(pg) >= 20, "only %d tables on PostgreSQL" % len(pg))
    check(not wrong, "the dialects disagree:\n  " + "\n  ".join(wrong))
    for key in EXPECTED:
        side, t, col = key
        check(t in lite or t in pg, "EXPECTED names a table no longer there: %r" % (key,))


if __name__ == "__main__":
    H.main()
