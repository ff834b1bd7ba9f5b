"""HTTP tests of the Open311 GeoReport v2 endpoints under /open311/v2/,
by a small client written from the specification
(http://wiki.open311.org/GeoReport_v2), not from the server's code.

The client (class Open311) builds URLs with the format suffix and
jurisdiction_id, form-encodes POSTs and reads JSON and XML into the same
Python structure, so that every case runs in both formats and the XML is
held to the element names of the spec (services/service,
service_requests/request, service_definition/attributes/attribute,
discovery/endpoints/endpoint/formats/format, errors/error/code+description).
Shapes are compared with real answers of real servers shipped in the
repository's neighbour data: Bloomington's services list and Boston's
requests pages.

Our documented choices (docs, issue 15): service_code is our category
code (it contains a slash and travels percent-encoded in a path),
jurisdiction GM0363, lat/long and address of the buurt (never the reported
point), description never the resident's text, tracking_url as an
extension of the POST answer, lat/long required to report.

What the HTTP side cannot make in a test run is written into the database
(a closed signal, a 100-day-old one, 1,100 more, a demo row, a public
message), as other test files do; api_key and the intake's rate limit run
on servers of their own with those options.

    python3 tests/http/test_open311.py --binary build/wijkagenda
"""
import datetime
import json
import os
import re
import sys
import time
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

BASE = "/open311/v2"
JURISDICTION = "GM0363"            # Amsterdam, the installation's municipality
OTHER_JURISDICTION = "GM0344"      # Utrecht
DAM = (52.37310, 4.89260)          # de Dam, Burgwallen
UTRECHT = (52.09, 5.12)
CATEGORY = "afval/grofvuil"
CATEGORY_NAME = "Grofvuil"
FORMATS = ("json", "xml")
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")

SHARED = os.path.join(H.REPO, "..", "shared", "data")
SAMPLES = os.path.join(SHARED, "open311-samples", "bloomington_services.json")
BOSTON = os.path.join(SHARED, "boston-open311-requests", "raw_pages")

# The fields of the spec's answers (GeoReport v2, "GET Service List",
# "GET Service Requests", "POST Service Request", discovery).
SERVICE_KEYS = {"service_code", "service_name", "description", "metadata",
                "type", "keywords", "group"}
REQUEST_KEYS = {"service_request_id", "status", "status_notes", "service_name",
                "service_code", "description", "agency_responsible",
                "service_notice", "requested_datetime", "updated_datetime",
                "expected_datetime", "address", "address_id", "zipcode",
                "lat", "long", "media_url"}
POST_KEYS = {"service_request_id", "service_notice", "account_id"}
DISCOVERY_KEYS = {"changeset", "contact", "key_service", "endpoints"}
ENDPOINT_KEYS = {"specification", "url", "changeset", "type", "formats"}
ATTRIBUTE_KEYS = {"variable", "code", "datatype", "required",
                  "datatype_description", "order", "description", "values"}
# W3C note profile of ISO 8601 that the spec names: with seconds and a zone.
W3C_DATETIME = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

# XML elements that hold a list, and the one name their children carry.
XML_LISTS = {"services": "service", "service_requests": "request",
             "errors": "error", "attributes": "attribute", "values": "value",
             "endpoints": "endpoint", "formats": "format"}

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

STATE = {}  # what the POST cases made, for the GET cases after them


def need(case):
    """A case that builds on an earlier one fails (not skips) without it."""
    raise H.Failure("needs what %s makes, and it failed" % case)


# --------------------------------------------------------------------------
# the client

class Answer:
    """An HTTP response and its body read into Python: lists and dicts,
    the same shape from JSON and from XML (XML leaves are strings)."""

    def __init__(self, fmt, resp, data, root=None):
        self.fmt = fmt
        self.resp = resp
        self.status = resp.status
        self.data = data
        self.root = root  # the XML root tag

    def __repr__(self):
        return "<%s %d %r>" % (self.fmt, self.status, self.resp.body[:300])


def xml_to_py(el, where=""):
    """An element into lists (the spec's list elements, whose children must
    all carry the one name of the spec), dicts (elements with children,
    each name once) or text."""
    where = where + "/" + el.tag
    check(not el.attrib, "%s has attributes %r (the spec has none)"
          % (where, el.attrib))
    if el.tag in XML_LISTS:
        want = XML_LISTS[el.tag]
        out = []
        for c in el:
            eq(c.tag, want, "child element of <%s> (at %s)" % (el.tag, where))
            out.append(xml_to_py(c, where))
        check(not (el.text or "").strip(), "%s has text %r" % (where, el.text))
        return out
    if len(el) == 0:
        return el.text or ""
    out = {}
    for c in el:
        check(c.tag not in out, "%s: element <%s> twice" % (where, c.tag))
        out[c.tag] = xml_to_py(c, where)
    return out


class Open311:
    """A GeoReport v2 client of one format ("json" or "xml")."""

    def __init__(self, srv, fmt, jurisdiction=None):
        self.srv = srv
        self.fmt = fmt
        self.jurisdiction = jurisdiction

    def url(self, resource, params=None):
        q = list((params or {}).items())
        if self.jurisdiction is not None:
            q.append(("jurisdiction_id", self.jurisdiction))
        path = "%s/%s.%s" % (BASE, resource, self.fmt)
        return path + ("?" + urllib.parse.urlencode(q) if q else "")

    @staticmethod
    def seg(value):
        """A path segment: everything percent-encoded, the slash too."""
        return urllib.parse.quote(value, safe="")

    def read(self, resp, what):
        ctype = resp.header("Content-Type", "")
        mime, _, rest = ctype.partition(";")
        want = "application/json" if self.fmt == "json" else "text/xml"
        eq(mime.strip().lower(), want, "Content-Type of %s (%r, status %d, body %r)"
           % (what, ctype, resp.status, resp.body[:200]))
        eq(rest.replace(" ", "").lower(), "charset=utf-8",
           "charset of %s (%r)" % (what, ctype))
        if self.fmt == "json":
            return Answer("json", resp, resp.json())
        body = resp.body
        check(re.match(rb'<\?xml version="1\.0" encoding="utf-8"\?>', body, re.I),
              "%s: XML without the declaration with encoding UTF-8: %r"
              % (what, body[:80]))
        try:
            root = ET.fromstring(body)
        except ET.ParseError as e:
            raise H.Failure("%s: not well-formed XML (%s): %r" % (what, e, body[:400]))
        return Answer("xml", resp, xml_to_py(root), root.tag)

    def get(self, resource, params=None, headers=None):
        path = self.url(resource, params)
        return self.read(self.srv.get(path, headers=headers), "GET " + path)

    def post(self, fields, resource="requests", ctype=None):
        """POST form fields (a dict or a list of pairs) to requests.fmt;
        jurisdiction_id travels in the body as every other argument."""
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if self.jurisdiction is not None:
            items.append(("jurisdiction_id", self.jurisdiction))
        path = "%s/%s.%s" % (BASE, resource, self.fmt)
        kw = {} if ctype is None else {"content_type": ctype}
        r = self.srv.post_form(path, items, **kw)
        return self.read(r, "POST " + path)

    # -- shapes
    def expect_root(self, ans, tag):
        if self.fmt == "xml":
            eq(ans.root, tag, "root element")

    def requests_of(self, ans, what):
        eq(ans.status, 200, "%s (body %r)" % (what, ans.resp.body[:300]))
        self.expect_root(ans, "service_requests")
        check(isinstance(ans.data, list), "%s: not a list: %r" % (what, ans.data))
        return ans.data


def clients(srv, jurisdiction=None):
    return [Open311(srv, f, jurisdiction) for f in FORMATS]


