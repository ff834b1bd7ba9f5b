"""The audit log of the beheer side: every change through the pages and
the API leaves exactly one entry with the right actor, action and record,
in the same transaction (a refused change leaves none); the log refuses
UPDATE and DELETE; only the beheerder can read it, page and API.

    python3 tests/http/test_audit.py --binary build/wijkagenda
"""
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
S = {}


# --------------------------------------------------------------------------
# sessions (the same helpers live in test_beheer.py and test_authz_matrix.py)

def cookie_of(r, name):
    for v in r.headers_all("Set-Cookie"):
        m = re.match(r"\s*%s=([^;]*)" % re.escape(name), v)
        if m:
            return m.group(1)
    return None


def csrf_in(text):
    m = re.search(r'name="csrf" value="([^"]*)"', text)
    return m.group(1) if m else None


class Session:
    def __init__(self, srv, sid, email):
        self.srv, self.sid, self.email = srv, sid, email
        self.csrf = csrf_in(self.get("/werk").text)
        self.id = srv.query("SELECT id FROM accounts WHERE email = ?", (email,))[0][0]

    def h(self):
        return {"Cookie": "sid=%s" % self.sid}

    def get(self, path):
        return self.srv.get(path, headers=self.h())

    def post(self, path, fields=()):
        fields = list(fields.items()) if isinstance(fields, dict) else list(fields)
        return self.srv.post_form(path, fields + [("csrf", self.csrf)], headers=self.h())

    def api(self, method, path, obj=None):
        h = dict(self.h(), **{"X-CSRF-Token": self.csrf})
        if obj is not None:
            h["Content-Type"] = "application/json"
        return self.srv.request(method, path, body=None if obj is None else
                                json.dumps(obj), headers=h)


def choose_password(srv, path, email):
    r = srv.get(path)
    eq(r.status, 200, "GET %s" % path)
    lc = cookie_of(r, "lc")
    r = srv.post_form(path, {"password": PASSWORD, "password2": PASSWORD,
                             "csrf": csrf_in(r.text)},
                      headers={"Cookie": "lc=%s" % lc})
    eq(r.status, 303, "choose password")
    return Session(srv, cookie_of(r, "sid"), email)


