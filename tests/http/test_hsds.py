"""The Open Referral HSDS 3.0 API of the social map and its import, on the
real binary: GET /hsds/ and the profile, the Page envelope and paging of
every list, each parameter (search in Dutch with stemming, taxonomy_term_id,
taxonomy_id, organization_id, modified_after, page, per_page,
format=ndjson, full), 400 for unknown or bad parameters, 404 for unknown
ids; POST /api/v1/hsds/import only for a beheerder, with an audit entry,
refusing bad documents with JSON paths and changing nothing; the
import-hsds command.

    python3 tests/http/test_hsds.py --binary build/wijkagenda
"""
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import cookies, csrf_of  # noqa: E402
from harness import check, contains, eq, test  # noqa: E402
from hsds_data import (EXAMPLES, N_SERVICES, ORG_A, ORG_B, TAX, TERMS,  # noqa: E402
                       package, uid)

ADMIN = "hsds-beheer@example.org"
PASSWORD = "een-lang-genoeg-wachtwoord"
PAGE_KEYS = ("total_items", "total_pages", "page_number", "size", "first_page",
             "last_page", "empty", "contents")
STATE = {}


# --------------------------------------------------------------------------
# helpers

def cli(srv, *args, stdin=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([srv.binary] + list(args), capture_output=True,
                       timeout=120, env=env, input=stdin)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def admin(srv):
    """A beheerder's session: (cookie header, csrf token)."""
    if "admin" in STATE:
        return STATE["admin"]
    rc, out, err = cli(srv, "admin", "create", "--email", ADMIN, "--db",
                       srv.db_path, "--base-url", "http://127.0.0.1:%d" % srv.port)
    eq(rc, 0, "admin create (%s)" % err)
    link = re.search(r"(/wachtwoord/[A-Za-z0-9_-]{22})\s*$", out).group(1)
    r = srv.get(link)
    lc = cookies(r)["lc"]
    r = srv.post_form(link, {"csrf": csrf_of(r), "password": PASSWORD,
                             "password2": PASSWORD}, headers={"Cookie": "lc=" + lc})
    eq(r.status, 303, "password set")
    sid = cookies(r)["sid"]
    r = srv.get("/werk", headers={"Cookie": "sid=" + sid})
    eq(r.status, 200, "/werk")
    STATE["admin"] = ("sid=" + sid, csrf_of(r))
    return STATE["admin"]


def post_import(srv, body, query="", auth=True, ctype="application/json"):
    headers = {}
    if auth:
        cookie, csrf = admin(srv)
        headers = {"Cookie": cookie, "X-CSRF-Token": csrf}
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return srv.post_json("/api/v1/hsds/import" + query, data, headers=headers,
                         content_type=ctype)


def get_json(srv, path, status=200):
    r = srv.get(path)
    eq(r.status, status, "GET %s (body %r)" % (path, r.body[:300]))
    check(r.header("Content-Type", "").startswith("application/json"),
          "Content-Type of %s: %r" % (path, r.header("Content-Type")))
    return r.json()


def q(path, **params):
    return path + "?" + urllib.parse.urlencode(params)


def page_ok(j, what):
    check(isinstance(j, dict), "%s: not an object" % what)
    for k in PAGE_KEYS:
        check(k in j, "%s: no %s in %r" % (what, k, list(j)))
    eq(j["size"], len(j["contents"]), what + " size")
    eq(j["empty"], len(j["contents"]) == 0, what + " empty")
    eq(j["first_page"], j["page_number"] == 1, what + " first_page")
    eq(j["last_page"], j["page_number"] >= j["total_pages"], what + " last_page")
    per = None
    return per


def ids(j):
    return [c["id"] for c in j["contents"]]


def bad_param(srv, path, needle=None):
    r = srv.get(path)
    err = H.check_json_error(r, 400)
    if needle:
        contains(err["message"], needle, "message of %s" % path)


# --------------------------------------------------------------------------
# root and profile

@test
def root_and_profile(srv):
    for path in ("/hsds/", "/hsds"):
        j = get_json(srv, path)
        eq(j.get("version"), "3.0", "version")
        eq(j.get("profile"), "http://127.0.0.1:%d/hsds/profile" % srv.port, "profile")
        contains(j.get("openapi_url", ""), "openreferral/specification/3.0",
                 "openapi_url")
    p = get_json(srv, j["profile"][len("http://127.0.0.1:%d" % srv.port):])
    eq(p.get("hsds_version"), "3.0", "profile hsds_version")
    check("norm_days" in p["x_wijkagenda"]["properties"], "profile describes norm_days")
    check(any(t["name"] == "wijkagenda-verwachting" for t in p["taxonomies"]),
          "profile lists the taxonomy wijkagenda-verwachting")
    bad_param(srv, "/hsds/?x=1", "x")


# --------------------------------------------------------------------------
# import over HTTP

@test
def import_needs_a_beheerder(srv):
    cookie, _ = admin(srv)
    with H.unchanged(srv):
        r = post_import(srv, package(), auth=False)
        eq(r.status, 401, "anonymous import")
        r = srv.post_json("/api/v1/hsds/import", json.dumps(package()),
                          headers={"Cookie": cookie})
        eq(r.status, 403, "import without the CSRF token")


@test
def import_refuses_bad_documents(srv):
    with H.unchanged(srv):
        r = post_import(srv, b'{"services": [\n  {"id": }]}')
        err = H.check_json_error(r, 400)
        e0 = err["errors"][0]
        eq(e0["path"], "$", "path of malformed JSON")
        eq(e0["line"], 2, "line")
        check(e0["column"] > 0, "column %r" % e0)
        r = post_import(srv, b'{"services": [{"name": "\xff\x01\xfe"}]}')
        err = H.check_json_error(r, 400, field="$")
        contains(err["errors"][0]["message"], "invalid JSON", "invalid UTF-8")
        doc = package()
        doc["services"][3]["organization_id"] = uid("nobody")
        doc["services"][5]["attributes"][0]["taxonomy_term_id"] = uid("no-term")
        del doc["services"][7]["organization_id"]
        r = post_import(srv, doc)
        err = H.check_json_error(r, 400, field="$.services[3].organization_id")
        contains(err["fields"]["$.services[3].organization_id"], "unknown organization")
        contains(err["fields"]["$.services[5].attributes[0].taxonomy_term_id"],
                 "unknown taxonomy term")
        contains(err["fields"]["$.services[7]"], "no organization")
        dup = package()
        dup["services"][1]["id"] = dup["services"][0]["id"]
        r = post_import(srv, dup)
        H.check_json_error(r, 400, field="$.services[1].name")
        r = post_import(srv, package(), ctype="text/plain")
        H.check_json_error(r, 415)
        r = post_import(srv, package(), query="?kind=boat")
        H.check_json_error(r, 400)
        r = post_import(srv, package(), query="?x=1")
        H.check_json_error(r, 400)
        # imports may be up to 16 MiB (bulk_routes in routes.c); a larger
        # Content-Length is refused before the body is read
        cookie, _csrf = admin(srv)
        raw, _closed = H.raw_request(srv.port, (
            "POST /api/v1/hsds/import HTTP/1.1\r\nHost: x\r\nCookie: %s\r\n"
            "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n{"
            % (cookie, 17 << 20)).encode(), timeout=3)
        eq(H.parse_statuses(raw), [413], "body over the import limit")
    eq(srv.query("SELECT COUNT(*) FROM services")[0][0], 0, "no services")


def expect_continue(srv, path, cookie=None, length=10 << 20):
    """Statuses answered to a header that asks "100 Continue" for a large
    body, before any of the body is sent; and whether the server closed."""
    head = ("POST %s HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
            "Content-Type: application/json\r\nContent-Length: %d\r\n"
            % (path, length))
    if cookie:
        head += "Cookie: %s\r\n" % cookie
    raw, closed = H.raw_request(srv.port, (head + "\r\n").encode(), timeout=2,
                                read_until_close=False)
    return H.parse_statuses(raw), closed


@test
def large_bodies_only_for_the_beheerder(srv):
    """The 16 MiB of the bulk imports is granted only after the request's
    principal is known and allowed: anyone else is refused on the header,
    with no "100 Continue" and no body read (issue 10.2)."""
    before = srv.checksum()
    for path in ("/api/v1/hsds/import", "/api/v1/inventory/lists?source=x",
                 "/api/v1/inventory/merge"):
        statuses, _closed = expect_continue(srv, path)
        eq(statuses, [401], "anonymous %s" % path)
        statuses, _closed = expect_continue(srv, path, cookie="sid=" + "A" * 22)
        eq(statuses, [401], "unknown session on %s" % path)
    # over the default limit on a route that is not public: refused as
    # "log in first" too, not as too large, and before the body
    statuses, _closed = expect_continue(srv, "/api/v1/organisations", length=1 << 20)
    eq(statuses, [401], "anonymous large body to /api/v1/organisations")
    # the beheerder is told to go on
    cookie, _csrf = admin(srv)
    statuses, _closed = expect_continue(srv, "/api/v1/hsds/import", cookie=cookie)
    eq(statuses[:1], [100], "the beheerder gets 100 Continue")
    eq(srv.checksum(), before, "nothing changed")
    # the refusals did not hold the server up
    eq(srv.get("/healthz").status, 200)


@test
def import_package(srv):
    r = post_import(srv, package())
    eq(r.status, 200, "import (body %r)" % r.body[:500])
    c = r.json()["imported"]
    eq(c["services"], {"created": N_SERVICES, "updated": 0}, "services")
    eq(c["organizations"], {"created": 2, "updated": 0}, "organizations")
    eq(c["taxonomy_terms"]["created"], 3, "terms")
    rows = srv.query("SELECT actor_label, entity, detail FROM audit_log"
                     " WHERE action = 'hsds.import'")
    eq(len(rows), 1, "one audit entry")
    eq(rows[0][0], ADMIN, "audit actor")
    eq(json.loads(rows[0][2])["counts"]["services"]["created"], N_SERVICES,
       "audit counts")
    STATE["imported_at"] = srv.query("SELECT MAX(updated_at) FROM services")[0][0]
    # the same again: all updates, nothing new
    r = post_import(srv, package())
    eq(r.json()["imported"]["services"], {"created": 0, "updated": N_SERVICES},
       "again")


@test
def import_kind_option(srv):
    page = {"total_items": 1, "total_pages": 1, "page_number": 1, "size": 1,
            "first_page": True, "last_page": True, "empty": False,
            "contents": [{"id": uid("org-c"), "name": "Huurteam West",
                          "description": "Huurders helpen."}]}
    with H.unchanged(srv):
        r = post_import(srv, page)
        err = H.check_json_error(r, 400, field="$.contents[0]")
        contains(err["fields"]["$.contents[0]"], "cannot tell", "ambiguous object")
    r = post_import(srv, page, query="?kind=organization")
    eq(r.status, 200, "with kind (body %r)" % r.body[:300])
    eq(r.json()["imported"]["organizations"], {"created": 1, "updated": 0}, "counts")


@test
def import_cannot_add_a_name_in_other_case(srv):
    """An organisation already there as "Huurteam West" cannot come in
    again as "HUURTEAM WEST" under another id: the import is refused, as
    for the same name exactly, and nothing changes (the case-folded name
    key of migration 009; it made a second organisation before)."""
    page = {"total_items": 1, "total_pages": 1, "page_number": 1, "size": 1,
            "first_page": True, "last_page": True, "empty": False,
            "contents": [{"id": uid("org-c-upper"), "name": "HUURTEAM WEST",
                          "description": "Huurders helpen, in hoofdletters."}]}
    with H.unchanged(srv):
        r = post_import(srv, page, query="?kind=organization")
        err = H.check_json_error(r, 400, field="$.contents[0].name")
        contains(err["fields"]["$.contents[0].name"], "has this name", "the reason")
    eq(srv.query("SELECT COUNT(*) FROM organisations WHERE name_key = 'huurteam west'"),
       [(1,)], "one organisation of that name")


@test
def import_official_examples(srv):
    for name in ("organization_full.json", "service_full.json",
                 "taxonomy_term_list.json"):
        with open(os.path.join(EXAMPLES, name), "rb") as f:
            r = post_import(srv, f.read())
        eq(r.status, 200, "%s (body %r)" % (name, r.body[:400]))
    with open(os.path.join(EXAMPLES, "location.json"), "rb") as f:
        with H.unchanged(srv):
            r = post_import(srv, f.read())
            err = H.check_json_error(r, 400, field="$")
            contains(err["fields"]["$"], "location on its own")


# --------------------------------------------------------------------------
# lists: envelope and paging

@test
def services_envelope(srv):
    j = get_json(srv, "/hsds/services")
    page_ok(j, "services")
    total = N_SERVICES + 1  # and the official example
    eq(j["total_items"], total, "total_items")
    eq(j["total_pages"], 1, "total_pages at 50 a page")
    eq(j["page_number"], 1, "page_number")
    names = [c["name"] for c in j["contents"]]
    eq(names, sorted(names), "ordered by name")
    one = j["contents"][0]
    check("organization" in one and "x_wijkagenda" in one, "list item %r" % list(one))
    check(not any(isinstance(v, list) for k, v in one.items()),
          "list items hold one-to-one fields only: %r" % list(one))


@test
def services_paging(srv):
    total = N_SERVICES + 1
    seen = []
    pages = math.ceil(total / 4)
    for p in range(1, pages + 1):
        j = get_json(srv, q("/hsds/services", per_page=4, page=p))
        page_ok(j, "page %d" % p)
        eq(j["total_pages"], pages, "total_pages")
        eq(j["page_number"], p, "page_number")
        eq(j["size"], 4 if p < pages else total - 4 * (pages - 1), "size")
        seen += ids(j)
    eq(len(seen), total, "every service once")
    eq(len(set(seen)), total, "no service twice")
    j = get_json(srv, q("/hsds/services", per_page=4, page=pages + 1))
    page_ok(j, "past the end")
    eq(j["empty"], True, "empty past the end")
    eq(j["contents"], [], "contents past the end")
    eq(j["total_items"], total, "total_items past the end")
    eq(len(get_json(srv, q("/hsds/services", per_page=100))["contents"]), total,
       "per_page 100")


@test
def bad_parameters(srv):
    for v in ("0", "101", "-1", "abc", "", "1e2", "99999999999"):
        bad_param(srv, q("/hsds/services", per_page=v), "per_page")
    for v in ("0", "-2", "x", "1.5"):
        bad_param(srv, q("/hsds/services", page=v), "page")
    bad_param(srv, q("/hsds/services", format="xml"), "format")
    bad_param(srv, q("/hsds/services", full="yes"), "full")
    bad_param(srv, q("/hsds/services", taxonomy_term_id="schulden"), "taxonomy_term_id")
    bad_param(srv, q("/hsds/services", organization_id="1"), "organization_id")
    bad_param(srv, q("/hsds/services", modified_after="gisteren"), "modified_after")
    bad_param(srv, "/hsds/services?search=%FF%FE", "search")
    bad_param(srv, q("/hsds/services", search="a" * 300), "search")
    for path in ("/hsds/services", "/hsds/organizations", "/hsds/taxonomies",
                 "/hsds/taxonomy_terms", "/hsds/services/" + uid("svc-0"),
                 "/hsds/organizations/" + ORG_A, "/hsds/taxonomies/" + TAX,
                 "/hsds/taxonomy_terms/" + TERMS["wonen"]):
        bad_param(srv, path + "?sort=name", "sort")
    bad_param(srv, q("/hsds/taxonomy_terms", top_only="1"), "top_only")
    bad_param(srv, q("/hsds/taxonomy_terms", parent_id="x"), "parent_id")


# --------------------------------------------------------------------------
# filters

@test
def search_in_dutch(srv):
    j = get_json(srv, q("/hsds/services", search="lantaarnpaal"))
    eq(ids(j), [uid("svc-0")], "lantaarnpaal finds lantaarnpalen")
    j = get_json(srv, q("/hsds/services", search="rekening"))
    eq(ids(j), [uid("svc-1")], "rekening finds rekeningen")
    # schulden: in svc-1's text and in the term of every third service
    schuld = set(uid("svc-%d" % i) for i in range(N_SERVICES) if i % 3 == 0)
    j = get_json(srv, q("/hsds/services", search="Schuld", per_page=100))
    eq(set(ids(j)), schuld | {uid("svc-1")}, "schuld finds schulden (text, terms)")
    j = get_json(srv, q("/hsds/services", search="geldzorgen schulden", per_page=100))
    eq(set(ids(j)), set(uid("svc-%d" % i) for i in (1, 3, 9)),
       "words are ANDed; the organisation's name is searched")
    j = get_json(srv, q("/hsds/services", search="counselling"))
    eq(len(j["contents"]), 1, "the English example")
    j = get_json(srv, q("/hsds/services", search="rekeningen", per_page=1, page=2))
    eq(j["total_items"], 1, "search total")
    eq(j["empty"], True, "search page 2")
    # FTS syntax is only text
    for s in ('" OR *', "NEAR(a b)", "schulden OR fiets", "name:x", "-", '""',
              "lantaarn*", "a AND", "(", "^schuld"):
        j = get_json(srv, q("/hsds/services", search=s))
        page_ok(j, "search %r" % s)
    eq(get_json(srv, q("/hsds/services", search="lantaarn*"))["total_items"], 0,
       "no prefix queries: * is not syntax")


@test
def filter_by_term_taxonomy_org_date(srv):
    j = get_json(srv, q("/hsds/services", taxonomy_term_id=TERMS["schulden"],
                        per_page=100))
    want = sorted(uid("svc-%d" % i) for i in range(N_SERVICES) if i % 3 == 0)
    eq(sorted(ids(j)), want, "taxonomy_term_id")
    eq(get_json(srv, q("/hsds/services", taxonomy_term_id=uid("none")))["total_items"],
       0, "unknown term")
    j = get_json(srv, q("/hsds/services", taxonomy_id=TAX, per_page=100))
    eq(j["total_items"], N_SERVICES, "taxonomy_id")
    j = get_json(srv, q("/hsds/services", organization_id=ORG_B, per_page=100))
    eq(sorted(ids(j)), sorted(uid("svc-%d" % i) for i in range(1, N_SERVICES, 2)),
       "organization_id")
    j = get_json(srv, q("/hsds/services", organization_id=ORG_B,
                        taxonomy_term_id=TERMS["schulden"], per_page=100))
    eq(sorted(ids(j)), sorted(uid("svc-%d" % i) for i in range(N_SERVICES)
                              if i % 2 == 1 and i % 3 == 0), "filters are ANDed")
    eq(get_json(srv, q("/hsds/services", modified_after="2999-01-01"))["total_items"],
       0, "modified_after in the future")
    eq(get_json(srv, q("/hsds/services", modified_after="2000-01-01T00:00:00+01:00"))
       ["total_items"], N_SERVICES + 1, "modified_after long ago")
    eq(get_json(srv, q("/hsds/services", organization_id=uid("none")))["total_items"],
       0, "unknown organization")


@test
def ndjson(srv):
    r = srv.get(q("/hsds/services", format="ndjson"))
    eq(r.status, 200, "status")
    eq(r.header("Content-Type"), "application/x-ndjson", "Content-Type")
    lines = [l for l in r.text.split("\n") if l]
    eq(len(lines), N_SERVICES + 1, "one line per service, unpaged")
    check(r.text.endswith("\n"), "ends with a newline")
    objs = [json.loads(l) for l in lines]
    check(all("id" in o and "name" in o for o in objs), "objects")
    r = srv.get(q("/hsds/services", format="ndjson", per_page=3, page=2))
    eq(len([l for l in r.text.split("\n") if l]), 3, "paged ndjson")
    r = srv.get(q("/hsds/organizations", format="ndjson"))
    eq(len([l for l in r.text.split("\n") if l]), 4, "organizations ndjson")
    r = srv.get(q("/hsds/taxonomy_terms", format="ndjson", taxonomy_id=TAX))
    eq(len([l for l in r.text.split("\n") if l]), 3, "terms ndjson")


# --------------------------------------------------------------------------
# single records and the other lists

@test
def one_service(srv):
    j = get_json(srv, "/hsds/services/" + uid("svc-1"))
    eq(j["id"], uid("svc-1"), "id")
    eq(j["organization"]["id"], ORG_B, "nested organization")
    eq(j["x_wijkagenda"]["norm_days"], 5, "norm_days")
    eq(j["assured_date"], j["x_wijkagenda"]["confirmed_at"][:10], "assured_date")
    values = {a["taxonomy_term"]["code"]: a.get("value") for a in j["attributes"]}
    eq(values.get("norm_days"), "5", "the norm as an attribute")
    check("wonen" in values, "the term as an attribute: %r" % values)
    sa = j["service_areas"][0]
    eq((sa["extent"], sa["extent_type"]), ("AA01", "wijkagenda_area"), "area")
    eq(sa["uri"], "http://127.0.0.1:%d/api/v1/areas/AA01" % srv.port, "area uri")
    for bad in (uid("nothing"), "nope", "..%2F..%2Fetc"):
        H.check_json_error(srv.get("/hsds/services/" + bad), 404)
    full = get_json(srv, q("/hsds/services", full="true", per_page=1))
    check(isinstance(full["contents"][0].get("attributes"), list), "full=true lists")


@test
def organizations(srv):
    j = get_json(srv, "/hsds/organizations")
    page_ok(j, "organizations")
    eq(j["total_items"], 4, "three of ours and the example")
    eq(get_json(srv, q("/hsds/organizations", search="GELD"))["contents"][0]["id"],
       ORG_B, "search by name")
    eq(get_json(srv, q("/hsds/organizations", search="%"))["total_items"], 0,
       "% is a character")
    j = get_json(srv, q("/hsds/organizations", per_page=1, page=4))
    eq((j["size"], j["last_page"]), (1, True), "paged")
    o = get_json(srv, "/hsds/organizations/" + ORG_A)
    eq(o["x_wijkagenda"]["kind"], "welzijn", "kind")
    eq(len(o["services"]), (N_SERVICES + 1) // 2, "its services")
    check(not isinstance(o["services"][0].get("attributes"), list),
          "services in one-to-one form")
    o = get_json(srv, q("/hsds/organizations/" + ORG_A, full_service="true"))
    check(isinstance(o["services"][0].get("attributes"), list), "full_service")
    H.check_json_error(srv.get("/hsds/organizations/" + uid("nobody")), 404)


@test
def taxonomies_and_terms(srv):
    j = get_json(srv, "/hsds/taxonomies")
    page_ok(j, "taxonomies")
    names = [t["name"] for t in j["contents"]]
    check("wijkagenda-verwachting" in names and "Thema" in names, "names %r" % names)
    total = j["total_items"]
    seen = []
    for p in range(1, total + 1):
        seen += ids(get_json(srv, q("/hsds/taxonomies", per_page=1, page=p)))
    eq(len(set(seen)), total, "paging over built-in and stored taxonomies")
    j = get_json(srv, q("/hsds/taxonomy_terms", taxonomy_id=TAX))
    eq(sorted(ids(j)), sorted(TERMS.values()), "terms of a taxonomy")
    eq(j["contents"][0]["taxonomy_detail"]["id"], TAX, "taxonomy_detail")
    j = get_json(srv, "/hsds/taxonomy_terms")
    seen = []
    for p in range(1, j["total_pages"] + 1):
        seen += ids(get_json(srv, q("/hsds/taxonomy_terms", page=p)))
    per5 = []
    for p in range(1, math.ceil(j["total_items"] / 5) + 1):
        per5 += ids(get_json(srv, q("/hsds/taxonomy_terms", per_page=5, page=p)))
    eq(per5, seen, "the same terms in pages of 5")
    eq(len(seen), j["total_items"], "every term")
    t = get_json(srv, "/hsds/taxonomy_terms/" + TERMS["wonen"])
    eq(t["code"], "wonen", "one term")
    t = get_json(srv, "/hsds/taxonomies/" + TAX)
    eq(t["name"], "Thema", "one taxonomy")
    H.check_json_error(srv.get("/hsds/taxonomy_terms/" + uid("x")), 404)


# --------------------------------------------------------------------------
# the command line

@test
def cli_import_and_export(srv):
    doc = package()
    doc["services"][3]["organization_id"] = uid("nobody")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(doc, f)
    try:
        with H.unchanged(srv):
            rc, out, err = cli(srv, "import-hsds", f.name, "--db", srv.db_path)
        eq(rc, 1, "exit code of a refused import")
        contains(err, "$.services[3].organization_id: unknown organization", "stderr")
        rc, out, err = cli(srv, "import-hsds", "-", "--db", srv.db_path,
                           stdin=json.dumps(package()).encode())
        eq(rc, 0, "import from stdin (%s)" % err)
        contains(out, "services 0 new %d updated" % N_SERVICES, "stdout")
    finally:
        os.unlink(f.name)
    rc, out, err = cli(srv, "export-hsds", "--db", srv.db_path)
    eq(rc, 0, "export (%s)" % err)
    pkg = json.loads(out)
    eq(len(pkg["services"]), N_SERVICES + 1, "services exported")
    eq(pkg["version"], "3.0", "version")
    rc, out, err = cli(srv, "import-hsds", "--db", srv.db_path)
    eq(rc, 2, "usage")


if __name__ == "__main__":
    H.main()
