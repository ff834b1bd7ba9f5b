"""Residents' "mijn meldingen": a magic link by real mail (a real SMTP
server on loopback), the private list of one's own signals with one's own
contact data, changing and deleting those data (checked in the database
and the audit log), links that work once and expire, the same answer
whether or not an address has signals, CSRF, rate limits, and a resident
session that reaches nothing of the professionals.

    python3 tests/http/test_mijn.py --binary build/wijkagenda
"""
import datetime
import hashlib
import os
import re
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import cookie_headers as cookies, csrf_of  # noqa: E402
from harness import check, contains, eq, test  # noqa: E402
from smtpd import SmtpServer  # noqa: E402

SMTP = SmtpServer(port=0)
SMTP.start()

RESIDENT = "bewoner.mijn@example.org"
NEW_ADDRESS = "nieuw.adres@example.org"
OTHER = "buurman.mijn@example.org"
NOBODY = "niemand.mijn@example.org"
PHONE = "020-5551234"
OTHER_PHONE = "0687654321"

STATE = {"tokens": [], "other_token": None, "ids": [], "other_id": None}


# --------------------------------------------------------------------------
# helpers

def token_hash(token):
    """src/base/token.c token_hash_parts: BLAKE2b-128 of the parts, each
    followed by 0x1f."""
    return hashlib.blake2b(token.encode() + b"\x1f", digest_size=16).hexdigest()


def writable(srv):
    return sqlite3.connect(srv.db_path, timeout=10)


def create_signal(srv, email=None, phone=None, age_band=None, prefix="mijn"):
    body = {"text": H.uniq(prefix), "buurt": "AA01"}
    if email:
        body["email"] = email
    if phone:
        body["phone"] = phone
    if age_band:
        body["age_band"] = age_band
    r = srv.post_json("/api/v1/signals", body)
    eq(r.status, 201, "create signal (%r)" % r.body[:200])
    tok = r.json()["token"]
    sid = srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]
    return tok, sid


def ask_link(srv, email, headers=None):
    """GET /mijn for the form token, then POST the address."""
    r = srv.get("/mijn", headers=headers)
    eq(r.status, 200, "GET /mijn")
    lc = cookies(r)["lc"][0]
    h = {"Cookie": "lc=" + lc}
    h.update(headers or {})
    return srv.post_form("/mijn", {"csrf": csrf_of(r), "email": email}, headers=h)


def magic_path(msg):
    m = re.search(r"http://127\.0\.0\.1:\d+(/mijn/[A-Za-z0-9_-]{22})\b", msg.text())
    check(m, "no magic link in the mail: %r" % msg.text())
    return m.group(1)


def mail_link(srv, email):
    """Ask for a link and return its path from the mail that arrives."""
    n = len(SMTP.messages)
    r = ask_link(srv, email)
    eq(r.status, 200, "ask for a link")
    msgs = SMTP.wait_for(n + 1, 20)
    check(len(msgs) > n, "no mail arrived for %s" % email)
    m = msgs[-1]
    eq(m.rcpt_tos, [email], "recipient")
    return magic_path(m)


def confirm_form(srv, path):
    """GET of a mailed link: a page with one button posting to the link;
    returns the form's fields and the form-token cookie."""
    r = srv.get(path)
    eq(r.status, 200, "open the magic link (body %r)" % r.body[:300])
    eq(r.header("Cache-Control"), "private, no-store", "Cache-Control of the link's page")
    check("sid" not in cookies(r), "no session from opening the link")
    forms = H.parse_html(r.text).find_all("form", action=path)
    eq(len(forms), 1, "one form posting to the link")
    return {"csrf": csrf_of(r)}, {"Cookie": "lc=" + cookies(r)["lc"][0]}


def open_link(srv, path):
    fields, headers = confirm_form(srv, path)
    r = srv.post_form(path, fields, headers=headers)
    eq(r.status, 303, "the button uses the link (body %r)" % r.body[:300])
    eq(r.header("Location"), "/mijn/meldingen", "Location")
    sid, attrs = cookies(r)["sid"]
    for a in ("HttpOnly", "SameSite=Lax", "Path=/"):
        contains(attrs, a, "session cookie")
    return sid


def mijn(srv, sid, path="/mijn/meldingen"):
    return srv.get(path, headers={"Cookie": "sid=" + sid})


def post(srv, sid, path, fields):
    return srv.post_form(path, fields, headers={"Cookie": "sid=" + sid})


def contact_rows(srv, ids):
    q = ",".join("?" * len(ids))
    return srv.query("SELECT signal_id, email, phone, age_band, anonymised_at"
                     " FROM signal_contacts WHERE signal_id IN (%s)"
                     " ORDER BY signal_id" % q, tuple(ids))


