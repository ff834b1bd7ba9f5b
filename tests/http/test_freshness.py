"""Freshness of the social map against the real binary with --demo and a
real SMTP server on loopback: entries not confirmed within the period are
marked "mogelijk verouderd"; the daily job (which runs at start-up) mails
the organisation's coordinators once per period, never its other members;
the owner confirms with one click and the mark goes; --freshness-days
sets the period.

    python3 tests/http/test_freshness.py --binary build/wijkagenda
"""
import os
import re
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import cookies, csrf_of  # noqa: E402
from harness import check, contains, eq, not_contains, test  # noqa: E402
from smtpd import SmtpServer  # noqa: E402

SMTP = SmtpServer(port=0)
SMTP.start()
PASSWORD = "een-lang-genoeg-wachtwoord"
STALE = "mogelijk verouderd"
ORG = "Buurthuis De Ortelius (demo)"          # both its services are past 180 days
OLD = ("Buurtkamer Ortelius (demo)", "Kookclub De Ortelius (demo)")
FRESH = "Koffieochtend voor ouderen (demo)"   # 15 days


def execute(srv, sql, args=()):
    con = sqlite3.connect(srv.db_path, timeout=10)
    try:
        con.execute(sql, args)
        con.commit()
    finally:
        con.close()


def one(srv, sql, args=()):
    rows = srv.query(sql, args)
    check(rows, "no row for %s %r" % (sql, args))
    return rows[0][0]


def page(srv, name):
    sid = one(srv, "SELECT id FROM services WHERE name = ?", (name,))
    r = srv.get("/sociale-kaart/diensten/%d" % sid)
    eq(r.status, 200, "page of %s" % name)
    return r.text.lower()


