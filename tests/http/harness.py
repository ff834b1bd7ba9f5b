"""Shared helper for the HTTP tests of wijkagenda.

Every tests/http/test_*.py file starts the real binary once on 127.0.0.1
with a fresh SQLite database in a temporary directory, runs its tests in
order, stops the server with SIGTERM (asserting a graceful exit 0 within
15 s) and prints, as its last line, exactly "N passed, N failed" (with
", N skipped" when a test called skip()).

Python 3 standard library only.

    import harness as H

    @H.test
    def healthz_ok(srv):
        r = srv.get("/healthz")
        H.eq(r.status, 200)

    if __name__ == "__main__":
        H.main()
"""
import argparse
import atexit
import hashlib
import html.parser
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# What every response must carry (src/http/server.c add_headers).
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options",
                    "Referrer-Policy")

FIELDS = ("kind", "text", "buurt", "lat", "lon", "email", "phone",
          "age_band", "category")


# --------------------------------------------------------------------------
# assertions

class Failure(AssertionError):
    pass


class Skip(Exception):
    """Raised by skip(): the test cannot run here (counted, not passed)."""


def skip(reason):
    raise Skip(reason)


def check(cond, msg="check failed"):
    if not cond:
        raise Failure(msg)


def eq(got, want, what="value"):
    if got != want:
        raise Failure("%s: expected %r, got %r" % (what, want, _short(got)))


def contains(haystack, needle, what="body"):
    if needle not in haystack:
        raise Failure("%s does not contain %r (got %r)"
                      % (what, needle, _short(haystack)))


def not_contains(haystack, needle, what="body"):
    if needle in haystack:
        i = haystack.find(needle)
        raise Failure("%s contains %r (at %d: ...%r...)"
                      % (what, needle, i, haystack[max(0, i - 60):i + 60]))


def _short(v, n=400):
    s = v if isinstance(v, (str, bytes)) else repr(v)
    if len(s) > n:
        return s[:n] + ("..." if isinstance(s, str) else b"...")
    return v


def uniq(prefix="test"):
    """A text that no other test submits (the server deduplicates)."""
    return "%s %s: de stoeptegel ligt los" % (prefix, uuid.uuid4().hex[:10])


# --------------------------------------------------------------------------
# responses

class Resp:
    def __init__(self, status, reason, headers, body, sock_id=None):
        self.status = status
        self.reason = reason
        self.header_list = headers  # [(name, value)]
        self.body = body
        self.sock_id = sock_id

    def header(self, name, default=None):
        name = name.lower()
        for k, v in self.header_list:
            if k.lower() == name:
                return v
        return default

    def headers_all(self, name):
        name = name.lower()
        return [v for k, v in self.header_list if k.lower() == name]

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except Exception as e:
            raise Failure("response is not JSON (%s): %r" % (e, self.body[:300]))

    def raw_headers(self):
        return "\n".join("%s: %s" % kv for kv in self.header_list)

    @property
    def gist(self):
        """For a failure message: an error page's own words (its
        wa-lead paragraph) when it has them, else the body's start.  The
        start alone is the page's head and says nothing."""
        m = re.search(rb'<p class="wa-lead">(.*?)</p>', self.body, re.S)
        if m:
            return "%d: %s" % (self.status, m.group(1).decode("utf-8", "replace"))
        return repr(self.body[:300])

    def __repr__(self):
        return "<Resp %s %r>" % (self.status, self.body[:120])


def _read(conn, method, path, body=None, headers=None):
    hdrs = dict(headers or {})
    conn.request(method, path, body=body, headers=hdrs)
    r = conn.getresponse()
    data = r.read()
    return Resp(r.status, r.reason, r.getheaders(), data)


class Conn:
    """One keep-alive connection (http.client.HTTPConnection).  Every
    request records the socket it went over, so a test can prove that the
    same socket served them all (http.client silently reconnects)."""

    def __init__(self, port, timeout=15):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.socks = []  # (id(sock), local port) per request
        self.responses = []

    def request(self, method, path, body=None, headers=None):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.c.request(method, path, body=body, headers=dict(headers or {}))
        sock = self.c.sock
        ident = (id(sock), sock.getsockname()[1]) if sock else None
        r = self.c.getresponse()
        data = r.read()
        resp = Resp(r.status, r.reason, r.getheaders(), data, ident)
        self.socks.append(ident)
        self.responses.append(resp)
        return resp

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_json(self, path, obj, headers=None):
        h = {"Content-Type": "application/json"}
        h.update(headers or {})
        body = obj if isinstance(obj, (bytes, str)) else json.dumps(obj)
        return self.request("POST", path, body=body, headers=h)

    def post_form(self, path, fields, headers=None):
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body=form_encode(fields), headers=h)

    def close(self):
        self.c.close()


def form_encode(fields):
    import urllib.parse
    if isinstance(fields, (bytes, str)):
        return fields
    return urllib.parse.urlencode(list(fields.items()) if isinstance(fields, dict)
                                  else list(fields))