def check_error(ans, status, what=""):
    """The spec's error list: HTTP status = the code of each error, each
    with a description; XML errors/error/code+description."""
    eq(ans.status, status, "status of %s (body %r)" % (what, ans.resp.body[:300]))
    if ans.fmt == "xml":
        eq(ans.root, "errors", "root element of the error answer of %s" % what)
    check(isinstance(ans.data, list) and ans.data,
          "%s: error answer is not a non-empty list: %r" % (what, ans.data))
    for e in ans.data:
        check(isinstance(e, dict), "%s: error is not an object: %r" % (what, e))
        eq(set(e), {"code", "description"}, "keys of an error of %s" % what)
        if ans.fmt == "json":
            check(type(e["code"]) is int, "%s: code is not a number: %r" % (what, e))
        eq(int(e["code"]), status, "error code of %s" % what)
        check(isinstance(e["description"], str) and e["description"].strip(),
              "%s: empty description: %r" % (what, e))
    return ans.data


def same(j, x, where="$"):
    """A JSON value and its XML reading are the same: null = an empty or
    absent element, booleans "true"/"false", numbers equal as numbers."""
    if isinstance(j, dict):
        check(isinstance(x, dict), "%s: XML has %r for an object" % (where, x))
        check(set(x) <= set(j), "%s: XML elements %r not in JSON"
              % (where, sorted(set(x) - set(j))))
        for k, v in j.items():
            if k not in x:
                check(v is None or v == [], "%s.%s = %r in JSON, no element in XML"
                      % (where, k, v))
                continue
            same(v, x[k], "%s.%s" % (where, k))
    elif isinstance(j, list):
        if x == "":
            x = []
        check(isinstance(x, list), "%s: XML has %r for a list" % (where, x))
        eq(len(x), len(j), "%s: number of items" % where)
        for i, (a, b) in enumerate(zip(j, x)):
            same(a, b, "%s[%d]" % (where, i))
    elif j is None:
        eq(x, "", "%s: XML for a JSON null" % where)
    elif isinstance(j, bool):
        eq(x, "true" if j else "false", "%s: XML boolean" % where)
    elif isinstance(j, (int, float)):
        try:
            xv = float(x)
        except (TypeError, ValueError):
            raise H.Failure("%s: XML %r for the number %r" % (where, x, j))
        check(abs(xv - j) < 1e-9, "%s: XML %r, JSON %r" % (where, x, j))
    else:
        # XML 1.0 cannot carry C0 controls but tab, LF, CR (nor U+FFFE/FFFF):
        # the contract drops them from XML
        eq(x, XML_FORBIDDEN.sub("", j), "%s: XML text" % where)


def parse_time(s, what):
    check(isinstance(s, str) and W3C_DATETIME.match(s),
          "%s: not an ISO 8601 date-time with offset: %r" % (what, s))
    t = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    check(t.tzinfo is not None, "%s: no offset in %r" % (what, s))
    return t


def iso(t):
    """A W3C date-time in Amsterdam's offset, as the spec's examples."""
    return t.astimezone(AMS).replace(microsecond=0).isoformat()


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def ids(rows):
    return [r["service_request_id"] for r in rows]


def form(**kw):
    d = {"service_code": CATEGORY, "lat": "%.5f" % DAM[0], "long": "%.5f" % DAM[1],
         "description": H.uniq("open311")}
    d.update(kw)
    return {k: v for k, v in d.items() if v is not None}


def bad_post(srv, fields, status, what):
    """In both formats: the error list, and the database unchanged."""
    for c in clients(srv):
        with H.unchanged(srv, "database after %s (%s)" % (what, c.fmt)):
            check_error(c.post(fields), status, "%s (%s)" % (what, c.fmt))


def bad_get(srv, resource, params, status, what, jurisdiction=None):
    for c in clients(srv, jurisdiction):
        check_error(c.get(resource, params), status, "%s (%s)" % (what, c.fmt))


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def all_bodies():
    """Every GET answer the cases kept, for the privacy checks."""
    return STATE.setdefault("bodies", [])


def keep(ans):
    all_bodies().append((ans.resp.body, ans.fmt))
    return ans


# --------------------------------------------------------------------------
# discovery

@test
def discovery_both_formats(srv):
    got = {}
    for c in clients(srv):
        a = c.get("discovery")
        eq(a.status, 200, "discovery.%s" % c.fmt)
        c.expect_root(a, "discovery")
        d = a.data
        check(isinstance(d, dict), "discovery is not an object: %r" % (d,))
        check(DISCOVERY_KEYS <= set(d), "discovery lacks %r"
              % sorted(DISCOVERY_KEYS - set(d)))
        parse_time(d["changeset"], "discovery changeset")
        check(isinstance(d["endpoints"], list) and d["endpoints"],
              "no endpoints: %r" % d)
        eps = [e for e in d["endpoints"]
               if e.get("specification") == "http://wiki.open311.org/GeoReport_v2"]
        check(eps, "no endpoint of the GeoReport v2 specification: %r" % d["endpoints"])
        for e in eps:
            check(ENDPOINT_KEYS <= set(e), "endpoint lacks %r" % sorted(ENDPOINT_KEYS - set(e)))
            check(e["url"].startswith("http") and e["url"].endswith(BASE),
                  "endpoint url %r does not end in %s" % (e["url"], BASE))
            eq(sorted(e["formats"]), ["application/json", "text/xml"], "formats")
            check(e["type"] in ("production", "test"), "endpoint type %r" % e["type"])
            parse_time(e["changeset"], "endpoint changeset")
        got[c.fmt] = a.data
    same(got["json"], got["xml"])
    STATE["endpoint_url"] = got["json"]["endpoints"][0]["url"]


# --------------------------------------------------------------------------
# services

@test
def services_list_shape_as_bloomington(srv):
    real = load_json(SAMPLES)
    real_keys = set(real[0])
    eq(real_keys, SERVICE_KEYS, "keys of Bloomington's services (the reference)")
    got = {}
    for c in clients(srv):
        a = c.get("services")
        eq(a.status, 200, "services.%s" % c.fmt)
        c.expect_root(a, "services")
        check(isinstance(a.data, list) and len(a.data) > 10,
              "services.%s: too few: %r" % (c.fmt, a.data))
        got[c.fmt] = a.data
    svcs = got["json"]
    for s in svcs:
        eq(set(s), real_keys, "keys of service %r (Bloomington's keys)"
           % s.get("service_code"))
        # the spec's types: service_code a string (Bloomington's numbers
        # are their quirk), metadata a boolean
        for k in ("service_code", "service_name", "description", "type",
                  "keywords", "group"):
            check(isinstance(s[k], str), "service %r: %s is %r, not a string"
                  % (s["service_code"], k, s[k]))
        check(isinstance(s["metadata"], bool), "metadata %r" % s["metadata"])
        check(s["type"] in ("realtime", "batch", "blackbox"), "type %r" % s["type"])
        check(s["service_code"] and s["service_name"] and s["group"],
              "empty code/name/group: %r" % s)
    codes = [s["service_code"] for s in svcs]
    eq(len(codes), len(set(codes)), "service codes are unique")
    mine = [s for s in svcs if s["service_code"] == CATEGORY]
    check(mine, "%s not among the services %r" % (CATEGORY, codes[:20]))
    eq(mine[0]["service_name"], CATEGORY_NAME, "service_name of %s" % CATEGORY)
    check(all("/" in c for c in codes),
          "a service_code without a main category (only sub-categories are "
          "services): %r" % [c for c in codes if "/" not in c])
    same(svcs, got["xml"])
    other = [s for s in svcs if s["group"] != mine[0]["group"]]
    check(other, "only one group of services")
    STATE["services"] = svcs
    STATE["other_code"] = other[0]["service_code"]


