"""Open data (issue 14): /open-data and the anonymised downloads of
signals and kwesties, and the CBS population import.

Signals are made through the real API with text, an e-mail address, a
telephone number and a point; one is closed in triage, two join a kwestie
whose title is a spreadsheet formula.  The downloads (CSV parsed with
Python's csv module, JSON with json) must hold none of the text, address,
number, token, resident key or coordinates, must hold the buurt, the
right rows and counts (also past several pages: 2,500 rows made in the
database), a closed signal's day and outcome, the kwestie's title as
inert text in CSV and unchanged in JSON; demo rows stay out of an
installation that does not run as a demo; bad periods and parameters are
400 naming the field.

import-population: a good CBS-shaped file (numbers made up for the test)
writes areas.population and population_year and reports what matched; a
file with one bad line, or matching nothing, changes nothing.

    python3 tests/http/test_open_data.py --binary build/wijkagenda
"""
import csv
import datetime
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, contains, eq, not_contains, test  # noqa: E402

NOW = "2026-01-01T00:00:00.000Z"
DAM = (52.37310, 4.89260)
FORMULA = '=HYPERLINK("http://evil.example/x","klik hier")'
SIGNAL_COLS = ["id", "created_on", "closed_on", "kind", "category",
               "category_name", "status", "outcome", "buurt_code", "buurt_name",
               "wijk_code", "gebied_code", "stadsdeel_code", "kwesties", "demo"]
KWESTIE_COLS = ["id", "title", "description", "area_code", "area_level",
                "area_name", "buurt_code", "buurt_name", "wijk_code",
                "gebied_code", "stadsdeel_code", "theme", "category", "topic",
                "level", "status", "outcome", "duplicate_of", "merged_into",
                "forwarded_to", "regisseur", "urgency", "residents", "signals",
                "created_on", "closed_on", "demo"]
S = {"seq": 0, "signals": []}


def uniq():
    S["seq"] += 1
    return "%d-%d" % (os.getpid(), S["seq"])


def call(srv, method, path, obj=None):
    h = {"Authorization": "Bearer " + S["key"]}
    body = None
    if obj is not None:
        body = json.dumps(obj)
        h["Content-Type"] = "application/json"
    return srv.request(method, path, body=body, headers=h)


def write(srv, sql, args=()):
    c = H.sqlite3.connect(srv.db_path, timeout=10)
    try:
        c.execute(sql, args)
        c.commit()
    finally:
        c.close()


def get_csv(srv, path):
    r = srv.get(path, timeout=60)
    eq(r.status, 200, "GET %s (body %r)" % (path, r.body[:300]))
    eq(r.header("Content-Type"), "text/csv; charset=utf-8", "Content-Type")
    contains(r.header("Content-Disposition") or "", "attachment", "Content-Disposition")
    text = r.body.decode("utf-8")  # strict: UTF-8 or a failure
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    check(text.endswith("\r\n"), "CSV rows end with CRLF")
    return r, text, rows


def get_json(srv, path):
    r = srv.get(path, timeout=60)
    eq(r.status, 200, "GET %s (body %r)" % (path, r.body[:300]))
    eq(r.header("Content-Type"), "application/json; charset=utf-8", "Content-Type")
    return r, json.loads(r.body.decode("utf-8"))


def secrets(srv):
    """Every value of ours that must not be published."""
    out = []
    for s in S["signals"]:
        out += [s["text"], s["email"], s["phone"], s["token"],
                "%.4f" % s["lat"], "%.4f" % s["lon"]]
    for (k,) in srv.query("SELECT resident_key FROM signals WHERE resident_key"
                          " IS NOT NULL"):
        out.append(k)
    return out


# --------------------------------------------------------------------------
# set-up: an organisation of stadsdeel Centrum with an API key, three
# signals with everything a resident can give, one closed in triage, two
# in a kwestie with a formula for a title

