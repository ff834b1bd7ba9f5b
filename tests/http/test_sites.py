"""One installation, several municipalities (serve --site HOST=GMxxxx):
Amsterdam and the generated GM9999 "Proefdorp" (tests/fixtures/gm9999,
imported through the real import-areas before the server starts).  Each
request's municipality comes from its Host; an unknown or hostile Host
gets a 404 that names nothing of the installation; a signal of one
municipality is never seen through the other's host.

    python3 tests/http/test_sites.py --binary build/wijkagenda
"""
import html
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, contains, eq, not_contains, test  # noqa: E402

FIXTURE = os.path.join(H.REPO, "tests", "fixtures", "gm9999")
AMS, PROEF = "ams.test", "proef.test"
SITES = ["--site", AMS + "=GM0363", "--site", PROEF + "=GM9999",
         "--site", "www." + AMS + "=GM0363"]
# A point in Proefbuurt 1.1 (BU99990101) and one in Amsterdam's centre.
PROEF_LAT, PROEF_LON = "52.005", "5.305"
AMS_LAT, AMS_LON = "52.3731", "4.8926"


def run(args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([os.path.abspath(H.Ctx.args.binary)] + args,
                       capture_output=True, timeout=120, env=env,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def import_gm9999(binary, db):
    """migrate, then the gemeente, wijken and buurten of GM9999 through
    import-areas."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    steps = [["migrate", "--db", db],
             ["import-areas", os.path.join(FIXTURE, "gemeente.geojson"), "--level",
              "gemeente", "--db", db, "--municipality", "GM9999",
              "--municipality-name", "Proefdorp"],
             ["import-areas", os.path.join(FIXTURE, "wijken.geojson"), "--level",
              "wijk", "--db", db, "--municipality", "GM9999",
              "--parent-prop", "ouder"],
             ["import-areas", os.path.join(FIXTURE, "buurten.geojson"), "--level",
              "buurt", "--db", db, "--municipality", "GM9999",
              "--parent-prop", "ouder"],
             ["import-categories", os.path.join(FIXTURE, "categories.json"),
              "--db", db, "--municipality", "GM9999"]]
    for s in steps:
        p = subprocess.run([os.path.abspath(binary)] + s, capture_output=True,
                           timeout=120, env=env, stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            raise RuntimeError("%s: %s" % (" ".join(s[:2]), p.stderr.decode()))


class SitesServer(H.Server):
    """The GM9999 areas are in the database before the server loads them."""

    def start(self, timeout=60):
        if not getattr(self, "imported", False):
            import_gm9999(self.binary, self.db_path)
            self.imported = True
        return super().start(timeout)


def get(srv, host, path, headers=None):
    h = {"Host": host}
    h.update(headers or {})
    return srv.request("GET", path, headers=h)


def codes(r):
    eq(r.status, 200, "areas list (body %r)" % r.body[:200])
    return sorted(a["code"] for a in r.json()["areas"])


@test
def area_api_answers_per_host(srv):
    p = get(srv, PROEF, "/api/v1/areas?level=buurt")
    eq(p.json()["municipality"], "GM9999", "municipality through proef")
    eq(codes(p), ["BU99990101", "BU99990102", "BU99990201", "BU99990202"],
       "buurten through proef")
    a = get(srv, AMS, "/api/v1/areas?level=buurt")
    eq(a.json()["municipality"], "GM0363", "municipality through ams")
    ac = codes(a)
    check(len(ac) > 100, "Amsterdam's buurten through ams (%d)" % len(ac))
    check(not any(c.startswith("BU9999") for c in ac), "no GM9999 buurt in Amsterdam")
    eq(codes(get(srv, PROEF, "/api/v1/areas?level=wijk")),
       ["WK999901", "WK999902"], "wijken through proef")
    eq(get(srv, AMS, "/api/v1/areas/BU99990101").status, 404,
       "a GM9999 buurt through ams")
    r = get(srv, PROEF, "/api/v1/areas/BU99990101")
    eq(r.status, 200, "a GM9999 buurt through proef")
    eq(r.json()["parent"], "WK999901", "its wijk")
    eq(get(srv, PROEF, "/api/v1/areas/" + ac[0]).status, 404,
       "an Amsterdam buurt through proef")


@test
def area_lookup_per_host(srv):
    r = get(srv, PROEF, "/api/v1/areas/lookup?lat=%s&lon=%s" % (PROEF_LAT, PROEF_LON))
    eq(r.status, 200, "lookup in Proefdorp (body %r)" % r.body[:200])
    eq(r.json()["buurt"]["code"], "BU99990101", "buurt")
    r = get(srv, AMS, "/api/v1/areas/lookup?lat=%s&lon=%s" % (PROEF_LAT, PROEF_LON))
    check(r.status != 200 or "buurt" not in r.json(),
          "Proefdorp's point through ams (%d %r)" % (r.status, r.body[:200]))
    r = get(srv, PROEF, "/api/v1/areas/lookup?lat=%s&lon=%s" % (AMS_LAT, AMS_LON))
    check(r.status != 200 or "buurt" not in r.json(),
          "Amsterdam's point through proef (%d %r)" % (r.status, r.body[:200]))
    r = get(srv, AMS, "/api/v1/areas/lookup?lat=%s&lon=%s" % (AMS_LAT, AMS_LON))
    eq(r.status, 200, "Amsterdam's point through ams")


@test
def report_form_per_host(srv):
    p = get(srv, PROEF, "/melden")
    eq(p.status, 200, "form through proef")
    contains(p.text, "BU99990202", "form through proef")
    contains(p.text, "Proefbuurt 2.2", "form through proef")
    not_contains(p.text, "Burgwallen", "form through proef")
    a = get(srv, AMS, "/melden")
    eq(a.status, 200, "form through ams")
    not_contains(a.text, "Proefbuurt", "form through ams")
    not_contains(a.text, "BU9999", "form through ams")


@test
def host_case_port_and_alias(srv):
    for host in ("PROEF.TEST", "proef.test:8080", "Proef.Test.", "proef.test.:1"):
        r = get(srv, host, "/api/v1/areas?level=wijk")
        eq(r.status, 200, "Host %r" % host)
        eq(r.json()["municipality"], "GM9999", "Host %r" % host)
    eq(get(srv, "www." + AMS, "/api/v1/areas?level=wijk").json()["municipality"],
       "GM0363", "a second host of Amsterdam")


INTERNAL = ["GM0363", "GM9999", "Amsterdam", "Proefdorp", "wijkagenda.db",
            "ams.test", "proef.test"]


def unknown_page(r, what):
    eq(r.status, 404, what)
    for word in INTERNAL:
        not_contains(r.text, word, what)


@test
def unknown_and_hostile_hosts_get_404(srv):
    hostile = ["other.test", "proef.test.evil.test", "evil.proef.test",
               "proef.test:abc", "proef.test:99999999", "proef.test,ams.test",
               "proef.test/x", "127.0.0.1", "[::1]", "<script>alert(1)</script>",
               "proef%2Etest", "a" * 250 + ".test", "x" * 5000,
               "proef.test\tx", "user@proef.test", ""]
    for host in hostile:
        for path in ("/", "/api/v1/areas?level=buurt", "/melden", "/open311/v2/requests.json"):
            unknown_page(get(srv, host, path), "Host %r %s" % (host[:40], path))
    r = srv.request("POST", "/api/v1/signals", body=json.dumps({"text": "x"}),
                    headers={"Host": "other.test", "Content-Type": "application/json"})
    unknown_page(r, "POST through an unknown host")
    # HTTP/1.0 without a Host header at all.
    raw, _ = H.raw_request(srv.port, b"GET /api/v1/areas?level=buurt HTTP/1.0\r\n\r\n")
    check(raw.startswith(b"HTTP/1.") and b" 404 " in raw.split(b"\r\n")[0],
          "no Host: %r" % raw[:80])
    for word in INTERNAL:
        check(word.encode() not in raw, "no Host names %s" % word)
    # Two Host headers: never the second's municipality by accident.
    raw, _ = H.raw_request(srv.port, b"GET /api/v1/areas?level=wijk HTTP/1.1\r\n"
                           b"Host: other.test\r\nHost: proef.test\r\n"
                           b"Connection: close\r\n\r\n")
    check(b"GM9999" not in raw, "two Host headers: %r" % raw[:200])
    eq(get(srv, "10.1.2.3", "/healthz").status, 200, "health check of any host")
    check(srv.alive(), "server alive after hostile hosts")


@test
def site_option_refused_when_wrong(srv):
    db = os.path.join(srv.dir, "unused.db")
    for bad in ("Proef.test=GM9999", "proef.test:80=GM9999", "proef.test=XX",
                "=GM9999", "proef.test", "proef test=GM9999", "proef.test=GM99999"):
        rc, out, err = run(["serve", "--db", db, "--site", bad])
        eq(rc, 2, "--site %r exit code (%s)" % (bad, err))
        contains(err, "--site", "--site %r stderr" % bad)
    rc, out, err = run(["serve", "--db", db, "--site", "a.test=GM0363",
                        "--site", "a.test=GM9999"])
    eq(rc, 2, "the same host twice")
    # A municipality without areas: serve refuses to start.
    rc, out, err = run(["serve", "--db", db, "--listen", "127.0.0.1:%d" % H.free_port(),
                        "--site", "a.test=GM0363", "--site", "b.test=GM0599"])
    eq(rc, 1, "a municipality not in the database (%s)" % err)
    contains(err, "GM0599", "names the municipality")


@test
def without_sites_every_host_is_amsterdam(srv):
    b = H.Server(srv.binary, [])
    b.start()
    try:
        for host in ("proef.test", "anything.example", "127.0.0.1"):
            r = b.request("GET", "/api/v1/areas?level=wijk", headers={"Host": host})
            eq(r.status, 200, "Host %s" % host)
            eq(r.json()["municipality"], "GM0363", "Host %s" % host)
    finally:
        b.stop()
        b.cleanup()


# -- step 2: nothing of one municipality through the other's host

S = {}


def create_in(srv, host, buurt):
    text = H.uniq("site %s" % host)
    r = srv.request("POST", "/api/v1/signals",
                    body=json.dumps({"text": text, "buurt": buurt}),
                    headers={"Host": host, "Content-Type": "application/json"})
    eq(r.status, 201, "create through %s (body %r)" % (host, r.body[:300]))
    j = r.json()
    sid = H.Ctx.srv.query("SELECT id FROM signals WHERE token = ?", (j["token"],))[0][0]
    return {"text": text, "token": j["token"], "id": sid, "host": host,
            "buurt": buurt}


def signals():
    if not S:
        S["proef"] = create_in(H.Ctx.srv, PROEF, "BU99990101")
        S["ams"] = create_in(H.Ctx.srv, AMS, "AA01")
        S["proef"]["service_request_id"] = open311_id(S["proef"])
        S["ams"]["service_request_id"] = open311_id(S["ams"])
    return S["proef"], S["ams"]


def open311_id(sig):
    r = get(H.Ctx.srv, sig["host"], "/open311/v2/tokens/%s.json" % sig["token"])
    eq(r.status, 200, "token through its own host (body %r)" % r.body[:200])
    return r.json()[0]["service_request_id"]


def other(sig):
    return AMS if sig["host"] == PROEF else PROEF


@test
def signal_stored_in_its_municipality(srv):
    p, a = signals()
    eq(srv.query("SELECT municipality FROM signals WHERE token = ?", (p["token"],)),
       [("GM9999",)], "municipality of the Proefdorp signal")
    eq(srv.query("SELECT municipality FROM signals WHERE token = ?", (a["token"],)),
       [("GM0363",)], "municipality of the Amsterdam signal")
    r = srv.request("POST", "/api/v1/signals",
                    body=json.dumps({"text": H.uniq("x"), "buurt": "AA01"}),
                    headers={"Host": PROEF, "Content-Type": "application/json"})
    eq(r.status, 422, "an Amsterdam buurt through proef (body %r)" % r.body[:200])


@test
def tracking_page_only_through_own_host(srv):
    for sig in signals():
        r = get(srv, sig["host"], "/m/" + sig["token"])
        eq(r.status, 200, "tracking page through its own host")
        contains(r.text, sig["text"], "tracking page")
        r = get(srv, other(sig), "/m/" + sig["token"])
        eq(r.status, 404, "tracking page through the other host")
        not_contains(r.text, sig["text"], "tracking page through the other host")
        eq(get(srv, sig["host"], "/api/v1/signals/" + sig["token"]).status, 200,
           "signal API through its own host")
        eq(get(srv, other(sig), "/api/v1/signals/" + sig["token"]).status, 404,
           "signal API through the other host")
        eq(get(srv, other(sig), "/open311/v2/tokens/%s.json" % sig["token"]).status,
           404, "Open311 token through the other host")
        r = srv.request("POST", "/m/%s/cijfer" % sig["token"],
                        body=H.form_encode({"grade": "8", "solved": "ja"}),
                        headers={"Host": other(sig),
                                 "Content-Type": "application/x-www-form-urlencoded"})
        eq(r.status, 404, "grading through the other host (body %r)" % r.body[:200])
        eq(get(srv, other(sig), "/open311/v2/requests/%s.json"
               % sig["service_request_id"]).status, 404,
           "Open311 request through the other host")


@test
def open311_list_per_host(srv):
    for sig in signals():
        own = get(srv, sig["host"], "/open311/v2/requests.json")
        eq(own.status, 200, "Open311 list")
        ids = [x["service_request_id"] for x in own.json()]
        check(sig["service_request_id"] in ids, "in its own host's list")
        r = get(srv, other(sig), "/open311/v2/requests.json")
        ids = [x["service_request_id"] for x in r.json()]
        check(sig["service_request_id"] not in ids,
              "%s's signal in the other host's Open311 list" % sig["host"])
        not_contains(r.text, sig["text"], "Open311 list of the other host")


@test
def open_data_per_host(srv):
    for sig in signals():
        for path in ("/open-data/signalen.json", "/open-data/signalen.csv"):
            own = get(srv, sig["host"], path)
            eq(own.status, 200, path)
            r = get(srv, other(sig), path)
            eq(r.status, 200, path + " through the other host")
            contains(own.text, sig["buurt"], path + " through its own host")
            not_contains(r.text, sig["buurt"], path + " through the other host")


@test
def figures_per_host(srv):
    signals()
    r = get(srv, AMS, "/api/v1/areas/BU99990101/figures")
    eq(r.status, 404, "Proefdorp's buurt figures through ams")
    r = get(srv, PROEF, "/api/v1/areas/BU99990101/figures")
    eq(r.status, 200, "Proefdorp's buurt figures through proef (body %r)" % r.body[:200])
    r = get(srv, PROEF, "/api/v1/areas/AA01/figures")
    eq(r.status, 404, "an Amsterdam buurt's figures through proef")
    r = get(srv, PROEF, "/cijfers")
    check(r.status in (200, 303), "/cijfers through proef (%d)" % r.status)
    if r.status == 303:
        contains(r.header("Location") or "", "GM9999", "/cijfers through proef")
        r = get(srv, PROEF, r.header("Location"))
        eq(r.status, 200, "the gemeente's figures through proef")
    not_contains(r.text, "Amsterdam", "the gemeente's figures through proef")


@test
def gemeente_figures_per_host(srv):
    signals()
    a = get(srv, AMS, "/api/v1/areas/GM0363/figures").json()["signals"]["reported"]
    p = get(srv, PROEF, "/api/v1/areas/GM9999/figures").json()["signals"]["reported"]
    n = srv.query("SELECT COUNT(*) FROM signals WHERE municipality = 'GM9999'")[0][0]
    check(a > 100, "Amsterdam's demo signals counted through ams (%d)" % a)
    check(p <= n, "Proefdorp's figures count only its own %d signals, not %d" % (n, p))


@test
def social_map_and_hsds_per_host(srv):
    a = get(srv, AMS, "/hsds/services")
    eq(a.status, 200, "/hsds/services through ams")
    names = [x["name"] for x in a.json()["contents"]]
    check(len(names) > 0, "Amsterdam's demo services through ams")
    for path in ("/hsds/services", "/hsds/organizations"):
        p = get(srv, PROEF, path)
        eq(p.status, 200, path + " through proef")
        eq(p.json()["total_items"], 0, path + " through proef: Proefdorp has none")
    sid = a.json()["contents"][0]["id"]
    eq(get(srv, PROEF, "/hsds/services/" + sid).status, 404,
       "an Amsterdam service through proef")
    r = get(srv, PROEF, "/sociale-kaart?q=" + names[0].split()[0])
    eq(r.status, 200, "/sociale-kaart through proef")
    for name in names:
        not_contains(r.text, html.escape(name), "/sociale-kaart through proef")
    r = get(srv, AMS, "/sociale-kaart?q=" + names[0].split()[0])
    contains(r.text, names[0].split()[0], "/sociale-kaart through ams")


class OnHost:
    """srv with every request's Host set: for H.login and friends."""

    def __init__(self, srv, host):
        self.srv, self.host = srv, host

    def request(self, method, path, body=None, headers=None, **kw):
        h = dict(headers or {})
        h["Host"] = self.host
        return self.srv.request(method, path, body=body, headers=h, **kw)

    def get(self, path, headers=None, timeout=15):
        return self.request("GET", path, headers=headers, timeout=timeout)

    def post_form(self, path, fields, headers=None):
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body=H.form_encode(fields), headers=h)


DEMO_PW = "demo-wachtwoord-2026"  # src/seed/demo_accounts.h
MEDEWERKER = "medewerker@demo.wijkagenda.nl"


@test
def professional_sees_nothing_through_the_other_host(srv):
    signals()
    ams = OnHost(srv, AMS)
    sid, csrf = H.login(ams, MEDEWERKER, DEMO_PW)
    cookie = {"Cookie": "sid=" + sid}
    t = ams.get("/api/v1/triage", headers=cookie)
    eq(t.status, 200, "triage through ams (body %r)" % t.body[:200])
    rows = t.json()["signals"]
    check(len(rows) > 0, "Amsterdam's triage through ams has signals")
    a = {"id": rows[0]["id"], "text": rows[0]["text"]}
    eq(ams.get("/werk/meldingen/%d" % a["id"], headers=cookie).status, 200,
       "an Amsterdam signal's work page through ams")
    r = ams.get("/werk/meldingen", headers=cookie)
    eq(r.status, 200, "work list through ams")
    listed = re.findall(r'href="(/werk/meldingen/\d+)"', r.text)
    check(listed, "Amsterdam's work list through ams has signals")
    # The same session presented to Proefdorp's host: no Amsterdam work.
    proef = OnHost(srv, PROEF)
    t = proef.get("/api/v1/triage", headers=cookie)
    check(t.status in (200, 403), "triage through proef (%d)" % t.status)
    not_contains(t.text, a["text"], "triage through proef")
    if t.status == 200:
        eq(t.json()["signals"], [], "Amsterdam's triage through proef")
    r = proef.get("/werk/meldingen", headers=cookie)
    check(r.status in (200, 403), "work list through proef (%d)" % r.status)
    for href in listed:
        not_contains(r.text, href, "work list through proef")
    r = proef.get("/werk/meldingen/%d" % a["id"], headers=cookie)
    check(r.status in (403, 404), "an Amsterdam signal's work page through proef (%d)"
          % r.status)
    not_contains(r.text, a["text"], "work page through proef")


@test
def kwesties_and_organisations_only_through_own_host(srv):
    kid = srv.query("SELECT id FROM kwesties WHERE municipality = 'GM0363'"
                    " ORDER BY id LIMIT 1")[0][0]
    org = srv.query("SELECT id FROM organisations WHERE municipality = 'GM0363'"
                    " ORDER BY id LIMIT 1")[0][0]
    paths = ["/kwesties/%d" % kid, "/api/v1/kwesties/%d" % kid,
             "/kwesties/%d/feed" % kid, "/api/v1/organisations/%d" % org,
             "/cijfers/organisaties/%d" % org]
    for path in paths:
        eq(get(srv, AMS, path).status, 200, path + " through ams")
        eq(get(srv, PROEF, path).status, 404, path + " through proef")


BEHEERDER = "beheerder@demo.wijkagenda.nl"


@test
def api_key_only_through_its_municipality_s_host(srv):
    ams = OnHost(srv, AMS)
    sid, csrf = H.login(ams, BEHEERDER, DEMO_PW)
    org = srv.query("SELECT id FROM organisations WHERE municipality = 'GM0363'"
                    " ORDER BY id LIMIT 1")[0][0]
    r = ams.request("POST", "/beheer/organisaties/%d/sleutels" % org,
                    body=H.form_encode([("name", "Sites sleutel"),
                                        ("scopes", "member.list"), ("csrf", csrf)]),
                    headers={"Cookie": "sid=" + sid,
                             "Content-Type": "application/x-www-form-urlencoded"})
    eq(r.status, 201, "key made (body %r)" % r.body[:300])
    key = re.search(r'value="(wak_[0-9a-f]{8}_[A-Za-z0-9_-]{22})"', r.text).group(1)
    auth = {"Authorization": "Bearer " + key}
    path = "/api/v1/organisations/%d/members" % org
    eq(get(srv, AMS, path, auth).status, 200, "the key through ams")
    # nobody's key there: asked to sign in, not told the organisation is
    # missing (that would mean the key was taken)
    eq(get(srv, PROEF, path, auth).status, 401, "the key through proef")


# -- step 3: the jobs of every municipality

@test
def jobs_claimed_for_every_municipality(srv):
    names = {r[0] for r in srv.query("SELECT name FROM job_runs")}
    for n in ("notify_direct", "notify_daily", "figures_refresh", "retention",
              "notify_direct:GM9999", "notify_daily:GM9999", "notify_weekly:GM9999",
              "notify_professional:GM9999", "figures_refresh:GM9999"):
        check(n in names, "job %s in job_runs (%s)" % (n, sorted(names)))
    check(not any(n.startswith("retention:") for n in names),
          "retention runs once for the installation")


def report_with_mail(srv, host, buurt, email):
    r = srv.request("POST", "/api/v1/signals",
                    body=json.dumps({"text": H.uniq("digest %s" % host),
                                     "buurt": buurt, "email": email,
                                     "notify": "daily"}),
                    headers={"Host": host, "Content-Type": "application/json"})
    eq(r.status, 201, "report with an address (body %r)" % r.body[:300])
    return srv.query("SELECT id FROM signals WHERE token = ?", (r.json()["token"],))[0][0]


def news(srv, sig):
    """A timeline entry for a signal, as a professional's change writes."""
    c = H.sqlite3.connect(srv.db_path, timeout=10)
    try:
        c.execute("INSERT INTO timeline (signal_id, at, actor, kind, message)"
                  " VALUES (?, '2026-01-01T00:00:00Z', 'Proef', 'status', ?)",
                  (sig, H.uniq("nieuws")))
        c.commit()
    finally:
        c.close()


def digests_to(srv, addr):
    return [r[0] for r in srv.query("SELECT body FROM outbox WHERE to_addr = ?"
                                    " AND subject LIKE '%dagoverzicht%'", (addr,))]


@test
def notify_mails_each_municipality_with_its_own_links(srv):
    pa, aa = "proef.melder@example.org", "ams.melder@example.org"
    ps = report_with_mail(srv, PROEF, "BU99990102", pa)
    as_ = report_with_mail(srv, AMS, "AA01", aa)
    news(srv, ps)
    news(srv, as_)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    base = "http://proef.test:%d" % srv.port
    p = subprocess.run([srv.binary, "notify", "daily", "--db", srv.db_path,
                        "--municipality", "GM9999", "--base-url", base],
                       capture_output=True, text=True, timeout=60, env=env)
    eq(p.returncode, 0, "notify daily GM9999 (%s)" % p.stderr)
    contains(p.stdout, "1 mails queued", "notify daily GM9999")
    got = digests_to(srv, pa)
    eq(len(got), 1, "Proefdorp's reporter gets its digest")
    contains(got[0], base + "/", "links to Proefdorp's site")
    eq(digests_to(srv, aa), [], "Amsterdam's reporter: not from Proefdorp's run")
    rc, out, err = run(["notify", "daily", "--db", srv.db_path,
                        "--municipality", "Amsterdam"])
    eq(rc, 2, "a bad --municipality")


@test
def categories_per_municipality(srv):
    """import-categories gave Proefdorp its own tree: its Open311 services
    are those, Amsterdam's are Amsterdam's."""
    p = get(srv, PROEF, "/open311/v2/services.json")
    eq(p.status, 200, "services through proef")
    codes_p = {s["service_code"] for s in p.json()}
    eq(codes_p, {"straat/losse-tegel", "groen/omgewaaide-boom"} | codes_p & {"straat", "groen"},
       "Proefdorp's services")
    a = get(srv, AMS, "/open311/v2/services.json")
    codes_a = {s["service_code"] for s in a.json()}
    check(len(codes_a) > 50, "Amsterdam's tree (%d)" % len(codes_a))
    check(not (codes_a & codes_p), "no service in both")
    r = srv.request("POST", "/api/v1/signals",
                    body=json.dumps({"text": H.uniq("boom"), "buurt": "BU99990101",
                                     "category": "groen/omgewaaide-boom"}),
                    headers={"Host": PROEF, "Content-Type": "application/json"})
    eq(r.status, 201, "a Proefdorp report in its own category (%r)" % r.body[:200])
    r = srv.request("POST", "/api/v1/signals",
                    body=json.dumps({"text": H.uniq("boom"), "buurt": "AA01",
                                     "category": "groen/omgewaaide-boom"}),
                    headers={"Host": AMS, "Content-Type": "application/json"})
    eq(r.status, 422, "Proefdorp's category through Amsterdam")


@test
def import_categories_refuses_bad_files(srv):
    """A bad file or an unknown municipality: exit 1, a message, nothing
    changed."""
    before = srv.query("SELECT COUNT(*) FROM categories")[0][0]
    bad = os.path.join(srv.dir, "bad-categories.json")
    cases = [
        ('[{"pk": 1, "fields": {"slug": "a", "name": "A", "parent": 2}}]',
         "GM9999", "unknown"),
        ('[{"pk": 1, "fields": {"slug": "Straat!", "name": "A"}}]', "GM9999", "slug"),
        ('[{"pk": 1, "fields": {"slug": "nieuw", "name": "Nieuw"}}]', "GM0599",
         "import its areas first"),
        ("{" * 100000, "GM9999", "categories"),
    ]
    for text, muni, why in cases:
        with open(bad, "w") as f:
            f.write(text)
        rc, out, err = run(["import-categories", bad, "--db", srv.db_path,
                            "--municipality", muni])
        eq(rc, 1, "import-categories exit code (%s)" % err)
        contains(err, why, "import-categories message")
    with open(bad, "wb") as f:
        f.write(b" " * (4 * 1024 * 1024 + 1))
    rc, out, err = run(["import-categories", bad, "--db", srv.db_path,
                        "--municipality", "GM9999"])
    eq(rc, 1, "a file over 4 MB")
    contains(err, "larger than", "a file over 4 MB")
    eq(srv.query("SELECT COUNT(*) FROM categories")[0][0], before, "nothing changed")


@test
def freshness_reminders_link_to_their_own_municipality(srv):
    """The social map's daily reminder links each organisation's
    coordinators to the site of its own municipality."""
    email = "proef.coordinator@example.org"
    now = "2026-01-01T00:00:00.000Z"
    c = H.sqlite3.connect(srv.db_path, timeout=10)
    try:
        org = c.execute("INSERT INTO organisations (municipality, name, kind,"
                        " created_at, updated_at) VALUES ('GM9999',"
                        " 'Welzijn Proefdorp', 'welzijn', ?, ?)", (now, now)).lastrowid
        acc = c.execute("INSERT INTO accounts (email, created_at) VALUES (?, ?)",
                        (email, now)).lastrowid
        c.execute("INSERT INTO memberships (account_id, organisation_id, role,"
                  " created_at) VALUES (?, ?, 'coordinator', ?)", (acc, org, now))
        c.execute("INSERT INTO services (municipality, uuid, organisation_id, name,"
                  " confirmed_at, created_at, updated_at) VALUES ('GM9999',"
                  " 'b6b1f3a0-0000-4000-8000-000000009999', ?, 'Koffie in Proefdorp',"
                  " '2020-01-01T00:00:00.000Z', ?, ?)", (org, now, now))
        c.execute("UPDATE job_runs SET due_at = '2000-01-01T00:00:00.000Z'"
                  " WHERE name = 'freshness'")
        c.commit()
    finally:
        c.close()
    rc, _ = srv.stop()
    eq(rc, 0, "clean stop")
    srv.start(60)
    body = []
    for _ in range(100):
        body = [r[0] for r in srv.query("SELECT body FROM outbox WHERE to_addr = ?",
                                        (email,))]
        if body:
            break
        H.time.sleep(0.1)
    eq(len(body), 1, "one reminder for Proefdorp's coordinator")
    contains(body[0], "http://%s:%d/beheer/organisaties/%d/diensten"
             % (PROEF, srv.port, org), "the link to Proefdorp's own site")
    not_contains(body[0], AMS, "no link to Amsterdam's site")


@test
def acknowledgement_links_to_its_own_municipality(srv):
    """A second municipality's app was a copy of the first's and kept its
    base URL: the acknowledgement of a Proefdorp report linked to
    Amsterdam's host."""
    for host, buurt, other_host in ((PROEF, "BU99990102", AMS), (AMS, "AA01", PROEF)):
        email = "ack.%s@example.org" % host.split(".")[0]
        report_with_mail(srv, host, buurt, email)
        body = [r[0] for r in srv.query("SELECT body FROM outbox WHERE to_addr = ?",
                                        (email,))]
        eq(len(body), 1, "the acknowledgement through %s" % host)
        contains(body[0], "http://%s:%d/m/" % (host, srv.port),
                 "the tracking link on %s's own site" % host)
        not_contains(body[0], other_host, "no link to the other site")


def cached(srv, host, path):
    """GET path on host until it comes from the answer cache."""
    for _ in range(12):
        r = get(srv, host, path)
        eq(r.status, 200, "GET %s on %s (body %r)" % (path, host, r.body[:200]))
        if r.header("X-Cache") == "hit":
            return r
    raise H.Failure("GET %s on %s never came from the cache" % (path, host))


def write_sql(srv, sql, args=()):
    """A write by hand, as another process: it names no municipality."""
    if os.environ.get("WIJKAGENDA_TEST_PG"):
        return srv.db().execute(sql, args).lastrowid  # and NOTIFY (harness)
    c = H.sqlite3.connect(srv.db_path, timeout=10)
    try:
        last = c.execute(sql, args).lastrowid
        c.commit()
    finally:
        c.close()
    return last


@test
def an_intake_keeps_the_other_municipality_s_cached_answers(srv):
    """The answer cache is dropped by the writes that change it: a new
    report in Proefdorp changes none of Amsterdam's pages, so they stay
    kept; a report in Amsterdam drops them at once (db_write_scope).  One
    generation for every write dropped every municipality's pages with
    every intake, so at a country's intake rate nothing stayed kept.  A
    job of the server's own may write meanwhile (it drops everything, as
    it should): five tries, of which one must keep the answers."""
    paths = ("/open311/v2/requests.json", "/agenda/GM0363", "/open-data")
    for host, other_host, buurt in ((PROEF, AMS, "BU99990101"),
                                    (AMS, PROEF, "AA01")):
        other_paths = paths if other_host == AMS else \
            ("/open311/v2/requests.json", "/agenda/GM9999", "/open-data")
        kept = False
        for _ in range(5):
            for path in other_paths:
                cached(srv, other_host, path)
            create_in(srv, host, buurt)
            if all(get(srv, other_host, path).header("X-Cache") == "hit"
                   for path in other_paths):
                kept = True
                break
        check(kept, "%s's answers kept after a report in %s" % (other_host, host))
        # the report's own municipality: dropped, and the new one in it
        before = cached(srv, host, "/open311/v2/requests.json")
        sig = create_in(srv, host, buurt)
        r = get(srv, host, "/open311/v2/requests.json")
        eq(r.status, 200, "the list after the report")
        check(r.header("X-Cache") != "hit", "%s's list dropped by its own report"
              % host)
        rid = open311_id(sig)
        check(rid in [x["service_request_id"] for x in r.json()],
              "the new report in %s's list" % host)
        check(rid not in [x["service_request_id"] for x in before.json()],
              "the kept list before it")


@test
def a_report_keeps_its_municipality_s_answers_that_show_no_report(srv):
    """An agenda, a kwestie and the social map show no report: a new
    report in Amsterdam keeps them (web/cache.c, reportless), while its
    Open311 list, which shows reports, is dropped.  Five tries, as above;
    and a write that is no report (a kwestie's title) drops them all."""
    kid = srv.query("SELECT id FROM kwesties WHERE municipality = 'GM0363'"
                    " ORDER BY id LIMIT 1")[0][0]
    paths = ("/agenda/GM0363", "/api/v1/kwesties/%d" % kid, "/sociale-kaart")
    kept = False
    for _ in range(5):
        for path in paths + ("/open311/v2/requests.json",):
            cached(srv, AMS, path)
        create_in(srv, AMS, "AA01")
        r = get(srv, AMS, "/open311/v2/requests.json")
        check(r.header("X-Cache") != "hit", "Open311 list dropped by a report")
        if all(get(srv, AMS, p).header("X-Cache") == "hit" for p in paths):
            kept = True
            break
    check(kept, "agenda, kwestie and social map kept after a report")
    write_sql(srv, "UPDATE kwesties SET title = title || ' (bijgewerkt)'"
              " WHERE id = ?", (kid,))
    # on PostgreSQL the listener takes the NOTIFY a moment later (the
    # harness's own wait uses a probe on the default Host, which this
    # server, with --site only, answers 404 and never keeps)
    deadline = H.time.time() + 10
    r = get(srv, AMS, "/api/v1/kwesties/%d" % kid)
    while r.header("X-Cache") == "hit" and H.time.time() < deadline:
        H.time.sleep(0.01)
        r = get(srv, AMS, "/api/v1/kwesties/%d" % kid)
    check(r.header("X-Cache") != "hit", "kwestie dropped by its change")
    contains(r.text, "(bijgewerkt)", "the changed title")



def support(srv, host, kid, email):
    return srv.request("POST", "/api/v1/kwesties/%d/support" % kid,
                       body=json.dumps({"email": email}),
                       headers={"Host": host, "Content-Type": "application/json"})


def supporters(srv, kid):
    return srv.query("SELECT COUNT(*) FROM kwestie_supporters WHERE kwestie_id = ?",
                     (kid,))[0][0]


@test
def work_on_a_kwestie_keeps_the_other_municipality_s_answers(srv):
    """Work on a kwestie names its municipality as a whole (db_write_for:
    a professional's change, triage and promises, and a resident's support
    and grade): Proefdorp's kwestie supported keeps Amsterdam's agenda,
    kwestie page and social map kept, where any such write dropped every
    municipality's answers; Amsterdam's own kwestie supported drops its
    page, which then counts the new supporter.  Proefdorp's kwestie is
    not found through Amsterdam's host, and nothing is written for it
    (the support went in before the answer said 404).  Five tries, as
    above: a job of the server's own may write meanwhile."""
    kid = srv.query("SELECT id FROM kwesties WHERE municipality = 'GM0363'"
                    " AND closed_at IS NULL ORDER BY id LIMIT 1")[0][0]
    pk = write_sql(srv, "INSERT INTO kwesties (municipality, title, description,"
                   " area_code, area_level, buurt_code, topic, level, level_rank,"
                   " level_reason, created_at, updated_at) VALUES ('GM9999',"
                   " 'Losse stoeptegels bij de kerk', 'Tegels liggen los.',"
                   " 'BU99990101', 'buurt', 'BU99990101', 'wegen', 'buurt', 0,"
                   " 'test', '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z')")
    check(pk, "Proefdorp's kwestie made")
    r = support(srv, AMS, pk, "over.de.grens@example.org")
    eq(r.status, 404, "Proefdorp's kwestie through Amsterdam's host (%r)" % r.body[:200])
    eq(supporters(srv, pk), 0, "no support written through the wrong host")
    r = srv.request("POST", "/api/v1/kwesties/%d/follow" % pk,
                    body=json.dumps({"email": "volg.over.de.grens@example.org"}),
                    headers={"Host": AMS, "Content-Type": "application/json"})
    eq(r.status, 404, "following it through Amsterdam's host (%r)" % r.body[:200])
    eq(srv.query("SELECT COUNT(*) FROM followers WHERE kwestie_id = ?", (pk,))[0][0],
       0, "no follower written through the wrong host")

    paths = ("/agenda/GM0363", "/api/v1/kwesties/%d" % kid, "/sociale-kaart")
    kept = False
    for i in range(5):
        for path in paths:
            cached(srv, AMS, path)
        r = support(srv, PROEF, pk, "steun.%d@example.org" % i)
        eq(r.status, 201, "support in Proefdorp (%r)" % r.body[:200])
        if all(get(srv, AMS, p).header("X-Cache") == "hit" for p in paths):
            kept = True
            break
    check(kept, "Amsterdam's agenda, kwestie and social map kept after work"
          " in Proefdorp")
    eq(supporters(srv, pk), i + 1, "each support in Proefdorp counted")

    before = cached(srv, AMS, "/api/v1/kwesties/%d" % kid).json()
    r = support(srv, AMS, kid, "steun.amsterdam@example.org")
    eq(r.status, 201, "support in Amsterdam (%r)" % r.body[:200])
    r = get(srv, AMS, "/api/v1/kwesties/%d" % kid)
    check(r.header("X-Cache") != "hit", "Amsterdam's kwestie dropped by its own work")
    eq(r.json()["supporters"], before["supporters"] + 1, "the new supporter counted")



@test
def a_social_map_edit_keeps_the_other_municipality_s_answers(srv):
    """An organisation's and a service's rows are their municipality's
    (named at the end of the use case, db_write_in): a new organisation
    in Proefdorp keeps Amsterdam's social map, agenda and Open311 list
    kept, where it dropped every municipality's answers; one in
    Amsterdam drops Amsterdam's.  Five tries, as above: a job of the
    server's own may write meanwhile."""
    sid, csrf = H.choose_password(OnHost(srv, AMS),
                                  H.admin_create(srv, "kaart.beheer@example.org"))

    def new_org(host, name, areas):
        r = srv.request("POST", "/api/v1/organisations",
                        body=json.dumps({"name": name, "kind": "welzijn", "areas": areas}),
                        headers={"Host": host, "Cookie": "sid=" + sid,
                                 "X-CSRF-Token": csrf, "Content-Type": "application/json"})
        eq(r.status, 201, "an organisation through %s (%r)" % (host, r.body[:300]))
        return r.json()["id"]

    paths = ("/sociale-kaart", "/agenda/GM0363", "/open311/v2/requests.json")
    kept = False
    for i in range(5):
        for path in paths:
            cached(srv, AMS, path)
        oid = new_org(PROEF, "Buurtwerk Proefdorp %d" % i, ["WK999901"])
        if all(get(srv, AMS, p).header("X-Cache") == "hit" for p in paths):
            kept = True
            break
    check(kept, "Amsterdam's social map, agenda and Open311 list kept after an"
          " organisation in Proefdorp")
    eq(srv.query("SELECT municipality FROM organisations WHERE id = ?", (oid,))[0][0],
       "GM9999", "the organisation is Proefdorp's")
    cached(srv, AMS, "/sociale-kaart")
    new_org(AMS, "Buurtwerk Amsterdam (sites)", ["A"])
    check(get(srv, AMS, "/sociale-kaart").header("X-Cache") != "hit",
          "Amsterdam's social map dropped by Amsterdam's own organisation")


@test
def beheer_writes_keep_what_they_do_not_change(srv):
    """A routing rule and a closing day are their municipality's (named at
    the end of the use case): made in Proefdorp they keep Amsterdam's
    kept answers, where they dropped every municipality's.  An
    invitation and an API key are on no public answer (db_end_unseen):
    they keep every kept answer, Amsterdam's and Proefdorp's.  Five tries
    a step, as above: a job of the server's own may write meanwhile."""
    sid, csrf = H.choose_password(OnHost(srv, AMS),
                                  H.admin_create(srv, "regels.beheer@example.org"))
    json_h = {"Cookie": "sid=" + sid, "X-CSRF-Token": csrf,
              "Content-Type": "application/json"}
    form_h = {"Cookie": "sid=" + sid,
              "Content-Type": "application/x-www-form-urlencoded"}

    def post(host, path, body, headers, status):
        h = dict(headers)
        h["Host"] = host
        r = srv.request("POST", path, body=body, headers=h)
        eq(r.status, status, "POST %s on %s (%r)" % (path, host, r.body[:300]))
        return r

    r = post(PROEF, "/api/v1/organisations",
             json.dumps({"name": "Dorpsbeheer Proefdorp", "kind": "gemeente",
                         "areas": ["WK999901"]}), json_h, 201)
    proef_org = r.json()["id"]
    ams_org = srv.query("SELECT id FROM organisations WHERE municipality = 'GM0363'"
                        " ORDER BY id LIMIT 1")[0][0]
    # a new (category, area) pair for each rule: a rule is made once
    pairs = srv.query("SELECT c.code, a.code FROM categories c JOIN areas a"
                      " ON a.municipality = c.municipality"
                      " WHERE c.municipality = 'GM9999' AND c.parent_code IS NOT NULL"
                      " AND a.level IN ('wijk', 'buurt') ORDER BY c.code, a.code")
    check(len(pairs) >= 6, "Proefdorp has categories and areas (%d)" % len(pairs))
    ams_paths = ("/sociale-kaart", "/agenda/GM0363", "/open311/v2/requests.json")
    proef_paths = ("/sociale-kaart", "/agenda/GM9999")

    def kept_after(what, write, hosts):
        for i in range(5):
            for host, paths in hosts:
                for p in paths:
                    cached(srv, host, p)
            write(i)
            if all(get(srv, host, p).header("X-Cache") == "hit"
                   for host, paths in hosts for p in paths):
                return
        raise H.Failure("kept answers dropped by %s" % what)

    ams_only = [(AMS, ams_paths)]
    both = [(AMS, ams_paths), (PROEF, proef_paths)]
    rules = []

    def rule(i):
        r = post(PROEF, "/api/v1/routing/rules",
                 json.dumps({"category": pairs[i][0], "area": pairs[i][1],
                             "organisation": proef_org, "note": "test %d" % i}),
                 json_h, 201)
        rules.append(r.json()["id"])
    kept_after("a routing rule in Proefdorp", rule, ams_only)
    eq(srv.query("SELECT municipality FROM routing_rules WHERE id = ?",
                 (rules[-1],))[0][0], "GM9999", "the rule is Proefdorp's")

    def closing_day(i):
        post(PROEF, "/beheer/organisaties/%d/sluitingsdagen" % proef_org,
             H.form_encode([("day", "2099-12-%02d" % (10 + i)),
                            ("reason", "Dorpsfeest %d" % i), ("csrf", csrf)]),
             form_h, 303)
    kept_after("a closing day in Proefdorp", closing_day, ams_only)
    # the working days of Proefdorp's organisation, which its closing day
    # changes, are Proefdorp's alone: not through Amsterdam's site (its
    # kept answer would not see the closing day), through Proefdorp's
    # at once (review of this sitting: Amsterdam kept 2099-12-04)
    workdays = "/api/v1/workdays?from=2099-12-01&days=3&organisation=%d" % proef_org
    r = get(srv, AMS, workdays)
    eq(r.status, 400, "another municipality's organisation (%r)" % r.body[:200])
    contains(r.text, "bestaat niet", "not found through Amsterdam")
    before = cached(srv, PROEF, workdays).json()
    closing_day(5)  # 2099-12-15: after the answer's days
    closing_day(-8)  # 2099-12-02: one of them
    after = get(srv, PROEF, workdays)
    check(after.json() != before, "Proefdorp's working days follow its closing day"
          " (%r, then %r)" % (before, after.json()))

    def invite(i):
        post(AMS, "/api/v1/organisations/%d/members" % ams_org,
             json.dumps({"email": "uitgenodigd%d@example.org" % i,
                         "role": "medewerker"}), json_h, 201)
    kept_after("an invitation", invite, both)

    def api_key(i):
        post(AMS, "/beheer/organisaties/%d/sleutels" % ams_org,
             H.form_encode([("name", "Regels sleutel %d" % i),
                            ("scopes", "member.list"), ("csrf", csrf)]),
             form_h, 201)
    kept_after("an API key", api_key, both)

    # the municipality's own rule still drops its own answers
    cached(srv, PROEF, "/agenda/GM9999")
    rule(5)
    check(get(srv, PROEF, "/agenda/GM9999").header("X-Cache") != "hit",
          "Proefdorp's agenda dropped by Proefdorp's own routing rule")


if __name__ == "__main__":
    H.Server = SitesServer
    H.main(extra_args=SITES + ["--demo"])
