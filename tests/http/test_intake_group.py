"""Group commit of intake (store/group.c) seen from outside: many clients
at once, half of them asking in English, against a server with 32
threads, so that their intakes share transactions and one request's
work runs on another request's thread.  Every signal is answered 201 and
stored, and each acknowledgement mail is in its own request's language
(the mail is written inside the intake's transaction, on whichever thread
leads the group).  SIGTERM while the clients keep posting: the server
drains (exit 0) and every signal it answered 201 is stored.

    python3 tests/http/test_intake_group.py --binary build/wijkagenda

Prints "N passed, N failed" as its last line (tests/run.sh).
"""
import http.client
import json
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

CLIENTS = 16
EACH = 12
SUBJECT = {"nl": "Uw melding is ontvangen", "en": "We have received your report"}


@H.test
def acknowledgement_in_each_requests_language(srv):
    results = []
    lock = threading.Lock()

    def client(i):
        c = H.Conn(srv.port)
        for n in range(EACH):
            lang = "en" if (i + n) % 2 else "nl"
            addr = "groep-%d-%d@example.org" % (i, n)
            body = {"text": "groep %d-%d: de lantaarnpaal brandt niet" % (i, n),
                    "buurt": "AA01", "email": addr}
            r = c.request("POST", "/api/v1/signals", json.dumps(body).encode(),
                          {"Content-Type": "application/json",
                           "Accept-Language": lang})
            tok = json.loads(r.body).get("token") if r.status == 201 else None
            with lock:
                results.append((r.status, lang, addr, tok))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    H.eq(len(results), CLIENTS * EACH, "answers")
    H.eq(sorted({s for s, _, _, _ in results}), [201], "statuses")
    stored = {r[0] for r in srv.query("SELECT token FROM signals")}
    H.check(all(tok in stored for _, _, _, tok in results), "every 201 stored")
    subjects = dict(srv.query("SELECT to_addr, subject FROM outbox"))
    wrong = [(addr, lang, subjects.get(addr)) for _, lang, addr, _ in results
             if subjects.get(addr) != SUBJECT[lang]]
    H.check(not wrong, "%d acknowledgements in another language: %s"
            % (len(wrong), wrong[:3]))


@H.test
def sigterm_drains_groups(srv):
    answered = []
    stop = threading.Event()
    lock = threading.Lock()

    def client(i):
        c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        n = 0
        while not stop.is_set():
            body = {"text": "drain %d-%d: de lantaarnpaal brandt niet" % (i, n),
                    "buurt": "AA01"}
            n += 1
            try:
                c.request("POST", "/api/v1/signals", json.dumps(body),
                          {"Content-Type": "application/json"})
                r = c.getresponse()
                data = r.read()
            except (OSError, http.client.HTTPException):
                return  # the server has gone: stop
            if r.status == 201:
                with lock:
                    answered.append(json.loads(data)["token"])

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(0.7)
    rc, secs = srv.stop(signal.SIGTERM, 15)
    stop.set()
    for t in threads:
        t.join(15)
    H.eq(rc, 0, "exit code after SIGTERM under intake load")
    H.check(len(answered) > 50, "only %d answered before SIGTERM" % len(answered))
    srv.start()  # the harness's own graceful-shutdown check follows
    stored = {r[0] for r in srv.query("SELECT token FROM signals")}
    missing = [t for t in answered if t not in stored]
    H.check(not missing, "%d of %d answered signals missing after the drain: %s"
            % (len(missing), len(answered), missing[:3]))
    H.note("%d answered before and during the drain (%.2f s)" % (len(answered), secs))


if __name__ == "__main__":
    H.main(extra_args=("--threads", "32"))