@test
def set_up(srv):
    admin = H.choose_password(srv, H.admin_create(srv, "opendata-admin@example.org"))
    r = srv.post_json("/api/v1/organisations",
                      {"name": "Open data Centrum %s" % uniq(), "kind": "stadsdeel",
                       "areas": ["A"]},
                      headers={"Cookie": "sid=" + admin[0], "X-CSRF-Token": admin[1]})
    eq(r.status, 201, "organisation (body %r)" % r.body[:300])
    S["org"] = r.json()["id"]
    prefix = os.urandom(4).hex()
    S["key"] = "wak_%s_%s" % (prefix, H.new_token())
    write(srv, "INSERT INTO api_keys (organisation_id, name, prefix, key_hash, scopes,"
          " created_at) VALUES (?, ?, ?, ?, ?, ?)",
          (S["org"], "Open data", prefix, H.token_hash(S["key"]), "kwestie.manage", NOW))
    for i in range(3):
        s = {"text": "Geheime bewonerstekst %s over de stoep" % uniq(),
             "email": "bewoner%s@example.org" % uniq().replace("-", ""),
             "phone": "06123456%02d" % (i + 10),
             "lat": DAM[0] + i * 0.0001, "lon": DAM[1] + i * 0.0001}
        r = srv.post_json("/api/v1/signals", s)
        eq(r.status, 201, "report (body %r)" % r.body[:300])
        j = r.json()
        s["token"] = j["token"]
        s["buurt"] = j["areas"]["buurt"]["code"]
        s["buurt_name"] = j["areas"]["buurt"]["name"]
        s["id"] = srv.query("SELECT id FROM signals WHERE token = ?", (s["token"],))[0][0]
        S["signals"].append(s)
    a, b, c = S["signals"]
    r = call(srv, "POST", "/api/v1/triage/%d/close" % a["id"],
             {"outcome": "opgelost", "reason": "De stoeptegel ligt weer recht."})
    eq(r.status, 200, "triage close (body %r)" % r.body[:300])
    r = call(srv, "POST", "/api/v1/kwesties", {
        "title": FORMULA, "description": "+31 bellen helpt niet; -1 punt.",
        "area": b["buurt"], "level": "buurt", "level_reason": "Speelt in een straat.",
        "signals": [b["id"], c["id"]], "status": "opgepakt", "confirm_plain": True,
        "chain": [{"organisation": S["org"], "role": "regisseur"}]})
    eq(r.status, 201, "create a kwestie (body %r)" % r.body[:400])
    S["kwestie"] = r.json()["id"]


# --------------------------------------------------------------------------
# the downloads

@test
def signals_csv_anonymised(srv):
    r, text, rows = get_csv(srv, "/open-data/signalen.csv")
    eq(rows[0], SIGNAL_COLS, "the header")
    for secret in secrets(srv):
        not_contains(text, secret, "signalen.csv")
    by_id = {row[0]: dict(zip(SIGNAL_COLS, row)) for row in rows[1:]}
    eq(len(rows) - 1, srv.query("SELECT count(*) FROM signals WHERE is_demo = 0")[0][0],
       "one row per signal")
    a, b, c = S["signals"]
    ra, rb = by_id[str(a["id"])], by_id[str(b["id"])]
    eq((ra["buurt_code"], ra["buurt_name"]), (a["buurt"], a["buurt_name"]), "the buurt")
    check(ra["stadsdeel_code"] == "A" and ra["wijk_code"], "the area chain %r" % ra)
    eq((ra["outcome"], ra["closed_on"] == ra["created_on"], ra["kind"]),
       ("opgelost", True, "melding"), "the closed signal")
    check(len(ra["created_on"]) == 10, "a day, no time: %r" % ra["created_on"])
    eq((rb["closed_on"], rb["outcome"], rb["kwesties"], rb["status"]),
       ("", "", str(S["kwestie"]), "opgepakt"), "a signal in a kwestie")
    eq(ra["demo"], "0", "not demo")


