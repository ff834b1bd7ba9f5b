"""Soak test (make soak; not in CI): SOAK_SECONDS (600) of mixed load at a
steady rate against `serve --demo` on a fresh SQLite database:

  read    public pages: tracking pages /m/<token> of earlier signals, the
          social map search and service pages, the home page
  intake  POST /api/v1/signals (JSON, sometimes with contact data)
  login   the demo professionals log in (GET /login, POST /login)
  edit    the demo beheerder edits a demo service through
          /beheer/organisaties/<org>/diensten/<id> (form with CSRF)

Zero errors allowed (any unexpected status or a dropped connection).  RSS
of the server is sampled from /proc/PID/status every second; the low and
the high of the first minute after a 60 s warm-up (SOAK_WARMUP) are
compared with those of the last minute, and neither may grow 10% or more
(the swing in between is argon2id's working memory, mapped per log-in).  Prints requests,
errors, p50/p99 per kind and the RSS figures; exits 1 on failure.

    python3 tests/soak/soak.py build          # uses build/wijkagenda
    SOAK_SECONDS=120 SOAK_RATE=40 python3 tests/soak/soak.py build
"""
import html.parser
import os
import random
import re
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "http"))
import harness as H  # noqa: E402

SECONDS = float(os.environ.get("SOAK_SECONDS", "600"))
WARMUP = float(os.environ.get("SOAK_WARMUP", "60"))
RATE = float(os.environ.get("SOAK_RATE", "40"))      # requests per second in all
WORKERS = int(os.environ.get("SOAK_WORKERS", "4"))
DEMO_PASSWORD = "demo-wachtwoord-2026"                # src/web/demo_accounts.h
PROFESSIONALS = ("beheerder@demo.wijkagenda.nl", "coordinator@demo.wijkagenda.nl",
                 "medewerker@demo.wijkagenda.nl", "corporatie@demo.wijkagenda.nl")
BUURTEN = ("AA01", "AA02", "AB03", "AF01", "BA01", "EH02", "FJ01", "AD05")
QUERIES = ("", "schulden", "ouderen", "buurthuis", "taalles", "eenzaamheid", "jongeren")
# kind -> share of the steps (a login step is two requests, an edit three)
MIX = (("read", 0.62), ("intake", 0.2), ("login", 0.1), ("edit", 0.08))


class Stats:
    lock = threading.Lock()
    times = {}      # kind -> [seconds]
    errors = []
    tokens = []


def record(kind, secs):
    with Stats.lock:
        Stats.times.setdefault(kind, []).append(secs)


def error(msg):
    with Stats.lock:
        Stats.errors.append(msg)
    print("ERROR " + msg, flush=True)


def timed(kind, conn, method, path, body=None, headers=None, want=(200,)):
    t0 = time.perf_counter()
    try:
        r = conn.request(method, path, body=body, headers=headers)
    except Exception as e:
        conn.c.close()
        error("%s %s %s: %s %s" % (kind, method, path[:60], type(e).__name__, e))
        return None
    record(kind, time.perf_counter() - t0)
    if r.status not in want:
        error("%s %s %s: status %d %r" % (kind, method, path[:60], r.status, r.body[:200]))
        return None
    return r


def cookie(r, name):
    for v in r.headers_all("Set-Cookie"):
        m = re.match(r"\s*%s=([^;]*)" % name, v)
        if m:
            return m.group(1)
    return None


