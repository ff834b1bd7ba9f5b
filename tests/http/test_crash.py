"""Crash safety: many clients (CRASH_CLIENTS, 24) keep submitting signals
over keep-alive connections while the server is killed with SIGKILL at
random moments (20 times) and restarted on the same SQLite database.  The
server runs 32 threads, so the intakes arriving together share one
transaction and one fsync (group commit, store/group.c): a 201 must still
mean that its own group has committed.  Every fourth request of a client
sends its previous signal again (a retry): it must be answered with the
same signal (200) or, when the first was never answered, be stored once.
Every signal that got a 201 must be in the database, complete (text,
place, contact row when sent) and stored once; PRAGMA integrity_check
must say ok.

    python3 tests/http/test_crash.py --binary build/wijkagenda

Prints "N passed, N failed" as its last line (tests/run.sh).
"""
import http.client
import json
import os
import random
import signal
import sqlite3
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

KILLS = int(os.environ.get("CRASH_KILLS", "20"))
CLIENTS = int(os.environ.get("CRASH_CLIENTS", "24"))
BUURTEN = ("AA01", "AA02", "AB03", "AF01", "BA01", "EH02", "FJ01", "AD05")
SIGNALS = "/api/v1/signals"


class State:
    port = None             # where the live server listens
    stop = False
    lock = threading.Lock()
    ok = []                 # (token, body dict) of every 201
    unanswered = []         # bodies sent without an answer (may or may not be stored)
    errors = []             # answers that are neither 201 nor a dropped connection
    attempts = 0
    refused = 0


def body_for(client, n):
    b = {"text": "crash %d-%d %s: de lantaarnpaal brandt niet"
                 % (client, n, uuid.uuid4().hex[:12]),
         "buurt": random.choice(BUURTEN),
         "kind": random.choice(("melding", "vraag", "idee"))}
    if n % 3 != 2:
        b["email"] = "melder-%d-%d@example.org" % (client, n)
        b["phone"] = "+31 6 %04d %04d" % (client, n % 10000)
        b["age_band"] = "30-44"
    return b


def client(i):
    n = 0
    conn = None
    last = None       # the previous body and its token (None: unanswered)
    while not State.stop:
        port = State.port
        if conn is None or conn.port != port:
            if conn is not None:
                conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        retry = last is not None and n % 4 == 3
        b = last[0] if retry else body_for(i, n)
        n += 1
        with State.lock:
            State.attempts += 1
        try:
            conn.request("POST", SIGNALS, body=json.dumps(b).encode(),
                         headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            data = r.read()
        except ConnectionRefusedError:
            # Not up yet after a restart: nothing was sent.
            with State.lock:
                State.refused += 1
            conn.close()
            conn = None
            time.sleep(0.02)
            continue
        except (OSError, http.client.HTTPException):
            # Killed mid-request (or not up yet): the signal may or may
            # not be stored, but it must never be stored twice.
            with State.lock:
                State.unanswered.append(b)
            last = (b, None)
            conn.close()
            conn = None
            time.sleep(0.02)
            continue
        if r.status == 200 and retry:
            try:
                tok = json.loads(data)["token"]
            except Exception as e:
                with State.lock:
                    State.errors.append("200 without token: %r (%s)" % (data[:200], e))
                continue
            with State.lock:
                if last[1] is not None and tok != last[1]:
                    State.errors.append("retry answered %s, first %s" % (tok, last[1]))
                State.ok.append((tok, b))
            last = (b, tok)
            continue
        if r.status == 201:
            try:
                tok = json.loads(data)["token"]
            except Exception as e:
                with State.lock:
                    State.errors.append("201 without token: %r (%s)" % (data[:200], e))
                continue
            with State.lock:
                if retry and last[1] is not None:
                    State.errors.append("retry of an answered signal stored again")
                State.ok.append((tok, b))
            last = (b, tok)
        else:
            with State.lock:
                State.errors.append("%d %r" % (r.status, data[:200]))
            time.sleep(0.02)
    if conn is not None:
        conn.close()


def integrity(path):
    """SQLite: PRAGMA integrity_check, quick_check and foreign_key_check
    with Python's sqlite3 (it lacks the server's Dutch FTS5 tokenizer).
    PostgreSQL: amcheck's bt_index_check on every B-tree index of the
    schema (heap and index agree, the index is ordered), under the same
    names; PostgreSQL enforces foreign keys itself.  Returns {check: result}."""
    if H.PG:
        return pg_integrity(path)
    out = {}
    c = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=10)
    try:
        for p in ("integrity_check", "quick_check"):
            try:
                out[p] = [r[0] for r in c.execute("PRAGMA %s" % p)]
            except sqlite3.Error as e:
                out[p] = ["error: %s" % e]
        out["foreign_key_check"] = c.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        c.close()
    return out