def member(srv, email, role, org):
    """An account (via the CLI), its password, a membership of org (not a
    beheerder), and a session.  Returns (cookie, csrf)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([srv.binary, "admin", "create", "--email", email, "--db",
                        srv.db_path, "--base-url", "http://127.0.0.1:%d" % srv.port],
                       capture_output=True, text=True, timeout=60, env=env,
                       stdin=subprocess.DEVNULL)
    eq(p.returncode, 0, "admin create (%s)" % p.stderr)
    link = re.search(r"(/wachtwoord/[A-Za-z0-9_-]{22})\s*$", p.stdout).group(1)
    r = srv.get(link)
    r = srv.post_form(link, {"csrf": csrf_of(r), "password": PASSWORD,
                             "password2": PASSWORD},
                      headers={"Cookie": "lc=" + cookies(r)["lc"]})
    eq(r.status, 303, "password chosen")
    aid = one(srv, "SELECT id FROM accounts WHERE email = ?", (email,))
    execute(srv, "UPDATE accounts SET is_admin = 0 WHERE id = ?", (aid,))
    execute(srv, "INSERT INTO memberships (account_id, organisation_id, role,"
            " created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00.000Z')",
            (aid, org, role))
    r = srv.get("/login")
    r = srv.post_form("/login", {"csrf": csrf_of(r), "email": email,
                                 "password": PASSWORD},
                      headers={"Cookie": "lc=" + cookies(r)["lc"]})
    eq(r.status, 303, "login")
    cookie = "sid=" + cookies(r)["sid"]
    return cookie, csrf_of(srv.get("/werk", headers={"Cookie": cookie}))


def restart(srv, due=True):
    """Stop and start the server on the same database.  The jobs run when
    they are due, once across instances (src/jobs/jobs.c claims the run in
    job_runs); due=True makes the daily reminder due, as a day passing
    would, so the restarted server runs it at once."""
    rc, _ = srv.stop()
    eq(rc, 0, "clean stop")
    if due:
        execute(srv, "UPDATE job_runs SET due_at = '2000-01-01T00:00:00.000Z'"
                     " WHERE name = 'freshness'")
    srv.start(60)


def mails_to(addr, since):
    return [m for m in SMTP.messages[since:] if addr in m.rcpt_tos]


class State:
    org = None
    coord = None
    mails_before = 0


@test
def outdated_entries_are_marked(srv):
    for name in OLD:
        text = page(srv, name)
        contains(text, STALE, name)
        contains(text, "langer dan 180 dagen", name)
    not_contains(page(srv, FRESH), STALE, FRESH)
    r = srv.get("/sociale-kaart?buurt=EK02")
    doc = H.parse_html(r.text)
    for li in doc.find_all("li"):
        h = li.find_all("h3")
        if h and h[0].text().strip() in OLD:
            contains(li.text().lower(), STALE, "result card of %s" % h[0].text())
        elif h and h[0].text().strip() == FRESH:
            not_contains(li.text().lower(), STALE, "result card of %s" % FRESH)


@test
def no_mail_without_coordinators(srv):
    # the job ran at start-up: nobody to tell, so nothing is marked reminded
    time.sleep(1)
    eq(len(SMTP.messages), 0, "no mail yet")
    eq(one(srv, "SELECT COUNT(*) FROM services WHERE reminded_at IS NOT NULL"), 0,
       "nothing marked reminded")
    check("event=freshness_remind" in srv.log_text(), "the job ran")


@test
def reminder_goes_to_coordinators_once(srv):
    State.org = one(srv, "SELECT id FROM organisations WHERE name = ?", (ORG,))
    State.coord = member(srv, "coord1@example.org", "coordinator", State.org)
    member(srv, "coord2@example.org", "coordinator", State.org)
    member(srv, "mw@example.org", "medewerker", State.org)
    State.mails_before = len(SMTP.messages)
    restart(srv)
    SMTP.wait_for(State.mails_before + 2, 20)
    time.sleep(3)  # the mail worker wakes every 2 s: anything more would show
    new = SMTP.messages[State.mails_before:]
    eq(sorted(m.rcpt_tos[0] for m in new), ["coord1@example.org", "coord2@example.org"],
       "one mail per coordinator, none for the medewerker")
    text = new[0].text()
    for name in OLD:
        contains(text, name, "mail lists the service")
    not_contains(text, FRESH, "mail lists only outdated services")
    not_contains(text, "Meldpunt", "mail lists only this organisation's services")
    contains(text, "/beheer/organisaties/%d/diensten" % State.org, "the link")
    contains(new[0].msg["Subject"], "sociale kaart", "subject")
    eq(one(srv, "SELECT COUNT(*) FROM services WHERE organisation_id = ?"
                " AND reminded_at IS NOT NULL", (State.org,)), 2, "reminded_at set")
    # once per period: the next run sends nothing
    before = len(SMTP.messages)
    restart(srv)
    time.sleep(4)
    eq(len(SMTP.messages), before, "no second reminder within the period")
    rows = srv.query("SELECT detail FROM audit_log WHERE action = 'service.remind'"
                     " AND entity_id = ?", (str(State.org),))
    eq(len(rows), 1, "one audit entry for the reminder")


@test
def a_new_period_brings_a_new_reminder(srv):
    # a reminder sent more than a period ago counts as none
    execute(srv, "UPDATE services SET reminded_at = '2000-01-01T00:00:00.000Z'"
                 " WHERE organisation_id = ?", (State.org,))
    before = len(SMTP.messages)
    restart(srv)
    SMTP.wait_for(before + 2, 20)
    time.sleep(1)
    eq(len(SMTP.messages), before + 2, "reminded again")
    # the session survived the restarts (sessions live in the database)


@test
def confirm_with_one_click(srv):
    cookie, csrf = State.coord
    sid = one(srv, "SELECT id FROM services WHERE name = ?", (OLD[0],))
    base = "/beheer/organisaties/%d/diensten" % State.org
    r = srv.get(base, headers={"Cookie": cookie})
    eq(r.status, 200, "list")
    contains(r.text.lower(), STALE, "the list shows what is outdated")
    contains(r.text, 'action="%s/%d/bevestigen"' % (base, sid), "a confirm button")
    old = one(srv, "SELECT confirmed_at FROM services WHERE id = ?", (sid,))
    # without the CSRF token: refused
    r = srv.post_form("%s/%d/bevestigen" % (base, sid), {}, headers={"Cookie": cookie})
    eq(r.status, 403, "no CSRF token")
    r = srv.post_form("%s/%d/bevestigen" % (base, sid), {"csrf": csrf},
                      headers={"Cookie": cookie})
    eq(r.status, 303, "confirmed")
    eq(r.header("Location"), base + "?bevestigd=1", "back to the list")
    new, reminded = srv.query("SELECT confirmed_at, reminded_at FROM services"
                              " WHERE id = ?", (sid,))[0]
    check(new > old, "confirmed_at moved: %s -> %s" % (old, new))
    eq(reminded, None, "reminder state cleared")
    not_contains(page(srv, OLD[0]), STALE, "mark gone")
    contains(page(srv, OLD[1]), STALE, "the other one is still outdated")
    rows = srv.query("SELECT actor_label FROM audit_log WHERE action = 'service.confirm'"
                     " AND entity = 'service' AND entity_id = ?", (str(sid),))
    eq(rows, [("coord1@example.org",)], "audit entry with the actor")
    r = srv.get(base + "?bevestigd=1", headers={"Cookie": cookie})
    contains(r.text, "bevestigd", "a notice")
    # from the service's own page, back to it
    sid2 = one(srv, "SELECT id FROM services WHERE name = ?", (OLD[1],))
    r = srv.post_form("%s/%d/bevestigen?terug=dienst" % (base, sid2), {"csrf": csrf},
                      headers={"Cookie": cookie})
    eq(r.status, 303, "confirmed from the edit page")
    eq(r.header("Location"), "%s/%d?bevestigd=1" % (base, sid2), "back to the page")
    not_contains(page(srv, OLD[1]), STALE, "mark gone")


@test
def confirm_only_own_services(srv):
    cookie, csrf = State.coord
    theirs = one(srv, "SELECT id FROM services WHERE name = ?", (FRESH,))
    other = one(srv, "SELECT organisation_id FROM services WHERE id = ?", (theirs,))
    before = srv.checksum()
    r = srv.post_form("/beheer/organisaties/%d/diensten/%d/bevestigen" % (State.org, theirs),
                      {"csrf": csrf}, headers={"Cookie": cookie})
    eq(r.status, 404, "another organisation's service via our URL")
    r = srv.post_form("/beheer/organisaties/%d/diensten/%d/bevestigen" % (other, theirs),
                      {"csrf": csrf}, headers={"Cookie": cookie})
    eq(r.status, 403, "via their URL")
    r = srv.post_form("/beheer/organisaties/%d/diensten/%d/bevestigen" % (State.org, theirs),
                      {})
    check(r.status in (303, 401, 403), "anonymous: %d" % r.status)
    eq(srv.checksum(), before, "nothing changed")


@test
def freshness_days_option(srv):
    other = H.Server(H.Ctx.args.binary, ["--demo", "--freshness-days", "10"])
    try:
        other.start(60)
        contains(page(other, FRESH), STALE, "15 days is old with a 10-day period")
        contains(page(other, FRESH), "langer dan 10 dagen", "the period is shown")
    finally:
        other.stop()
        other.cleanup()
    for bad in ("0", "-5", "abc", "100000"):
        p = subprocess.run([H.Ctx.args.binary, "serve", "--freshness-days", bad,
                            "--db", "/nonexistent/x.db"],
                           capture_output=True, text=True, timeout=30,
                           stdin=subprocess.DEVNULL)
        eq(p.returncode, 2, "--freshness-days %s refused" % bad)
        contains(p.stderr, "--freshness-days", "message for %s" % bad)


if __name__ == "__main__":
    try:
        H.main(extra_args=["--demo", "--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port,
                           "--mail-from", "noreply@wijkagenda.example"])
    finally:
        SMTP.stop()
