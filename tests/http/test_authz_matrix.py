"""The authorisation matrix: every route of the route table x every kind of
principal x its own or another record, each cell one exact status.

The routes are read from the sources (src/web/routes.c and
src/web/routes_*.inc), as test_privacy.py does: a route without an entry
in SPEC below fails the test, and so does an entry for a route that is no
longer there, so a new route cannot be forgotten.  The expectation is
written out here, independently of src/domain/authz.c (read the two side
by side: RULES must agree with the table there), and per route the exact
answer to the request this test sends when the principal may: a route
that answers 404 or 500 where it should work fails, and so does one that
lets through whom it should refuse.

Principals: anonymous, a resident's session, medewerker and coordinator of
organisation A, of B, the beheerder (a member of neither), and an API key
of A for each scope a key can get (member.list, organisation.update,
signal.work).  "Own" is A (B for B's people), "other" the other one; the
beheerder has no own.  Records: A and B are stadsdelen (Centrum and
Noord), each with a signal of its own, a service, members to remove,
keys and invitations to revoke and organisations to delete, made for
every cell that may destroy one.

Refusals: the JSON API (/api/, /hsds, /healthz) answers 401 to nobody and
403 to the rest; pages send nobody (and a resident, on professionals'
pages) to /login with a 303, and everyone but a resident on residents'
pages to /mijn; professionals who may not get 403.

    python3 tests/http/test_authz_matrix.py --binary build/wijkagenda
"""
import datetime
import glob
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, cookies, csrf_of, eq, test  # noqa: E402

PASSWORD = "een lang wachtwoord voor de test"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UNKNOWN = "A" * 22  # a token nobody was given
S = {"seq": 0, "results": {}, "spares": {}}


# --------------------------------------------------------------------------
# the table, written out: action -> (may the beheerder, least role of a
# member of the record's organisation; None: no member by role)

RULES = {
    "professional": (True, "medewerker"),  # the record: any organisation
    "organisation.list": (True, None),
    "organisation.create": (True, None),
    "organisation.update": (True, "coordinator"),
    "organisation.delete": (True, None),
    "member.list": (True, "medewerker"),
    "member.invite": (True, "coordinator"),
    "member.update": (True, "coordinator"),
    "member.remove": (True, "coordinator"),
    "apikey.manage": (True, "coordinator"),
    "audit.read": (True, None),
    "signal.work": (False, "medewerker"),
    "signal.contact": (False, "medewerker"),
    "admin": (True, None),
}
AZ = {"AZ_PUBLIC": "public", "AZ_RESIDENT": "resident", "AZ_PROFESSIONAL": "professional",
      "AZ_ORG_LIST": "organisation.list", "AZ_ORG_CREATE": "organisation.create",
      "AZ_ORG_UPDATE": "organisation.update", "AZ_ORG_DELETE": "organisation.delete",
      "AZ_MEMBER_LIST": "member.list", "AZ_MEMBER_INVITE": "member.invite",
      "AZ_MEMBER_UPDATE": "member.update", "AZ_MEMBER_REMOVE": "member.remove",
      "AZ_APIKEY_MANAGE": "apikey.manage", "AZ_AUDIT_READ": "audit.read",
      "AZ_SIGNAL_WORK": "signal.work", "AZ_SIGNAL_CONTACT": "signal.contact",
      "AZ_ADMIN": "admin"}
RANK = {None: 0, "medewerker": 1, "coordinator": 2}
KEY_SCOPES = ("member.list", "organisation.update", "signal.work")


class Principal:
    def __init__(self, name, kind, roles=None, admin=False, sid=None, csrf=None,
                 key=None, scopes=()):
        self.name, self.kind, self.admin = name, kind, admin
        self.roles = roles or {}  # org letter -> role
        self.sid, self.csrf, self.key, self.scopes = sid, csrf, key, set(scopes)

    def own(self):
        return "B" if "B" in self.roles else "A"

    def other(self):
        return "A" if self.own() == "B" else "B"

    def headers(self):
        h = {}
        if self.sid:
            h["Cookie"] = "sid=%s" % self.sid
        if self.key:
            h["Authorization"] = "Bearer " + self.key
        return h


def may(p, action, org):
    """Whether p may do action on a record of org (the written-out table)."""
    if action == "public":
        return True
    if action == "resident":
        return p.kind == "resident"
    if p.kind in ("anonymous", "resident"):
        return False
    if p.kind == "key" and action not in p.scopes:
        return False
    admin, least = RULES[action]
    if p.admin and admin:
        return True
    if action == "professional":  # any membership (a key acts for its org)
        return bool(p.roles)
    rel = p.roles.get(org)
    return least is not None and RANK[rel] >= RANK[least]


def is_api(path):
    return path.startswith(("/api/", "/hsds")) or path == "/healthz"


