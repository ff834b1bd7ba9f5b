"""HTTP tests of the public figures (issue 14, src/app/figures.c,
src/web/figures.c, docs/open-data.md "## Figures (cijfers)") against the
real server, on SQLite and (with WIJKAGENDA_TEST_PG) PostgreSQL.

The figures are made by real API calls: residents report (with and
without an address, one address twice), support a kwestie, professionals
make and keep promises and close the kwestie, and residents grade it
through POST /api/v1/signals/{token}/grade.  Every number is computed here
independently (Python's statistics module, a t table, the definitions of
docs/open-data.md) and compared with the JSON and the CSV: reach with a
resident counted once, signals and closed, the grade mean, its 95%
interval, median, distribution and share of 8 or higher, the shares of
ja/deels/nee, promises, speed, outcomes, levels, the trend of this month,
the areas one level down; a grade figure from 9 respondents is null with
"suppressed": true, from 10 it is shown.  Per organisation and theme too.
Bad input (unknown area, organisation or theme: 404; a malformed date,
`to` before `from`, five years or more, an unknown parameter: 400 naming
the field) changes nothing.

Answers are cached per scope and period for 15 minutes (computed_at), so
each check asks for a period of its own (`from` a day later each time);
one test holds the cache itself.

    python3 tests/http/test_figures.py --binary build/wijkagenda
"""
import csv
import datetime
import io
import json
import math
import os
import statistics
import sys
import time
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
import smtpd  # noqa: E402
from harness import check, eq, test  # noqa: E402

SMTP = smtpd.SmtpServer(port=0).start()
KW = "/api/v1/kwesties"
ST = {"seq": 0, "from": 0}
MUNI = "GM0363"
# Student's t, p = 0.975, from a printed table (not from our C)
T975 = {9: 2.262, 10: 2.228, 11: 2.201}
GRADES = [6, 7, 7, 8, 8, 8, 9, 9, 10, 10]
SOLVED = ["nee", "deels", "deels", "deels", "ja", "ja", "ja", "ja", "ja", "ja"]


def uniq():
    ST["seq"] += 1
    return "%d-%d" % (os.getpid(), ST["seq"])


def today():
    return datetime.datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def fresh_from():
    """A period of its own for each question (the cache keeps answers per
    period): from a day later each time, always covering today."""
    ST["from"] += 1
    return (today() - datetime.timedelta(days=300 - ST["from"])).isoformat()


def who_headers(who="A"):
    if who is None:
        return {}
    sid, csrf = ST["people"][who]
    return {"Cookie": "sid=" + sid, "X-CSRF-Token": csrf}


def call(srv, method, path, obj=None, who="A"):
    h = who_headers(who)
    body = json.dumps(obj) if obj is not None else None
    if body is not None:
        h["Content-Type"] = "application/json"
    return srv.request(method, path, body=body, headers=h)


def report(srv, buurt, email=None):
    body = {"text": "Cijfers %s: volle prullenbak" % uniq(), "buurt": buurt}
    if email:
        body["email"] = email
    r = srv.post_json("/api/v1/signals", body)
    eq(r.status, 201, "report (body %r)" % r.body[:200])
    tok = r.json()["token"]
    sid = srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]
    ST["reports"].append((buurt, (email or "client").lower()))
    return sid, tok


def figures(srv, path, **q):
    q.setdefault("from", fresh_from())
    qs = "&".join("%s=%s" % kv for kv in q.items())
    r = srv.get("%s?%s" % (path, qs))
    eq(r.status, 200, "GET %s (body %r)" % (path, r.body[:300]))
    check(r.header("Content-Type", "").startswith("application/json"), "JSON")
    return r.json()


def area(srv, code, **q):
    return figures(srv, "/api/v1/areas/%s/figures" % code, **q)


def near(got, want, what, tol=0.0001):
    check(got is not None and abs(got - want) <= tol,
          "%s: %r, want %r" % (what, got, want))


def bad(srv, path, status, field=None):
    with H.unchanged(srv):
        r = srv.get(path)
        H.check_json_error(r, status, field)


# --------------------------------------------------------------------------

