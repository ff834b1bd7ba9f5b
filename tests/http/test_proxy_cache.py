"""Who the client is, and what may be cached (issue 10.8 and 10.10).

X-Forwarded-For names the client only when the request comes from a proxy
named with --trusted-proxy; from anyone else it is ignored, so nobody can
pick an address for the rate limits.  Pages rendered for a session carry
Cache-Control: private, no-store, public pages for nobody in particular do
not.  The addresses are loopback ones (all of 127/8 is loopback on Linux):
the proxy is 127.0.0.1, an outsider 127.0.0.7.

    python3 tests/http/test_proxy_cache.py --binary build/wijkagenda
"""
import http.client
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

PASSWORD = "een lang wachtwoord voor de test"
OUTSIDER = "127.0.0.7"


def post_signal(srv, source="127.0.0.1", xff=None):
    """POST a new signal from source (with X-Forwarded-For xff); status."""
    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10,
                                   source_address=(source, 0))
    h = {"Content-Type": "application/json"}
    if xff:
        h["X-Forwarded-For"] = xff
    try:
        c.request("POST", "/api/v1/signals", headers=h,
                  body=json.dumps({"text": H.uniq("proxy"), "buurt": "AA01"}))
        r = c.getresponse()
        r.read()
        return r.status
    finally:
        c.close()


def limited_server(*extra):
    return H.Server(H.Ctx.args.binary, ["--rate-intake", "2"] + list(extra)).start(60)


@test
def forwarded_for_only_from_the_named_proxy(srv):
    other = limited_server("--trusted-proxy", "127.0.0.1", "--trusted-proxy", "::1")
    try:
        # through the proxy, each client has its own bucket
        st = [post_signal(other, xff="192.0.2.1") for _ in range(3)]
        eq(st, [201, 201, 429], "client 192.0.2.1 behind the proxy")
        eq(post_signal(other, xff="192.0.2.2"), 201, "another client behind the proxy")
        # the proxy appends; what a client wrote before it is not believed
        eq(post_signal(other, xff="192.0.2.99, 192.0.2.1"), 429,
           "a client cannot hide behind a forged first entry")
        # a chain of two trusted proxies: the first untrusted from the right
        eq(post_signal(other, xff="192.0.2.1, 127.0.0.1"), 429,
           "past a trusted proxy in the chain")
        # from an address that is no trusted proxy the header is ignored:
        # every request counts against the outsider's own address
        st = [post_signal(other, source=OUTSIDER, xff="198.51.100.%d" % i)
              for i in range(3)]
        eq(st, [201, 201, 429], "X-Forwarded-For from an outsider is ignored")
        # rubbish in the header from the proxy: the proxy's own address
        st = [post_signal(other, xff="not an address") for _ in range(3)]
        eq(st, [201, 201, 429], "an unreadable header counts as the proxy")
    finally:
        other.stop()
        other.cleanup()


@test
def without_trusted_proxy_the_header_means_nothing(srv):
    other = limited_server()
    try:
        st = [post_signal(other, xff="203.0.113.%d" % i) for i in range(3)]
        eq(st, [201, 201, 429], "no proxy named: X-Forwarded-For ignored")
    finally:
        other.stop()
        other.cleanup()


@test
def trust_proxy_flag_is_refused_with_a_hint(srv):
    for args, needle in ((["--trust-proxy"], "--trusted-proxy ADDR"),
                         (["--trusted-proxy", "nginx.local"], "numeric"),
                         (["--trusted-proxy", "10.0.0.1/8"], "numeric")):
        out = subprocess.run([os.path.abspath(H.Ctx.args.binary), "serve",
                              "--listen", "127.0.0.1:1", "--db", "/nonexistent/x.db"]
                             + args, capture_output=True, text=True, timeout=30)
        eq(out.returncode, 2, "exit code for %r" % args)
        check(needle in out.stderr, "message for %r: %r" % (args, out.stderr))


def admin_session(srv):
    return H.choose_password(srv, H.admin_create(srv, "cache-admin@example.org"), PASSWORD)[0]


@test
def pages_for_a_session_are_private(srv):
    sid = admin_session(srv)
    signed_in = {"Cookie": "sid=" + sid}
    for path in ("/", "/melden", "/sociale-kaart", "/werk", "/beheer/organisaties"):
        r = srv.get(path, headers=signed_in)
        eq(r.status, 200, "GET %s signed in" % path)
        eq(r.header("Cache-Control"), "private, no-store", "Cache-Control of %s" % path)
    for path in ("/", "/sociale-kaart"):
        r = srv.get(path)
        eq(r.status, 200, "GET %s" % path)
        eq(r.header("Cache-Control"), None, "a public page for nobody: %s" % path)
    # a cookie that names no session is nobody
    r = srv.get("/", headers={"Cookie": "sid=" + "B" * 22})
    eq(r.header("Cache-Control"), None, "unknown session")


if __name__ == "__main__":
    H.main()