def refusal(p, action, path):
    """(status, Location prefix or None) of a refusal."""
    if is_api(path):
        return (401, None) if p.kind in ("anonymous", "resident") else (403, None)
    if action == "resident":
        return 303, "/mijn"
    if p.kind in ("anonymous", "resident"):
        return 303, "/login?next="
    return 403, None


# --------------------------------------------------------------------------
# what each route is sent, and what it answers when the principal may

def uniq(prefix):
    S["seq"] += 1
    return "%s-%d-%d" % (prefix, os.getpid(), S["seq"])


def spare(kind, p, org):
    """A record made for this cell to destroy (see set_up), else the
    organisation's standing one (nothing happens: the cell is refused)."""
    return S["spares"].get((S["route"], p.name, org), S["standing"][kind][org])


def org_form(org):
    o = S["org"][org]
    return [("name", o["name"]), ("kind", o["kind"]), ("kvk", "")] + \
        [("areas", a) for a in o["areas"]] + [("areas_other", "")]


def service_form(name):
    return [("name", name), ("description", "Een dienst voor de matrix."),
            ("eligibility", "Voor iedereen."), ("application", "Bel ons."),
            ("opening_hours", ""), ("cost", "gratis"), ("fees", ""),
            ("languages", "nl"), ("phone", ""), ("email", ""), ("url", ""),
            ("address", ""), ("postal_code", ""), ("city", ""), ("norm_days", "3"),
            ("norm_text", "U hoort binnen 3 werkdagen van ons."), ("status", ""),
            ("areas_other", ""), ("areas", "GM0363"), ("terms", "iedereen")]


def signal_json():
    return {"text": uniq("matrix melding"), "buurt": "AA01"}


# (method, pattern) -> (path(p, org), body(p, org) or None, ok status when
# allowed: an int, or a function of (p, org)).  Bodies are ("form", fields),
# ("json", object) or ("raw", content type, bytes).
def P(path):
    return lambda p, o: path


def T(fmt, *keys):
    """A path with the organisation's records filled in."""
    def f(p, o):
        vals = []
        for k in keys:
            if k == "org":
                vals.append(S["org"][o]["id"])
            elif k == "signal":
                vals.append(S["signal"][o])
            elif k == "service":
                vals.append(S["service"][o])
            elif k == "member":
                vals.append(S["standing"]["victim"][o])
            else:
                vals.append(spare(k, p, o))
        return fmt % tuple(vals)
    return f


def login_page(p, o):
    return 303 if p.kind == "account" else 200


def logout(p, o):
    # sent without the session's CSRF token on purpose: a session's
    # log-out is refused (the matrix must not end its own sessions)
    return 403 if p.sid else 303


