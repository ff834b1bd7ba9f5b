"""Professionals' signal pages: /werk/meldingen lists the signals of their
organisations (linked at intake to the stadsdeel whose area covers them),
without contact data; one signal's page shows the resident's contact data
only after a POST that writes an audit row per view; members of other
organisations and the beheerder without membership are refused.

Organisations, accounts and memberships are written straight into the
server's database (WAL; the server reads them per request), passwords are
chosen through "password" token rows inserted here, as a mailed link would.

    python3 tests/http/test_werk.py --binary build/wijkagenda
"""
import hashlib
import os
import re
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import cookie_headers as cookies, csrf_of  # noqa: E402
from harness import check, contains, eq, test  # noqa: E402

PASSWORD = "een-lang-genoeg-wachtwoord"
NOW = "2026-01-01T00:00:00.000Z"
EMAIL = "melder.werk@example.org"
PHONE = "020-7654321"

# account e-mail -> (organisation key, role)
PEOPLE = {
    "centrum@example.org": ("centrum", "medewerker"),
    "centrum.coord@example.org": ("centrum", "coordinator"),
    "noord@example.org": ("noord", "medewerker"),
    "corporatie@example.org": ("corporatie", "coordinator"),
}
ADMIN = "beheer.werk@example.org"

STATE = {"orgs": {}, "sid": {}, "signals": {}}


# --------------------------------------------------------------------------
# helpers

def token_hash(token):
    return hashlib.blake2b(token.encode() + b"\x1f", digest_size=16).hexdigest()


def writable(srv):
    return sqlite3.connect(srv.db_path, timeout=10)


def choose_password(srv, path):
    """Open a one-time password link, choose the password: logged in."""
    r = srv.get(path)
    eq(r.status, 200, "password page %s" % path)
    lc = cookies(r)["lc"][0]
    r = srv.post_form(path, {"csrf": csrf_of(r), "password": PASSWORD,
                             "password2": PASSWORD},
                      headers={"Cookie": "lc=" + lc})
    eq(r.status, 303, "password chosen (body %r)" % r.body[:300])
    return cookies(r)["sid"][0]


def add_org(con, name, kind, areas):
    cur = con.execute("INSERT INTO organisations (municipality, name, kind,"
                      " created_at, updated_at) VALUES ('GM0363', ?, ?, ?, ?)",
                      (name, kind, NOW, NOW))
    oid = cur.lastrowid
    for a in areas:
        con.execute("INSERT INTO organisation_areas (organisation_id,"
                    " municipality, area_code) VALUES (?, 'GM0363', ?)", (oid, a))
    return oid


def add_member(srv, con, email, org_id, role):
    cur = con.execute("INSERT INTO accounts (email, created_at) VALUES (?, ?)",
                      (email, NOW))
    aid = cur.lastrowid
    con.execute("INSERT INTO memberships (account_id, organisation_id, role,"
                " created_at) VALUES (?, ?, ?, ?)", (aid, org_id, role, NOW))
    tok = ("T%s" % aid).ljust(22, "a")[:22]
    con.execute("INSERT INTO tokens (token_hash, kind, email, account_id,"
                " created_at, expires_at) VALUES (?, 'password', ?, ?, ?,"
                " '2999-01-01T00:00:00.000Z')", (token_hash(tok), email, aid, NOW))
    return aid, "/wachtwoord/" + tok


def create_signal(srv, buurt, contact=True, prefix="werk"):
    body = {"text": H.uniq(prefix), "buurt": buurt}
    if contact:
        body.update(email=EMAIL, phone=PHONE, age_band="18-29")
    r = srv.post_json("/api/v1/signals", body)
    eq(r.status, 201, "create signal (%r)" % r.body[:200])
    tok = r.json()["token"]
    return srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]


def as_(srv, who, path):
    return srv.get(path, headers={"Cookie": "sid=" + STATE["sid"][who]})


def post_as(srv, who, path, fields):
    return srv.post_form(path, fields, headers={"Cookie": "sid=" + STATE["sid"][who]})


def views(srv, signal_id):
    return srv.query("SELECT actor_account_id, actor_label, entity FROM audit_log"
                     " WHERE action = 'signal.contact.view' AND entity_id = ?"
                     " ORDER BY id", (str(signal_id),))


