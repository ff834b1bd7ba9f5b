"""The authorisation matrix: every route of the route table x every kind
of principal x its own or another record, each cell asserted against ONE
exact answer (status, and for a redirect its Location) written out here,
independently of src/domain/authz.c (read the two side by side: they must
agree).  A broken route answering 404 or 500 passes neither as "denied"
nor as "allowed".

The routes are read from the sources (src/web/routes.c and the
src/web/routes_*.inc it includes): a route there without an entry in
ROUTES below fails the test, and so does an entry for a route that is
gone, or one whose action differs from the table's.  Adding a route is
one R(...) line: method, pattern, action, the answer when allowed, and
what to send.

Principals: anonymous; a resident (magic-link session); medewerker and
coordinator of organisation A and of B; the beheerder (admin, member of
neither); and an API key of A for every action a route needs (one scope
each: keys reach only what their scope names).  Records: for routes with
{org} the columns are organisation A and B, and for a member, key or
service inside {org} a third, "A:B": A's path with B's record, which is
404 for whoever may act on A; for a signal's routes, a signal linked at
intake to A and one linked to B.  For B's people B is their own
organisation, A the other.

Denied answers: for nobody signed in (and for a resident on professional
routes) 401 on the JSON API and a 303 to /login?next=<path> on pages;
a resident's own routes send everyone else to /mijn; everyone else 403.

Requests that are allowed are made harmless: updates send the values that
are there; removals, deletions, log-outs, used links and merges hit
records (organisations, members, keys, services, lists, sessions, tokens)
made for that one cell.  Sessions that a cell would end are spares of
the same principal.

    python3 tests/http/test_authz_matrix.py --binary build/wijkagenda
"""
import datetime
import hashlib
import json
import os
import re
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
import smtpd  # noqa: E402
from harness import check, eq, test  # noqa: E402

SMTP = smtpd.SmtpServer(port=0).start()
SRC = os.path.join(H.REPO, "src")
NOW = "2026-01-01T00:00:00.000Z"
S = {"seq": 0, "results": {}}

# Places: A works in stadsdeel Centrum (A), B in Noord (N); the matrix's
# own intake requests report in West (E), linked to neither.
AREAS = {"A": ["A"], "B": ["N"]}
BUURT = {"A": "AA01", "B": "NA01"}
ELSEWHERE = "EA01"
RESIDENT = "matrix-bewoner@example.org"


# --------------------------------------------------------------------------
# who may: the rule, written out.  action -> (may the beheerder, the least
# role in the record's organisation that may; None: no member by role).
# The record's organisation is {org}, or for a signal the organisations it
# is linked to; "professional" asks for any membership.  An API key counts
# as a coordinator of its own organisation (a medewerker for
# "professional"), but acts only for the action its scope names.

RANK = {None: 0, "medewerker": 1, "coordinator": 2}
MAY = {
    "professional": (True, "medewerker"),
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
    "admin": (True, None),
    "signal.work": (False, "medewerker"),
    "signal.contact": (False, "medewerker"),
    # a kwestie's or a signal's organisations; without a record (the
    # triage list) any membership
    "kwestie.manage": (False, "medewerker"),
}
# Actions whose routes without a record ask for any membership (the use
# case checks the records in the body): the triage list, a new kwestie.
ANY_MEMBERSHIP = {"professional", "kwestie.manage"}


# Actions no API key may act for, whatever its scope: a person must do
# them and answer for them (reading a resident's contact data, making keys).
KEYLESS = {"signal.contact", "apikey.manage", "admin"}


class Principal:
    def __init__(self, name, short, kind, roles=None, admin=False, scope=None):
        self.name, self.short, self.kind = name, short, kind
        self.roles = roles or {}  # organisation letter -> role
        self.admin, self.scope = admin, scope
        self.sid = self.csrf = self.key = self.email = None

    def relation(self, action, col):
        anyone = action in ANY_MEMBERSHIP and (action == "professional" or col is None)
        if self.kind == "key":
            return "medewerker" if anyone else (
                "coordinator" if col == "A" else None)
        if anyone:
            return max(self.roles.values(), key=RANK.get, default=None)
        return self.roles.get(col)


def allowed(p, route, org):
    if route.action == "public":
        return True
    if route.action == "resident":
        return p.kind == "resident"
    if p.kind in ("anonymous", "resident"):
        return False
    if p.kind == "key" and (p.scope != route.action or route.action in KEYLESS):
        return False
    admin, least = MAY[route.action]
    if p.admin and admin:
        return True
    rel = p.relation(route.action, org if route.per else None)
    return least is not None and RANK[rel] >= RANK[least]


def is_api(path):
    return path.startswith(("/api/", "/hsds")) or path == "/healthz"


def wanted(c):
    """The one answer of a cell: (status, Location or None)."""
    r, p = c.route, c.p
    if c.allowed and c.org != c.rec:
        return r.foreign, None  # the record is not of the organisation in the path
    if c.allowed:
        ok = (r.ok_for(p) if r.ok_for else None) or r.ok
        status, loc = ok if isinstance(ok, tuple) else (ok, None)
        return status, loc if not isinstance(loc, str) else loc.format(**c.params)
    if r.action == "resident":
        return 303, "/mijn"
    if p.kind in ("anonymous", "resident"):
        return (401, None) if is_api(c.path) else (303, "/login?next=" + c.path)
    return 403, None


# --------------------------------------------------------------------------
# the routes

def uniq():
    S["seq"] += 1
    return "%d-%d" % (os.getpid(), S["seq"])


def form(**fields):
    return lambda c: ("form", list(fields.items()))


def js(obj):
    return lambda c: ("json", obj)


def stable(kind):
    """The record of the cell's organisation made in the set-up."""
    return lambda c: S[kind][c.org if kind == "org" else c.rec]


def spent(kind):
    """A record made for this cell when it is allowed (it will be used up);
    else the stable one, which a refusal leaves alone."""
    def value(c):
        col = c.org if kind == "org" else c.rec
        return MAKE[kind](col) if c.allowed else S[kind][col]
    return value


def const(v):
    return lambda c: v


DEFAULT_PARAMS = {"org": stable("org"), "account": stable("medewerker"),
                  "key": stable("target_key"), "invitation": stable("invitation")}


class R:
    """A route and what the matrix sends to it.
    ok: the answer when allowed: a status, or (status, Location) with the
        Location exact (str, formatted with the path's parameters) or a
        compiled pattern that must match all of it.
    ok_for(p): a different answer for some principals, or None.
    per: "org" or "signal": two columns, A and B (derived from the pattern).
    params: {name: fn(cell)} for the pattern's parameters.
    body: fn(cell) -> ("form" | "json" | "csv", data).
    form_token: the form's double-submit token (cookie lc) instead of the
        session's CSRF token.
    spare: use a spare session of the principal (the cell ends it).
    foreign: the answer, when allowed on A, for B's record in A's path."""

    def __init__(self, method, pattern, action, ok, ok_for=None, per=None,
                 params=None, body=None, query="", form_token=False, spare=False,
                 foreign=404):
        self.method, self.pattern, self.action, self.ok = method, pattern, action, ok
        self.ok_for, self.params, self.body, self.query = ok_for, params or {}, body, query
        self.form_token, self.spare, self.foreign = form_token, spare, foreign
        self.per = per or ("org" if "{org}" in pattern else
                           "signal" if pattern.startswith("/werk/meldingen/{") else None)


def loc(pattern):
    return re.compile(pattern)


def org_form(c):
    col = c.org
    return ("form", [("name", S["org_name"][col]), ("kind", "stadsdeel"), ("kvk", "")]
            + [("areas", a) for a in AREAS[col]])


def org_json(c):
    return ("json", {"name": S["org_name"][c.org], "kind": "stadsdeel",
                     "areas": AREAS[c.org]})


def service_form(name):
    return [("name", name), ("areas", "GM0363")]


def csv_list():
    return "naam;plaats\nMatrix partner %s;Amsterdam\n" % uniq()


def signal_json(c):
    return ("json", {"text": "Matrix %s: de stoeptegel ligt los" % uniq(),
                     "buurt": ELSEWHERE})


def login_to_werk(p):
    return (303, "/werk") if p.kind == "account" else None


def not_the_invitee(p):
    return 403 if p.kind == "account" and p.email != S["invitee"] else None


def mijn_to_list(p):
    return (303, "/mijn/meldingen") if p.kind == "resident" else None