@test
def signals_json_anonymised(srv):
    r, j = get_json(srv, "/open-data/signalen.json")
    for secret in secrets(srv):
        not_contains(r.body.decode("utf-8"), secret, "signalen.json")
    eq((j["dataset"], j["licence"], j["from"], j["to"]),
       ("signalen", "CC0-1.0", None, None), "the envelope")
    eq([list(row) for row in j["rows"][:1]], [SIGNAL_COLS], "the keys, in order")
    rows = {row["id"]: row for row in j["rows"]}
    b = S["signals"][1]
    eq((rows[b["id"]]["kwesties"], rows[b["id"]]["closed_on"], rows[b["id"]]["demo"]),
       ([S["kwestie"]], None, False), "a signal in a kwestie")
    eq(len(j["rows"]), srv.query("SELECT count(*) FROM signals WHERE is_demo = 0")[0][0],
       "one row per signal")


@test
def kwesties_formula_inert(srv):
    r, text, rows = get_csv(srv, "/open-data/kwesties.csv")
    eq(rows[0], KWESTIE_COLS, "the header")
    row = {rw[0]: dict(zip(KWESTIE_COLS, rw)) for rw in rows[1:]}[str(S["kwestie"])]
    eq(row["title"], "'" + FORMULA, "the formula gets an apostrophe")
    eq(row["description"], "'+31 bellen helpt niet; -1 punt.", "a + at the start too")
    for v in row.values():
        check(not v or v[0] not in "=+-@\t\r", "a cell a spreadsheet would run: %r" % v)
    eq((row["signals"], row["residents"], row["status"], row["buurt_code"]),
       ("2", "2", "opgepakt", S["signals"][1]["buurt"]), "the kwestie's figures")
    check(row["regisseur"].startswith("Open data Centrum"), "regisseur %r" % row["regisseur"])
    for secret in secrets(srv):
        not_contains(text, secret, "kwesties.csv")
    r, j = get_json(srv, "/open-data/kwesties.json")
    k = {x["id"]: x for x in j["rows"]}[S["kwestie"]]
    eq(k["title"], FORMULA, "JSON keeps the text as it is")
    eq(list(k), KWESTIE_COLS, "the keys, in order")
    eq(len(j["rows"]), srv.query("SELECT count(*) FROM kwesties WHERE is_demo = 0")[0][0],
       "one row per kwestie")


@test
def many_pages_and_demo(srv):
    """2,500 signals more than the page of 1,000, and a demo row that an
    installation without --demo leaves out."""
    write(srv, "INSERT INTO signals (municipality, token, kind, body,"
          " lat, lon, buurt_code, wijk_code, gebied_code, stadsdeel_code, status,"
          " created_at, dedupe_key, is_demo) WITH RECURSIVE n(i) AS (SELECT 1"
          " UNION ALL SELECT i + 1 FROM n WHERE i < 2500)"
          " SELECT 'GM0363', 'bulk-' || i,"
          " 'vraag', 'bulk tekst ' || i, 52.1234567, 4.7654321, 'AA01', 'AA',"
          " '03630950000022', 'A', 'gemeld', ?, 'bulk-' || i, 0 FROM n", (NOW,))
    write(srv, "INSERT INTO signals (municipality, token, kind, body, buurt_code,"
          " status, created_at, dedupe_key, is_demo) VALUES ('GM0363', 'demo-od',"
          " 'idee', 'demo', 'AA01', 'gemeld', ?, 'demo-od', 1)", (NOW,))
    total = srv.query("SELECT count(*) FROM signals WHERE is_demo = 0")[0][0]
    demo_id = srv.query("SELECT id FROM signals WHERE token = 'demo-od'")[0][0]
    r, text, rows = get_csv(srv, "/open-data/signalen.csv")
    ids = [int(x[0]) for x in rows[1:]]
    eq(len(ids), total, "every signal once")
    eq(ids, sorted(set(ids)), "ids ascending, none twice")
    check(demo_id not in ids, "the demo row is left out")
    not_contains(text, "bulk tekst", "signalen.csv")
    not_contains(text, "52.1234", "signalen.csv")
    r, j = get_json(srv, "/open-data/signalen.json")
    eq([x["id"] for x in j["rows"]], ids, "JSON has the same rows")