def audit(srv, action):
    return srv.query("SELECT actor_label, entity, entity_id, detail,"
                     " actor_account_id FROM audit_log WHERE action = ?"
                     " ORDER BY id", (action,))


# --------------------------------------------------------------------------
# tests

@test
def signals_with_contact_data(srv):
    # one address typed in two ways: matching ignores case
    for email in (RESIDENT, RESIDENT.upper()):
        tok, sid = create_signal(srv, email, PHONE, "30-44")
        STATE["tokens"].append(tok)
        STATE["ids"].append(sid)
    STATE["other_token"], STATE["other_id"] = create_signal(
        srv, OTHER, OTHER_PHONE, "65-79", prefix="buurman")
    create_signal(srv, prefix="anoniem")


@test
def request_page(srv):
    r = srv.get("/mijn")
    eq(r.status, 200, "GET /mijn")
    eq(r.header("Cache-Control"), "private, no-store", "Cache-Control")
    H.check_security_headers(r, "/mijn")
    doc = H.parse_html(r.text)
    forms = doc.find_all("form", action="/mijn")
    eq(len(forms), 1, "one form posting to /mijn")
    check(forms[0].find_all("input", name="email"), "an e-mail field")
    check("lc" in cookies(r), "form token cookie")
    r = srv.get("/mijn?lang=en")
    contains(r.text, "Send me a link", "in English")


@test
def request_needs_form_token_and_address(srv):
    before = srv.checksum()
    r = srv.post_form("/mijn", {"email": RESIDENT})
    eq(r.status, 403, "no form token")
    r = srv.post_form("/mijn", {"email": RESIDENT, "csrf": "x" * 22},
                      headers={"Cookie": "lc=" + "y" * 22})
    eq(r.status, 403, "form token does not match")
    r = ask_link(srv, "geen-adres")
    eq(r.status, 400, "not an address")
    check(H.parse_html(r.text).by_id("f-email-error"), "message next to the field")
    eq(srv.checksum(), before, "nothing written")


@test
def same_answer_and_mail_only_for_known_addresses(srv):
    H.outbox_settled(srv)
    n = len(SMTP.messages)
    before_tokens = srv.query("SELECT COUNT(*) FROM tokens")[0][0]
    unknown = ask_link(srv, NOBODY)
    eq(unknown.status, 200, "unknown address")
    contains(unknown.text, "Als er meldingen bij dit adres horen", "answer")
    known = ask_link(srv, "  " + RESIDENT.upper() + " ")
    eq(known.status, 200, "known address")
    strip = lambda t: re.sub(r"\s+", " ", t)  # noqa: E731
    eq(strip(known.text), strip(unknown.text), "the same answer either way")
    eq(known.header("Cache-Control"), "private, no-store", "Cache-Control")
    msgs = SMTP.wait_for(n + 1, 20)
    time.sleep(1.0)
    eq(len(SMTP.messages), n + 1, "one mail, none for the unknown address")
    eq(msgs[-1].rcpt_tos, [RESIDENT], "to the known address, in lower case")
    magic_path(msgs[-1])
    contains(re.sub(r"\s+", " ", msgs[-1].text()), "de link werkt 2 uur en één keer",
             "the mail says how long the link works")
    # Times are stored as ISO 8601 UTC text: compared as text on both
    # backends, so the bounds are made here, not in dialect SQL.
    now = datetime.datetime.now(datetime.timezone.utc)
    iso = lambda m: (now + datetime.timedelta(minutes=m)).strftime(  # noqa: E731
        "%Y-%m-%dT%H:%M:%S.000Z")
    rows = srv.query("SELECT kind, email, expires_at FROM tokens"
                     " ORDER BY created_at DESC LIMIT 1")
    eq(rows[0][:2], ("magic", RESIDENT), "the newest token is the magic one")
    check(iso(115) < rows[0][2] < iso(121),
          "a magic token valid two hours: expires %s" % rows[0][2])
    eq(srv.query("SELECT COUNT(*) FROM tokens")[0][0], before_tokens + 1,
       "one token row")