TOKEN = r"[A-Za-z0-9_-]{22}"
ROUTES = [
    # src/web/routes.c
    R("GET", "/", "public", 200),
    R("GET", "/healthz", "public", 200),
    R("GET", "/melden", "public", 200),
    R("POST", "/melden", "public", (303, loc(r"/m/%s\?nieuw=1" % TOKEN)),
      body=lambda c: ("form", [("kind", "melding"), ("buurt", ELSEWHERE),
                               ("text", "Matrix %s: een losse tegel" % uniq()),
                               ("anders", "1")])),  # no "Is het dit?" step
    R("GET", "/m/{token}", "public", 200, params={"token": lambda c: S["token"]["A"]}),
    R("GET", "/m/{token}/feed", "public", 200,
      params={"token": lambda c: S["token"]["A"]}),
    R("GET", "/kaart.svg", "public", 200),
    R("GET", "/static/{name}", "public", 200, params={"name": const("wijkagenda.css")}),
    R("GET", "/login", "public", 200, ok_for=login_to_werk),
    R("POST", "/login", "public", 401, form_token=True,
      body=form(email="matrix-niemand@example.org", password="niet het wachtwoord")),
    R("POST", "/logout", "public", (303, "/"), spare=True, body=form()),
    R("GET", "/wachtwoord-vergeten", "public", 200),
    R("POST", "/wachtwoord-vergeten", "public", 200, form_token=True,
      body=form(email="matrix-niemand@example.org")),
    R("GET", "/wachtwoord/{token}", "public", 200,
      params={"token": lambda c: S["invite_token"]}),
    R("POST", "/wachtwoord/{token}", "public", 400, form_token=True,
      params={"token": lambda c: S["invite_token"]},
      body=form(password=H.PASSWORD, password2=H.PASSWORD + " anders")),
    R("POST", "/api/v1/signals", "public", (201, loc(r"/api/v1/signals/%s" % TOKEN)),
      body=signal_json),
    R("GET", "/api/v1/signals/{token}", "public", 200,
      params={"token": lambda c: S["token"]["B"]}),
    R("GET", "/api/v1/areas", "public", 200, query="?level=stadsdeel"),
    R("GET", "/api/v1/areas/lookup", "public", 200, query="?lat=52.3731&lon=4.8926"),
    R("GET", "/api/v1/areas/{code}", "public", 200, params={"code": const("AA01")}),
    R("GET", "/werk", "professional", 200),
    # src/web/routes_beheer.inc
    R("GET", "/beheer/organisaties", "organisation.list", 200),
    R("GET", "/beheer/organisaties/nieuw", "organisation.create", 200),
    R("POST", "/beheer/organisaties/nieuw", "organisation.create",
      (303, loc(r"/beheer/organisaties/\d+\?klaar=aangemaakt")),
      body=lambda c: ("form", [("name", "Matrix nieuw %s" % uniq()), ("kind", "overig")])),
    R("GET", "/beheer/organisaties/{org}", "member.list", 200),
    R("POST", "/beheer/organisaties/{org}", "organisation.update",
      (303, "/beheer/organisaties/{org}?klaar=gewijzigd"), body=org_form),
    R("POST", "/beheer/organisaties/{org}/verwijderen", "organisation.delete",
      (303, "/beheer/organisaties?klaar=verwijderd"), params={"org": spent("org")},
      body=form()),
    R("GET", "/beheer/organisaties/{org}/leden", "member.list", 200),
    R("POST", "/beheer/organisaties/{org}/uitnodigen", "member.invite",
      (303, "/beheer/organisaties/{org}/leden?klaar=uitgenodigd"),
      body=lambda c: ("form", [("email", "matrix-nieuw-%s@example.org" % uniq()),
                               ("role", "medewerker")])),
    R("POST", "/beheer/organisaties/{org}/leden/{account}/rol", "member.update",
      (303, "/beheer/organisaties/{org}/leden?klaar=rol"), body=form(role="medewerker")),
    R("POST", "/beheer/organisaties/{org}/leden/{account}/verwijderen", "member.remove",
      (303, "/beheer/organisaties/{org}/leden?klaar=verwijderd"),
      params={"account": spent("medewerker")}, body=form()),
    R("POST", "/beheer/organisaties/{org}/uitnodigingen/{invitation}/intrekken",
      "member.invite", (303, "/beheer/organisaties/{org}/leden?klaar=ingetrokken"),
      params={"invitation": spent("invitation")}, body=form()),
    R("GET", "/beheer/organisaties/{org}/sleutels", "apikey.manage", 200),
    R("POST", "/beheer/organisaties/{org}/sleutels", "apikey.manage", 201,
      body=lambda c: ("form", [("name", "Matrix %s" % uniq()), ("scopes", "member.list")])),
    R("POST", "/beheer/organisaties/{org}/sleutels/{key}/intrekken", "apikey.manage",
      (303, "/beheer/organisaties/{org}/sleutels?klaar=ingetrokken"),
      params={"key": spent("target_key")}, body=form()),
    R("GET", "/beheer/audit", "audit.read", 200),
    R("GET", "/api/v1/organisations", "public", 200),
    R("POST", "/api/v1/organisations", "organisation.create",
      (201, loc(r"/api/v1/organisations/\d+")),
      body=lambda c: ("json", {"name": "Matrix API %s" % uniq(), "kind": "overig"})),
    R("GET", "/api/v1/organisations/{org}", "public", 200),
    R("PUT", "/api/v1/organisations/{org}", "organisation.update", 200, body=org_json),
    R("DELETE", "/api/v1/organisations/{org}", "organisation.delete", 204,
      params={"org": spent("org")}),
    R("GET", "/api/v1/organisations/{org}/members", "member.list", 200),
    R("POST", "/api/v1/organisations/{org}/members", "member.invite", 201,
      body=lambda c: ("json", {"email": "matrix-api-%s@example.org" % uniq(),
                               "role": "medewerker"})),
    R("DELETE", "/api/v1/organisations/{org}/members/{account}", "member.remove", 204,
      params={"account": spent("medewerker")}),
    R("GET", "/api/v1/organisations/{org}/invitations", "member.invite", 200),
    R("DELETE", "/api/v1/organisations/{org}/invitations/{invitation}", "member.invite",
      204, params={"invitation": spent("invitation")}),
    # an invitation's consent page: a pending one shows itself to whoever is
    # not signed in (the page asks to log in) and to the invited account,
    # and is 403 for anyone else signed in; answering with a token nobody
    # was given is 410 for everyone
    R("GET", "/uitnodiging/{token}", "public", 200, ok_for=not_the_invitee,
      params={"token": lambda c: S["consent_token"]}),
    R("POST", "/uitnodiging/{token}", "public", 410, params={"token": const("A" * 22)},
      body=form()),
    R("GET", "/api/v1/audit", "audit.read", 200),
    # src/web/routes_mijn.inc
    R("GET", "/mijn", "public", 200, ok_for=mijn_to_list),
    R("POST", "/mijn", "public", 200, form_token=True,
      body=form(email="matrix-niemand@example.org")),
    R("GET", "/mijn/meldingen", "resident", 200),
    R("POST", "/mijn/contact", "resident", (303, "/mijn/meldingen?opgeslagen=1"),
      body=form(email=RESIDENT, phone="0201234567", age_band="")),
    R("POST", "/mijn/wissen", "resident", 200, spare=True, body=form()),
    R("GET", "/mijn/{token}", "public", 200, params={"token": lambda c: S["magic"]}),
    R("POST", "/mijn/{token}", "public", (303, "/mijn/meldingen"), form_token=True,
      spare=True, params={"token": lambda c: MAKE["magic"](c.org)}, body=form()),
    R("GET", "/werk/meldingen", "professional", 200),
    R("GET", "/werk/meldingen/{id}", "signal.work", 200,
      params={"id": stable("signal")}),
    R("POST", "/werk/meldingen/{id}/contact", "signal.contact", 200,
      params={"id": stable("signal")}, body=form()),
    # src/web/routes_photo.inc (test_photos.py has the photos themselves)
    R("GET", "/foto/openbaar/klein/{token}.jpg", "public", 404,
      params={"token": const("AAAAAAAAAAAAAAAAAAAAAA")}),
    R("GET", "/foto/openbaar/{token}.jpg", "public", 404,
      params={"token": const("AAAAAAAAAAAAAAAAAAAAAA")}),
    R("GET", "/foto/klein/{token}.jpg", "public", 404,
      params={"token": const("AAAAAAAAAAAAAAAAAAAAAA")}),
    R("GET", "/foto/{token}.jpg", "public", 404,
      params={"token": const("AAAAAAAAAAAAAAAAAAAAAA")}),
    R("POST", "/api/v1/photos", "public", 415, body=form()),
    R("POST", "/werk/meldingen/{id}/fotos", "signal.work", 404,
      params={"id": stable("signal")}, body=form(foto="1", openbaar="1")),
    # src/web/routes_kaart.inc
    R("GET", "/sociale-kaart", "public", 200),
    R("GET", "/sociale-kaart/organisaties/{org}", "public", 200),
    R("GET", "/sociale-kaart/diensten/{id}", "public", 200,
      params={"id": lambda c: S["service"]["A"]}),
    R("GET", "/beheer/organisaties/{org}/diensten", "member.list", 200),
    R("POST", "/beheer/organisaties/{org}/diensten", "organisation.update",
      (303, loc(r"/beheer/organisaties/\d+/diensten/\d+\?opgeslagen=1")),
      body=lambda c: ("form", service_form("Matrix dienst %s" % uniq()))),
    R("GET", "/beheer/organisaties/{org}/diensten/{id}", "member.list", 200,
      params={"id": stable("service")}),
    R("POST", "/beheer/organisaties/{org}/diensten/{id}", "organisation.update",
      (303, "/beheer/organisaties/{org}/diensten/{id}?opgeslagen=1"),
      params={"id": stable("service")},
      body=lambda c: ("form", service_form(S["service_name"][c.rec]))),
    R("POST", "/beheer/organisaties/{org}/diensten/{id}/verwijderen", "organisation.update",
      (303, "/beheer/organisaties/{org}/diensten?verwijderd=1"),
      params={"id": spent("service")}, body=form()),
    R("POST", "/beheer/organisaties/{org}/diensten/{id}/bevestigen", "organisation.update",
      (303, "/beheer/organisaties/{org}/diensten?bevestigd=1"),
      params={"id": stable("service")}, body=form()),
    # src/web/routes_hsds.inc
    R("GET", "/hsds", "public", 200),
    R("GET", "/hsds/", "public", 200),
    R("GET", "/hsds/profile", "public", 200),
    R("GET", "/hsds/services", "public", 200),
    R("GET", "/hsds/services/{id}", "public", 200, params={"id": lambda c: S["hsds"]["service"]}),
    R("GET", "/hsds/organizations", "public", 200),
    R("GET", "/hsds/organizations/{id}", "public", 200,
      params={"id": lambda c: S["hsds"]["organization"]}),
    R("GET", "/hsds/taxonomies", "public", 200),
    R("GET", "/hsds/taxonomies/{id}", "public", 200,
      params={"id": lambda c: S["hsds"]["taxonomy"]}),
    R("GET", "/hsds/taxonomy_terms", "public", 200),
    R("GET", "/hsds/taxonomy_terms/{id}", "public", 200,
      params={"id": lambda c: S["hsds"]["term"]}),
    R("POST", "/api/v1/hsds/import", "admin", 200,
      body=lambda c: ("json", S["hsds"]["package"])),
    # src/web/routes_inventory.inc
    R("GET", "/beheer/inventaris", "admin", 200),
    R("POST", "/beheer/inventaris/lijsten", "admin",
      (303, "/beheer/inventaris?klaar=ingelezen"),
      body=lambda c: ("form", [("bron", "Matrix %s" % uniq()), ("inhoud", csv_list())])),
    R("POST", "/beheer/inventaris/lijsten/{list}/verwijderen", "admin",
      (303, "/beheer/inventaris?klaar=verwijderd"), params={"list": spent("list")},
      body=form()),
    R("POST", "/beheer/inventaris/samenvoegen", "admin",
      (303, "/beheer/inventaris?klaar=samengevoegd"),
      body=lambda c: ("form", [("records", str(spent("record")(c)))])),
    R("GET", "/beheer/inventaris/rapport", "admin", 200),
    R("GET", "/api/v1/inventory/lists", "admin", 200),
    R("POST", "/api/v1/inventory/lists", "admin", 201,
      query=lambda c: "?source=Matrix-%s" % uniq(), body=lambda c: ("csv", csv_list())),
    R("DELETE", "/api/v1/inventory/lists/{list}", "admin", 200,
      params={"list": spent("list")}),
    R("GET", "/api/v1/inventory/clusters", "admin", 200),
    R("POST", "/api/v1/inventory/merge", "admin", 201,
      body=lambda c: ("json", {"records": [spent("record")(c)]})),
    R("GET", "/api/v1/inventory/report", "admin", 200),
] + [
    # ---- src/web/routes_follow.inc: following by e-mail, and supporting
    # from the report form's "is het dit?" page.  All public: every
    # principal gets the same answer.  A kwestie and follower rows are
    # written as rows (follow_kwestie, follow_token); a link that a cell
    # uses up is one made for that cell.
    R("POST", "/kwesties/{id}/volgen", "public", 200,
      params={"id": lambda c: follow_kwestie()},
      body=lambda c: ("form", [("email", "matrix-volger-%s@example.org" % uniq())])),
    R("POST", "/agenda/{code}/volgen", "public", 200, params={"code": const(ELSEWHERE)},
      body=lambda c: ("form", [("email", "matrix-volger-%s@example.org" % uniq())])),
    R("GET", "/volgen/{token}", "public", 200,
      params={"token": lambda c: S.setdefault("follow_confirm", follow_token()[0])}),
    R("POST", "/volgen/{token}", "public", 200,
      params={"token": lambda c: follow_token()[0]}, body=form()),
    R("GET", "/afmelden/{token}", "public", 200,
      params={"token": lambda c: S.setdefault("follow_unsub", follow_token()[1])}),
    R("POST", "/afmelden/{token}", "public", 200,
      params={"token": lambda c: follow_token()[1]}, body=form()),
    R("GET", "/meldingen-instellen/{token}", "public", 200,
      params={"token": lambda c: S.setdefault("prefs_token", follow_token()[1])}),
    R("POST", "/meldingen-instellen/{token}", "public", 200,
      params={"token": lambda c: follow_token()[1]},
      body=lambda c: ("form", [("frequency", "weekly")])),
    R("POST", "/melden/steun/{id}", "public", 200,
      params={"id": lambda c: follow_kwestie()},
      body=lambda c: ("form", [("email", "matrix-steun-%s@example.org" % uniq())])),
    R("POST", "/api/v1/kwesties/{id}/follow", "public", 202,
      params={"id": lambda c: follow_kwestie()},
      body=lambda c: ("json", {"email": "matrix-volger-%s@example.org" % uniq()})),
    R("POST", "/api/v1/areas/{code}/follow", "public", 202,
      params={"code": const(ELSEWHERE)},
      body=lambda c: ("json", {"email": "matrix-volger-%s@example.org" % uniq()})),
    # ---- src/web/routes_routing.inc: routing rules, the beheerder only.
    # An allowed add sends a rule to an organisation made for that cell
    # (rules are unique); deletions use a rule made for the cell.
    R("GET", "/beheer/routering", "admin", 200),
    R("POST", "/beheer/routering", "admin", (303, "/beheer/routering?klaar=toegevoegd"),
      body=lambda c: ("form", [("organisation", str(rule_org(c)))])),
    R("POST", "/beheer/routering/{rule}/verwijderen", "admin",
      (303, "/beheer/routering?klaar=verwijderd"), params={"rule": spent("rule")},
      body=form()),
    R("GET", "/api/v1/routing/rules", "admin", 200),
    R("POST", "/api/v1/routing/rules", "admin", 201,
      body=lambda c: ("json", {"organisation": rule_org(c)})),
    R("DELETE", "/api/v1/routing/rules/{rule}", "admin", 204,
      params={"rule": spent("rule")}),
    R("GET", "/api/v1/routing/dry-run", "admin", 200, query="?buurt=AA01"),
    # ---- end of routes_routing.inc
    # ---- src/web/routes_calendar.inc: the working-day sum (public) and an
    # organisation's closing days (whoever may change it).  An allowed add
    # sends a day not used before; a removal removes a day made for it.
    R("GET", "/api/v1/workdays", "public", 200, query="?from=2026-04-02&days=1"),
    R("POST", "/api/v1/readability", "public", 200,
      body=js({"text": "Wij maken de stoep deze week schoon."})),
    # src/web/routes_suggest.inc: the category suggestion (public)
    R("GET", "/api/v1/categories/suggest", "public", 200, query="?text=lantaarnpaal"),
    R("GET", "/beheer/organisaties/{org}/sluitingsdagen", "organisation.update", 200),
    R("POST", "/beheer/organisaties/{org}/sluitingsdagen", "organisation.update",
      (303, "/beheer/organisaties/{org}/sluitingsdagen?klaar=toegevoegd"),
      body=lambda c: ("form", [("day", next_closing_day()), ("reason", "Matrix")])),
    R("POST", "/beheer/organisaties/{org}/sluitingsdagen/{day}/verwijderen",
      "organisation.update",
      (303, "/beheer/organisaties/{org}/sluitingsdagen?klaar=verwijderd"),
      params={"day": spent("closing_day")}, body=form()),
    # kwesties API (src/web/routes_kwestie.inc).  Columns: the kwestie, or
    # the signal in triage, of A and of B (A's and B's are in their chains
    # and linked to their signals).  Allowed changes send what is there
    # (the same title, the same chain, a signal already linked, the
    # category again) or hit a kwestie or signal made for the cell.
    R("GET", "/api/v1/triage", "kwestie.manage", 200),
    R("POST", "/api/v1/triage/{signal}/decline", "kwestie.manage", 200, per="signal",
      params={"signal": spent("tsignal")}, body=js({"reason": "Niet voor ons."})),
    R("POST", "/api/v1/triage/{signal}/category", "kwestie.manage", 200, per="signal",
      params={"signal": stable("signal")}, body=js({"category": "afval/grofvuil"})),
    R("POST", "/api/v1/triage/{signal}/close", "kwestie.manage", 200, per="signal",
      params={"signal": spent("tsignal")},
      body=js({"outcome": "geen_actie_nodig", "reason": "Al opgeruimd."})),
    R("POST", "/api/v1/kwesties", "kwestie.manage", (201, loc(r"/api/v1/kwesties/\d+")),
      body=lambda c: ("json", new_kwestie_body(c))),
    R("GET", "/api/v1/kwesties/suggest", "public", 200, query="?buurt=AA01"),
    R("GET", "/api/v1/kwesties/{id}", "public", 200,
      params={"id": lambda c: S["kwestie"]["A"]}),
    R("PATCH", "/api/v1/kwesties/{id}", "kwestie.manage", 200, per="kwestie",
      params={"id": stable("kwestie")},
      body=lambda c: ("json", {"version": kwestie_version(c.params["id"]),
                               "title": S["kwestie_title"][c.rec]})),
    R("PUT", "/api/v1/kwesties/{id}/chain", "kwestie.manage", 200, per="kwestie",
      params={"id": stable("kwestie")},
      body=lambda c: ("json", {"version": kwestie_version(c.params["id"]), "chain": [
          {"organisation": S["org"][c.rec], "role": "regisseur"}]})),
    R("POST", "/api/v1/kwesties/{id}/signals", "kwestie.manage", 200, per="kwestie",
      params={"id": stable("kwestie")},
      body=lambda c: ("json", {"signal": S["ksignal"][c.rec]})),
    R("POST", "/api/v1/kwesties/{id}/merge", "kwestie.manage", 200, per="kwestie",
      params={"id": spent("mkwestie")},
      body=lambda c: ("json", {"into": MAKE["mkwestie"](c.rec) if c.allowed
                               else S["kwestie"][c.rec]})),
    R("POST", "/api/v1/kwesties/{id}/split", "kwestie.manage",
      (201, loc(r"/api/v1/kwesties/\d+")), per="kwestie", params={"id": spent("skwestie")},
      body=lambda c: ("json", {"title": "Matrix gesplitst", "description": "Het tweede.",
                               "signals": [last_signal(c.params["id"])]})),
    R("POST", "/api/v1/kwesties/{id}/support", "public", 201,
      params={"id": lambda c: S["kwestie"]["A"]},
      body=lambda c: ("json", {"email": "matrix-steun-%s@example.org" % uniq()})),
    R("GET", "/api/v1/areas/{code}/agenda", "public", 200, params={"code": const("AA01")}),
    # promises (src/web/routes_promise.inc): on a kwestie of the column, on
    # a signal of the column, and closing a promise made for the cell
    R("POST", "/api/v1/kwesties/{id}/promises", "kwestie.manage",
      (201, loc(r"/api/v1/promises/\d+")), per="kwestie", params={"id": stable("kwestie")},
      body=js({"what": "Matrix: we kijken ernaar.", "workdays": 3})),
    R("POST", "/api/v1/triage/{signal}/promises", "kwestie.manage",
      (201, loc(r"/api/v1/promises/\d+")), per="signal", params={"signal": stable("signal")},
      body=js({"what": "Matrix: we kijken ernaar.", "workdays": 3})),
    R("PATCH", "/api/v1/promises/{promise}", "kwestie.manage", 200, per="kwestie",
      params={"promise": spent("promise")}, body=js({"version": 1, "status": "gehaald"})),
]

