"""Moving an installation from SQLite to PostgreSQL (issue 5):
`wijkagenda migrate-data --from sqlite:PATH --to postgres://...`.

Only meaningful on PostgreSQL: without WIJKAGENDA_TEST_PG it prints why it
skips and "0 passed, 0 failed".

- a SQLite installation with demo data, signals with contact data and a
  professional account is copied into an empty database: every table has
  the same number of rows on both sides, a server on the copy shows the
  signals, logs the professional in, finds services in the social map
  (the search column is rebuilt) and takes new signals (the id sequences
  were moved past the copied ids);
- a target that is not empty, a missing or foreign source file and a
  target that is not PostgreSQL are refused with a clear message and
  change nothing.

SPDX-License-Identifier: EUPL-1.2
"""
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse

import harness as H
from harness import cookies, csrf_of  # noqa: E402
from harness import check, contains, eq, test

PASSWORD = "demo-wachtwoord-2026"
DEMO_ADMIN = "beheerder@demo.wijkagenda.nl"


class State:
    dir = None
    source = None      # path of the SQLite file
    target = None      # URL of the PostgreSQL copy
    tokens = []        # (token, text) of signals made on the source


def cli(srv, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    return subprocess.run([srv.binary] + list(args), capture_output=True,
                          text=True, timeout=300, env=env,
                          stdin=subprocess.DEVNULL)


def sqlite_server(srv):
    """A server on a SQLite file, whatever backend the harness is on."""
    s = H.Server(srv.binary, ["--demo"], db_dir=State.dir, db_name="bron.db")
    s.db_path = State.source
    return s


def server_on(srv, url, extra=()):
    s = H.Server(srv.binary, list(extra))
    s.db_path = url
    return s


def sqlite_counts(path):
    c = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        tables = [r[0] for r in c.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
            " AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\'"
            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")]
        return {t: c.execute('SELECT COUNT(*) FROM "%s"' % t).fetchone()[0]
                for t in tables}
    finally:
        c.close()


def pg_count(url, table):
    return H.db_query(url, 'SELECT COUNT(*) FROM "%s"' % table)[0][0]


@test
def source_installation(srv):
    State.dir = tempfile.mkdtemp(prefix="wijkagenda-migrate-")
    State.source = os.path.join(State.dir, "bron.db")
    s = sqlite_server(srv).start()
    try:
        for i in range(5):
            text = "verhuizing %d: de stoeptegel bij nummer %d ligt los" % (i, i)
            body = {"text": text, "buurt": "AA01", "kind": "melding"}
            if i % 2 == 0:
                body.update(email="bewoner%d@example.org" % i,
                            phone="+31 6 1234 567%d" % i, age_band="30-44")
            r = s.post_json("/api/v1/signals", body)
            eq(r.status, 201, "intake on SQLite (%r)" % r.body[:200])
            State.tokens.append((r.json()["token"], text))
    finally:
        rc, _ = s.stop()
        s.cleanup()
    eq(rc, 0, "SQLite server stopped cleanly")
    counts = sqlite_counts(State.source)
    check(counts.get("signals", 0) >= 5, "signals on the source: %r" % counts)
    check(counts.get("services", 0) > 0, "demo services on the source")


@test
def copies_every_table(srv):
    State.target = H.pg_database_for(os.path.join(State.dir, "doel"))
    p = cli(srv, "migrate-data", "--from", "sqlite:" + State.source,
            "--to", State.target)
    eq(p.returncode, 0, "migrate-data exit code (stderr %r)" % p.stderr[-800:])
    counts = sqlite_counts(State.source)
    differ = {t: (n, pg_count(State.target, t)) for t, n in counts.items()
              if pg_count(State.target, t) != n}
    eq(differ, {}, "tables whose row counts differ (sqlite, postgres)")
    for t in ("signals", "signal_contacts", "organisations", "services",
              "accounts", "areas", "audit_log"):
        if t in counts:
            check(re.search(r"^%s\s+%d\b" % (re.escape(t), counts[t]), p.stdout, re.M),
                  "migrate-data reports %s with %d rows: %r" % (t, counts[t], p.stdout[-1500:]))


@test
def the_copy_serves(srv):
    # the residents' keys of the copy are keyed with the source's secret
    # file (app/resident.h): without it the copy refuses to start
    s = server_on(srv, State.target)
    try:
        s.start(timeout=20)
        check(False, "the copy started without the source's secret file")
    except RuntimeError as e:
        contains(str(e), "not the one this database", "why the copy did not start")
    finally:
        s.cleanup()
    s = server_on(srv, State.target,
                  ["--secret-file", State.source + ".secret"]).start()
    try:
        for token, text in State.tokens:
            r = s.get("/m/" + token)
            eq(r.status, 200, "tracking page of a moved signal")
            contains(r.text, text, "its text")
        r = s.post_json("/api/v1/signals", {"text": "na de verhuizing: een nieuwe"
                                            " melding over de stoep", "buurt": "AA01"})
        eq(r.status, 201, "a new signal on the copy (id sequence moved) %r" % r.body[:300])
        r = s.get("/sociale-kaart?" + urllib.parse.urlencode({"q": "schulden"}))
        eq(r.status, 200, "social map search")
        check("Geen resultaten" not in r.text and "<h3" in r.text,
              "the search column was rebuilt: results for 'schulden'")
        r = s.get("/login")
        lc = cookies(r)["lc"]
        r = s.post_form("/login", {"csrf": csrf_of(r), "email": DEMO_ADMIN,
                                   "password": PASSWORD},
                        headers={"Cookie": "lc=" + lc})
        eq(r.status, 303, "the demo admin logs in on the copy (hash moved)")
    finally:
        rc, _ = s.stop()
        s.cleanup()
    eq(rc, 0, "server on the copy stopped cleanly")


@test
def refuses_a_target_that_is_not_empty(srv):
    before = H.db_checksum(State.target)
    p = cli(srv, "migrate-data", "--from", "sqlite:" + State.source,
            "--to", State.target)
    check(p.returncode != 0, "second migrate-data into the copy must fail")
    check(re.search(r"not empty|niet leeg|already", p.stderr, re.I),
          "clear message: %r" % p.stderr[-400:])
    eq(H.db_checksum(State.target), before, "target unchanged")


@test
def refuses_bad_sources_and_targets(srv):
    empty = H.pg_database_for(os.path.join(State.dir, "leeg"))
    before = H.db_checksum(empty)
    junk = os.path.join(State.dir, "geen-database.db")
    with open(junk, "wb") as f:
        f.write(b"dit is geen SQLite-bestand\n" * 100)
    cases = [
        (["--from", "sqlite:" + os.path.join(State.dir, "bestaat-niet.db"),
          "--to", empty], r"unable to open|no such|bestaat-niet"),
        (["--from", "sqlite:" + junk, "--to", empty], r"not a database|file is not"),
        (["--from", "sqlite:" + State.source, "--to",
          os.path.join(State.dir, "ander.db")], r"postgres"),
        (["--from", State.source], r"usage|--to"),
    ]
    for args, pattern in cases:
        p = cli(srv, "migrate-data", *args)
        check(p.returncode != 0, "migrate-data %r must fail" % (args,))
        check(re.search(pattern, p.stderr, re.I),
              "migrate-data %r: message %r" % (args, p.stderr[-400:]))
    eq(H.db_checksum(empty), before, "the empty target is unchanged")
    check(not os.path.exists(os.path.join(State.dir, "ander.db")),
          "no SQLite file made for a refused target")


if __name__ == "__main__":
    if not H.PG:
        print("SKIP test_migrate_data.py: migrate-data needs a PostgreSQL"
              " target; set WIJKAGENDA_TEST_PG (make test runs it on PostgreSQL)")
        print("0 passed, 0 failed")
        sys.exit(0)
    H.main()
