"""The beheer side: organisations, members, invitations by mail, API keys,
pages and JSON API, and what bad input does (nothing, with a clear answer).

The server runs with a real SMTP server on loopback (tests/http/smtpd.py);
the first admin is made with `wijkagenda admin create`, everyone else is
invited by mail and accepts the link.

    python3 tests/http/test_beheer.py --binary build/wijkagenda
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
import smtpd  # noqa: E402
from harness import check, eq, test  # noqa: E402

PASSWORD = "een lang wachtwoord voor de test"
SMTP = smtpd.SmtpServer(port=0).start()
S = {}  # what the tests share: sessions, ids


# --------------------------------------------------------------------------
# sessions (the same helpers live in test_authz_matrix.py and test_audit.py)

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
    """A signed-in professional: the sid cookie and the session's CSRF
    token (read from a page, as a browser would)."""

    def __init__(self, srv, sid, email):
        self.srv, self.sid, self.email = srv, sid, email
        self.csrf = csrf_in(self.get("/werk").text)
        check(self.csrf, "no CSRF token on /werk for %s" % email)

    def h(self, extra=None):
        h = {"Cookie": "sid=%s" % self.sid}
        h.update(extra or {})
        return h

    def get(self, path):
        return self.srv.get(path, headers=self.h())

    def post(self, path, fields=(), csrf=True):
        fields = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf is True:
            fields.append(("csrf", self.csrf))
        elif csrf:
            fields.append(("csrf", csrf))
        return self.srv.post_form(path, fields, headers=self.h())

    def api(self, method, path, obj=None, csrf=True, ctype="application/json"):
        h = self.h()
        if csrf is True:
            h["X-CSRF-Token"] = self.csrf
        elif csrf:
            h["X-CSRF-Token"] = csrf
        body = None
        if obj is not None:
            body = obj if isinstance(obj, (str, bytes)) else json.dumps(obj)
            if ctype:
                h["Content-Type"] = ctype
        return self.srv.request(method, path, body=body, headers=h)


def choose_password(srv, path, email):
    """Open a one-time link (/wachtwoord/<token>) and choose a password."""
    r = srv.get(path)
    eq(r.status, 200, "GET %s (body %r)" % (path, r.body[:300]))
    lc = cookie_of(r, "lc")
    r = srv.post_form(path, {"password": PASSWORD, "password2": PASSWORD,
                             "csrf": csrf_in(r.text)},
                      headers={"Cookie": "lc=%s" % lc})
    eq(r.status, 303, "choose password (body %r)" % r.body[:300])
    return Session(srv, cookie_of(r, "sid"), email)


def make_admin(srv, email):
    out = subprocess.run(
        [os.path.abspath(H.Ctx.args.binary), "admin", "create", "--email", email,
         "--db", srv.db_path, "--base-url", "http://127.0.0.1:%d" % srv.port],
        capture_output=True, text=True, timeout=60)
    eq(out.returncode, 0, "admin create (stderr %r)" % out.stderr)
    m = re.search(r"http://[^/\s]+(/wachtwoord/\S+)", out.stdout)
    check(m, "no link in %r" % out.stdout)
    return choose_password(srv, m.group(1), email)


def login(srv, email, password=PASSWORD):
    r = srv.get("/login")
    lc = cookie_of(r, "lc")
    r = srv.post_form("/login", {"email": email, "password": password,
                                 "csrf": csrf_in(r.text), "next": "/werk"},
                      headers={"Cookie": "lc=%s" % lc})
    eq(r.status, 303, "login %s" % email)
    return Session(srv, cookie_of(r, "sid"), email)


def mails_to(addr, count=1, timeout=15):
    """The mails to addr, waiting until there are count of them."""
    import time
    deadline = time.time() + timeout
    while True:
        got = [m for m in SMTP.messages if addr in m.rcpt_tos]
        if len(got) >= count or time.time() > deadline:
            check(len(got) >= count, "%d mails to %s, expected %d (all: %r)"
                  % (len(got), addr, count, SMTP.messages))
            return got
        time.sleep(0.05)


def link_in(mail):
    m = re.search(r"http://[^/\s]+(/wachtwoord/[A-Za-z0-9_-]{22})", mail.text())
    check(m, "no link in mail %r" % mail.text())
    return m.group(1)


def accept_invite(srv, email, nth=1):
    return choose_password(srv, link_in(mails_to(email, nth)[nth - 1]), email)


def org_id_by_name(srv, name):
    rows = srv.query("SELECT id FROM organisations WHERE name = ?", (name,))
    check(rows, "no organisation %r" % name)
    return rows[0][0]


def members_of(srv, org):
    return dict(srv.query("SELECT a.email, m.role FROM memberships m JOIN accounts a"
                          " ON a.id = m.account_id WHERE m.organisation_id = ?",
                          (org,)))


def org_form(name, kind="welzijn", kvk="", areas=(), other=""):
    f = [("name", name), ("kind", kind), ("kvk", kvk), ("areas_other", other)]
    f += [("areas", a) for a in areas]
    return f


def field_error(text, field):
    """The message shown next to a field, or None."""
    m = re.search(r'id="f-%s-error">(.*?)</p>' % re.escape(field), text, re.S)
    return re.sub(r"<[^>]+>", "", m.group(1)).strip() if m else None


def location(r):
    return r.header("Location") or ""


def checksum(srv):
    return H.db_checksum(srv.db_path)


class unchanged:
    """with unchanged(srv, what): the database is the same afterwards
    (H.unchanged, less the columns that change by themselves)."""

    def __init__(self, srv, what):
        self.srv, self.what = srv, what

    def __enter__(self):
        self.before = checksum(self.srv)

    def __exit__(self, et, ev, tb):
        if et is None and checksum(self.srv) != self.before:
            raise H.Failure("the database changed: %s" % self.what)
        return False


# --------------------------------------------------------------------------
# set-up

@test
def admin_from_command_line(srv):
    S["admin"] = make_admin(srv, "beheer@example.org")
    r = S["admin"].get("/beheer/organisaties")
    eq(r.status, 200, "organisations page")
    H.contains(r.text, 'href="/beheer/organisaties/nieuw"')
    H.check_security_headers(r, "beheer page")
    eq(r.header("Cache-Control"), "private, no-store", "Cache-Control")


# --------------------------------------------------------------------------
# organisations: pages

@test
def new_organisation_form(srv):
    r = S["admin"].get("/beheer/organisaties/nieuw")
    eq(r.status, 200)
    doc = H.parse_html(r.text)
    boxes = doc.find_all("input", type="checkbox", name="areas")
    stadsdelen = {c for (c,) in srv.query(
        "SELECT code FROM areas WHERE level = 'stadsdeel'")}
    gebieden = {c for (c,) in srv.query("SELECT code FROM areas WHERE level = 'gebied'")}
    eq(len(stadsdelen), 9, "stadsdelen in the database")
    eq(len(gebieden), 26, "gebieden in the database")
    eq({b.attrs["value"] for b in boxes}, stadsdelen | gebieden, "checkboxes")
    # every control has a label
    labels = {n.attrs.get("for") for n in doc.find_all("label")}
    for inp in doc.find_all("input") + doc.find_all("select"):
        if inp.attrs.get("type") in ("hidden", "submit"):
            continue
        check(inp.attrs.get("id") in labels, "no label for %r" % inp.attrs)
    check(doc.find_all("input", name="areas_other"), "no field for other codes")
    check(csrf_in(r.text) == S["admin"].csrf, "form lacks the CSRF token")
    H.not_contains(r.text, "<script", "page")
    H.not_contains(r.text, "style=", "page")


@test
def create_organisation_by_form(srv):
    r = S["admin"].post("/beheer/organisaties/nieuw",
                        org_form("Buurtwerk Oost", "welzijn", " 12345678 ",
                                 ["M", "03630950000035"], "GM0363 MA"))
    eq(r.status, 303, "create (body %r)" % r.body[:500])
    m = re.match(r"/beheer/organisaties/(\d+)\?klaar=aangemaakt$", location(r))
    check(m, "Location %r" % location(r))
    oid = int(m.group(1))
    S["oost"] = oid
    eq(srv.query("SELECT name, kind, kvk, is_demo FROM organisations WHERE id = ?",
                 (oid,)), [("Buurtwerk Oost", "welzijn", "12345678", 0)])
    eq([c for (c,) in srv.query("SELECT area_code FROM organisation_areas WHERE"
                                " organisation_id = ? ORDER BY area_code", (oid,))],
       ["03630950000035", "GM0363", "M", "MA"], "areas")
    r = S["admin"].get(location(r))
    eq(r.status, 200)
    H.contains(r.text, "De organisatie is aangemaakt.")
    H.contains(r.text, "Oud-Oost")  # the gebied's name
    doc = H.parse_html(r.text)
    checked = {b.attrs["value"] for b in doc.find_all("input", type="checkbox")
               if "checked" in b.attrs}
    eq(checked, {"M", "03630950000035"}, "checked boxes on the edit form")
    other = doc.find_all("input", name="areas_other")[0].attrs.get("value")
    eq(other, "GM0363 MA", "other codes")


BAD_FORMS = [
    ("empty name", org_form(""), "name", "verplicht"),
    ("blank name", org_form("   "), "name", "verplicht"),
    ("name too long", org_form("x" * 201), "name", "te lang"),
    ("newline in name", org_form("Buurt\nwerk"), "name", None),
    ("no kind", org_form("Iets", kind=""), "kind", "verplicht"),
    ("unknown kind", org_form("Iets", kind="bank"), "kind", "bekende soort"),
    ("kvk too short", org_form("Iets", kvk="1234567"), "kvk", "8 cijfers"),
    ("kvk with a letter", org_form("Iets", kvk="1234567a"), "kvk", "8 cijfers"),
    ("kvk too long", org_form("Iets", kvk="123456789"), "kvk", "8 cijfers"),
    ("unknown area", org_form("Iets", other="ZZ99 E"), "areas_other", "ZZ99"),
    ("unknown checkbox", org_form("Iets", areas=["QQ"]), "areas_other", "QQ"),
    ("malformed area", org_form("Iets", other="<b>x</b>"), "areas_other",
     "ongeldige code"),
]


@test
def create_organisation_bad_input(srv):
    for what, fields, field, msg in BAD_FORMS:
        with unchanged(srv, what):
            r = S["admin"].post("/beheer/organisaties/nieuw", fields)
            eq(r.status, 400, "%s: status" % what)
            got = field_error(r.text, field)
            check(got, "%s: no message next to %s" % (what, field))
            if msg:
                H.contains(got, msg, "%s: message" % what)
            H.contains(r.text, 'class="wa-error-summary"', what)
            H.contains(r.text, 'href="#f-%s"' % field, what)
            H.not_contains(r.text, "<b>x", what)


@test
def duplicate_name_is_409(srv):
    for name in ("Buurtwerk Oost", "buurtwerk oost", " BUURTWERK OOST "):
        with unchanged(srv, "duplicate %r" % name):
            r = S["admin"].post("/beheer/organisaties/nieuw", org_form(name))
            eq(r.status, 409, "duplicate %r" % name)
            H.contains(field_error(r.text, "name") or "", "andere organisatie")


@test
def csrf_is_required(srv):
    a = S["admin"]
    for what, csrf in (("missing", False), ("wrong", "A" * 22), ("empty", "")):
        with unchanged(srv, "csrf %s" % what):
            fields = org_form("Zonder token %s" % what)
            if csrf is not False:
                fields.append(("csrf", csrf))
            r = srv.post_form("/beheer/organisaties/nieuw", fields, headers=a.h())
            eq(r.status, 403, "csrf %s" % what)
            r = a.api("POST", "/api/v1/organisations",
                      {"name": "Zonder token", "kind": "overig"},
                      csrf=csrf if csrf else None)
            eq(r.status, 403, "API csrf %s" % what)
            r = a.api("DELETE", "/api/v1/organisations/%d" % S["oost"],
                      csrf=csrf if csrf else None)
            eq(r.status, 403, "API delete csrf %s" % what)
    # another session's token does not do either
    other = login(srv, "beheer@example.org")
    with unchanged(srv, "csrf of another session"):
        r = a.post("/beheer/organisaties/nieuw", org_form("Verkeerd token"),
                   csrf=other.csrf)
        eq(r.status, 403, "token of another session")


@test
def update_organisation_by_form(srv):
    a, oid = S["admin"], S["oost"]
    r = a.post("/beheer/organisaties/%d" % oid,
               org_form("Buurtwerk Oost en Zuid", "welzijn", "", ["M", "K"]))
    eq(r.status, 303, "update (body %r)" % r.body[:400])
    eq(location(r), "/beheer/organisaties/%d?klaar=gewijzigd" % oid)
    eq(srv.query("SELECT name, kvk FROM organisations WHERE id = ?", (oid,)),
       [("Buurtwerk Oost en Zuid", None)])
    eq([c for (c,) in srv.query("SELECT area_code FROM organisation_areas WHERE"
                                " organisation_id = ? ORDER BY 1", (oid,))],
       ["K", "M"])
    # bad input on the edit form changes nothing and shows the input again
    with unchanged(srv, "bad update"):
        r = a.post("/beheer/organisaties/%d" % oid,
                   org_form("Nieuwe naam", "welzijn", "12", ["M"]))
        eq(r.status, 400)
        H.contains(field_error(r.text, "kvk") or "", "8 cijfers")
        H.contains(r.text, 'value="Nieuwe naam"')
    r = a.get("/beheer/organisaties/424242")
    eq(r.status, 404, "unknown organisation")


# --------------------------------------------------------------------------
# organisations: JSON API

def org_keys_only(o):
    eq(sorted(o), ["areas", "id", "kind", "kvk", "name"], "keys of an organisation")


@test
def api_create_get_put_delete(srv):
    a = S["admin"]
    r = a.api("POST", "/api/v1/organisations",
              {"name": "Corporatie Noord", "kind": "woningcorporatie",
               "kvk": "87654321", "areas": ["N", "GM0363", "N"]})
    eq(r.status, 201, "create (body %r)" % r.body[:300])
    o = r.json()
    org_keys_only(o)
    eq(location(r), "/api/v1/organisations/%d" % o["id"])
    eq(o["areas"], ["GM0363", "N"], "areas, sorted and unique")
    S["noord"] = o["id"]
    r = srv.get("/api/v1/organisations/%d" % o["id"])  # public
    eq(r.status, 200)
    eq(r.json(), o, "GET after POST")
    r = a.api("PUT", "/api/v1/organisations/%d" % o["id"],
              {"name": "Corporatie Noord", "kind": "woningcorporatie"})
    eq(r.status, 200, "PUT (body %r)" % r.body[:300])
    eq(r.json()["kvk"], None, "PUT is a full replace: kvk cleared")
    eq(r.json()["areas"], [], "PUT is a full replace: areas cleared")
    r = a.api("PUT", "/api/v1/organisations/%d" % o["id"],
              {"name": "Corporatie Noord", "kind": "woningcorporatie",
               "kvk": None, "areas": ["N"]})
    eq(r.status, 200)
    eq(r.json()["areas"], ["N"])
    r = srv.get("/api/v1/organisations")
    eq(r.status, 200)
    orgs = r.json()["organisations"]
    for x in orgs:
        org_keys_only(x)
    check(any(x["id"] == o["id"] for x in orgs), "new organisation not listed")
    r = a.api("POST", "/api/v1/organisations", {"name": "Weg ermee", "kind": "overig"})
    eq(r.status, 201)
    gone = r.json()["id"]
    r = a.api("DELETE", "/api/v1/organisations/%d" % gone)
    eq(r.status, 204, "DELETE")
    eq(r.body, b"", "204 body")
    eq(srv.get("/api/v1/organisations/%d" % gone).status, 404, "GET after DELETE")
    with unchanged(srv, "second delete"):
        H.check_json_error(a.api("DELETE", "/api/v1/organisations/%d" % gone), 404)
        H.check_json_error(a.api("PUT", "/api/v1/organisations/%d" % gone,
                                 {"name": "x", "kind": "overig"}), 404)


API_BAD = [
    ("malformed", '{"name": "x",', 400, None),
    ("not an object", '["x"]', 400, None),
    ("unknown field", {"name": "Iets", "kind": "overig", "adres": "x"}, 400, "adres"),
    ("no name", {"kind": "overig"}, 400, "name"),
    ("empty name", {"name": "", "kind": "overig"}, 400, "name"),
    ("long name", {"name": "y" * 201, "kind": "overig"}, 400, "name"),
    ("name a number", {"name": 5, "kind": "overig"}, 400, "name"),
    ("unknown kind", {"name": "Iets", "kind": "Gemeente"}, 400, "kind"),
    ("kvk a number", {"name": "Iets", "kind": "overig", "kvk": 12345678}, 400, "kvk"),
    ("bad kvk", {"name": "Iets", "kind": "overig", "kvk": "1234 5678"}, 400, "kvk"),
    ("areas a string", {"name": "Iets", "kind": "overig", "areas": "E"}, 400, "areas"),
    ("areas numbers", {"name": "Iets", "kind": "overig", "areas": [1]}, 400, "areas"),
    ("unknown area", {"name": "Iets", "kind": "overig", "areas": ["E", "XX1"]},
     400, "areas"),
    ("duplicate name", {"name": "corporatie noord", "kind": "overig"}, 409, "name"),
    ("duplicate key", '{"name": "a", "name": "b", "kind": "overig"}', 400, None),
]


@test
def api_bad_input(srv):
    a = S["admin"]
    for what, body, status, field in API_BAD:
        with unchanged(srv, what):
            for method, path in (("POST", "/api/v1/organisations"),
                                 ("PUT", "/api/v1/organisations/%d" % S["oost"])):
                if what == "duplicate name" and method == "PUT":
                    continue
                r = a.api(method, path, body)
                H.check_json_error(r, status, field=field)
    r = a.api("POST", "/api/v1/organisations", '{\n "name": "x",\n  "kind": }')
    err = H.check_json_error(r, 400)
    H.contains(err["message"], "regel 3", "line of malformed JSON")
    H.contains(err["message"], "kolom", "column of malformed JSON")
    r = a.api("POST", "/api/v1/organisations", {"name": "Iets", "kind": "overig",
                                                 "areas": ["E", "XX1", "YY2"]})
    H.contains(H.check_json_error(r, 400)["message"], "XX1 YY2", "unknown codes named")
    with unchanged(srv, "content types"):
        for ctype in (None, "text/plain", "application/x-www-form-urlencoded"):
            r = a.api("POST", "/api/v1/organisations", {"name": "Iets", "kind": "overig"},
                      ctype=ctype)
            H.check_json_error(r, 415)
        r = srv.post_json("/api/v1/organisations", {"name": "Anoniem", "kind": "overig"})
        H.check_json_error(r, 401)
        check(r.header("WWW-Authenticate"), "401 without WWW-Authenticate")


@test
def public_api_has_no_personal_data(srv):
    for p in ("/api/v1/organisations", "/api/v1/organisations/%d" % S["oost"]):
        r = srv.get(p)
        eq(r.status, 200, p)
        H.not_contains(r.text, "@", p)
        H.not_contains(r.text, "created", p)


# --------------------------------------------------------------------------
# members and invitations

@test
def admin_invites_a_coordinator(srv):
    a, oid = S["admin"], S["oost"]
    r = a.post("/beheer/organisaties/%d/uitnodigen" % oid,
               {"email": "  Coor@Example.org ", "role": "coordinator"})
    eq(r.status, 303, "invite (body %r)" % r.body[:400])
    eq(location(r), "/beheer/organisaties/%d/leden?klaar=uitgenodigd" % oid)
    mail = mails_to("coor@example.org")[0]
    H.contains(mail.text(), "Buurtwerk Oost en Zuid")
    H.contains(mail.text(), "coördinator")
    H.contains(mail.text(), "7 dagen")
    eq(srv.query("SELECT kind, role, organisation_id FROM tokens WHERE email = ?",
                 ("coor@example.org",)), [("invite", "coordinator", oid)])
    eq(srv.query("SELECT CAST(ROUND((julianday(expires_at) - julianday(created_at))"
                 " * 24) AS INTEGER) FROM tokens WHERE email = ?",
                 ("coor@example.org",)), [(7 * 24,)], "hours the invitation works")
    link = link_in(mail)
    check(link.split("/")[-1] not in repr(srv.query("SELECT * FROM tokens")),
          "the token itself is stored")
    S["coor"] = choose_password(srv, link, "coor@example.org")
    eq(members_of(srv, oid), {"coor@example.org": "coordinator"})
    # the link works once
    eq(srv.get(link).status, 410, "invitation link used twice")
    r = S["coor"].get("/werk")
    H.contains(r.text, "Buurtwerk Oost en Zuid")


@test
def coordinator_invites_colleagues(srv):
    c, oid = S["coor"], S["oost"]
    r = c.api("POST", "/api/v1/organisations/%d/members" % oid,
              {"email": "mede@example.org", "role": "medewerker"})
    eq(r.status, 201, "API invite (body %r)" % r.body[:300])
    eq(r.json()["status"], "invited")
    S["mede"] = accept_invite(srv, "mede@example.org")
    eq(members_of(srv, oid)["mede@example.org"], "medewerker")
    r = c.get("/beheer/organisaties/%d/leden" % oid)
    eq(r.status, 200)
    H.contains(r.text, "mede@example.org")
    H.contains(r.text, 'action="/beheer/organisaties/%d/uitnodigen"' % oid)
    # a medewerker sees the members but no forms to change them
    r = S["mede"].get("/beheer/organisaties/%d/leden" % oid)
    eq(r.status, 200)
    H.contains(r.text, "coor@example.org")
    H.not_contains(r.text, "/uitnodigen")
    H.not_contains(r.text, "/rol\"")
    r = S["mede"].api("GET", "/api/v1/organisations/%d/members" % oid)
    eq(r.status, 200)
    eq(sorted(m["email"] for m in r.json()["members"]),
       ["coor@example.org", "mede@example.org"])


def consent_link_in(mail):
    m = re.search(r"http://[^/\s]+(/uitnodiging/[A-Za-z0-9_-]{22})", mail.text())
    check(m, "no consent link in mail %r" % mail.text())
    return m.group(1)


def accept_consent(session, nth):
    """The invited account accepts the nth mail to it (a consent link)."""
    path = consent_link_in(mails_to(session.email, nth)[nth - 1])
    eq(session.get(path).status, 200, "consent page")
    r = session.post(path, {"answer": "accept"})
    eq(r.status, 200, "accept (body %r)" % r.body[:300])


@test
def existing_account_is_asked_first(srv):
    # an account of another organisation gets a link to accept, and is no
    # member until it does; the inviter's answer is that of a new address
    a = S["admin"]
    r = a.api("POST", "/api/v1/organisations/%d/members" % S["noord"],
              {"email": "noord@example.org", "role": "coordinator"})
    eq(r.status, 201)
    S["noordc"] = accept_invite(srv, "noord@example.org")
    n_tokens = srv.query("SELECT COUNT(*) FROM tokens")[0][0]
    r = S["coor"].post("/beheer/organisaties/%d/uitnodigen" % S["oost"],
                       {"email": "NOORD@example.org", "role": "medewerker"})
    eq(r.status, 303)
    eq(location(r), "/beheer/organisaties/%d/leden?klaar=uitgenodigd" % S["oost"])
    eq(srv.query("SELECT COUNT(*) FROM tokens")[0][0], n_tokens + 1, "a new token")
    check("noord@example.org" not in members_of(srv, S["oost"]),
          "added without consent")
    mail = mails_to("noord@example.org", 2)[1]
    H.contains(mail.text(), "Buurtwerk Oost en Zuid")
    H.not_contains(mail.text(), "/wachtwoord/")
    accept_consent(S["noordc"], 2)
    eq(members_of(srv, S["oost"])["noord@example.org"], "medewerker")


@test
def inviting_a_member_again_is_409(srv):
    c, oid = S["coor"], S["oost"]
    for email in ("mede@example.org", "MEDE@example.org", "coor@example.org"):
        with unchanged(srv, "invite member %s" % email):
            n = len(SMTP.messages)
            r = c.post("/beheer/organisaties/%d/uitnodigen" % oid,
                       {"email": email, "role": "coordinator"})
            eq(r.status, 409, "page")
            H.contains(field_error(r.text, "email") or "", "al lid")
            r = c.api("POST", "/api/v1/organisations/%d/members" % oid,
                      {"email": email, "role": "medewerker"})
            err = H.check_json_error(r, 409, field="email")
            H.contains(err["fields"]["email"], "al lid")
            eq(len(SMTP.messages), n, "no mail")


@test
def invite_bad_input(srv):
    c, oid = S["coor"], S["oost"]
    cases = [({"email": "", "role": "medewerker"}, "email"),
             ({"email": "geen-adres", "role": "medewerker"}, "email"),
             ({"email": "a b@example.org", "role": "medewerker"}, "email"),
             ({"email": "x" * 250 + "@example.org", "role": "medewerker"}, "email"),
             ({"email": "ok@example.org", "role": "beheerder"}, "role"),
             ({"email": "ok@example.org"}, "role")]
    for fields, field in cases:
        with unchanged(srv, "invite %r" % fields):
            r = c.post("/beheer/organisaties/%d/uitnodigen" % oid, fields)
            eq(r.status, 400, "page %r" % fields)
            check(field_error(r.text, field), "no message at %s" % field)
            r = c.api("POST", "/api/v1/organisations/%d/members" % oid, fields)
            H.check_json_error(r, 400, field=field)
    with unchanged(srv, "invite unknown field"):
        r = c.api("POST", "/api/v1/organisations/%d/members" % oid,
                  {"email": "ok@example.org", "role": "medewerker", "org": 1})
        H.check_json_error(r, 400, field="org")


def account_id(srv, email):
    return srv.query("SELECT id FROM accounts WHERE email = ?", (email,))[0][0]


@test
def change_roles_and_last_coordinator(srv):
    c, oid = S["coor"], S["oost"]
    me = account_id(srv, "coor@example.org")
    mede = account_id(srv, "mede@example.org")
    # the only coordinator can neither step down nor leave
    for path, fields in (("/leden/%d/rol" % me, {"role": "medewerker"}),
                         ("/leden/%d/verwijderen" % me, {})):
        with unchanged(srv, "last coordinator " + path):
            r = c.post("/beheer/organisaties/%d%s" % (oid, path), fields)
            eq(r.status, 409, path)
            H.contains(r.text, "laatste coördinator")
    with unchanged(srv, "last coordinator by API"):
        r = c.api("DELETE", "/api/v1/organisations/%d/members/%d" % (oid, me))
        H.check_json_error(r, 409, message_has="laatste")
    with unchanged(srv, "bad role"):
        r = c.post("/beheer/organisaties/%d/leden/%d/rol" % (oid, mede),
                   {"role": "baas"})
        eq(r.status, 400)
    with unchanged(srv, "not a member"):
        r = c.post("/beheer/organisaties/%d/leden/%d/rol" % (oid, 999999),
                   {"role": "medewerker"})
        eq(r.status, 404)
    r = c.post("/beheer/organisaties/%d/leden/%d/rol" % (oid, mede),
               {"role": "coordinator"})
    eq(r.status, 303)
    eq(location(r), "/beheer/organisaties/%d/leden?klaar=rol" % oid)
    eq(members_of(srv, oid)["mede@example.org"], "coordinator")
    # now there are two: the first may step down
    r = c.post("/beheer/organisaties/%d/leden/%d/rol" % (oid, me), {"role": "medewerker"})
    eq(r.status, 303)
    eq(members_of(srv, oid)["coor@example.org"], "medewerker")
    # and as a medewerker may no longer change roles
    with unchanged(srv, "medewerker changes a role"):
        r = c.post("/beheer/organisaties/%d/leden/%d/rol" % (oid, me),
                   {"role": "coordinator"})
        eq(r.status, 403)
    # the new coordinator makes the first one coordinator again
    r = S["mede"].post("/beheer/organisaties/%d/leden/%d/rol" % (oid, me),
                       {"role": "coordinator"})
    eq(r.status, 303)


@test
def remove_members(srv):
    oid = S["oost"]
    noord = account_id(srv, "noord@example.org")
    r = S["mede"].api("DELETE", "/api/v1/organisations/%d/members/%d" % (oid, noord))
    eq(r.status, 204, "API remove (body %r)" % r.body[:200])
    check("noord@example.org" not in members_of(srv, oid), "still a member")
    eq(members_of(srv, S["noord"])["noord@example.org"], "coordinator",
       "the other membership stays")
    with unchanged(srv, "remove twice"):
        r = S["mede"].api("DELETE", "/api/v1/organisations/%d/members/%d" % (oid, noord))
        H.check_json_error(r, 404)
    # a coordinator of another organisation cannot touch this one
    with unchanged(srv, "other organisation"):
        r = S["noordc"].post("/beheer/organisaties/%d/leden/%d/verwijderen"
                             % (oid, account_id(srv, "mede@example.org")))
        eq(r.status, 403)
    # the admin may remove even the last coordinator (to clean up), and
    # the coordinator's own page shows it at once
    r = S["admin"].post("/beheer/organisaties/%d/leden/%d/verwijderen"
                        % (S["noord"], noord))
    eq(r.status, 303)
    eq(members_of(srv, S["noord"]), {})
    eq(S["noordc"].get("/beheer/organisaties/%d/leden" % S["noord"]).status, 403)
    # invite again, so that later tests have a coordinator of Noord: the
    # account accepts first
    r = S["admin"].post("/beheer/organisaties/%d/uitnodigen" % S["noord"],
                        {"email": "noord@example.org", "role": "coordinator"})
    eq(r.status, 303)
    eq(members_of(srv, S["noord"]), {})
    accept_consent(S["noordc"], 3)
    eq(members_of(srv, S["noord"]), {"noord@example.org": "coordinator"})


# --------------------------------------------------------------------------
# API keys

def key_hash(key):
    return hashlib.blake2b(key.encode() + b"\x1f", digest_size=16).hexdigest()


@test
def api_keys(srv):
    c, oid = S["mede"], S["oost"]  # a coordinator now
    r = c.get("/beheer/organisaties/%d/sleutels" % oid)
    eq(r.status, 200)
    boxes = {b.attrs["value"] for b in H.parse_html(r.text).find_all(
        "input", type="checkbox", name="scopes")}
    eq(boxes, {"member.list", "organisation.update", "signal.work", "kwestie.manage"}, "scopes offered")
    with unchanged(srv, "key without scopes"):
        r = c.post("/beheer/organisaties/%d/sleutels" % oid, {"name": "Koppeling"})
        eq(r.status, 400)
        check(field_error(r.text, "scopes"), "no message at scopes")
        r = c.post("/beheer/organisaties/%d/sleutels" % oid,
                   [("name", ""), ("scopes", "member.list")])
        eq(r.status, 400)
        check(field_error(r.text, "name"), "no message at name")
        r = c.post("/beheer/organisaties/%d/sleutels" % oid,
                   [("name", "x"), ("scopes", "audit.read")])
        eq(r.status, 400, "a scope that keys may not have")
    r = c.post("/beheer/organisaties/%d/sleutels" % oid,
               [("name", "Koppeling CRM"), ("scopes", "member.list")])
    eq(r.status, 201, "create key (body %r)" % r.body[:300])
    eq(r.header("Cache-Control"), "private, no-store")
    m = re.search(r'value="(wak_([0-9a-f]{8})_[A-Za-z0-9_-]{22})"', r.text)
    check(m, "key not shown")
    key, prefix = m.group(1), m.group(2)
    rows = srv.query("SELECT prefix, key_hash, scopes, revoked_at FROM api_keys"
                     " WHERE organisation_id = ?", (oid,))
    eq(rows, [(prefix, key_hash(key), "member.list", None)], "stored key")
    check(key.split("_", 2)[2] not in repr(srv.query("SELECT * FROM api_keys")),
          "secret stored")
    # shown once: the list shows only the prefix
    r = c.get("/beheer/organisaties/%d/sleutels" % oid)
    H.contains(r.text, prefix)
    H.not_contains(r.text, key)
    auth = {"Authorization": "Bearer " + key}
    r = srv.get("/api/v1/organisations/%d/members" % oid, headers=auth)
    eq(r.status, 200, "key reads members")
    eq(srv.get("/api/v1/organisations/%d/members" % S["noord"], headers=auth).status,
       403, "key of another organisation")
    with unchanged(srv, "key without the scope"):
        r = srv.post_json("/api/v1/organisations/%d/members" % oid,
                          {"email": "k@example.org", "role": "medewerker"}, headers=auth)
        H.check_json_error(r, 403)
    eq(srv.get("/api/v1/organisations/%d/members" % oid,
               headers={"Authorization": "Bearer " + key[:-1] + "x"}).status,
       401, "wrong secret")
    kid = srv.query("SELECT id FROM api_keys WHERE prefix = ?", (prefix,))[0][0]
    with unchanged(srv, "revoke without CSRF"):
        r = c.post("/beheer/organisaties/%d/sleutels/%d/intrekken" % (oid, kid),
                   csrf=False)
        eq(r.status, 403)
    r = c.post("/beheer/organisaties/%d/sleutels/%d/intrekken" % (oid, kid))
    eq(r.status, 303)
    eq(srv.get("/api/v1/organisations/%d/members" % oid, headers=auth).status, 401,
       "revoked key")
    with unchanged(srv, "revoke twice"):
        r = c.post("/beheer/organisaties/%d/sleutels/%d/intrekken" % (oid, kid))
        eq(r.status, 404)
    # keys are for coordinators and the admin
    eq(S["coor"].get("/beheer/organisaties/%d/sleutels" % S["noord"]).status, 403)


# --------------------------------------------------------------------------
# deleting, logging out

@test
def delete_organisation_by_form(srv):
    a = S["admin"]
    r = a.api("POST", "/api/v1/organisations", {"name": "Tijdelijk", "kind": "overig"})
    oid = r.json()["id"]
    with unchanged(srv, "coordinator deletes"):
        eq(S["mede"].post("/beheer/organisaties/%d/verwijderen" % S["oost"]).status, 403)
    r = a.post("/beheer/organisaties/%d/verwijderen" % oid)
    eq(r.status, 303)
    eq(location(r), "/beheer/organisaties?klaar=verwijderd")
    eq(srv.query("SELECT COUNT(*) FROM organisations WHERE id = ?", (oid,)), [(0,)])
    with unchanged(srv, "delete twice"):
        eq(a.post("/beheer/organisaties/%d/verwijderen" % oid).status, 404)


@test
def session_after_logout(srv):
    s = login(srv, "coor@example.org")
    eq(s.get("/beheer/organisaties/%d" % S["oost"]).status, 200)
    r = s.post("/logout")
    eq(r.status, 303)
    r = s.get("/beheer/organisaties/%d" % S["oost"])
    eq(r.status, 303, "page after logout")
    check(location(r).startswith("/login"), "redirect to %r" % location(r))
    with unchanged(srv, "writes after logout"):
        r = s.post("/beheer/organisaties/%d/uitnodigen" % S["oost"],
                   {"email": "laat@example.org", "role": "medewerker"})
        eq(r.status, 303)
        check(location(r).startswith("/login"), "redirect to %r" % location(r))
        r = s.api("GET", "/api/v1/organisations/%d/members" % S["oost"])
        H.check_json_error(r, 401)
        r = s.api("POST", "/api/v1/organisations", {"name": "x", "kind": "overig"})
        H.check_json_error(r, 401)


@test
def pages_escape_what_people_typed(srv):
    a = S["admin"]
    name = "<script>alert(1)</script> & \"Zoon\""
    r = a.api("POST", "/api/v1/organisations", {"name": name, "kind": "overig"})
    eq(r.status, 201)
    oid = r.json()["id"]
    for p in ("/beheer/organisaties", "/beheer/organisaties/%d" % oid,
              "/beheer/organisaties/%d/leden" % oid,
              "/beheer/organisaties/%d/sleutels" % oid, "/beheer/audit"):
        r = a.get(p)
        eq(r.status, 200, p)
        H.not_contains(r.text, "<script>alert", p)
        H.check_security_headers(r, p)
    eq(a.api("DELETE", "/api/v1/organisations/%d" % oid).status, 204)


DEMO = {"beheerder@demo.wijkagenda.nl": (True, {}),
        "coordinator@demo.wijkagenda.nl": (False, {"Stadsdeel West (demo)": "coordinator"}),
        "medewerker@demo.wijkagenda.nl": (False, {"Stadsdeel West (demo)": "medewerker"}),
        "corporatie@demo.wijkagenda.nl": (False, {
            "Woningcorporatie Thuis in West (demo)": "coordinator"})}


@test
def demo_accounts(srv):
    """serve --demo: the organisations and accounts the README lists, all
    marked as demo, with the documented password; a restart adds nothing."""
    import shutil
    import tempfile
    d = tempfile.mkdtemp(prefix="wijkagenda-demo-")
    try:
        counts = []
        for run in range(2):
            demo = H.Server(H.Ctx.args.binary, ["--demo"], db_dir=d).start()
            try:
                q = demo.query
                counts.append((q("SELECT COUNT(*) FROM organisations")[0][0],
                               q("SELECT COUNT(*) FROM accounts")[0][0],
                               q("SELECT COUNT(*) FROM memberships")[0][0]))
                got = {e: (bool(adm), bool(dm)) for e, adm, dm in q(
                    "SELECT email, is_admin, is_demo FROM accounts")}
                eq(got, {e: (DEMO[e][0], True) for e in DEMO},
                   "demo accounts (is demo_accounts_seed called by seed_demo?)")
                check(all(n.endswith("(demo)") and dm for n, dm in q(
                    "SELECT name, is_demo FROM organisations")), "organisations marked")
                for email, (admin, roles) in DEMO.items():
                    rows = q("SELECT o.name, m.role FROM memberships m JOIN accounts a"
                             " ON a.id = m.account_id JOIN organisations o"
                             " ON o.id = m.organisation_id WHERE a.email = ?", (email,))
                    eq(dict(rows), roles, "memberships of " + email)
                    if run == 0:
                        s = login(demo, email, "demo-wachtwoord-2026")
                        eq(s.get("/werk").status, 200, "log in as " + email)
            finally:
                demo.stop()
        eq(counts[1], counts[0], "a second start with --demo adds nothing")
        check(counts[0][0] >= 5, "a handful of organisations: %r" % (counts[0],))
    finally:
        shutil.rmtree(d, ignore_errors=True)


@test
def english_pages(srv):
    r = S["admin"].srv.get("/beheer/organisaties?lang=en", headers=S["admin"].h())
    eq(r.status, 200)
    eq(H.html_lang(r.text), "en")
    H.contains(r.text, "New organisation")


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port])
    finally:
        SMTP.stop()