# --------------------------------------------------------------------------
# src/web/routes_kwestie_werk.inc: a professional's triage and kwestie
# pages.  Columns: a signal linked at intake to A and one to B ({signal});
# a kwestie with A as regisseur and one with B ({id}).  Allowed cells that
# change a signal get a new one in the column's area; the change form
# sends the kwestie's own values (no new version); the chain form its own
# chain; merge and split take kwesties made for the cell.

def kw_coordinator(col):
    return next(p for p in S["principals"]
                if p.kind == "account" and p.roles == {col: "coordinator"})


def kw_api(col, method, path, obj):
    p = kw_coordinator(col)
    return srv_().request(method, path, body=json.dumps(obj),
                          headers={"Cookie": "sid=" + p.sid, "X-CSRF-Token": p.csrf,
                                   "Content-Type": "application/json"})


def kw_make(col, with_signal=False):
    """A kwestie of the column's organisation (its regisseur): its id."""
    body = {"title": "Matrix kwestie %s" % uniq(), "description": "Voor de matrix.",
            "area": BUURT[col], "level": "buurt", "level_reason": "Voor de matrix.",
            "status": "opgepakt",
            "chain": [{"organisation": S["org"][col], "role": "regisseur"}]}
    if with_signal:
        body["signals"] = [kw_signal(col)]
    r = kw_api(col, "POST", "/api/v1/kwesties", body)
    eq(r.status, 201, "a kwestie for the matrix (body %r)" % r.body[:300])
    return r.json()["id"]