def no_contact(text, what):
    for s in (EMAIL, PHONE, "melder.werk", "7654321"):
        H.not_contains(text, s, what)


# --------------------------------------------------------------------------
# tests

@test
def setup_organisations_and_people(srv):
    con = writable(srv)
    orgs = STATE["orgs"]
    orgs["centrum"] = add_org(con, "Stadsdeel Centrum (test)", "stadsdeel", ["A"])
    orgs["noord"] = add_org(con, "Stadsdeel Noord (test)", "stadsdeel", ["N"])
    # works in Centrum too, but is no municipal organisation: not linked
    # at intake
    orgs["corporatie"] = add_org(con, "Woningcorporatie (test)",
                                 "woningcorporatie", ["A", "N"])
    links = {}
    for email, (org, role) in PEOPLE.items():
        links[email] = add_member(srv, con, email, orgs[org], role)[1]
    con.commit()
    con.close()
    for email, link in links.items():
        STATE["sid"][email] = choose_password(srv, link)
    rc = subprocess.run([srv.binary, "admin", "create", "--email", ADMIN, "--db",
                         srv.db_path, "--base-url", "http://127.0.0.1:%d" % srv.port],
                        capture_output=True, text=True, timeout=60,
                        stdin=subprocess.DEVNULL)
    eq(rc.returncode, 0, "admin create (%s)" % rc.stderr)
    m = re.search(r"(/wachtwoord/[A-Za-z0-9_-]{22})\s*$", rc.stdout)
    check(m, "no link in %r" % rc.stdout)
    STATE["sid"][ADMIN] = choose_password(srv, m.group(1))


@test
def intake_links_signals_to_the_stadsdeel(srv):
    sig = STATE["signals"]
    sig["centrum"] = create_signal(srv, "AA01")
    sig["centrum_bare"] = create_signal(srv, "AA02", contact=False)
    sig["noord"] = create_signal(srv, "NA01")
    orgs = STATE["orgs"]
    rows = srv.query("SELECT signal_id, organisation_id FROM signal_organisations"
                     " WHERE signal_id IN (?, ?, ?) ORDER BY signal_id",
                     (sig["centrum"], sig["centrum_bare"], sig["noord"]))
    eq(rows, [(sig["centrum"], orgs["centrum"]), (sig["centrum_bare"], orgs["centrum"]),
              (sig["noord"], orgs["noord"])], "signal_organisations")


@test
def anonymous_goes_to_login(srv):
    sid = STATE["signals"]["centrum"]
    for path in ("/werk/meldingen", "/werk/meldingen/%d" % sid):
        r = srv.get(path)
        eq(r.status, 303, "anonymous " + path)
        check(r.header("Location", "").startswith("/login"), "to /login: %r"
              % r.header("Location"))
    r = srv.post_form("/werk/meldingen/%d/contact" % sid, {})
    eq(r.status, 303, "anonymous contact")
    check(r.header("Location", "").startswith("/login"), "to /login")
    no_contact(r.text, "anonymous contact")


@test
def list_shows_own_organisations_signals_without_contact_data(srv):
    sig = STATE["signals"]
    r = as_(srv, "centrum@example.org", "/werk/meldingen")
    eq(r.status, 200, "list")
    eq(r.header("Cache-Control"), "private, no-store", "Cache-Control")
    H.check_security_headers(r, "/werk/meldingen")
    page = r.text
    contains(page, 'href="/werk/meldingen/%d"' % sig["centrum"], "own signal")
    contains(page, 'href="/werk/meldingen/%d"' % sig["centrum_bare"], "own signal")
    H.not_contains(page, 'href="/werk/meldingen/%d"' % sig["noord"], "Noord's signal")
    contains(page, "Planciusbuurt-Noord", "buurt name")
    contains(page, "Centrum", "stadsdeel name")
    contains(page, "Ontvangen", "status")
    check(page.find("/werk/meldingen/%d\"" % sig["centrum_bare"]) <
          page.find("/werk/meldingen/%d\"" % sig["centrum"]), "newest first")
    no_contact(page, "list")
    r = as_(srv, "noord@example.org", "/werk/meldingen")
    contains(r.text, 'href="/werk/meldingen/%d"' % sig["noord"], "Noord's own")
    H.not_contains(r.text, 'href="/werk/meldingen/%d"' % sig["centrum"], "Centrum's")
    no_contact(r.text, "Noord's list")
    r = as_(srv, "corporatie@example.org", "/werk/meldingen")
    eq(r.status, 200, "an organisation without signals")
    H.not_contains(r.text, 'href="/werk/meldingen/', "no signals")


