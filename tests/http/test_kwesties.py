"""HTTP tests of the kwesties JSON interface (issue 12, src/web/kwestie_api.c,
the routes of src/web/routes_kwestie.inc) against the real server: triage,
a new kwestie, reading it, changing it with versions, its chain, its
signals, merge and split, support, and the agenda of an area; as a
professional with a session (cookie plus X-CSRF-Token) and as an API key
with the scope kwestie.manage.

Every bad input the issue lists is refused with a clear message that names
the field, and changes nothing (H.unchanged): a signal of another
municipality or one nobody knows, a second regisseur, taking up without
one, closing without an outcome, "dubbel" without the other kwestie, a
level change without a reason, merging into itself or into one it was
merged from, a stale version (409 with the kwestie as it is now),
supporting twice (201, then 200), a park date in the past, an organisation
outside the chain (403), malformed JSON, unknown fields, wrong types and
huge arrays.

Contact data follow the chain: the regisseur and uitvoerders may open a
resident's contact data (POST /werk/meldingen/{id}/contact), a financier
or betrokken organisation may open the signal but not its contact data.

Organisations: A (stadsdeel Centrum, area A) and B (stadsdeel Noord, area
N) are linked at intake to the signals of their areas; U, F, G and O are
of kind "overig" without areas (they reach a signal only through a
chain).  Each has one medewerker with a session.

    python3 tests/http/test_kwesties.py --binary build/wijkagenda
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
import smtpd  # noqa: E402
from harness import check, eq, test  # noqa: E402

SMTP = smtpd.SmtpServer(port=0).start()
NOW = "2026-01-01T00:00:00.000Z"
KW = "/api/v1/kwesties"
ST = {"seq": 0}
ORGS = {"A": ("stadsdeel", ["A"]), "B": ("stadsdeel", ["N"]), "U": ("overig", []),
        "F": ("overig", []), "G": ("overig", []), "O": ("overig", [])}


def uniq():
    ST["seq"] += 1
    return "%d-%d" % (os.getpid(), ST["seq"])


# --------------------------------------------------------------------------
# requests

def admin():
    sid, csrf = ST["admin"]
    return {"Cookie": "sid=" + sid, "X-CSRF-Token": csrf}


def who_headers(who):
    """who: an organisation letter (its medewerker's session), "key:A" (A's
    key with kwestie.manage), "work:A" (A's key with signal.work only),
    "key:B", "admin", or None (nobody)."""
    if who is None:
        return {}
    if who == "admin":
        return admin()
    if ":" in who:
        return {"Authorization": "Bearer " + ST["keys"][who]}
    sid, csrf = ST["people"][who]
    return {"Cookie": "sid=" + sid, "X-CSRF-Token": csrf}


def call(srv, method, path, obj=None, who="A", raw=None, ctype="application/json"):
    h = who_headers(who)
    body = raw if raw is not None else (json.dumps(obj) if obj is not None else None)
    if body is not None and ctype:
        h["Content-Type"] = ctype
    return srv.request(method, path, body=body, headers=h)


def bad(srv, method, path, obj, status, field=None, who="A", raw=None,
        ctype="application/json", message_has=None):
    """A refusal: the status, a JSON error naming field, nothing changed."""
    with H.unchanged(srv):
        r = call(srv, method, path, obj, who=who, raw=raw, ctype=ctype)
        err = H.check_json_error(r, status, field, message_has)
    return r, err


def org_id(letter):
    return ST["org"][letter]


def report(srv, buurt, email=None, phone=None):
    body = {"text": "Kwestie %s: grofvuil naast de container" % uniq(), "buurt": buurt}
    if email:
        body["email"] = email
    if phone:
        body["phone"] = phone
    r = srv.post_json("/api/v1/signals", body)
    eq(r.status, 201, "report (body %r)" % r.body[:200])
    tok = r.json()["token"]
    return srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]


def new_kwestie(srv, who="A", signals=None, chain=None, area="AA01", level="buurt",
                status="opgepakt", **extra):
    body = {"title": "Grofvuil %s" % uniq(), "description": "Naast de containers.",
            "area": area, "level": level, "level_reason": "Speelt in een straat.",
            "signals": signals if signals is not None else [report(srv, "AA01")],
            "chain": chain if chain is not None else [
                {"organisation": org_id("A"), "role": "regisseur"}]}
    if status:
        body["status"] = status
    body.update(extra)
    r = call(srv, "POST", KW, body, who=who)
    eq(r.status, 201, "create a kwestie (body %r)" % r.body[:400])
    return r.json()


def get(srv, kid):
    r = srv.get("%s/%d" % (KW, kid))
    eq(r.status, 200, "GET kwestie %d" % kid)
    return r.json()


def patch(srv, kid, obj, who="A", status=200):
    r = call(srv, "PATCH", "%s/%d" % (KW, kid), obj, who=who)
    eq(r.status, status, "PATCH %r (body %r)" % (obj, r.body[:400]))
    return r.json()


def key_row(org, scope):
    prefix = os.urandom(4).hex()
    key = "wak_%s_%s" % (prefix, H.new_token())
    c = H.sqlite3.connect(ST["srv"].db_path, timeout=10)
    try:
        c.execute("INSERT INTO api_keys (organisation_id, name, prefix, key_hash, scopes,"
                  " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                  (org, "Kwesties %s" % uniq(), prefix, H.token_hash(key), scope, NOW))
        c.commit()
    finally:
        c.close()
    return key


def write(sql, args=()):
    c = H.sqlite3.connect(ST["srv"].db_path, timeout=10)
    try:
        c.execute(sql, args)
        c.commit()
    finally:
        c.close()


# --------------------------------------------------------------------------
# set-up

@test
def set_up(srv):
    ST["srv"] = srv
    ST["admin"] = H.choose_password(srv, H.admin_create(srv, "kw-admin@example.org"))
    ST["org"], ST["name"], ST["people"] = {}, {}, {}
    for letter, (kind, areas) in ORGS.items():
        name = "Kwesties %s %s" % (letter, uniq())
        r = srv.post_json("/api/v1/organisations",
                          {"name": name, "kind": kind, "areas": areas}, headers=admin())
        eq(r.status, 201, "organisation %s (body %r)" % (letter, r.body[:200]))
        ST["org"][letter], ST["name"][letter] = r.json()["id"], name
        email = "kw-mdw-%s@example.org" % letter.lower()
        n = len(SMTP.messages)
        r = srv.post_json("/api/v1/organisations/%d/members" % ST["org"][letter],
                          {"email": email, "role": "medewerker"}, headers=admin())
        eq(r.status, 201, "invite %s" % email)
        ST["people"][letter] = H.choose_password(srv, H.mail_link(SMTP, email, after=n))
    ST["keys"] = {"key:A": key_row(org_id("A"), "kwestie.manage"),
                  "work:A": key_row(org_id("A"), "signal.work"),
                  "key:B": key_row(org_id("B"), "kwestie.manage")}
    # a signal of another municipality, linked to A as if routed there
    write("INSERT INTO municipalities (code, name) VALUES ('GM0000', 'Elders')")
    write("INSERT INTO areas (municipality, code, level, name) VALUES"
          " ('GM0000', 'GM0000', 'gemeente', 'Elders')")
    write("INSERT INTO areas (municipality, code, level, name, parent_code) VALUES"
          " ('GM0000', 'XX01', 'buurt', 'Elders buurt', 'GM0000')")
    write("INSERT INTO signals (municipality, token, kind, body, buurt_code, status,"
          " created_at, dedupe_key) VALUES ('GM0000', ?, 'melding',"
          " 'Een melding elders', 'XX01', 'gemeld', ?, 'elders')", (H.new_token(), NOW))
    ST["foreign"] = srv.query("SELECT id FROM signals WHERE municipality = 'GM0000'")[0][0]
    write("INSERT INTO signal_organisations (signal_id, organisation_id) VALUES (?, ?)",
          (ST["foreign"], org_id("A")))
    write("INSERT INTO organisations (municipality, name, kind, created_at, updated_at)"
          " VALUES ('GM0000', 'Elders stadsdeel', 'stadsdeel', ?, ?)", (NOW, NOW))
    ST["foreign_org"] = srv.query("SELECT id FROM organisations WHERE municipality ="
                                  " 'GM0000'")[0][0]


# --------------------------------------------------------------------------
# the happy paths

@test
def create_by_session(srv):
    sid = report(srv, "AA01", email="kw-melder-1@example.org")
    body = {"title": "  Grofvuil bij de Dam  ", "description": "Naast de containers.",
            "area": "AA01", "level": "buurt", "level_reason": "Speelt in een straat.",
            "signals": [sid], "status": "opgepakt",
            "chain": [{"organisation": org_id("A"), "role": "regisseur"},
                      {"organisation": org_id("U"), "role": "uitvoerder"}]}
    r = call(srv, "POST", KW, body)
    eq(r.status, 201, "create (body %r)" % r.body[:400])
    k = r.json()
    eq(r.header("Location"), "%s/%d" % (KW, k["id"]), "Location")
    eq(k["title"], "Grofvuil bij de Dam", "title (trimmed)")
    for f, v in (("area", "AA01"), ("level", "buurt"), ("status", "opgepakt"),
                 ("outcome", None), ("signals", 1), ("supporters", 0), ("version", 1),
                 ("level_reason", "Speelt in een straat.")):
        eq(k[f], v, f)
    eq([(c["organisation"], c["role"], c["name"]) for c in k["chain"]],
       [(org_id("A"), "regisseur", ST["name"]["A"]),
        (org_id("U"), "uitvoerder", ST["name"]["U"])], "chain")
    eq(k["regisseur"], ST["name"]["A"], "regisseur")
    eq([h["what"] for h in k["history"]], ["created"], "history")
    eq(k["history"][0]["actor"], ST["name"]["A"], "the history names the organisation")
    check("kw-melder-1" not in r.text, "contact data in the kwestie")
    eq(srv.query("SELECT status FROM signals WHERE id = ?", (sid,)), [("opgepakt",)],
       "the signal follows its kwestie")
    eq(srv.query("SELECT COUNT(*) FROM audit_log WHERE action = 'kwestie.create'"
                 " AND entity_id = ?", (str(k["id"]),)), [(1,)], "audit row")
    # public, without personal data
    r = srv.get("%s/%d" % (KW, k["id"]))
    eq(r.status, 200, "public GET")
    eq(r.json()["version"], 1, "version")
    check("kw-melder-1" not in r.text and "@" not in r.text, "personal data: %r" % r.text)
    ST["k1"], ST["k1_signal"] = k["id"], sid


@test
def create_by_key(srv):
    k = new_kwestie(srv, who="key:A")
    eq(k["status"], "opgepakt", "status")
    eq(k["history"][0]["actor"], ST["name"]["A"], "the key acts for its organisation")
    # nieuw without a regisseur is fine; taking it up is not
    k = new_kwestie(srv, chain=[{"organisation": org_id("A"), "role": "betrokken"}],
                    status=None)
    eq(k["status"], "nieuw", "status without a regisseur")
    for st in ("opgepakt", "in_uitvoering"):
        bad(srv, "PATCH", "%s/%d" % (KW, k["id"]), {"version": 1, "status": st}, 422, "chain")


@test
def create_with_regisseur_is_taken_up(srv):
    """A new kwestie without a status is nieuw, and opgepakt when the chain
    names its regisseur (app/kwestie.h, struct kwestie_input)."""
    k = new_kwestie(srv, status=None)
    eq(k["status"], "opgepakt", "status with a regisseur")
    eq(srv.query("SELECT k.status FROM signals s JOIN kwestie_signals ks ON"
                 " ks.signal_id = s.id JOIN kwesties k ON k.id = ks.kwestie_id"
                 " WHERE k.id = ?", (k["id"],)), [("opgepakt",)], "status stored")


@test
def concurrent_changes(srv):
    """Two professionals with the same version at once: one wins, the
    other gets 409; never two regisseurs; one resident supports once."""
    k = new_kwestie(srv)
    path = "%s/%d" % (KW, k["id"])
    got = H.threads_run(4, lambda i: call(srv, "PATCH", path, {
        "version": 1, "title": "Titel van %d" % i}, who="A" if i % 2 else "key:A"))
    codes = sorted(r.status if hasattr(r, "status") else repr(r) for r in got)
    eq(codes, [200, 409, 409, 409], "statuses of four PATCHes of version 1")
    eq(get(srv, k["id"])["version"], 2, "one new version")
    orgs = [org_id(x) for x in ("A", "U", "F", "G")]
    got = H.threads_run(4, lambda i: call(srv, "PUT", path + "/chain", {
        "version": 2, "chain": [{"organisation": orgs[i], "role": "regisseur"}]
        + ([{"organisation": org_id("A"), "role": "uitvoerder"}] if i else [])}))
    codes = sorted(r.status if hasattr(r, "status") else repr(r) for r in got)
    eq(codes, [200, 409, 409, 409], "statuses of four chains of version 2")
    eq(srv.query("SELECT COUNT(*) FROM kwestie_chain WHERE kwestie_id = ? AND"
                 " role = 'regisseur'", (k["id"],)), [(1,)], "one regisseur")
    got = H.threads_run(4, lambda i: call(srv, "POST", path + "/support",
                                          {"email": "tegelijk@example.org"}, who=None))
    codes = sorted(r.status if hasattr(r, "status") else repr(r) for r in got)
    eq(codes, [200, 200, 200, 201], "statuses of four supports by one address")
    eq(get(srv, k["id"])["supporters"], 1, "supporters")


@test
def get_unknown_and_bad_ids(srv):
    for path in ("%s/999999" % KW, "%s/abc" % KW, "%s/0" % KW):
        r = srv.get(path)
        H.check_json_error(r, 404)
    r = srv.get("%s/%d?x=1" % (KW, ST["k1"]))
    eq(r.status, 400, "unknown query parameter")


@test
def patch_walks_the_statuses(srv):
    k = new_kwestie(srv)
    kid, sid = k["id"], k["id"]
    sid = srv.query("SELECT signal_id FROM kwestie_signals WHERE kwestie_id = ?",
                    (kid,))[0][0]
    k = patch(srv, kid, {"version": 1, "title": "Nieuwe titel"})
    eq((k["title"], k["version"]), ("Nieuwe titel", 2), "title and version")
    k = patch(srv, kid, {"version": 2, "status": "in_uitvoering", "urgency": 2})
    eq((k["status"], k["urgency"]), ("in_uitvoering", 2), "status")
    k = patch(srv, kid, {"version": 3, "status": "doorgezet", "forwarded_to": "Waternet"})
    eq(k["forwarded_to"], "Waternet", "forwarded_to")
    k = patch(srv, kid, {"version": 4, "status": "geparkeerd", "park_until": "2999-01-01",
                         "park_reason": "Wacht op de begroting."})
    eq((k["park_until"], k["forwarded_to"]), ("2999-01-01", None), "parked")
    k = patch(srv, kid, {"version": 5, "level": "stadsdeel",
                         "level_reason": "Speelt in het hele stadsdeel."})
    eq(k["level"], "stadsdeel", "level")
    k = patch(srv, kid, {"version": 6, "status": "afgerond", "outcome": "opgelost"},
              who="key:A")
    eq((k["status"], k["outcome"]), ("afgerond", "opgelost"), "closed")
    check(k["closed_at"], "closed_at")
    eq(srv.query("SELECT status, outcome, closed_at IS NOT NULL FROM signals WHERE id = ?",
                 (sid,)), [("afgerond", "opgelost", 1)], "the signal is closed too")
    k = patch(srv, kid, {"version": 7, "status": "opgepakt"})
    eq((k["outcome"], k["closed_at"]), (None, None), "reopened")
    eq(srv.query("SELECT status, closed_at FROM signals WHERE id = ?", (sid,)),
       [("opgepakt", None)], "the signal is open again")
    whats = [h["what"] for h in k["history"]]
    eq(whats.count("status"), 5, "status rows in %r" % whats)
    check("level" in whats and "text" in whats and "urgency" in whats, "history %r" % whats)
    lvl = [h for h in k["history"] if h["what"] == "level"][0]
    eq((lvl["from"], lvl["to"], lvl["reason"]),
       ("buurt", "stadsdeel", "Speelt in het hele stadsdeel."), "level history")
    # nothing to change: no new version
    k = patch(srv, kid, {"version": 8, "title": "Nieuwe titel"})
    eq(k["version"], 8, "version after a change that changes nothing")


@test
def dubbel_names_the_other(srv):
    a, b = new_kwestie(srv), new_kwestie(srv)
    k = patch(srv, a["id"], {"version": 1, "status": "afgerond", "outcome": "dubbel",
                             "duplicate_of": b["id"]})
    eq((k["outcome"], k["duplicate_of"]), ("dubbel", b["id"]), "dubbel")


# --------------------------------------------------------------------------
# bad input on create

def create_body(**kw):
    body = {"title": "Grofvuil %s" % uniq(), "description": "Naast de containers.",
            "area": "AA01", "level": "buurt", "level_reason": "Speelt in een straat.",
            "signals": [ST["free_signal"]],
            "chain": [{"organisation": org_id("A"), "role": "regisseur"}],
            "status": "opgepakt"}
    body.update(kw)
    return {k: v for k, v in body.items() if v is not Ellipsis}


@test
def create_bad_input(srv):
    ST["free_signal"] = report(srv, "AA01")
    A, B, U = org_id("A"), org_id("B"), org_id("U")
    cases = [
        ("another municipality", create_body(signals=[ST["foreign"]]), 422, "signal"),
        ("unknown signal", create_body(signals=[99999999]), 422, "signal"),
        ("two regisseurs", create_body(chain=[{"organisation": A, "role": "regisseur"},
                                              {"organisation": U, "role": "regisseur"}]),
         422, "chain"),
        ("taken up without regisseur",
         create_body(chain=[{"organisation": A, "role": "uitvoerder"}]), 422, "chain"),
        ("an organisation twice",
         create_body(chain=[{"organisation": A, "role": "regisseur"},
                            {"organisation": A, "role": "uitvoerder"}]), 422, "chain"),
        ("unknown organisation",
         create_body(chain=[{"organisation": 999999, "role": "regisseur"}]), 422, "chain"),
        ("unknown role", create_body(chain=[{"organisation": A, "role": "baas"}]),
         422, "chain"),
        ("level below the area", create_body(area="A", level="buurt"), 422, "level"),
        ("unknown level", create_body(level="dorp"), 422, "level"),
        ("unknown area", create_body(area="ZZ99"), 422, "area"),
        ("an area of another municipality", create_body(area="XX01"), 422, "area"),
        ("an organisation of another municipality",
         create_body(chain=[{"organisation": A, "role": "regisseur"},
                            {"organisation": ST["foreign_org"], "role": "uitvoerder"}]),
         422, "chain"),
        ("no title", create_body(title=...), 422, "title"),
        ("title too short", create_body(title="ab"), 422, "title"),
        ("title too long", create_body(title="x" * 121), 422, "title"),
        ("no level reason", create_body(level_reason=...), 422, "level_reason"),
        ("new and closed", create_body(status="afgerond"), 422, "status"),
        ("unknown theme", create_body(theme="geen-thema"), 422, "theme"),
        ("urgency 3", create_body(urgency=3), 422, "urgency"),
        # wrong types and sizes: 400
        ("title a number", create_body(title=5), 400, "title"),
        ("100 unknown signals", create_body(signals=list(range(90000001, 90000101))),
         422, "signal"),
        ("signals not a list", create_body(signals="1"), 400, "signals"),
        ("a signal not a number", create_body(signals=["1"]), 400, "signals"),
        ("a negative signal", create_body(signals=[-1]), 400, "signals"),
        ("101 signals", create_body(signals=list(range(1, 102))), 400, "signals"),
        ("31 links", create_body(chain=[{"organisation": i, "role": "betrokken"}
                                        for i in range(1, 32)]), 400, "chain"),
        ("a link not an object", create_body(chain=[A]), 400, "chain"),
        ("a link with more", create_body(chain=[{"organisation": A, "role": "regisseur",
                                                 "x": 1}]), 400, "chain"),
        ("organisation a string", create_body(chain=[{"organisation": str(A),
                                                      "role": "regisseur"}]), 400, "chain"),
        ("urgency a string", create_body(urgency="2"), 400, "urgency"),
        ("unknown field", create_body(owner="me"), 400, "owner"),
    ]
    wrong = []
    for what, body, status, field in cases:
        try:
            bad(srv, "POST", KW, body, status, field)
        except H.Failure as e:
            wrong.append("%s: %s" % (what, e))
    # B's medewerker and key: the signal is A's
    for who in ("B", "key:B"):
        try:
            bad(srv, "POST", KW, create_body(chain=[{"organisation": B, "role": "regisseur"}]),
                403, "signal", who=who)
        except H.Failure as e:
            wrong.append("%s with A's signal: %s" % (who, e))
    # without signals and without its own organisation in the chain
    try:
        bad(srv, "POST", KW, create_body(signals=[]), 422, "chain", who="B")
    except H.Failure as e:
        wrong.append("B with A's chain: %s" % e)
    check(not wrong, "\n  ".join([""] + wrong))


@test
def malformed_bodies(srv):
    path = "%s/%d" % (KW, ST["k1"])
    bad(srv, "POST", KW, None, 400, raw='{"title": "x",', message_has="")
    bad(srv, "PATCH", path, None, 400, raw='{"version": 1, "version": 2}')
    bad(srv, "PATCH", path, None, 400, raw='[1, 2]')
    bad(srv, "PATCH", path, None, 400, raw='{"version": 1, "title": "Grof\\u0000vuil"}')
    bad(srv, "PATCH", path, None, 400, raw='{"version": 1, "title": ' + "[" * 5000 + "]" * 5000
        + '}')
    bad(srv, "PATCH", path, None, 400, raw='')
    bad(srv, "PATCH", path, {"version": 1}, 415, ctype="text/plain")
    bad(srv, "PATCH", path, {"version": 1, "colour": "red"}, 400, "colour")
    bad(srv, "PUT", path + "/chain", {"version": 1, "chain": [], "extra": 1}, 400, "extra")
    bad(srv, "POST", path + "/merge", {"into": 1, "why": "x"}, 400, "why")
    bad(srv, "POST", path + "/signals", {"signal": 1, "note": "x"}, 400, "note")
    bad(srv, "POST", path + "/support", {"email": "a@example.org", "name": "x"}, 400,
        "name", who=None)
    big = json.dumps({"title": "x" * 70000})
    with H.unchanged(srv):
        r = call(srv, "POST", KW, raw=big)
        check(r.status in (400, 413), "a 70 kB body: %d" % r.status)
        eq(r.status, 413, "a body over the limit")


# --------------------------------------------------------------------------
# bad input on change

@test
def patch_bad_input(srv):
    k = new_kwestie(srv)
    other = new_kwestie(srv)
    path = "%s/%d" % (KW, k["id"])
    v = k["version"]
    cases = [
        ("closing without outcome", {"version": v, "status": "afgerond"}, 422, "outcome"),
        ("outcome without closing", {"version": v, "outcome": "opgelost"}, 422, "outcome"),
        ("dubbel without the other", {"version": v, "status": "afgerond",
                                      "outcome": "dubbel"}, 422, "duplicate_of"),
        ("dubbel of itself", {"version": v, "status": "afgerond", "outcome": "dubbel",
                              "duplicate_of": k["id"]}, 422, "duplicate_of"),
        ("dubbel of an unknown one", {"version": v, "status": "afgerond",
                                      "outcome": "dubbel", "duplicate_of": 999999},
         422, "duplicate_of"),
        ("level change without reason", {"version": v, "level": "wijk"}, 422,
         "level_reason"),
        ("level below the area", {"version": v, "level": "wijk", "level_reason": "x" * 5,
                                  "title": "ab"}, 422, "title"),
        ("park date in the past", {"version": v, "status": "geparkeerd",
                                   "park_until": "2020-01-01", "park_reason": "Wacht."},
         422, "park_until"),
        ("park date malformed", {"version": v, "status": "geparkeerd",
                                 "park_until": "1-1-2030", "park_reason": "Wacht."},
         422, "park_until"),
        ("park date not in the calendar", {"version": v, "status": "geparkeerd",
                                           "park_until": "2030-02-29",
                                           "park_reason": "Wacht."}, 422, "park_until"),
        ("park without reason", {"version": v, "status": "geparkeerd",
                                 "park_until": "2999-01-01"}, 422, "park_reason"),
        ("doorgezet without where", {"version": v, "status": "doorgezet"}, 422,
         "forwarded_to"),
        ("back to nieuw", {"version": v, "status": "nieuw"}, 422, "status"),
        ("a park date without parking", {"version": v, "park_until": "2020-01-01"}, 422,
         "park_until"),
        ("where to without doorgezet", {"version": v, "forwarded_to": "Waternet"}, 422,
         "forwarded_to"),
        ("the other kwestie without dubbel", {"version": v, "duplicate_of": other["id"]},
         422, "duplicate_of"),
        ("unknown status", {"version": v, "status": "klaar"}, 422, "status"),
        ("no version", {"title": "Een titel"}, 400, "version"),
        ("version a string", {"version": str(v)}, 400, "version"),
        ("version zero", {"version": 0}, 400, "version"),
        ("duplicate_of a string", {"version": v, "duplicate_of": "3"}, 400, "duplicate_of"),
        ("title null is no change, a list is wrong", {"version": v, "title": ["x"]}, 400,
         "title"),
        ("urgency a float", {"version": v, "urgency": 1.5}, 400, "urgency"),
    ]
    wrong = []
    for what, body, status, field in cases:
        try:
            bad(srv, "PATCH", path, body, status, field)
        except H.Failure as e:
            wrong.append("%s: %s" % (what, e))
    check(not wrong, "\n  ".join([""] + wrong))
    # closed: reopening only to opgepakt or in_uitvoering
    patch(srv, other["id"], {"version": 1, "status": "afgerond", "outcome": "opgelost"})
    opath = "%s/%d" % (KW, other["id"])
    bad(srv, "PATCH", opath, {"version": 2, "status": "doorgezet",
                              "forwarded_to": "Waternet"}, 422, "status")
    bad(srv, "PATCH", opath, {"version": 2, "status": "geparkeerd", "park_until": "2999-01-01",
                              "park_reason": "Wacht."}, 422, "status")


@test
def stale_version_is_409_with_the_kwestie(srv):
    k = new_kwestie(srv)
    path = "%s/%d" % (KW, k["id"])
    patch(srv, k["id"], {"version": 1, "title": "Eerst"})
    for method, sub, body in (("PATCH", "", {"version": 1, "title": "Te laat"}),
                              ("PUT", "/chain", {"version": 1, "chain": [
                                  {"organisation": org_id("A"), "role": "regisseur"}]}),
                              ("POST", "/merge", {"version": 1,
                                                  "into": ST["k1"]})):
        r, err = bad(srv, method, path + sub, body, 409, "version")
        j = r.json()
        check(isinstance(j.get("kwestie"), dict), "no kwestie in the 409: %r" % j)
        eq((j["kwestie"]["version"], j["kwestie"]["title"]), (2, "Eerst"),
           "the kwestie as it is now (%s %s)" % (method, sub))
        eq(err["code"], "conflict", "code")


@test
def chain_rules(srv):
    k = new_kwestie(srv)
    path = "%s/%d/chain" % (KW, k["id"])
    A, U, F = org_id("A"), org_id("U"), org_id("F")
    bad(srv, "PUT", path, {"version": 1, "chain": [{"organisation": A, "role": "regisseur"},
                                                   {"organisation": U, "role": "regisseur"}]},
        422, "chain")
    bad(srv, "PUT", path, {"version": 1, "chain": [{"organisation": A, "role": "uitvoerder"}]},
        422, "chain", message_has="")
    bad(srv, "PUT", path, {"version": 1, "chain": []}, 422, "chain")
    bad(srv, "PUT", path, {"version": 1, "chain": [
        {"organisation": ST["foreign_org"], "role": "regisseur"}]}, 422, "chain")
    bad(srv, "PUT", path, {"version": 1}, 400, "chain")
    bad(srv, "PUT", path, {"chain": [{"organisation": A, "role": "regisseur"}]}, 400,
        "version")
    bad(srv, "PUT", path, {"version": 1, "chain": [{"organisation": A, "role": "regisseur"},
                                                   {"organisation": A, "role": "betrokken"}]},
        422, "chain")
    r = call(srv, "PUT", path, {"version": 1, "chain": [
        {"organisation": U, "role": "regisseur"}, {"organisation": A, "role": "uitvoerder"},
        {"organisation": F, "role": "financier"}]})
    eq(r.status, 200, "a new chain (body %r)" % r.body[:300])
    j = r.json()
    eq(j["version"], 2, "version")
    eq(j["regisseur"], ST["name"]["U"], "the new regisseur")
    eq([h["what"] for h in j["history"]][-1], "chain", "history")


# --------------------------------------------------------------------------
# who may change

@test
def outsiders_may_not_change(srv):
    k = new_kwestie(srv)
    path = "%s/%d" % (KW, k["id"])
    body = {"version": 1, "title": "Overgenomen"}
    for who in ("O", "B", "key:B", "work:A", "admin"):
        bad(srv, "PATCH", path, body, 403, who=who)
        bad(srv, "PUT", path + "/chain", {"version": 1, "chain": [
            {"organisation": org_id("O"), "role": "regisseur"}]}, 403, who=who)
        bad(srv, "POST", path + "/merge", {"into": ST["k1"]}, 403, who=who)
    bad(srv, "PATCH", path, body, 401, who=None)
    # O in the chain of another kwestie with the same signal is still
    # outside this one's chain
    sig = srv.query("SELECT signal_id FROM kwestie_signals WHERE kwestie_id = ?",
                    (k["id"],))[0][0]
    new_kwestie(srv, signals=[sig], chain=[{"organisation": org_id("A"), "role": "regisseur"},
                                           {"organisation": org_id("O"), "role": "betrokken"}])
    bad(srv, "PATCH", path, body, 403, who="O")
    bad(srv, "PUT", path + "/chain", {"version": 1, "chain": [
        {"organisation": org_id("O"), "role": "regisseur"}]}, 403, who="O")
    # a session without the CSRF token
    sid, _ = ST["people"]["A"]
    with H.unchanged(srv):
        r = srv.request("PATCH", path, body=json.dumps(body),
                        headers={"Cookie": "sid=" + sid, "Content-Type": "application/json"})
        eq(r.status, 403, "without X-CSRF-Token")
    # in the chain as betrokken: reaches it, does not steer it (nor make
    # itself uitvoerder and so reach the residents' contact data)
    r = call(srv, "PUT", path + "/chain", {"version": 1, "chain": [
        {"organisation": org_id("A"), "role": "regisseur"},
        {"organisation": org_id("G"), "role": "betrokken"}]})
    eq(r.status, 200, "A adds G (body %r)" % r.body[:300])
    bad(srv, "PATCH", path, {"version": 2, "title": "Door de betrokkene"}, 403, who="G",
        field="id")
    bad(srv, "PUT", path + "/chain", {"version": 2, "chain": [
        {"organisation": org_id("A"), "role": "regisseur"},
        {"organisation": org_id("G"), "role": "uitvoerder"}]}, 403, who="G", field="id")
    # as uitvoerder: steers
    r = call(srv, "PUT", path + "/chain", {"version": 2, "chain": [
        {"organisation": org_id("A"), "role": "regisseur"},
        {"organisation": org_id("G"), "role": "uitvoerder"}]})
    eq(r.status, 200, "A makes G uitvoerder (body %r)" % r.body[:300])
    patch(srv, k["id"], {"version": 3, "title": "Door de uitvoerder"}, who="G")


# --------------------------------------------------------------------------
# signals

@test
def add_signals(srv):
    k = new_kwestie(srv)
    path = "%s/%d/signals" % (KW, k["id"])
    s = report(srv, "AA01")
    r = call(srv, "POST", path, {"signal": s})
    eq(r.status, 201, "link (body %r)" % r.body[:300])
    eq(r.json()["signals"], 2, "signals")
    r = call(srv, "POST", path, {"signal": s})
    eq(r.status, 200, "linked again")
    eq(r.json()["signals"], 2, "signals once")
    bad(srv, "POST", path, {"signal": ST["foreign"]}, 422, "signal")
    bad(srv, "POST", path, {"signal": 99999999}, 422, "signal")
    bad(srv, "POST", path, {"signal": report(srv, "NA01")}, 403, "signal")
    bad(srv, "POST", path, {"signal": "1"}, 400, "signal")
    bad(srv, "POST", path, {}, 400, "signal")
    # a signal closed in triage is closed: linking it would silently reopen
    # it (a new kwestie refuses it too)
    closed = report(srv, "AA01")
    r = call(srv, "POST", "/api/v1/triage/%d/close" % closed,
             {"outcome": "geen_actie_nodig", "reason": "Al opgeruimd."})
    eq(r.status, 200, "close in triage")
    bad(srv, "POST", path, {"signal": closed}, 422, "signal")
    bad(srv, "POST", KW, create_body(signals=[closed]), 422, "signals")
    # a closed kwestie takes no signals
    patch(srv, k["id"], {"version": get(srv, k["id"])["version"], "status": "afgerond",
                         "outcome": "opgelost"})
    bad(srv, "POST", path, {"signal": report(srv, "AA01")}, 422, "id")


# --------------------------------------------------------------------------
# merge and split

@test
def merge(srv):
    a, b = new_kwestie(srv), new_kwestie(srv)
    bad(srv, "POST", "%s/%d/merge" % (KW, a["id"]), {"into": a["id"]}, 422, "into")
    bad(srv, "POST", "%s/%d/merge" % (KW, a["id"]), {"into": 999999}, 422, "into")
    bad(srv, "POST", "%s/%d/merge" % (KW, a["id"]), {}, 400, "into")
    r = call(srv, "POST", "%s/%d/support" % (KW, a["id"]), {"email": "merge@example.org"},
             who=None)
    eq(r.status, 201, "support a")
    r = call(srv, "POST", "%s/%d/merge" % (KW, a["id"]), {"into": b["id"], "version": 1})
    eq(r.status, 200, "merge (body %r)" % r.body[:300])
    j = r.json()
    eq((j["status"], j["outcome"], j["merged_into"], j["duplicate_of"]),
       ("afgerond", "dubbel", b["id"], b["id"]), "the merged one points to the other")
    bj = get(srv, b["id"])
    eq((bj["signals"], bj["supporters"], bj["residents"]), (2, 1, 3), "moved into b")
    # into the one it was merged from, and the merged one again
    bad(srv, "POST", "%s/%d/merge" % (KW, b["id"]), {"into": a["id"]}, 422, "into")
    bad(srv, "POST", "%s/%d/merge" % (KW, a["id"]), {"into": b["id"]}, 409, "id")
    r, err = bad(srv, "POST", "%s/%d/signals" % (KW, a["id"]),
                 {"signal": report(srv, "AA01")}, 409, "id")
    check("hieronder" not in err["message"] or "kwestie" in r.json(),
          "the message points below, to nothing: %r" % r.json())
    bad(srv, "PATCH", "%s/%d" % (KW, a["id"]), {"version": 2, "title": "Toch"}, 409, "id")
    # support of a merged one points to the other
    bad(srv, "POST", "%s/%d/support" % (KW, a["id"]), {"email": "later@example.org"}, 422,
        "id", who=None)
    # a closed one is not merged (its outcome would turn into dubbel and
    # its closed signals open again in the other without a word)
    d, e = new_kwestie(srv), new_kwestie(srv)
    patch(srv, d["id"], {"version": 1, "status": "afgerond", "outcome": "opgelost"})
    bad(srv, "POST", "%s/%d/merge" % (KW, d["id"]), {"into": e["id"]}, 422, "id")
    # into a kwestie of another organisation: not
    c = new_kwestie(srv, who="B", signals=[report(srv, "NA01")], area="NA01",
                    chain=[{"organisation": org_id("B"), "role": "regisseur"}])
    bad(srv, "POST", "%s/%d/merge" % (KW, b["id"]), {"into": c["id"]}, 403, "into")


@test
def split(srv):
    s1, s2 = report(srv, "AA01"), report(srv, "AA01")
    k = new_kwestie(srv, signals=[s1, s2])
    r = call(srv, "POST", "%s/%d/split" % (KW, k["id"]),
             {"title": "Het tweede probleem", "description": "Iets anders.",
              "signals": [s2]})
    eq(r.status, 201, "split (body %r)" % r.body[:400])
    n = r.json()
    eq((n["signals"], n["level"], n["area"], n["regisseur"]),
       (1, "buurt", "AA01", ST["name"]["A"]), "the new one")
    eq(get(srv, k["id"])["signals"], 1, "the old one lost the signal")
    bad(srv, "POST", "%s/%d/split" % (KW, k["id"]), {"title": "Nog een",
                                                     "description": "Iets.",
                                                     "signals": []}, 422, "signals")
    bad(srv, "POST", "%s/%d/split" % (KW, k["id"]), {"title": "Nog een",
                                                     "description": "Iets.",
                                                     "signals": [s2]}, 422, "signals")


# --------------------------------------------------------------------------
# support

@test
def support_twice(srv):
    k = new_kwestie(srv)
    path = "%s/%d/support" % (KW, k["id"])
    r = call(srv, "POST", path, {"email": "steun@example.org"}, who=None)
    eq(r.status, 201, "first support (body %r)" % r.body[:300])
    eq((r.json()["supporters"], r.json()["residents"]), (1, 2), "counted")
    with H.unchanged(srv):
        r = call(srv, "POST", path, {"email": " Steun@Example.org "}, who=None)
        eq(r.status, 200, "the same address again")
    eq(r.json()["supporters"], 1, "once")
    r = call(srv, "POST", path, {}, who=None)
    eq(r.status, 201, "by the client's address")
    with H.unchanged(srv):
        r = call(srv, "POST", path, {}, who=None)
        eq(r.status, 200, "the same client again")
    check("steun@" not in r.text.lower(), "the address in the answer")
    eq(srv.query("SELECT COUNT(*) FROM kwestie_supporters WHERE supporter_key LIKE '%@%'"),
       [(0,)], "addresses stored")
    bad(srv, "POST", path, {"email": "geen adres"}, 400, "email", who=None)
    bad(srv, "POST", path, {"email": 5}, 400, "email", who=None)
    bad(srv, "POST", "%s/999999/support" % KW, {}, 404, who=None)


@test
def merge_counts_a_resident_once(srv):
    """A resident who supported both, or supports the merged-into one after
    the merge, is one supporter of it, not two."""
    a, b = new_kwestie(srv), new_kwestie(srv)
    for k in (a, b):
        r = call(srv, "POST", "%s/%d/support" % (KW, k["id"]), {"email": "beide@example.org"},
                 who=None)
        eq(r.status, 201, "support %d" % k["id"])
    r = call(srv, "POST", "%s/%d/support" % (KW, a["id"]), {"email": "eerst@example.org"},
             who=None)
    eq(r.status, 201, "support a")
    r = call(srv, "POST", "%s/%d/merge" % (KW, a["id"]), {"into": b["id"], "version": 1})
    eq(r.status, 200, "merge (body %r)" % r.body[:300])
    bj = get(srv, b["id"])
    eq((bj["supporters"], bj["residents"]), (2, 4), "supporters and residents of b")
    with H.unchanged(srv):
        r = call(srv, "POST", "%s/%d/support" % (KW, b["id"]), {"email": "Eerst@example.org"},
                 who=None)
        eq(r.status, 200, "supports b already, by the merge")
    eq(r.json()["supporters"], 2, "supporters after supporting again")


# --------------------------------------------------------------------------
# triage

@test
def triage(srv):
    s = report(srv, "AA01")
    for who in ("A", "key:A"):
        r = call(srv, "GET", "/api/v1/triage?area=AA01&limit=200", who=who)
        eq(r.status, 200, "triage (body %r)" % r.body[:200])
        mine = [x for x in r.json()["signals"] if x["id"] == s]
        eq(len(mine), 1, "the new signal in A's triage")
        eq(sorted(mine[0]), ["area", "category", "created_at", "declined", "id", "kind",
                             "text"], "fields")
        eq(mine[0]["declined"], [], "nobody declined it yet")
        eq(mine[0]["area"], "AA01", "area")
    r = call(srv, "GET", "/api/v1/triage?limit=200", who="B")
    check(s not in [x["id"] for x in r.json()["signals"]], "A's signal in B's triage")
    r = call(srv, "GET", "/api/v1/triage?limit=500", who="A")
    H.check_json_error(r, 400)
    path = "/api/v1/triage/%d" % s
    bad(srv, "POST", path + "/decline", {"reason": "x"}, 422, "reason")
    bad(srv, "POST", path + "/decline", {"reason": "Niet voor ons."}, 403, who="B")
    bad(srv, "POST", path + "/close", {"reason": "Opgelost ter plekke."}, 422, "outcome")
    bad(srv, "POST", path + "/close", {"outcome": "dubbel", "reason": "Zie de andere."},
        422, "outcome")
    bad(srv, "POST", path + "/category", {"category": "bestaat/niet"}, 422, "category")
    r = call(srv, "POST", path + "/decline", {"reason": "Niet voor ons."})
    eq(r.status, 200, "decline (body %r)" % r.body[:200])
    r = call(srv, "GET", "/api/v1/triage?limit=200", who="A")
    check(s not in [x["id"] for x in r.json()["signals"]], "declined, still in triage")
    r, err = bad(srv, "POST", path + "/decline", {"reason": "Nog steeds niet."}, 409,
                 "signal")
    # the message is about this signal, not a kwestie someone else changed
    check("kwestie" not in err["message"] and "kwestie" not in r.json(),
          "decline twice: %r" % r.json())
    s2 = report(srv, "AA01")
    r = call(srv, "POST", "/api/v1/triage/%d/close" % s2,
             {"outcome": "geen_actie_nodig", "reason": "Al opgeruimd."})
    eq(r.status, 200, "close (body %r)" % r.body[:200])
    eq(srv.query("SELECT status, outcome, closed_at IS NOT NULL FROM signals WHERE id = ?",
                 (s2,)), [("afgerond", "geen_actie_nodig", 1)], "closed with an outcome")
    bad(srv, "POST", "/api/v1/triage/%d/close" % s2,
        {"outcome": "opgelost", "reason": "Nog eens."}, 422, "signal")


# --------------------------------------------------------------------------
# the agenda

@test
def agenda(srv):
    k = new_kwestie(srv, level="stadsdeel")
    own = new_kwestie(srv)
    r = srv.get("/api/v1/areas/AA01/agenda")
    eq(r.status, 200, "agenda of a buurt")
    j = r.json()
    eq(j["area"]["code"], "AA01", "area")
    ids = [x["id"] for x in j["kwesties"]]
    check(k["id"] in ids and own["id"] in ids, "both in the buurt's agenda")
    j = srv.get("/api/v1/areas/A/agenda").json()
    ids = [x["id"] for x in j["kwesties"]]
    check(k["id"] in ids, "the stadsdeel-level one in the stadsdeel's agenda")
    check(own["id"] not in ids, "the buurt-level one not in the stadsdeel's agenda")
    check(isinstance(j["themes"], list), "themes")
    for x in j["kwesties"]:
        check({"id", "title", "level", "regisseur", "status", "residents"} <= set(x),
              "fields of %r" % x)
    # the level goes up: on the stadsdeel's agenda; and back down
    patch(srv, own["id"], {"version": own["version"], "level": "stadsdeel",
                           "level_reason": "Speelt in het hele stadsdeel."})
    ids = [x["id"] for x in srv.get("/api/v1/areas/A/agenda").json()["kwesties"]]
    check(own["id"] in ids, "raised to stadsdeel, on the stadsdeel's agenda")
    patch(srv, own["id"], {"version": own["version"] + 1, "level": "buurt",
                           "level_reason": "Toch alleen deze buurt."})
    ids = [x["id"] for x in srv.get("/api/v1/areas/A/agenda").json()["kwesties"]]
    check(own["id"] not in ids, "back to buurt, off the stadsdeel's agenda")
    # closed: off every agenda
    patch(srv, k["id"], {"version": k["version"], "status": "afgerond",
                         "outcome": "niet_op_dit_niveau"})
    for code in ("AA01", "A"):
        ids = [x["id"] for x in srv.get("/api/v1/areas/%s/agenda" % code).json()["kwesties"]]
        check(k["id"] not in ids, "closed, still on the agenda of %s" % code)
    H.check_json_error(srv.get("/api/v1/areas/ZZ99/agenda"), 404)
    H.check_json_error(srv.get("/api/v1/areas/XX01/agenda"), 404)
    eq(srv.get("/api/v1/areas/A/agenda?x=1").status, 400, "unknown parameter")


@test
def parked_comes_back_when_its_day_comes(srv):
    """The server's periodic jobs take a parked kwestie whose date came
    back to opgepakt (the regisseur's list): a second instance on the same
    database runs the jobs at its start (the first one's claim is taken
    away, as if its interval had passed)."""
    import time
    k = new_kwestie(srv)
    later = new_kwestie(srv)
    for x in (k, later):
        patch(srv, x["id"], {"version": 1, "status": "geparkeerd", "park_until": "2999-01-01",
                             "park_reason": "Wacht op de begroting."})
    write("UPDATE kwesties SET park_until = '2020-01-01' WHERE id = ?", (k["id"],))
    write("DELETE FROM job_runs")
    b = H.Server(srv.binary, ["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port],
                 db_dir=srv.dir, db_name="test.db")
    try:
        b.start()
        deadline = time.time() + 20
        while time.time() < deadline and get(srv, k["id"])["status"] == "geparkeerd":
            time.sleep(0.2)
    finally:
        b.stop()
    j = get(srv, k["id"])
    eq((j["status"], j["park_until"], j["version"]), ("opgepakt", None, 3),
       "the parked kwestie whose day came")
    eq(j["history"][-1]["what"], "status", "history")
    eq(get(srv, later["id"])["status"], "geparkeerd", "the one whose day is to come")


@test
def suggestions(srv):
    """"Is het dit?": open kwesties in the same buurt (or within 250 m) with
    a word in common or the same category."""
    k = new_kwestie(srv, title="Zwerfafval rond de speeltuin")
    r = srv.get("/api/v1/kwesties/suggest?buurt=AA01&text=veel+zwerfafval+hier")
    eq(r.status, 200, "suggest (body %r)" % r.body[:200])
    check(k["id"] in [x["id"] for x in r.json()["kwesties"]], "suggested: %r" % r.json())
    check(len(r.json()["kwesties"]) <= 5, "at most five")
    r = srv.get("/api/v1/kwesties/suggest?buurt=NA01&text=veel+zwerfafval+hier")
    check(k["id"] not in [x["id"] for x in r.json()["kwesties"]], "another buurt")
    r = srv.get("/api/v1/kwesties/suggest?buurt=AA01&text=iets+heel+anders")
    check(k["id"] not in [x["id"] for x in r.json()["kwesties"]], "no word in common")
    for q in ("", "?text=zwerfafval", "?buurt=AA01&lat=52.37", "?lat=abc&lon=4.89",
              "?buurt=AA01&lat=91&lon=4.89", "?buurt=AA01&x=1",
              "?buurt=" + "A" * 40):
        H.check_json_error(srv.get("/api/v1/kwesties/suggest" + q), 400)


@test
def triage_filters(srv):
    s1 = report(srv, "AA01")
    r = srv.post_json("/api/v1/signals", {"text": "Triage %s: een idee voor een bankje"
                                          % uniq(), "buurt": "AA01", "kind": "idee",
                                          "category": "afval/grofvuil"})
    eq(r.status, 201, "an idea (body %r)" % r.body[:200])
    s2 = srv.query("SELECT id FROM signals WHERE token = ?", (r.json()["token"],))[0][0]

    def ids(q, limit=200):
        r = call(srv, "GET", "/api/v1/triage?limit=%d&%s" % (limit, q), who="A")
        eq(r.status, 200, "triage ?%s" % q)
        return [x["id"] for x in r.json()["signals"]]
    got = ids("")
    check(s1 in got and s2 in got and got == sorted(got), "oldest first: %r" % got)
    check(s2 in ids("kind=idee") and s1 not in ids("kind=idee"), "kind")
    check(s2 in ids("category=afval") and s1 not in ids("category=afval"), "category")
    check(s2 in ids("category=afval/grofvuil"), "sub-category")
    check(s1 in ids("area=A") and s1 in ids("area=AA") and s1 not in ids("area=N"), "area")
    check(ids("after=%d" % s1) == [i for i in got if i > s1], "after")
    eq(ids("after=%d" % (s1 - 1), limit=1), [s1], "limit")


# --------------------------------------------------------------------------
# contact data follow the chain

@test
def contact_follows_the_chain(srv):
    email = "kw-contact-%s@example.org" % uniq()
    s = report(srv, "AA01", email=email, phone="0612345678")
    chain = [{"organisation": org_id("A"), "role": "regisseur"},
             {"organisation": org_id("U"), "role": "uitvoerder"},
             {"organisation": org_id("F"), "role": "financier"},
             {"organisation": org_id("G"), "role": "betrokken"}]
    path = "/werk/meldingen/%d" % s
    # before the kwestie, U reaches nothing
    sid, csrf = ST["people"]["U"]
    eq(srv.get(path, headers={"Cookie": "sid=" + sid}).status, 403, "U before the chain")
    new_kwestie(srv, signals=[s], chain=chain)
    for letter, page, contact in (("A", 200, 200), ("U", 200, 200), ("F", 200, 403),
                                  ("G", 200, 403), ("O", 403, 403), ("B", 403, 403)):
        sid, csrf = ST["people"][letter]
        r = srv.get(path, headers={"Cookie": "sid=" + sid})
        eq(r.status, page, "%s opens the signal" % letter)
        check(email not in r.text, "%s's signal page shows the e-mail" % letter)
        n = srv.query("SELECT COUNT(*) FROM audit_log WHERE action = 'signal.contact.view'"
                      " AND entity_id = ?", (str(s),))[0][0]
        r = srv.post_form(path + "/contact", {"csrf": csrf}, headers={"Cookie": "sid=" + sid})
        eq(r.status, contact, "%s opens the contact data" % letter)
        eq(email in r.text, contact == 200, "%s sees the e-mail" % letter)
        m = srv.query("SELECT COUNT(*) FROM audit_log WHERE action = 'signal.contact.view'"
                      " AND entity_id = ?", (str(s),))[0][0]
        eq(m - n, 1 if contact == 200 else 0, "contact views logged for %s" % letter)


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port])
    finally:
        SMTP.stop()