SPEC = {
    ("GET", "/"): (P("/"), None, 200),
    ("GET", "/healthz"): (P("/healthz"), None, 200),
    ("GET", "/melden"): (P("/melden"), None, 200),
    ("POST", "/melden"): (P("/melden"), lambda p, o: (
        "form", [("text", uniq("matrix formulier")), ("buurt", "AA01")]), 303),
    ("GET", "/m/{token}"): (lambda p, o: "/m/" + S["token"]["A"], None, 200),
    ("GET", "/kaart.svg"): (P("/kaart.svg"), None, 200),
    ("GET", "/static/{name}"): (P("/static/wijkagenda.css"), None, 200),
    ("GET", "/login"): (P("/login"), None, login_page),
    # without the log-in form's own token (cookie lc): refused as expired
    ("POST", "/login"): (P("/login"), lambda p, o: (
        "form", [("email", "x@example.org"), ("password", "x")]), 403),
    ("POST", "/logout"): (P("/logout"), lambda p, o: ("form", []), logout),
    ("GET", "/wachtwoord-vergeten"): (P("/wachtwoord-vergeten"), None, 200),
    ("POST", "/wachtwoord-vergeten"): (P("/wachtwoord-vergeten"), lambda p, o: (
        "form", [("email", "x@example.org")]), 403),
    ("GET", "/wachtwoord/{token}"): (P("/wachtwoord/" + UNKNOWN), None, 410),
    ("POST", "/wachtwoord/{token}"): (P("/wachtwoord/" + UNKNOWN), lambda p, o: (
        "form", []), 410),
    ("POST", "/api/v1/signals"): (P("/api/v1/signals"), lambda p, o: (
        "json", signal_json()), 201),
    ("GET", "/api/v1/signals/{token}"): (lambda p, o: "/api/v1/signals/" + S["token"]["A"],
                                         None, 200),
    ("GET", "/api/v1/areas"): (P("/api/v1/areas?level=stadsdeel"), None, 200),
    ("GET", "/api/v1/areas/lookup"): (P("/api/v1/areas/lookup?lat=52.3731&lon=4.8922"),
                                      None, 200),
    ("GET", "/api/v1/areas/{code}"): (P("/api/v1/areas/AA01"), None, 200),
    ("GET", "/werk"): (P("/werk"), None, 200),
    ("GET", "/beheer/organisaties"): (P("/beheer/organisaties"), None, 200),
    ("GET", "/beheer/organisaties/nieuw"): (P("/beheer/organisaties/nieuw"), None, 200),
    ("POST", "/beheer/organisaties/nieuw"): (P("/beheer/organisaties/nieuw"), lambda p, o: (
        "form", [("name", uniq("Matrix nieuw")), ("kind", "overig")]), 303),
    ("GET", "/beheer/organisaties/{org}"): (T("/beheer/organisaties/%d", "org"), None, 200),
    ("POST", "/beheer/organisaties/{org}"): (T("/beheer/organisaties/%d", "org"),
                                             lambda p, o: ("form", org_form(o)), 303),
    ("POST", "/beheer/organisaties/{org}/verwijderen"): (
        T("/beheer/organisaties/%d/verwijderen", "doomed"), lambda p, o: ("form", []), 303),
    ("GET", "/beheer/organisaties/{org}/leden"): (T("/beheer/organisaties/%d/leden", "org"),
                                                  None, 200),
    ("POST", "/beheer/organisaties/{org}/uitnodigen"): (
        T("/beheer/organisaties/%d/uitnodigen", "org"), lambda p, o: (
            "form", [("email", uniq("nieuw") + "@example.org"), ("role", "medewerker")]),
        303),
    ("POST", "/beheer/organisaties/{org}/leden/{account}/rol"): (
        T("/beheer/organisaties/%d/leden/%d/rol", "org", "member"),
        lambda p, o: ("form", [("role", "medewerker")]), 303),
    ("POST", "/beheer/organisaties/{org}/leden/{account}/verwijderen"): (
        T("/beheer/organisaties/%d/leden/%d/verwijderen", "org", "victim"),
        lambda p, o: ("form", []), 303),
    ("POST", "/beheer/organisaties/{org}/uitnodigingen/{invitation}/intrekken"): (
        T("/beheer/organisaties/%d/uitnodigingen/%d/intrekken", "org", "invitation"),
        lambda p, o: ("form", []), 303),
    ("GET", "/beheer/organisaties/{org}/sleutels"): (
        T("/beheer/organisaties/%d/sleutels", "org"), None, 200),
    ("POST", "/beheer/organisaties/{org}/sleutels"): (
        T("/beheer/organisaties/%d/sleutels", "org"), lambda p, o: (
            "form", [("name", uniq("Sleutel")), ("scopes", "member.list")]), 201),
    ("POST", "/beheer/organisaties/{org}/sleutels/{key}/intrekken"): (
        T("/beheer/organisaties/%d/sleutels/%d/intrekken", "org", "key"),
        lambda p, o: ("form", []), 303),
    ("GET", "/beheer/audit"): (P("/beheer/audit"), None, 200),
    ("GET", "/api/v1/organisations"): (P("/api/v1/organisations"), None, 200),
    ("POST", "/api/v1/organisations"): (P("/api/v1/organisations"), lambda p, o: (
        "json", {"name": uniq("Matrix API"), "kind": "overig"}), 201),
    ("GET", "/api/v1/organisations/{org}"): (T("/api/v1/organisations/%d", "org"), None, 200),
    ("PUT", "/api/v1/organisations/{org}"): (T("/api/v1/organisations/%d", "org"),
                                            lambda p, o: ("json", {
                                                "name": S["org"][o]["name"],
                                                "kind": S["org"][o]["kind"],
                                                "areas": S["org"][o]["areas"]}), 200),
    ("DELETE", "/api/v1/organisations/{org}"): (T("/api/v1/organisations/%d", "doomed"),
                                               None, 204),
    ("GET", "/api/v1/organisations/{org}/members"): (
        T("/api/v1/organisations/%d/members", "org"), None, 200),
    ("POST", "/api/v1/organisations/{org}/members"): (
        T("/api/v1/organisations/%d/members", "org"), lambda p, o: (
            "json", {"email": uniq("api") + "@example.org", "role": "medewerker"}), 201),
    ("DELETE", "/api/v1/organisations/{org}/members/{account}"): (
        T("/api/v1/organisations/%d/members/%d", "org", "victim"), None, 204),
    ("GET", "/api/v1/organisations/{org}/invitations"): (
        T("/api/v1/organisations/%d/invitations", "org"), None, 200),
    ("DELETE", "/api/v1/organisations/{org}/invitations/{invitation}"): (
        T("/api/v1/organisations/%d/invitations/%d", "org", "invitation"), None, 204),
    ("GET", "/uitnodiging/{token}"): (P("/uitnodiging/" + UNKNOWN), None, 410),
    ("POST", "/uitnodiging/{token}"): (P("/uitnodiging/" + UNKNOWN), lambda p, o: (
        "form", []), 410),
    ("GET", "/api/v1/audit"): (P("/api/v1/audit"), None, 200),
    ("GET", "/hsds"): (P("/hsds"), None, 200),
    ("GET", "/hsds/"): (P("/hsds/"), None, 200),
    ("GET", "/hsds/profile"): (P("/hsds/profile"), None, 200),
    ("GET", "/hsds/services"): (P("/hsds/services"), None, 200),
    ("GET", "/hsds/services/{id}"): (lambda p, o: "/hsds/services/" + S["hsds"]["service"],
                                     None, 200),
    ("GET", "/hsds/organizations"): (P("/hsds/organizations"), None, 200),
    ("GET", "/hsds/organizations/{id}"): (
        lambda p, o: "/hsds/organizations/" + S["hsds"]["organization"], None, 200),
    ("GET", "/hsds/taxonomies"): (P("/hsds/taxonomies"), None, 200),
    ("GET", "/hsds/taxonomies/{id}"): (
        lambda p, o: "/hsds/taxonomies/" + S["hsds"]["taxonomy"], None, 200),
    ("GET", "/hsds/taxonomy_terms"): (P("/hsds/taxonomy_terms"), None, 200),
    ("GET", "/hsds/taxonomy_terms/{id}"): (
        lambda p, o: "/hsds/taxonomy_terms/" + S["hsds"]["term"], None, 200),
    # an empty document: the importer ran and refused it
    ("POST", "/api/v1/hsds/import"): (P("/api/v1/hsds/import"), lambda p, o: (
        "json", {}), 400),
    ("GET", "/beheer/inventaris"): (P("/beheer/inventaris"), None, 200),
    ("POST", "/beheer/inventaris/lijsten"): (P("/beheer/inventaris/lijsten"), lambda p, o: (
        "form", [("bron", uniq("Matrix lijst")), ("inhoud", "naam\nBuurthuis Matrix\n")]),
        303),
    ("POST", "/beheer/inventaris/lijsten/{list}/verwijderen"): (
        T("/beheer/inventaris/lijsten/%d/verwijderen", "list"), lambda p, o: ("form", []),
        303),
    # no records named: the merge ran and refused it
    ("POST", "/beheer/inventaris/samenvoegen"): (P("/beheer/inventaris/samenvoegen"),
                                                 lambda p, o: ("form", []), 400),
    ("GET", "/beheer/inventaris/rapport"): (P("/beheer/inventaris/rapport"), None, 200),
    ("GET", "/api/v1/inventory/lists"): (P("/api/v1/inventory/lists"), None, 200),
    ("POST", "/api/v1/inventory/lists"): (
        lambda p, o: "/api/v1/inventory/lists?source=" + uniq("matrix"),
        lambda p, o: ("raw", "text/csv", b"naam\nBuurthuis Matrix API\n"), 201),
    ("DELETE", "/api/v1/inventory/lists/{list}"): (
        T("/api/v1/inventory/lists/%d", "list"), None, 200),
    ("GET", "/api/v1/inventory/clusters"): (P("/api/v1/inventory/clusters"), None, 200),
    ("POST", "/api/v1/inventory/merge"): (P("/api/v1/inventory/merge"), lambda p, o: (
        "json", {}), 400),
    ("GET", "/api/v1/inventory/report"): (P("/api/v1/inventory/report"), None, 200),
    ("GET", "/sociale-kaart"): (P("/sociale-kaart"), None, 200),
    ("GET", "/sociale-kaart/organisaties/{org}"): (
        T("/sociale-kaart/organisaties/%d", "org"), None, 200),
    ("GET", "/sociale-kaart/diensten/{id}"): (T("/sociale-kaart/diensten/%d", "service"),
                                             None, 200),
    ("GET", "/beheer/organisaties/{org}/diensten"): (
        T("/beheer/organisaties/%d/diensten", "org"), None, 200),
    ("POST", "/beheer/organisaties/{org}/diensten"): (
        T("/beheer/organisaties/%d/diensten", "org"),
        lambda p, o: ("form", service_form(uniq("Matrix dienst"))), 303),
    ("GET", "/beheer/organisaties/{org}/diensten/{id}"): (
        T("/beheer/organisaties/%d/diensten/%d", "org", "service"), None, 200),
    ("POST", "/beheer/organisaties/{org}/diensten/{id}"): (
        T("/beheer/organisaties/%d/diensten/%d", "org", "service"),
        lambda p, o: ("form", service_form("Matrix dienst %s" % o)), 303),
    ("POST", "/beheer/organisaties/{org}/diensten/{id}/verwijderen"): (
        T("/beheer/organisaties/%d/diensten/%d/verwijderen", "org", "doomed_service"),
        lambda p, o: ("form", []), 303),
    ("POST", "/beheer/organisaties/{org}/diensten/{id}/bevestigen"): (
        T("/beheer/organisaties/%d/diensten/%d/bevestigen", "org", "service"),
        lambda p, o: ("form", []), 303),
    ("GET", "/mijn"): (P("/mijn"), None, lambda p, o: 303 if p.kind == "resident" else 200),
    ("POST", "/mijn"): (P("/mijn"), lambda p, o: ("form", [("email", "x@example.org")]), 403),
    ("GET", "/mijn/meldingen"): (P("/mijn/meldingen"), None, 200),
    # residents' writes are sent without the session's CSRF token on
    # purpose (changing the address would end the session): refused
    ("POST", "/mijn/contact"): (P("/mijn/contact"), lambda p, o: (
        "form", [("email", "bewoner@example.org")]), 403),
    ("POST", "/mijn/wissen"): (P("/mijn/wissen"), lambda p, o: ("form", []), 403),
    ("GET", "/mijn/{token}"): (P("/mijn/" + UNKNOWN), None, 410),
    ("POST", "/mijn/{token}"): (P("/mijn/" + UNKNOWN), lambda p, o: ("form", []), 410),
    ("GET", "/werk/meldingen"): (P("/werk/meldingen"), None, 200),
    ("GET", "/werk/meldingen/{id}"): (T("/werk/meldingen/%d", "signal"), None, 200),
    ("POST", "/werk/meldingen/{id}/contact"): (T("/werk/meldingen/%d/contact", "signal"),
                                              lambda p, o: ("form", []), 200),
}
# Records these routes destroy, one made for every cell that may.
SPARE_KIND = {
    ("POST", "/beheer/organisaties/{org}/verwijderen"): "doomed",
    ("DELETE", "/api/v1/organisations/{org}"): "doomed",
    ("POST", "/beheer/organisaties/{org}/leden/{account}/verwijderen"): "victim",
    ("DELETE", "/api/v1/organisations/{org}/members/{account}"): "victim",
    ("POST", "/beheer/organisaties/{org}/uitnodigingen/{invitation}/intrekken"): "invitation",
    ("DELETE", "/api/v1/organisations/{org}/invitations/{invitation}"): "invitation",
    ("POST", "/beheer/organisaties/{org}/sleutels/{key}/intrekken"): "key",
    ("POST", "/beheer/inventaris/lijsten/{list}/verwijderen"): "list",
    ("DELETE", "/api/v1/inventory/lists/{list}"): "list",
    ("POST", "/beheer/organisaties/{org}/diensten/{id}/verwijderen"): "doomed_service",
}