def kw_signal(col):
    return report_signal("matrix-triage-%s@example.org" % uniq(), BUURT[col])[1]


def kw_stable(c):
    S.setdefault("werk_kwestie", {})
    if c.rec not in S["werk_kwestie"]:
        S["werk_kwestie"][c.rec] = kw_make(c.rec)
    return S["werk_kwestie"][c.rec]


def kw_spent_signal(c):
    return kw_signal(c.rec) if c.allowed else S["signal"][c.rec]


def kw_spent(with_signal):
    def value(c):
        return kw_make(c.rec, with_signal) if c.allowed else kw_stable(c)
    return value


def kw_version(kid):
    return str(srv_().query("SELECT version FROM kwesties WHERE id = ?", (kid,))[0][0])


def kw_change_form(c):
    kid = c.params["id"]
    k = srv_().query("SELECT title, description, status, level, urgency FROM kwesties"
                     " WHERE id = ?", (kid,))[0]
    return ("form", [("version", kw_version(kid)), ("title", k[0]),
                     ("description", k[1]), ("status", k[2]), ("outcome", ""),
                     ("level", k[3]), ("urgency", str(k[4]))])


def kw_chain_form(c):
    kid = c.params["id"]
    return ("form", [("version", kw_version(kid)), ("org", str(S["org"][c.rec])),
                     ("role", "regisseur"), ("actie", "opslaan")])


def kw_merge_form(c):
    kid = c.params["id"]
    return ("form", [("version", kw_version(kid)), ("into", str(kw_stable(c)))])


def kw_split_form(c):
    sig = srv_().query("SELECT signal_id FROM kwestie_signals WHERE kwestie_id = ?",
                       (c.params["id"],))
    return ("form", [("signals", str(sig[0][0]) if sig else "1"),
                     ("new_title", "Matrix gesplitst %s" % uniq()),
                     ("new_description", "Voor de matrix.")])


def kw_link_form(c):
    return ("form", [("kwestie", str(kw_stable(c)))])


def kw_new_form(c):
    return ("form", [("title", "Matrix nieuw %s" % uniq()), ("description", "Voor de matrix."),
                     ("area", BUURT[c.rec]), ("level", "buurt"),
                     ("level_reason", "Voor de matrix."), ("regisseur", str(S["org"][c.rec]))])


def kw_promise(c):
    """An open promise on the cell's kwestie: made for an allowed cell (it
    is closed), else the column's stable one (a refusal leaves it open)."""
    def make(col, kid):
        r = kw_api(col, "POST", "/api/v1/kwesties/%d/promises" % kid,
                   {"what": "Matrix: we ruimen het op.", "workdays": 5})
        eq(r.status, 201, "a promise for the matrix (body %r)" % r.body[:300])
        return r.json()["id"]
    kid = c.params["id"]
    if c.allowed:
        return make(c.rec, kid)
    S.setdefault("werk_promise", {})
    if c.rec not in S["werk_promise"]:
        S["werk_promise"][c.rec] = make(c.rec, kid)
    return S["werk_promise"][c.rec]