@test
def set_up(srv):
    ST["srv"], ST["reports"], ST["supporters"] = srv, [], []
    ST["admin"] = H.choose_password(srv, H.admin_create(srv, "fg-admin@example.org"))
    ST["org"], ST["people"] = {}, {}
    sid, csrf = ST["admin"]
    r = srv.post_json("/api/v1/organisations",
                      {"name": "Cijfers West %s" % uniq(), "kind": "stadsdeel",
                       "areas": ["A"]},
                      headers={"Cookie": "sid=" + sid, "X-CSRF-Token": csrf})
    eq(r.status, 201, "organisation (body %r)" % r.body[:200])
    ST["org"]["A"] = r.json()["id"]
    n = len(SMTP.messages)
    r = srv.post_json("/api/v1/organisations/%d/members" % ST["org"]["A"],
                      {"email": "fg-coord@example.org", "role": "coordinator"},
                      headers={"Cookie": "sid=" + sid, "X-CSRF-Token": csrf})
    eq(r.status, 201, "invite a coordinator")
    ST["people"]["A"] = H.choose_password(
        srv, H.mail_link(SMTP, "fg-coord@example.org", after=n))


@test
def empty_city(srv):
    """Before anything is reported: zeros, and grades suppressed (none)."""
    j = area(srv, MUNI)
    eq(j["scope"], {"kind": "area", "code": MUNI, "name": "Amsterdam",
                    "level": "gemeente"}, "scope")
    eq(j["period"]["to"], today().isoformat(), "to: today")
    eq(j["min_respondents"], 10, "min_respondents")
    eq((j["reach"]["residents"], j["signals"]["reported"]), (0, 0), "nothing yet")
    eq((j["grades"]["n"], j["grades"]["mean"], j["grades"]["suppressed"]),
       (0, None, True), "no grades: nothing shown")
    eq(len(j["areas"]), 9, "the stadsdelen")
    # the default period: the last twelve months up to today
    r = srv.get("/api/v1/areas/%s/figures" % MUNI)
    p = r.json()["period"]
    y = today().replace(year=today().year - 1) + datetime.timedelta(days=1)
    eq((p["from"], p["to"]), (y.isoformat(), today().isoformat()), "default period")
    check(r.header("Cache-Control", "").startswith("public"), "cacheable")


@test
def the_scene(srv):
    """Ten reports in AA01 (one address twice, two without an address), one
    in AB01; a kwestie of nine AA01 signals, supported; promises; closed;
    graded by nine, then ten."""
    emails = ["a@example.org", "A@example.org", "b@example.org", "c@example.org",
              "d@example.org", "e@example.org", "f@example.org", "g@example.org",
              None, None]
    sigs = [report(srv, "AA01", e) for e in emails]
    ST["lone"] = report(srv, "AB01", "h@example.org")
    body = {"title": "Prullenbakken %s" % uniq(), "description": "Vol.",
            "area": "AA01", "level": "buurt", "level_reason": "Een straat.",
            "signals": [s for s, _ in sigs[:9]], "status": "opgepakt",
            "chain": [{"organisation": ST["org"]["A"], "role": "regisseur"}]}
    r = call(srv, "POST", KW, body)
    eq(r.status, 201, "create a kwestie (body %r)" % r.body[:300])
    kid = ST["kid"] = r.json()["id"]
    for e in ("a@example.org", "z@example.org", None):
        r = srv.post_json("%s/%d/support" % (KW, kid), {"email": e} if e else {})
        check(r.status in (200, 201), "support (body %r)" % r.body[:200])
        ST["supporters"].append((e or "client").lower())
    due = (today() + datetime.timedelta(days=10)).isoformat()
    ids = []
    for what in ("We legen de bakken.", "We plaatsen een grotere bak."):
        r = call(srv, "POST", "%s/%d/promises" % (KW, kid), {"what": what, "due": due})
        eq(r.status, 201, "promise (body %r)" % r.body[:300])
        ids.append(r.json()["id"])
    r = call(srv, "PATCH", "/api/v1/promises/%d" % ids[0],
             {"version": 1, "status": "gehaald"})
    eq(r.status, 200, "promise kept (body %r)" % r.body[:300])
    v = srv.get("%s/%d" % (KW, kid)).json()["version"]
    r = call(srv, "PATCH", "%s/%d" % (KW, kid),
             {"version": v, "status": "afgerond", "outcome": "opgelost"})
    eq(r.status, 200, "close (body %r)" % r.body[:300])
    # nine grades from nine people: reporters with their own address
    # (a@ and A@ are one person: use a@ once), then the client's key
    tokens = [sigs[i][1] for i in (0, 2, 3, 4, 5, 6, 7, 8)]
    ST["tokens"] = tokens
    for i, tok in enumerate(tokens):
        r = srv.post_json("/api/v1/signals/%s/grade" % tok,
                          {"grade": GRADES[i], "solved": SOLVED[i]})
        eq(r.status, 201, "grade %d (body %r)" % (i, r.body[:200]))