def raw_request(port, data, timeout=5.0, read_until_close=True):
    """Send raw bytes; read until the server closes or timeout.  Returns
    (bytes received, closed_by_server)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        chunks = []
        closed = False
        deadline = time.time() + timeout
        while time.time() < deadline:
            s.settimeout(max(0.05, deadline - time.time()))
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not b:
                closed = True
                break
            chunks.append(b)
            if not read_until_close and b"\r\n\r\n" in b"".join(chunks):
                break
        return b"".join(chunks), closed
    finally:
        s.close()


def parse_statuses(raw):
    """Status codes of every HTTP response found in raw bytes."""
    return [int(m.group(1)) for m in re.finditer(rb"HTTP/1\.[01] (\d{3}) ", raw)]


# --------------------------------------------------------------------------
# the server

# Ports for test servers: below the kernel's ephemeral range (32768 and
# up, where bind(0) and outgoing connections take theirs), each test
# process in a slice of its own chosen by its pid, walked in turn.  With
# bind(0) two test processes started at once could both be handed the same
# free port and one server lost it (CI, issue 16); a slice makes that
# rare, and a start that still loses its port is tried again (Server.start).
_PORT_BASE, _PORT_SLICES, _PORT_SLICE = 20000, 200, 60
_port_next = [0]


def free_port():
    first = _PORT_BASE + (os.getpid() % _PORT_SLICES) * _PORT_SLICE
    for _ in range(_PORT_SLICE):
        p = first + _port_next[0] % _PORT_SLICE
        _port_next[0] += 1
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", p))
            return p
        except OSError:
            continue
        finally:
            s.close()
    s = socket.socket()  # the whole slice busy: any free port
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


_live = []


class _PortTaken(Exception):
    """The chosen port was taken before the server could bind it."""


@atexit.register
def _kill_leftovers():
    for p in _live:
        if p.poll() is None:
            p.kill()


class Server:
    def __init__(self, binary, extra_args=(), db_dir=None, db_name="test.db",
                 env=None):
        self.binary = os.path.abspath(binary)
        self.extra_args = list(extra_args)
        self.own_dir = db_dir is None
        self.dir = db_dir or tempfile.mkdtemp(prefix="wijkagenda-http-")
        self.db_path = os.path.join(self.dir, db_name)
        if PG:
            # The same (dir, name) is the same database, so a second
            # server given db_dir/db_name of the first shares it.
            self.db_path = pg_database_for(self.db_path)
        self.log_path = os.path.join(self.dir, "server-%d.log" % id(self))
        self.out_path = self.log_path + ".stdout"
        self.port = None
        self.proc = None
        self.env = env
        self.exit_code = None
        self.stop_seconds = None

    # -- lifecycle
    # Functional tests send many requests from one address: rate limits
    # are off unless a test asks for them (extra args come later and win).
    NO_LIMITS = ["--rate-intake", "0", "--rate-login", "0", "--rate-mail", "0"]

    def argv(self):
        return [self.binary, "serve", "--listen", "127.0.0.1:%d" % self.port,
                "--db", self.db_path] + self.NO_LIMITS + self.extra_args

    def start(self, timeout=60):
        """Start the server on a free port and wait until it is up.  The
        port is free when chosen, but another test process may take it
        before the server binds it (CI saw one test's requests answered
        by another test's server): the server must log that it listens
        on this port before /healthz counts, and a start that lost the
        port is tried again on another."""
        for attempt in range(3):
            try:
                return self._start_once(timeout)
            except _PortTaken:
                if attempt == 2:
                    raise RuntimeError("no free port in three tries; log:\n%s"
                                       % self.log_text()[-1500:])

    def _start_once(self, timeout):
        self.port = free_port()
        self.log = open(self.log_path, "ab")
        self.out = open(self.out_path, "ab")
        mark = self.log.tell()
        listening = "event=listening address=127.0.0.1:%d " % self.port
        env = dict(os.environ)
        env.update(self.env or {})
        self.proc = subprocess.Popen(self.argv(), stdout=self.out,
                                     stderr=self.log, stdin=subprocess.DEVNULL,
                                     env=env, cwd=REPO)
        _live.append(self.proc)
        t0 = time.time()
        last = None
        while time.time() - t0 < timeout:
            if self.proc.poll() is not None:
                since = self.log_text_from(mark)
                if "Address already in use" in since:
                    self.log.close()
                    self.out.close()
                    raise _PortTaken()
                raise RuntimeError("server exited with %s during start-up; log:\n%s"
                                   % (self.proc.returncode, self.log_text()[-3000:]))
            if listening not in self.log_text_from(mark):
                last = "not listening yet"
                time.sleep(0.05)
                continue
            try:
                r = self.request("GET", "/healthz", timeout=2, raw_errors=True)
                if r.status == 200:
                    self.start_seconds = time.time() - t0
                    _LIVE.add(self)
                    return self
                last = "healthz %d %r" % (r.status, r.body[:200])
            except (OSError, http.client.HTTPException) as e:
                last = repr(e)
            time.sleep(0.1)
        self.proc.kill()
        raise RuntimeError("server not healthy within %d s (%s); log:\n%s"
                           % (timeout, last, self.log_text()[-3000:]))

    def log_text_from(self, offset):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                return f.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Send sig; wait up to timeout.  Returns (exit code or None, seconds)."""
        if self.proc is None:
            return None, 0
        _LIVE.discard(self)
        t0 = time.time()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            rc = None
            self.proc.kill()
            self.proc.wait(5)
        self.exit_code = rc
        self.stop_seconds = time.time() - t0
        self.log.close()
        self.out.close()
        return rc, self.stop_seconds

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def cleanup(self):
        _LIVE.discard(self)
        if self.alive():
            self.proc.kill()
            self.proc.wait(5)
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log_text(self):
        return self.log_text_from(0)

    def log_lines(self):
        return [parse_logfmt(l) for l in self.log_text().splitlines() if l.strip()]

    # -- requests (one-shot: a new connection per request)
    def request(self, method, path, body=None, headers=None, timeout=15,
                raw_errors=False):
        """One request on a new connection.  A connection closed or reset
        without a response becomes a Failure naming the request."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            return _read(c, method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError,
                BrokenPipeError) as e:
            if raw_errors:
                raise
            raise Failure("%s %s (%d-byte body): the server closed the connection "
                          "without a response (%s)"
                          % (method, path[:80], len(body or b""), type(e).__name__))
        finally:
            c.close()

    def get(self, path, headers=None, timeout=15):
        return self.request("GET", path, headers=headers, timeout=timeout)

    def post_json(self, path, obj, headers=None, content_type="application/json"):
        h = {}
        if content_type is not None:
            h["Content-Type"] = content_type
        h.update(headers or {})
        body = obj if isinstance(obj, (bytes, str)) else json.dumps(obj)
        return self.request("POST", path, body=body, headers=h)

    def post_form(self, path, fields, headers=None,
                  content_type="application/x-www-form-urlencoded"):
        h = {}
        if content_type is not None:
            h["Content-Type"] = content_type
        h.update(headers or {})
        return self.request("POST", path, body=form_encode(fields), headers=h)

    def conn(self, timeout=15):
        return Conn(self.port, timeout)

    # -- database
    def db(self):
        return db_connect(self.db_path)

    def query(self, sql, args=()):
        return db_query(self.db_path, sql, args)

    def checksum(self):
        return db_checksum(self.db_path)


def parse_logfmt(line):
    out = {}
    for m in re.finditer(r'(\w+)=("((?:[^"\\]|\\.)*)"|\S*)', line):
        out[m.group(1)] = m.group(3) if m.group(3) is not None else m.group(2)
    out["_raw"] = line
    return out


# --------------------------------------------------------------------------
# PostgreSQL mode: WIJKAGENDA_TEST_PG holds a server URL (scripts/pg-test.sh
# url, ending in a maintenance database such as /postgres).  Every Server
# then runs on a fresh database $WIJKAGENDA_TEST_PG_BASE/t_<hash of its
# path>, created before start and dropped at exit; srv.db_path is that URL
# (so "--db srv.db_path" of the CLI tests works unchanged).  Python's
# sqlite3.connect is wrapped: given a postgres:// URL it returns PgConn, a
# small stand-in that runs each statement through psql (? placeholders
# become literals, rows come back typed through JSON).  SQLite-only SQL
# (sqlite_master, PRAGMA, julianday, rowid) fails there as it would.

PG = os.environ.get("WIJKAGENDA_TEST_PG") or None
PG_BASE = PG.rsplit("/", 1)[0] if PG else None
_pg_created = []


def _psql(url, sql, check=True):
    """One statement through a psql process of its own (for CREATE and
    DROP DATABASE, which must not run inside a kept session)."""
    p = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                        "-d", url, "-c", sql], capture_output=True,
                       text=True, timeout=120)
    if check and p.returncode != 0:
        raise sqlite3.DatabaseError("psql: %s" % p.stderr.strip()[:500])
    return p


class _PsqlSession:
    """A psql process kept open per database URL, fed statements on stdin.
    Starting psql for every statement cost about 20 ms each, which made
    the suite on PostgreSQL several times slower than on SQLite.  After
    each statement it echoes a marker line; error lines ("ERROR: ...",
    terse) raise DatabaseError, notices are skipped.  Each
    statement commits on its own, as psql's autocommit does."""

    _by_url = {}
    _lock = threading.Lock()

    def __init__(self, url):
        self.url = url
        self.n = 0
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=0",
             "-v", "VERBOSITY=terse", "-d", url],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, encoding="utf-8",
            errors="surrogateescape", bufsize=1)

    @classmethod
    def get(cls, url):
        with cls._lock:
            s = cls._by_url.get(url)
            if s is None or s.proc.poll() is not None:
                s = cls._by_url[url] = cls(url)
            return s

    @classmethod
    def close_all(cls, prefix=""):
        with cls._lock:
            for url in [u for u in cls._by_url if u.startswith(prefix)]:
                s = cls._by_url.pop(url)
                try:
                    s.proc.stdin.close()
                    s.proc.wait(5)
                except (OSError, subprocess.TimeoutExpired):
                    s.proc.kill()

    def run(self, sql):
        with self.lock:
            self.n += 1
            mark = "__wijkagenda_end_%d__" % self.n
            # The ";" on a line of its own ends a statement whose last line
            # is a comment too.
            self.proc.stdin.write(sql + "\n;\n\\echo " + mark + "\n")
            self.proc.stdin.flush()
            out, err = [], []
            while True:
                line = self.proc.stdout.readline()
                if line == "":
                    raise sqlite3.DatabaseError("psql ended: %s" % "".join(err)[-500:])
                line = line.rstrip("\n")
                if line == mark:
                    break
                if line.startswith(("ERROR:", "FATAL:", "PANIC:")) or (
                        line.startswith("psql:") and "ERROR:" in line):
                    err.append(line)
                    continue
                if line.startswith(("NOTICE:", "WARNING:", "INFO:", "DEBUG:",
                                    "psql:")):
                    continue
                out.append(line)
            if err:
                raise sqlite3.DatabaseError("psql: %s" % " ".join(err)[:500])
            return "\n".join(out)