@test
def signal_page_hides_contact_until_asked(srv):
    sid = STATE["signals"]["centrum"]
    n = len(views(srv, sid))
    r = as_(srv, "centrum@example.org", "/werk/meldingen/%d" % sid)
    eq(r.status, 200, "signal page")
    eq(r.header("Cache-Control"), "private, no-store", "Cache-Control")
    no_contact(r.text, "signal page before the POST")
    contains(r.text, "Planciusbuurt-Noord", "place")
    contains(r.text, "Stadsdeel Centrum (test)", "involved organisation")
    contains(r.text, "vastgelegd", "says that views are logged")
    forms = H.parse_html(r.text).find_all("form", action="/werk/meldingen/%d/contact" % sid)
    eq(len(forms), 1, "the form to show contact data")
    eq(len(views(srv, sid)), n, "no audit row for the page itself")


@test
def contact_view_is_logged_each_time(srv):
    sid = STATE["signals"]["centrum"]
    who = "centrum@example.org"
    account = srv.query("SELECT id FROM accounts WHERE email = ?", (who,))[0][0]
    csrf = csrf_of(as_(srv, who, "/werk/meldingen/%d" % sid))
    n = len(views(srv, sid))
    r = post_as(srv, who, "/werk/meldingen/%d/contact" % sid, {})
    eq(r.status, 403, "without CSRF")
    no_contact(r.text, "refused contact")
    eq(len(views(srv, sid)), n, "no audit row for a refused view")
    for i in range(2):
        r = post_as(srv, who, "/werk/meldingen/%d/contact" % sid, {"csrf": csrf})
        eq(r.status, 200, "contact view %d" % i)
        eq(r.header("Cache-Control"), "private, no-store", "Cache-Control")
        contains(r.text, EMAIL, "e-mail shown")
        contains(r.text, PHONE, "phone shown")
        contains(r.text, "18-29", "age band shown")
        contains(r.text, "vastgelegd", "says the view is logged")
        eq(views(srv, sid)[n + i:], [(account, who, "signal")], "audit row of view %d" % i)
    r = as_(srv, who, "/werk/meldingen/%d" % sid)
    no_contact(r.text, "the page again, without POST")


@test
def coordinator_of_involved_organisation_may(srv):
    sid = STATE["signals"]["centrum"]
    who = "centrum.coord@example.org"
    r = as_(srv, who, "/werk/meldingen/%d" % sid)
    eq(r.status, 200, "signal page")
    n = len(views(srv, sid))
    r = post_as(srv, who, "/werk/meldingen/%d/contact" % sid, {"csrf": csrf_of(r)})
    eq(r.status, 200, "contact")
    contains(r.text, PHONE, "phone shown")
    eq(len(views(srv, sid)), n + 1, "logged")
    eq(views(srv, sid)[-1][1], who, "as the coordinator")


@test
def signal_without_contact_data(srv):
    sid = STATE["signals"]["centrum_bare"]
    who = "centrum@example.org"
    csrf = csrf_of(as_(srv, who, "/werk/meldingen/%d" % sid))
    r = post_as(srv, who, "/werk/meldingen/%d/contact" % sid, {"csrf": csrf})
    eq(r.status, 200, "contact view")
    contains(r.text, "geen contactgegevens", "says there are none")
    eq(len(views(srv, sid)), 1, "the attempt is logged too")


