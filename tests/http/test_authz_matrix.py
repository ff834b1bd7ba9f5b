"""The authorisation matrix of the beheer side: every route x every kind
of principal x its own or another organisation, asserted against an
expectation written out here, independently of src/domain/authz.c (read it
side by side: the two tables must agree).

Principals: anonymous, a resident session, medewerker and coordinator of
organisation A, medewerker and coordinator of organisation B, the
beheerder (admin), and an API key of A with every scope a key can get.
"Own" is organisation A, "other" is B (for B's people the other way round);
the admin belongs to neither, so both are "other" to it.

Allowed means the handler ran: a 2xx/3xx answer that is not a redirect to
the log-in page.  Denied means 401 for the JSON API and a 303 to /login for
pages when nobody (or only a resident) is signed in, and 403 otherwise.
Requests that are allowed are made harmless: updates send the values that
are already there, removals and deletions hit records made for the purpose.

    python3 tests/http/test_authz_matrix.py --binary build/wijkagenda
"""
import datetime
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
import smtpd  # noqa: E402
from harness import check, eq, test  # noqa: E402

PASSWORD = "een lang wachtwoord voor de test"
SMTP = smtpd.SmtpServer(port=0).start()
S = {"seq": 0, "results": {}}


# --------------------------------------------------------------------------
# sessions (the same helpers live in test_beheer.py and test_audit.py)

def cookie_of(r, name):
    for v in r.headers_all("Set-Cookie"):
        m = re.match(r"\s*%s=([^;]*)" % re.escape(name), v)
        if m:
            return m.group(1)
    return None


def csrf_in(text):
    m = re.search(r'name="csrf" value="([^"]*)"', text)
    return m.group(1) if m else None


def choose_password(srv, path):
    r = srv.get(path)
    eq(r.status, 200, "GET %s" % path)
    lc = cookie_of(r, "lc")
    r = srv.post_form(path, {"password": PASSWORD, "password2": PASSWORD,
                             "csrf": csrf_in(r.text)},
                      headers={"Cookie": "lc=%s" % lc})
    eq(r.status, 303, "choose password")
    sid = cookie_of(r, "sid")
    r = srv.get("/werk", headers={"Cookie": "sid=%s" % sid})
    return sid, csrf_in(r.text)