@atexit.register
def _psql_sessions_close():
    _PsqlSession.close_all()


def pg_database_for(path):
    name = "t_" + hashlib.sha1(os.path.abspath(path).encode()).hexdigest()[:20]
    if name not in _pg_created:
        _PsqlSession.close_all("%s/%s" % (PG_BASE, name))
        _psql(PG, 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)
        _psql(PG, 'CREATE DATABASE "%s"' % name)
        _pg_created.append(name)
        # SQLite's julianday() for the tests' own queries (not the server's).
        _psql("%s/%s" % (PG_BASE, name),
              "CREATE FUNCTION julianday(text) RETURNS double precision"
              " LANGUAGE sql IMMUTABLE AS $$ SELECT extract(epoch FROM"
              " $1::timestamptz) / 86400.0 + 2440587.5 $$")
    return "%s/%s" % (PG_BASE, name)


@atexit.register
def _pg_drop_all():
    _PsqlSession.close_all()
    for name in _pg_created:
        _psql(PG, 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name, check=False)
    del _pg_created[:]


def _pg_literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, bytes):
        return "'\\x%s'::bytea" % v.hex()
    return "'%s'" % str(v).replace("'", "''")


def _pg_bind(sql, args):
    """sqlite3's ? placeholders (outside quotes) as SQL literals."""
    if not args:
        return sql
    out, i, q = [], 0, None
    for ch in sql:
        if q:
            q = None if ch == q else q
            out.append(ch)
        elif ch in "'\"":
            q = ch
            out.append(ch)
        elif ch == "?":
            out.append(_pg_literal(args[i]))
            i += 1
        else:
            out.append(ch)
    return "".join(out)