@test
def other_organisation_is_refused(srv):
    sid = STATE["signals"]["centrum"]
    n = len(views(srv, sid))
    for who in ("noord@example.org", "corporatie@example.org"):
        r = as_(srv, who, "/werk/meldingen/%d" % sid)
        eq(r.status, 403, "%s: signal page" % who)
        no_contact(r.text, "refused page")
        csrf = csrf_of(as_(srv, who, "/werk"))
        r = post_as(srv, who, "/werk/meldingen/%d/contact" % sid, {"csrf": csrf})
        eq(r.status, 403, "%s: contact" % who)
        no_contact(r.text, "refused contact")
    eq(len(views(srv, sid)), n, "no audit rows for refused views")
    # the signal of Noord is Noord's
    r = as_(srv, "noord@example.org", "/werk/meldingen/%d" % STATE["signals"]["noord"])
    eq(r.status, 200, "Noord's own signal")


@test
def admin_without_membership_is_refused(srv):
    sid = STATE["signals"]["centrum"]
    n = len(views(srv, sid))
    r = as_(srv, ADMIN, "/werk/meldingen")
    eq(r.status, 200, "the admin has a (empty) list")
    H.not_contains(r.text, 'href="/werk/meldingen/', "no signals for the admin")
    csrf = csrf_of(as_(srv, ADMIN, "/werk"))
    r = post_as(srv, ADMIN, "/werk/meldingen/%d/contact" % sid, {"csrf": csrf})
    eq(r.status, 403, "admin: contact")
    no_contact(r.text, "admin contact")
    r = as_(srv, ADMIN, "/werk/meldingen/%d" % sid)
    eq(r.status, 403, "admin: signal page")
    eq(len(views(srv, sid)), n, "no audit rows")


@test
def unknown_signal_is_refused_like_another(srv):
    for path in ("/werk/meldingen/999999", "/werk/meldingen/0", "/werk/meldingen/abc"):
        r = as_(srv, "centrum@example.org", path)
        eq(r.status, 403, path)


@test
def header_has_own_start_page_and_log_out_on_every_page(srv):
    """Signed in, every page's header links to /werk and has a log-out
    button; it logs out from a public page too.  Visitors see neither."""
    who = "noord@example.org"
    for path in ("/", "/sociale-kaart", "/melden", "/werk"):
        r = as_(srv, who, path)
        eq(r.status, 200, "%s signed in" % path)
        header = r.text.split("<main", 1)[0]
        contains(header, '<a href="/werk"', "%s: link to the own start page" % path)
        contains(header, 'action="/logout"', "%s: log-out form in the header" % path)
        eq(r.text.count('action="/logout"'), 1, "%s: one log-out button" % path)
    r = srv.get("/sociale-kaart")
    check('action="/logout"' not in r.text and 'href="/werk"' not in r.text,
          "a visitor's header has no log-out and no /werk")
    r = as_(srv, who, "/sociale-kaart")
    r = post_as(srv, who, "/logout", {"csrf": csrf_of(r)})
    check(r.status in (200, 303), "log out from the header: %d" % r.status)
    r = as_(srv, who, "/werk")
    check(r.status in (302, 303), "/werk after logging out: %d" % r.status)
    STATE["sid"].pop(who)


@test
def pages_of_fifty(srv):
    for i in range(55):
        create_signal(srv, "AA01", contact=False, prefix="pagina %d" % i)
    r = as_(srv, "centrum@example.org", "/werk/meldingen")
    ids1 = [int(x) for x in re.findall(r'href="/werk/meldingen/(\d+)"', r.text)]
    eq(len(ids1), 50, "first page")
    eq(ids1, sorted(ids1, reverse=True), "newest first")
    m = re.search(r'href="(/werk/meldingen\?voor=(\d+))"', r.text)
    check(m, "a link to older signals")
    eq(int(m.group(2)), ids1[-1], "voor = the last id shown")
    r = as_(srv, "centrum@example.org", m.group(1))
    eq(r.status, 200, "second page")
    ids2 = [int(x) for x in re.findall(r'href="/werk/meldingen/(\d+)"', r.text)]
    eq(len(ids2), 2 + 55 - 50, "second page: the rest")
    check(max(ids2) < min(ids1), "no overlap")
    check("?voor=" not in r.text, "no third page")
    for bad in ("abc", "-1", "0", "1e3", ""):
        r = as_(srv, "centrum@example.org", "/werk/meldingen?voor=" + bad)
        eq(r.status, 400, "voor=%r" % bad)


if __name__ == "__main__":
    H.main()
