"""Notifications: a reporter's choice at intake, the direct mail after a
kwestie changes (with List-Unsubscribe headers, read from the real mail
of the SMTP sink), the daily digest (the job run now by `wijkagenda
notify daily`), the settings page, one-click unsubscribe (RFC 8058:
POST without session or form token; GET changes nothing), forged and
used links, and bounces (550 to RCPT TO marks the address, no new mail
is queued to it, choosing again clears it; `wijkagenda bounce`).

    python3 tests/http/test_notify.py --binary build/wijkagenda
"""
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, contains, eq, test  # noqa: E402
from smtpd import SmtpServer  # noqa: E402

SMTP = SmtpServer(port=0)
SMTP.start()

DEMO_PASSWORD = "demo-wachtwoord-2026"  # src/seed/demo_accounts.h
TOKEN = r"[A-Za-z0-9_-]{22}"
S = {}


def api(srv, method, path, obj):
    h = {"Cookie": "sid=" + S["sid"], "X-CSRF-Token": S["csrf"],
         "Content-Type": "application/json"}
    return srv.request(method, path, body=json.dumps(obj), headers=h)


def run_job(srv, job):
    r = subprocess.run([srv.binary, "notify", job, "--db", srv.db_path,
                        "--base-url", "http://127.0.0.1:%d" % srv.port],
                       capture_output=True, text=True, timeout=60)
    eq(r.returncode, 0, "notify %s (stderr %r)" % (job, r.stderr))
    return r.stdout


def mails_to(addr, after=0):
    return [m for m in list(SMTP.messages)[after:] if addr in m.rcpt_tos]