def _pg_value(v):
    return int(v) if isinstance(v, bool) else v


class PgCursor:
    def __init__(self, rows, rowcount, lastrowid):
        self.rows, self.rowcount, self.lastrowid = rows, rowcount, lastrowid

    def fetchall(self):
        return list(self.rows)

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def __iter__(self):
        return iter(self.rows)


# The running servers of this process, so that a test's own write can
# wait until each of them has seen it (_changed).
_LIVE = set()

# A public answer that every server keeps in its answer cache, small and
# the same on every database: the probe of _changed.
_PROBE = "/static/wijkagenda.css"


def _probe_cached(srv):
    try:
        return srv.get(_PROBE, timeout=5).header("X-Cache") == "hit"
    except (OSError, Failure, http.client.HTTPException):
        return False


def _changed(url):
    """A test's own write, outside the server: tell the servers' answer
    caches, as wijkagenda's own write transactions do (store/generation.c;
    on SQLite they see it through PRAGMA data_version), and wait until
    every running server on this database has seen it.  The listener
    thread takes the notice a moment later, and a request sent at once
    could still be answered from before the write (CI saw a list of 14
    in JSON and of 1,000 in XML).  The wait: once the probe is kept (a
    hit after the write), the probe's being dropped means the generation
    moved after the write, so every answer rendered before it is gone.
    A server without an answer cache never keeps the probe: no wait."""
    servers = [s for s in list(_LIVE) if s.db_path == url and s.alive()]
    primed = [s for s in servers
              if any(_probe_cached(s) for _ in range(3))]
    _PsqlSession.get(url).run("NOTIFY wijkagenda_changes")
    for s in primed:
        deadline = time.time() + 10
        while _probe_cached(s):
            if time.time() > deadline:
                raise Failure("the server on port %d kept its answers 10 s after "
                              "NOTIFY wijkagenda_changes" % s.port)
            time.sleep(0.002)


class PgConn:
    """Enough of sqlite3.Connection for the tests, in autocommit."""

    def __init__(self, url):
        self.url = url

    def execute(self, sql, args=()):
        sql = _pg_bind(sql.strip().rstrip(";"), args)
        head = sql.split(None, 1)[0].upper() if sql.split() else ""
        dml = head in ("INSERT", "UPDATE", "DELETE")
        added = dml and "RETURNING" not in sql.upper()
        if added:
            sql += " RETURNING *"
        if dml or head in ("SELECT", "WITH", "VALUES"):
            wrapped = ("WITH q AS (%s) SELECT COALESCE(json_agg(row_to_json(q)),"
                       " '[]') FROM q" % sql) if dml else (
                       "SELECT COALESCE(json_agg(row_to_json(q)), '[]')"
                       " FROM (%s) q" % sql)
            out = _PsqlSession.get(self.url).run(wrapped).strip()
            objs = json.loads(out or "[]", object_pairs_hook=list)
            rows = [tuple(_pg_value(v) for _, v in o) for o in objs]
            last = None
            if dml and objs:
                last = dict(objs[-1]).get("id")
                _changed(self.url)
            return PgCursor([] if added else rows,
                            len(rows), last)
        _PsqlSession.get(self.url).run(sql)
        _changed(self.url)
        return PgCursor([], -1, None)

    def executemany(self, sql, seq):
        for args in seq:
            self.execute(sql, args)

    def commit(self):
        pass

    def rollback(self):
        pass

    def close(self):
        pass

    def cursor(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


if PG:
    _sqlite_connect = sqlite3.connect

    def _connect_any(database, *a, **kw):
        d = str(database)
        if d.startswith(("postgres://", "postgresql://")):
            return PgConn(d)
        if d.startswith("file:postgres"):
            return PgConn(d[len("file:"):].split("?mode=")[0])
        return _sqlite_connect(database, *a, **kw)
    sqlite3.connect = _connect_any


# --------------------------------------------------------------------------
# database (read-only: the server owns it)

def db_connect(path):
    if str(path).startswith(("postgres://", "postgresql://")):
        return PgConn(path)
    return sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=10)


