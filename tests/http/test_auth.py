"""Professional accounts: the first beheerder from the command line, the
one-time link to choose a password, log in and out, session rotation and
timeouts, cookie attributes, CSRF, password reset by real mail (a real SMTP
server on loopback), open-redirect attempts, rate limits.

    python3 tests/http/test_auth.py --binary build/wijkagenda
"""
import os
import re
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import cookie_headers as cookies  # noqa: E402
from harness import check, contains, eq, test  # noqa: E402
from smtpd import SmtpServer  # noqa: E402

SMTP = SmtpServer(port=0)
SMTP.start()
PASSWORD = "een-lang-genoeg-wachtwoord"
ADMIN = "beheer@example.org"


def cli(srv, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([srv.binary] + list(args), capture_output=True, text=True,
                       timeout=60, env=env, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def admin_link(srv, email):
    rc, out, err = cli(srv, "admin", "create", "--email", email, "--db", srv.db_path,
                       "--base-url", "http://127.0.0.1:%d" % srv.port)
    eq(rc, 0, "admin create exit code (%s)" % err)
    m = re.search(r"(/wachtwoord/[A-Za-z0-9_-]{22})\s*$", out)
    check(m, "no link in %r" % out)
    return m.group(1)


def form_fields(resp):
    html = resp.text
    csrf = re.search(r'name="csrf" value="([^"]*)"', html)
    check(csrf, "no csrf field in %s" % html[:300])
    return csrf.group(1)


def post_form(srv, path, fields, cookie):
    return srv.post_form(path, fields, headers={"Cookie": cookie})


def choose_password(srv, link, pw=PASSWORD, pw2=None):
    r = srv.get(link)
    eq(r.status, 200, "password page")
    lc = cookies(r)["lc"][0]
    csrf = form_fields(r)
    return post_form(srv, link, {"csrf": csrf, "password": pw,
                                 "password2": pw if pw2 is None else pw2},
                     "lc=" + lc)


def login(srv, email, pw=PASSWORD, extra_cookie="", nxt=None):
    r = srv.get("/login")
    lc = cookies(r)["lc"][0]
    fields = {"csrf": form_fields(r), "email": email, "password": pw}
    if nxt is not None:
        fields["next"] = nxt
    cookie = "lc=" + lc + ("; " + extra_cookie if extra_cookie else "")
    return post_form(srv, "/login", fields, cookie)


def sid_of(resp):
    c = cookies(resp)
    check("sid" in c, "no session cookie in %r" % resp.headers_all("Set-Cookie"))
    return c["sid"][0]


def werk(srv, sid):
    return srv.get("/werk", headers={"Cookie": "sid=" + sid})


@test
def first_admin_chooses_password(srv):
    link = admin_link(srv, ADMIN)
    before = srv.checksum()
    r = choose_password(srv, link, pw="kort")
    eq(r.status, 400, "too short")
    contains(r.text, "12 tekens", "message")
    r = choose_password(srv, link, pw=PASSWORD, pw2=PASSWORD + "x")
    eq(r.status, 400, "not the same")
    eq(srv.checksum(), before, "nothing written by refused passwords")
    r = choose_password(srv, link)
    eq(r.status, 303, "password set")
    eq(r.header("Location"), "/werk", "goes to /werk")
    sid, attrs = cookies(r)["sid"]
    for a in ("HttpOnly", "SameSite=Lax", "Path=/"):
        contains(attrs, a, "session cookie attributes")
    check("Secure" not in attrs, "no Secure over plain http: %r" % attrs)
    r = werk(srv, sid)
    eq(r.status, 200, "/werk with the new session")
    contains(r.text, ADMIN, "/werk")
    eq(srv.get(link).status, 410, "the link works once")
    rows = srv.query("SELECT action FROM audit_log WHERE action = 'account.password'")
    check(len(rows) >= 1, "audit row for the password")


@test
def login_and_logout(srv):
    # public answers kept before: a session is on none of them
    kept = ["/open311/v2/requests.json", "/open311/v2/services.json"]
    for p in kept:
        srv.get(p)
        eq(srv.get(p).header("X-Cache"), "hit", "%s kept" % p)
    r = login(srv, ADMIN)
    eq(r.status, 303, "login")
    for p in kept:
        eq(srv.get(p).header("X-Cache"), "hit", "%s still kept after a log-in" % p)
    sid = sid_of(r)
    r = werk(srv, sid)
    eq(r.status, 200, "/werk")
    csrf = form_fields(r)
    r = post_form(srv, "/logout", {}, "sid=" + sid)
    eq(r.status, 403, "logout without CSRF token")
    eq(werk(srv, sid).status, 200, "still logged in after the refused logout")
    r = post_form(srv, "/logout", {"csrf": csrf}, "sid=" + sid)
    eq(r.status, 303, "logout")
    for p in kept:
        eq(srv.get(p).header("X-Cache"), "hit", "%s still kept after a log-out" % p)
    contains(r.header("Set-Cookie", ""), "Max-Age=0", "cookie cleared")
    r = werk(srv, sid)
    eq(r.status, 303, "session after logout")
    contains(r.header("Location", ""), "/login", "sent to /login")


@test
def wrong_password_and_unknown_account_look_the_same(srv):
    t0 = time.perf_counter()
    a = login(srv, ADMIN, pw="verkeerd-wachtwoord-123")
    ta = time.perf_counter() - t0
    t0 = time.perf_counter()
    b = login(srv, "niemand@example.org", pw="verkeerd-wachtwoord-123")
    tb = time.perf_counter() - t0
    eq(a.status, 401, "wrong password")
    eq(b.status, 401, "unknown account")
    msg = "Het e-mailadres of het wachtwoord klopt niet."
    contains(a.text, msg, "wrong password page")
    contains(b.text, msg, "unknown account page")
    check("sid" not in cookies(a) and "sid" not in cookies(b), "no session on failure")
    # both pay one argon2id verification (tens of milliseconds)
    check(min(ta, tb) > 0.02 and max(ta, tb) < 4 * min(ta, tb),
          "timings differ too much: %.3f s vs %.3f s" % (ta, tb))


@test
def login_form_needs_its_token(srv):
    before = srv.checksum()
    r = srv.post_form("/login", {"email": ADMIN, "password": PASSWORD})
    eq(r.status, 403, "no lc cookie / csrf")
    r = srv.post_form("/login", {"email": ADMIN, "password": PASSWORD, "csrf": "x" * 22},
                      headers={"Cookie": "lc=" + "y" * 22})
    eq(r.status, 403, "csrf does not match the cookie")
    eq(srv.checksum(), before, "no session written")


@test
def session_rotates_at_login(srv):
    old = sid_of(login(srv, ADMIN))
    new = sid_of(login(srv, ADMIN, extra_cookie="sid=" + old))
    check(new != old, "a new session id at login")
    eq(werk(srv, old).status, 303, "the session id from before login is dead")
    eq(werk(srv, new).status, 200, "the new one works")


@test
def idle_and_absolute_timeouts(srv):
    sid = sid_of(login(srv, ADMIN))
    eq(werk(srv, sid).status, 200, "fresh session")
    import sqlite3
    con = sqlite3.connect(srv.db_path, timeout=10)
    con.execute("UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00.000Z'")
    con.commit()
    eq(werk(srv, sid).status, 303, "idle session refused")
    sid = sid_of(login(srv, ADMIN))
    con.execute("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'")
    con.commit()
    con.close()
    eq(werk(srv, sid).status, 303, "session past its absolute timeout refused")


@test
def next_parameter_cannot_leave_the_site(srv):
    for nxt, want in (("//evil.example/x", "/werk"), ("https://evil.example", "/werk"),
                      ("/\\evil.example", "/werk"), ("/werk?x=1", "/werk?x=1")):
        r = login(srv, ADMIN, nxt=nxt)
        eq(r.status, 303, "login with next=%r" % nxt)
        eq(r.header("Location"), want, "Location for next=%r" % nxt)


@test
def password_reset_by_mail(srv):
    before_mail = len(SMTP.messages)
    other = sid_of(login(srv, ADMIN))
    r = srv.get("/wachtwoord-vergeten")
    lc = cookies(r)["lc"][0]
    csrf = form_fields(r)
    r = post_form(srv, "/wachtwoord-vergeten", {"csrf": csrf, "email": "niemand@example.org"},
                  "lc=" + lc)
    eq(r.status, 200, "unknown address")
    same = r.text
    # public answers kept before: the reset's token and mail are on none
    kept = ["/open311/v2/requests.json", "/open311/v2/services.json"]
    for p in kept:
        srv.get(p)
        eq(srv.get(p).header("X-Cache"), "hit", "%s kept" % p)
    r = post_form(srv, "/wachtwoord-vergeten", {"csrf": csrf, "email": ADMIN.upper()},
                  "lc=" + lc)
    eq(r.status, 200, "known address")
    eq(re.sub(r"\s+", " ", r.text), re.sub(r"\s+", " ", same), "the same answer")
    msgs = SMTP.wait_for(before_mail + 1, 20)
    for p in kept:
        eq(srv.get(p).header("X-Cache"), "hit", "%s still kept after a reset mail" % p)
    time.sleep(0.5)
    eq(len(SMTP.messages), before_mail + 1, "exactly one mail (none for the unknown address)")
    m = msgs[-1]
    eq(m.rcpt_tos, [ADMIN], "recipient")
    link = re.search(r"http://127\.0\.0\.1:\d+(/wachtwoord/[A-Za-z0-9_-]{22})", m.text())
    check(link, "no link in the mail: %r" % m.text())
    new_pw = PASSWORD + "-nieuw"
    r = choose_password(srv, link.group(1), pw=new_pw)
    eq(r.status, 303, "new password set")
    eq(werk(srv, other).status, 303, "other sessions end when the password changes")
    eq(login(srv, ADMIN).status, 401, "old password refused")
    eq(login(srv, ADMIN, pw=new_pw).status, 303, "new password works")
    # back to the known password for the other tests
    r = post_form(srv, "/wachtwoord-vergeten", {"csrf": csrf, "email": ADMIN}, "lc=" + lc)
    m = SMTP.wait_for(before_mail + 2, 20)[-1]
    link = re.search(r"(/wachtwoord/[A-Za-z0-9_-]{22})", m.text()).group(1)
    eq(choose_password(srv, link).status, 303, "password restored")


@test
def mail_text_has_no_secrets_in_the_log(srv):
    log = srv.log_text()
    check("/wachtwoord/" not in log.replace("/wachtwoord/{token}", ""),
          "a one-time link leaked into the log")
    check(ADMIN not in log, "an e-mail address in the log")


@test
def rate_limited_login_and_secure_cookies(srv):
    other = H.Server(H.Ctx.args.binary, ["--rate-login", "3",
                                         "--base-url", "https://wijkagenda.example"])
    try:
        other.start(60)
        r = other.get("/login")
        contains(cookies(r)["lc"][1], "Secure", "cookies behind TLS carry Secure")
        # per client address: 3 a minute (different accounts)
        statuses = [login(other, "iemand%d@example.org" % i, pw="fout-wachtwoord-1234").status
                    for i in range(5)]
        eq(statuses[:3], [401, 401, 401], "first attempts from one address")
        eq(statuses[3:], [429, 429], "then rate limited")
        r = login(other, "iemand@example.org", pw="fout-wachtwoord-1234")
        check(int(r.header("Retry-After", "0")) >= 1, "Retry-After: %r" % r.header("Retry-After"))
    finally:
        other.stop()
        other.cleanup()


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port,
                           "--mail-from", "noreply@wijkagenda.example"])
    finally:
        SMTP.stop()