KW_TRIAGE = {"signal": kw_spent_signal}
KW_ID = {"id": kw_stable}
ROUTES += [
    R("GET", "/werk/triage", "kwestie.manage", 200),
    R("POST", "/werk/triage/{signal}/koppelen", "kwestie.manage",
      (303, "/werk/triage?klaar=gekoppeld"), per="signal", params=KW_TRIAGE,
      body=kw_link_form),
    R("POST", "/werk/triage/{signal}/kwestie", "kwestie.manage",
      (303, loc(r"/werk/kwesties/\d+\?klaar=aangemaakt")), per="signal",
      params=KW_TRIAGE, body=kw_new_form),
    R("POST", "/werk/triage/{signal}/niet-voor-ons", "kwestie.manage",
      (303, "/werk/triage?klaar=niet-voor-ons"), per="signal", params=KW_TRIAGE,
      body=form(reason="Voor de matrix.")),
    R("POST", "/werk/triage/{signal}/categorie", "kwestie.manage",
      (303, "/werk/triage?klaar=categorie"), per="signal", params=KW_TRIAGE,
      body=form(category="afval/grofvuil")),
    R("POST", "/werk/triage/{signal}/afsluiten", "kwestie.manage",
      (303, "/werk/triage?klaar=afgesloten"), per="signal", params=KW_TRIAGE,
      body=form(outcome="geen_actie_nodig", reason="Voor de matrix.")),
    R("GET", "/werk/kwesties", "professional", 200),
    R("GET", "/werk/kwesties/{id}", "kwestie.manage", 200, per="kwestie", params=KW_ID),
    R("POST", "/werk/kwesties/{id}", "kwestie.manage",
      (303, "/werk/kwesties/{id}?klaar=gewijzigd"), per="kwestie", params=KW_ID,
      body=kw_change_form),
    R("POST", "/werk/kwesties/{id}/keten", "kwestie.manage",
      (303, "/werk/kwesties/{id}?klaar=keten"), per="kwestie", params=KW_ID,
      body=kw_chain_form),
    R("POST", "/werk/kwesties/{id}/samenvoegen", "kwestie.manage",
      (303, loc(r"/werk/kwesties/\d+\?klaar=samengevoegd")), per="kwestie",
      params={"id": kw_spent(False)}, body=kw_merge_form),
    R("POST", "/werk/kwesties/{id}/splitsen", "kwestie.manage",
      (303, loc(r"/werk/kwesties/\d+\?klaar=gesplitst")), per="kwestie",
      params={"id": kw_spent(True)}, body=kw_split_form),
    R("POST", "/werk/kwesties/{id}/toezeggingen", "kwestie.manage",
      (303, "/werk/kwesties/{id}?klaar=toegezegd#toezeggen"), per="kwestie", params=KW_ID,
      body=form(what="Matrix: we ruimen het op.", workdays="3")),
    R("POST", "/werk/kwesties/{id}/toezeggingen/{promise}", "kwestie.manage",
      (303, "/werk/kwesties/{id}?klaar=toezegging#toezeggen"), per="kwestie",
      params={"id": kw_stable, "promise": kw_promise},
      body=form(version="1", status="gehaald")),
]
# (end of the block of routes_kwestie_werk.inc)


def follow_kwestie():
    """An open kwestie in ELSEWHERE, written as a row once."""
    if "follow_kwestie" not in S:
        S["follow_kwestie"] = rows(
            "INSERT INTO kwesties (municipality, title, description, area_code,"
            " area_level, buurt_code, topic, level, level_rank, level_reason,"
            " created_at, updated_at) VALUES ('GM0363', 'Matrix kwestie',"
            " 'Voor de matrix.', ?, 'buurt', ?, 'afval', 'buurt', 0, 'Matrix.', ?, ?)",
            (ELSEWHERE, ELSEWHERE, NOW, NOW))
    return S["follow_kwestie"]


def follow_token():
    """An unconfirmed follower of the kwestie, written as the row
    /kwesties/{id}/volgen makes (created now: its confirm link is live):
    (confirm token, unsubscribe token)."""
    confirm, unsub = H.new_token(), H.new_token()
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    fid = rows("INSERT INTO followers (municipality, kwestie_id, email, confirm_hash,"
               " created_at) VALUES ('GM0363', ?, ?, ?, ?)",
               (follow_kwestie(), "matrix-volger-%s@example.org" % uniq(),
                H.token_hash(confirm), now))
    rows("INSERT INTO follower_tokens (token_hash, follower_id, created_at)"
         " VALUES (?, ?, ?)", (H.token_hash(unsub), fid, now))
    return confirm, unsub


# --- issue 12: the public kwestie pages (src/web/routes_kwestie.inc, the
# handlers in web/agenda.c and web/kwestie.c).  Public: one answer for
# everyone.  The kwestie is A's, made in set_up_kwestie_pages; support
# carries the form's double-submit token and, by the client's address,
# answers the same 303 the first time and every time after.
KWESTIE_PAGES = [
    R("GET", "/agenda/{code}", "public", 200, params={"code": const("E")}),
    R("GET", "/kwesties/{id}", "public", 200, params={"id": lambda c: S["public_kwestie"]}),
    R("GET", "/kwesties/{id}/feed", "public", 200,
      params={"id": lambda c: S["public_kwestie"]}),
    R("POST", "/kwesties/{id}/steun", "public", (303, "/kwesties/{id}?steun=1"),
      form_token=True, params={"id": lambda c: S["public_kwestie"]}, body=form()),
]
ROUTES += KWESTIE_PAGES

# src/web/routes_grade.inc: residents' grades, public (the token is the
# key).  The signal is open and linked to no organisation (made in
# set_up), so every grade is 409 and nothing is stored, for everyone.
GRADE_TOKEN = {"token": lambda c: S["grade_token"]}
INVITE_TOKEN = {"token": lambda c: S["grade_invite"]}
ROUTES += [
    R("POST", "/api/v1/signals/{token}/grade", "public", 409, params=GRADE_TOKEN,
      body=js({"grade": 8, "solved": "ja"})),
    R("POST", "/m/{token}/cijfer", "public", 409, form_token=True, params=GRADE_TOKEN,
      body=form(grade="8", solved="ja")),
    R("GET", "/beoordelen/{token}", "public", 200, params=INVITE_TOKEN),
    R("POST", "/beoordelen/{token}", "public", 409, form_token=True,
      params=INVITE_TOKEN, body=form(grade="8", solved="ja")),
    # the organisation's choice; off, as it is, so the cell changes nothing
    R("POST", "/beheer/organisaties/{org}/cijfers", "organisation.update",
      (303, "/beheer/organisaties/{org}?klaar=gewijzigd"), body=form()),
]

# src/web/routes_figures.inc: the public figures, the same for everyone
# (an organisation's by its id, the theme "afval": a main category).
ROUTES += [
    R("GET", "/api/v1/areas/{code}/figures", "public", 200,
      params={"code": const("AA01")}),
    R("GET", "/api/v1/areas/{code}/figures.csv", "public", 200,
      params={"code": const("AA01")}),
    R("GET", "/api/v1/organisations/{id}/figures", "public", 200,
      params={"id": lambda c: S["org"]["A"]}),
    R("GET", "/api/v1/organisations/{id}/figures.csv", "public", 200,
      params={"id": lambda c: S["org"]["A"]}),
    R("GET", "/api/v1/themes/{topic}/figures", "public", 200,
      params={"topic": const("afval")}),
    R("GET", "/api/v1/themes/{topic}/figures.csv", "public", 200,
      params={"topic": const("afval")}),
]

# The dashboards as pages (web/cijfers.c): public, the same for everyone.
ROUTES += [
    R("GET", "/cijfers", "public", 303),
    R("GET", "/cijfers/organisaties/{id}", "public", 200,
      params={"id": lambda c: S["org"]["A"]}),
    R("GET", "/cijfers/themas/{topic}", "public", 200,
      params={"topic": const("afval")}),
    R("GET", "/cijfers/{code}", "public", 200, params={"code": const("AA01")}),
    R("GET", "/cijfers/{code}/verslag", "public", 200,
      params={"code": const("AA01")}),
]

# Open data (issue 14): public, the same for everyone.
ROUTES += [
    R("GET", "/open-data", "public", 200),
    R("GET", "/open-data/signalen.csv", "public", 200),
    R("GET", "/open-data/signalen.json", "public", 200),
    R("GET", "/open-data/kwesties.csv", "public", 200),
    R("GET", "/open-data/kwesties.json", "public", 200),
]

# The OpenAPI description (issue 15, src/web/routes_openapi.inc): public.
ROUTES += [
    R("GET", "/api/openapi.json", "public", 200),
]

def open311_form(c):
    return ("form", [("service_code", "afval/grofvuil"), ("lat", "52.3731"),
                     ("long", "4.8926"),
                     ("description", "Matrix %s: een bank op de stoep" % uniq())])


# Open311 GeoReport v2 (issue 15, web/open311.c): public, the same for
# everyone; each route in its .json and its .xml form.
for ext in ("json", "xml"):
    ROUTES += [
        R("GET", "/open311/v2/discovery." + ext, "public", 200),
        R("GET", "/open311/v2/services." + ext, "public", 200),
        R("GET", "/open311/v2/services/{code}." + ext, "public", 200,
          params={"code": const("afval%2Fgrofvuil")}),
        R("GET", "/open311/v2/requests." + ext, "public", 200),
        R("POST", "/open311/v2/requests." + ext, "public", 201, body=open311_form),
        R("GET", "/open311/v2/requests/{id}." + ext, "public", 200,
          params={"id": lambda c: str(S["signal"]["A"])}),
        R("GET", "/open311/v2/tokens/{token}." + ext, "public", 200,
          params={"token": lambda c: S["token"]["A"]}),
    ]