@test
def downloads_limited_and_http10_refused(srv):
    """At most 8 downloads are sent at once (web/open_data.h); the ninth
    gets 503 with Retry-After and a place frees when a reader goes.  An
    HTTP/1.0 client gets 505: its download's end would be the
    connection's, so a broken one would look whole."""
    import socket
    raw, _ = H.raw_request(srv.port, b"GET /open-data/signalen.csv HTTP/1.0\r\n\r\n")
    check(raw.startswith(b"HTTP/1.0 505") or raw.startswith(b"HTTP/1.1 505"),
          "HTTP/1.0: %r" % raw[:80])
    write(srv, "INSERT INTO signals (municipality, token, kind, body,"
          " buurt_code, status, created_at, dedupe_key, is_demo)"
          " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
          " WHERE i < 60000) SELECT 'GM0363', 'held-' || i, 'vraag', 'x', 'AA01',"
          " 'gemeld', ?, 'held-' || i, 0 FROM n", (NOW,))
    # larger than the cache keeps (4 MB of JSON at 32 MB): streamed
    r, j = get_json(srv, "/open-data/signalen.json")
    eq(r.header("Transfer-Encoding"), "chunked", "a download larger than the cache keeps")
    ids = [x["id"] for x in j["rows"]]
    eq(len(ids), srv.query("SELECT count(*) FROM signals WHERE is_demo = 0")[0][0],
       "every signal once, across what was rendered whole and the stream")
    eq(ids, sorted(set(ids)), "ids ascending, none twice")
    check(r.header("X-Cache") != "hit", "a streamed download is not kept")
    held = []
    try:
        for _ in range(8):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.connect(("127.0.0.1", srv.port))
            s.sendall(b"GET /open-data/signalen.json HTTP/1.1\r\nHost: x\r\n\r\n")
            head = s.recv(64)
            check(head.startswith(b"HTTP/1.1 200"), "a held download: %r" % head)
            held.append(s)
        r = srv.get("/open-data/kwesties.json")
        eq(r.status, 503, "the ninth download")
        check(r.header("Retry-After"), "503 without Retry-After")
    finally:
        for s in held:
            s.close()
    deadline = time.time() + 10
    while True:
        r = srv.get("/open-data/kwesties.json")
        if r.status == 200 or time.time() > deadline:
            break
        time.sleep(0.1)
    eq(r.status, 200, "a download once the readers went")
    write(srv, "DELETE FROM signals WHERE token LIKE 'held-%'")


def amsterdam_day(created_at):
    """The Amsterdam date of a stored UTC moment: the days of a download
    are Amsterdam's (between 23:00 and 24:00 UTC in winter the UTC date
    is the day before, and the test failed then)."""
    t = datetime.datetime.strptime(created_at[:19], "%Y-%m-%dT%H:%M:%S")
    t = t.replace(tzinfo=datetime.timezone.utc)
    return t.astimezone(ZoneInfo("Europe/Amsterdam")).date().isoformat()