@test
def suppressed_below_ten(srv):
    n = srv.query("SELECT COUNT(*) FROM grades")[0][0]
    eq(n, 8, "eight grades so far")
    # a ninth person, reporting now: a closed kwestie takes no new signals
    # through the API, so the link is written to the database
    sid, tok = report(srv, "AA01", "i@example.org")
    write("INSERT INTO kwestie_signals (kwestie_id, signal_id, linked_at)"
          " VALUES (?, ?, ?)", (ST["kid"], sid, now_iso()))
    ST["tokens"].append(tok)
    r = srv.post_json("/api/v1/signals/%s/grade" % tok,
                      {"grade": GRADES[8], "solved": SOLVED[8]})
    eq(r.status, 201, "ninth grade (body %r)" % r.body[:200])
    j = area(srv, "AA01")
    g = j["grades"]
    eq((g["n"], g["suppressed"]), (9, True), "nine respondents: suppressed")
    for k in ("mean", "ci95", "median", "distribution", "share_8_plus"):
        eq(g[k], None, "grades.%s hidden" % k)
    eq((j["solved"]["n"], j["solved"]["suppressed"], j["solved"]["ja"]),
       (9, True, None), "solved hidden")
    month = [m for m in j["trend"] if m["month"] == today().strftime("%Y-%m")][0]
    eq((month["grades"], month["grade_mean"], month["suppressed"]), (9, None, True),
       "the month's mean hidden")
    # the CSV says the same
    rows = csv_rows(srv, "/api/v1/areas/AA01/figures.csv?from=" + fresh_from())
    mean = [x for x in rows if x["figure"] == "grades" and x["key"] == "mean"][0]
    eq((mean["value"], mean["n"], mean["suppressed"]), ("", "9", "1"), "CSV: hidden")


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z")


def write(sql, args=()):
    c = H.sqlite3.connect(ST["srv"].db_path, timeout=10)
    try:
        c.execute(sql, args)
        c.commit()
    finally:
        c.close()


def csv_rows(srv, path):
    r = srv.get(path)
    eq(r.status, 200, "GET %s (body %r)" % (path, r.body[:300]))
    eq(r.header("Content-Type"), "text/csv; charset=utf-8", "Content-Type")
    check((r.header("Content-Disposition") or "").startswith("attachment; filename="),
          "Content-Disposition %r" % r.header("Content-Disposition"))
    text = r.body.decode("utf-8")
    check("\r\n" in text and "\n" not in text.replace("\r\n", ""), "CRLF lines")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    eq(list(rows[0].keys()), ["scope_kind", "scope_code", "period_from", "period_to",
                              "figure", "key", "value", "n", "suppressed"], "columns")
    return rows


def expected_grades(values):
    n = len(values)
    mean = statistics.mean(values)
    half = T975[n - 1] * statistics.stdev(values) / math.sqrt(n)
    dist = [values.count(g) for g in range(1, 11)]
    return {"n": n, "mean": mean, "lo": mean - half, "hi": mean + half,
            "median": statistics.median(values), "dist": dist,
            "share8": sum(1 for v in values if v >= 8) / n}