# Keys: one per action that a route needs, so each scope is tried alone.
SCOPES = sorted({r.action for r in ROUTES} - {"public", "resident"})
# ("admin" is the beheerder's own: no key has it, but the key of A with the
# scope written as "admin" is tried too, and refused.)


# --------------------------------------------------------------------------
# records: made through the real pages and API where a route makes them,
# else written as rows (members who never log in, keys whose secret nobody
# needs, one-time links)

def srv_():
    return S["srv"]


def admin_api(method, path, obj=None, content_type="application/json", raw=None):
    sid, csrf = S["admin"]
    h = {"Cookie": "sid=" + sid, "X-CSRF-Token": csrf, "Content-Type": content_type}
    body = raw if raw is not None else (json.dumps(obj) if obj is not None else None)
    return srv_().request(method, path, body=body, headers=h)


def admin_form(path, fields):
    sid, csrf = S["admin"]
    return srv_().post_form(path, list(fields) + [("csrf", csrf)],
                            headers={"Cookie": "sid=" + sid})


def rows(sql, args=()):
    """Write rows straight into the server's database (it reads them per
    request); returns the last inserted id."""
    c = sqlite3.connect(srv_().db_path, timeout=10)
    try:
        cur = c.execute(sql, args)
        c.commit()
        return cur.lastrowid
    finally:
        c.close()


def make_org(col):
    r = admin_api("POST", "/api/v1/organisations",
                  {"name": "Matrix weg %s" % uniq(), "kind": "overig"})
    eq(r.status, 201, "make an organisation (body %r)" % r.body[:200])
    return r.json()["id"]


def make_member(col):
    aid = rows("INSERT INTO accounts (email, created_at) VALUES (?, ?)",
               ("matrix-lid-%s@example.org" % uniq(), NOW))
    rows("INSERT INTO memberships (account_id, organisation_id, role, created_at)"
         " VALUES (?, ?, 'medewerker', ?)", (aid, S["org"][col], NOW))
    return aid


def key_row(org_id, scope):
    """An API key written as a row: (key, id)."""
    prefix = os.urandom(4).hex()
    key = "wak_%s_%s" % (prefix, H.new_token())
    kid = rows("INSERT INTO api_keys (organisation_id, name, prefix, key_hash, scopes,"
               " created_at) VALUES (?, ?, ?, ?, ?, ?)",
               (org_id, "Matrix %s" % uniq(), prefix, H.token_hash(key), scope, NOW))
    return key, kid


def make_service(col):
    name = "Matrix dienst %s" % uniq()
    r = admin_form("/beheer/organisaties/%d/diensten" % S["org"][col], service_form(name))
    eq(r.status, 303, "make a service (body %r)" % r.body[:300])
    return int(re.search(r"/diensten/(\d+)\?", r.header("Location")).group(1)), name


def make_list(col):
    r = admin_api("POST", "/api/v1/inventory/lists?source=Matrix-%s" % uniq(),
                  content_type="text/csv", raw=csv_list())
    eq(r.status, 201, "import a list (body %r)" % r.body[:300])
    return r.json()["list"]["id"]


def make_record(col):
    lid = make_list(col)
    return srv_().query("SELECT id FROM inventory_records WHERE list_id = ?", (lid,))[0][0]


def make_rule(col):
    """A routing rule (everything to an organisation made for it): its id."""
    r = admin_api("POST", "/api/v1/routing/rules", {"organisation": make_org(col)})
    eq(r.status, 201, "a routing rule (body %r)" % r.body[:200])
    return r.json()["id"]


def next_closing_day():
    """A date not used before, over a year ahead (closing days may not be
    in the past)."""
    S["closing_seq"] = S.get("closing_seq", 0) + 1
    day = datetime.date.today() + datetime.timedelta(days=400 + S["closing_seq"])
    return day.isoformat()


def make_closing_day(col):
    """A closing day of the column's organisation: its date."""
    day = next_closing_day()
    r = admin_form("/beheer/organisaties/%d/sluitingsdagen" % S["org"][col],
                   [("day", day), ("reason", "Matrix")])
    eq(r.status, 303, "a closing day (body %r)" % r.body[:200])
    return day


def rule_org(c):
    """The organisation a new rule names: a fresh one when the cell may add
    it, else A's (the refusal adds nothing)."""
    return make_org(c.org) if c.allowed else S["org"]["A"]


def make_invitation(col):
    """A pending invitation of the column's organisation: its id."""
    r = admin_api("POST", "/api/v1/organisations/%d/members" % S["org"][col],
                  {"email": "matrix-genodigd-%s@example.org" % uniq(), "role": "medewerker"})
    eq(r.status, 201, "an invitation (body %r)" % r.body[:200])
    return r.json()["invitation_id"]


def make_magic(col):
    """A resident's one-time link, written as the row /mijn would make."""
    token = H.new_token()
    rows("INSERT INTO tokens (token_hash, kind, email, created_at, expires_at)"
         " VALUES (?, 'magic', ?, ?, ?)", (H.token_hash(token), RESIDENT, NOW,
                                           H.FAR_FUTURE))
    return token


def own_letter(p):
    """The organisation a principal acts for (a key: A's)."""
    return sorted(p.roles)[0] if p.roles else "A"


def new_kwestie_body(c):
    col = own_letter(c.p)
    return {"title": "Matrix kwestie %s" % uniq(), "description": "Voor de matrix.",
            "area": ELSEWHERE, "level": "buurt", "level_reason": "Voor de matrix.",
            "chain": [{"organisation": S["org"][col], "role": "regisseur"}]}


def make_kwestie(col, nsignals=1):
    """A kwestie of col (its regisseur) with new signals of col's area,
    made by col's coordinator through the API: its id."""
    sid, csrf = S["coordinator"][col]
    signals = [report_signal("matrix-kw-%s@example.org" % uniq(), BUURT[col])[1]
               for _ in range(nsignals)]
    title = "Matrix kwestie %s %s" % (col, uniq())
    r = srv_().request("POST", "/api/v1/kwesties", body=json.dumps(
        {"title": title, "description": "Voor de matrix.", "area": BUURT[col],
         "level": "buurt", "level_reason": "Voor de matrix.", "signals": signals,
         "status": "opgepakt",
         "chain": [{"organisation": S["org"][col], "role": "regisseur"}]}),
        headers={"Cookie": "sid=" + sid, "X-CSRF-Token": csrf,
                 "Content-Type": "application/json"})
    eq(r.status, 201, "a kwestie of %s (body %r)" % (col, r.body[:300]))
    return r.json()["id"]


def make_promise(col):
    """An open promise on col's kwestie, made by col's coordinator."""
    sid, csrf = S["coordinator"][col]
    r = srv_().request("POST", "/api/v1/kwesties/%d/promises" % S["kwestie"][col],
                       body=json.dumps({"what": "Matrix: we ruimen het op.", "workdays": 5}),
                       headers={"Cookie": "sid=" + sid, "X-CSRF-Token": csrf,
                                "Content-Type": "application/json"})
    eq(r.status, 201, "a promise of %s (body %r)" % (col, r.body[:300]))
    return r.json()["id"]


def kwestie_version(kid):
    return srv_().query("SELECT version FROM kwesties WHERE id = ?", (kid,))[0][0]


def last_signal(kid):
    return srv_().query("SELECT MAX(signal_id) FROM kwestie_signals WHERE kwestie_id = ?",
                        (kid,))[0][0]


MAKE = {"org": make_org, "medewerker": make_member,
        "tsignal": lambda col: report_signal("matrix-triage-%s@example.org" % uniq(),
                                             BUURT[col])[1],
        "mkwestie": make_kwestie, "skwestie": lambda col: make_kwestie(col, 2),
        "target_key": lambda col: key_row(S["org"][col], "member.list")[1],
        "service": lambda col: make_service(col)[0], "list": make_list,
        "record": make_record, "magic": make_magic, "invitation": make_invitation,
        "rule": make_rule, "closing_day": make_closing_day,
        "promise": lambda col: make_promise(col)}


def report_signal(email, buurt, phone=None):
    body = {"text": "Matrix %s: de lantaarnpaal is kapot" % uniq(), "buurt": buurt,
            "email": email}
    if phone:
        body["phone"] = phone
    r = srv_().post_json("/api/v1/signals", body)
    eq(r.status, 201, "report a signal (body %r)" % r.body[:200])
    tok = r.json()["token"]
    return tok, srv_().query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]


def spare_session(p):
    """A second session of the principal, for a cell that ends it; a
    resident's belongs to another resident (whose data the cell may wipe)."""
    if p.kind == "account":
        return H.login(srv_(), p.email)
    if p.kind == "resident":
        email = "matrix-bewoner-%s@example.org" % uniq()
        report_signal(email, ELSEWHERE)
        return H.resident_session(srv_(), SMTP, email)
    return None