@test
def a_day_is_answered_whole_and_kept(srv):
    """A download the cache can keep (a day of a city) is answered whole:
    Content-Length and an ETag, then from memory ("X-Cache: hit", 304 for
    its ETag) until a report of this municipality: then read again, with
    the new signal in it."""
    day = amsterdam_day(srv.query("SELECT created_at FROM signals WHERE id = ?",
                                  (S["signals"][0]["id"],))[0][0])
    for fmt in ("json", "csv"):
        path = "/open-data/signalen.%s?from=%s&to=%s" % (fmt, day, day)
        first = srv.get(path, timeout=60)
        eq(first.status, 200, path)
        check(first.header("Transfer-Encoding") is None, "%s: not chunked" % path)
        eq(first.header("Content-Length"), str(len(first.body)), "%s: Content-Length" % path)
        etag = first.header("ETag")
        check(etag, "%s: an ETag" % path)
        again = srv.get(path, timeout=60)
        eq(again.header("X-Cache"), "hit", "%s asked again" % path)
        eq(again.body, first.body, "%s: the same bytes" % path)
        r = srv.get(path, headers={"If-None-Match": etag})
        eq(r.status, 304, "%s with its ETag" % path)
    path = "/open-data/signalen.json?from=%s&to=%s" % (day, day)
    r = srv.post_json("/api/v1/signals", {"text": "Nog een losse stoeptegel %s" % uniq(),
                                          "lat": DAM[0], "lon": DAM[1]})
    eq(r.status, 201, "a report (body %r)" % r.body[:300])
    new = srv.query("SELECT id, created_at FROM signals WHERE token = ?",
                    (r.json()["token"],))[0]
    after = srv.get(path, timeout=60)
    check(after.header("X-Cache") != "hit", "after a report the day is read again")
    if amsterdam_day(new[1]) == day:
        check(new[0] in [x["id"] for x in json.loads(after.body)["rows"]],
              "the new signal is in the day")
    r = srv.get(path, headers={"If-None-Match": etag})
    eq(r.status, 200, "the old ETag after the report (rendered again)")


@test
def a_page_too_large_for_a_whole_answer_is_streamed(srv):
    """Hostile texts: kwesties whose descriptions are control characters
    (each written as a six-byte escape in JSON).  The first page of 1,000
    (3.6 MB) fits what a whole answer may hold (4 MB with the default
    cache), the second (13 MB) would pass the body's 16 MB: the server
    sends the first and streams the second instead of failing.  Every
    kwestie is in the download once, its text unchanged."""
    before = srv.query("SELECT count(*) FROM kwesties WHERE is_demo = 0")[0][0]
    for n, chars in ((1000, 600), (1000, 2200)):
        write(srv, "INSERT INTO kwesties (municipality, title, description,"
              " area_code, area_level, buurt_code, topic, level, level_rank,"
              " level_reason, status, created_at, updated_at)"
              " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
              " WHERE i < ?) SELECT 'GM0363', 'groot ' || i, ?, 'AA01', 'buurt',"
              " 'AA01', 'afval', 'buurt', 0, 'test', 'nieuw', ?, ? FROM n",
              (n, "\x01" * chars, NOW, NOW))
    try:
        r, j = get_json(srv, "/open-data/kwesties.json")
        eq(r.header("Transfer-Encoding"), "chunked", "streamed")
        eq(len(j["rows"]), before + 2000, "every kwestie once")
        big = [x for x in j["rows"] if x["title"].startswith("groot ")]
        eq(sorted(len(x["description"]) for x in big), [600] * 1000 + [2200] * 1000,
           "the texts whole")
        check(all(set(x["description"]) == {"\x01"} for x in big), "the texts unchanged")
    finally:
        write(srv, "DELETE FROM kwesties WHERE title LIKE 'groot %'")


