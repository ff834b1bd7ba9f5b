"""The conventions of our API (issue 15; docs/api.md, "Conventions")
against the real binary with --demo (kwesties, social map, accounts):

- ETag on every public GET/HEAD answered 200 (a quoted 128-bit hex
  hash of the body), the same for two GETs and for HEAD; If-None-Match
  with that tag, a list holding it, its weak form or `*` is 304 without
  a body, carrying ETag and Cache-Control; a tag of an older answer is
  200 with a new ETag once a write changed the answer (support for a
  kwestie); none on an answer for a signed-in person (no-store);
  Cache-Control: no-cache on API answers that chose nothing, the
  figures' own public max-age kept, /cijfers keeps Vary: Cookie;
- Link headers (RFC 8288) on the paged lists: HSDS (by page number,
  first/prev/next/last, absolute URLs keeping the other parameters),
  the audit log and triage (by cursor, first/next); none past the end;
- Retry-After on the 429s of the login, intake and readability limits;
- CORS: Access-Control-Allow-Origin: * on public reads under the API
  paths, a preflight OPTIONS answered 204, never on writes, private
  answers, pages, or with credentials; OPTIONS elsewhere stays 405;
- hostile If-None-Match (many entries, 8 KB, garbage, bad quotes):
  a sane answer and the server lives.

    python3 tests/http/test_conventions.py --binary build/wijkagenda
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

DEMO_PASSWORD = "demo-wachtwoord-2026"
ADMIN = "beheerder@demo.wijkagenda.nl"
WORKER = "medewerker@demo.wijkagenda.nl"
ORIGIN = {"Origin": "https://buurt.example"}
S = {}

PUBLIC_READS = ["/api/v1/areas?level=stadsdeel", "/api/v1/areas/E",
                "/api/v1/areas/E/agenda", "/hsds/services?per_page=3",
                "/hsds/organizations", "/api/v1/workdays?from=2026-01-05&days=3"]


def etag_of(r, what):
    tag = r.header("ETag")
    check(tag and re.fullmatch(r'"[0-9a-f]{32}"', tag),
          "%s: a strong ETag of 32 hex digits, not %r" % (what, tag))
    return tag


def sid_of(srv, email):
    if email not in S:
        S[email] = H.login(srv, email, DEMO_PASSWORD)[0]
    return S[email]


def links(r):
    """rel -> URL of the Link header (RFC 8288, as we write it)."""
    out = {}
    for m in re.finditer(r'<([^>]*)>;\s*rel="([^"]+)"', r.header("Link") or ""):
        out[m.group(2)] = m.group(1)
    return out


def path_of(srv, url):
    base = "http://127.0.0.1:%d" % srv.port
    check(url.startswith(base), "absolute URL from --base-url: %r" % url)
    return url[len(base):]


def a_kwestie(srv):
    r = srv.get("/api/v1/areas/GM0363/agenda")
    eq(r.status, 200, "the city's agenda")
    ks = [k for k in r.json()["kwesties"] if k["status"] != "afgerond"]
    check(ks, "the demo has open kwesties")
    return ks[0]["id"]


# --- ETag and If-None-Match ------------------------------------------------

@test
def etag_stable_and_the_same_for_head(srv):
    for path in PUBLIC_READS:
        a, b = srv.get(path), srv.get(path)
        eq(a.status, 200, path)
        eq(etag_of(a, path), etag_of(b, path), "two GETs of %s" % path)
        h = srv.request("HEAD", path)
        eq(h.status, 200, "HEAD " + path)
        eq(h.header("ETag"), a.header("ETag"), "HEAD and GET of " + path)
        eq(a.header("Cache-Control"), "no-cache", "Cache-Control of " + path)


@test
def if_none_match_gives_304(srv):
    path = "/api/v1/areas/E/agenda"
    tag = etag_of(srv.get(path), path)
    for inm in (tag, '"abc", ' + tag, '"abc",' + tag + ' , "def"', "W/" + tag,
                '"x", W/' + tag, "*", " * "):
        r = srv.get(path, headers={"If-None-Match": inm})
        eq(r.status, 304, "If-None-Match: %s" % inm)
        eq(r.body, b"", "no body in a 304")
        eq(r.header("ETag"), tag, "the 304 names the tag")
        eq(r.header("Cache-Control"), "no-cache", "Cache-Control on the 304")
        check("Accept-Language" in ", ".join(r.headers_all("Vary")), "Vary kept")
        eq(r.header("Content-Type"), None, "no Content-Type on a 304")
    r = srv.request("HEAD", path, headers={"If-None-Match": tag})
    eq(r.status, 304, "HEAD with a matching tag")
    for inm in ('"abc"', tag[:-2] + '"', "W/\"%s" % tag, tag.strip('"')):
        r = srv.get(path, headers={"If-None-Match": inm})
        eq(r.status, 200, "If-None-Match: %s does not match" % inm)
        eq(r.header("ETag"), tag, "the same answer")
    r = srv.get(path, headers={"If-None-Match": tag, "Accept-Language": "en"})
    en = r.header("ETag")
    check(r.status == 304 or en != tag,
          "a language with another body has another tag (%s)" % r.status)


@test
def a_304_is_headers_only_with_the_200s_length(srv):
    """RFC 9110 8.6: a 304 may carry Content-Length only as the length of
    the 200 it stands for; it has no body, so the next answer on the same
    connection starts right after its header block (pipelined here)."""
    for path in ("/api/v1/areas/E/agenda", "/agenda/E"):
        full = srv.get(path)
        eq(full.status, 200, path)
        tag = etag_of(full, path)
        raw, _ = H.raw_request(srv.port, (
            "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: %s\r\n\r\n"
            "GET /api/v1/areas/E HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Connection: close\r\n\r\n" % (path, tag)).encode(), timeout=10)
        head, sep, rest = raw.partition(b"\r\n\r\n")
        check(sep and head.startswith(b"HTTP/1.1 304 "), "%s: a 304 first: %r"
              % (path, raw[:200]))
        m = re.search(rb"\r\ncontent-length: *(\d+)", head, re.I)
        check(m is None or int(m.group(1)) == len(full.body),
              "%s: Content-Length of the 304 %s, the 200's body is %d bytes"
              % (path, m and m.group(1), len(full.body)))
        check(rest.startswith(b"HTTP/1.1 200 "),
              "%s: the next answer right after the 304's headers: %r"
              % (path, rest[:120]))


@test
def a_write_changes_the_etag(srv):
    kid = a_kwestie(srv)
    path = "/api/v1/kwesties/%d" % kid
    before = srv.get(path)
    tag = etag_of(before, path)
    eq(srv.get(path, headers={"If-None-Match": tag}).status, 304, "unchanged")
    r = srv.post_json(path + "/support", {})
    check(r.status in (200, 201), "support: %d %r" % (r.status, r.body[:200]))
    after = srv.get(path, headers={"If-None-Match": tag})
    eq(after.status, 200, "the old tag after a change")
    check(after.json()["supporters"] >= before.json()["supporters"],
          "the support is in the new answer")
    new = etag_of(after, path)
    check(new != tag, "a new ETag after the change")
    eq(srv.get(path, headers={"If-None-Match": new}).status, 304, "the new tag")
    # the agenda the kwestie is on changes with it
    S["kwestie"] = kid


@test
def no_etag_on_signed_in_answers(srv):
    sid = sid_of(srv, ADMIN)
    for path in ("/api/v1/audit?limit=2", "/cijfers/GM0363", "/werk"):
        r = srv.get(path, headers={"Cookie": "sid=" + sid})
        eq(r.status, 200, path)
        check("no-store" in (r.header("Cache-Control") or ""),
              "%s signed in is private: %r" % (path, r.header("Cache-Control")))
        eq(r.header("ETag"), None, "no ETag on signed-in %s" % path)
        r = srv.get(path, headers={"Cookie": "sid=" + sid, "If-None-Match": "*"})
        eq(r.status, 200, "If-None-Match: * on a private answer is ignored")


@test
def cache_control_of_routes_kept(srv):
    r = srv.get("/api/v1/areas/GM0363/figures")
    eq(r.status, 200, "figures")
    eq(r.header("Cache-Control"), "public, max-age=300", "the figures' own")
    tag = etag_of(r, "figures")
    eq(srv.get("/api/v1/areas/GM0363/figures",
               headers={"If-None-Match": tag}).status, 304, "figures revalidate")
    r = srv.get("/cijfers/GM0363")
    eq(r.header("Cache-Control"), "public, max-age=300", "/cijfers public")
    check("Cookie" in ", ".join(r.headers_all("Vary")), "/cijfers Vary: Cookie")
    tag = etag_of(r, "/cijfers")
    r = srv.get("/cijfers/GM0363", headers={"If-None-Match": tag})
    eq(r.status, 304, "/cijfers revalidates")
    check("Cookie" in ", ".join(r.headers_all("Vary")), "Vary: Cookie on its 304")
    eq(r.header("Access-Control-Allow-Origin"), None, "a page has no CORS")


# --- Link ----------------------------------------------------------------

def walk_pages(srv, path, per_page):
    r = srv.get("%s?per_page=%d&lang=nl" % (path, per_page))
    eq(r.status, 200, path)
    total = r.json()["total_items"]
    last = max(1, -(-total // per_page))
    seen, page = 0, 1
    while True:
        j, ln = r.json(), links(r)
        eq(j["page_number"], page, "%s page" % path)
        seen += j["size"]
        check("lang=nl" in ln["first"], "other parameters kept: %r" % ln["first"])
        eq(re.search(r"[?&]page=(\d+)", ln["last"]).group(1), str(last),
           "%s rel=last" % path)
        if page > 1:
            check("prev" in ln, "%s page %d has prev" % (path, page))
        if page == last:
            check("next" not in ln, "%s: no next on the last page" % path)
            break
        check("next" in ln, "%s page %d has next" % (path, page))
        r = srv.get(path_of(srv, ln["next"]))
        page += 1
    eq(seen, total, "%s: the pages hold every item" % path)
    past = srv.get("%s?per_page=%d&page=%d" % (path, per_page, last + 3))
    ln = links(past)
    check("next" not in ln, "%s: no next past the end" % path)
    check("page=%d" % last in ln.get("prev", ""), "prev past the end is the last")
    return total


@test
def link_headers_on_hsds_lists(srv):
    for path in ("/hsds/services", "/hsds/organizations", "/hsds/taxonomies",
                 "/hsds/taxonomy_terms"):
        total = walk_pages(srv, path, 7)
        H.note("%s: %d items" % (path, total))
    r = srv.get("/hsds/services?format=ndjson&per_page=2")
    eq(r.status, 200, "ndjson")


@test
def link_headers_on_the_audit_log(srv):
    sid = sid_of(srv, ADMIN)
    r = srv.get("/api/v1/audit?limit=3", headers={"Cookie": "sid=" + sid})
    eq(r.status, 200, "audit")
    n = 0
    while True:
        j, ln = r.json(), links(r)
        n += len(j["entries"])
        check("before" not in ln["first"], "first drops the cursor")
        if not j["next"]:
            check("next" not in ln, "no next at the end of the log")
            break
        nxt = path_of(srv, ln["next"])
        check("before=%d" % j["entries"][-1]["id"] in nxt and "limit=3" in nxt,
              "next: %r" % nxt)
        r = srv.get(nxt, headers={"Cookie": "sid=" + sid})
        if n > 60:
            break
    check(n >= 3, "walked the log: %d entries" % n)


@test
def link_headers_on_triage(srv):
    sid = sid_of(srv, WORKER)
    r = srv.get("/api/v1/triage?limit=1", headers={"Cookie": "sid=" + sid})
    eq(r.status, 200, "triage: %r" % r.body[:200])
    sigs = r.json()["signals"]
    if not sigs:
        H.skip("no signal in the demo's triage")
    nxt = path_of(srv, links(r)["next"])
    check("after=%d" % sigs[0]["id"] in nxt and "limit=1" in nxt, nxt)
    r2 = srv.get(nxt, headers={"Cookie": "sid=" + sid})
    check(all(s["id"] > sigs[0]["id"] for s in r2.json()["signals"]),
          "the next page follows")
    r = srv.get("/api/v1/triage?limit=200", headers={"Cookie": "sid=" + sid})
    if len(r.json()["signals"]) < 200:
        check("next" not in links(r), "no next after a short page")


# --- Retry-After ---------------------------------------------------------

def limited_server(srv, args):
    other = H.Server(H.Ctx.args.binary, args, db_dir=srv.dir, db_name="test.db")
    other.start(60)
    return other


@test
def retry_after_on_every_limit(srv):
    other = limited_server(srv, ["--rate-intake", "2", "--rate-login", "2",
                                 "--rate-readability", "2"])
    try:
        seen = []
        for i in range(5):
            r = other.post_json("/api/v1/signals",
                                {"text": "Losse stoeptegel nummer %d bij de brug" % i,
                                 "buurt": "AA01"})
            seen.append(r.status)
            if r.status == 429:
                break
        eq(seen[-1], 429, "intake limited: %r" % seen)
        check((r.header("Retry-After") or "").isdigit() and
              int(r.header("Retry-After")) >= 1, "intake Retry-After %r"
              % r.header("Retry-After"))
        for i in range(5):
            r = other.post_json("/api/v1/readability", {"text": "Een zin."})
            if r.status == 429:
                break
        eq(r.status, 429, "readability limited")
        check((r.header("Retry-After") or "").isdigit(), "readability Retry-After")
        for i in range(6):
            g = other.get("/login")
            lc = H.cookies(g)["lc"]
            r = other.post_form("/login", {"email": ADMIN, "password": "fout %d" % i,
                                           "csrf": H.csrf_of(g)},
                                headers={"Cookie": "lc=" + lc})
            if r.status == 429:
                break
        eq(r.status, 429, "login limited")
        check((r.header("Retry-After") or "").isdigit(), "login Retry-After")
        check("retry_after_missing" not in other.log_text(),
              "no answer needed the guard's default")
    finally:
        other.stop()
        other.cleanup()


# --- CORS ----------------------------------------------------------------

@test
def cors_on_public_reads(srv):
    for path in PUBLIC_READS + ["/api/v1/kwesties/%d" % a_kwestie(srv)]:
        r = srv.get(path, headers=ORIGIN)
        eq(r.status, 200, path)
        eq(r.header("Access-Control-Allow-Origin"), "*", "ACAO on " + path)
        check("ETag" in (r.header("Access-Control-Expose-Headers") or ""),
              "ETag exposed")
        eq(r.header("Access-Control-Allow-Credentials"), None, "no credentials")
    r = srv.get("/api/v1/areas/NOPE", headers=ORIGIN)
    eq(r.status, 404, "unknown area")
    eq(r.header("Access-Control-Allow-Origin"), "*", "errors readable too")


@test
def cors_preflight(srv):
    for path in ("/api/v1/areas/E/agenda", "/hsds/services", "/api/v1/areas"):
        r = srv.request("OPTIONS", path, headers=dict(
            ORIGIN, **{"Access-Control-Request-Method": "GET",
                       "Access-Control-Request-Headers": "if-none-match"}))
        eq(r.status, 204, "preflight of " + path)
        eq(r.header("Access-Control-Allow-Origin"), "*", "preflight ACAO")
        eq(r.header("Access-Control-Allow-Methods"), "GET, HEAD", "methods")
        check("If-None-Match" in r.header("Access-Control-Allow-Headers"), "headers")
        check(int(r.header("Access-Control-Max-Age")) > 0, "max-age")
        eq(r.body, b"", "no body")
    # writes and private routes: today's 405, no CORS
    for path in ("/api/v1/signals", "/api/v1/audit", "/api/v1/triage", "/login",
                 "/agenda/E"):
        r = srv.request("OPTIONS", path, headers=dict(
            ORIGIN, **{"Access-Control-Request-Method": "POST"}))
        eq(r.status, 405, "OPTIONS " + path)
        check(r.header("Allow"), "Allow on the 405 of " + path)
        eq(r.header("Access-Control-Allow-Origin"), None, "no CORS on " + path)
    eq(srv.request("OPTIONS", "/nergens").status, 404, "OPTIONS on nothing")


@test
def no_cors_on_writes_private_answers_and_pages(srv):
    r = srv.post_json("/api/v1/signals", {"text": "Een losse tegel bij de ingang",
                                          "buurt": "AA01"}, headers=ORIGIN)
    eq(r.status, 201, "a report from a script still works same-origin style")
    eq(r.header("Access-Control-Allow-Origin"), None, "no CORS on a write")
    sid = sid_of(srv, ADMIN)
    r = srv.get("/api/v1/audit?limit=1", headers=dict(ORIGIN, Cookie="sid=" + sid))
    eq(r.status, 200, "audit signed in")
    eq(r.header("Access-Control-Allow-Origin"), None, "no CORS on private data")
    r = srv.get("/agenda/E", headers=ORIGIN)
    eq(r.header("Access-Control-Allow-Origin"), None, "no CORS on a page")
    # A public read with a session cookie: the public answer (the same
    # bytes as without), or a private one without CORS.
    path = "/api/v1/areas/E/agenda"
    anon = srv.get(path, headers=ORIGIN)
    r = srv.get(path, headers=dict(ORIGIN, Cookie="sid=" + sid))
    if "no-store" in (r.header("Cache-Control") or ""):
        eq(r.header("Access-Control-Allow-Origin"), None, "private: no CORS")
    else:
        eq(r.body, anon.body, "the public answer")
        eq(r.header("ETag"), anon.header("ETag"), "the public tag")
    r = srv.get("/open-data/kwesties.csv", headers=ORIGIN)
    eq(r.status, 200, "open data")
    eq(r.header("Access-Control-Allow-Origin"), "*", "open data is for anyone")
    # small enough for the cache: answered whole (web/open_data.c), so
    # tagged like any public answer; a streamed one has no tag
    # (test_open_data.py)
    eq(r.header("Content-Length"), str(len(r.body)), "a whole download")
    check(r.header("ETag"), "a whole download has an ETag")


# --- hostile input -------------------------------------------------------

@test
def hostile_if_none_match(srv):
    path = "/api/v1/areas/E"
    tag = etag_of(srv.get(path), path)
    many = ", ".join('"%d"' % i for i in range(10000))
    cases = {"10k entries": many, "8 KB": '"' + "a" * 8190 + '"',
             "8 KB then the tag": " " * 8000 + tag,
             "garbage": "\x01\x02 ;;; ,,, W/W/", "bad quotes": '"abc, "' + tag[1:],
             "unclosed": tag[:-1], "star and more": "*, " + tag,
             "non-ascii": '"\u00e9\u00e9"'}
    for what, inm in cases.items():
        try:
            r = srv.get(path, headers={"If-None-Match": inm.encode("utf-8")
                                       .decode("latin-1")})
        except Exception as e:  # the server may close on an oversized header
            r = None
            H.note("%s: %s" % (what, e))
        if r is not None:
            check(r.status in (200, 304, 400, 413, 431),
                  "%s: status %d" % (what, r.status))
            if r.status == 200:
                eq(r.header("ETag"), tag, "%s: the whole answer" % what)
            H.note("%s: %d" % (what, r.status))
        check(srv.alive(), "the server lives after %s" % what)
    eq(srv.get(path, headers={"If-None-Match": tag}).status, 304, "still works")


if __name__ == "__main__":
    H.main(extra_args=["--demo"], start_timeout=120)