# --------------------------------------------------------------------------
# set-up: the beheerder, A and B with their people, the keys, a resident,
# a signal for each organisation, and the stable records of each

def new_member(org, email, role):
    n = len(SMTP.messages)
    r = admin_api("POST", "/api/v1/organisations/%d/members" % S["org"][org],
                  {"email": email, "role": role})
    eq(r.status, 201, "invite %s (body %r)" % (email, r.body[:200]))
    return H.choose_password(srv_(), H.mail_link(SMTP, email, after=n))


def key_for(scope, coordinator):
    """A key of A with one scope: made on the keys page when the page
    offers the scope, else written as a row (the gate decides by the
    scope, whatever made the key)."""
    sid, csrf = coordinator
    r = srv_().post_form("/beheer/organisaties/%d/sleutels" % S["org"]["A"],
                         [("name", "Matrix %s" % scope), ("scopes", scope),
                          ("csrf", csrf)], headers={"Cookie": "sid=" + sid})
    if r.status == 201:
        return re.search(r'value="(wak_[0-9a-f]{8}_[A-Za-z0-9_-]{22})"', r.text).group(1)
    eq(r.status, 400, "key with scope %s (body %r)" % (scope, r.body[:200]))
    return key_row(S["org"]["A"], scope)[0]


def hsds_package():
    uid = lambda n: "6f1c2a9e-3b7d-4e15-8c2a-%012x" % n  # noqa: E731
    return {"organizations": [{"id": uid(1), "name": "Matrix HSDS organisatie",
                               "description": "Voor de matrix."}],
            "taxonomies": [{"id": uid(2), "name": "Matrix thema",
                            "description": "Voor de matrix."}],
            "taxonomy_terms": [{"id": uid(3), "name": "Matrix term", "code": "matrix",
                                "description": "Voor de matrix.", "taxonomy_id": uid(2)}],
            "services": [{"id": uid(4), "name": "Matrix HSDS dienst", "status": "active",
                          "organization_id": uid(1), "description": "Voor de matrix.",
                          "x_wijkagenda": {"areas": ["GM0363"]}}]}, uid


@test
def set_up(srv):
    t0 = time.time()
    S["srv"] = srv
    S["admin"] = H.choose_password(srv, H.admin_create(srv, "matrix-admin@example.org"))
    S["org"], S["org_name"] = {}, {}
    for col in "AB":
        name = "Matrix stadsdeel %s" % col
        r = admin_api("POST", "/api/v1/organisations",
                      {"name": name, "kind": "stadsdeel", "areas": AREAS[col]})
        eq(r.status, 201, "organisation %s (body %r)" % (col, r.body[:200]))
        S["org"][col], S["org_name"][col] = r.json()["id"], name
    people = {}
    for col in "AB":
        for role in ("coordinator", "medewerker"):
            email = "matrix-%s-%s@example.org" % (role, col.lower())
            people[(col, role)] = (email, new_member(col, email, role))
    S["medewerker"] = {col: srv.query("SELECT id FROM accounts WHERE email = ?",
                                      (people[(col, "medewerker")][0],))[0][0]
                       for col in "AB"}
    P = [Principal("anonymous", "anon", "anonymous"),
         Principal("resident", "bewon", "resident")]
    for col in "AB":
        for role, short in (("medewerker", "mdw"), ("coordinator", "crd")):
            p = Principal("%s %s" % (role, col), short + col, "account", {col: role})
            p.email, (p.sid, p.csrf) = people[(col, role)]
            P.append(p)
    admin = Principal("beheerder", "admin", "account", admin=True)
    admin.email, (admin.sid, admin.csrf) = "matrix-admin@example.org", S["admin"]
    P.append(admin)
    for scope in SCOPES:
        a, b = (scope.split(".") + [""])[:2]
        p = Principal("key of A (%s)" % scope, "k:" + (a[0] + "." + b[:4] if b else a[:4]),
                      "key", {"A": "coordinator"}, scope=scope)
        p.key = key_for(scope, people[("A", "coordinator")][1])
        P.append(p)
    # a resident with a signal of their own, signed in by the mailed link
    report_signal(RESIDENT, ELSEWHERE, phone="0201234567")
    P[1].sid, P[1].csrf = H.resident_session(srv, SMTP, RESIDENT)
    S["principals"] = P
    # a signal with contact data in each organisation's area, linked to it
    S["signal"], S["token"] = {}, {}
    for col in "AB":
        tok, sid = report_signal("matrix-melder-%s@example.org" % col.lower(), BUURT[col],
                                 phone="0612345678")
        S["token"][col], S["signal"][col] = tok, sid
        eq(srv.query("SELECT organisation_id FROM signal_organisations WHERE signal_id = ?",
                     (sid,)), [(S["org"][col],)], "the signal in %s's area is linked to %s"
           % (col, col))
    # an open signal to grade (refused: open) and an invitation to it
    S["grade_token"], sid = report_signal("matrix-cijfer@example.org", ELSEWHERE)
    S["grade_invite"] = H.new_token()
    rows("INSERT INTO grade_invites (token_hash, municipality, signal_id, person_key,"
         " created_at) SELECT ?, municipality, id, 'matrix', ? FROM signals"
         " WHERE id = ?", (hashlib.blake2b(b"grade.invite\x1f" + S["grade_invite"].encode()
                                           + b"\x1f", digest_size=16).hexdigest(), NOW,
                           sid))
    S["target_key"] = {col: MAKE["target_key"](col) for col in "AB"}
    S["service"], S["service_name"] = {}, {}
    for col in "AB":
        S["service"][col], S["service_name"][col] = make_service(col)
    S["list"] = {col: make_list(col) for col in "AB"}
    S["record"] = dict.fromkeys("AB", make_record("A"))
    S["rule"] = {col: make_rule(col) for col in "AB"}
    S["closing_day"] = {col: make_closing_day(col) for col in "AB"}
    S["magic"] = make_magic("A")
    S["invitation"] = {col: make_invitation(col) for col in "AB"}
    n = len(SMTP.messages)
    r = admin_api("POST", "/api/v1/organisations/%d/members" % S["org"]["A"],
                  {"email": "matrix-uitgenodigd@example.org", "role": "medewerker"})
    eq(r.status, 201, "an invitation nobody accepts")
    S["invite_token"] = H.mail_link(SMTP, "matrix-uitgenodigd@example.org",
                                    after=n).rsplit("/", 1)[1]
    # an existing account invited to B: the mail links to the consent page
    n = len(SMTP.messages)
    S["invitee"] = people[("A", "medewerker")][0]
    r = admin_api("POST", "/api/v1/organisations/%d/members" % S["org"]["B"],
                  {"email": S["invitee"], "role": "medewerker"})
    eq(r.status, 201, "an invitation to consent to (body %r)" % r.body[:200])
    link = H.mail_link(SMTP, people[("A", "medewerker")][0], kind="uitnodiging", after=n)
    S["consent_token"] = link.rsplit("/", 1)[1]
    pkg, uid = hsds_package()
    r = admin_api("POST", "/api/v1/hsds/import", pkg)
    eq(r.status, 200, "HSDS import (body %r)" % r.body[:400])
    S["hsds"] = {"package": pkg, "organization": uid(1), "taxonomy": uid(2),
                 "term": uid(3), "service": uid(4)}
    H.note("set-up: %d principals (%d keys) in %.1f s"
           % (len(P), len(SCOPES), time.time() - t0))


@test
def set_up_kwestie_pages(srv):
    """Issue 12: a kwestie of A for the public kwestie pages, made through
    the JSON API by A's medewerker (no signals: none of the signals above
    changes)."""
    check("principals" in S, "set-up failed")
    p = [x for x in S["principals"] if x.short == "mdwA"][0]
    body = {"title": "Matrix kwestie", "description": "Voor de matrix.",
            "area": BUURT["A"], "level": "buurt", "level_reason": "Voor de matrix.",
            "status": "opgepakt", "chain": [{"organisation": S["org"]["A"],
                                             "role": "regisseur"}]}
    r = srv.request("POST", "/api/v1/kwesties", body=json.dumps(body),
                    headers={"Cookie": "sid=" + p.sid, "X-CSRF-Token": p.csrf,
                             "Content-Type": "application/json"})
    eq(r.status, 201, "a kwestie of A (body %r)" % r.body[:300])
    S["public_kwestie"] = r.json()["id"]


@test
def set_up_kwesties(srv):
    """For the kwesties API: a kwestie of A and one of B (each its own
    regisseur, with a signal of its area), and the records cells use up."""
    check("principals" in S, "set-up failed")
    S["coordinator"] = {p.short[-1]: (p.sid, p.csrf) for p in S["principals"]
                        if p.short in ("crdA", "crdB")}
    S["kwestie"], S["kwestie_title"], S["ksignal"] = {}, {}, {}
    for col in "AB":
        kid = make_kwestie(col)
        S["kwestie"][col] = kid
        S["kwestie_title"][col] = srv.query("SELECT title FROM kwesties WHERE id = ?",
                                            (kid,))[0][0]
        S["ksignal"][col] = last_signal(kid)
    S["tsignal"] = dict(S["signal"])
    S["mkwestie"] = S["skwestie"] = S["kwestie"]
    S["promise"] = {col: make_promise(col) for col in "AB"}