@test
def whole_flow_list_shows_own_signals_and_data(srv):
    path = mail_link(srv, RESIDENT)
    # a link checker's HEAD does not use the link up
    r = srv.request("HEAD", path)
    eq(r.status, 200, "HEAD of the link")
    check("sid" not in cookies(r), "no session from HEAD")
    sid = open_link(srv, path)
    STATE["sid"] = sid
    r = mijn(srv, sid)
    eq(r.status, 200, "/mijn/meldingen")
    eq(r.header("Cache-Control"), "private, no-store", "Cache-Control")
    H.check_security_headers(r, "/mijn/meldingen")
    page = r.text
    for tok in STATE["tokens"]:
        contains(page, 'href="/m/%s"' % tok, "tracking link")
    # newest first
    check(page.find(STATE["tokens"][1]) < page.find(STATE["tokens"][0]),
          "newest signal first")
    contains(page, PHONE, "own phone number")
    contains(page, "30-44", "own age band")
    contains(page, RESIDENT, "own address")
    H.not_contains(page, STATE["other_token"], "someone else's signal")
    H.not_contains(page, OTHER, "someone else's address")
    H.not_contains(page, OTHER_PHONE, "someone else's phone")
    doc = H.parse_html(page)
    check(doc.find_all("form", action="/mijn/contact"), "contact form")
    check(doc.find_all("form", action="/mijn/wissen"), "delete form")
    header = page.split("<main", 1)[0]
    contains(header, '<a href="/mijn/meldingen" aria-current="page">',
             "the header links to the resident's own list")
    eq(page.count('action="/logout"'), 1, "one log-out button, in the header")
    contains(header, 'action="/logout"', "log out from the header")
    # /mijn itself now leads to the list
    r = mijn(srv, sid, "/mijn")
    eq(r.status, 303, "/mijn with a resident session")


@test
def link_works_once_even_when_raced(srv):
    path = mail_link(srv, RESIDENT)
    # Mail scanners and previews open the link first: nothing used up.
    for _ in range(3):
        eq(srv.get(path).status, 200, "GET of the link before the click")
    fields, headers = confirm_form(srv, path)
    statuses = H.threads_run(6, lambda i: srv.post_form(path, fields,
                                                        headers=headers).status)
    eq(sorted(statuses), [303] + [410] * 5, "six concurrent uses of one link")
    r = srv.get(path)
    eq(r.status, 410, "used again later")
    contains(r.text, "verlopen of al gebruikt", "clear message")
    check(H.parse_html(r.text).find_all("a", href="/mijn"), "a way to ask again")
    check("sid" not in cookies(r), "no session from a used link")


@test
def the_button_needs_the_form_token(srv):
    path = mail_link(srv, RESIDENT)
    fields, headers = confirm_form(srv, path)
    for f, h, what in (({}, headers, "no token"),
                       (fields, {}, "no cookie"),
                       ({"csrf": "y" * 22}, headers, "another token")):
        r = srv.post_form(path, f, headers=h)
        eq(r.status, 403, what)
        check("sid" not in cookies(r), "no session (%s)" % what)
    eq(srv.query("SELECT COUNT(*) FROM tokens WHERE email = ? AND kind = 'magic'"
                 " AND used_at IS NULL", (RESIDENT,))[0][0] >= 1, True,
       "the link is still unused after refused posts")
    open_link(srv, path)


@test
def expired_and_unknown_links(srv):
    tok = "E" * 21 + "x"
    con = writable(srv)
    con.execute("INSERT INTO tokens (token_hash, kind, email, created_at,"
                " expires_at) VALUES (?, 'magic', ?, '2020-01-01T00:00:00.000Z',"
                " '2020-01-01T02:00:00.000Z')", (token_hash(tok), RESIDENT))
    # a live token of another kind does not open mijn meldingen
    pw = "P" * 21 + "x"
    con.execute("INSERT INTO tokens (token_hash, kind, email, created_at,"
                " expires_at) VALUES (?, 'password', ?, '2020-01-01T00:00:00.000Z',"
                " '2999-01-01T00:00:00.000Z')", (token_hash(pw), RESIDENT))
    con.commit()
    con.close()
    for path, what in (("/mijn/" + tok, "expired"), ("/mijn/" + pw, "other kind"),
                       ("/mijn/" + "U" * 22, "unknown"), ("/mijn/kort", "malformed")):
        r = srv.get(path)
        eq(r.status, 410, what)
        contains(r.text, "verlopen of al gebruikt", what)
        check("sid" not in cookies(r), "no session (%s)" % what)
        r = srv.post_form(path, {"csrf": "x" * 22}, headers={"Cookie": "lc=" + "x" * 22})
        eq(r.status, 410, "%s, posted" % what)
        check("sid" not in cookies(r), "no session from a post (%s)" % what)
    eq(srv.query("SELECT used_at FROM tokens WHERE token_hash = ?",
                 (token_hash(tok),)), [(None,)], "expired token not marked used")