# --------------------------------------------------------------------------
# the route table, from the sources

def route_table():
    src = open(os.path.join(REPO, "src/web/routes.c")).read()
    for f in sorted(glob.glob(os.path.join(REPO, "src/web/routes_*.inc"))):
        src += open(f).read()
    found = re.findall(r'\{"(GET|POST|PUT|DELETE)",\s*"([^"]+)",\s*\w+,\s*(AZ_\w+)', src)
    return [(m, pat, AZ[az]) for m, pat, az in found]


ROUTES = route_table()


def bound(pattern):
    return "{org}" in pattern or pattern.startswith("/werk/meldingen/{id}")


# --------------------------------------------------------------------------
# set-up

def now_text(delta=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=delta)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def token_hash(token):
    return hashlib.blake2b(token.encode() + b"\x1f", digest_size=16).hexdigest()


def write(srv, sql, args=()):
    con = sqlite3.connect(srv.db_path, timeout=10)
    try:
        cur = con.execute(sql, args)
        row = cur.fetchone() if "RETURNING" in sql else None
        con.commit()
        return row
    finally:
        con.close()


def session_for(srv, account_id, resident_email=None):
    """A live session written into the database: (token, csrf)."""
    S["seq"] += 1
    token = ("M%d" % S["seq"]).ljust(22, "s")
    csrf = ("C%d" % S["seq"]).ljust(22, "c")
    write(srv, "INSERT INTO sessions (token_hash, account_id, resident_email, csrf,"
               " created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          (token_hash(token), account_id, resident_email, csrf, now_text(), now_text(),
           now_text(7200)))
    return token, csrf