@test
def ten_grades_are_shown(srv):
    sid, tok = report(srv, "AA01", "j@example.org")
    write("INSERT INTO kwestie_signals (kwestie_id, signal_id, linked_at)"
          " VALUES (?, ?, ?)", (ST["kid"], sid, now_iso()))
    r = srv.post_json("/api/v1/signals/%s/grade" % tok,
                      {"grade": GRADES[9], "solved": SOLVED[9]})
    eq(r.status, 201, "tenth grade (body %r)" % r.body[:200])
    want = expected_grades(GRADES)
    for code in ("AA01", "AA", MUNI):
        g = area(srv, code)["grades"]
        eq((g["n"], g["suppressed"]), (10, False), "%s: ten respondents" % code)
        near(g["mean"], want["mean"], "mean")
        # the t value of the table has three decimals: 0.001 * 0.42
        near(g["ci95"][0], want["lo"], "ci95 lo", 0.001)
        near(g["ci95"][1], want["hi"], "ci95 hi", 0.001)
        near(g["median"], want["median"], "median")
        eq(g["distribution"], want["dist"], "distribution")
        near(g["share_8_plus"], want["share8"], "share 8+")
    s = area(srv, "AA01")["solved"]
    eq((s["n"], s["suppressed"]), (10, False), "solved n")
    for k in ("ja", "deels", "nee"):
        near(s[k], SOLVED.count(k) / 10, "solved %s" % k)
    # a buurt elsewhere has none of them
    eq(area(srv, "AB01")["grades"]["n"], 0, "AB01: no grades")


@test
def reach_signals_promises_outcomes(srv):
    j = area(srv, MUNI)
    people = {p for _, p in ST["reports"]} | set(ST["supporters"])
    eq(j["reach"]["residents"], len(people), "reach: %r" % sorted(people))
    eq(j["reach"]["population"], None, "no population imported")
    eq(j["reach"]["per_1000"], None, "no population: no per 1,000")
    eq(j["signals"]["reported"], len(ST["reports"]), "signals reported")
    closed = srv.query("SELECT COUNT(*) FROM signals WHERE closed_at IS NOT NULL")[0][0]
    eq(j["signals"]["closed"], closed, "closed")
    eq(j["promises"], {"made": 2, "kept_on_time": 1, "kept_late": 0, "late_open": 0,
                       "broken": 0, "changed": 0, "open": 1}, "promises")
    eq(j["outcomes"], {"opgelost": 1}, "outcomes")
    eq(j["levels"], {"buurt": 1}, "levels")
    month = [m for m in j["trend"] if m["month"] == today().strftime("%Y-%m")][0]
    eq((month["signals"], month["closed"], month["grades"]),
       (len(ST["reports"]), closed, 10), "this month")
    near(month["grade_mean"], statistics.mean(GRADES), "this month's mean")
    eq(sum(m["signals"] for m in j["trend"]), len(ST["reports"]), "trend total")
    # the stadsdelen: everything is in Centrum (A)
    a = [x for x in j["areas"] if x["code"] == "A"][0]
    eq((a["signals"], a["residents"], a["grade_n"]),
       (len(ST["reports"]), len(people), 10), "stadsdeel A")
    near(a["grade_mean"], statistics.mean(GRADES), "stadsdeel A mean")
    others = [x for x in j["areas"] if x["code"] != "A"]
    check(all(x["signals"] == 0 and x["grade_mean"] is None for x in others),
          "the other stadsdelen are empty")
    # a buurt: AA01's reporters and the kwestie's supporters
    b = area(srv, "AA01")
    aa01 = {p for bu, p in ST["reports"] if bu == "AA01"} | set(ST["supporters"])
    eq(b["reach"]["residents"], len(aa01), "AA01 reach")
    eq(b["areas"], [], "a buurt has no areas below it")
    eq(b["scope"]["level"], "buurt", "level")


