"""One installation, several municipalities (serve --site HOST=GMxxxx):
Amsterdam and the generated GM9999 "Proefdorp" (tests/fixtures/gm9999,
imported through the real import-areas before the server starts).  Each
request's municipality comes from its Host; an unknown or hostile Host
gets a 404 that names nothing of the installation; a signal of one
municipality is never seen through the other's host.

    python3 tests/http/test_sites.py --binary build/wijkagenda
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, contains, eq, not_contains, test  # noqa: E402

FIXTURE = os.path.join(H.REPO, "tests", "fixtures", "gm9999")
AMS, PROEF = "ams.test", "proef.test"
SITES = ["--site", AMS + "=GM0363", "--site", PROEF + "=GM9999",
         "--site", "www." + AMS + "=GM0363"]
# A point in Proefbuurt 1.1 (BU99990101) and one in Amsterdam's centre.
PROEF_LAT, PROEF_LON = "52.005", "5.305"
AMS_LAT, AMS_LON = "52.3731", "4.8926"


def run(args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([os.path.abspath(H.Ctx.args.binary)] + args,
                       capture_output=True, timeout=120, env=env,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def import_gm9999(binary, db):
    """migrate, then wijken and buurten of GM9999 through import-areas."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    steps = [["migrate", "--db", db],
             ["import-areas", os.path.join(FIXTURE, "wijken.geojson"), "--level",
              "wijk", "--db", db, "--municipality", "GM9999",
              "--municipality-name", "Proefdorp"],
             ["import-areas", os.path.join(FIXTURE, "buurten.geojson"), "--level",
              "buurt", "--db", db, "--municipality", "GM9999",
              "--parent-prop", "ouder"]]
    for s in steps:
        p = subprocess.run([os.path.abspath(binary)] + s, capture_output=True,
                           timeout=120, env=env, stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            raise RuntimeError("%s: %s" % (" ".join(s[:2]), p.stderr.decode()))


class SitesServer(H.Server):
    """The GM9999 areas are in the database before the server loads them."""

    def start(self, timeout=60):
        if not getattr(self, "imported", False):
            import_gm9999(self.binary, self.db_path)
            self.imported = True
        return super().start(timeout)


def get(srv, host, path, headers=None):
    h = {"Host": host}
    h.update(headers or {})
    return srv.request("GET", path, headers=h)


def codes(r):
    eq(r.status, 200, "areas list (body %r)" % r.body[:200])
    return sorted(a["code"] for a in r.json()["areas"])


@test
def area_api_answers_per_host(srv):
    p = get(srv, PROEF, "/api/v1/areas?level=buurt")
    eq(p.json()["municipality"], "GM9999", "municipality through proef")
    eq(codes(p), ["BU99990101", "BU99990102", "BU99990201", "BU99990202"],
       "buurten through proef")
    a = get(srv, AMS, "/api/v1/areas?level=buurt")
    eq(a.json()["municipality"], "GM0363", "municipality through ams")
    ac = codes(a)
    check(len(ac) > 100, "Amsterdam's buurten through ams (%d)" % len(ac))
    check(not any(c.startswith("BU9999") for c in ac), "no GM9999 buurt in Amsterdam")
    eq(codes(get(srv, PROEF, "/api/v1/areas?level=wijk")),
       ["WK999901", "WK999902"], "wijken through proef")
    eq(get(srv, AMS, "/api/v1/areas/BU99990101").status, 404,
       "a GM9999 buurt through ams")
    r = get(srv, PROEF, "/api/v1/areas/BU99990101")
    eq(r.status, 200, "a GM9999 buurt through proef")
    eq(r.json()["parent"], "WK999901", "its wijk")
    eq(get(srv, PROEF, "/api/v1/areas/" + ac[0]).status, 404,
       "an Amsterdam buurt through proef")


@test
def area_lookup_per_host(srv):
    r = get(srv, PROEF, "/api/v1/areas/lookup?lat=%s&lon=%s" % (PROEF_LAT, PROEF_LON))
    eq(r.status, 200, "lookup in Proefdorp (body %r)" % r.body[:200])
    eq(r.json()["buurt"]["code"], "BU99990101", "buurt")
    r = get(srv, AMS, "/api/v1/areas/lookup?lat=%s&lon=%s" % (PROEF_LAT, PROEF_LON))
    check(r.status != 200 or "buurt" not in r.json(),
          "Proefdorp's point through ams (%d %r)" % (r.status, r.body[:200]))
    r = get(srv, PROEF, "/api/v1/areas/lookup?lat=%s&lon=%s" % (AMS_LAT, AMS_LON))
    check(r.status != 200 or "buurt" not in r.json(),
          "Amsterdam's point through proef (%d %r)" % (r.status, r.body[:200]))
    r = get(srv, AMS, "/api/v1/areas/lookup?lat=%s&lon=%s" % (AMS_LAT, AMS_LON))
    eq(r.status, 200, "Amsterdam's point through ams")


@test
def report_form_per_host(srv):
    p = get(srv, PROEF, "/melden")
    eq(p.status, 200, "form through proef")
    contains(p.text, "BU99990202", "form through proef")
    contains(p.text, "Proefbuurt 2.2", "form through proef")
    not_contains(p.text, "Burgwallen", "form through proef")
    a = get(srv, AMS, "/melden")
    eq(a.status, 200, "form through ams")
    not_contains(a.text, "Proefbuurt", "form through ams")
    not_contains(a.text, "BU9999", "form through ams")


@test
def host_case_port_and_alias(srv):
    for host in ("PROEF.TEST", "proef.test:8080", "Proef.Test.", "proef.test.:1"):
        r = get(srv, host, "/api/v1/areas?level=wijk")
        eq(r.status, 200, "Host %r" % host)
        eq(r.json()["municipality"], "GM9999", "Host %r" % host)
    eq(get(srv, "www." + AMS, "/api/v1/areas?level=wijk").json()["municipality"],
       "GM0363", "a second host of Amsterdam")


INTERNAL = ["GM0363", "GM9999", "Amsterdam", "Proefdorp", "wijkagenda.db",
            "ams.test", "proef.test"]


def unknown_page(r, what):
    eq(r.status, 404, what)
    for word in INTERNAL:
        not_contains(r.text, word, what)


@test
def unknown_and_hostile_hosts_get_404(srv):
    hostile = ["other.test", "proef.test.evil.test", "evil.proef.test",
               "proef.test:abc", "proef.test:99999999", "proef.test,ams.test",
               "proef.test/x", "127.0.0.1", "[::1]", "<script>alert(1)</script>",
               "proef%2Etest", "a" * 250 + ".test", "x" * 5000,
               "proef.test\tx", "user@proef.test", ""]
    for host in hostile:
        for path in ("/", "/api/v1/areas?level=buurt", "/melden", "/open311/v2/requests.json"):
            unknown_page(get(srv, host, path), "Host %r %s" % (host[:40], path))
    r = srv.request("POST", "/api/v1/signals", body=json.dumps({"text": "x"}),
                    headers={"Host": "other.test", "Content-Type": "application/json"})
    unknown_page(r, "POST through an unknown host")
    # HTTP/1.0 without a Host header at all.
    raw, _ = H.raw_request(srv.port, b"GET /api/v1/areas?level=buurt HTTP/1.0\r\n\r\n")
    check(raw.startswith(b"HTTP/1.") and b" 404 " in raw.split(b"\r\n")[0],
          "no Host: %r" % raw[:80])
    for word in INTERNAL:
        check(word.encode() not in raw, "no Host names %s" % word)
    # Two Host headers: never the second's municipality by accident.
    raw, _ = H.raw_request(srv.port, b"GET /api/v1/areas?level=wijk HTTP/1.1\r\n"
                           b"Host: other.test\r\nHost: proef.test\r\n"
                           b"Connection: close\r\n\r\n")
    check(b"GM9999" not in raw, "two Host headers: %r" % raw[:200])
    eq(get(srv, "10.1.2.3", "/healthz").status, 200, "health check of any host")
    check(srv.alive(), "server alive after hostile hosts")


@test
def site_option_refused_when_wrong(srv):
    db = os.path.join(srv.dir, "unused.db")
    for bad in ("Proef.test=GM9999", "proef.test:80=GM9999", "proef.test=XX",
                "=GM9999", "proef.test", "proef test=GM9999", "proef.test=GM99999"):
        rc, out, err = run(["serve", "--db", db, "--site", bad])
        eq(rc, 2, "--site %r exit code (%s)" % (bad, err))
        contains(err, "--site", "--site %r stderr" % bad)
    rc, out, err = run(["serve", "--db", db, "--site", "a.test=GM0363",
                        "--site", "a.test=GM9999"])
    eq(rc, 2, "the same host twice")
    # A municipality without areas: serve refuses to start.
    rc, out, err = run(["serve", "--db", db, "--listen", "127.0.0.1:%d" % H.free_port(),
                        "--site", "a.test=GM0363", "--site", "b.test=GM0599"])
    eq(rc, 1, "a municipality not in the database (%s)" % err)
    contains(err, "GM0599", "names the municipality")


@test
def without_sites_every_host_is_amsterdam(srv):
    b = H.Server(srv.binary, [])
    b.start()
    try:
        for host in ("proef.test", "anything.example", "127.0.0.1"):
            r = b.request("GET", "/api/v1/areas?level=wijk", headers={"Host": host})
            eq(r.status, 200, "Host %s" % host)
            eq(r.json()["municipality"], "GM0363", "Host %s" % host)
    finally:
        b.stop()
        b.cleanup()


if __name__ == "__main__":
    H.Server = SitesServer
    H.main(extra_args=SITES)