def account(srv, email, org_id=None, role=None):
    aid = write(srv, "INSERT INTO accounts (email, created_at) VALUES (?, ?) RETURNING id",
                (email, now_text()))[0]
    if org_id:
        write(srv, "INSERT INTO memberships (account_id, organisation_id, role, created_at)"
                   " VALUES (?, ?, ?, ?)", (aid, org_id, role, now_text()))
    return aid


def admin_session(srv):
    out = subprocess.run([os.path.abspath(H.Ctx.args.binary), "admin", "create",
                          "--email", "matrix-admin@example.org", "--db", srv.db_path,
                          "--base-url", "http://127.0.0.1:%d" % srv.port],
                         capture_output=True, text=True, timeout=60)
    eq(out.returncode, 0, "admin create: %s" % out.stderr)
    link = re.search(r"(/wachtwoord/[A-Za-z0-9_-]{22})", out.stdout).group(1)
    r = srv.get(link)
    r = srv.post_form(link, {"csrf": csrf_of(r), "password": PASSWORD,
                             "password2": PASSWORD},
                      headers={"Cookie": "lc=" + cookies(r)["lc"]})
    eq(r.status, 303, "password chosen")
    sid = cookies(r)["sid"]
    return sid, csrf_of(srv.get("/werk", headers={"Cookie": "sid=" + sid}))