@test
def speed_from_the_rows(srv):
    """Median days to the first response (linked, promise, timeline entry
    other than the receipt, or closed) and to closing, from the rows."""
    rows = srv.query(
        "SELECT s.created_at, s.closed_at,"
        " (SELECT MIN(linked_at) FROM kwestie_signals k WHERE k.signal_id = s.id),"
        " (SELECT MIN(created_at) FROM promises p WHERE p.signal_id = s.id),"
        " (SELECT MIN(at) FROM timeline t WHERE t.signal_id = s.id"
        "  AND t.kind <> 'received') FROM signals s")

    def ts(v):
        return datetime.datetime.fromisoformat(v.replace("Z", "+00:00")) if v else None

    first, close = [], []
    for c, cl, *rest in rows:
        c0 = ts(c)
        cands = [ts(x) for x in [cl] + rest if x]
        if cands:
            first.append(max(0, (min(cands) - c0).total_seconds()) / 86400)
        if cl:
            close.append(max(0, (ts(cl) - c0).total_seconds()) / 86400)
    sp = area(srv, MUNI)["speed"]
    eq(sp["n"], len(rows), "speed n")
    eq(sp["first_response_n"], len(first), "first response n")
    near(sp["first_response_days_median"], statistics.median(first), "first median")
    eq(sp["closed_n"], len(close), "closed n")
    near(sp["closing_days_median"], statistics.median(close), "closing median")


@test
def per_1000_inhabitants(srv):
    """A buurt's own population; a wijk without one adds up its buurten
    when all of them have one; the city, with buurten unknown, has none."""
    buurten = [r[0] for r in srv.query(
        "SELECT code FROM areas WHERE parent_code = 'AA' ORDER BY code")]
    check("AA01" in buurten and len(buurten) > 1, "the buurten of AA: %r" % buurten)
    for i, code in enumerate(buurten):
        write("UPDATE areas SET population = ? WHERE code = ?", (1000 + 500 * i, code))
    total = sum(1000 + 500 * i for i in range(len(buurten)))
    b = area(srv, "AA01")
    own = 1000 + 500 * buurten.index("AA01")
    eq(b["reach"]["population"], own, "AA01's own")
    near(b["reach"]["per_1000"], b["reach"]["residents"] * 1000 / own, "AA01 per 1,000")
    w = area(srv, "AA")
    eq(w["reach"]["population"], total, "AA: the sum of its buurten")
    near(w["reach"]["per_1000"], w["reach"]["residents"] * 1000 / total, "AA per 1,000")
    x = [a for a in w["areas"] if a["code"] == "AA01"][0]
    eq(x["population"], own, "AA01 on AA's map")
    near(x["per_1000"], x["residents"] * 1000 / own, "AA01 per 1,000 on the map")
    eq(area(srv, MUNI)["reach"]["population"], None, "the city: not all known")
    write("UPDATE areas SET population = NULL WHERE parent_code = 'AA'")


@test
def csv_matches_json(srv):
    f = fresh_from()
    j = area(srv, MUNI, **{"from": f})
    rows = csv_rows(srv, "/api/v1/areas/%s/figures.csv?from=%s" % (MUNI, f))
    check(all(r["scope_kind"] == "area" and r["scope_code"] == MUNI
              and r["period_from"] == f and r["period_to"] == today().isoformat()
              for r in rows), "scope and period on every row")
    val = {(r["figure"], r["key"]): r for r in rows}
    eq(val[("scope", "computed_at")]["value"], j["computed_at"], "computed_at")
    eq(int(val[("reach", "residents")]["value"]), j["reach"]["residents"], "reach")
    near(float(val[("grades", "mean")]["value"]), j["grades"]["mean"], "mean")
    eq(val[("grades", "mean")]["n"], "10", "n of the mean")
    for g in range(1, 11):
        eq(int(float(val[("grade_distribution", str(g))]["value"])),
           j["grades"]["distribution"][g - 1], "distribution %d" % g)
    for k, v in j["promises"].items():
        eq(int(val[("promises", k)]["value"]), v, "promises %s" % k)
    eq(val[("area_name", "A")]["value"], "Centrum", "an area's name")
    eq(int(val[("trend_signals", today().strftime("%Y-%m"))]["value"]),
       len(ST["reports"]), "trend")


