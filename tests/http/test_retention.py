"""Retention: `wijkagenda retention` on a database with old records.  The
server seeds the database and takes signals with contact data through the
API; once it has stopped, signals are closed long ago or recently and
expired links and idle sessions are written straight into the database.
One run blanks e-mail and phone of exactly the signals closed more than
--retention-days ago (the age band stays), removes expired one-time links,
idle or expired sessions and old mail from the outbox, leaves everything else alone and writes one
audit row "retention.run" with the counts; a second run changes nothing.

    python3 tests/http/test_retention.py --binary build/wijkagenda
"""
import datetime
import json
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

# name -> closed how many days ago (None: still open)
CLOSED = {"old": 400, "just_over": 366, "just_under": 364, "recent": 10,
          "open": None, "old_no_phone": 400, "old_done_before": 400}
# name -> hours from now the token expires (negative: expired)
TOKENS = {"magic_expired": -1, "password_expired_used": -48,
          "invite_expired": -0.1, "magic_live": 2, "password_live": 1}
# name -> (last seen minutes ago, absolute expiry hours from now)
SESSIONS = {"idle": (45, 10), "expired": (1, -1), "fresh": (2, 10),
            "almost_idle": (25, 10)}
# name -> (created days ago, sent days ago or None, attempts); sent mail
# goes after a week, mail given up on (10 attempts) after a month
MAILS = {"sent_old": (9, 8, 1), "sent_recent": (2, 1, 1),
         "given_up": (31, None, 10), "still_trying": (31, None, 3),
         "given_up_recently": (5, None, 10)}

STATE = {"ids": {}, "before": None}


def iso(delta):
    t = datetime.datetime.now(datetime.timezone.utc) + delta
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def contact(srv, name):
    return srv.query("SELECT email, phone, age_band, anonymised_at FROM"
                     " signal_contacts WHERE signal_id = ?", (STATE["ids"][name],))[0]


def retention(srv, *extra):
    p = subprocess.run([srv.binary, "retention", "--db", srv.db_path,
                        "--retention-days", "365"] + list(extra),
                       capture_output=True, text=True, timeout=60,
                       stdin=subprocess.DEVNULL)
    eq(p.returncode, 0, "retention exit code (stderr %r)" % p.stderr)
    return p.stdout


def runs(srv):
    return srv.query("SELECT actor_label, entity, detail FROM audit_log"
                     " WHERE action = 'retention.run' ORDER BY id")


def data(srv):
    return [srv.query("SELECT * FROM %s ORDER BY 1" % t)
            for t in ("signals", "signal_contacts", "tokens", "sessions", "outbox")]


@test
def signals_with_contact_data(srv):
    for name in CLOSED:
        body = {"text": H.uniq("retention " + name), "buurt": "AA01",
                "email": "%s@example.org" % name, "age_band": "30-44"}
        if name != "old_no_phone":
            body["phone"] = "06123456%02d" % len(STATE["ids"])
        r = srv.post_json("/api/v1/signals", body)
        eq(r.status, 201, "create %s (%r)" % (name, r.body[:200]))
        STATE["ids"][name] = srv.query("SELECT id FROM signals WHERE token = ?",
                                       (r.json()["token"],))[0][0]


@test(after_stop=True)
def old_records(srv):
    """Written with the server stopped, as an old database would be."""
    con = sqlite3.connect(srv.db_path, timeout=10)
    for name, days in CLOSED.items():
        if days is not None:
            con.execute("UPDATE signals SET status = 'afgesloten', closed_at = ?"
                        " WHERE id = ?", (iso(datetime.timedelta(days=-days)),
                                          STATE["ids"][name]))
    # anonymised long ago by an earlier run: stays as it is
    con.execute("UPDATE signal_contacts SET email = NULL, phone = NULL,"
                " anonymised_at = '2020-01-01T00:00:00.000Z' WHERE signal_id = ?",
                (STATE["ids"]["old_done_before"],))
    for i, (name, hours) in enumerate(TOKENS.items()):
        kind = name.split("_")[0]
        con.execute("INSERT INTO tokens (token_hash, kind, email, created_at,"
                    " expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?)",
                    ("%032x" % (0xabc000 + i), kind, "t%d@example.org" % i,
                     iso(datetime.timedelta(days=-3)),
                     iso(datetime.timedelta(hours=hours)),
                     iso(datetime.timedelta(hours=-47)) if "used" in name else None))
    for i, (name, (seen, exp)) in enumerate(SESSIONS.items()):
        con.execute("INSERT INTO sessions (token_hash, resident_email, csrf,"
                    " created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                    ("%032x" % (0xdef000 + i), "s%d@example.org" % i, "c" * 22,
                     iso(datetime.timedelta(hours=-2)),
                     iso(datetime.timedelta(minutes=-seen)),
                     iso(datetime.timedelta(hours=exp))))
    for name, (created, sent, attempts) in MAILS.items():
        con.execute("INSERT INTO outbox (to_addr, subject, body, created_at,"
                    " attempts, next_attempt_at, sent_at) VALUES (?, ?, '-', ?, ?, ?, ?)",
                    ("%s@example.org" % name, name,
                     iso(datetime.timedelta(days=-created)), attempts,
                     iso(datetime.timedelta(days=-created)),
                     None if sent is None else iso(datetime.timedelta(days=-sent))))
    con.commit()
    con.close()
    STATE["before"] = {n: contact(srv, n) for n in CLOSED}
    STATE["runs"] = len(runs(srv))