def mail_link(addr, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for m in SMTP.messages:
            if addr in m.rcpt_tos:
                link = re.search(r"http://[^/\s]+(/wachtwoord/[A-Za-z0-9_-]{22})",
                                 m.text())
                if link:
                    return link.group(1)
        time.sleep(0.05)
    raise H.Failure("no invitation mail to %s" % addr)


def consent_link(addr, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for m in SMTP.messages:
            if addr in m.rcpt_tos:
                link = re.search(r"http://[^/\s]+(/uitnodiging/[A-Za-z0-9_-]{22})",
                                 m.text())
                if link:
                    return link.group(1)
        time.sleep(0.05)
    raise H.Failure("no consent mail to %s" % addr)


# --------------------------------------------------------------------------
# the log

def last_id(srv):
    return srv.query("SELECT COALESCE(MAX(id), 0) FROM audit_log")[0][0]


def entries_since(srv, since):
    rows = srv.query("SELECT actor_account_id, actor_api_key_id, actor_label, action,"
                     " entity, entity_id, detail FROM audit_log WHERE id > ?"
                     " ORDER BY id", (since,))
    return [dict(zip(("actor_account_id", "actor_api_key_id", "actor_label",
                      "action", "entity", "entity_id", "detail"), r)) for r in rows]


class one_entry:
    """with one_entry(srv, who, action, entity, entity_id) as e: ...
    exactly one new entry, as described; e.detail is its detail."""

    def __init__(self, srv, who, action, entity="organisation", entity_id=None):
        self.srv, self.who, self.action = srv, who, action
        self.entity, self.entity_id = entity, entity_id

    def __enter__(self):
        self.since = last_id(self.srv)
        return self

    def __exit__(self, et, ev, tb):
        if et is not None:
            return False
        got = entries_since(self.srv, self.since)
        eq(len(got), 1, "entries for %s (%r)" % (self.action, got))
        e = got[0]
        eq(e["action"], self.action, "action")
        eq(e["actor_label"], self.who.email, "actor label")
        eq(e["actor_account_id"], self.who.id, "actor account")
        eq(e["actor_api_key_id"], None, "actor key")
        eq(e["entity"], self.entity, "entity")
        entity_id = self.entity_id() if callable(self.entity_id) else self.entity_id
        if entity_id is not None:
            eq(e["entity_id"], str(entity_id), "entity id")
        self.detail = json.loads(e["detail"])
        self.entity_id_got = e["entity_id"]
        return False


class no_entry:
    def __init__(self, srv, what):
        self.srv, self.what = srv, what

    def __enter__(self):
        self.since = last_id(self.srv)

    def __exit__(self, et, ev, tb):
        if et is None:
            eq(entries_since(self.srv, self.since), [], "entries after " + self.what)
        return False


def org_form(name, kind="welzijn", kvk="", areas=()):
    return [("name", name), ("kind", kind), ("kvk", kvk), ("areas_other", "")] + \
        [("areas", a) for a in areas]


# --------------------------------------------------------------------------

@test
def set_up(srv):
    out = subprocess.run([os.path.abspath(H.Ctx.args.binary), "admin", "create",
                          "--email", "audit-admin@example.org", "--db", srv.db_path,
                          "--base-url", "http://127.0.0.1:%d" % srv.port],
                         capture_output=True, text=True, timeout=60)
    eq(out.returncode, 0, out.stderr)
    path = re.search(r"http://[^/\s]+(/\S+)", out.stdout).group(1)
    S["admin"] = choose_password(srv, path, "audit-admin@example.org")
    rows = srv.query("SELECT actor_label, action, entity FROM audit_log")
    eq(rows[-1:], [("audit-admin@example.org", "account.password", "account")],
       "choosing the password is logged")


@test
def organisation_changes_by_page(srv):
    a = S["admin"]
    with one_entry(srv, a, "organisation.create") as e:
        r = a.post("/beheer/organisaties/nieuw",
                   org_form("Audit West", "welzijn", "12345678", ["E"]))
        eq(r.status, 303)
    S["west"] = int(re.search(r"/(\d+)\?", r.header("Location")).group(1))
    eq(e.entity_id_got, str(S["west"]))
    eq(e.detail, {"name": "Audit West", "kind": "welzijn", "kvk": "12345678",
                  "areas": ["E"]})
    with one_entry(srv, a, "organisation.update", entity_id=S["west"]) as e:
        r = a.post("/beheer/organisaties/%d" % S["west"],
                   org_form("Audit West & Co", "welzijn", "", ["E"]))
        eq(r.status, 303)
    eq(e.detail, {"name": {"old": "Audit West", "new": "Audit West & Co"},
                  "kvk": {"old": "12345678", "new": None}}, "only what changed")
    with no_entry(srv, "a save without changes"):
        r = a.post("/beheer/organisaties/%d" % S["west"],
                   org_form("Audit West & Co", "welzijn", "", ["E"]))
        eq(r.status, 303)
    with no_entry(srv, "bad input"):
        eq(a.post("/beheer/organisaties/nieuw", org_form("")).status, 400)
        eq(a.post("/beheer/organisaties/%d" % S["west"],
                  org_form("x", kvk="12")).status, 400)
        eq(a.post("/beheer/organisaties/nieuw", org_form("audit west & co")).status, 409)


@test
def organisation_changes_by_api(srv):
    a = S["admin"]
    with one_entry(srv, a, "organisation.create") as e:
        r = a.api("POST", "/api/v1/organisations",
                  {"name": "Audit Noord", "kind": "politie", "areas": ["N"]})
        eq(r.status, 201)
    oid = r.json()["id"]
    eq(e.entity_id_got, str(oid))
    eq(e.detail, {"name": "Audit Noord", "kind": "politie", "kvk": None, "areas": ["N"]})
    with one_entry(srv, a, "organisation.update", entity_id=oid) as e:
        r = a.api("PUT", "/api/v1/organisations/%d" % oid,
                  {"name": "Audit Noord", "kind": "politie", "areas": ["N", "NA"]})
        eq(r.status, 200)
    eq(e.detail, {"areas": {"old": ["N"], "new": ["N", "NA"]}})
    with no_entry(srv, "API without changes and with bad input"):
        eq(a.api("PUT", "/api/v1/organisations/%d" % oid,
                 {"name": "Audit Noord", "kind": "politie", "areas": ["NA", "N"]}).status,
           200)
        eq(a.api("PUT", "/api/v1/organisations/%d" % oid,
                 {"name": "Audit Noord", "kind": "bank"}).status, 400)
        eq(a.api("POST", "/api/v1/organisations", {"name": "x", "kind": "overig",
                                                    "extra": 1}).status, 400)
        eq(a.api("POST", "/api/v1/organisations", {"name": "audit noord",
                                                    "kind": "overig"}).status, 409)
    with one_entry(srv, a, "organisation.delete", entity_id=oid) as e:
        eq(a.api("DELETE", "/api/v1/organisations/%d" % oid).status, 204)
    eq(e.detail["name"], "Audit Noord")
    with no_entry(srv, "deleting twice"):
        eq(a.api("DELETE", "/api/v1/organisations/%d" % oid).status, 404)


@test
def member_changes(srv):
    a, west = S["admin"], S["west"]
    with one_entry(srv, a, "member.invite", entity_id=west) as e:
        r = a.post("/beheer/organisaties/%d/uitnodigen" % west,
                   {"email": "audit-coor@example.org", "role": "coordinator"})
        eq(r.status, 303)
    iid = srv.query("SELECT MAX(id) FROM invitations")[0][0]
    eq(e.detail, {"email": "audit-coor@example.org", "role": "coordinator",
                  "invitation_id": iid})
    link = mail_link("audit-coor@example.org")
    since = last_id(srv)
    S["coor"] = c = choose_password(srv, link, "audit-coor@example.org")
    got = entries_since(srv, since)
    eq([(x["action"], x["entity"], x["entity_id"], x["actor_label"]) for x in got],
       [("invitation.accept", "account", str(c.id), "audit-coor@example.org")],
       "accepting the invitation")
    # an existing account (the admin) is invited, and joins when it accepts
    with one_entry(srv, c, "member.invite", entity_id=west) as e:
        r = c.api("POST", "/api/v1/organisations/%d/members" % west,
                  {"email": "audit-admin@example.org", "role": "medewerker"})
        eq(r.status, 201)
    iid = r.json()["invitation_id"]
    eq(e.detail, {"email": "audit-admin@example.org", "role": "medewerker",
                  "invitation_id": iid})
    consent = consent_link("audit-admin@example.org")
    with one_entry(srv, a, "invitation.accept", entity_id=west) as e:
        eq(a.post(consent, {"answer": "accept"}).status, 200)
    eq(e.detail, {"invitation_id": iid, "account_id": a.id,
                  "email": "audit-admin@example.org", "role": "medewerker"})
    with no_entry(srv, "inviting a member again"):
        r = c.api("POST", "/api/v1/organisations/%d/members" % west,
                  {"email": "audit-admin@example.org", "role": "medewerker"})
        eq(r.status, 409)
    with one_entry(srv, c, "member.role", entity_id=west) as e:
        r = c.post("/beheer/organisaties/%d/leden/%d/rol" % (west, a.id),
                   {"role": "coordinator"})
        eq(r.status, 303)
    eq(e.detail, {"account_id": a.id, "email": "audit-admin@example.org",
                  "role": {"old": "medewerker", "new": "coordinator"}})
    with no_entry(srv, "the same role again"):
        eq(c.post("/beheer/organisaties/%d/leden/%d/rol" % (west, a.id),
                  {"role": "coordinator"}).status, 303)
    with one_entry(srv, c, "member.remove", entity_id=west) as e:
        r = c.api("DELETE", "/api/v1/organisations/%d/members/%d" % (west, a.id))
        eq(r.status, 204)
    eq(e.detail, {"account_id": a.id, "email": "audit-admin@example.org",
                  "role": "coordinator"})
    with no_entry(srv, "removing the last coordinator"):
        eq(c.post("/beheer/organisaties/%d/leden/%d/verwijderen" % (west, c.id)).status,
           409)


@test
def api_key_changes(srv):
    c, west = S["coor"], S["west"]
    with one_entry(srv, c, "apikey.create", entity_id=west) as e:
        r = c.post("/beheer/organisaties/%d/sleutels" % west,
                   [("name", "Audit sleutel"), ("scopes", "member.list"),
                    ("scopes", "signal.work")])
        eq(r.status, 201)
    key = re.search(r'value="(wak_[0-9a-f]{8}_[A-Za-z0-9_-]{22})"', r.text).group(1)
    kid = srv.query("SELECT id FROM api_keys WHERE prefix = ?", (key[4:12],))[0][0]
    eq(e.detail, {"key_id": kid, "name": "Audit sleutel", "prefix": key[4:12],
                  "scopes": "member.list signal.work"})
    H.not_contains(repr(srv.query("SELECT detail FROM audit_log")), key[13:],
                   "audit log")
    # reading with the key changes nothing in the log
    with no_entry(srv, "a read with the key"):
        eq(srv.get("/api/v1/organisations/%d/members" % west,
                   headers={"Authorization": "Bearer " + key}).status, 200)
    with one_entry(srv, c, "apikey.revoke", entity_id=west) as e:
        eq(c.post("/beheer/organisaties/%d/sleutels/%d/intrekken" % (west, kid)).status,
           303)
    eq(e.detail, {"key_id": kid, "name": "Audit sleutel", "prefix": key[4:12]})


@test
def organisation_delete_by_page(srv):
    a = S["admin"]
    r = a.api("POST", "/api/v1/organisations", {"name": "Audit weg", "kind": "overig"})
    oid = r.json()["id"]
    with one_entry(srv, a, "organisation.delete", entity_id=oid):
        eq(a.post("/beheer/organisaties/%d/verwijderen" % oid).status, 303)


@test
def log_is_append_only(srv):
    n = srv.query("SELECT COUNT(*) FROM audit_log")[0][0]
    check(n > 10, "too few entries: %d" % n)
    c = sqlite3.connect(srv.db_path, timeout=10)
    try:
        for sql in ("UPDATE audit_log SET actor_label = 'iemand anders'",
                    "UPDATE audit_log SET detail = '{}' WHERE id = 1",
                    "DELETE FROM audit_log",
                    "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)"):
            try:
                c.execute(sql)
                c.commit()
            except sqlite3.DatabaseError as e:
                H.contains(str(e), "append-only", sql)
                c.rollback()
            else:
                raise H.Failure("%s was allowed" % sql)
    finally:
        c.close()
    eq(srv.query("SELECT COUNT(*) FROM audit_log")[0][0], n, "entries")
    eq(srv.query("SELECT COUNT(*) FROM audit_log WHERE actor_label = 'iemand anders'"),
       [(0,)])


@test
def only_the_admin_reads_the_log(srv):
    for path in ("/beheer/audit", "/beheer/audit?entity=organisation"):
        r = srv.get(path)
        eq(r.status, 303, "anonymous " + path)
        check(r.header("Location").startswith("/login"), r.header("Location"))
        eq(S["coor"].get(path).status, 403, "coordinator " + path)
    for path in ("/api/v1/audit", "/api/v1/audit?limit=1"):
        H.check_json_error(srv.get(path), 401)
        H.check_json_error(S["coor"].get(path), 403)
    r = S["admin"].get("/beheer/audit")
    eq(r.status, 200)
    eq(r.header("Cache-Control"), "private, no-store")
    H.contains(r.text, "organisation.update")
    H.contains(r.text, "Audit West &amp; Co")


@test
def api_newest_first_with_paging_and_filters(srv):
    a = S["admin"]
    r = a.get("/api/v1/audit")
    eq(r.status, 200)
    j = r.json()
    ids = [e["id"] for e in j["entries"]]
    eq(ids, sorted(ids, reverse=True), "newest first")
    eq(ids[0], last_id(srv), "the newest entry first")
    e = j["entries"][0]
    eq(sorted(e), ["action", "actor", "at", "detail", "entity", "entity_id", "id"])
    check(isinstance(e["detail"], dict), "detail is an object")
    # paging: two at a time, following "next", gives the same list
    seen, path = [], "/api/v1/audit?limit=2"
    while path and len(seen) < 200:
        j = a.get(path).json()
        check(len(j["entries"]) <= 2, "page too long")
        seen += [x["id"] for x in j["entries"]]
        path = j["next"]
    eq(seen, [x for (x,) in srv.query("SELECT id FROM audit_log ORDER BY id DESC")],
       "all pages together")
    # filters
    j = a.get("/api/v1/audit?entity=account").json()
    check(j["entries"] and all(x["entity"] == "account" for x in j["entries"]),
          "entity filter")
    j = a.get("/api/v1/audit?entity=organisation&entity_id=%d" % S["west"]).json()
    acts = [x["action"] for x in j["entries"]]
    check("organisation.create" in acts and "member.role" in acts, acts)
    check(all(x["entity_id"] == str(S["west"]) for x in j["entries"]), "record filter")
    for bad in ("limit=0", "limit=201", "limit=x", "before=-1", "before=abc",
                "entity=Organisation", "entity_id=%3Cx%3E", "sort=asc"):
        H.check_json_error(a.get("/api/v1/audit?" + bad), 400)


@test
def page_paging_and_filter(srv):
    a = S["admin"]
    # enough entries for a second page (50 a page)
    while srv.query("SELECT COUNT(*) FROM audit_log")[0][0] <= 55:
        r = a.api("POST", "/api/v1/organisations",
                  {"name": "Vulling %d" % last_id(srv), "kind": "overig"})
        eq(r.status, 201)
    r = a.get("/beheer/audit")
    doc = H.parse_html(r.text)
    rows = doc.find_all("tr")[1:]
    eq(len(rows), 50, "rows on the first page")
    nxt = [x.attrs["href"] for x in doc.find_all("a")
           if x.attrs.get("href", "").startswith("/beheer/audit?voor=")]
    check(nxt, "no link to older entries")
    older = int(re.search(r"voor=(\d+)", nxt[0]).group(1))
    r = a.get(nxt[0].replace("&amp;", "&"))
    eq(r.status, 200)
    want = srv.query("SELECT COUNT(*) FROM audit_log WHERE id < ?", (older,))[0][0]
    eq(len(H.parse_html(r.text).find_all("tr")[1:]), min(want, 50), "second page")
    r = a.get("/beheer/audit?entity=account")
    rows = H.parse_html(r.text).find_all("tr")[1:]
    check(rows and all(" account " in " %s " % x.text() for x in rows), "filter")
    eq(a.get("/beheer/audit?voor=xyz").status, 400)


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port])
    finally:
        SMTP.stop()