# --------------------------------------------------------------------------
# the cells

class Cell:
    """One request: route x principal x column ("A", "B", or "A:B": the
    path names organisation A and a record of B)."""

    def __init__(self, route, p, col):
        self.route, self.p, self.col = route, p, col
        self.org, self.rec = col[0], col[-1]
        self.allowed = allowed(p, route, self.org)
        self.params = {}
        for name in re.findall(r"\{(\w+)\}", route.pattern):
            fn = route.params.get(name) or DEFAULT_PARAMS.get(name)
            check(fn, "%s %s: no value for {%s}" % (route.method, route.pattern, name))
            self.params[name] = fn(self)
        self.path = route.pattern.format(**self.params)
        q = route.query(self) if callable(route.query) else route.query
        self.url = self.path + q


def send(c):
    r, p = c.route, c.p
    sess = spare_session(p) if r.spare else ((p.sid, p.csrf) if p.sid else None)
    cookies, headers = {}, {}
    if sess:
        cookies["sid"] = sess[0]
    if p.key:
        headers["Authorization"] = "Bearer " + p.key
    csrf = sess[1] if sess else None
    if r.form_token:
        csrf = cookies["lc"] = H.new_token()
    kind, data = r.body(c) if r.body else (None, None)
    body = None
    if kind == "form":
        body = H.form_encode(list(data) + ([("csrf", csrf)] if csrf else []))
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    else:
        if kind == "json":
            body = json.dumps(data)
            headers["Content-Type"] = "application/json"
        elif kind == "csv":
            body = data
            headers["Content-Type"] = "text/csv"
        if sess and r.method != "GET":
            headers["X-CSRF-Token"] = sess[1]
    if cookies:
        headers["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
    return srv_().request(r.method, c.url, body=body, headers=headers)


def judge(c, resp):
    status, where = wanted(c)
    got = resp.header("Location")
    ok = resp.status == status and (
        where is None or (got is not None and (
            where.fullmatch(got) if hasattr(where, "fullmatch") else got == where)))
    want = "%d%s" % (status, "" if where is None else " -> %s" % getattr(
        where, "pattern", where))
    return ok, want


def columns(route):
    """A and B; for a record inside {org} (a member, key or service) also
    A's path with B's record; one column for routes without a record."""
    if not route.per:
        return ("A",)
    nested = route.per == "org" and set(re.findall(r"\{(\w+)\}", route.pattern)) - {"org"}
    return ("A", "B", "A:B") if nested else ("A", "B")


def route_test(i):
    route = ROUTES[i]

    def run(srv):
        check("principals" in S, "set-up failed")
        wrong = []
        for p in S["principals"]:
            for col in columns(route):
                c = Cell(route, p, col)
                resp = send(c)
                ok, want = judge(c, resp)
                if b"(null)" in resp.body:  # a NULL given to %s: undefined
                    ok, want = False, want + " without (null)"
                S["results"][(i, p.short, col)] = (resp.status, ok)
                if not ok:
                    wrong.append("%s on %s (%s): expected %s, got %d%s %r"
                                 % (p.name, col, c.url, want, resp.status,
                                    " -> %s" % resp.header("Location")
                                    if resp.header("Location") else "",
                                    resp.body[:100]))
        check(not wrong, "%s %s [%s]:\n  %s" % (route.method, route.pattern, route.action,
                                               "\n  ".join(wrong)))
    run.__name__ = "matrix_%02d_%s_%s" % (i, route.method.lower(),
                                          re.sub(r"\W+", "_", route.pattern).strip("_"))
    return run


for _i in range(len(ROUTES)):
    test(route_test(_i))


# --------------------------------------------------------------------------
# the table against the sources

ROUTE_RE = re.compile(r'\{\s*"([A-Z]+)",\s*"([^"]+)",\s*\w+,\s*(AZ_\w+)\s*\}')


def source_routes():
    """(method, pattern, AZ_ constant) of every route in src/web/routes.c
    and the routes_*.inc files it includes."""
    out, web = [], os.path.join(SRC, "web")
    for name in sorted(os.listdir(web)):
        if name == "routes.c" or (name.startswith("routes_") and name.endswith(".inc")):
            with open(os.path.join(web, name), encoding="utf-8") as f:
                out += ROUTE_RE.findall(f.read())
    return out


def action_names():
    """AZ_ constant -> its name, from the table in src/domain/authz.c."""
    with open(os.path.join(SRC, "domain", "authz.c"), encoding="utf-8") as f:
        return dict(re.findall(r'\{(AZ_\w+),\s*"([^"]+)"', f.read()))


@test
def every_route_has_its_row(srv):
    src = source_routes()
    names = action_names()
    check(len(src) >= 80, "found only %d routes in %s/web" % (len(src), SRC))
    check(len(names) >= 10, "found only %d actions in authz.c" % len(names))
    mine = {(r.method, r.pattern): r.action for r in ROUTES}
    theirs = {(m, p): names.get(a, a) for m, p, a in src}
    problems = []
    if len(mine) != len(ROUTES):
        problems.append("a route is listed twice in ROUTES")
    if len(theirs) != len(src):
        problems.append("a route is listed twice in the route table")
    for k in sorted(set(theirs) - set(mine)):
        problems.append("no row in ROUTES for %s %s [%s]" % (k + (theirs[k],)))
    for k in sorted(set(mine) - set(theirs)):
        problems.append("ROUTES has %s %s, which the route table no longer has" % k)
    for k in sorted(set(mine) & set(theirs)):
        if mine[k] != theirs[k]:
            problems.append("%s %s: the route table says %s, ROUTES says %s"
                            % (k + (theirs[k], mine[k])))
    for s in SCOPES:
        if s not in names.values():
            problems.append("scope %r is no action of authz.c" % s)
    check(not problems, "\n  ".join(["the matrix and the route table differ:"] + problems))
    H.note("%d routes in the route table, each with its row" % len(src))


@test
def key_and_people_still_work(srv):
    # nothing in the matrix revoked, removed or deleted what it should not
    check("principals" in S, "set-up failed")
    for p in S["principals"]:
        if p.key:
            r = srv.get("/api/v1/organisations/%d" % S["org"]["A"],
                        headers={"Authorization": "Bearer " + p.key})
            eq(r.status, 200, "%s still valid" % p.name)
        elif p.kind == "account":
            r = srv.get("/werk", headers={"Cookie": "sid=" + p.sid})
            eq(r.status, 200, "%s still signed in" % p.name)
    for col in "AB":
        eq(srv.query("SELECT COUNT(*) FROM organisations WHERE id = ?", (S["org"][col],)),
           [(1,)], "organisation %s" % col)
    for p in S["principals"]:
        for col, role in p.roles.items():
            if p.kind == "account":
                eq(srv.query("SELECT m.role FROM memberships m JOIN accounts a"
                             " ON a.id = m.account_id WHERE a.email = ?"
                             " AND m.organisation_id = ?", (p.email, S["org"][col])),
                   [(role,)], "%s still in %s" % (p.name, col))


@test
def print_matrix(srv):
    P = S.get("principals", [])
    grid = []
    for i, route in enumerate(ROUTES):
        cells = []
        for p in P:
            one = []
            for col in columns(route):
                status, ok = S["results"].get((i, p.short, col), (0, False))
                one.append("%s%s" % (status or "?", "" if ok else "!"))
            cells.append("|".join(one))
        grid.append(("%s %s [%s]" % (route.method, route.pattern, route.action), cells))
    width = max(len(label) for label, _ in grid)
    widths = [max([len(p.short)] + [len(cells[j]) for _, cells in grid])
              for j, p in enumerate(P)]
    head = " ".join(["%-*s" % (width, "route [action]")] +
                    ["%-*s" % (w, p.short) for w, p in zip(widths, P)])
    lines = [head, "-" * len(head)]
    for label, cells in grid:
        lines.append(" ".join(["%-*s" % (width, label)] +
                              ["%-*s" % (w, c) for w, c in zip(widths, cells)]))
    lines.append("Each cell: the status; for a route with a record: organisation A | B "
                 "(or a signal linked to A | to B) | A's path with B's member, key or "
                 "service.  ! = not the expected answer.  k:<scope> = a key of A with "
                 "that one scope.")
    print("\n".join(lines), flush=True)
    n = len(S["results"])
    bad = sum(1 for v in S["results"].values() if not v[1])
    H.note("%d cells of the authorisation matrix (%d routes x %d principals), "
           "%d as expected" % (n, len(ROUTES), len(P), n - bad))
    eq(bad, 0, "cells not as expected")


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port])
    finally:
        SMTP.stop()