class FormParser(html.parser.HTMLParser):
    """The fields of the first <form method=post> with a csrf field."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.in_form, self.done = [], False, False
        self.select = self.textarea = None
        self.best = None    # the post form with a csrf field and most fields

    def handle_starttag(self, tag, attrs):
        a = dict((k, v or "") for k, v in attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self.in_form, self.fields = True, []
        if not self.in_form:
            return
        if tag == "input" and a.get("name"):
            t = a.get("type", "text")
            if t in ("checkbox", "radio") and "checked" not in a:
                return
            if t in ("submit", "button"):
                return
            self.fields.append([a["name"], a.get("value", "")])
        elif tag == "select":
            self.select = [a.get("name"), None]
        elif tag == "option" and self.select:
            if "selected" in a or self.select[1] is None:
                if "selected" in a or self.select[1] is None:
                    self.select[1] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            self.fields.append([self.select[0], self.select[1] or ""])
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append(self.textarea)
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form = False
            if any(f[0] == "csrf" for f in self.fields) and \
                    len(self.fields) > len(self.best or []):
                self.best = self.fields


def form_fields(text):
    p = FormParser()
    p.feed(text)
    return p.best


def login(conn, email, kind="login"):
    r = timed(kind, conn, "GET", "/login")
    if not r:
        return None
    lc = cookie(r, "lc")
    m = re.search(r'name="csrf" value="([^"]*)"', r.text)
    body = urllib.parse.urlencode({"csrf": m.group(1) if m else "", "email": email,
                                   "password": DEMO_PASSWORD})
    r = timed(kind, conn, "POST", "/login", body=body,
              headers={"Content-Type": "application/x-www-form-urlencoded",
                       "Cookie": "lc=%s" % lc}, want=(303,))
    return cookie(r, "sid") if r else None


class Worker:
    def __init__(self, srv, i, edit_target):
        self.srv, self.i, self.n = srv, i, 0
        self.conn = srv.conn(timeout=10)
        self.edit_target = edit_target
        self.admin_sid = None

    def step(self, kind):
        c = self.conn
        self.n += 1
        if kind == "read":
            x = random.random()
            with Stats.lock:
                tok = random.choice(Stats.tokens) if Stats.tokens else None
            if x < 0.4 and tok:
                timed("read", c, "GET", "/m/" + tok)
            elif x < 0.8:
                q = random.choice(QUERIES)
                timed("read", c, "GET", "/sociale-kaart" + ("?q=" + q if q else ""))
            elif x < 0.9:
                timed("read", c, "GET", "/sociale-kaart/diensten/%d" % self.edit_target[1])
            else:
                timed("read", c, "GET", "/")
        elif kind == "intake":
            b = {"text": "soak %d-%d %s: de lantaarnpaal brandt niet"
                         % (self.i, self.n, os.urandom(5).hex()),
                 "buurt": random.choice(BUURTEN)}
            if self.n % 2:
                b["email"] = "soak-%d-%d@example.org" % (self.i, self.n)
            r = timed("intake", c, "POST", "/api/v1/signals", body=H.json.dumps(b),
                      headers={"Content-Type": "application/json"}, want=(201,))
            if r:
                with Stats.lock:
                    Stats.tokens.append(r.json()["token"])
        elif kind == "login":
            login(c, random.choice(PROFESSIONALS))
        elif kind == "edit":
            if not self.admin_sid:
                self.admin_sid = login(c, PROFESSIONALS[0], kind="edit")
                if not self.admin_sid:
                    return
            org, sid = self.edit_target
            path = "/beheer/organisaties/%d/diensten/%d" % (org, sid)
            h = {"Cookie": "sid=" + self.admin_sid}
            r = timed("edit", c, "GET", path, headers=h)
            if not r:
                return
            fields = form_fields(r.text)
            if not fields:
                error("edit: no form with csrf on %s" % path)
                return
            for f in fields:
                if f[0] == "norm_text":
                    f[1] = "U hoort binnen %d werkdagen van ons." % random.randint(2, 9)
                if f[0] == "norm_days":
                    f[1] = str(random.randint(2, 9))
            h["Content-Type"] = "application/x-www-form-urlencoded"
            timed("edit", c, "POST", path, body=urllib.parse.urlencode([tuple(f) for f in fields]),
                  headers=h, want=(303,))


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100.0 * len(xs)))] if xs else 0


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    binary = os.path.join(build, "wijkagenda") if os.path.isdir(build) else build
    srv = H.Server(binary, extra_args=["--demo"])
    srv.start()
    ok = True
    try:
        pid = srv.proc.pid
        rows = srv.query("SELECT s.organisation_id, s.id FROM services s"
                         " JOIN organisations o ON o.id = s.organisation_id"
                         " WHERE o.name LIKE '%(demo)' ORDER BY s.id LIMIT 1")
        if not rows:
            print("no demo service to edit")
            return 1
        edit_target = rows[0]
        print("soak: %d s (warm-up %d s), %.0f steps/s over %d workers, pid %d, editing "
              "service %d of organisation %d" % (SECONDS, WARMUP, RATE, WORKERS, pid,
                                                 edit_target[1], edit_target[0]), flush=True)
        kinds = [k for k, _ in MIX]
        weights = [w for _, w in MIX]
        stop = threading.Event()
        t_start = time.time()

        def run(i):
            w = Worker(srv, i, edit_target)
            interval = WORKERS / RATE
            nxt = time.time() + random.uniform(0, interval)
            while not stop.is_set():
                now = time.time()
                if now < nxt:
                    time.sleep(nxt - now)
                nxt += interval               # a steady rate, no catching up in bursts
                if time.time() - nxt > 1.0:
                    nxt = time.time()
                kind = random.choices(kinds, weights)[0]
                try:
                    w.step(kind)
                except Exception as e:      # counted, never silently lost
                    error("%s: %s: %s" % (kind, type(e).__name__, e))

        ts = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(WORKERS)]
        for t in ts:
            t.start()
        samples = []
        while time.time() - t_start < SECONDS:
            time.sleep(1.0)
            if not srv.alive():
                error("server exited with %s" % srv.proc.returncode)
                break
            samples.append((time.time() - t_start, rss_kib(pid)))
            if int(samples[-1][0]) % 30 == 0:
                n = sum(len(v) for v in Stats.times.values())
                print("  %4.0f s: %d requests, RSS %d KiB, %d errors"
                      % (samples[-1][0], n, samples[-1][1], len(Stats.errors)), flush=True)
        stop.set()
        for t in ts:
            t.join(15)
        elapsed = time.time() - t_start
        # RSS swings by up to 2 x 64 MiB from second to second: argon2id's
        # working memory (libsodium INTERACTIVE, two hashes at once) is mapped
        # and unmapped per log-in.  So compare the low and the high of the
        # first minute after the warm-up with those of the last minute: the
        # low is what stays (a leak raises it), the high adds the hashes.
        first = [r for t, r in samples if WARMUP <= t < WARMUP + 60] or [samples[0][1]]
        final = [r for t, r in samples if t >= samples[-1][0] - 60] or [samples[-1][1]]
        growth_low = 100.0 * (min(final) - min(first)) / min(first)
        growth_high = 100.0 * (max(final) - max(first)) / max(first)
        growth = max(growth_low, growth_high)
        base, last, peak = min(first), min(final), max(r for _, r in samples)
        print("\nkind     requests   req/s   p50 ms   p99 ms   max ms")
        total = 0
        for k in kinds:
            xs = Stats.times.get(k, [])
            total += len(xs)
            print("%-8s %8d %7.1f %8.1f %8.1f %8.1f" % (
                k, len(xs), len(xs) / elapsed, 1000 * pct(xs, 50), 1000 * pct(xs, 99),
                1000 * max(xs or [0])))
        print("total    %8d %7.1f" % (total, total / elapsed))
        print("errors   %d" % len(Stats.errors))
        print("RSS KiB  low after warm-up %d, low in the last minute %d (%+.1f%%); high"
              " after warm-up %d, high in the last minute %d (%+.1f%%); peak %d"
              % (base, last, growth_low, max(first), max(final), growth_high, peak))
        print("RSS KiB every 10 s: %s" % " ".join(str(r) for t, r in samples[::10]))
        if Stats.errors:
            ok = False
            print("FAIL: %d errors, first: %s" % (len(Stats.errors), Stats.errors[:3]))
        if growth >= 10.0:
            ok = False
            print("FAIL: RSS grew %.1f%% after warm-up (limit 10%%)" % growth)
        rc, secs = srv.stop()
        if rc != 0:
            ok = False
            print("FAIL: exit code %s after SIGTERM" % rc)
    finally:
        srv.cleanup()
    print("soak: %s" % ("ok" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