@test
def resident_session_reaches_nothing_professional(srv):
    sid = STATE["sid"]
    for path in ("/werk", "/werk/meldingen", "/werk/meldingen/%d" % STATE["ids"][0],
                 "/beheer/organisaties", "/beheer/audit"):
        r = mijn(srv, sid, path)
        check(r.status in (303, 401, 403, 404), "%s -> %d" % (path, r.status))
        H.not_contains(r.text, PHONE, path)
        if r.status == 303:
            contains(r.header("Location", ""), "/login", path)
    r = post(srv, sid, "/werk/meldingen/%d/contact" % STATE["ids"][0], {})
    check(r.status in (303, 403), "contact of professionals -> %d" % r.status)
    H.not_contains(r.text, PHONE, "professional contact page")


@test
def resident_pages_need_a_resident_session(srv):
    for path in ("/mijn/meldingen",):
        r = srv.get(path)
        eq(r.status, 303, "anonymous " + path)
    r = srv.post_form("/mijn/contact", {"phone": "0201111111"})
    eq(r.status, 303, "anonymous POST /mijn/contact")
    r = srv.post_form("/mijn/wissen", {})
    eq(r.status, 303, "anonymous POST /mijn/wissen")
    r = mijn(srv, "A" * 22)
    eq(r.status, 303, "made-up session id")


@test
def csrf_missing_is_403(srv):
    sid = STATE["sid"]
    before = srv.checksum()
    r = post(srv, sid, "/mijn/contact", {"email": RESIDENT, "phone": "0201111111"})
    eq(r.status, 403, "contact change without CSRF")
    r = post(srv, sid, "/mijn/contact", {"email": RESIDENT, "phone": "0201111111",
                                         "csrf": "x" * 22})
    eq(r.status, 403, "contact change with a wrong CSRF token")
    r = post(srv, sid, "/mijn/wissen", {})
    eq(r.status, 403, "delete without CSRF")
    eq(srv.checksum(), before, "nothing changed")
    eq(mijn(srv, sid).status, 200, "still signed in")


@test
def invalid_contact_data_get_messages_next_to_fields(srv):
    sid = STATE["sid"]
    csrf = csrf_of(mijn(srv, sid))
    before = srv.checksum()
    for fields, bad in (({"email": "geen-adres", "phone": PHONE}, "email"),
                        ({"email": RESIDENT, "phone": "bel me"}, "phone"),
                        ({"email": RESIDENT, "age_band": "oud"}, "age_band"),
                        ({"email": "", "phone": PHONE}, "email")):
        fields = dict(fields, csrf=csrf)
        r = post(srv, sid, "/mijn/contact", fields)
        eq(r.status, 400, "invalid %s" % bad)
        doc = H.parse_html(r.text)
        check(doc.by_id("f-%s-error" % bad), "message next to %s" % bad)
        check(doc.find_all("div", class_="wa-error-summary"), "error summary")
        eq(r.header("Cache-Control"), "private, no-store", "Cache-Control")
    eq(srv.checksum(), before, "nothing changed")


@test
def change_phone_and_age_band(srv):
    sid = STATE["sid"]
    ids = STATE["ids"]
    csrf = csrf_of(mijn(srv, sid))
    other_before = contact_rows(srv, [STATE["other_id"]])
    n_audit = len(audit(srv, "contact.update"))
    r = post(srv, sid, "/mijn/contact", {"csrf": csrf, "email": RESIDENT,
                                         "phone": " 06-11122233 ", "age_band": "45-64"})
    eq(r.status, 303, "saved (body %r)" % r.body[:300])
    eq(r.header("Location"), "/mijn/meldingen?opgeslagen=1", "back to the list")
    rows = contact_rows(srv, ids)
    # the address as typed now, for every signal
    for sid_, email, phone, age, anon in rows:
        eq((email, phone, age, anon), (RESIDENT, "06-11122233", "45-64", None),
           "contact of signal %d" % sid_)
    eq(contact_rows(srv, [STATE["other_id"]]), other_before, "others untouched")
    new = audit(srv, "contact.update")[n_audit:]
    eq(sorted(int(a[2]) for a in new), sorted(ids), "one audit row per signal")
    for label, entity, _, detail, account in new:
        eq((label, entity, account), ("resident", "signal", None), "audit actor")
        contains(detail, "phone", "audit detail names the field")
        H.not_contains(detail, "06-11122233", "audit detail holds no values")
    r = mijn(srv, sid, "/mijn/meldingen?opgeslagen=1")
    contains(r.text, "opgeslagen", "confirmation")
    contains(r.text, "06-11122233", "new phone shown")
    # the same again changes nothing and writes no audit row
    r = post(srv, sid, "/mijn/contact", {"csrf": csrf, "email": RESIDENT,
                                         "phone": "06-11122233", "age_band": "45-64"})
    eq(r.status, 303, "unchanged")
    eq(len(audit(srv, "contact.update")), n_audit + len(ids), "no audit without change")


