"""Open311 GeoReport v2 (issue 15, web/open311.c, docs/open311.md): the
server's own functional tests (B's tests/http/test_open311.py is the
independent client written from the specification).

Requests are made through POST in both formats, with an e-mail address,
a telephone number, names and a resident's text that is marked so that
every answer can be searched for it: no answer of any route may carry
the text, the exact point, the e-mail address, the telephone number or
the token (except tokens/{token}, which answers its holder, and the
tracking_url of the POST).  Filters (ids, service codes, dates, status,
pages) against requests made here, closed and aged in the database;
replay 200; the rate limit 429 with Retry-After on a second server;
api_key mode on a third; XML parsed with xml.etree; hostile input:
a huge description, 10k fields, bad UTF-8, control characters reflected
in XML, bad dates, too many ids.

    python3 tests/http/test_open311_server.py --binary build/wijkagenda
"""
import json
import re
import os
import sys
import urllib.parse
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, contains, eq, not_contains, test  # noqa: E402

B = "/open311/v2/"
DAM = ("52.373100", "4.892600")
S = {"seq": 0, "made": []}
EMAIL = "o311-bewoner@example.org"
PHONE = "0612345678"


def uniq():
    S["seq"] += 1
    return "%d-%d" % (os.getpid(), S["seq"])


def secret_text():
    return "GEHEIM%s: de bank staat voor de deur van nummer 12" % uniq().replace("-", "x")


def post(srv, ext, fields, headers=None):
    body = urllib.parse.urlencode(fields)
    h = {"Content-Type": "application/x-www-form-urlencoded"}
    h.update(headers or {})
    return srv.request("POST", B + "requests." + ext, body=body, headers=h)


def good(text=None, code="afval/grofvuil", lat=DAM[0], lon=DAM[1], **more):
    f = [("service_code", code),
         ("description", secret_text() if text is None else text),
         ("lat", lat), ("long", lon), ("email", EMAIL), ("phone", PHONE),
         ("first_name", "Voornaam"), ("last_name", "Achternaam"),
         ("device_id", "device-o311")]
    return f + list(more.items())


def xml_of(r):
    eq(r.header("Content-Type"), "text/xml; charset=utf-8", "XML content type")
    return ET.fromstring(r.body)


def json_of(r):
    eq(r.header("Content-Type"), "application/json; charset=utf-8", "JSON content type")
    return r.json()


def errors_of(r, ext, status, what=""):
    """The error list in its format, each code = the status."""
    eq(r.status, status, "%s status (body %r)" % (what, r.body[:300]))
    if ext == "xml":
        root = xml_of(r)
        eq(root.tag, "errors", "XML root")
        errs = [(int(e.find("code").text), e.find("description").text or "")
                for e in root.findall("error")]
    else:
        errs = [(e["code"], e["description"]) for e in json_of(r)]
    check(errs, "at least one error")
    for code, _ in errs:
        eq(code, status, "error code")
    return errs


def made(srv, ext="json", **kw):
    text = kw.pop("text", None) or secret_text()
    r = post(srv, ext, good(text, **kw))
    eq(r.status, 201, "created (body %r)" % r.body[:300])
    if ext == "xml":
        req = xml_of(r).find("request")
        sid, url = req.find("service_request_id").text, req.find("tracking_url").text
    else:
        j = json_of(r)[0]
        sid, url = j["service_request_id"], j["tracking_url"]
        check(j["account_id"] is None, "account_id null")
        check("token" not in j, "no token field")
    S["made"].append((sid, text, url.rsplit("/", 1)[1]))
    return sid


def write(srv, sql, args=()):
    c = H.sqlite3.connect(srv.db_path, timeout=10)
    try:
        c.execute(sql, args)
        c.commit()
    finally:
        c.close()


def get_list(srv, ext, query=""):
    r = srv.get(B + "requests." + ext + query)
    eq(r.status, 200, "list %s (body %r)" % (query, r.body[:300]))
    if ext == "xml":
        root = xml_of(r)
        eq(root.tag, "service_requests", "root")
        return [{c.tag: c.text for c in req} for req in root.findall("request")]
    return json_of(r)


def ids(srv, ext, query=""):
    return [r["service_request_id"] for r in get_list(srv, ext, query)]


# --------------------------------------------------------------------------

@test
def create_in_both_formats(srv):
    a = made(srv, "json")
    b = made(srv, "xml")
    check(int(b) > int(a), "ids grow")
    row = srv.query("SELECT category_code, buurt_code FROM signals WHERE id = ?", (int(b),))
    eq(row[0][0], "afval/grofvuil", "category stored")
    r = srv.get(B + "requests/%s.xml" % b)
    req = xml_of(r).find("request")
    eq(req.find("service_code").text, "afval/grofvuil", "service_code")
    eq(req.find("status").text, "open", "status")
    eq(req.find("address_id").text, row[0][1], "address_id = the buurt code")