def db_query(path, sql, args=()):
    c = db_connect(path)
    try:
        return c.execute(sql, args).fetchall()
    finally:
        c.close()


# Columns that change without a request changing anything: the mail
# worker sends the outbox; sessions and keys note when they were last used.
VOLATILE = {"outbox": ("attempts", "next_attempt_at", "sent_at", "last_error"),
            "sessions": ("last_seen_at",), "api_keys": ("last_used_at",)}


def db_table_sums(path):
    """A SHA-256 of the contents of each table (rows sorted, volatile
    columns left out), by table name: what db_checksum is made of, and
    what unchanged names when a table changed.  Virtual FTS5 tables need
    the server's Dutch tokenizer to be read; their content lives in their
    shadow tables, which are included."""
    c = db_connect(path)
    try:
        if isinstance(c, PgConn):
            return _pg_table_sums(c)
        sums = {}
        tables = [r[0] for r in c.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
        for t in tables:
            cols = [r[1] for r in c.execute('PRAGMA table_info("%s")' % t)
                    if r[1] not in VOLATILE.get(t, ())]
            h = hashlib.sha256()
            rows = c.execute('SELECT %s FROM "%s"' % (
                ", ".join('"%s"' % x for x in cols), t)).fetchall()
            for row in sorted(repr(r) for r in rows):
                h.update(row.encode("utf-8", "surrogatepass"))
                h.update(b"\x01")
            sums[t] = h.hexdigest()
        return sums
    finally:
        c.close()


def checksum_of(sums):
    h = hashlib.sha256()
    for t in sorted(sums):
        h.update(b"\x00table " + t.encode() + b"\x00" + sums[t].encode())
    return h.hexdigest()


def db_checksum(path):
    """One SHA-256 over the contents of every table (db_table_sums), so
    a test can prove that bad input changed nothing."""
    return checksum_of(db_table_sums(path))


def _pg_table_sums(c):
    """db_table_sums on PostgreSQL: the same rule (every table, rows in a
    fixed order, volatile columns left out), hashed by the server in one
    query; comparable only with sums of the same database."""
    cols = {}
    # tables only, as on SQLite: a view (signal_summary, migration 025)
    # says again what its tables hold, and reading it for every signal
    # made a checksum slow enough for a job's tick to fall between two
    for t, col in c.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c"
            " JOIN information_schema.tables t ON t.table_schema = c.table_schema"
            " AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'"
            " WHERE c.table_schema = 'public' ORDER BY c.table_name,"
            " c.ordinal_position"):
        if col not in VOLATILE.get(t, ()):
            cols.setdefault(t, []).append('"%s"' % col)
    if not cols:
        return {}
    parts = ["SELECT '%s' AS t, COALESCE(string_agg(md5(ROW(%s)::text), ','"
             " ORDER BY md5(ROW(%s)::text)), '') AS h FROM \"%s\""
             % (t, ", ".join(cs), ", ".join(cs), t)
             for t, cs in sorted(cols.items())]
    rows = c.execute("SELECT t, md5(h) FROM (%s) x"
                     % " UNION ALL ".join(parts))
    return {t: h for t, h in rows.fetchall()}