@test
def organisation_and_theme(srv):
    o = figures(srv, "/api/v1/organisations/%d/figures" % ST["org"]["A"])
    eq((o["scope"]["kind"], o["scope"]["code"]), ("organisation", str(ST["org"]["A"])),
       "scope")
    # it answers for every signal in stadsdeel A and steers the kwestie
    eq(o["signals"]["reported"], len(ST["reports"]), "its signals")
    eq(o["promises"]["made"], 2, "its promises")
    eq(o["grades"]["n"], 10, "its grades")
    eq(o["areas"], [], "no map for an organisation")
    topic = srv.query("SELECT topic FROM kwesties WHERE id = ?", (ST["kid"],))[0][0]
    t = figures(srv, "/api/v1/themes/%s/figures" % topic)
    eq((t["scope"]["kind"], t["scope"]["code"]), ("theme", topic), "theme scope")
    eq(t["levels"], {"buurt": 1}, "the theme's kwestie")
    eq(t["grades"]["n"], 10, "the theme's grades")
    r = srv.get("/api/v1/themes/%s/figures.csv" % topic)
    eq(r.status, 200, "theme CSV")


@test
def cached_with_computed_at(srv):
    f = fresh_from()
    a = area(srv, "AA01", **{"from": f})
    report(srv, "AA01", "k@example.org")
    b = area(srv, "AA01", **{"from": f})
    eq(b["computed_at"], a["computed_at"], "the same answer within 15 minutes")
    eq(b, a, "the cached answer, read back and written again, is the same")
    c = area(srv, "AA01")
    eq(c["signals"]["reported"], a["signals"]["reported"] + 1, "another period: fresh")
    check(c["computed_at"] >= a["computed_at"], "computed_at moves on")
    eq(srv.query("SELECT COUNT(*) FROM figures_cache WHERE scope_code = 'AA01'"
                 " AND period_from = ?", (f,)), [(1,)], "one cache row")
    # the city with its areas, grades shown and suppressed, from the cache
    f = fresh_from()
    a = area(srv, MUNI, **{"from": f})
    eq(area(srv, MUNI, **{"from": f}), a, "the city's cached answer")
    a = figures(srv, "/api/v1/organisations/%d/figures" % ST["org"]["A"], **{"from": f})
    eq(figures(srv, "/api/v1/organisations/%d/figures" % ST["org"]["A"], **{"from": f}),
       a, "an organisation's cached answer")


def iso_ago(seconds):
    t = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def cache_at(srv, code, f):
    rows = srv.query("SELECT computed_at FROM figures_cache WHERE scope_code = ?"
                     " AND period_from = ?", (code, f))
    return rows[0][0] if rows else None


@test
def stale_answer_shown_while_the_job_recounts(srv):
    """Past its quarter of an hour an answer is still shown, saying so,
    until the figures job has counted it again (at national size the
    city's year takes a minute: no reader waits for it but the first);
    past a day it is counted again on the request."""
    f = fresh_from()
    a = area(srv, "AA01", **{"from": f})
    report(srv, "AA01")
    old = iso_ago(20 * 60)
    write("UPDATE figures_cache SET computed_at = ?, read_at = ? WHERE"
          " scope_code = 'AA01' AND period_from = ?", (old, iso_ago(60), f))
    b = area(srv, "AA01", **{"from": f})
    # (the answer's computed_at is in its cached body: the one of a)
    eq((b["computed_at"], b["signals"]["reported"]),
       (a["computed_at"], a["signals"]["reported"]),
       "the stale answer, not counted on the request")
    t = srv.get("/cijfers/AA01?from=%s" % f).text
    check("Nieuwe cijfers worden nu berekend" in t, "the page says it is being recounted")
    # the job (every minute; made due now) counts it again
    rc, _ = srv.stop()
    eq(rc, 0, "clean stop")
    write("UPDATE job_runs SET due_at = '2000-01-01T00:00:00.000Z'"
          " WHERE name = 'figures_refresh'")
    srv.start(60)
    for _ in range(100):
        if cache_at(srv, "AA01", f) != old:
            break
        time.sleep(0.1)
    c = area(srv, "AA01", **{"from": f})
    check(c["computed_at"] > a["computed_at"], "counted again by the job: %r"
          % c["computed_at"])
    eq(c["signals"]["reported"], a["signals"]["reported"] + 1, "with the new signal")
    t = srv.get("/cijfers/AA01?from=%s" % f).text
    check("Nieuwe cijfers worden nu berekend" not in t and "elk kwartier" in t,
          "the page: fresh again")
    # a day old: not shown, counted on the request
    report(srv, "AA01")
    write("UPDATE figures_cache SET computed_at = ? WHERE scope_code = 'AA01'"
          " AND period_from = ?", (iso_ago(86400 + 60), f))
    d = area(srv, "AA01", **{"from": f})
    eq(d["signals"]["reported"], a["signals"]["reported"] + 2, "a day old: counted again")