@test
def replay_is_200_with_the_same_id(srv):
    f = good()
    r1 = post(srv, "json", f)
    r2 = post(srv, "json", f)
    eq(r1.status, 201, "first")
    eq(r2.status, 200, "replay")
    eq(r2.json()[0]["service_request_id"], r1.json()[0]["service_request_id"], "same id")


@test
def privacy_no_personal_data_anywhere(srv):
    sid = made(srv)
    paths = ["discovery.json", "discovery.xml", "services.json", "services.xml",
             "services/afval%2Fgrofvuil.json", "services/afval%2Fgrofvuil.xml",
             "requests.json", "requests.xml", "requests/%s.json" % sid,
             "requests/%s.xml" % sid, "requests.json?service_request_id=%s" % sid]
    for p in paths:
        r = srv.get(B + p)
        eq(r.status, 200, p)
        for sid_, text, token in S["made"]:
            not_contains(r.text, text.split(":")[0], p + ": resident's text")
            not_contains(r.text, token, p + ": token")
        for bad in (EMAIL, PHONE, "Voornaam", "Achternaam", "device-o311",
                    DAM[0], DAM[1], "52.3731,", "4.8926,"):
            not_contains(r.text, bad, p + ": " + bad)
    for name in ("Voornaam", "Achternaam", "device-o311"):
        n = srv.query("SELECT COUNT(*) FROM signals WHERE body LIKE ?", ("%" + name + "%",))
        eq(n[0][0], 0, "%s not stored" % name)
    # the point is the buurt's, the same for two reports far apart in it
    r = get_list(srv, "json", "?service_request_id=%s" % sid)[0]
    check(r["lat"] is not None and abs(r["lat"] - float(DAM[0])) > 1e-7
          or abs(r["long"] - float(DAM[1])) > 1e-7, "not the reported point")


@test
def tokens_answer_the_holder(srv):
    sid = made(srv)
    token = S["made"][-1][2]
    j = json_of(srv.get(B + "tokens/%s.json" % token))
    eq(j, [{"service_request_id": sid, "token": token}], "token answer")
    x = xml_of(srv.get(B + "tokens/%s.xml" % token)).find("request")
    eq(x.find("service_request_id").text, sid, "xml id")
    errors_of(srv.get(B + "tokens/AAAAAAAAAAAAAAAAAAAAAA.xml"), "xml", 404)


@test
def filters(srv):
    a = made(srv, code="afval/grofvuil")
    b = made(srv, code="afval/huisafval")
    c = made(srv, code="afval/grofvuil")
    for ext in ("json", "xml"):
        eq(ids(srv, ext, "?service_request_id=%s,%s,999999" % (c, a)), [c, a], "ids")
        eq(ids(srv, ext, "?service_request_id=0%s,00%s" % (c, a)), [], "ids with leading zeros")
        errors_of(srv.get(B + "requests/0%s.%s" % (a, ext)), ext, 404)
        got = ids(srv, ext, "?service_code=afval/huisafval")
        check(b in got and a not in got, "service_code filter %r" % got)
        got = ids(srv, ext, "?service_code=afval/huisafval,afval/grofvuil")
        check(all(x in got for x in (a, b, c)), "two codes")
        check(got == sorted(got, key=int, reverse=True), "newest first")
    write(srv, "UPDATE signals SET status = 'afgerond', closed_at = ? WHERE id = ?",
          ("2026-01-01T00:00:00.000Z", int(a)))
    closed = ids(srv, "json", "?status=closed")
    check(a in closed and b not in closed, "status=closed")
    opened = ids(srv, "json", "?status=open")
    check(a not in opened and b in opened, "status=open")
    both = ids(srv, "json", "?status=open,closed")
    check(a in both and b in both, "both")
    r = get_list(srv, "json", "?service_request_id=%s" % a)[0]
    eq(r["status"], "closed", "closed status")
    eq(r["updated_datetime"], "2026-01-01T01:00:00+01:00", "closed at, Amsterdam time")
    # aged out of the 90-day default window, back with a start_date
    write(srv, "UPDATE signals SET created_at = ? WHERE id = ?",
          ("2020-06-01T10:00:00.000Z", int(b)))
    check(b not in ids(srv, "json"), "older than 90 days: not by default")
    got = ids(srv, "json", "?start_date=2020-06-01T11:59:59%2B02:00&end_date=2020-06-01T12:00:00%2B02:00")
    eq(got, [b], "window of the aged one (offsets)")
    got = ids(srv, "json", "?start_date=2020-06-01T10:00:01Z&end_date=2020-06-02T00:00:00Z")
    eq(got, [], "one second later: none")
    # pages
    p1 = ids(srv, "json", "?page_size=1")
    p2 = ids(srv, "json", "?page_size=1&page=2")
    eq(len(p1), 1, "page_size 1")
    check(p1 != p2 and len(p2) == 1, "page 2")
    # the pages as Link headers (RFC 8288, web/link.h), in both formats
    for ext in ("json", "xml"):
        r = srv.get("/open311/v2/requests.%s?page_size=1&page=2" % ext)
        link = r.header("Link", "")
        for rel, page in (("first", 1), ("prev", 1), ("next", 3)):
            check(re.search(r'<[^>]*/open311/v2/requests\.%s\?page_size=1&page=%d>; rel="%s"'
                            % (ext, page, rel), link), "%s: rel %s in %r" % (ext, rel, link))
    total = len(ids(srv, "json", "?page_size=1000"))
    r = srv.get("/open311/v2/requests.json?page_size=1000")
    check('rel="next"' not in r.header("Link", ""), "a page not full has no next (%d)" % total)