def pg_integrity(url):
    c = H.db_connect(url)
    c.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
    idx = c.execute("SELECT c.oid::int, c.relname FROM pg_index i"
                    " JOIN pg_class c ON c.oid = i.indexrelid"
                    " JOIN pg_am a ON a.oid = c.relam"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = 'public' AND a.amname = 'btree'").fetchall()
    H.check(len(idx) > 10, "B-tree indexes to check: %d" % len(idx))
    bad = []
    for oid, name in idx:
        try:
            c.execute("SELECT bt_index_check(%d, true)" % oid)
        except sqlite3.DatabaseError as e:
            bad.append("%s: %s" % (name, e))
    ok = bad or ["ok"]
    return {"integrity_check": ok, "quick_check": ok, "foreign_key_check": []}


@H.test
def sigkill_while_submitting(srv):
    # The harness's server, on its fresh database, is killed and restarted
    # in place (a new port each time); it is left running for the
    # graceful-shutdown check.
    t0 = time.time()
    try:
        State.port = srv.port
        threads = [threading.Thread(target=client, args=(i,), daemon=True)
                   for i in range(CLIENTS)]
        for t in threads:
            t.start()
        kills = 0
        restarts = []
        per_life = []
        while kills < KILLS:
            before = len(State.ok)
            time.sleep(random.uniform(0.2, 1.5))
            srv.proc.send_signal(signal.SIGKILL)
            srv.proc.wait(10)
            srv.log.close()
            srv.out.close()
            kills += 1
            per_life.append(len(State.ok) - before)
            t1 = time.time()
            srv.start()
            restarts.append(time.time() - t1)
            State.port = srv.port
        time.sleep(0.5)
        State.stop = True
        for t in threads:
            t.join(10)

        H.check(not State.errors, "%d answers other than 201: %s"
                % (len(State.errors), State.errors[:5]))
        H.check(len(State.ok) >= 10 * KILLS,
                "only %d signals got a 201 in %d lives" % (len(State.ok), KILLS))

        c = sqlite3.connect("file:%s?mode=ro" % srv.db_path, uri=True)
        try:
            rows = {}
            for tok, body, kind, buurt in c.execute(
                    "SELECT token, body, kind, buurt_code FROM signals"):
                rows[tok] = (body, kind, buurt)
            counts = dict(c.execute("SELECT body, COUNT(*) FROM signals GROUP BY body"))
            contacts = {r[0]: r[1:] for r in c.execute(
                "SELECT s.token, c.email, c.phone, c.age_band FROM signal_contacts c"
                " JOIN signals s ON s.id = c.signal_id")}
        finally:
            c.close()
        missing, wrong, twice, nocontact = [], [], [], []
        for tok, b in State.ok:
            got = rows.get(tok)
            if got is None:
                missing.append(tok)
                continue
            if got != (b["text"], b["kind"], b["buurt"]):
                wrong.append((tok, got, b))
            if counts.get(b["text"], 0) != 1:
                twice.append((b["text"], counts.get(b["text"])))
            if "email" in b:
                if contacts.get(tok) != (b["email"], b["phone"], b["age_band"]):
                    nocontact.append((tok, contacts.get(tok)))
        for b in State.unanswered:
            if counts.get(b["text"], 0) > 1:
                twice.append((b["text"], counts[b["text"]]))
        ok_texts = {b["text"] for _, b in State.ok}
        stored_unanswered = len({b["text"] for b in State.unanswered
                                 if b["text"] in counts and b["text"] not in ok_texts})
        tokens = {tok for tok, _ in State.ok}
        H.check(not missing, "%d signals with a 201 are missing: %s"
                % (len(missing), missing[:5]))
        H.check(not wrong, "%d stored differently: %s" % (len(wrong), wrong[:3]))
        H.check(not twice, "%d texts stored more than once: %s" % (len(twice), twice[:3]))
        H.check(not nocontact, "%d contact rows missing or wrong: %s"
                % (len(nocontact), nocontact[:3]))
        H.eq(len(rows), len(tokens) + stored_unanswered,
             "signal rows = answered signals + stored-but-unanswered")

        ic = integrity(srv.db_path)
        H.note("integrity: %s" % json.dumps(ic)[:300])
        H.eq(ic["quick_check"], ["ok"], "PRAGMA quick_check")
        H.eq(ic["integrity_check"], ["ok"], "PRAGMA integrity_check")
        H.eq(ic["foreign_key_check"], [], "PRAGMA foreign_key_check")
        H.note("%d kills; %d requests (%d refused while restarting), %d got 201, "
               "%d unanswered (%d of those stored); 201s per life min %d max %d;"
               " restart %.2f-%.2f s; %.1f s"
               % (kills, State.attempts, State.refused, len(State.ok),
                  len(State.unanswered),
                  stored_unanswered, min(per_life), max(per_life),
                  min(restarts), max(restarts), time.time() - t0))
    finally:
        State.stop = True


if __name__ == "__main__":
    # 32 threads: a request waits for its group's commit on its own
    # thread, so the threads bound how many intakes share a commit.
    H.main(extra_args=("--threads", "32"))
