"""Public answers from memory (issue 16, web/cache.c).

Every page and API answer that is the same for everyone is kept rendered
and answered again from memory ("X-Cache: hit") until a write changes the
data.  For each kind of cached answer: it is served from the cache, and a
write through the real API or pages changes it at once (with the
invalidation switched off these fail: the old answer would come back).
Also: 304 from the cache, no cache for a session or an API key, writes of
another process (SQLite: PRAGMA data_version), and on PostgreSQL a second
instance on the same database whose writes reach the first one's cache
(LISTEN/NOTIFY).

    python3 tests/http/test_cache.py --binary build/wijkagenda

SPDX-License-Identifier: EUPL-1.2
"""
import json
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, contains, eq, not_contains, test  # noqa: E402

DEMO_PW = "demo-wachtwoord-2026"  # src/seed/demo_accounts.h
MEDEWERKER = "medewerker@demo.wijkagenda.nl"
COORDINATOR = "coordinator@demo.wijkagenda.nl"
WEST = "Stadsdeel West (demo)"
S = {}


def hit(r):
    return r.header("X-Cache") == "hit"


def twice(srv, path, headers=None):
    """GET path until it comes from the cache (the first request of each
    server thread bumps the generation once: its connection's first look
    at data_version); returns that answer."""
    for _ in range(12):
        r = srv.get(path, headers=headers)
        eq(r.status, 200, "GET %s (body %r)" % (path, r.body[:300]))
        if hit(r):
            return r
    raise H.Failure("GET %s never came from the cache" % path)


def api(srv, method, path, obj=None):
    sid, csrf = S["session"]
    return srv.request(method, path, body=json.dumps(obj) if obj is not None else None,
                       headers={"Cookie": "sid=" + sid, "X-CSRF-Token": csrf,
                                "Content-Type": "application/json"})


def report(srv, buurt, text):
    r = srv.post_json("/api/v1/signals", {"text": text, "buurt": buurt})
    eq(r.status, 201, "report (body %r)" % r.body[:300])
    return r.json()


@test
def set_up(srv):
    S["session"] = H.login(srv, MEDEWERKER, DEMO_PW)
    S["west"] = srv.query("SELECT id FROM organisations WHERE name = ?", (WEST,))[0][0]
    rows = srv.query("SELECT b.code FROM areas b JOIN areas w ON w.code = b.parent_code"
                     " JOIN areas g ON g.code = w.parent_code"
                     " WHERE b.level = 'buurt' AND g.parent_code = 'E' ORDER BY b.code")
    S["buurt"] = rows[0][0]
    tok = report(srv, S["buurt"], "Cache-test: de bank in het park is kapot.")["token"]
    sig = srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]
    r = api(srv, "POST", "/api/v1/kwesties", {
        "title": "Kapotte bank %d" % os.getpid(),
        "description": "De bank in het park is kapot.",
        "area": S["buurt"], "level": "buurt", "level_reason": "Speelt in een park.",
        "signals": [sig], "status": "opgepakt",
        "chain": [{"organisation": S["west"], "role": "regisseur"}]})
    eq(r.status, 201, "kwestie (body %r)" % r.body[:400])
    S["kwestie"] = r.json()


def retitle(srv, title):
    k = S["kwestie"]
    r = api(srv, "PATCH", "/api/v1/kwesties/%d" % k["id"],
            {"version": k["version"], "title": title})
    eq(r.status, 200, "PATCH (body %r)" % r.body[:400])
    S["kwestie"] = r.json()


@test
def agenda_kwestie_api_follow_a_change_at_once(srv):
    kid, buurt = S["kwestie"]["id"], S["buurt"]
    paths = ["/agenda/%s" % buurt, "/api/v1/areas/%s/agenda" % buurt,
             "/api/v1/kwesties/%d" % kid]
    old = S["kwestie"]["title"]
    for p in paths:
        contains(twice(srv, p).text, old, p)
    new = "Bank vervangen %d" % os.getpid()
    retitle(srv, new)
    for p in paths:
        r = srv.get(p)
        eq(r.status, 200, p)
        contains(r.text, new, "%s right after the change" % p)
        not_contains(r.text, old, p)