@test
def bad_queries_are_400(srv):
    for q in ("?start_date=2026-13-01T00:00:00Z", "?start_date=gisteren",
              "?end_date=2026-01-01", "?start_date=2026-01-01T00:00:00",
              "?start_date=2026-02-02T00:00:00Z&end_date=2026-01-01T00:00:00Z",
              "?status=gesloten", "?status=", "?service_code=bestaat/niet",
              "?page=0", "?page_size=1001", "?page_size=x",
              "?service_request_id=1,x", "?service_request_id=-1",
              "?service_request_id=" + ",".join(str(i) for i in range(1, 102))):
        for ext in ("json", "xml"):
            errors_of(srv.get(B + "requests." + ext + q), ext, 400)
    eq(srv.get(B + "requests.json?service_request_id=" +
               ",".join(str(i) for i in range(1, 101))).status, 200, "100 ids")
    eq(srv.get(B + "requests.json?onbekend=1").status, 200, "unknown parameter ignored")


@test
def not_found_and_methods(srv):
    for p, st in (("requests/abc.json", 404), ("requests/0.xml", 404),
                  ("requests/99999999.json", 404), ("requests", 404),
                  ("requests.html", 404), ("services/geen.xml", 404),
                  ("discovery.json?jurisdiction_id=GM0000", 404)):
        ext = "xml" if ".xml" in p else "json"
        errors_of(srv.get(B + p), ext, st)
    r = srv.request("DELETE", B + "requests.xml")
    errors_of(r, "xml", 405)
    check(r.header("Allow"), "Allow header")
    eq(srv.get(B + "discovery.json?jurisdiction_id=GM0363").status, 200, "our jurisdiction")