@test
def bad_input_changes_nothing(srv):
    base = "/api/v1/areas/%s/figures" % MUNI
    t = today()
    for path in (base, base + ".csv"):
        bad(srv, path + "?from=2026-02-30", 400, "from")
        bad(srv, path + "?from=2026-1-01", 400, "from")
        bad(srv, path + "?to=gisteren", 400, "to")
        bad(srv, path + "?from=2026-03-02&to=2026-03-01", 400, "to")
        bad(srv, path + "?from=2020-01-01&to=2025-01-01", 400, "to")
        bad(srv, path + "?from=%s" % (t + datetime.timedelta(days=1)).isoformat(),
            400, "from")
        bad(srv, path + "?form=2026-01-01", 400)
    # five years less a day is a period
    r = srv.get(base + "?from=2020-01-02&to=2025-01-01")
    eq(r.status, 200, "five years less a day")
    for path in ("/api/v1/areas/XX99/figures", "/api/v1/areas/XX99/figures.csv",
                 "/api/v1/organisations/999999/figures",
                 "/api/v1/organisations/abc/figures",
                 "/api/v1/organisations/0/figures.csv",
                 "/api/v1/themes/bestaat-niet/figures",
                 "/api/v1/themes/bestaat-niet/figures.csv"):
        bad(srv, path, 404)
    r = srv.request("POST", base, body="{}", headers={"Content-Type": "application/json"})
    eq(r.status, 405, "POST: 405")


@test
def secondary_suppression(srv):
    """Twelve respondents in one buurt and four in another of the same
    wijk: the four are hidden, and so are the twelve, or the four's mean
    would follow from the wijk's and the twelve's (fig_suppress_group)."""
    wijk = srv.query("SELECT parent_code FROM areas WHERE code = 'AB02'")[0][0]
    kids = [r[0] for r in srv.query(
        "SELECT code FROM areas WHERE parent_code = ? AND code NOT IN"
        " ('AB01', 'AB02') ORDER BY code", (wijk,))]
    check(len(kids) >= 2, "buurten of wijk %s: %r" % (wijk, kids))
    chain = srv.query("SELECT wijk_code, gebied_code, stadsdeel_code FROM signals"
                      " WHERE id = ?", (report(srv, kids[0])[0],))[0]
    for buurt, n, grade in ((kids[0], 12, 8), (kids[1], 4, 3)):
        for k in range(n):
            sid, _ = report(srv, buurt)
            write("INSERT INTO grades (municipality, signal_id, person_key, grade,"
                  " solved, buurt_code, wijk_code, gebied_code, stadsdeel_code,"
                  " created_at, updated_at) VALUES ('GM0363', ?, ?, ?, 'ja', ?, ?,"
                  " ?, ?, ?, ?)", (sid, "sec-%s-%d" % (buurt, k), grade, buurt,
                                   chain[0], chain[1], chain[2], now_iso(), now_iso()))
    j = area(srv, wijk)
    eq((j["grades"]["n"], j["grades"]["suppressed"]), (16, False), "the wijk is shown")
    by = {a["code"]: a for a in j["areas"]}
    eq((by[kids[1]]["grade_n"], by[kids[1]]["grade_mean"], by[kids[1]]["suppressed"]),
       (4, None, True), "four respondents: hidden")
    eq((by[kids[0]]["grade_n"], by[kids[0]]["grade_mean"], by[kids[0]]["suppressed"]),
       (12, None, True), "twelve: hidden too, or the four's mean follows")
    # three grades of the wijk's own level (in no buurt) beside a buurt of
    # twenty: the buurt is hidden, or the three's mean follows
    wijk2 = srv.query("SELECT parent_code FROM areas WHERE code = 'AD05'")[0][0]
    b2 = srv.query("SELECT MIN(code) FROM areas WHERE parent_code = ?", (wijk2,))[0][0]
    sid0 = report(srv, b2)[0]
    c2 = srv.query("SELECT wijk_code, gebied_code, stadsdeel_code FROM signals"
                   " WHERE id = ?", (sid0,))[0]
    for buurt, n, grade in ((b2, 20, 8), (None, 3, 2)):
        for k in range(n):
            sid, _ = report(srv, b2)
            write("INSERT INTO grades (municipality, signal_id, person_key, grade,"
                  " solved, buurt_code, wijk_code, gebied_code, stadsdeel_code,"
                  " created_at, updated_at) VALUES ('GM0363', ?, ?, ?, 'ja', ?, ?,"
                  " ?, ?, ?, ?)", (sid, "rest-%s-%d" % (buurt, k), grade, buurt,
                                   c2[0], c2[1], c2[2], now_iso(), now_iso()))
    j = area(srv, wijk2)
    eq(j["grades"]["n"], 23, "the wijk counts all 23")
    b = [a for a in j["areas"] if a["code"] == b2][0]
    eq((b["grade_n"], b["grade_mean"], b["suppressed"]), (20, None, True),
       "twenty beside three in no buurt: hidden")