@test
def service_definition_percent_encoded_code(srv):
    svcs = STATE.get("services") or need("services_list_shape_as_bloomington")
    with_meta = {s["service_code"] for s in svcs if s["metadata"]}
    for code in [CATEGORY, STATE["other_code"]]:
        got = {}
        for c in clients(srv):
            a = c.get("services/" + c.seg(code))
            eq(a.status, 200, "services/%s.%s (body %r)" % (code, c.fmt, a.resp.body[:200]))
            c.expect_root(a, "service_definition")
            d = a.data
            check(isinstance(d, dict), "definition not an object: %r" % (d,))
            eq(d.get("service_code"), code, "service_code of the definition")
            attrs = d.get("attributes", [] if c.fmt == "xml" else None)
            if attrs == "":
                attrs = []
            check(isinstance(attrs, list), "attributes not a list: %r" % (d,))
            for at in attrs:
                check({"variable", "code", "datatype", "required", "order",
                       "description"} <= set(at) <= ATTRIBUTE_KEYS,
                      "attribute keys %r" % sorted(at))
            eq(bool(attrs), code in with_meta,
               "attributes present exactly when the service list says metadata")
            got[c.fmt] = d
        same(got["json"], got["xml"])


@test
def service_definition_unknown_service(srv):
    for code in ("afval/bestaat-niet", "bestaat-niet", "afval", CATEGORY + "x"):
        for c in clients(srv):
            check_error(c.get("services/" + c.seg(code)), 404,
                        "services/%s.%s" % (code, c.fmt))


@test
def service_definition_hostile_code_xml_stays_well_formed(srv):
    # the error may name the code: escaped, and the control character
    # XML 1.0 forbids must not reach the document
    code = "<x a=\"1\">&amp;\x01]]>"
    for c in clients(srv):
        check_error(c.get("services/" + c.seg(code)), 404, "hostile code (%s)" % c.fmt)


# --------------------------------------------------------------------------
# POST requests

def posted(srv, c, fields, what):
    a = c.post(fields)
    eq(a.status, 201, "%s (body %r)" % (what, a.resp.body[:400]))
    c.expect_root(a, "service_requests")
    check(isinstance(a.data, list) and len(a.data) == 1,
          "%s: not a list of one: %r" % (what, a.data))
    r = a.data[0]
    # XML may leave out an empty element (account_id); JSON has every key
    want = POST_KEYS if c.fmt == "json" else POST_KEYS - {"account_id"}
    check(want <= set(r), "%s: answer lacks %r" % (what, sorted(want - set(r))))
    check("token" not in r, "%s: a token although stored at once: %r" % (what, r))
    check(isinstance(r["service_request_id"], str) and r["service_request_id"].isdigit(),
          "%s: service_request_id %r" % (what, r["service_request_id"]))
    check(isinstance(r["service_notice"], str) and r["service_notice"].strip(),
          "%s: empty service_notice" % what)
    eq(r.get("account_id", ""), None if c.fmt == "json" else "", "%s: account_id" % what)
    turl = r.get("tracking_url")
    check(isinstance(turl, str) and re.search(r"^https?://[^/]+/m/[A-Za-z0-9_-]{22}$", turl),
          "%s: tracking_url %r is not base_url/m/<token>" % (what, turl))
    ep = STATE.get("endpoint_url")
    if ep and srv is H.Ctx.srv:
        eq(turl.split("/m/")[0], ep[:-len(BASE)], "tracking_url's base = discovery's")
    return r


@test
def post_json_and_xml(srv):
    secrets = {"email": "o311-%s@example.org" % uuid.uuid4().hex[:8],
               "phone": "06%08d" % (uuid.uuid4().int % 10 ** 8),
               "first_name": "Voornaam%s" % uuid.uuid4().hex[:6],
               "last_name": "Achternaam%s" % uuid.uuid4().hex[:6],
               "device_id": "dev-%s" % uuid.uuid4().hex[:10],
               "account_id": "acct-%s" % uuid.uuid4().hex[:10],
               "address_string": "Damstraat %d" % (uuid.uuid4().int % 900 + 17)}
    made = []
    t0 = now()
    for i, c in enumerate(clients(srv)):
        code = CATEGORY if i == 0 else STATE["other_code"]
        f = form(service_code=code, **secrets)
        r = posted(srv, c, f, "POST requests.%s" % c.fmt)
        made.append({"id": r["service_request_id"], "code": code, "fmt": c.fmt,
                     "text": f["description"],
                     "token": r["tracking_url"].rsplit("/", 1)[1]})
    check(made[0]["id"] != made[1]["id"], "two posts, one id: %r" % made)
    STATE["made"] = made
    STATE["secrets"] = secrets
    STATE["t0"] = t0


@test
def post_replay_gives_the_same_id(srv):
    for c in clients(srv):
        f = form()
        first = posted(srv, c, f, "first POST (%s)" % c.fmt)
        a = c.post(f)
        check(a.status in (200, 201), "replay status %d (%r)" % (a.status, a.resp.body[:300]))
        eq(a.status, 200, "replay answers 200 (contract: intake says it was a replay)")
        eq(a.data[0]["service_request_id"], first["service_request_id"], "replay id")


@test
def post_with_jurisdiction(srv):
    for c in clients(srv, JURISDICTION):
        posted(srv, c, form(), "POST with jurisdiction_id %s (%s)" % (JURISDICTION, c.fmt))


@test
def post_description_of_2000_characters(srv):
    for c in clients(srv):
        t = H.uniq("lang")
        posted(srv, c, form(description=t + "x" * (2000 - len(t))),
               "description of 2000 characters (%s)" % c.fmt)


@test
def post_form_with_charset_and_encoded_text(srv):
    # apps send "; charset=UTF-8" with the form type; '+' is a space, %2B a
    # plus, and the text arrives as the resident wrote it
    text = "Tegel + stoep & riool=stuk, caf\u00e9 %s" % uuid.uuid4().hex[:8]
    for c in clients(srv):
        t = "%s (%s)" % (text, c.fmt)
        path = "%s/requests.%s" % (BASE, c.fmt)
        r = srv.post_form(path, form(description=t),
                          content_type="application/x-www-form-urlencoded; charset=UTF-8")
        a = c.read(r, "POST with charset")
        eq(a.status, 201, "POST with charset (body %r)" % r.body[:300])
        rid = a.data[0]["service_request_id"]
        eq(srv.query("SELECT body FROM signals WHERE id = ?", (int(rid),)), [(t,)],
           "the stored text")


@test
def post_media_url_accepted_and_not_published(srv):
    # docs/open311.md's choice: accepted and ignored until photos exist
    url = "https://example.org/foto-%s.jpg" % uuid.uuid4().hex[:8]
    for c in clients(srv):
        rid = posted(srv, c, form(media_url=url), "POST with media_url (%s)" % c.fmt)[
            "service_request_id"]
        r = Open311(srv, "json").get("requests/" + rid).data[0]
        eq(r["media_url"], None, "media_url of a request whose photo was not taken in")


@test
def unknown_query_parameters_are_ignored(srv):
    # docs/open311.md's choice (the spec's clients send extras)
    for c in clients(srv):
        for res in ("discovery", "services", "requests"):
            a = c.get(res, {"client_version": "3.1", "locale": "nl"})
            eq(a.status, 200, "%s.%s with extra parameters" % (res, c.fmt))


# -- POST errors

@test
def post_unknown_service(srv):
    bad_post(srv, form(service_code="afval/bestaat-niet"), 400, "unknown service_code")
    bad_post(srv, form(service_code="bestaat-niet"), 400, "unknown service_code")


@test
def post_missing_service_code(srv):
    bad_post(srv, form(service_code=None), 400, "no service_code")


@test
def post_missing_location(srv):
    bad_post(srv, form(lat=None, long=None), 400, "no location")
    bad_post(srv, form(lat=None, long=None, address_string="Dam 1, Amsterdam"), 400,
             "address_string alone")
    bad_post(srv, form(lat=None, long=None, address_id="0363200000218908"), 400,
             "address_id alone")
    bad_post(srv, form(long=None), 400, "lat without long")
    bad_post(srv, form(lat=None), 400, "long without lat")


@test
def post_bad_coordinates(srv):
    bad_post(srv, form(lat="noord", long="4.9"), 400, "lat not a number")
    bad_post(srv, form(lat="91", long="4.9"), 400, "lat out of range")
    bad_post(srv, form(lat="52.37", long="181"), 400, "long out of range")


