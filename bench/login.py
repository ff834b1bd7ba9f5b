#!/usr/bin/env python3
"""Benchmark: log-in latency with 10 concurrent logins, and session checks
per second.  Not part of `make test`.

Log-in: 10 threads each log in 20 times (GET /login for the form token,
POST /login with the right password); every POST runs one argon2id
verification (INTERACTIVE limits) behind the server's semaphore of 2.
Baseline in the same run: the same number of bare argon2id verifications
through libsodium's `crypto_pwhash_str_verify`, timed by bench_argon2.

Session checks: wrk -c50 on GET /werk with a valid session cookie (each
request looks the session, account and memberships up in the database)
against GET /healthz (no session) in the same run.

    python3 bench/login.py BUILD_DIR
"""
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
BIN = os.path.join(BUILD, "wijkagenda")
PASSWORD = "bench-wachtwoord-lang-genoeg"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def req(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    hs = r.getheaders()
    c.close()
    return r.status, hs, data


def cookies(headers):
    out = {}
    for k, v in headers:
        if k.lower() == "set-cookie":
            name, val = v.split(";", 1)[0].split("=", 1)
            out[name] = val
    return out


def form_token(port):
    st, hs, body = req(port, "GET", "/login")
    lc = cookies(hs)["lc"]
    csrf = re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()
    return lc, csrf


def login(port, email):
    lc, csrf = form_token(port)
    body = urllib.parse.urlencode({"csrf": csrf, "email": email,
                                   "password": PASSWORD})
    t0 = time.perf_counter()
    st, hs, _ = req(port, "POST", "/login", body,
                    {"Content-Type": "application/x-www-form-urlencoded",
                     "Cookie": "lc=" + lc})
    dt = time.perf_counter() - t0
    if st != 303:
        raise SystemExit("login failed: %d" % st)
    return dt, cookies(hs)["sid"]


def set_password(port, link):
    path = urllib.parse.urlparse(link).path
    st, hs, body = req(port, "GET", path)
    lc = cookies(hs)["lc"]
    csrf = re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()
    body = urllib.parse.urlencode({"csrf": csrf, "password": PASSWORD,
                                   "password2": PASSWORD})
    st, hs, _ = req(port, "POST", path, body,
                    {"Content-Type": "application/x-www-form-urlencoded",
                     "Cookie": "lc=" + lc})
    if st != 303:
        raise SystemExit("setting the password failed: %d" % st)


def wrk(url, cookie=None):
    args = ["wrk", "-t2", "-c50", "-d10s", url]
    if cookie:
        args[1:1] = ["-H", "Cookie: " + cookie]
    out = subprocess.run(args, capture_output=True, text=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main():
    tmp = tempfile.mkdtemp(prefix="wijkagenda-bench-login-")
    db = os.path.join(tmp, "bench.db")
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    users = ["bench%d@example.org" % i for i in range(10)]
    links = []
    subprocess.run([BIN, "migrate", "--db", db], check=True, capture_output=True)
    for u in users:
        out = subprocess.run([BIN, "admin", "create", "--email", u, "--db", db,
                              "--base-url", base], check=True,
                             capture_output=True, text=True).stdout
        links.append(out.strip().splitlines()[-1])
    srv = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:%d" % port,
                            "--db", db, "--rate-login", "0"],
                           stderr=open(os.path.join(tmp, "server.log"), "w"))
    try:
        for _ in range(300):
            try:
                if req(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        for link in links:
            set_password(port, link)
        times = []
        lock = threading.Lock()

        def worker(email):
            for _ in range(20):
                dt, _sid = login(port, email)
                with lock:
                    times.append(dt)

        t0 = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(u,)) for u in users]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        times.sort()
        p50 = statistics.median(times)
        p99 = times[int(len(times) * 0.99) - 1]
        base_out = subprocess.run([os.path.join(BUILD, "bench", "bench_argon2"),
                                   str(len(times))], capture_output=True,
                                  text=True).stdout.strip()
        print("login.concurrent10 logins=%d wall_s=%.1f logins_per_s=%.1f "
              "p50_ms=%.0f p99_ms=%.0f argon2_baseline: %s"
              % (len(times), wall, len(times) / wall, p50 * 1000, p99 * 1000,
                 base_out))
        _, sid = login(port, users[0])
        werk = wrk(base + "/werk", "sid=" + sid)
        health = wrk(base + "/healthz")
        print("session.check werk_rps=%.0f healthz_rps=%.0f ratio=%.2f"
              % (werk, health, werk / health))
    finally:
        srv.terminate()
        srv.wait(15)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
