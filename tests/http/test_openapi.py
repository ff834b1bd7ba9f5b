"""The OpenAPI 3.1 description (docs/openapi.json, served at
/api/openapi.json) against the route table and the running server.

- The served document is docs/openapi.json byte for byte, and valid
  OpenAPI 3.1 (npm @seriousme/openapi-schema-validator).
- Route coverage: every (method, pattern) of the route table
  (src/web/routes.c and the routes_*.inc it includes, read as
  tests/fuzz/fuzz.mk reads them) under /api/v1, /hsds, /open311/v2 and
  /api/openapi.json is an operation of the document, and every operation
  of the document is a route of the table.
- Real answers: the server runs with --demo; public reads, reports made
  and refused, grades refused and given, follows, supports, figures with
  a bad period, 404s, 413, 415, 429 (the readability limit), and signed-in
  work of a coordinator and of the beheerder (triage, kwesties, promises,
  organisations, routing, inventory, audit).  Each answer (status, media
  type, body, the required headers such as Location and Retry-After) is
  validated by ajv (JSON Schema 2020-12 + ajv-formats) against the
  operation that the document gives for its path and method:
  tests/openapi/validate.mjs.  An answer whose status the operation does
  not name is invalid too.

Without node the tests FAIL; without the packages in
tests/openapi/node_modules they run `npm ci` there first.

    python3 tests/http/test_openapi.py --binary build/wijkagenda
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

VALIDATOR = os.path.join(H.REPO, "tests", "openapi")
DOCUMENT = os.path.join(H.REPO, "docs", "openapi.json")
WORK = tempfile.mkdtemp(prefix="wijkagenda-openapi-")
PW = "demo-wachtwoord-2026"
PREFIXES = ("/api/v1/", "/hsds", "/open311/v2/")
SELF = "/api/openapi.json"
ROUTE_RE = re.compile(r'^\s*\{"([A-Z]+)",\s*"(/[^"]*)"', re.M)
S = {"samples": []}


# --------------------------------------------------------------------------
# helpers

def route_table():
    """(METHOD, pattern) of every route, from the sources as
    tests/fuzz/fuzz.mk reads them."""
    web = os.path.join(H.REPO, "src", "web")
    files = [os.path.join(web, "routes.c")] + sorted(
        os.path.join(web, f) for f in os.listdir(web)
        if f.startswith("routes_") and f.endswith(".inc"))
    out = set()
    for f in files:
        with open(f, encoding="utf-8") as fh:
            out.update(ROUTE_RE.findall(fh.read()))
    return out


def shape(pattern):
    """A pattern with its parameter names dropped: the router's
    {name}.json and OpenAPI's path templates are the same text, only the
    names may differ."""
    return re.sub(r"\{[^}]*\}", "{}", pattern)


def call(srv, method, path, body=None, headers=None, expect=None, label="",
         ctype="application/json"):
    """One request; its answer becomes a sample for the validator.  expect:
    the status this request is made to produce (so that the sample is what
    it claims to be)."""
    h = dict(headers or {})
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    if body is not None and ctype and "Content-Type" not in h:
        h["Content-Type"] = ctype
    r = srv.request(method, path, body=body, headers=h)
    if expect is not None:
        want = expect if isinstance(expect, tuple) else (expect,)
        check(r.status in want, "%s %s: status %d, expected %s (body %r)"
              % (method, path, r.status, want, r.body[:300]))
    S["samples"].append({
        "method": method, "path": path, "status": r.status, "label": label,
        "content_type": r.header("Content-Type") or "",
        "headers": {k.lower(): v for k, v in r.header_list},
        "body": r.body.decode("utf-8", "replace")})
    return r


def who(name):
    sid, csrf = S["people"][name]
    return {"Cookie": "sid=" + sid, "X-CSRF-Token": csrf}


def node_run(*args):
    p = subprocess.run([S["node"], os.path.join(VALIDATOR, "validate.mjs")] + list(args),
                       capture_output=True, timeout=300, cwd=VALIDATOR)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


# --------------------------------------------------------------------------
# the document

@test
def node_and_packages(srv):
    node = shutil.which("node")
    check(node, "node is not installed: the OpenAPI tests cannot run "
                "(apt-get install nodejs npm); counted as failed")
    need = ("ajv", "ajv-formats", os.path.join("@seriousme", "openapi-schema-validator"))
    if not all(os.path.isdir(os.path.join(VALIDATOR, "node_modules", n)) for n in need):
        npm = shutil.which("npm")
        check(npm, "npm is not installed and tests/openapi/node_modules is "
                   "missing; counted as failed")
        p = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=VALIDATOR,
                           capture_output=True, timeout=600)
        check(p.returncode == 0, "npm ci failed: %s"
              % p.stderr.decode("utf-8", "replace")[-1500:])
    for n in need:
        check(os.path.isdir(os.path.join(VALIDATOR, "node_modules", n)),
              "%s missing after npm ci" % n)
    S["node"] = node


@test
def served_document_is_the_file(srv):
    r = call(srv, "GET", SELF, expect=200, label="the document")
    eq(r.header("Content-Type"), "application/json", "content type")
    with open(DOCUMENT, "rb") as f:
        want = f.read()
    check(r.body == want, "GET %s differs from docs/openapi.json (%d bytes served, "
                          "%d in the file): rebuild" % (SELF, len(r.body), len(want)))
    doc = json.loads(want)
    eq(doc["openapi"], "3.1.0", "openapi version")
    S["doc"] = doc
    call(srv, "GET", SELF + "?x=1", expect=400, label="unknown parameter")


@test
def every_route_is_described_and_nothing_else(srv):
    doc = S["doc"]
    table = {(m, p) for m, p in route_table() if p.startswith(PREFIXES) or p == SELF}
    check(len(table) > 60, "only %d routes read from the sources" % len(table))
    documented = {(m.upper(), p) for p, ops in doc["paths"].items()
                  for m in ops if m in ("get", "put", "post", "delete", "patch")}
    tshape = {(m, shape(p)) for m, p in table}
    dshape = {(m, shape(p)) for m, p in documented}
    missing = sorted(tshape - dshape)
    check(not missing, "routes of the table without a description in "
                       "docs/openapi.json: %s" % missing)
    extra = sorted(dshape - tshape)
    if not any(p.startswith("/open311/") for _, p in table):
        # The Open311 routes come with their own branch (issue 15, helper
        # A): described from the contract before they exist.
        pending = [e for e in extra if e[1].startswith("/open311/")]
        extra = [e for e in extra if not e[1].startswith("/open311/")]
        H.note("Open311 routes not in the table yet: %d described operations "
               "not checked against it" % len(pending))
    check(not extra, "operations in docs/openapi.json that the route table "
                     "lacks: %s" % extra)
    for p, ops in doc["paths"].items():
        for m, o in ops.items():
            check(o.get("summary") and o.get("operationId") and o.get("responses"),
                  "%s %s: summary, operationId and responses needed" % (m, p))
    H.note("%d routes of the table, %d documented operations"
           % (len(table), len(documented)))


# --------------------------------------------------------------------------
# public answers

@test
def public_reads(srv):
    for lv in ("buurt", "wijk", "gebied", "stadsdeel", "gemeente"):
        call(srv, "GET", "/api/v1/areas?level=" + lv, expect=200)
    call(srv, "GET", "/api/v1/areas?level=land", expect=400, label="bad level")
    call(srv, "GET", "/api/v1/areas?bogus=1", expect=400, label="unknown parameter")
    for code in ("GM0363", "E", "AD05"):
        call(srv, "GET", "/api/v1/areas/" + code, expect=200)
        call(srv, "GET", "/api/v1/areas/%s/agenda" % code, expect=200)
    call(srv, "GET", "/api/v1/areas/AD05?geometry=true", expect=200)
    call(srv, "GET", "/api/v1/areas/ZZ99", expect=404)
    call(srv, "GET", "/api/v1/areas/ZZ99/agenda", expect=404)
    call(srv, "GET", "/api/v1/areas/lookup?lat=52.373&lon=4.893", expect=200)
    call(srv, "GET", "/api/v1/areas/lookup?lat=51.0&lon=4.0", expect=422,
         label="outside")
    call(srv, "GET", "/api/v1/areas/lookup?lat=x&lon=4.0", expect=400)
    call(srv, "GET", "/api/v1/organisations", expect=200)
    for (oid,) in srv.query("SELECT id FROM organisations ORDER BY id LIMIT 5"):
        call(srv, "GET", "/api/v1/organisations/%d" % oid, expect=200)
    call(srv, "GET", "/api/v1/organisations/999999", expect=404)
    for (kid,) in srv.query("SELECT id FROM kwesties ORDER BY id"):
        call(srv, "GET", "/api/v1/kwesties/%d" % kid, expect=200)
    call(srv, "GET", "/api/v1/kwesties/999999", expect=404)
    call(srv, "GET", "/api/v1/kwesties/suggest?buurt=EK02&category=afval/grofvuil"
         "&text=grofvuil", expect=200)
    call(srv, "GET", "/api/v1/kwesties/suggest?lat=52.38&lon=4.85", expect=200)
    call(srv, "GET", "/api/v1/kwesties/suggest", expect=400, label="no place")
    call(srv, "GET", "/api/v1/workdays?from=2025-12-23&days=5", expect=200)
    call(srv, "GET", "/api/v1/workdays?from=2025-02-30&days=5", expect=400)
    call(srv, "GET", "/api/v1/workdays?from=2025-12-23&days=5&organisation=999999",
         expect=400)


@test
def figures(srv):
    org = srv.query("SELECT id FROM organisations ORDER BY id LIMIT 1")[0][0]
    for base in ("/api/v1/areas/E", "/api/v1/areas/GM0363",
                 "/api/v1/organisations/%d" % org, "/api/v1/themes/afval"):
        call(srv, "GET", base + "/figures", expect=200)
        call(srv, "GET", base + "/figures?from=2026-01-01&to=2026-03-31", expect=200)
        call(srv, "GET", base + "/figures.csv", expect=200)
        call(srv, "GET", base + "/figures?from=2026-02-30", expect=400,
             label="bad period")
        call(srv, "GET", base + "/figures.csv?from=2026-05-01&to=2026-01-01",
             expect=400, label="to before from")
    call(srv, "GET", "/api/v1/areas/E/figures?from=2015-01-01&to=2026-01-01",
         expect=400, label="five years")
    call(srv, "GET", "/api/v1/areas/ZZ99/figures", expect=404)
    call(srv, "GET", "/api/v1/organisations/999999/figures.csv", expect=404)
    call(srv, "GET", "/api/v1/themes/nergens/figures", expect=404)


@test
def hsds_reads(srv):
    for p in ("/hsds", "/hsds/", "/hsds/profile", "/hsds/taxonomies",
              "/hsds/services?per_page=50", "/hsds/services?full=true&per_page=5",
              "/hsds/organizations?per_page=50",
              "/hsds/organizations?full_service=true&per_page=3",
              "/hsds/taxonomy_terms?per_page=50", "/hsds/services?search=taal",
              "/hsds/taxonomies?format=ndjson", "/hsds/services?format=ndjson&per_page=3",
              "/hsds/taxonomy_terms?top_only=true"):
        call(srv, "GET", p, expect=200)
    for kind, lst in (("services", "/hsds/services?per_page=3"),
                      ("organizations", "/hsds/organizations?per_page=3"),
                      ("taxonomies", "/hsds/taxonomies"),
                      ("taxonomy_terms", "/hsds/taxonomy_terms?per_page=3")):
        items = srv.get(lst).json()["contents"]
        check(items, "no %s in the demo" % kind)
        for it in items[:3]:
            call(srv, "GET", "/hsds/%s/%s" % (kind, it["id"]), expect=200)
        call(srv, "GET", "/hsds/%s/00000000-0000-4000-8000-000000000000" % kind,
             expect=404)
    call(srv, "GET", "/hsds/services?page=0", expect=400)
    call(srv, "GET", "/hsds/services?bogus=1", expect=400)
    call(srv, "GET", "/hsds/organizations/x?full_service=maybe", expect=(400, 404))


@test
def reports_made_and_refused(srv):
    buurt = srv.query("SELECT code FROM areas WHERE level = 'buurt' AND code LIKE 'E%'"
                      " ORDER BY code LIMIT 1")[0][0]
    S["buurt"] = buurt
    sig = {"text": "Naast de containers staat al een week grofvuil: een bank en "
                   "een kast.", "buurt": buurt, "category": "afval/grofvuil",
           "email": "openapi@example.org", "notify": "weekly"}
    r = call(srv, "POST", "/api/v1/signals", sig, expect=201, label="created")
    S["token"] = r.json()["token"]
    call(srv, "POST", "/api/v1/signals", sig, expect=200, label="replayed")
    call(srv, "POST", "/api/v1/signals", {"text": "Een losse stoeptegel bij de "
         "bushalte.", "lat": 52.373, "lon": 4.893}, expect=201, label="a point")
    call(srv, "GET", "/api/v1/signals/" + S["token"], expect=200)
    call(srv, "GET", "/api/v1/signals/AAAAAAAAAAAAAAAAAAAAAA", expect=404)
    call(srv, "POST", "/api/v1/signals", {"text": "kort"}, expect=400, label="invalid")
    call(srv, "POST", "/api/v1/signals", "{", expect=400, label="malformed")
    call(srv, "POST", "/api/v1/signals", dict(sig, bogus=1), expect=400,
         label="unknown field")
    call(srv, "POST", "/api/v1/signals", dict(sig, buurt=None, lat=51.0, lon=4.0),
         expect=(400, 422), label="outside")
    call(srv, "POST", "/api/v1/signals", dict(sig, category="nergens/niets"),
         expect=422, label="unknown category")
    call(srv, "POST", "/api/v1/signals", "text=x", expect=415,
         ctype="application/x-www-form-urlencoded")
    call(srv, "POST", "/api/v1/signals", json.dumps(dict(sig, text="x" * 70000)),
         expect=413)


@test
def grades_follows_supports(srv):
    t = S["token"]
    call(srv, "POST", "/api/v1/signals/%s/grade" % t, {"grade": 7, "solved": "ja"},
         expect=409, label="not closed")
    call(srv, "POST", "/api/v1/signals/%s/grade" % t, {"grade": 11, "solved": "ja"},
         expect=400)
    call(srv, "POST", "/api/v1/signals/AAAAAAAAAAAAAAAAAAAAAA/grade",
         {"grade": 7, "solved": "ja"}, expect=404)
    kid = srv.query("SELECT id FROM kwesties WHERE closed_at IS NULL ORDER BY id"
                    " LIMIT 1")[0][0]
    S["kwestie"] = kid
    call(srv, "POST", "/api/v1/kwesties/%d/follow" % kid,
         {"email": "volger@example.org", "frequency": "daily"}, expect=202)
    call(srv, "POST", "/api/v1/kwesties/%d/follow" % kid, {"email": "geen adres"},
         expect=400)
    call(srv, "POST", "/api/v1/kwesties/999999/follow", {"email": "a@example.org"},
         expect=404)
    closed = srv.query("SELECT id FROM kwesties WHERE closed_at IS NOT NULL"
                       " ORDER BY id LIMIT 1")
    if closed:
        call(srv, "POST", "/api/v1/kwesties/%d/follow" % closed[0][0],
             {"email": "a@example.org"}, expect=422, label="closed")
    call(srv, "POST", "/api/v1/areas/E/follow", {"email": "buurt@example.org"},
         expect=202)
    call(srv, "POST", "/api/v1/areas/ZZ99/follow", {"email": "buurt@example.org"},
         expect=404)
    call(srv, "POST", "/api/v1/kwesties/%d/support" % kid,
         {"email": "steun@example.org"}, expect=201)
    call(srv, "POST", "/api/v1/kwesties/%d/support" % kid,
         {"email": "steun@example.org"}, expect=200, label="again")
    call(srv, "POST", "/api/v1/kwesties/%d/support" % kid, {"frequency": "hourly"},
         expect=400)


@test
def readability_and_its_limit(srv):
    call(srv, "POST", "/api/v1/readability", {"text": "Aangezien het regent, "
         "blijven wij vandaag binnen."}, expect=200)
    call(srv, "POST", "/api/v1/readability", {"text": ""}, expect=200,
         label="no words")
    call(srv, "POST", "/api/v1/readability", {"tekst": "x"}, expect=400)
    call(srv, "POST", "/api/v1/readability", "text=x", expect=415,
         ctype="text/plain")
    call(srv, "POST", "/api/v1/readability", {"text": "woord " * 5000}, expect=413)
    for _ in range(80):  # --rate-readability: 60 a minute per client
        r = srv.post_json("/api/v1/readability", {"text": "Kort."})
        if r.status == 429:
            break
    r = call(srv, "POST", "/api/v1/readability", {"text": "Kort."}, expect=429)
    check(r.header("Retry-After"), "429 without Retry-After")


# --------------------------------------------------------------------------
# signed in

@test
def sign_in(srv):
    S["people"] = {}
    for name in ("coordinator", "beheerder"):
        S["people"][name] = H.login(srv, "%s@demo.wijkagenda.nl" % name, PW)
    S["west"] = srv.query("SELECT id FROM organisations WHERE name = ?",
                          ("Stadsdeel West (demo)",))[0][0]


@test
def triage_kwesties_promises(srv):
    crd = who("coordinator")
    call(srv, "GET", "/api/v1/triage", expect=401, label="anonymous")
    call(srv, "POST", "/api/v1/kwesties/%d/promises" % S["kwestie"], {"what": "x"},
         headers={"Cookie": crd["Cookie"]}, expect=403, label="no CSRF token")
    texts = ["Grofvuil bij portiek %d: een matras en twee stoelen." % i for i in (1, 2, 3)]
    for t in texts:
        call(srv, "POST", "/api/v1/signals", {"text": t, "buurt": S["buurt"],
             "category": "afval/grofvuil"}, expect=201)
    r = call(srv, "GET", "/api/v1/triage?limit=200", headers=crd, expect=200)
    ids = {s["text"]: s["id"] for s in r.json()["signals"]}
    check(all(t in ids for t in texts), "the new signals are not in the "
          "coordinator's triage: %r" % sorted(ids))
    call(srv, "GET", "/api/v1/triage?limit=0", headers=crd, expect=400)
    a, b, c = (ids[t] for t in texts)
    call(srv, "POST", "/api/v1/triage/%d/category" % a,
         {"category": "afval/grofvuil"}, headers=crd, expect=200)
    call(srv, "POST", "/api/v1/triage/%d/promises" % a,
         {"what": "We halen het grofvuil op.", "workdays": 3}, headers=crd, expect=201)
    r = call(srv, "POST", "/api/v1/kwesties", {
        "title": "Grofvuil in de straat", "description": "Er staat vaak grofvuil.",
        "area": S["buurt"], "level": "buurt", "level_reason": "Het speelt in een straat.",
        "signals": [a]}, headers=crd, expect=201)
    k = r.json()
    call(srv, "POST", "/api/v1/kwesties", {"title": "x"}, headers=crd,
         expect=(400, 422), label="refused")
    call(srv, "POST", "/api/v1/kwesties/%d/signals" % k["id"], {"signal": b},
         headers=crd, expect=201)
    call(srv, "POST", "/api/v1/kwesties/%d/signals" % k["id"], {"signal": b},
         headers=crd, expect=200, label="linked already")
    k = srv.get("/api/v1/kwesties/%d" % k["id"]).json()  # linking made a version
    r = call(srv, "PATCH", "/api/v1/kwesties/%d" % k["id"],
             {"version": k["version"], "urgency": 1,
              "message": "We kijken er deze week naar."}, headers=crd, expect=200)
    call(srv, "PATCH", "/api/v1/kwesties/%d" % k["id"],
         {"version": k["version"], "urgency": 2}, headers=crd, expect=409,
         label="stale version")
    call(srv, "PATCH", "/api/v1/kwesties/%d" % k["id"],
         {"version": r.json()["version"], "status": "afgerond"}, headers=crd,
         expect=422, label="closing without outcome")
    r = call(srv, "POST", "/api/v1/kwesties/%d/promises" % k["id"],
             {"what": "We ruimen het op.", "workdays": 5}, headers=crd, expect=201)
    p = r.json()
    call(srv, "POST", "/api/v1/kwesties/%d/promises" % k["id"],
         {"what": "We ruimen het op.", "workdays": 5, "due": "2030-01-01"},
         headers=crd, expect=422, label="both due and workdays")
    call(srv, "PATCH", "/api/v1/promises/%d" % p["id"],
         {"version": p["version"], "status": "gewijzigd", "new_workdays": 8,
          "explanation": "De wagen is kapot."}, headers=crd, expect=201)
    # docs/api.md says 404; the gate answers 403 for a promise it cannot
    # place (no party to nothing): both are documented
    call(srv, "PATCH", "/api/v1/promises/999999", {"version": 1, "status": "gehaald"},
         headers=crd, expect=(403, 404), label="no such promise")
    k = call(srv, "GET", "/api/v1/kwesties/%d" % k["id"], expect=200).json()
    call(srv, "PUT", "/api/v1/kwesties/%d/chain" % k["id"],
         {"version": k["version"], "chain": [{"organisation": c["organisation"],
                                                "role": c["role"]} for c in k["chain"]]},
         headers=crd, expect=200)
    call(srv, "PUT", "/api/v1/kwesties/%d/chain" % k["id"],
         {"version": k["version"] - 1, "chain": []}, headers=crd, expect=409,
         label="stale version")
    r = call(srv, "POST", "/api/v1/kwesties/%d/split" % k["id"], {
        "title": "Grofvuil in portiek 2", "description": "Alleen portiek 2.",
        "level_reason": "Het speelt in een portiek.", "signals": [b]}, headers=crd,
        expect=201)
    call(srv, "POST", "/api/v1/kwesties/%d/merge" % r.json()["id"], {"into": k["id"]},
         headers=crd, expect=200)
    call(srv, "POST", "/api/v1/kwesties/%d/merge" % k["id"], {"into": k["id"]},
         headers=crd, expect=422, label="into itself")
    call(srv, "POST", "/api/v1/triage/%d/decline" % c, {"reason": "Niet voor ons."},
         headers=crd, expect=200)
    call(srv, "POST", "/api/v1/triage/%d/decline" % c, {"reason": "Niet voor ons."},
         headers=crd, expect=409, label="said before")
    # a signal closed without a kwestie, then graded by its reporter
    d = json.loads(next(s["body"] for s in S["samples"]
                        if s["path"] == "/api/v1/signals" and s["status"] == 201))
    sid = srv.query("SELECT id FROM signals WHERE token = ?", (d["token"],))[0][0]
    call(srv, "POST", "/api/v1/triage/%d/close" % sid,
         {"outcome": "opgelost", "reason": "Opgehaald."}, headers=crd, expect=200)
    call(srv, "POST", "/api/v1/signals/%s/grade" % d["token"],
         {"grade": 8, "solved": "ja", "comment": "Snel."}, expect=201)
    call(srv, "POST", "/api/v1/signals/%s/grade" % d["token"],
         {"grade": 9, "solved": "ja"}, expect=200, label="replaced")
    west = S["west"]
    call(srv, "GET", "/api/v1/organisations/%d/members" % west, headers=crd, expect=200)
    call(srv, "GET", "/api/v1/organisations/%d/invitations" % west, headers=crd,
         expect=200)
    r = call(srv, "POST", "/api/v1/organisations/%d/members" % west,
             {"email": "nieuw-lid@example.org", "role": "medewerker"}, headers=crd,
             expect=201)
    call(srv, "GET", "/api/v1/organisations/%d/invitations" % west, headers=crd,
         expect=200, label="one pending")
    call(srv, "DELETE", "/api/v1/organisations/%d/invitations/%d"
         % (west, r.json()["invitation_id"]), headers=crd, expect=204)
    call(srv, "DELETE", "/api/v1/organisations/%d/invitations/999999" % west,
         headers=crd, expect=404)
    call(srv, "DELETE", "/api/v1/organisations/%d/members/999999" % west,
         headers=crd, expect=404)
    call(srv, "POST", "/api/v1/organisations/%d/members" % west,
         {"email": "nieuw-lid@example.org", "role": "baas"}, headers=crd,
         expect=(400, 422), label="bad role")
    call(srv, "GET", "/api/v1/audit", headers=crd, expect=403)


@test
def api_key(srv):
    """An API key of the coordinator's organisation, made on the keys page
    as a coordinator makes one: Authorization: Bearer, no CSRF token."""
    sid, csrf = S["people"]["coordinator"]
    r = srv.post_form("/beheer/organisaties/%d/sleutels" % S["west"],
                      [("name", "OpenAPI-test"), ("scopes", "kwestie.manage"),
                       ("csrf", csrf)], headers={"Cookie": "sid=" + sid})
    eq(r.status, 201, "a key (body %r)" % r.body[:300])
    m = re.search(r'value="(wak_[0-9a-f]{8}_[A-Za-z0-9_-]{22})"', r.text)
    check(m, "the key is shown once")
    key = {"Authorization": "Bearer " + m.group(1)}
    call(srv, "GET", "/api/v1/triage", headers=key, expect=200, label="API key")
    call(srv, "GET", "/api/v1/audit", headers=key, expect=403, label="no such scope")
    call(srv, "GET", "/api/v1/triage", expect=401,
         headers={"Authorization": "Bearer wak_00000000_AAAAAAAAAAAAAAAAAAAAAA"},
         label="unknown key")


@test
def beheerder(srv):
    adm = who("beheerder")
    call(srv, "GET", "/api/v1/audit?limit=5", headers=adm, expect=200)
    call(srv, "GET", "/api/v1/audit?limit=0", headers=adm, expect=400)
    r = call(srv, "POST", "/api/v1/organisations", {"name": "OpenAPI-test",
             "kind": "welzijn", "areas": ["E"]}, headers=adm, expect=201)
    org = r.json()
    call(srv, "POST", "/api/v1/organisations", {"name": "OpenAPI-test",
         "kind": "welzijn", "areas": ["E"]}, headers=adm, expect=409, label="same name")
    call(srv, "PUT", "/api/v1/organisations/%d" % org["id"], {"name": "OpenAPI-test",
         "kind": "welzijn", "kvk": None, "areas": ["E", "A"]}, headers=adm, expect=200)
    call(srv, "DELETE", "/api/v1/organisations/%d" % org["id"], headers=adm, expect=204)
    call(srv, "DELETE", "/api/v1/organisations/%d" % org["id"], headers=adm, expect=404)
    call(srv, "GET", "/api/v1/routing/rules", headers=adm, expect=200)
    r = call(srv, "POST", "/api/v1/routing/rules", {"category": "afval/grofvuil",
             "area": "E", "organisation": S["west"], "note": "test"}, headers=adm,
             expect=201)
    call(srv, "GET", "/api/v1/routing/dry-run?category=afval/grofvuil&buurt=" +
         S["buurt"], headers=adm, expect=200)
    call(srv, "GET", "/api/v1/routing/dry-run?buurt=ZZ99", headers=adm,
         expect=(400, 404, 422))
    call(srv, "DELETE", "/api/v1/routing/rules/%d" % r.json()["id"], headers=adm,
         expect=204)
    call(srv, "GET", "/api/v1/inventory/lists", headers=adm, expect=200)
    csv = "naam,kvk,website\nBuurthuis De Zon,12345678,https://zon.example\n" \
          "Buurthuis de Zon,12345678,https://zon.example\n"
    lst = call(srv, "POST", "/api/v1/inventory/lists?source=openapi-test", csv,
             headers=adm, ctype="text/csv", expect=201)
    call(srv, "POST", "/api/v1/inventory/lists?source=x", "x", headers=adm,
         ctype="text/plain", expect=415)
    r = call(srv, "GET", "/api/v1/inventory/clusters", headers=adm, expect=200)
    ours = [m["record"] for c in r.json()["clusters"] for m in c["members"]
            if m["source"] == "openapi-test" and "record" in m]
    check(len(ours) == 2, "the two records of the list in one cluster: %r" % ours)
    call(srv, "POST", "/api/v1/inventory/merge", {"records": ours}, headers=adm,
         expect=201)
    call(srv, "POST", "/api/v1/inventory/merge", {"records": "x"}, headers=adm,
         expect=400)
    call(srv, "GET", "/api/v1/inventory/report", headers=adm, expect=200)
    call(srv, "DELETE", "/api/v1/inventory/lists/%d" % lst.json()["list"]["id"],
         headers=adm, expect=(200, 409))
    call(srv, "POST", "/api/v1/hsds/import", "x", headers=adm, ctype="text/plain",
         expect=415)
    call(srv, "POST", "/api/v1/hsds/import", {"id": "x"}, headers=adm,
         expect=(400, 422), label="refused")
    call(srv, "GET", "/api/v1/routing/rules", expect=401, label="anonymous")


@test
def open311(srv):
    """The GeoReport v2 endpoints in both formats, as the contract of issue
    15 describes them; skipped while the route table has none (they come
    with their own branch)."""
    if not any(p.startswith("/open311/") for _, p in route_table()):
        H.skip("no /open311/ routes in the table yet")
    o = "/open311/v2/"
    for fmt in ("json", "xml"):
        call(srv, "GET", o + "discovery." + fmt, expect=200)
        r = call(srv, "GET", o + "services." + fmt, expect=200)
        call(srv, "GET", o + "services.%s?jurisdiction_id=GM0363" % fmt, expect=200)
        call(srv, "GET", o + "services.%s?jurisdiction_id=GM9999" % fmt, expect=404,
             label="unknown jurisdiction")
        call(srv, "GET", o + "services/afval%2Fgrofvuil." + fmt, expect=200)
        call(srv, "GET", o + "services/nergens%2Fniets." + fmt, expect=404)
        r = call(srv, "POST", o + "requests." + fmt, H.form_encode(
            {"service_code": "afval/grofvuil", "lat": "52.3736", "long": "4.8910",
             "description": "Grofvuil naast de container (%s)." % fmt,
             "email": "open311@example.org"}),
            ctype="application/x-www-form-urlencoded", expect=201)
        call(srv, "POST", o + "requests." + fmt, H.form_encode(
            {"service_code": "afval/grofvuil", "address_string": "Dam 1",
             "description": "Zonder punt."}),
            ctype="application/x-www-form-urlencoded", expect=400,
            label="missing location")
        call(srv, "POST", o + "requests." + fmt, H.form_encode(
            {"service_code": "afval/grofvuil", "lat": "51.0", "long": "4.0",
             "description": "Buiten de gemeente."}),
            ctype="application/x-www-form-urlencoded", expect=400, label="outside")
        call(srv, "POST", o + "requests." + fmt, "{}", expect=400, label="JSON body")
        call(srv, "GET", o + "requests." + fmt, expect=200)
        call(srv, "GET", o + "requests.%s?status=open&service_code=afval/grofvuil"
             % fmt, expect=200)
        call(srv, "GET", o + "requests.%s?start_date=2026-01-01T00:00:00%%2B01:00"
             % fmt, expect=200)
        call(srv, "GET", o + "requests.%s?status=half" % fmt, expect=400)
        call(srv, "GET", o + "requests.%s?start_date=gisteren" % fmt, expect=400)
        call(srv, "GET", o + "requests/999999999." + fmt, expect=404)
        call(srv, "GET", o + "tokens/AAAAAAAAAAAAAAAAAAAAAA." + fmt, expect=404)
    made = json.loads(next(x["body"] for x in S["samples"]
                           if x["path"] == o + "requests.json" and x["method"] == "POST"
                           and x["status"] == 201))[0]
    call(srv, "GET", o + "requests/%s.json" % made["service_request_id"], expect=200)
    call(srv, "GET", o + "requests/%s.xml" % made["service_request_id"], expect=200)
    token = made["tracking_url"].rsplit("/", 1)[-1]
    call(srv, "GET", o + "tokens/%s.json" % token, expect=200)
    call(srv, "GET", o + "tokens/%s.xml" % token, expect=200)


# --------------------------------------------------------------------------
# the check

@test
def answers_validate_against_the_document(srv):
    check(S.get("node"), "the validator is not available (see node_and_packages)")
    path = os.path.join(WORK, "samples.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(S["samples"], f)
    rc, out, err = node_run("--document", DOCUMENT, "--samples", path)
    lines = out.strip().splitlines()
    for line in lines:
        if not line.startswith("ok "):
            print("    " + line, flush=True)
        if line.startswith("operations answered"):
            H.note(line)
    if err.strip():
        print("    stderr: " + err.strip()[-1500:], flush=True)
    check(lines and lines[0] == "document: OpenAPI 3.1, valid: true",
          "the document is not valid OpenAPI 3.1 (%r)" % (lines[:1],))
    eq(rc, 0, "validator exit code (see the lines above)")
    eq(lines[-1], "%d samples, 0 invalid" % len(S["samples"]), "summary")
    ops = {(s["method"], s["status"]) for s in S["samples"]}
    H.note("%d answers validated (%d method/status pairs); %d distinct statuses"
           % (len(S["samples"]), len(ops), len({s["status"] for s in S["samples"]})))


@test(after_stop=True)
def clean_up(srv):
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    H.main(extra_args=["--demo"])