def as_admin(srv, method, path, body=None, form=None):
    sid, csrf = S["admin"]
    h = {"Cookie": "sid=" + sid}
    if form is not None:
        return srv.post_form(path, list(form) + [("csrf", csrf)], headers=h)
    h.update({"X-CSRF-Token": csrf, "Content-Type": "application/json"})
    return srv.request(method, path, body=json.dumps(body) if body is not None else None,
                       headers=h)


def make_org(srv, name, kind="overig", areas=()):
    r = as_admin(srv, "POST", "/api/v1/organisations",
                 {"name": name, "kind": kind, "areas": list(areas)})
    eq(r.status, 201, "organisation %s (%r)" % (name, r.body[:200]))
    return r.json()["id"]


def make_key(srv, coord, org, scope):
    r = srv.post_form("/beheer/organisaties/%d/sleutels" % S["org"][org]["id"],
                      [("name", uniq("Matrix sleutel")), ("scopes", scope),
                       ("csrf", coord.csrf)], headers=coord.headers())
    eq(r.status, 201, "key (%r)" % r.body[:200])
    key = re.search(r'value="(wak_[0-9a-f]{8}_[A-Za-z0-9_-]{22})"', r.text).group(1)
    kid = srv.query("SELECT id FROM api_keys WHERE prefix = ?", (key[4:12],))[0][0]
    return key, kid


def make_invitation(srv, org):
    r = as_admin(srv, "POST", "/api/v1/organisations/%d/members" % S["org"][org]["id"],
                 {"email": uniq("uitgenodigd") + "@example.org", "role": "medewerker"})
    eq(r.status, 201, "invitation (%r)" % r.body[:200])
    return r.json()["invitation_id"]


def make_service(srv, org, name):
    r = as_admin(srv, "POST", "/beheer/organisaties/%d/diensten" % S["org"][org]["id"],
                 form=service_form(name))
    eq(r.status, 303, "service (%r)" % r.body[:300])
    return int(re.search(r"/diensten/(\d+)", r.header("Location")).group(1))


def make_list(srv):
    r = srv.request("POST", "/api/v1/inventory/lists?source=" + uniq("lijst"),
                    body=b"naam\nBuurthuis Lijst\n",
                    headers={"Cookie": "sid=" + S["admin"][0], "X-CSRF-Token": S["admin"][1],
                             "Content-Type": "text/csv"})
    eq(r.status, 201, "list (%r)" % r.body[:200])
    return r.json()["list"]["id"]


def make_spare(srv, kind, org, coords):
    if kind == "doomed":
        return make_org(srv, uniq("Matrix weg"))
    if kind == "victim":
        return account(srv, uniq("weg") + "@example.org", S["org"][org]["id"], "medewerker")
    if kind == "invitation":
        return make_invitation(srv, org)
    if kind == "key":
        return make_key(srv, coords[org], org, "member.list")[1]
    if kind == "list":
        return make_list(srv)
    if kind == "doomed_service":
        return make_service(srv, org, uniq("Matrix weg dienst"))
    raise AssertionError(kind)


def hsds_id(srv, path):
    items = srv.get(path).json()
    items = items.get("contents", items) if isinstance(items, dict) else items
    return str(items[0]["id"])