@test
def tracking_page_is_kept_private_and_follows_its_kwestie(srv):
    tok = report(srv, S["buurt"], "Cache-test: het hek van de speeltuin klemt.")["token"]
    paths = ["/m/%s" % tok, "/api/v1/signals/%s" % tok]
    for p in paths:
        r = twice(srv, p)
        eq(r.header("Cache-Control"), "private, no-store", "%s stays private" % p)
        not_contains(r.text, S["kwestie"]["title"], p)
    sig = srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]
    r = api(srv, "POST", "/api/v1/kwesties/%d/signals" % S["kwestie"]["id"],
            {"signal": sig})
    eq(r.status, 201, "signal to the kwestie (body %r)" % r.body[:300])
    for p in paths:
        r = srv.get(p)
        eq(r.status, 200, p)
        contains(r.text, S["kwestie"]["title"], "%s right after the link" % p)


@test
def open311_list_shows_a_new_request_at_once(srv):
    path = "/open311/v2/requests.json"
    before = twice(srv, path).json()
    report(srv, S["buurt"], "Cache-test: een losse stoeptegel bij de school.")
    r = srv.get(path)
    eq(r.status, 200, path)
    check(not hit(r), "the list after intake is not the kept one")
    eq(len(r.json()), len(before) + 1, "one request more in the list")