@test
def create_refusals(srv):
    with H.unchanged(srv):
        for ext in ("json", "xml"):
            f = good()
            errors_of(post(srv, ext, [x for x in f if x[0] != "service_code"]), ext, 400)
            errors_of(post(srv, ext, [x for x in f if x[0] not in ("lat", "long")]
                           + [("address_string", "Dam 1")]), ext, 400)
            errors_of(post(srv, ext, good(code="bestaat/niet")), ext, 400)
            errors_of(post(srv, ext, good(lat="51.9", lon="4.4")), ext, 400)  # Rotterdam
            errors_of(post(srv, ext, good(**{"attribute[x]": "1"})), ext, 400)
            errors_of(post(srv, ext, good(jurisdiction_id="GM0000")), ext, 404)
            errors_of(post(srv, ext, good(text="x" * 20000)), ext, 400)
            errors_of(post(srv, ext, good(text="")), ext, 400)
            errors_of(post(srv, ext, good(lat="noord")), ext, 400)
            errors_of(srv.request("POST", B + "requests." + ext,
                                  body=json.dumps({"description": "x"}),
                                  headers={"Content-Type": "application/json"}), ext, 400)
            many = "a=&" * 10000
            errors_of(srv.request("POST", B + "requests." + ext, body=many,
                                  headers={"Content-Type": "application/x-www-form-urlencoded"}),
                      ext, 400)
            bad = urllib.parse.urlencode(good()[:1]) + "&description=%FF%FEbank&lat=52.3731&long=4.8926"
            errors_of(srv.request("POST", B + "requests." + ext, body=bad,
                                  headers={"Content-Type": "application/x-www-form-urlencoded"}),
                      ext, 400)
            huge = "description=" + "a" * 200000
            r = srv.request("POST", B + "requests." + ext, body=huge,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
            errors_of(r, ext, 413)


@test
def control_characters_in_xml(srv):
    # Errors echo no input (field names are ours), so hostile bytes in a
    # path or a field reach XML only as a refusal that must still parse;
    # the writer's own escaping is tests/unit/test_open311_xml.c.
    r = srv.get(B + "services/%01%7F%EF%BF%BE%3C%26.xml")
    errors_of(r, "xml", 404)
    for text in ("Bel\x07 de\x1b bank", "nul\x00 byte"):
        errors_of(post(srv, "xml", good(text=text)), "xml", 400)
    # markup characters and a tab in a resident's text: stored, and every
    # XML answer parses (the text itself is never shown)
    sid = made(srv, "xml", text="Tab\there <b>&amp; ]]> een bank %s" % uniq())
    xml_of(srv.get(B + "requests/%s.xml" % sid))
    xml_of(srv.get(B + "requests.xml"))


@test
def rate_limit_429(srv):
    other = H.Server(H.Ctx.args.binary, ["--rate-intake", "2"])
    other.start()
    try:
        got = [post(other, "json", good()) for _ in range(4)]
        eq([r.status for r in got[:2]], [201, 201], "two allowed")
        last = got[-1]
        errors_of(last, "json", 429)
        check(last.header("Retry-After", "").isdigit(), "Retry-After")
        errors_of(post(other, "xml", good()), "xml", 429)
    finally:
        other.stop()
        other.cleanup()


@test
def api_key_mode(srv):
    other = H.Server(H.Ctx.args.binary, ["--open311-api-key"])
    other.start()
    try:
        admin = H.choose_password(other, H.admin_create(other, "o311-admin@example.org"))
        r = other.post_json("/api/v1/organisations",
                            {"name": "Open311 %s" % uniq(), "kind": "stadsdeel",
                             "areas": ["A"]},
                            headers={"Cookie": "sid=" + admin[0], "X-CSRF-Token": admin[1]})
        eq(r.status, 201, "organisation")
        prefix = os.urandom(4).hex()
        key = "wak_%s_%s" % (prefix, H.new_token())
        write(other, "INSERT INTO api_keys (organisation_id, name, prefix, key_hash,"
              " scopes, created_at) VALUES (?, ?, ?, ?, ?, ?)",
              (r.json()["id"], "Open311", prefix, H.token_hash(key), "kwestie.manage",
               "2026-01-01T00:00:00.000Z"))
        with H.unchanged(other):
            errors_of(post(other, "json", good()), "json", 403)
            errors_of(post(other, "xml", good(api_key=key[:-1] + "x")), "xml", 403)
        eq(post(other, "json", good(api_key=key)).status, 201, "with the key")
        eq(other.get(B + "requests.json").status, 200, "reading needs no key")
    finally:
        other.stop()
        other.cleanup()


@test
def errors_name_the_fields_sent(srv):
    for fields, name in ((good(text=""), "description"), (good(lon="181"), "long"),
                         (good(lat="91"), "lat")):
        for ext in ("json", "xml"):
            errs = errors_of(post(srv, ext, fields), ext, 400)
            check(errs[0][1].startswith(name + ": "), "%s named: %r" % (name, errs))


@test
def demo_rows_are_not_published(srv):
    sid = made(srv)
    write(srv, "UPDATE signals SET is_demo = 1 WHERE id = ?", (int(sid),))
    check(sid not in ids(srv, "json"), "demo row listed")
    check(sid not in ids(srv, "xml", "?service_request_id=" + sid), "demo row by ids")
    errors_of(srv.get(B + "requests/%s.json" % sid), "json", 404)


@test
def services_and_discovery(srv):
    j = json_of(srv.get(B + "services.json"))
    x = xml_of(srv.get(B + "services.xml"))
    eq(len(x.findall("service")), len(j), "same count")
    codes = {s["service_code"] for s in j}
    check("afval/grofvuil" in codes, "grofvuil")
    check(all("/" in c for c in codes), "sub-categories only")
    g = [s for s in j if s["service_code"] == "afval/grofvuil"][0]
    eq(g["group"], "Afval", "group")
    eq(g["metadata"], False, "metadata")
    d = json_of(srv.get(B + "services/afval%2Fgrofvuil.json"))
    eq(d, {"service_code": "afval/grofvuil", "attributes": []}, "definition")
    disc = json_of(srv.get(B + "discovery.json"))
    eq(disc["endpoints"][0]["formats"], ["application/json", "text/xml"], "formats")
    xd = xml_of(srv.get(B + "discovery.xml"))
    eq(xd.find("endpoints/endpoint/type").text, "production", "xml type")


if __name__ == "__main__":
    H.main()