@test
def set_up(srv):
    S["admin"] = admin_session(srv)
    parent = dict(srv.query("SELECT code, parent_code FROM areas"))

    def in_noord(code):
        while code and code != "N":
            code = parent.get(code)
        return code == "N"
    noord = sorted(c for c, lvl in srv.query("SELECT code, level FROM areas")
                   if lvl == "buurt" and in_noord(c))
    S["org"] = {"A": {"name": "Matrix stadsdeel A", "kind": "stadsdeel", "areas": ["A"]},
                "B": {"name": "Matrix stadsdeel B", "kind": "stadsdeel", "areas": ["N"]}}
    for o in "AB":
        S["org"][o]["id"] = make_org(srv, S["org"][o]["name"], "stadsdeel", S["org"][o]["areas"])
    people = {}
    for o in "AB":
        for role in ("medewerker", "coordinator"):
            aid = account(srv, "%s-%s@example.org" % (role, o.lower()), S["org"][o]["id"], role)
            people[(o, role)] = (aid, session_for(srv, aid))
    admin_p = Principal("admin", "account", admin=True, sid=S["admin"][0], csrf=S["admin"][1])
    P_ = [Principal("anonymous", "anonymous")]
    res = session_for(srv, None, "bewoner@example.org")
    P_.append(Principal("resident", "resident", sid=res[0], csrf=res[1]))
    for o in "AB":
        for role in ("medewerker", "coordinator"):
            sid, csrf = people[(o, role)][1]
            P_.append(Principal("%s %s" % (role, o), "account", {o: role}, sid=sid, csrf=csrf))
    P_.append(admin_p)
    coords = {o: [p for p in P_ if p.name == "coordinator %s" % o][0] for o in "AB"}
    for scope in KEY_SCOPES:
        key, _ = make_key(srv, coords["A"], "A", scope)
        P_.append(Principal("key A %s" % scope, "key", {"A": "coordinator"}, key=key,
                            scopes=[scope]))
    S["principals"] = P_
    # a signal of each organisation (intake links it to the stadsdeel)
    S["signal"], S["token"] = {}, {}
    for o, buurt in (("A", "AA01"), ("B", noord[0])):
        r = srv.post_json("/api/v1/signals", {"text": uniq("matrix signaal"), "buurt": buurt,
                                              "email": "melder@example.org"})
        eq(r.status, 201, "signal of %s" % o)
        S["token"][o] = r.json()["token"]
        S["signal"][o] = srv.query("SELECT id FROM signals WHERE token = ?",
                                   (S["token"][o],))[0][0]
        eq(srv.query("SELECT organisation_id FROM signal_organisations WHERE signal_id = ?",
                     (S["signal"][o],)), [(S["org"][o]["id"],)], "signal %s linked" % o)
    S["service"] = {o: make_service(srv, o, "Matrix dienst %s" % o) for o in "AB"}
    # what a refused cell names: standing records that must survive
    S["standing"] = {
        "doomed": {o: S["org"][o]["id"] for o in "AB"},
        "victim": {o: people[(o, "medewerker")][0] for o in "AB"},
        "invitation": {o: make_invitation(srv, o) for o in "AB"},
        "key": {o: make_key(srv, coords[o], o, "member.list")[1] for o in "AB"},
        "list": {o: make_list(srv) for o in "AB"},
        "doomed_service": {o: S["service"][o] for o in "AB"},
    }
    S["hsds"] = {"service": hsds_id(srv, "/hsds/services"),
                 "organization": hsds_id(srv, "/hsds/organizations"),
                 "taxonomy": hsds_id(srv, "/hsds/taxonomies"),
                 "term": hsds_id(srv, "/hsds/taxonomy_terms")}
    # a record to destroy for every cell that may destroy one
    for (m, pat, action) in ROUTES:
        kind = SPARE_KIND.get((m, pat))
        if not kind:
            continue
        for p in P_:
            for org in ("A", "B"):
                if may(p, action, org):
                    S["spares"][((m, pat), p.name, org)] = make_spare(srv, kind, org, coords)


# --------------------------------------------------------------------------
# the cells

def send(srv, route, p, org):
    method, pattern, _ = route
    S["route"] = (method, pattern)
    path_fn, body_fn, _ = SPEC[(method, pattern)]
    path = path_fn(p, org)
    h = p.headers()
    if body_fn is None:
        if method != "GET" and p.csrf:
            h["X-CSRF-Token"] = p.csrf
        return path, srv.request(method, path, headers=h)
    body = body_fn(p, org)
    if body[0] == "form":
        fields = list(body[1])
        # sessions send their CSRF token, except where a spec says why not
        if p.csrf and (method, pattern) not in NO_CSRF:
            fields.append(("csrf", p.csrf))
        h["Content-Type"] = "application/x-www-form-urlencoded"
        return path, srv.request(method, path, body=H.form_encode(fields), headers=h)
    if body[0] == "json":
        if p.csrf:
            h["X-CSRF-Token"] = p.csrf
        h["Content-Type"] = "application/json"
        return path, srv.request(method, path, body=json.dumps(body[1]), headers=h)
    if p.csrf:
        h["X-CSRF-Token"] = p.csrf
    h["Content-Type"] = body[1]
    return path, srv.request(method, path, body=body[2], headers=h)


NO_CSRF = {("POST", "/logout"), ("POST", "/mijn/contact"), ("POST", "/mijn/wissen")}