def outbox_settled(srv, timeout=20):
    """Wait until the mail worker has sent every queued mail (mails a
    test did not ask for, such as the acknowledgement of a report, would
    otherwise arrive while it counts its own)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if srv.query("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"
                     " AND next_attempt_at < '9999'")[0][0] == 0:
            return
        time.sleep(0.05)
    raise Failure("the outbox did not empty within %d s" % timeout)


class unchanged:
    """with H.unchanged(srv): ... asserts the database is the same after;
    when it is not, the failure names the tables that changed."""

    def __init__(self, srv, what="database"):
        self.srv = srv
        self.what = what

    def __enter__(self):
        self.before = db_table_sums(self.srv.db_path)
        self.signals_before = self.srv.query("SELECT COUNT(*) FROM signals")[0][0]
        return self

    def __exit__(self, et, ev, tb):
        if et is not None:
            return False
        after = db_table_sums(self.srv.db_path)
        if after != self.before:
            n = self.srv.query("SELECT COUNT(*) FROM signals")[0][0]
            changed = sorted(t for t in set(after) | set(self.before)
                             if after.get(t) != self.before.get(t))
            raise Failure("%s changed after bad input (signals %d -> %d;"
                          " tables %s)" % (self.what, self.signals_before, n,
                                           ", ".join(changed)))
        return False


# --------------------------------------------------------------------------
# HTML

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []
        self.texts = []

    def text(self):
        out = list(self.texts)
        for c in self.children:
            out.append(c.text())
        return " ".join(t for t in out if t.strip())

    def iter(self):
        yield self
        for c in self.children:
            yield from c.iter()

    def find_all(self, tag=None, **attrs):
        out = []
        for n in self.iter():
            if tag and n.tag != tag:
                continue
            if all(n.attrs.get(k.rstrip("_").replace("_", "-")) == v
                   for k, v in attrs.items()):
                out.append(n)
        return out

    def by_id(self, ident):
        for n in self.iter():
            if n.attrs.get("id") == ident:
                return n
        return None

    def __repr__(self):
        return "<%s %r>" % (self.tag, self.attrs)


class _Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, [(k, v if v is not None else "") for k, v in attrs],
                 self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        n = Node(tag, [(k, v if v is not None else "") for k, v in attrs],
                 self.cur)
        self.cur.children.append(n)

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.texts.append(data)


def cookies(resp):
    """The cookies a response sets: {name: value}."""
    out = {}
    for v in resp.headers_all("Set-Cookie"):
        name, val = v.split(";", 1)[0].split("=", 1)
        out[name.strip()] = val
    return out


def cookie_headers(resp):
    """The cookies a response sets with their whole header, for tests of
    the attributes: {name: (value, Set-Cookie header)}."""
    out = {}
    for v in resp.headers_all("Set-Cookie"):
        name, val = v.split(";", 1)[0].split("=", 1)
        out[name.strip()] = (val, v)
    return out


def csrf_of(resp):
    """The value of the form's hidden csrf field."""
    m = re.search(r'name="csrf" value="([^"]*)"', resp.text)
    check(m, "no csrf field in %r" % resp.text[:400])
    return m.group(1)


def parse_html(text):
    b = _Builder()
    b.feed(text)
    b.close()
    return b.root


def html_lang(text):
    m = re.search(r'<html[^>]*\slang="([^"]*)"', text)
    return m.group(1) if m else None


# --------------------------------------------------------------------------
# header checks

def check_security_headers(r, what=""):
    where = (" (%s)" % what) if what else ""
    for h in SECURITY_HEADERS:
        check(r.header(h) is not None, "missing %s%s; headers: %s"
              % (h, where, r.raw_headers()))
    csp = r.header("Content-Security-Policy")
    check("frame-ancestors 'none'" in csp,
          "CSP lacks frame-ancestors 'none'%s: %r" % (where, csp))
    check("unsafe-inline" not in csp and "unsafe-eval" not in csp,
          "CSP allows unsafe-inline/eval%s: %r" % (where, csp))
    eq(r.header("X-Content-Type-Options").strip().lower(), "nosniff",
       "X-Content-Type-Options" + where)
    check(r.header("Referrer-Policy").strip() != "",
          "empty Referrer-Policy" + where)


def error_fields(r):
    """{"error": {"fields": {...}}} of a JSON error, or {}."""
    j = r.json()
    check(isinstance(j, dict) and isinstance(j.get("error"), dict),
          "not an error object: %r" % (j,))
    return j["error"].get("fields") or {}


def check_json_error(r, status, field=None, message_has=None):
    """The response is {"error": {status, code, message[, fields]}} with the
    given status; field, when given, is named in fields (or the message)."""
    eq(r.status, status, "status (body %r)" % r.body[:300])
    ctype = r.header("Content-Type", "")
    check(ctype.startswith("application/json"),
          "error Content-Type is %r" % ctype)
    j = r.json()
    err = j.get("error") if isinstance(j, dict) else None
    check(isinstance(err, dict), "no error object: %r" % (j,))
    eq(err.get("status"), status, "error.status")
    check(isinstance(err.get("code"), str) and err["code"],
          "error.code missing: %r" % err)
    check(isinstance(err.get("message"), str) and err["message"].strip(),
          "error.message missing: %r" % err)
    if field is not None:
        fields = err.get("fields") or {}
        check(field in fields or field in err["message"],
              "field %r not named: %r" % (field, err))
        if field in fields:
            check(isinstance(fields[field], str) and fields[field].strip(),
                  "empty message for field %r: %r" % (field, err))
    if message_has is not None:
        contains(err["message"], message_has, "error.message")
    return err


# --------------------------------------------------------------------------
# the registry

_tests = []


def test(fn=None, *, after_stop=False):
    """@test registers a test function taking the Server; after_stop=True
    ones run after the server was stopped (log checks)."""
    def reg(f):
        _tests.append((f.__name__, f, after_stop))
        return f
    return reg(fn) if fn is not None else reg


class Ctx:
    args = None
    srv = None
    info = []


def note(msg):
    """An informational line, printed at the end (timings, etc.)."""
    Ctx.info.append(msg)
    print("INFO " + msg, flush=True)


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(REPO, "build", "wijkagenda"))
    ap.add_argument("-k", dest="only", default=None,
                    help="run only tests whose name contains this")
    ap.add_argument("-v", dest="verbose", action="store_true")
    return ap.parse_args()


def _server_said(srv, mark):
    """The warnings and errors the server logged since mark (a log
    offset), for a failure: CI keeps nothing else of the server's log."""
    if not isinstance(srv, Server) or mark is None:
        return ""
    lines = [l for l in srv.log_text_from(mark).splitlines()
             if re.search(r"\blevel=(warn|error|fatal)\b", l)]
    if not lines:
        return ""
    return "\n    server said:\n      " + "\n      ".join(l[:300] for l in lines[-8:])