@test(after_stop=True)
def first_run_anonymises_exactly_the_old_ones(srv):
    check(STATE["before"], "the old records were not written")
    tokens = {r[0] for r in srv.query("SELECT token_hash FROM tokens")}
    signals_before = srv.query("SELECT * FROM signals ORDER BY id")
    out = retention(srv)
    for name in ("old", "just_over", "old_no_phone"):
        email, phone, age, anon = contact(srv, name)
        eq((email, phone, age), (None, None, "30-44"),
           "%s: e-mail and phone blanked, age band kept" % name)
        check(anon and anon > "2021", "%s: anonymised_at set (%r)" % (name, anon))
    for name in ("just_under", "recent", "open", "old_done_before"):
        eq(contact(srv, name), STATE["before"][name], "%s untouched" % name)
    eq(srv.query("SELECT * FROM signals ORDER BY id"), signals_before,
       "the signals themselves untouched")
    left = {r[0] for r in srv.query("SELECT token_hash FROM tokens")}
    want = {"%032x" % (0xabc000 + i) for i, n in enumerate(TOKENS) if TOKENS[n] > 0}
    eq(left & {"%032x" % (0xabc000 + i) for i in range(len(TOKENS))}, want,
       "only live one-time links are left")
    check(left <= tokens, "nothing added")
    sess = {r[0] for r in srv.query("SELECT resident_email FROM sessions")}
    want = {"s%d@example.org" % i for i, n in enumerate(SESSIONS)
            if n in ("fresh", "almost_idle")}
    eq(sess & {"s%d@example.org" % i for i in range(len(SESSIONS))}, want,
       "idle and expired sessions removed")
    mails = {r[0] for r in srv.query("SELECT subject FROM outbox")}
    eq(mails & set(MAILS), {"sent_recent", "still_trying", "given_up_recently"},
       "old sent mail and mail given up on long ago removed")
    rows = runs(srv)
    eq(len(rows), STATE["runs"] + 1, "one audit row for the run")
    label, entity, detail = rows[-1]
    eq((label, entity), ("system", "retention"), "audit actor and entity")
    d = json.loads(detail)
    eq(d, {"days": 365, "anonymised": 3, "tokens": 3, "sessions": 2, "mails": 2,
          "followers": 0}, "counts")
    for k, v in d.items():
        check(str(v) in out, "stdout names %s: %r" % (k, out))


@test(after_stop=True)
def second_run_changes_nothing(srv):
    before = data(srv)
    n = len(runs(srv))
    retention(srv)
    eq(data(srv), before, "no data changed by a second run")
    rows = runs(srv)
    eq(len(rows), n + 1, "the second run is recorded too")
    eq(json.loads(rows[-1][2]), {"days": 365, "anonymised": 0, "tokens": 0,
                                 "sessions": 0, "mails": 0, "followers": 0},
       "nothing to do")


@test(after_stop=True)
def shorter_period_reaches_further(srv):
    """--retention-days 5 also takes the signal closed 10 days ago and the
    one at 364 days, still not the open one."""
    p = subprocess.run([srv.binary, "retention", "--db", srv.db_path,
                        "--retention-days", "5"], capture_output=True, text=True,
                       timeout=60, stdin=subprocess.DEVNULL)
    eq(p.returncode, 0, "exit code (%r)" % p.stderr)
    for name in ("recent", "just_under"):
        eq(contact(srv, name)[:3], (None, None, "30-44"), "%s anonymised" % name)
    eq(contact(srv, "open"), STATE["before"]["open"], "open signal untouched")
    eq(json.loads(runs(srv)[-1][2])["anonymised"], 2, "count")


@test(after_stop=True)
def bad_arguments(srv):
    for args in (["--retention-days", "0"], ["--retention-days", "x"],
                 ["--bestaat-niet"]):
        p = subprocess.run([srv.binary, "retention", "--db", srv.db_path] + args,
                           capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL)
        eq(p.returncode, 2, "exit code for %r" % args)
        check(p.stderr.strip(), "a message for %r" % args)


if __name__ == "__main__":
    H.main()