@test
def a_page_larger_than_a_fill_is_sent_as_fewer_rows(srv):
    """Hostile texts again, larger: a page of 1,000 kwesties of 4,000
    control characters is 24 MB of JSON, more than one fill of the stream
    may hold (16 MB).  It broke the download off (chunked, cut, invalid
    JSON); now the page is read again as fewer rows.  Every kwestie once,
    its text unchanged; the CSV (one byte a character) too."""
    before = srv.query("SELECT count(*) FROM kwesties WHERE is_demo = 0")[0][0]
    write(srv, "INSERT INTO kwesties (municipality, title, description,"
          " area_code, area_level, buurt_code, topic, level, level_rank,"
          " level_reason, status, created_at, updated_at)"
          " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
          " WHERE i < 1000) SELECT 'GM0363', 'reus ' || i, ?, 'AA01', 'buurt',"
          " 'AA01', 'afval', 'buurt', 0, 'test', 'nieuw', ?, ? FROM n",
          ("\x01" * 4000, NOW, NOW))
    try:
        r, j = get_json(srv, "/open-data/kwesties.json")
        eq(r.header("Transfer-Encoding"), "chunked", "streamed")
        check(len(r.body) > 24_000_000, "the whole download (%d bytes)" % len(r.body))
        eq(len(j["rows"]), before + 1000, "every kwestie once")
        eq(len({x["id"] for x in j["rows"]}), before + 1000, "no kwestie twice")
        big = [x for x in j["rows"] if x["title"].startswith("reus ")]
        eq([len(x["description"]) for x in big], [4000] * 1000, "the texts whole")
        check(all(set(x["description"]) == {"\x01"} for x in big), "the texts unchanged")
        r, text, rows = get_csv(srv, "/open-data/kwesties.csv")
        eq(len(rows) - 1, before + 1000, "every kwestie once in the CSV")
        # the server still answers, and the next download is whole again
        eq(srv.get("/open-data").status, 200, "the server goes on")
    finally:
        write(srv, "DELETE FROM kwesties WHERE title LIKE 'reus %'")


@test
def period(srv):
    today = srv.query("SELECT created_at FROM signals WHERE id = ?",
                      (S["signals"][0]["id"],))[0][0]
    r, j = get_json(srv, "/open-data/signalen.json")
    day = {x["id"]: x for x in j["rows"]}[S["signals"][0]["id"]]["created_on"]
    r, j = get_json(srv, "/open-data/signalen.json?from=%s&to=%s" % (day, day))
    eq(sorted(x["id"] for x in j["rows"] if x["id"] in
              [s["id"] for s in S["signals"]]), [s["id"] for s in S["signals"]],
       "the day of the signals (created %s)" % today)
    eq((j["from"], j["to"]), (day, day), "the envelope names the period")
    check(all(x["created_on"] == day for x in j["rows"]), "only that day")
    r, j = get_json(srv, "/open-data/signalen.json?to=2025-12-31")
    eq(j["rows"], [], "nothing before 2026 (the bulk is of 2026-01-01 in UTC,"
       " 01:00 in Amsterdam)")
    r, j = get_json(srv, "/open-data/signalen.json?from=2026-01-01&to=2026-01-01")
    eq(len(j["rows"]), 2500, "the bulk day")
    r, text, rows = get_csv(srv, "/open-data/kwesties.csv?from=2999-01-01")
    eq(rows, [KWESTIE_COLS], "only the header")


@test
def bad_parameters(srv):
    cases = [
        ("from=2026-13-01", "from"), ("to=gisteren", "to"),
        ("from=2026-02-01&to=2026-01-31", "to"),
        ("from=2020-01-01&to=2026-01-01", "to"),
        ("from=2026-01-01&from=2026-02-01", "from"),
        ("format=xml", "format"), ("from=2026-1-1", "from"),
    ]
    for path in ("/open-data/signalen.csv", "/open-data/kwesties.json"):
        for q, field in cases:
            r = srv.get(path + "?" + q)
            eq(r.status, 400, "%s?%s" % (path, q))
            err = r.json()["error"]
            check(field in err.get("fields", {}), "%s?%s names %s: %r"
                  % (path, q, field, err))