def mail_link(addr, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for m in SMTP.messages:
            if addr in m.rcpt_tos:
                link = re.search(r"http://[^/\s]+(/wachtwoord/[A-Za-z0-9_-]{22})",
                                 m.text())
                check(link, "no link in %r" % m.text())
                return link.group(1)
        time.sleep(0.05)
    raise H.Failure("no mail to %s" % addr)


# --------------------------------------------------------------------------
# principals

RANK = {None: 0, "medewerker": 1, "coordinator": 2}


class Principal:
    def __init__(self, name, kind, roles=None, admin=False, sid=None, csrf=None,
                 key=None, scopes=()):
        self.name, self.kind, self.admin = name, kind, admin
        self.roles = roles or {}  # org letter -> role
        self.sid, self.csrf, self.key, self.scopes = sid, csrf, key, set(scopes)

    def headers(self, write, json_body):
        h = {}
        if self.sid:
            h["Cookie"] = "sid=%s" % self.sid
            if write and json_body:
                h["X-CSRF-Token"] = self.csrf
        if self.key:
            h["Authorization"] = "Bearer " + self.key
        return h

    def own(self):
        """The organisation called "own" for this principal."""
        return "B" if "B" in self.roles else "A"

    def other(self):
        return "A" if self.own() == "B" else "B"


# The table, written out: action -> (may the admin, least role of members
# of the record's organisation that may; None: no member by role).  An API
# key acts for its own organisation with a coordinator's reach, but only
# for the actions in its scopes (the scopes are the real limit).
RULES = {
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
}


def expect(p, action, org):
    if action == "public":
        return True
    if p.kind in ("anonymous", "resident"):
        return False
    if p.kind == "key" and action not in p.scopes:
        return False
    admin, least = RULES[action]
    if p.admin and admin:
        return True
    rel = p.roles.get(org)
    return least is not None and RANK[rel] >= RANK[least]


# --------------------------------------------------------------------------
# the routes, with what to send

def uniq():
    S["seq"] += 1
    return "%d-%d" % (os.getpid(), S["seq"])


def same_org_form(org):
    return [("name", S["org_name"][org]), ("kind", "overig"), ("kvk", ""),
            ("areas_other", "")]


def victim(route, p, org):
    """A member to remove: made for this cell when it is allowed, else
    any member (nothing will happen)."""
    return S["victims"].get((route, p.name, org), S["member_ids"][org])


def throwaway_org(route, p, org):
    return S["doomed"].get((route, p.name, org), S["org_ids"][org])


def key_to_revoke(p, org):
    return S["spare_keys"].get((p.name, org), S["key_ids"]["A"])


ROUTES = [
    # method, pattern, action, org-bound, body(p, org) -> (form|json, data)
    ("GET", "/beheer/organisaties", "organisation.list", False, None),
    ("GET", "/beheer/organisaties/nieuw", "organisation.create", False, None),
    ("POST", "/beheer/organisaties/nieuw", "organisation.create", False,
     lambda p, o: ("form", [("name", "Matrix nieuw %s" % uniq()), ("kind", "overig")])),
    ("GET", "/beheer/organisaties/{org}", "member.list", True, None),
    ("POST", "/beheer/organisaties/{org}", "organisation.update", True,
     lambda p, o: ("form", same_org_form(o))),
    ("POST", "/beheer/organisaties/{doomed}/verwijderen", "organisation.delete", True,
     lambda p, o: ("form", [])),
    ("GET", "/beheer/organisaties/{org}/leden", "member.list", True, None),
    ("POST", "/beheer/organisaties/{org}/uitnodigen", "member.invite", True,
     lambda p, o: ("form", [("email", "nieuw-%s@example.org" % uniq()),
                            ("role", "medewerker")])),
    ("POST", "/beheer/organisaties/{org}/leden/{member}/rol", "member.update", True,
     lambda p, o: ("form", [("role", "medewerker")])),
    ("POST", "/beheer/organisaties/{org}/leden/{victim}/verwijderen", "member.remove",
     True, lambda p, o: ("form", [])),
    ("GET", "/beheer/organisaties/{org}/sleutels", "apikey.manage", True, None),
    ("POST", "/beheer/organisaties/{org}/sleutels", "apikey.manage", True,
     lambda p, o: ("form", [("name", "Sleutel %s" % uniq()),
                            ("scopes", "member.list")])),
    ("POST", "/beheer/organisaties/{org}/sleutels/{key}/intrekken", "apikey.manage",
     True, lambda p, o: ("form", [])),
    ("GET", "/beheer/audit", "audit.read", False, None),
    ("GET", "/api/v1/organisations", "public", False, None),
    ("POST", "/api/v1/organisations", "organisation.create", False,
     lambda p, o: ("json", {"name": "Matrix API %s" % uniq(), "kind": "overig"})),
    ("GET", "/api/v1/organisations/{org}", "public", True, None),
    ("PUT", "/api/v1/organisations/{org}", "organisation.update", True,
     lambda p, o: ("json", {"name": S["org_name"][o], "kind": "overig"})),
    ("DELETE", "/api/v1/organisations/{doomed}", "organisation.delete", True, None),
    ("GET", "/api/v1/organisations/{org}/members", "member.list", True, None),
    ("POST", "/api/v1/organisations/{org}/members", "member.invite", True,
     lambda p, o: ("json", {"email": "api-%s@example.org" % uniq(),
                            "role": "medewerker"})),
    ("DELETE", "/api/v1/organisations/{org}/members/{victim}", "member.remove", True,
     None),
    ("GET", "/api/v1/audit", "audit.read", False, None),
]


def path_for(i, pattern, p, org):
    return (pattern.replace("{org}", str(S["org_ids"][org]))
            .replace("{doomed}", str(throwaway_org(i, p, org)))
            .replace("{member}", str(S["member_ids"][org]))
            .replace("{victim}", str(victim(i, p, org)))
            .replace("{key}", str(key_to_revoke(p, org))))


def send(srv, i, p, org):
    method, pattern, action, _, body = ROUTES[i]
    path = path_for(i, pattern, p, org)
    write = method != "GET"
    kind, data = body(p, org) if body else ("json" if path.startswith("/api/")
                                            else "form", None)
    h = p.headers(write, kind == "json")
    if kind == "form" and write:
        data = list(data or [])
        if p.csrf:
            data.append(("csrf", p.csrf))
        return srv.post_form(path, data, headers=h) if method == "POST" else \
            srv.request(method, path, body=H.form_encode(data), headers=dict(
                h, **{"Content-Type": "application/x-www-form-urlencoded"}))
    if data is not None:
        h["Content-Type"] = "application/json"
        return srv.request(method, path, body=json.dumps(data), headers=h)
    return srv.request(method, path, headers=h)


def verdict(r, is_api):
    """'allow', 'login' (sent to log in / 401) or 'forbid' (403); else
    the status, which fails the cell."""
    loc = r.header("Location") or ""
    if r.status == 401 and is_api:
        return "login"
    if r.status == 303 and loc.startswith("/login") and not is_api:
        return "login"
    if r.status == 403:
        return "forbid"
    if 200 <= r.status < 400:
        return "allow"
    return "status %d" % r.status


def wanted(p, action, org):
    if expect(p, action, org):
        return "allow"
    return "login" if p.kind in ("anonymous", "resident") else "forbid"


# --------------------------------------------------------------------------
# set-up: the admin, two organisations and their people, a key, a resident

def binary():
    return os.path.abspath(H.Ctx.args.binary)


def admin_session(srv):
    out = subprocess.run([binary(), "admin", "create", "--email",
                          "matrix-admin@example.org", "--db", srv.db_path,
                          "--base-url", "http://127.0.0.1:%d" % srv.port],
                         capture_output=True, text=True, timeout=60)
    eq(out.returncode, 0, "admin create: %s" % out.stderr)
    return choose_password(srv, re.search(r"http://[^/\s]+(/\S+)", out.stdout).group(1))


def api(srv, who, method, path, obj=None):
    h = {"Cookie": "sid=%s" % who[0], "X-CSRF-Token": who[1],
         "Content-Type": "application/json"}
    return srv.request(method, path, body=json.dumps(obj) if obj is not None else None,
                       headers=h)


def page_post(srv, who, path, fields):
    return srv.post_form(path, list(fields) + [("csrf", who[1])],
                         headers={"Cookie": "sid=%s" % who[0]})


def new_member(srv, admin, org, email, role):
    r = api(srv, admin, "POST", "/api/v1/organisations/%d/members" % S["org_ids"][org],
            {"email": email, "role": role})
    eq(r.status, 201, "invite %s (body %r)" % (email, r.body[:200]))
    sid, csrf = choose_password(srv, mail_link(email))
    aid = srv.query("SELECT id FROM accounts WHERE email = ?", (email,))[0][0]
    return sid, csrf, aid


def make_key(srv, who, org, scopes):
    fields = [("name", "Matrix %s" % uniq())] + [("scopes", s) for s in scopes]
    r = page_post(srv, who, "/beheer/organisaties/%d/sleutels" % S["org_ids"][org],
                  fields)
    eq(r.status, 201, "make key (body %r)" % r.body[:200])
    key = re.search(r'value="(wak_[0-9a-f]{8}_[A-Za-z0-9_-]{22})"', r.text).group(1)
    kid = srv.query("SELECT id FROM api_keys WHERE prefix = ?", (key[4:12],))[0][0]
    return key, kid


def resident_session(srv):
    """A resident's session, written straight into the database: the
    magic-link pages are another part of the project."""
    token, csrf = "R" * 11 + uniq().replace("-", "x").ljust(11, "y")[:11], "C" * 22
    now = datetime.datetime.now(datetime.timezone.utc)
    fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
    h = hashlib.blake2b(token.encode() + b"\x1f", digest_size=16).hexdigest()
    c = sqlite3.connect(srv.db_path, timeout=10)
    try:
        c.execute("INSERT INTO sessions (token_hash, account_id, resident_email, csrf,"
                  " created_at, last_seen_at, expires_at) VALUES (?, NULL, ?, ?, ?, ?, ?)",
                  (h, "bewoner@example.org", csrf, fmt(now), fmt(now),
                   fmt(now + datetime.timedelta(hours=2))))
        c.commit()
    finally:
        c.close()
    return token, csrf


@test
def set_up(srv):
    admin = admin_session(srv)
    S["org_ids"], S["org_name"] = {}, {}
    for org in "AB":
        name = "Matrix organisatie %s" % org
        r = api(srv, admin, "POST", "/api/v1/organisations", {"name": name, "kind": "overig"})
        eq(r.status, 201)
        S["org_ids"][org], S["org_name"][org] = r.json()["id"], name
    people = {}
    for org in "AB":
        for role in ("coordinator", "medewerker"):
            people[(org, role)] = new_member(
                srv, admin, org, "%s-%s@example.org" % (role, org.lower()), role)
    S["member_ids"] = {o: people[(o, "medewerker")][2] for o in "AB"}
    ca, cb = people[("A", "coordinator")][:2], people[("B", "coordinator")][:2]
    key, kid = make_key(srv, ca, "A", ["member.list", "organisation.update",
                                       "signal.work"])
    S["key_ids"] = {"A": kid}
    res = resident_session(srv)
    P = [Principal("anonymous", "anonymous"),
         Principal("resident", "resident", sid=res[0], csrf=res[1]),
         Principal("medewerker A", "account", {"A": "medewerker"},
                   sid=people[("A", "medewerker")][0], csrf=people[("A", "medewerker")][1]),
         Principal("coordinator A", "account", {"A": "coordinator"}, sid=ca[0], csrf=ca[1]),
         Principal("medewerker B", "account", {"B": "medewerker"},
                   sid=people[("B", "medewerker")][0], csrf=people[("B", "medewerker")][1]),
         Principal("coordinator B", "account", {"B": "coordinator"}, sid=cb[0], csrf=cb[1]),
         Principal("admin", "account", admin=True, sid=admin[0], csrf=admin[1]),
         Principal("key of A", "key", {"A": "coordinator"}, key=key,
                   scopes=("member.list", "organisation.update", "signal.work"))]
    S["principals"] = P
    # what the allowed cells may destroy, made for each of them
    S["victims"], S["doomed"], S["spare_keys"] = {}, {}, {}
    coordinators = {"A": ca, "B": cb}
    for i, (m, pat, action, bound, _) in enumerate(ROUTES):
        for p in P:
            for org in ("A", "B") if bound else ("A",):
                if not expect(p, action, org):
                    continue
                if "{victim}" in pat:
                    S["victims"][(i, p.name, org)] = new_member(
                        srv, admin, org, "weg-%s@example.org" % uniq(), "medewerker")[2]
                if "{doomed}" in pat:
                    r = api(srv, admin, "POST", "/api/v1/organisations",
                            {"name": "Matrix weg %s" % uniq(), "kind": "overig"})
                    S["doomed"][(i, p.name, org)] = r.json()["id"]
                if "{key}" in pat:
                    S["spare_keys"][(p.name, org)] = make_key(
                        srv, coordinators[org], org, ["member.list"])[1]
    # the key works before the matrix starts
    r = srv.get("/api/v1/organisations/%d/members" % S["org_ids"]["A"],
                headers={"Authorization": "Bearer " + key})
    eq(r.status, 200, "key of A reads its members")


def route_test(i):
    method, pattern, action, bound, _ = ROUTES[i]

    def run(srv):
        check("principals" in S, "set-up failed")
        wrong = []
        for p in S["principals"]:
            cols = (("own", p.own()), ("other", p.other())) if bound else (("-", "A"),)
            for col, org in cols:
                r = send(srv, i, p, org)
                got = verdict(r, pattern.startswith("/api/"))
                want = wanted(p, action, org)
                S["results"][(i, p.name, col)] = (got, r.status, got == want)
                if got != want:
                    wrong.append("%s on %s (%s): expected %s, got %s (%d %r)"
                                 % (p.name, org, col, want, got, r.status, r.body[:120]))
        check(not wrong, "%s %s [%s]:\n  %s" % (method, pattern, action,
                                               "\n  ".join(wrong)))
    run.__name__ = "matrix_%02d_%s_%s" % (i, method.lower(),
                                          re.sub(r"\W+", "_", pattern).strip("_"))
    return run


for _i in range(len(ROUTES)):
    test(route_test(_i))


@test
def key_of_a_still_works(srv):
    # nothing in the matrix revoked or deleted what it should not have
    p = [x for x in S["principals"] if x.kind == "key"][0]
    r = srv.get("/api/v1/organisations/%d/members" % S["org_ids"]["A"],
                headers={"Authorization": "Bearer " + p.key})
    eq(r.status, 200)
    for org in "AB":
        eq(srv.query("SELECT COUNT(*) FROM organisations WHERE id = ?",
                     (S["org_ids"][org],)), [(1,)], "organisation %s" % org)


@test
def print_matrix(srv):
    P = S["principals"]
    short = {"anonymous": "anon", "resident": "bewon", "medewerker A": "mdwA",
             "coordinator A": "crdA", "medewerker B": "mdwB", "coordinator B": "crdB",
             "admin": "admin", "key of A": "keyA"}
    head = "%-76s" % "route [action]  (own | other)"
    for p in P:
        head += " %-11s" % short[p.name]
    lines = [head, "-" * len(head)]
    for i, (method, pattern, action, bound, _) in enumerate(ROUTES):
        row = "%-76s" % ("%s %s [%s]" % (method, pattern, action))[:76]
        for p in P:
            cells = []
            for col in (("own", "other") if bound else ("-",)):
                got, status, ok = S["results"].get((i, p.name, col), ("?", 0, False))
                mark = {"allow": "Y", "login": "L", "forbid": "N"}.get(got, "?")
                cells.append("%s%d%s" % (mark, status, "" if ok else "!"))
            row += " %-11s" % "|".join(cells)
        lines.append(row)
    lines.append("Y = allowed, L = 401 / sent to /login, N = 403; ! = not as "
                 "expected.  Two cells: own | other organisation.")
    print("\n".join(lines), flush=True)
    n = len(S["results"])
    bad = sum(1 for v in S["results"].values() if not v[2])
    H.note("%d cells of the authorisation matrix, %d as expected" % (n, n - bad))
    eq(bad, 0, "cells not as expected")


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port])
    finally:
        SMTP.stop()
