"""Password hashing never holds the server's threads (issue 10.4).

argon2id takes 64 MiB and tens to hundreds of milliseconds on purpose, and
at most two run at once.  A log-in parks its connection while a slow
thread verifies; the server's own threads go on serving.  When both slow
threads are busy past a short wait (a second), the log-in gets 503 with
Retry-After instead of a thread held for as long as the queue is.

    python3 tests/http/test_login_load.py --binary build/wijkagenda
"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, cookies, csrf_of, eq, test  # noqa: E402

PASSWORD = "een lang wachtwoord voor de test"
EMAIL = "last@example.org"
S = {}


def make_account(srv):
    H.choose_password(srv, H.admin_create(srv, EMAIL), PASSWORD)


def login_token(srv):
    r = srv.get("/login")
    return cookies(r)["lc"], csrf_of(r)


def login(srv, password, token):
    lc, csrf = token
    return srv.post_form("/login", {"email": EMAIL, "password": password,
                                    "csrf": csrf, "next": "/werk"},
                         headers={"Cookie": "lc=" + lc})


def burst(srv, n, password="helemaal fout wachtwoord"):
    """n log-ins at once; returns their responses and the slowest /healthz
    answer measured meanwhile."""
    token = login_token(srv)
    out = [None] * n
    go = threading.Event()

    def one(i):
        go.wait()
        out[i] = login(srv, password, token)

    ts = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
    for t in ts:
        t.start()
    go.set()
    time.sleep(0.05)
    worst, samples = 0.0, 0
    while any(t.is_alive() for t in ts):
        t0 = time.time()
        r = srv.get("/healthz", timeout=5)
        worst = max(worst, time.time() - t0)
        samples += 1
        eq(r.status, 200, "healthz during the log-ins")
        time.sleep(0.02)
    for t in ts:
        t.join(30)
    return out, worst, samples


@test
def set_up(srv):
    make_account(srv)
    r = login(srv, PASSWORD, login_token(srv))
    eq(r.status, 303, "the right password logs in")
    S["ready"] = True


@test
def ten_wrong_logins_do_not_hold_healthz(srv):
    check(S.get("ready"), "set-up failed")
    out, worst, samples = burst(srv, 10)
    st = sorted(r.status for r in out)
    H.note("10 parallel wrong log-ins: %r; /healthz worst %.0f ms over %d samples"
           % (st, worst * 1000, samples))
    check(samples >= 3, "only %d healthz samples" % samples)
    check(worst < 0.100, "/healthz took %.0f ms" % (worst * 1000))
    for r in out:
        check(r.status in (401, 503), "log-in answered %d" % r.status)
        if r.status == 503:
            check(int(r.header("Retry-After", "0")) >= 1, "503 without Retry-After")
    check(st.count(401) >= 2, "at least the first two were verified: %r" % st)


@test
def a_flood_is_refused_quickly_and_the_right_password_still_works(srv):
    check(S.get("ready"), "set-up failed")
    t0 = time.time()
    out, worst, _ = burst(srv, 80)
    took = time.time() - t0
    st = [r.status for r in out]
    n503 = st.count(503)
    H.note("80 parallel wrong log-ins in %.1f s: %d answered 401, %d 503; "
           "/healthz worst %.0f ms" % (took, st.count(401), n503, worst * 1000))
    check(set(st) <= {401, 503}, "statuses %r" % sorted(set(st)))
    check(n503 > 0, "a flood of 80 got no 503")
    for r in out:
        if r.status == 503:
            eq(r.header("Retry-After"), "1", "Retry-After of a 503")
            check((r.header("Content-Type") or "").startswith("text/html"), "503 has a page")
    # 80 log-ins at once on two cores, beside CI's other suite: /healthz
    # waits for a server thread among 80 parsing connections (103 ms seen
    # in CI once); a thread held by argon2id would make it 1,000 ms or more
    # (1,158 ms before the slow pool), so 250 ms still tells the two apart.
    # The sanitizer build is several times slower at everything but argon2
    # (libsodium is not instrumented), so it gets more room.
    limit = 0.400 if os.environ.get("ASAN_OPTIONS") else 0.250
    check(worst < limit, "/healthz took %.0f ms" % (worst * 1000))
    r = login(srv, PASSWORD, login_token(srv))
    eq(r.status, 303, "the right password after the flood")


if __name__ == "__main__":
    H.main()