def wait_mail(addr, after, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        got = mails_to(addr, after)
        if got:
            return got[0]
        time.sleep(0.1)
    raise H.Failure("no mail to %s within %d s" % (addr, timeout))


def report(srv, email, notify=None):
    body = {"text": H.uniq("melding") + ": losse stoeptegels",
            "buurt": S["buurt"], "category": "afval/grofvuil", "email": email}
    if notify:
        body["notify"] = notify
    r = srv.post_json("/api/v1/signals", body)
    eq(r.status, 201, "report (body %r)" % r.body[:300])
    return srv.query("SELECT id FROM signals WHERE token = ?", (r.json()["token"],))[0][0]


def make_kwestie(srv, sig):
    r = api(srv, "POST", "/api/v1/kwesties",
            {"title": "Losse stoeptegels", "description": "Tegels liggen los.",
             "area": S["buurt"], "level": "buurt", "level_reason": "Een straat.",
             "signals": [sig], "chain": [{"organisation": S["west"], "role": "regisseur"}],
             "status": "opgepakt"})
    eq(r.status, 201, "kwestie (body %r)" % r.body[:300])
    return r.json()


def links(m):
    t = m.text()
    p = re.search(r"http://[^/\s]+(/meldingen-instellen/%s)\b" % TOKEN, t)
    u = re.search(r"http://[^/\s]+(/afmelden/%s)\b" % TOKEN, t)
    check(p and u, "no settings or unsubscribe link in %r" % t)
    return p.group(1), u.group(1)


def frequency(srv, sig):
    return srv.query("SELECT frequency FROM signal_notify WHERE signal_id = ?", (sig,))


@test
def set_up(srv):
    S["sid"], S["csrf"] = H.login(srv, "medewerker@demo.wijkagenda.nl", DEMO_PASSWORD)
    S["buurt"] = srv.query("SELECT code FROM areas WHERE level = 'buurt'"
                           " AND code LIKE 'E%' ORDER BY code LIMIT 1")[0][0]
    S["west"] = srv.query("SELECT id FROM organisations WHERE name ="
                          " 'Stadsdeel West (demo)'")[0][0]


@test
def intake_choice_stored_and_checked(srv):
    sig = report(srv, "melder.daily@example.org", "daily")
    eq(frequency(srv, sig), [("daily",)], "chosen")
    sig = report(srv, "melder.default@example.org")
    eq(frequency(srv, sig), [("direct",)], "default with an address")
    with H.unchanged(srv, "a bad choice"):
        r = srv.post_json("/api/v1/signals", {"text": "Losse tegels hier", "buurt": S["buurt"],
                                              "email": "x@example.org", "notify": "hourly"})
        H.check_json_error(r, 400)


@test
def direct_mail_after_a_change_with_headers(srv):
    addr = "melder.direct@example.org"
    sig = report(srv, addr)
    k = make_kwestie(srv, sig)
    n = len(SMTP.messages)
    out = run_job(srv, "direct")
    contains(out, "mails queued")
    m = wait_mail(addr, n)
    contains(m.text(), "Losse stoeptegels", "mail")
    contains(str(m.msg["Subject"]), "Nieuws over", "subject")
    lu = m.msg["List-Unsubscribe"]
    check(lu and re.match(r"^<http://[^>]+/afmelden/%s>$" % TOKEN, str(lu)),
          "List-Unsubscribe %r" % lu)
    # RFC 8058's one-click header only with an https URL (this server's
    # base URL is http; tests/unit/test_mail.c has the https case); the
    # one-click POST itself works either way (one_click_unsubscribe)
    eq(m.msg["List-Unsubscribe-Post"], None, "no one-click header for http")
    S["direct"] = (addr, sig, k, links(m), str(lu)[1:-1])
    # nothing new: no second mail
    n = len(SMTP.messages)
    run_job(srv, "direct")
    time.sleep(3)
    eq(mails_to(addr, n), [], "no mail without news")
    # a change: one more mail, only with the new entry
    r = api(srv, "PATCH", "/api/v1/kwesties/%d" % k["id"],
            {"version": k["version"], "status": "in_uitvoering"})
    if r.status != 200:
        r = api(srv, "PATCH", "/api/v1/kwesties/%d" % k["id"],
                {"version": k["version"], "status": "afgerond", "outcome": "opgelost"})
    eq(r.status, 200, "change (body %r)" % r.body[:300])
    run_job(srv, "direct")
    wait_mail(addr, n)


@test
def settings_page_and_forged_links(srv):
    addr, sig, k, (prefs, unsub), _ = S["direct"]
    with H.unchanged(srv, "opening the settings"):
        r = srv.get(prefs)
    eq(r.status, 200, "GET settings")
    contains(r.text, 'name="frequency"')
    r = srv.post_form(prefs, {"frequency": "weekly"})
    eq(r.status, 200, "POST settings (body %r)" % r.body[:300])
    eq(frequency(srv, sig), [("weekly",)], "changed")
    with H.unchanged(srv, "a bad choice"):
        eq(srv.post_form(prefs, {"frequency": "hourly"}).status, 400, "bad frequency")
    forged = "/meldingen-instellen/" + "A" * 22
    with H.unchanged(srv, "forged links"):
        eq(srv.get(forged).status, 404, "GET forged")
        eq(srv.post_form(forged, {"frequency": "none"}).status, 404, "POST forged")
        eq(srv.get("/meldingen-instellen/kort").status, 404, "malformed")
        eq(srv.post_form("/afmelden/" + "B" * 22, {}).status, 410, "forged unsubscribe")


@test
def one_click_unsubscribe(srv):
    addr, sig, k, (prefs, unsub), url = S["direct"]
    path = re.sub(r"^http://[^/]+", "", url)
    with H.unchanged(srv, "GET of the one-click URL"):
        eq(srv.get(path).status, 200, "GET shows a button")
    # RFC 8058: a POST with this body, no cookie, no form token
    r = srv.request("POST", path, body="List-Unsubscribe=One-Click",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    eq(r.status, 200, "one-click POST (body %r)" % r.body[:300])
    eq(frequency(srv, sig), [("none",)], "stopped")
    n = len(SMTP.messages)
    api(srv, "PATCH", "/api/v1/kwesties/%d" % k["id"],
        {"version": srv.query("SELECT version FROM kwesties WHERE id = ?", (k["id"],))[0][0],
         "status": "afgerond", "outcome": "opgelost"})
    run_job(srv, "direct")
    time.sleep(3)
    eq(mails_to(addr, n), [], "no mail after stopping")


@test
def daily_digest(srv):
    a = "melder.digest@example.org"
    s1 = report(srv, a, "daily")
    s2 = report(srv, a, "daily")
    make_kwestie(srv, s1)
    make_kwestie(srv, s2)
    n = len(SMTP.messages)
    run_job(srv, "direct")
    run_job(srv, "daily")
    m = wait_mail(a, n)
    time.sleep(3)
    eq(len(mails_to(a, n)), 1, "one digest for two signals")
    contains(str(m.msg["Subject"]), "dagoverzicht", "subject")
    eq(m.text().count("Er is nieuws over"), 2, "two sections")
    check(m.msg["List-Unsubscribe"], "List-Unsubscribe on the digest")
    # its one link stands for both
    prefs, _ = links(m)
    eq(srv.post_form(prefs, {"frequency": "none"}).status, 200, "digest settings")
    eq(frequency(srv, s1) + frequency(srv, s2), [("none",), ("none",)], "both")


@test
def bounce_marks_and_stops(srv):
    a = "melder.bounce@example.org"
    SMTP.reject(a)
    sig = report(srv, a)
    k = make_kwestie(srv, sig)
    run_job(srv, "direct")
    deadline = time.time() + 20
    while time.time() < deadline:
        rows = srv.query("SELECT count, permanent FROM mail_bounces")
        if rows:
            break
        time.sleep(0.2)
    eq(len(rows), 1, "marked (rows %r)" % rows)
    r = srv.query("SELECT attempts, next_attempt_at, sent_at FROM outbox"
                  " WHERE to_addr = ?", (a,))
    eq(len(r), 1, "one row")
    eq((r[0][0], r[0][1][:4], r[0][2]), (1, "9999", None), "given up after one attempt")
    # no new mail is queued to it; the change itself commits
    before = srv.query("SELECT COUNT(*) FROM outbox")[0][0]
    r = api(srv, "PATCH", "/api/v1/kwesties/%d" % k["id"],
            {"version": k["version"], "status": "afgerond", "outcome": "opgelost"})
    eq(r.status, 200, "the change commits")
    run_job(srv, "direct")
    eq(srv.query("SELECT COUNT(*) FROM outbox")[0][0], before, "nothing queued")


@test
def bounce_command(srv):
    r = subprocess.run([srv.binary, "bounce", "geen-adres", "--db", srv.db_path],
                       capture_output=True, text=True, timeout=60)
    eq(r.returncode, 2, "a bad address")
    before = srv.query("SELECT COUNT(*) FROM mail_bounces")[0][0]
    r = subprocess.run([srv.binary, "bounce", "Later.Dsn@Example.org", "--db", srv.db_path],
                       capture_output=True, text=True, timeout=60)
    eq(r.returncode, 0, "bounce (stderr %r)" % r.stderr)
    eq(srv.query("SELECT COUNT(*) FROM mail_bounces")[0][0], before + 1, "marked")


if __name__ == "__main__":
    try:
        H.main(extra_args=["--demo", "--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port,
                           "--mail-from", "noreply@wijkagenda.example"])
    finally:
        SMTP.stop()