def _run_one(name, fn, arg, results):
    t0 = time.time()
    mark = None
    if isinstance(arg, Server):
        try:
            mark = os.path.getsize(arg.log_path)
        except OSError:
            pass
    try:
        fn(arg)
    except Skip as e:
        results.append((name, None, str(e)))
        print("skip %s: %s" % (name, e), flush=True)
        return
    except Failure as e:
        results.append((name, False, str(e)))
        print("FAIL %s: %s%s" % (name, e, _server_said(arg, mark)), flush=True)
        return
    except Exception as e:
        tb = traceback.format_exc().strip().splitlines()
        where = [l.strip() for l in tb if l.strip().startswith("File")][-1:]
        results.append((name, False, "%s: %s %s" % (type(e).__name__, e,
                                                     " ".join(where))))
        print("FAIL %s: %s: %s (%s)" % (name, type(e).__name__, e,
                                          " ".join(where)), flush=True)
        return
    results.append((name, True, ""))
    print("ok   %s (%.2f s)" % (name, time.time() - t0), flush=True)


def main(extra_args=(), start_timeout=60, graceful=True):
    """Start one server, run every registered test, stop the server
    gracefully (itself a test), run the after_stop tests, print the
    summary line and exit 1 when anything failed."""
    args = parse_args()
    Ctx.args = args
    t_start = time.time()
    results = []
    srv = Server(args.binary, extra_args)
    Ctx.srv = srv
    try:
        try:
            srv.start(start_timeout)
            print("server up on port %d in %.1f s" % (srv.port, srv.start_seconds),
                  flush=True)
        except Exception as e:
            print("FAIL server_start: %s" % e, flush=True)
            print("0 passed, 1 failed")
            sys.exit(1)
        sel = [(n, f, a) for n, f, a in _tests
               if not args.only or args.only in n]
        for name, fn, after in sel:
            if not after:
                if not srv.alive():
                    results.append((name, False, "server is not running"))
                    print("FAIL %s: server is not running (exit %s); log tail:\n%s"
                          % (name, srv.proc.returncode, srv.log_text()[-1500:]))
                    continue
                _run_one(name, fn, srv, results)
        if graceful:
            _run_one("graceful_shutdown", _graceful, srv, results)
        for name, fn, after in sel:
            if after:
                _run_one(name, fn, srv, results)
    finally:
        srv.cleanup()
    passed = sum(1 for r in results if r[1] is True)
    skipped = sum(1 for r in results if r[1] is None)
    failed = len(results) - passed - skipped
    print("runtime %.1f s" % (time.time() - t_start))
    print("%d passed, %d failed%s" % (passed, failed,
                                      ", %d skipped" % skipped if skipped else ""))
    sys.exit(1 if failed else 0)


def _graceful(srv):
    """SIGTERM: the server exits 0 within 15 s and logs that it stopped."""
    was_alive = srv.alive()
    rc, secs = srv.stop(signal.SIGTERM, 15)
    check(was_alive, "server had already exited with %s before SIGTERM"
          % srv.proc.returncode)
    check(rc is not None, "server did not exit within 15 s of SIGTERM")
    log = srv.log_text()
    # a crash while stopping: what the server said last (fatal: ..., the
    # sanitizers' report) is the only trace CI keeps of it
    check(rc == 0, "exit code after SIGTERM: expected 0, got %s; log tail:\n%s"
          % (rc, "\n".join(l for l in log.splitlines()[-40:]
                           if "event=request" not in l)))
    check("event=stopping" in log and "event=stopped" in log,
          "log lacks event=stopping/stopped: %r" % log[-600:])
    note("server stopped %.2f s after SIGTERM" % secs)


def threads_run(n, fn):
    """Run fn(i) in n threads started together; returns results by index
    (exceptions are returned, not raised)."""
    out = [None] * n
    barrier = threading.Barrier(n)

    def worker(i):
        try:
            barrier.wait(10)
            out[i] = fn(i)
        except Exception as e:  # returned for the test to report
            out[i] = e
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    return out


def buurten_path():
    for p in (os.path.join(REPO, "data", "amsterdam", "buurten.geojson"),
              os.path.join(REPO, "..", "shared", "data",
                           "amsterdam-gebieden-2022", "buurten.geojson")):
        if os.path.exists(p):
            return os.path.normpath(p)
    raise RuntimeError("buurten.geojson not found")


def load_buurten():
    with open(buurten_path(), encoding="utf-8") as f:
        return json.load(f)["features"]


# --------------------------------------------------------------------------
# people: one-time tokens, passwords, log-ins, residents' magic links.
# Many test files walk these flows; these helpers take the real pages
# (no session written into the database) and return (sid, csrf): the
# session cookie and the CSRF token of that session.

PASSWORD = "een lang wachtwoord voor de test"
FAR_FUTURE = "2999-01-01T00:00:00.000Z"


def new_token():
    """A random value of the server's token format (base/token.c: 22
    characters of base64url), e.g. for the "lc" double-submit cookie."""
    import base64
    return base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()