@test
def change_email_ends_session_and_moves_signals(srv):
    sid = STATE["sid"]
    ids = STATE["ids"]
    csrf = csrf_of(mijn(srv, sid))
    r = post(srv, sid, "/mijn/contact", {"csrf": csrf, "email": NEW_ADDRESS,
                                         "phone": "06-11122233", "age_band": "45-64"})
    eq(r.status, 200, "saved")
    contains(r.text, "nieuwe link", "explains how to get back in")
    contains(r.header("Set-Cookie", ""), "Max-Age=0", "session cookie cleared")
    eq([row[1] for row in contact_rows(srv, ids)], [NEW_ADDRESS] * 2, "new address stored")
    eq(mijn(srv, sid).status, 303, "the old session is gone")
    # the old address has nothing any more: no mail, the same answer
    n = len(SMTP.messages)
    eq(ask_link(srv, RESIDENT).status, 200, "old address")
    time.sleep(1.5)
    eq(len(SMTP.messages), n, "no mail for the old address")
    STATE["sid"] = open_link(srv, mail_link(srv, NEW_ADDRESS))
    r = mijn(srv, STATE["sid"])
    for tok in STATE["tokens"]:
        contains(r.text, tok, "signals under the new address")


@test
def delete_contact_data(srv):
    sid = STATE["sid"]
    ids = STATE["ids"]
    csrf = csrf_of(mijn(srv, sid))
    other_before = contact_rows(srv, [STATE["other_id"]])
    r = post(srv, sid, "/mijn/wissen", {"csrf": csrf})
    eq(r.status, 200, "deleted (body %r)" % r.body[:300])
    contains(r.text, "gewist", "confirmation")
    contains(r.header("Set-Cookie", ""), "Max-Age=0", "session cookie cleared")
    for sid_, email, phone, age, anon in contact_rows(srv, ids):
        eq((email, phone, age), (None, None, "45-64"),
           "signal %d: e-mail and phone blank, age band kept" % sid_)
        check(anon and anon.startswith("20"), "anonymised_at set: %r" % anon)
    eq(contact_rows(srv, [STATE["other_id"]]), other_before, "others untouched")
    rows = audit(srv, "contact.delete")
    eq(sorted(int(a[2]) for a in rows), sorted(ids), "one audit row per signal")
    check(all(a[0] == "resident" and a[1] == "signal" for a in rows), "audit actor")
    eq(mijn(srv, sid).status, 303, "session ended")
    n = len(SMTP.messages)
    eq(ask_link(srv, NEW_ADDRESS).status, 200, "asking again")
    time.sleep(1.5)
    eq(len(SMTP.messages), n, "no mail: no signal carries the address any more")


@test
def rate_limits(srv):
    other = H.Server(H.Ctx.args.binary, ["--rate-mail", "2", "--trusted-proxy", "127.0.0.1"])
    try:
        other.start(60)
        # per client address: 2 a minute, whatever the address asked for
        st = [ask_link(other, "a%d@example.org" % i,
                       {"X-Forwarded-For": "192.0.2.7"}).status for i in range(4)]
        eq(st[:2], [200, 200], "first requests")
        eq(st[2:], [429, 429], "then limited per client")
        r = ask_link(other, "z@example.org", {"X-Forwarded-For": "192.0.2.7"})
        check(int(r.header("Retry-After", "0")) >= 1, "Retry-After %r" % r.header("Retry-After"))
        # per address: a few, even from many clients
        st = [ask_link(other, "zelfde@example.org",
                       {"X-Forwarded-For": "198.51.100.%d" % i}).status for i in range(6)]
        check(st[0] == 200 and st[-1] == 429, "per address: %r" % st)
    finally:
        other.stop()
        other.cleanup()


@test(after_stop=True)
def log_holds_no_addresses_nor_links(srv):
    log = srv.log_text()
    for s in (RESIDENT, NEW_ADDRESS, OTHER, PHONE, "bewoner.mijn", "nieuw.adres"):
        H.not_contains(log, s, "server log")
    check(re.search(r"/mijn/[A-Za-z0-9_-]{22}", log) is None, "a magic link in the log")
    for tok in STATE["tokens"]:
        H.not_contains(log, tok, "server log")


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port,
                           "--mail-from", "noreply@wijkagenda.example"])
    finally:
        SMTP.stop()