@test
def post_point_outside_the_municipality(srv):
    bad_post(srv, form(lat=str(UTRECHT[0]), long=str(UTRECHT[1])), 400, "point in Utrecht")


@test
def post_missing_or_empty_description(srv):
    bad_post(srv, form(description=None), 400, "no description")
    bad_post(srv, form(description="   "), 400, "blank description")


@test
def post_description_not_utf8_or_with_nul(srv):
    for raw in (b"description=caf%E9+tegel+ligt+los", b"description=tegel%00ligt+los+hier"):
        for c in clients(srv):
            body = raw + b"&service_code=afval%2Fgrofvuil&lat=52.3731&long=4.8926"
            with H.unchanged(srv):
                r = srv.request("POST", "%s/requests.%s" % (BASE, c.fmt), body=body,
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
                check_error(c.read(r, "POST %r" % raw), 400, "%r (%s)" % (raw, c.fmt))


@test
def post_concurrent_replays_store_one(srv):
    f = form()
    c = Open311(srv, "json")
    out = H.threads_run(6, lambda i: c.post(f))
    for a in out:
        check(isinstance(a, Answer), "a concurrent POST raised %r" % (a,))
    eq(sorted(a.status for a in out), [200] * 5 + [201], "one stored, five replays")
    eq(len({a.data[0]["service_request_id"] for a in out}), 1, "one id for all six")
    eq(srv.query("SELECT COUNT(*) FROM signals WHERE body = ?", (f["description"],)),
       [(1,)], "one signal stored")


@test
def post_oversized_description(srv):
    t = H.uniq("te lang")
    bad_post(srv, form(description=t + "x" * (2001 - len(t))), 400,
             "description of 2001 characters")


@test
def post_body_too_large(srv):
    # larger than any request body the server takes: 413 in error form
    for c in clients(srv):
        with H.unchanged(srv):
            a = c.post(form(description="x" * 200000))
            check_error(a, 413, "200 kB body (%s)" % c.fmt)


@test
def post_undefined_attribute(srv):
    bad_post(srv, list(form().items()) + [("attribute[WHISHETN]", "124")], 400,
             "attribute the service does not define")


@test
def post_unknown_jurisdiction(srv):
    for c in clients(srv, OTHER_JURISDICTION):
        with H.unchanged(srv):
            check_error(c.post(form()), 404, "POST with jurisdiction_id %s (%s)"
                        % (OTHER_JURISDICTION, c.fmt))


@test
def post_errors_name_the_arguments_of_the_spec(srv):
    # the spec's errors are "specified in error response": a client sent
    # description and long, so the description of the error names those
    cases = [(form(description=None), "description"),
             (form(description="x" * 2001), "description"),
             (form(long="181"), "long"),
             (form(lat="91"), "lat"),
             (form(service_code="afval/bestaat-niet"), "service_code"),
             (form(email="geen-adres"), "email")]
    for fields, arg in cases:
        for c in clients(srv):
            e = check_error(c.post(fields), 400, "%s (%s)" % (arg, c.fmt))
            check(re.search(r"\b%s\b" % arg, e[0]["description"]),
                  "Open311 errors name our internal fields: the error for %s does not "
                  "name it: %r" % (arg, e[0]["description"]))


@test
def post_not_form_encoded(srv):
    for fmt in FORMATS:
        c = Open311(srv, fmt)
        with H.unchanged(srv):
            r = srv.post_json("%s/requests.%s" % (BASE, fmt), form())
            check_error(c.read(r, "POST JSON body"), 400, "JSON body (%s)" % fmt)


# --------------------------------------------------------------------------
# GET requests

def request_shape(r, what):
    eq(set(r), REQUEST_KEYS, "keys of %s" % what)
    check(isinstance(r["service_request_id"], str) and r["service_request_id"],
          "%s: service_request_id %r" % (what, r["service_request_id"]))
    check(r["status"] in ("open", "closed"), "%s: status %r" % (what, r["status"]))
    for k in ("service_code", "service_name", "description", "address",
              "address_id", "agency_responsible"):
        check(isinstance(r[k], str) and r[k], "%s: %s is %r" % (what, k, r[k]))
    for k in ("status_notes", "service_notice"):
        check(r[k] is None or isinstance(r[k], str), "%s: %s is %r" % (what, k, r[k]))
    eq(r["zipcode"], None, "%s: zipcode" % what)
    eq(r["media_url"], None, "%s: media_url" % what)
    for k in ("lat", "long"):
        check(isinstance(r[k], (int, float)) and not isinstance(r[k], bool),
              "%s: %s is %r, not a number" % (what, k, r[k]))
    req = parse_time(r["requested_datetime"], what + " requested_datetime")
    for k in ("updated_datetime", "expected_datetime"):
        if r[k] is not None:
            t = parse_time(r[k], "%s %s" % (what, k))
            check(t >= req - datetime.timedelta(seconds=1),
                  "%s: %s %s before requested_datetime %s" % (what, k, r[k],
                                                              r["requested_datetime"]))


@test
def get_request_by_id_both_formats(srv):
    made = STATE.get("made") or need("post_json_and_xml")
    t0 = STATE["t0"]
    for m in made:
        got = {}
        for c in clients(srv):
            a = keep(c.get("requests/%s" % m["id"]))
            rows = c.requests_of(a, "requests/%s.%s" % (m["id"], c.fmt))
            eq(len(rows), 1, "requests/{id}: a list of one")
            got[c.fmt] = rows[0]
        r = got["json"]
        request_shape(r, "request %s" % m["id"])
        eq(r["service_request_id"], m["id"], "service_request_id")
        eq(r["service_code"], m["code"], "service_code")
        eq(r["status"], "open", "status of a new request")
        t = parse_time(r["requested_datetime"], "requested_datetime")
        check(t0 - datetime.timedelta(minutes=2) <= t <= now() + datetime.timedelta(minutes=2),
              "requested_datetime %s is not about now (%s)" % (t, t0))
        eq(t.utcoffset(), t.astimezone(AMS).utcoffset(),
           "requested_datetime in Amsterdam's offset (%s)" % r["requested_datetime"])
        if m["code"] == CATEGORY:
            eq(r["service_name"], CATEGORY_NAME, "service_name")
        # in no kwestie yet: the category's name stands for the description
        eq(r["description"], r["service_name"], "description of a request in no kwestie")
        same(r, got["xml"], "request %s" % m["id"])


@test
def get_request_keys_as_boston(srv):
    made = STATE.get("made") or need("post_json_and_xml")
    boston = []
    for name in sorted(os.listdir(BOSTON)):
        boston += load_json(os.path.join(BOSTON, name))
    bkeys = set()
    for b in boston:
        bkeys |= set(b)
    check(bkeys <= REQUEST_KEYS, "Boston's keys beyond the spec: %r" % (bkeys - REQUEST_KEYS))
    c = Open311(srv, "json")
    r = c.get("requests/%s" % made[0]["id"]).data[0]
    check(bkeys <= set(r), "keys of a real Boston request we lack: %r"
          % sorted(bkeys - set(r)))
    # the same JSON types where both have a value
    for k in bkeys:
        for b in boston:
            if b.get(k) is not None and r[k] is not None:
                eq(type(r[k]) in (int, float), type(b[k]) in (int, float),
                   "%s a number in ours as in Boston's (%r vs %r)" % (k, r[k], b[k]))
                break


@test
def get_request_buurt_level_location(srv):
    made = STATE.get("made") or need("post_json_and_xml")
    lk = srv.get("/api/v1/areas/lookup?lat=%s&lon=%s" % DAM)
    eq(lk.status, 200, "areas lookup of the Dam")
    buurt = lk.json()["buurt"]
    code = buurt["code"] if isinstance(buurt, dict) else buurt
    c = Open311(srv, "json")
    r = c.get("requests/%s" % made[0]["id"]).data[0]
    eq(r["address_id"], code, "address_id is the buurt code")
    check(abs(r["lat"] - DAM[0]) > 1e-5 or abs(r["long"] - DAM[1]) > 1e-5,
          "lat/long is the reported point %r, not the buurt's" % ((r["lat"], r["long"]),))
    check(abs(r["lat"] - DAM[0]) < 0.02 and abs(r["long"] - DAM[1]) < 0.03,
          "lat/long %r far from the buurt of the Dam" % ((r["lat"], r["long"]),))
    lk2 = srv.get("/api/v1/areas/lookup?lat=%s&lon=%s" % (r["lat"], r["long"]))
    eq(lk2.status, 200, "lookup of the answered point")
    b2 = lk2.json()["buurt"]
    eq(b2["code"] if isinstance(b2, dict) else b2, code, "answered point lies in the buurt")
    H.contains(r["address"], "Amsterdam", "address")


@test
def get_requests_list_both_formats(srv):
    made = STATE.get("made") or need("post_json_and_xml")
    got = {}
    for c in clients(srv):
        a = keep(c.get("requests"))
        got[c.fmt] = c.requests_of(a, "requests.%s" % c.fmt)
    rows = got["json"]
    for m in made:
        check(m["id"] in ids(rows), "new request %s not in the default list" % m["id"])
    for r in rows:
        request_shape(r, "request %s" % r.get("service_request_id"))
    times = [parse_time(r["requested_datetime"], "requested_datetime") for r in rows]
    check(times == sorted(times, reverse=True), "requests not newest first")
    check(len(rows) <= 1000, "more than 1000 requests")
    cutoff = now() - datetime.timedelta(days=90, minutes=5)
    check(all(t >= cutoff for t in times), "a request older than 90 days by default")
    same(rows, got["xml"])


def listed(srv, params, what):
    """The list for params, the same in both formats; returns the ids."""
    got = {}
    for c in clients(srv):
        a = keep(c.get("requests", params))
        got[c.fmt] = c.requests_of(a, "%s (%s)" % (what, c.fmt))
    same(got["json"], got["xml"], what)
    return ids(got["json"]), got["json"]


@test
def filter_service_request_id_list(srv):
    made = STATE.get("made") or need("post_json_and_xml")
    a, b = made[0]["id"], made[1]["id"]
    got, _ = listed(srv, {"service_request_id": "%s,%s" % (a, b)}, "two ids")
    eq(sorted(got), sorted([a, b]), "service_request_id=a,b")
    got, _ = listed(srv, {"service_request_id": a}, "one id")
    eq(got, [a], "service_request_id=a")
    got, _ = listed(srv, {"service_request_id": "999999999"}, "unknown id")
    eq(got, [], "service_request_id of nothing")


@test
def filter_service_request_id_overrides_the_others(srv):
    # the spec: service_request_id "overrides all other arguments"
    made = STATE.get("made") or need("post_json_and_xml")
    a, b = made[0]["id"], made[1]["id"]
    future = iso(now() + datetime.timedelta(days=1))
    got, _ = listed(srv, {"service_request_id": "%s,%s" % (a, b), "service_code": made[0]["code"],
                          "status": "closed", "start_date": future},
                    "ids with other filters")
    eq(sorted(got), sorted([a, b]), "service_request_id with other arguments")


@test
def filter_service_code(srv):
    made = STATE.get("made") or need("post_json_and_xml")
    ca, cb = made[0]["code"], made[1]["code"]
    got, rows = listed(srv, {"service_code": ca}, "service_code")
    check(made[0]["id"] in got and made[1]["id"] not in got, "service_code=%s: %r" % (ca, got))
    check(all(r["service_code"] == ca for r in rows), "other codes in service_code=%s" % ca)
    # a client that leaves the slash of the code as it is in the query
    r = srv.get("%s/requests.json?service_code=%s" % (BASE, ca))
    eq(r.status, 200, "service_code with a raw slash (%r)" % r.body[:200])
    eq(ids(r.json()), got, "service_code with a raw slash = percent-encoded")
    got, rows = listed(srv, {"service_code": "%s,%s" % (ca, cb)}, "service_code list")
    check(made[0]["id"] in got and made[1]["id"] in got, "service_code=a,b: %r" % got)
    check(all(r["service_code"] in (ca, cb) for r in rows), "other codes in a,b")


@test
def filter_dates(srv):
    made = STATE.get("made") or need("post_json_and_xml")
    mine = {m["id"] for m in made}
    t = now()
    hour = datetime.timedelta(hours=1)
    cases = [({"start_date": iso(t - hour), "end_date": iso(t + hour)}, True),
             ({"start_date": iso(t - hour)}, True),
             ({"start_date": (t - hour).replace(microsecond=0).isoformat().replace("+00:00", "Z")},
              True),
             ({"end_date": iso(t + hour)}, True),
             ({"start_date": iso(t + hour)}, False),
             ({"start_date": iso(t + hour), "end_date": iso(t + 2 * hour)}, False),
             ({"start_date": iso(t - 3 * hour), "end_date": iso(t - 2 * hour)}, False),
             ({"end_date": iso(t - 2 * hour)}, False)]
    for params, want in cases:
        got, rows = listed(srv, params, "dates %r" % params)
        eq(mine <= set(got), want, "our requests in %r (got %r)" % (params, got[:10]))
        lo = params.get("start_date")
        hi = params.get("end_date")
        for r in rows:
            rt = parse_time(r["requested_datetime"], "requested_datetime")
            check((not lo or rt >= parse_time(lo, "start")) and
                  (not hi or rt <= parse_time(hi, "end")),
                  "%s outside %r" % (r["requested_datetime"], params))


@test
def filter_status(srv):
    made = STATE.get("made") or need("post_json_and_xml")
    a = made[0]["id"]
    got, rows = listed(srv, {"status": "open"}, "status=open")
    check(a in got, "open request not in status=open")
    check(all(r["status"] == "open" for r in rows), "status=open gives others")
    got, rows = listed(srv, {"status": "closed"}, "status=closed")
    check(a not in got, "open request in status=closed")
    check(all(r["status"] == "closed" for r in rows), "status=closed gives others")
    got, _ = listed(srv, {"status": "open,closed"}, "status=open,closed")
    check(a in got, "open request not in status=open,closed")


@test
def filter_combination(srv):
    made = STATE.get("made") or need("post_json_and_xml")
    t = now()
    hour = datetime.timedelta(hours=1)
    p = {"service_code": made[0]["code"], "status": "open",
         "start_date": iso(t - hour), "end_date": iso(t + hour)}
    got, rows = listed(srv, p, "combined filters")
    check(made[0]["id"] in got, "combined filters miss %s" % made[0]["id"])
    check(made[1]["id"] not in got, "combined filters give the other service")
    p["status"] = "closed"
    got, _ = listed(srv, p, "combined filters, closed")
    check(made[0]["id"] not in got, "closed filter gives an open request")


@test
def get_requests_with_jurisdiction(srv):
    made = STATE.get("made") or need("post_json_and_xml")
    for c in clients(srv, JURISDICTION):
        for res in ("discovery", "services", "services/" + c.seg(CATEGORY),
                    "requests", "requests/" + made[0]["id"], "tokens/" + made[0]["token"]):
            a = c.get(res)
            eq(a.status, 200, "%s.%s with jurisdiction_id=%s (%r)"
               % (res, c.fmt, JURISDICTION, a.resp.body[:200]))


# -- tokens

@test
def tokens_give_the_request(srv):
    made = STATE.get("made") or need("post_json_and_xml")
    for m in made:
        got = {}
        for c in clients(srv):
            a = c.get("tokens/%s" % m["token"])
            rows = c.requests_of(a, "tokens/{token}.%s" % c.fmt)
            eq(len(rows), 1, "tokens: a list of one")
            eq(set(rows[0]), {"service_request_id", "token"}, "keys of the token answer")
            got[c.fmt] = rows
        eq(got["json"][0], {"service_request_id": m["id"], "token": m["token"]}, "token answer")
        same(got["json"], got["xml"])


# -- closed and old requests: the state is set in the database, since
# closing a signal takes the whole kwestie flow of professionals (other
# test files walk it); what is tested is how Open311 reads that state.

def write(srv, sql, args=()):
    c = H.sqlite3.connect(srv.db_path, timeout=10)
    try:
        c.execute(sql, args)
        c.commit()
    finally:
        c.close()


def db_time(t):
    t = t.astimezone(datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


@test
def closed_and_old_requests(srv):
    c = Open311(srv, "json")
    closed = posted(srv, c, form(), "request to close")["service_request_id"]
    old = posted(srv, c, form(), "request to age")["service_request_id"]
    t = now()
    closed_at = t + datetime.timedelta(seconds=2)  # after it was made
    write(srv, "UPDATE signals SET status = 'afgerond', closed_at = ? WHERE id = ?",
          (db_time(closed_at), int(closed)))
    aged = t - datetime.timedelta(days=100)
    write(srv, "UPDATE signals SET created_at = ? WHERE id = ?", (db_time(aged), int(old)))
    # closed
    r = c.get("requests/" + closed).data[0]
    eq(r["status"], "closed", "status of a closed signal")
    check(r["updated_datetime"] is not None, "closed request without updated_datetime")
    # the spec: for a closed request updated_datetime is when it was closed
    u = parse_time(r["updated_datetime"], "updated_datetime")
    check(abs((u - closed_at).total_seconds()) < 2, "updated_datetime %s, closed at %s"
          % (u, closed_at))
    got, rows = listed(srv, {"status": "closed"}, "status=closed")
    check(closed in got, "closed request not in status=closed")
    got, rows = listed(srv, {"status": "open"}, "status=open")
    check(closed not in got, "closed request in status=open")
    got, rows = listed(srv, {"status": "closed,open"}, "status=closed,open")
    check(closed in got, "closed request not in status=closed,open")
    # old: outside the default window of 90 days, but reachable by id and
    # by a window of dates around it
    got, _ = listed(srv, {}, "default window")
    check(old not in got, "a request of 100 days ago in the default window")
    got, _ = listed(srv, {"service_request_id": old}, "old by id")
    eq(got, [old], "a request of 100 days ago by service_request_id")
    got, _ = listed(srv, {"start_date": iso(aged - datetime.timedelta(days=1)),
                          "end_date": iso(aged + datetime.timedelta(days=1))}, "old window")
    check(old in got, "a request of 100 days ago not in a window around it")
    got, _ = listed(srv, {"start_date": iso(aged - datetime.timedelta(days=1))},
                    "from before the old one")
    check(old in got, "a request of 100 days ago not after start_date")
    # end_date alone: the window of the default span ends there
    got, _ = listed(srv, {"end_date": iso(aged + datetime.timedelta(days=1))},
                    "until just after the old one")
    check(old in got, "a request of 100 days ago not before end_date alone")
    check(closed not in got, "a request of today before an end_date of 99 days ago")
    eq(len(c.get("requests/" + old).data), 1, "requests/{id} of an old request")


# --------------------------------------------------------------------------
# GET errors

@test
def get_unknown_request(srv):
    for rid in ("999999999", "0", "abc", "12a", "-1", "1.5"):
        bad_get(srv, "requests/" + rid, None, 404, "requests/%s" % rid)


@test
def get_request_id_is_the_exact_string(srv):
    # service_request_id is an opaque identifier (the spec's "Unique ID"):
    # "01" is no id this server gave out, though it reads as the number 1
    made = STATE.get("made") or need("post_json_and_xml")
    rid = made[0]["id"]
    for alias in ("0" + rid, "00" + rid):
        bad_get(srv, "requests/" + alias, None, 404,
                "service_request_id not matched as given: requests/%s" % alias)
        got, _ = listed(srv, {"service_request_id": alias}, "id %s" % alias)
        eq(got, [], "service_request_id not matched as given: service_request_id=%s" % alias)


@test
def get_unknown_token(srv):
    for tok in (H.new_token(), "kort", "a" * 40):
        bad_get(srv, "tokens/" + tok, None, 404, "tokens/%s" % tok)


@test
def get_bad_dates(srv):
    for v in ("gisteren", "2026-12-01T10:00:00", "2026-13-01T10:00:00+01:00",
              "2026-02-30T10:00:00+01:00", "2026-12-01T25:00:00Z",
              "2026-12-01T10:00:00+1", "2026-12-01T10:00:00+01:00x"):
        for k in ("start_date", "end_date"):
            bad_get(srv, "requests", {k: v}, 400, "%s=%s" % (k, v))


@test
def get_bad_status(srv):
    for v in ("pending", "open,pending", "gesloten"):
        bad_get(srv, "requests", {"status": v}, 400, "status=%s" % v)


@test
def get_page_too_deep(srv):
    # issue 16: a page is a walk down the window with OFFSET, so the depth
    # is capped at the first 10,000 requests of a window (page 10 of 1000,
    # page 1000 of 10); deeper is a clear 400 that names page, not a walk
    # over millions of rows
    for page, size in (("11", None), ("1001", "10"), ("100000", "1000")):
        params = {"page": page}
        if size:
            params["page_size"] = size
        for c in clients(srv):
            errs = check_error(c.get("requests", params), 400,
                               "page=%s page_size=%s (%s)" % (page, size, c.fmt))
            check(any("page" in e["description"] for e in errs),
                  "the error names page: %r" % errs)
    for page, size in (("10", None), ("1000", "10")):
        params = {"page": page}
        if size:
            params["page_size"] = size
        for c in clients(srv):
            eq(c.get("requests", params).status, 200,
               "page=%s page_size=%s, the last page allowed (%s)" % (page, size, c.fmt))


@test
def get_unknown_jurisdiction(srv):
    for res in ("discovery", "services", "services/" + Open311.seg(CATEGORY),
                "requests", "requests/1", "tokens/" + H.new_token()):
        bad_get(srv, res, None, 404, "%s with jurisdiction %s" % (res, OTHER_JURISDICTION),
                jurisdiction=OTHER_JURISDICTION)


@test
def get_unknown_paths_and_suffixes(srv):
    js = Open311(srv, "json")
    for path in (BASE + "/services", BASE + "/services.html", BASE + "/requests",
                 BASE + "/requests.csv", BASE + "/bestaat-niet.json"):
        check_error(js.read(srv.get(path), path), 404, path)
    xs = Open311(srv, "xml")
    path = BASE + "/bestaat-niet.xml"
    check_error(xs.read(srv.get(path), path), 404, path)


@test
def wrong_methods(srv):
    for fmt in FORMATS:
        c = Open311(srv, fmt)
        for method, res in (("DELETE", "requests"), ("PUT", "requests"),
                            ("POST", "services"), ("POST", "discovery")):
            path = "%s/%s.%s" % (BASE, res, fmt)
            with H.unchanged(srv):
                r = srv.request(method, path, body=b"",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
                check_error(c.read(r, "%s %s" % (method, path)), 405,
                            "%s %s" % (method, path))


# -- more than a page: 1,100 signals more, written straight into the
# database (as test_open_data.py does) since the intake would take minutes

@test
def at_most_1000_newest_first_and_pages(srv):
    before, _ = listed(srv, {}, "default list before")
    check(len(before) < 1000, "already a full page: %d" % len(before))
    stamp = db_time(now() - datetime.timedelta(seconds=5))
    write(srv, "INSERT INTO signals (municipality, token, kind, body,"
          " lat, lon, buurt_code, wijk_code, gebied_code, stadsdeel_code,"
          " category_code, status, created_at, dedupe_key, is_demo)"
          " WITH RECURSIVE n(i) AS (SELECT 1"
          " UNION ALL SELECT i + 1 FROM n WHERE i < 1100)"
          " SELECT 'GM0363', 'o311-bulk-' || i, 'melding', 'o311 bulk tekst ' || i,"
          " 52.1234567, 4.7654321, 'AA01', 'AA', '03630950000022', 'A', ?,"
          " 'gemeld', ?, 'o311-bulk-' || i, 0 FROM n", (CATEGORY, stamp))
    total = len(before) + 1100  # in the default window
    got, rows = listed(srv, {}, "default list over 1,100 more")
    eq(len(got), 1000, "default list holds at most 1000 (of %d)" % total)
    times = [parse_time(r["requested_datetime"], "requested_datetime") for r in rows]
    check(times == sorted(times, reverse=True), "not newest first")
    # the documented extension: page / page_size
    p2, _ = listed(srv, {"page": "2"}, "page 2")
    eq(len(p2), total - 1000, "page 2 holds the rest")
    check(not set(got) & set(p2), "a request on both pages")
    small, _ = listed(srv, {"page_size": "10"}, "page_size 10")
    eq(small, got[:10], "page_size 10 = the first ten")
    small2, _ = listed(srv, {"page_size": "10", "page": "2"}, "page 2 of 10")
    eq(small2, got[10:20], "page 2 of 10 = the next ten")
    for c in clients(srv):
        body = c.get("requests").resp.body
        H.not_contains(body.decode(), "o311 bulk tekst", "requests.%s" % c.fmt)
        H.not_contains(body.decode(), "52.1234567", "requests.%s (the reported point)" % c.fmt)


@test
def xml_escapes_and_drops_forbidden_characters(srv):
    # a professional's public message (the timeline, written straight into
    # the database) with markup characters and a control character that
    # XML 1.0 forbids: status_notes carries it, escaped, in both formats
    c = Open311(srv, "json")
    rid = posted(srv, c, form(), "request for a message")["service_request_id"]
    msg = 'Tegel <gelegd> & "klaar" ]]> \x01\x1f einde \U0001F6A7'
    write(srv, "INSERT INTO timeline (signal_id, at, actor, kind, message)"
          " VALUES (?, ?, 'Stadsdeel Centrum', 'note', ?)",
          (int(rid), db_time(now() + datetime.timedelta(seconds=1)), msg))
    j = c.get("requests/" + rid).data[0]["status_notes"]
    x_ans = Open311(srv, "xml").get("requests/" + rid)
    x = x_ans.data[0]["status_notes"]
    check(j and "Tegel <gelegd> & \"klaar\" ]]>" in j, "status_notes in JSON: %r" % j)
    check("\x01" not in x and "\x1f" not in x, "a forbidden character in XML: %r" % x)
    check(x.startswith('Tegel <gelegd> & "klaar" ]]>') and x.endswith("einde \U0001F6A7"),
          "status_notes in XML: %r" % x)


@test
def demo_rows_are_not_published(srv):
    # docs/open-data.md: "a real installation never publishes invented
    # rows"; this server runs without --demo
    write(srv, "INSERT INTO signals (municipality, token, kind, body, buurt_code,"
          " category_code, status, created_at, dedupe_key, is_demo) VALUES"
          " ('GM0363', 'o311-demo', 'melding', 'o311 demo', 'AA01', ?, 'gemeld', ?,"
          " 'o311-demo', 1)", (CATEGORY, db_time(now())))
    did = str(srv.query("SELECT id FROM signals WHERE token = 'o311-demo'")[0][0])
    got, _ = listed(srv, {"page_size": "10"}, "newest ten")
    check(did not in got, "Open311 publishes demo rows: demo signal %s in requests" % did)
    got, _ = listed(srv, {"service_request_id": did}, "demo by id")
    eq(got, [], "Open311 publishes demo rows: service_request_id of a demo signal")
    bad_get(srv, "requests/" + did, None, 404, "Open311 publishes demo rows: requests/{demo id}")


@test
def list_expectations_match_single_reads_across_closing_days(srv):
    # A page's expected_datetime comes from a memo (app/promise.c: who is
    # responsible, the norm, the organisation's closing days read once
    # from well before the page's newest signal); each must equal what
    # the one-request read works out alone.  Closing days are set in the
    # past too (the database, not the form, which refuses them), so that
    # signals of different days cross different ones.
    sid, csrf = H.choose_password(srv, H.admin_create(srv, "o311-memo@example.org"))
    r = srv.post_form("/beheer/organisaties/nieuw",
                      [("name", "Stadsdeel Centrum (memo)"), ("kind", "stadsdeel"),
                       ("kvk", ""), ("areas_other", ""), ("areas", "A"), ("csrf", csrf)],
                      headers={"Cookie": "sid=" + sid})
    eq(r.status, 303, "create a stadsdeel organisation (body %r)" % r.body[:300])
    org = int(re.search(r"/(\d+)\?", r.header("Location")).group(1))
    today = now().astimezone(AMS).date()
    for back in range(-30, 90):
        d = today - datetime.timedelta(days=back)
        if d.weekday() in (1, 3):  # Tuesdays and Thursdays
            write(srv, "INSERT INTO organisation_closing_days (organisation_id, day,"
                  " reason, created_at) VALUES (?, ?, 'Memo', ?)",
                  (org, d.isoformat(), db_time(now())))
    made = []
    for i, back in enumerate(range(1, 61, 3)):
        tok = "o311-memo-%d" % i
        write(srv, "INSERT INTO signals (municipality, token, kind, body, buurt_code,"
              " wijk_code, stadsdeel_code, category_code, status, created_at,"
              " dedupe_key, is_demo) VALUES ('GM0363', ?, 'melding', ?, 'AA01', 'AA',"
              " 'A', ?, 'gemeld', ?, ?, 0)",
              (tok, "memo %d" % i, CATEGORY,
               db_time(now() - datetime.timedelta(days=back)), tok))
        made.append(str(srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]))
    eq(srv.query("SELECT COUNT(*) FROM signal_responsible WHERE organisation_id = ?"
                 " AND signal_id IN (%s)" % ",".join(made), (org,)), [(len(made),)],
       "the organisation answers for them")
    # older than the requests the other tests post now
    start = iso(now() - datetime.timedelta(days=70))
    end = iso(now() - datetime.timedelta(hours=12))
    r = srv.get("%s/requests.json?service_code=%s&start_date=%s&end_date=%s"
                % (BASE, urllib.parse.quote(CATEGORY, safe=""), urllib.parse.quote(start),
                   urllib.parse.quote(end)))
    eq(r.status, 200, "the list")
    rows = {x["service_request_id"]: x for x in r.json()}
    seen = []
    for rid in made:
        check(rid in rows, "request %s listed (among %d)" % (rid, len(rows)))
        one = srv.get("%s/requests/%s.json" % (BASE, rid))
        eq(one.status, 200, "request %s alone" % rid)
        alone = one.json()[0]["expected_datetime"]
        check(alone is not None, "request %s has an expectation" % rid)
        eq(rows[rid]["expected_datetime"], alone, "request %s: list and alone" % rid)
        seen.append(alone)
    check(len(set(seen)) > 5, "the expectations differ by day: %r" % seen)


# --------------------------------------------------------------------------
# installation options: api_key (the spec's POST argument) and the rate
# limit of intake; each on a server of its own

@test
def list_rows_equal_single_reads_with_demo_history(srv):
    # The list reads each row's first kwestie, regisseur, earliest open
    # promise and newest timeline entry in its own statement (on
    # PostgreSQL by set reads over the page, store/open311.c); the
    # one-request read has its own.  On the demo's history (kwesties with
    # chains, promises, timelines) every row of the list, field by field,
    # must equal the request read alone, in a whole page and a page of a
    # service code.
    d = other_server(["--demo"])
    try:
        # At its start the server reads who is responsible for every key
        # (municipality, category, areas) of the last 90 days ahead, on
        # its jobs thread (app/routing.h routing_memo_warm): before any
        # list, one read per key of the demo's signals.
        warm = None
        for _ in range(100):
            warm = [l for l in d.log_lines() if l.get("event") == "routing_warm"]
            if warm:
                break
            time.sleep(0.1)
        check(warm, "the routing memo was filled at the start")
        since = db_time(now() - datetime.timedelta(days=90))
        keys = d.query("SELECT COUNT(*) FROM (SELECT max(id) FROM signals"
                       " WHERE created_at >= ? GROUP BY municipality, category_code,"
                       " buurt_code, wijk_code, gebied_code, stadsdeel_code) k",
                       (since,))[0][0]
        check(keys > 20, "the demo has keys (%d)" % keys)
        eq(int(warm[0]["keys"]), keys, "one read per key of the last 90 days")
        lists = [d.get("%s/requests.json" % BASE)]
        codes = [r[0] for r in d.query(
            "SELECT category_code FROM signals s WHERE EXISTS (SELECT 1 FROM"
            " kwestie_signals ks WHERE ks.signal_id = s.id) AND category_code"
            " IS NOT NULL GROUP BY category_code ORDER BY COUNT(*) DESC LIMIT 2")]
        for code in codes:
            lists.append(d.get("%s/requests.json?service_code=%s"
                               % (BASE, urllib.parse.quote(code, safe=""))))
        rows = []
        for r in lists:
            eq(r.status, 200, "the list")
            rows += r.json()
        check(len(rows) > 20, "the demo lists requests (%d)" % len(rows))
        notes = agencies = expected = 0
        for row in rows:
            one = d.get("%s/requests/%s.json" % (BASE, row["service_request_id"]))
            eq(one.status, 200, "request %s alone" % row["service_request_id"])
            eq(row, one.json()[0], "request %s: list and alone"
               % row["service_request_id"])
            notes += row.get("status_notes") is not None
            agencies += row.get("agency_responsible") not in (None, "Amsterdam",
                                                              "Gemeente Amsterdam")
            expected += row.get("expected_datetime") is not None
        # the comparison covered rows with a timeline, a regisseur and an
        # expectation, not only bare signals
        H.note("%d rows compared: notes %d, a regisseur %d, an expectation %d"
               % (len(rows), notes, agencies, expected))
        check(notes > 5 and agencies > 5 and expected > 5,
              "rows with notes %d, a regisseur %d, an expectation %d"
              % (notes, agencies, expected))
        # both read the first kwestie and newest entries kept on the rows
        # (migrations 025, 027): after the demo's real writes, every
        # signal's and kwestie's are what their definitions, the views, say
        eq(d.query("SELECT COUNT(*) FROM signals s JOIN signal_summary v"
                   " ON v.signal_id = s.id WHERE s.first_kwestie IS DISTINCT"
                   " FROM v.first_kwestie OR s.own_entry IS DISTINCT FROM"
                   " v.own_entry OR s.kwestie_count IS DISTINCT FROM"
                   " v.kwestie_count")[0][0], 0, "signals whose kept ids are stale")
        eq(d.query("SELECT COUNT(*) FROM kwesties k JOIN kwestie_summary v"
                   " ON v.kwestie_id = k.id WHERE k.last_entry IS DISTINCT"
                   " FROM v.last_entry")[0][0], 0, "kwesties whose newest is stale")
        check(d.query("SELECT COUNT(*) FROM kwesties WHERE last_entry IS"
                      " NOT NULL")[0][0] > 5, "the demo's kwesties with entries")
        check(d.query("SELECT COUNT(*) FROM signals WHERE first_kwestie IS"
                      " NOT NULL")[0][0] > 5, "the demo's signals in kwesties")
    finally:
        stop_server(d)


def other_server(args):
    s = H.Server(H.Ctx.args.binary, args)
    s.start()
    return s


def stop_server(s):
    rc, _ = s.stop()
    s.cleanup()
    eq(rc, 0, "exit code of the second server")


def organisation_key(srv):
    """A real API key of a real organisation, by the admin's pages."""
    sid, csrf = H.choose_password(srv, H.admin_create(srv, "o311-admin@example.org"))
    h = {"Cookie": "sid=" + sid}
    r = srv.post_form("/beheer/organisaties/nieuw",
                      [("name", "Open311 App"), ("kind", "welzijn"), ("kvk", ""),
                       ("areas_other", ""), ("areas", "E"), ("csrf", csrf)], headers=h)
    eq(r.status, 303, "create an organisation (body %r)" % r.body[:300])
    org = int(re.search(r"/(\d+)\?", r.header("Location")).group(1))
    r = srv.post_form("/beheer/organisaties/%d/sleutels" % org,
                      [("name", "Open311"), ("scopes", "signal.work"), ("csrf", csrf)],
                      headers=h)
    eq(r.status, 201, "create an API key (body %r)" % r.body[:300])
    return re.search(r'value="(wak_[0-9a-f]{8}_[A-Za-z0-9_-]{22})"', r.text).group(1)


@test
def api_key_when_the_installation_asks(srv):
    s = other_server(["--open311-api-key"])
    try:
        key = organisation_key(s)
        for c in clients(s):
            for k in (None, "", "wak_00000000_" + "A" * 22, key + "x"):
                f = form() if k is None else form(api_key=k)
                with H.unchanged(s):
                    check_error(c.post(f), 403, "api_key %r (%s)" % (k, c.fmt))
            posted(s, c, form(api_key=key), "POST with a valid api_key (%s)" % c.fmt)
            # reading needs no key
            eq(c.get("requests").status, 200, "GET requests without api_key")
    finally:
        stop_server(s)


@test
def rate_limit_of_intake(srv):
    s = other_server(["--rate-intake", "2"])
    try:
        c = Open311(s, "json")
        posted(s, c, form(), "first POST")
        posted(s, c, form(), "second POST")
        for c in clients(s):
            # the limiter's own counters change; no signal does
            n = s.query("SELECT COUNT(*) FROM signals")[0][0]
            a = c.post(form())
            check_error(a, 429, "third POST in a minute (%s)" % c.fmt)
            eq(s.query("SELECT COUNT(*) FROM signals")[0][0], n, "signals after a 429")
            ra = a.resp.header("Retry-After")
            check(ra and ra.isdigit() and int(ra) > 0, "Retry-After %r" % ra)
    finally:
        stop_server(s)


# --------------------------------------------------------------------------
# privacy: never the resident's words, never contact data or names

@test
def privacy_no_personal_data_in_any_answer(srv):
    made = STATE.get("made") or need("post_json_and_xml")
    secrets = STATE["secrets"]
    # one more pass over every reading endpoint, both formats
    for c in clients(srv):
        keep(c.get("requests"))
        keep(c.get("requests", {"service_request_id": ",".join(ids_of(made))}))
        for m in made:
            keep(c.get("requests/%s" % m["id"]))
            keep(c.get("tokens/%s" % m["token"]))
    check(all_bodies(), "no answers kept")
    for body, fmt in all_bodies():
        text = body.decode("utf-8", "replace")
        for m in made:
            H.not_contains(text, m["text"], "a %s answer (the resident's words)" % fmt)
            H.not_contains(text, m["text"][:40], "a %s answer (the resident's words)" % fmt)
        for k, v in secrets.items():
            H.not_contains(text, v, "a %s answer (%s)" % (fmt, k))


def ids_of(made):
    return [m["id"] for m in made]


@test
def privacy_names_and_device_not_stored(srv):
    secrets = STATE.get("secrets") or need("post_json_and_xml")
    if H.PG:
        rows = srv.query("SELECT table_name FROM information_schema.tables"
                         " WHERE table_schema = current_schema()")
        tables = [r[0] for r in rows]
    else:
        tables = [r[0] for r in srv.query(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND sql NOT LIKE 'CREATE VIRTUAL%'")]  # FTS5 needs our tokenizer
    for t in tables:
        # a table name from the catalogue, quoted; no value is built in
        for row in srv.query('SELECT * FROM "%s"' % t.replace('"', '""')):
            cell = " ".join(str(v) for v in row)
            for k in ("first_name", "last_name", "device_id", "account_id",
                      "address_string"):
                H.not_contains(cell, secrets[k], "table %s (%s stored)" % (t, k))


if __name__ == "__main__":
    H.main()