def wanted(route, p, org, path):
    method, pattern, action = route
    if may(p, action, org):
        ok = SPEC[(method, pattern)][2]
        return (ok(p, org) if callable(ok) else ok), None
    return refusal(p, action, path)


def cell(srv, i, p, col, org):
    route = ROUTES[i]
    path, r = send(srv, route, p, org)
    want, loc = wanted(route, p, org, path)
    got_loc = r.header("Location") or ""
    good = r.status == want and (loc is None or got_loc.startswith(loc))
    S["results"][(i, p.name, col)] = (r.status, good)
    if good:
        return None
    return "%s on %s: expected %d%s, got %d %s %r" % (
        p.name, col, want, " to %s" % loc if loc else "", r.status, got_loc, r.body[:100])


def route_test(i):
    method, pattern, action = ROUTES[i]

    def run(srv):
        check("principals" in S, "set-up failed")
        wrong = []
        for p in S["principals"]:
            cols = (("own", p.own()), ("other", p.other())) if bound(pattern) else (("-", "A"),)
            for col, org in cols:
                w = cell(srv, i, p, col, org)
                if w:
                    wrong.append(w)
        check(not wrong, "%s %s [%s]:\n  %s" % (method, pattern, action,
                                               "\n  ".join(wrong)))
    run.__name__ = "matrix_%02d_%s_%s" % (i, method.lower(),
                                          re.sub(r"\W+", "_", pattern).strip("_"))
    return run


@test
def every_route_has_an_entry(srv):
    table = {(m, pat) for m, pat, _ in ROUTES}
    check(len(ROUTES) >= 80, "only %d routes read from the sources" % len(ROUTES))
    eq(len(table), len(ROUTES), "a route twice in the table")
    missing = sorted(table - set(SPEC))
    gone = sorted(set(SPEC) - table)
    check(not missing, "routes without an entry in SPEC: %r" % missing)
    check(not gone, "entries in SPEC for routes no longer there: %r" % gone)
    for m, pat, action in ROUTES:
        check(action in ("public", "resident") or action in RULES,
              "%s %s: action %s not in RULES" % (m, pat, action))


for _i in range(len(ROUTES)):
    test(route_test(_i))


@test
def standing_records_survived(srv):
    # nothing the refused cells named was destroyed
    for o in "AB":
        eq(srv.query("SELECT COUNT(*) FROM organisations WHERE id = ?",
                     (S["org"][o]["id"],)), [(1,)], "organisation %s" % o)
        eq(srv.query("SELECT COUNT(*) FROM memberships WHERE account_id = ?",
                     (S["standing"]["victim"][o],)), [(1,)], "medewerker of %s" % o)
        eq(srv.query("SELECT revoked_at FROM api_keys WHERE id = ?",
                     (S["standing"]["key"][o],)), [(None,)], "key of %s" % o)
        eq(srv.query("SELECT COUNT(*) FROM invitations WHERE id = ?",
                     (S["standing"]["invitation"][o],)), [(1,)], "invitation of %s" % o)
        eq(srv.query("SELECT COUNT(*) FROM services WHERE id = ?",
                     (S["service"][o],)), [(1,)], "service of %s" % o)
    for p in S["principals"]:
        if p.key:
            r = srv.get("/api/v1/organisations", headers=p.headers())
            eq(r.status, 200, "%s still works" % p.name)


@test
def print_matrix(srv):
    P_ = S["principals"]
    short = {"anonymous": "anon", "resident": "bewon", "medewerker A": "mdwA",
             "coordinator A": "crdA", "medewerker B": "mdwB", "coordinator B": "crdB",
             "admin": "admin", "key A member.list": "kA:ml",
             "key A organisation.update": "kA:ou", "key A signal.work": "kA:sw"}
    head = "%-62s" % "route [action]  (own|other)"
    for p in P_:
        head += " %-9s" % short[p.name]
    lines = [head, "-" * len(head)]
    for i, (method, pattern, action) in enumerate(ROUTES):
        row = "%-62s" % ("%s %s [%s]" % (method, pattern, action))[:62]
        for p in P_:
            cells = []
            for col in (("own", "other") if bound(pattern) else ("-",)):
                status, good = S["results"].get((i, p.name, col), (0, False))
                cells.append("%d%s" % (status, "" if good else "!"))
            row += " %-9s" % "|".join(cells)
        lines.append(row)
    lines.append("Each cell: the status answered; ! = not the expected one.")
    print("\n".join(lines), flush=True)
    n = len(S["results"])
    bad = sum(1 for v in S["results"].values() if not v[1])
    H.note("%d routes, %d principals, %d cells, %d as expected"
           % (len(ROUTES), len(P_), n, n - bad))
    eq(bad, 0, "cells not as expected")


if __name__ == "__main__":
    H.main()