def until_counted(srv, path, what):
    """GET path until it answers 200 (the count off the request ended)."""
    deadline = time.time() + 20
    r = srv.get(path)
    while r.status == 503 and time.time() < deadline:
        time.sleep(0.05)
        r = srv.get(path)
    eq(r.status, 200, "%s once counted (body %r)" % (what, r.body[:300]))
    return r


@test
def counted_off_the_request_when_the_reader_does_not_wait(srv):
    """A scope and period not in the cache are counted on a thread of
    their own (app/figures.c): the reader waits up to --figures-wait-ms
    (5 s by default, as every test above) and is otherwise told they are
    being counted (503, Retry-After: 30) while the count goes on; no
    server thread waits minutes for a city's year at national size.  With
    0 ms every first reader is told so, for the API and the page, and
    finds the same figures when coming back.  Bad input is still refused
    at once; the server stops cleanly."""
    b = H.Server(srv.binary, ["--figures-wait-ms", "0"], db_dir=srv.dir)
    b.start()
    try:
        f = fresh_from()
        path = "/api/v1/areas/AA01/figures?from=%s" % f
        r = b.get(path)
        eq(r.status, 503, "the first reader (body %r)" % r.body[:300])
        eq(r.header("Retry-After"), "30", "Retry-After")
        H.contains(r.text, "worden nu geteld", "the API says they are being counted")
        j = until_counted(b, path, "the API").json()
        eq(j["period"]["from"], f, "the period asked for")
        eq(figures(srv, "/api/v1/areas/AA01/figures", **{"from": f}), j,
           "the other server reads the same counted answer")
        page = "/cijfers/AA01?from=%s" % fresh_from()
        r = b.get(page)
        eq(r.status, 503, "the page's first reader")
        eq(r.header("Retry-After"), "30", "the page's Retry-After")
        H.contains(r.text, "worden nu geteld", "the page says they are being counted")
        H.contains(until_counted(b, page, "the page").text, "AA01", "the page once counted")
        eq(b.get("/api/v1/areas/XX99/figures").status, 404, "an unknown area at once")
        eq(b.get("/api/v1/areas/AA01/figures?from=gisteren").status, 400,
           "a bad period at once")
        rc, secs = b.stop()
        eq(rc, 0, "a clean stop")
        log = b.log_text_from(0)
        H.contains(log, "figures_counted", "the counts are logged")
    finally:
        b.cleanup()


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port])
    finally:
        SMTP.stop()