@test
def index_page(srv):
    r = srv.get("/open-data")
    eq(r.status, 200, "GET /open-data")
    page = r.body.decode("utf-8")
    for href in ("/open-data/signalen.csv", "/open-data/signalen.json",
                 "/open-data/kwesties.csv", "/open-data/kwesties.json",
                 "https://creativecommons.org/publicdomain/zero/1.0/"):
        contains(page, 'href="%s"' % href, "/open-data")
    for col in SIGNAL_COLS + KWESTIE_COLS:
        contains(page, "<code>%s</code>" % col, "the data dictionary")
    contains(page, "Licentie", "/open-data")
    r = srv.get("/open-data?lang=en")
    contains(r.body.decode("utf-8"), "Licence", "/open-data in English")
    not_contains(r.body.decode("utf-8"), "Betekenis", "/open-data in English")


# --------------------------------------------------------------------------
# import-population (the CLI, on the server's database)

def run(args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([os.path.abspath(H.Ctx.args.binary)] + args,
                       capture_output=True, timeout=60, env=env,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def population(srv):
    return srv.query("SELECT code, population, population_year FROM areas"
                     " WHERE population IS NOT NULL ORDER BY code")


# Made up for the test: not CBS figures.
GOOD = ('\ufeff"ID";"WijkenEnBuurten";"SoortRegio_2";"Codering_3";'
        '"AantalInwoners_5"\r\n'
        '1;"NL00      ";"Land";"NL00      ";17000000\r\n'
        '2;"GM0363    ";"Gemeente";"GM0363    ";900000\r\n'
        '3;"WK0363AA  ";"Wijk";"WK0363AA  ";5000\r\n'
        '4;"BU0363AA01";"Buurt";"BU0363AA01";1500\r\n'
        '5;"BU0363AA02";"Buurt";"BU0363AA02";.\r\n'
        '6;"BU0363ZZ99";"Buurt";"BU0363ZZ99";12\r\n'
        '7;"BU0518AB01";"Buurt";"BU0518AB01";300\r\n')


def write_file(content):
    fd, path = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(content)
    return path


@test
def import_population(srv):
    eq(population(srv), [], "no population before (the shipped data has none)")
    f = write_file(GOOD)
    try:
        rc, out, err = run(["import-population", "--db", srv.db_path,
                            "--year", "2024", f])
    finally:
        os.unlink(f)
    eq(rc, 0, "import-population (stderr %r)" % err)
    contains(out, "matched 3 areas (1 buurt, 1 wijk, 1 gemeente", "report")
    contains(out, "unmatched 1, other municipalities or regions 2, without a "
             "figure 1", "report")
    contains(out, "line 7: ZZ99", "report")
    eq(population(srv), [("AA", 5000, 2024), ("AA01", 1500, 2024),
                         ("GM0363", 900000, 2024)], "areas.population")
    eq(srv.query("SELECT count(*) FROM audit_log WHERE action = 'population.import'")[0][0],
       1, "one audit row")


@test
def import_population_refused(srv):
    before = population(srv)
    bad = GOOD.replace("5000", "5.000") + '8;"BU0363AA03";"Buurt";"BU0363AA03";7\r\n'
    for content, says in [
        (bad.replace("1500", "1600"), "line 4: \"5.000\" is not a number"),
        ("Codering_3;AantalInwoners_5\nBU0363AA03;7\nBU0363AA03;8\n",
         "line 3: area AA03 again"),
        ("Codering_3;AantalInwoners_5\nBU03630000;7\nWK036300;8\n",
         "no row matched an area of GM0363"),
        ("Codering_3;Naam\nBU0363AA01;x\n", "line 1: the header has no inhabitants"),
    ]:
        f = write_file(content)
        try:
            rc, out, err = run(["import-population", "--db", srv.db_path,
                                "--year", "2025", f])
        finally:
            os.unlink(f)
        eq(rc, 1, "refused: %s (stdout %r)" % (says, out))
        contains(err, says, "the message")
        eq(population(srv), before, "nothing changed (%s)" % says)
    rc, out, err = run(["import-population", "--db", srv.db_path, "/nonexistent.csv"])
    eq(rc, 2, "without --year: usage")


if __name__ == "__main__":
    H.main()