def two_codes(srv):
    rows = srv.query("SELECT code FROM categories WHERE municipality = 'GM0363'"
                     " AND parent_code IS NOT NULL AND is_active = 1 ORDER BY code")
    return rows[0][0], rows[len(rows) // 2][0]


def report_in(server, code, text):
    r = server.post_json("/api/v1/signals", {"text": text, "buurt": S["buurt"],
                                             "category": code})
    eq(r.status, 201, "report in %s (body %r)" % (code, r.body[:300]))
    eq(server.query("SELECT category_code FROM signals WHERE token = ?",
                    (r.json()["token"],))[0][0], code, "the report's category")


@test
def a_report_keeps_the_open311_lists_of_other_categories(srv):
    """An intake names its category (db_write_scope_category): the Open311
    list of another service code stays kept, where every list of the
    municipality was dropped; the list of its own code and the list of
    all codes show it at once.  Five tries: a job of the server's own
    may write meanwhile."""
    own, other = two_codes(srv)
    base = "/open311/v2/requests.json?service_code="
    paths = [base + own, base + other, "/open311/v2/requests.json",
             "/open311/v2/requests.xml?service_code=" + other]
    kept = False
    for i in range(5):
        before = [twice(srv, p) for p in paths]
        report_in(srv, own, "Cache-test %d: een losse stoeptegel bij de school." % i)
        after = [srv.get(p) for p in paths]
        for p, b, a in zip(paths[:3:2], before[:3:2], after[:3:2]):
            check(not hit(a), "%s after a report of its code is not the kept one" % p)
            eq(len(a.json()), len(b.json()) + 1, "%s: one request more" % p)
        if hit(after[1]) and hit(after[3]):
            kept = True
            eq(after[1].body, before[1].body, "the other code's list unchanged")
            break
    check(kept, "the list of another service code kept after a report")


@test
def a_control_character_in_the_query_is_not_kept(srv):
    """The key of a kept answer closes each query field by a control
    character; a field that holds one (%1E, %1F) could make two queries
    one key (review of this sitting: the list of all codes was answered
    for a list of one code).  Such a request is answered, never kept."""
    own, other = two_codes(srv)
    path = "/open311/v2/requests.json"
    forged = "%s?page_size=1&service_code%%1E%s%%1Fstatus=open" % (path, own)
    real = "%s?page_size=1&service_code=%s&status=open" % (path, own)
    for _ in range(3):
        r = srv.get(forged)
        eq(r.status, 200, "the forged query is answered (%r)" % r.body[:200])
        check(not hit(r), "a query with a control character is not kept")
    r = srv.get(real)
    check(not hit(r), "the real query is not answered from the forged one's entry")
    check(all(x["service_code"] == own for x in r.json()), "the list of its code")


@test
def a_report_keeps_the_other_tracking_pages(srv):
    """A tracking page shows its own signal alone: another report keeps it
    (it is checked against the generation without reports), where every
    report of the municipality dropped it; a change of its own signal
    still shows at once (tracking_page_is_kept_private_and_follows_its_kwestie)."""
    tok = report(srv, S["buurt"], "Cache-test: de prullenbak puilt uit.")["token"]
    paths = ["/m/%s" % tok, "/api/v1/signals/%s" % tok]
    kept = False
    for i in range(5):
        for p in paths:
            twice(srv, p)
        report(srv, S["buurt"], "Cache-test %d: nog een melding in de buurt." % i)
        if all(hit(srv.get(p)) for p in paths):
            kept = True
            break
    check(kept, "the tracking page kept after another report")


@test
def a_report_on_another_instance_keeps_the_other_categories(srv):
    """The same across instances: the NOTIFY carries the category
    ("GM0363:code"), and A keeps its list of another code while B takes
    a report."""
    if not os.environ.get("WIJKAGENDA_TEST_PG"):
        H.skip("two instances share a database on PostgreSQL only")
    own, other = two_codes(srv)
    base = "/open311/v2/requests.json?service_code="
    b = H.Server(srv.binary, ["--demo"], db_dir=srv.dir, db_name="test.db")
    b.start()
    try:
        kept = False
        for i in range(5):
            n_own = len(twice(srv, base + own).json())
            twice(srv, base + other)
            report_in(b, own, "Cache-test B %d: de lantaarnpaal knippert." % i)
            deadline = time.time() + 1.0
            while True:  # NOTIFY arrives after the COMMIT
                r = srv.get(base + own)
                if not hit(r) or time.time() > deadline:
                    break
                time.sleep(0.01)
            eq(len(r.json()), n_own + 1, "A's list of the report's code after B's report")
            if hit(srv.get(base + other)):
                kept = True
                break
        check(kept, "A's list of another code kept after B's report")
    finally:
        b.stop()
        b.cleanup()


@test
def figures_page_is_dropped_by_a_write(srv):
    path = "/cijfers/%s" % S["buurt"]
    twice(srv, path)
    report(srv, S["buurt"], "Cache-test: zwerfvuil langs de gracht.")
    r = srv.get(path)
    eq(r.status, 200, path)
    check(not hit(r), "figures rendered again after a write")


def service_fields(name):
    f = {"name": name, "description": "Een dienst voor de cache-test.",
         "eligibility": "Voor iedereen.", "application": "Bel ons.",
         "opening_hours": "Maandag van 9.00 tot 12.00 uur.", "cost": "gratis",
         "fees": "", "languages": "nl", "phone": "020 123 45 67",
         "email": "test@example.org", "url": "https://example.org/dienst",
         "address": "Teststraat 1", "postal_code": "1056ab", "city": "Amsterdam",
         "norm_days": "3", "norm_text": "U hoort binnen 3 werkdagen van ons.",
         "status": "", "areas_other": ""}
    return list(f.items()) + [("areas", "GM0363"), ("terms", "iedereen")]


@test
def social_map_and_hsds_show_a_new_service_at_once(srv):
    sid, csrf = H.login(srv, COORDINATOR, DEMO_PW)
    search = "/sociale-kaart?q=kwartetclub"
    hsds = "/hsds/services"
    not_contains(twice(srv, search).text, "Kwartetclub", search)
    total = twice(srv, hsds).json()["total_items"]
    r = srv.post_form("/beheer/organisaties/%d/diensten" % S["west"],
                      service_fields("Kwartetclub Cache") + [("csrf", csrf)],
                      headers={"Cookie": "sid=" + sid})
    eq(r.status, 303, "service created (body %r)" % r.body[:400])
    contains(srv.get(search).text, "Kwartetclub Cache", search)
    eq(srv.get(hsds).json()["total_items"], total + 1, "HSDS services")


@test
def not_modified_from_the_cache(srv):
    path = "/agenda/%s" % S["buurt"]
    # (a job's minutely write may fall in between: then once more)
    for _ in range(3):
        r = twice(srv, path)
        etag = r.header("ETag")
        check(etag, "an ETag on the kept answer")
        r2 = srv.get(path, headers={"If-None-Match": etag})
        eq(r2.status, 304, "If-None-Match of the kept answer")
        if hit(r2):
            break
    check(hit(r2), "304 answered from the cache")
    eq(r2.body, b"", "no body")
    r3 = srv.request("HEAD", path)
    eq(r3.status, 200, "HEAD")
    eq(r3.header("ETag"), etag, "HEAD has the same ETag")


@test
def sessions_and_keys_never_use_the_cache(srv):
    path = "/agenda/%s" % S["buurt"]
    twice(srv, path)
    sid, _ = S["session"]
    for _ in range(4):
        r = srv.get(path, headers={"Cookie": "sid=" + sid})
        eq(r.status, 200, "signed in")
        check(not hit(r), "a signed-in request is rendered for them")
        r = srv.get(path, headers={"Authorization": "Bearer wak_00000000_x"})
        check(not hit(r), "a request with a key is rendered")
    # a language cookie alone is fine, and keeps its language apart
    en = twice(srv, path, headers={"Cookie": "lang=en"})
    nl = twice(srv, path)
    check(en.body != nl.body, "English and Dutch are kept apart")


@test
def a_write_by_another_process_drops_the_cache(srv):
    if os.environ.get("WIJKAGENDA_TEST_PG"):
        H.skip("SQLite: data_version; PostgreSQL: see the two instances test")
    path = "/api/v1/kwesties/%d" % S["kwestie"]["id"]
    twice(srv, path)
    con = H.sqlite3.connect(srv.db_path, timeout=10)
    try:
        con.execute("UPDATE kwesties SET title = 'Van buiten' WHERE id = ?",
                    (S["kwestie"]["id"],))
        con.commit()
    finally:
        con.close()
    contains(srv.get(path).text, "Van buiten", "a write of another process")


@test
def another_instance_s_write_reaches_this_cache(srv):
    if not os.environ.get("WIJKAGENDA_TEST_PG"):
        H.skip("two instances share a database on PostgreSQL only")
    b = H.Server(srv.binary, ["--demo"], db_dir=srv.dir, db_name="test.db")
    b.start()
    try:
        paths = ["/api/v1/kwesties/%d" % S["kwestie"]["id"], "/agenda/%s" % S["buurt"]]
        for p in paths:
            twice(srv, p)
        new = "Via de tweede %d" % os.getpid()
        sid, csrf = H.login(b, MEDEWERKER, DEMO_PW)
        k = srv.get("/api/v1/kwesties/%d" % S["kwestie"]["id"]).json()
        r = b.request("PATCH", "/api/v1/kwesties/%d" % k["id"],
                      body=json.dumps({"version": k["version"], "title": new}),
                      headers={"Cookie": "sid=" + sid, "X-CSRF-Token": csrf,
                               "Content-Type": "application/json"})
        eq(r.status, 200, "PATCH on B (body %r)" % r.body[:300])
        S["kwestie"] = r.json()
        # NOTIFY arrives after the COMMIT: allow it a moment, no more.
        deadline = time.time() + 1.0
        for p in paths:
            while True:
                t = srv.get(p).text
                if new in t or time.time() > deadline:
                    break
                time.sleep(0.01)
            contains(t, new, "%s on A after B's write" % p)
    finally:
        b.stop()
        b.cleanup()


@test
def etag_keyed_by_the_installation_secret(srv):
    """The ETag is a keyed hash of the body (web/conditional.c): the same
    body tags alike under the same installation secret (the instances of
    one installation) and otherwise under another."""
    path = "/open311/v2/services.json"
    secret = tempfile.NamedTemporaryFile("w", suffix=".secret", delete=False)
    try:
        secret.write(H.installation_secret(srv).hex() + "\n")
        secret.close()
        os.chmod(secret.name, 0o600)
        same = H.Server(srv.binary, ["--secret-file", secret.name])
        other = H.Server(srv.binary, [])
        same.start()
        other.start()
        try:
            answers = [x.get(path) for x in (srv, same, other)]
            for r in answers:
                eq(r.status, 200, path)
                check(re.fullmatch(r'"[0-9a-f]{32}"', r.header("ETag") or ""),
                      "a strong ETag of 128 bits: %r" % r.header("ETag"))
            eq(answers[1].body, answers[0].body, "the same body on both")
            eq(answers[2].body, answers[0].body, "the same body on the third")
            eq(answers[1].header("ETag"), answers[0].header("ETag"),
               "the same secret, the same ETag")
            check(answers[2].header("ETag") != answers[0].header("ETag"),
                  "another secret, another ETag")
        finally:
            for x in (same, other):
                x.stop()
                x.cleanup()
    finally:
        os.unlink(secret.name)


@test
def no_cache_when_switched_off(srv):
    b = H.Server(srv.binary, ["--demo", "--cache-mb", "0"])
    b.start()
    try:
        for _ in range(6):
            r = b.get("/agenda/%s" % S["buurt"])
            eq(r.status, 200, "agenda")
            check(not hit(r), "--cache-mb 0: nothing kept")
    finally:
        b.stop()
        b.cleanup()


if __name__ == "__main__":
    H.main(extra_args=["--demo"])