def token_hash(token):
    """src/base/token.c token_hash_parts of one part: BLAKE2b-128 of the
    text followed by 0x1f, hex; how tokens, sessions and API keys are
    stored."""
    return hashlib.blake2b(token.encode() + b"\x1f", digest_size=16).hexdigest()


def installation_secret(srv):
    """The secret that keys the residents' keys (app/resident.h): the file
    beside a SQLite database, or the database's own on PostgreSQL."""
    if str(srv.db_path).startswith(("postgres://", "postgresql://")):
        return bytes.fromhex(srv.query("SELECT value FROM installation_state"
                                       " WHERE name = 'resident_secret'")[0][0])
    with open(srv.db_path + ".secret") as f:
        return bytes.fromhex(f.read().strip())


def resident_key(srv, *parts):
    """app/resident.c resident_key_parts: the unkeyed hash of the parts
    (token_hash_parts), keyed with the installation secret."""
    inner = hashlib.blake2b(b"".join(p.encode() + b"\x1f" for p in parts),
                            digest_size=16).hexdigest()
    return hashlib.blake2b(inner.encode(), key=installation_secret(srv),
                           digest_size=16).hexdigest()


def _session_of(resp, what):
    sid = cookies(resp).get("sid")
    check(sid, "%s: no session cookie (status %d, %s)"
          % (what, resp.status, resp.gist))
    return sid


def csrf_for(srv, sid, path="/werk"):
    """The CSRF token of a session, from a page that shows a form."""
    r = srv.get(path, headers={"Cookie": "sid=" + sid})
    eq(r.status, 200, "GET %s with the new session" % path)
    return csrf_of(r)


def choose_password(srv, path, password=PASSWORD):
    """Open a mailed /wachtwoord/{token} link and choose a password:
    signed in."""
    r = srv.get(path)
    eq(r.status, 200, "GET %s (%s)" % (path, r.gist))
    lc = cookies(r)["lc"]
    r = srv.post_form(path, {"password": password, "password2": password,
                             "csrf": csrf_of(r)}, headers={"Cookie": "lc=" + lc})
    eq(r.status, 303, "choose a password at %s (%s)" % (path, r.gist))
    sid = _session_of(r, "choose password")
    return sid, csrf_for(srv, sid)


def login(srv, email, password=PASSWORD):
    """Log in through GET and POST /login: a new session."""
    r = srv.get("/login")
    eq(r.status, 200, "GET /login")
    lc = cookies(r)["lc"]
    r = srv.post_form("/login", {"email": email, "password": password,
                                 "csrf": csrf_of(r)}, headers={"Cookie": "lc=" + lc})
    eq(r.status, 303, "log in as %s (%s)" % (email, r.gist))
    sid = _session_of(r, "log in")
    return sid, csrf_for(srv, sid)


def admin_create(srv, email):
    """`wijkagenda admin create`: the path of the one-time link it prints."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([srv.binary, "admin", "create", "--email", email, "--db",
                        srv.db_path, "--base-url", "http://127.0.0.1:%d" % srv.port],
                       capture_output=True, text=True, timeout=60, env=env,
                       stdin=subprocess.DEVNULL)
    eq(p.returncode, 0, "admin create (%s)" % p.stderr)
    m = re.search(r"(/wachtwoord/[A-Za-z0-9_-]{22})\s*$", p.stdout)
    check(m, "no link in %r" % p.stdout)
    return m.group(1)


def mail_link(smtp, addr, kind="wachtwoord", after=0, timeout=20):
    """The path of the /<kind>/{token} link in the first mail to addr
    that has one among smtp.messages[after:] (a tests/http/smtpd.py
    SmtpServer); other mails to addr (a report's acknowledgement, which
    the mail worker may send late) are passed over."""
    deadline = time.time() + timeout
    pat = re.compile(r"http://[^/\s]+(/%s/[A-Za-z0-9_-]{22})\b" % re.escape(kind))
    seen = []
    while time.time() < deadline:
        for m in list(smtp.messages)[after:]:
            if addr in m.rcpt_tos:
                link = pat.search(m.text())
                if link:
                    return link.group(1)
                if m not in seen:
                    seen.append(m)
        time.sleep(0.02)
    raise Failure("no mail with a /%s/ link to %s within %d s (other mails: %r)"
                  % (kind, addr, timeout, [m.text()[:200] for m in seen]))


def resident_session(srv, smtp, email):
    """A resident's "mijn meldingen" session by the real magic-link flow
    (the address must be the contact e-mail of a signal): ask at /mijn,
    open the mailed link, press its button."""
    n = len(smtp.messages)
    r = srv.get("/mijn")
    eq(r.status, 200, "GET /mijn")
    lc = cookies(r)["lc"]
    r = srv.post_form("/mijn", {"csrf": csrf_of(r), "email": email},
                      headers={"Cookie": "lc=" + lc})
    eq(r.status, 200, "ask for a link (%s)" % r.gist)
    path = mail_link(smtp, email, "mijn", after=n)
    r = srv.get(path)
    eq(r.status, 200, "open the magic link")
    lc = cookies(r)["lc"]
    r = srv.post_form(path, {"csrf": csrf_of(r)}, headers={"Cookie": "lc=" + lc})
    eq(r.status, 303, "use the magic link (%s)" % r.gist)
    sid = _session_of(r, "magic link")
    return sid, csrf_for(srv, sid, "/mijn/meldingen")
