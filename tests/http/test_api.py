"""HTTP tests of the JSON API: POST/GET /api/v1/signals, /api/v1/areas*,
/healthz.  Every bad input asserts the status, that the field is named and
that the database did not change.

    python3 tests/http/test_api.py --binary build/wijkagenda
"""
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

SIGNALS = "/api/v1/signals"
DAM = (52.37310, 4.89260)          # de Dam, Burgwallen
UTRECHT = (52.09, 5.12)
CATEGORY = "afval/grofvuil"
CATEGORY_NAME = "Grofvuil"
AA01_GEBIED = "03630950000022"     # ligtInGgwgebiedId of AA01 in the data
MAX_BODY = 65536
POS_RE = re.compile(r"(?:regel|line) (\d+), (?:kolom|column) (\d+)")
SEEN = {}  # responses of various kinds, for the header checks at the end


def keep(kind, r):
    SEEN.setdefault(kind, r)
    return r


def signal(**kw):
    d = {"text": H.uniq("api"), "buurt": "AA01"}
    d.update(kw)
    return {k: v for k, v in d.items() if v is not Ellipsis}


def create(srv, **kw):
    body = signal(**kw)
    r = srv.post_json(SIGNALS, body)
    eq(r.status, 201, "create status (body %r)" % r.body[:300])
    return body, r, r.json()


def count_signals(srv, text=None):
    if text is None:
        return srv.query("SELECT COUNT(*) FROM signals")[0][0]
    return srv.query("SELECT COUNT(*) FROM signals WHERE body = ?", (text,))[0][0]


def bad(srv, body, status, field=None, ctype="application/json",
        message_has=None, kind=None):
    """POST body (dict -> JSON, bytes/str as is); assert the JSON error and
    an unchanged database."""
    with H.unchanged(srv):
        r = srv.post_json(SIGNALS, body, content_type=ctype)
        err = H.check_json_error(r, status, field, message_has)
    if kind:
        keep(kind, r)
    return r, err


def col_of(body, needle, line=1):
    """1-based column of needle on its line of body (str)."""
    lines = body.split("\n")
    return lines[line - 1].index(needle) + 1


def bad_parse(srv, body, line, col_lo, col_hi, field=None):
    """A body the JSON parser must refuse: 400 whose message gives the
    line and a column within [col_lo, col_hi] (the offending token), unless
    the field is named in fields."""
    data = body.encode("utf-8", "surrogateescape") if isinstance(body, str) else body
    with H.unchanged(srv):
        r = srv.post_json(SIGNALS, data)
        err = H.check_json_error(r, 400)
    if field and field in (err.get("fields") or {}):
        return err
    m = POS_RE.search(err["message"])
    check(m, "message gives no line and column%s: %r"
          % (" and field %r is not named" % field if field else "", err["message"]))
    got_line, got_col = int(m.group(1)), int(m.group(2))
    eq(got_line, line, "line in %r" % err["message"])
    check(col_lo <= got_col <= col_hi,
          "column %d not within %d..%d in %r" % (got_col, col_lo, col_hi,
                                                  err["message"]))
    return err


# --------------------------------------------------------------------------
# health

@test
def healthz(srv):
    r = srv.get("/healthz")
    eq(r.status, 200, "status")
    check(r.header("Content-Type", "").startswith("application/json"),
          "Content-Type %r" % r.header("Content-Type"))
    j = r.json()
    eq(j.get("status"), "ok", "status field")
    eq(j.get("database"), "ok", "database field")
    check(isinstance(j.get("schema_version"), int) and j["schema_version"] >= 1,
          "schema_version %r" % j.get("schema_version"))
    eq(j.get("buurten"), 518, "buurten")
    ver = srv.query("SELECT MAX(version) FROM schema_migrations")[0][0]
    eq(j["schema_version"], ver, "schema_version vs database")
    keep("200", r)


@test
def healthz_head(srv):
    r = srv.request("HEAD", "/healthz")
    eq(r.status, 200, "status")
    eq(r.body, b"", "HEAD body")


# --------------------------------------------------------------------------
# POST /api/v1/signals: happy paths

@test
def create_with_buurt_and_contact(srv):
    body, r, j = create(srv, kind="vraag", category=CATEGORY,
                        email="melder-api@example.org", phone="+31 6 1234 5678",
                        age_band="30-44")
    keep("201", r)
    tok = j.get("token")
    check(isinstance(tok, str) and re.fullmatch(r"[A-Za-z0-9_-]{22}", tok),
          "token %r" % tok)
    eq(r.header("Location"), "/api/v1/signals/" + tok, "Location")
    eq(j.get("url"), "/m/" + tok, "url")
    eq(j.get("kind"), "vraag", "kind")
    eq(j.get("text"), body["text"], "text")
    eq(j.get("status"), "gemeld", "status")
    eq(j.get("municipality"), "GM0363", "municipality")
    check(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", j.get("created_at") or ""),
          "created_at %r" % j.get("created_at"))
    a = j.get("areas") or {}
    for lvl in ("buurt", "wijk", "gebied", "stadsdeel", "gemeente"):
        check(isinstance(a.get(lvl), dict) and a[lvl].get("code") and a[lvl].get("name"),
              "areas.%s = %r" % (lvl, a.get(lvl)))
    eq(a["buurt"]["code"], "AA01", "buurt code")
    eq(a["buurt"]["name"], "Planciusbuurt-Noord", "buurt name")
    eq(a["wijk"]["code"], "AA", "wijk code")
    eq(a["gebied"]["code"], AA01_GEBIED, "gebied code")
    eq(a["stadsdeel"]["code"], "A", "stadsdeel code")
    eq(a["gemeente"]["code"], "GM0363", "gemeente code")
    eq(j.get("location"), None, "location")
    eq(j.get("category"), {"code": CATEGORY, "name": CATEGORY_NAME}, "category")
    for secret in ("melder-api@example.org", "1234 5678", "30-44"):
        H.not_contains(r.text, secret, "201 body")
    for k in ("email", "phone", "age_band"):
        check(k not in j, "signal JSON has %r" % k)
    # The 201 means on disk: another process sees the row and its contacts.
    rows = srv.query("SELECT id, kind, body, buurt_code, wijk_code, gebied_code,"
                     " stadsdeel_code, category_code, status, is_demo, lat, lon,"
                     " municipality FROM signals WHERE token = ?", (tok,))
    eq(len(rows), 1, "signal rows with the token")
    sid, kind, text, b, w, g, s, cat, st, demo, lat, lon, muni = rows[0]
    eq((kind, text, b, w, g, s, cat, st, demo, lat, lon, muni),
       ("vraag", body["text"], "AA01", "AA", AA01_GEBIED, "A", CATEGORY,
        "gemeld", 0, None, None, "GM0363"), "stored signal")
    c = srv.query("SELECT email, phone, age_band FROM signal_contacts"
                  " WHERE signal_id = ?", (sid,))
    eq(c, [("melder-api@example.org", "+31 6 1234 5678", "30-44")], "contact row")


@test
def create_without_contact_has_no_contact_data(srv):
    body, r, j = create(srv)
    sid = srv.query("SELECT id FROM signals WHERE token = ?", (j["token"],))[0][0]
    c = srv.query("SELECT email, phone, age_band FROM signal_contacts"
                  " WHERE signal_id = ?", (sid,))
    check(c == [] or c == [(None, None, None)], "contact row %r" % c)
    eq(j.get("kind"), "melding", "default kind")


@test
def create_with_point(srv):
    lk = srv.get("/api/v1/areas/lookup?lat=%s&lon=%s" % DAM)
    eq(lk.status, 200, "lookup status")
    chain = lk.json()
    body, r, j = create(srv, buurt=Ellipsis, lat=DAM[0], lon=DAM[1], kind="idee")
    for lvl in ("buurt", "wijk", "gebied", "stadsdeel", "gemeente"):
        eq(j["areas"][lvl]["code"], chain[lvl]["code"], "areas.%s vs lookup" % lvl)
    loc = j.get("location") or {}
    check(abs(loc.get("lat", 0) - DAM[0]) < 1e-6 and abs(loc.get("lon", 0) - DAM[1]) < 1e-6,
          "location %r" % loc)
    eq(j["areas"]["stadsdeel"]["code"], "A", "Dam lies in stadsdeel A (Centrum)")
    row = srv.query("SELECT lat, lon, buurt_code FROM signals WHERE token = ?",
                    (j["token"],))
    eq(len(row), 1, "rows")
    check(abs(row[0][0] - DAM[0]) < 1e-6 and abs(row[0][1] - DAM[1]) < 1e-6,
          "stored point %r" % (row[0],))
    eq(row[0][2], chain["buurt"]["code"], "stored buurt")


@test
def create_with_integer_coordinates_and_main_category(srv):
    # JSON numbers without a fraction are numbers too; a main category is a
    # known category code.
    lk = srv.get("/api/v1/areas/lookup?lat=52.37&lon=4.9")
    if lk.status != 200:
        raise H.Failure("lookup 52.37,4.9: %d" % lk.status)
    body, r, j = create(srv, buurt=Ellipsis, lat=52.37, lon=4.9, category="afval")
    eq(j["category"]["code"], "afval", "category")


@test
def create_text_is_trimmed_and_nfc(srv):
    core = H.uniq("nfc") + " cafe\u0301\n\tregel twee"
    body, r, j = create(srv, text="  \n " + core + " \n ")
    want = core.replace("e\u0301", "\u00e9")
    eq(j["text"], want, "stored text (trimmed, NFC)")
    eq(srv.query("SELECT body FROM signals WHERE token = ?", (j["token"],))[0][0],
       want, "database text")


@test
def create_text_of_2000_characters(srv):
    # 2000 code points (4000 bytes) is the limit, inclusive.
    t = H.uniq("max")
    t = t + "\u00e9" * (2000 - len(t))
    eq(len(t), 2000, "test text length")
    body, r, j = create(srv, text=t)
    eq(j["text"], t, "text")


@test
def create_json_with_charset_parameter(srv):
    body = signal()
    r = srv.post_json(SIGNALS, body, content_type="application/json; charset=utf-8")
    eq(r.status, 201, "status (body %r)" % r.body[:200])


@test
def get_signal(srv):
    body, r, j = create(srv, email="get-test@example.org")
    g = srv.get("/api/v1/signals/" + j["token"])
    eq(g.status, 200, "status")
    eq(g.json(), j, "GET equals the 201 body")
    eq(g.header("Cache-Control"), "private, no-store", "Cache-Control")
    H.not_contains(g.text, "get-test@example.org")
    keep("get200", g)


@test
def get_signal_unknown_and_malformed_tokens(srv):
    for tok in ("A" * 22, "abcdefghijklmnopqrstuv", "abc", "A" * 23,
                "A" * 21 + "!", "%2e%2e", "A" * 22 + "%00", "x" * 300):
        r = srv.get("/api/v1/signals/" + tok)
        H.check_json_error(r, 404)
        keep("404", r)
    r = srv.get("/api/v1/signals/")
    check(r.status in (404, 405), "/api/v1/signals/ -> %d" % r.status)


@test
def get_signal_unknown_query_parameter(srv):
    body, r, j = create(srv)
    g = srv.get("/api/v1/signals/%s?debug=1" % j["token"])
    H.check_json_error(g, 400, "debug")


# --------------------------------------------------------------------------
# dedupe

@test
def dedupe_same_submission(srv):
    body = signal(email="dedupe@example.org")
    r1 = srv.post_json(SIGNALS, body)
    eq(r1.status, 201, "first")
    r2 = srv.post_json(SIGNALS, body)
    eq(r2.status, 200, "second (same client, same body, within 10 s)")
    keep("200replay", r2)
    eq(r2.json()["token"], r1.json()["token"], "token of the replay")
    eq(count_signals(srv, body["text"]), 1, "rows with the text")
    eq(srv.query("SELECT COUNT(*) FROM signal_contacts c JOIN signals s"
                 " ON s.id = c.signal_id WHERE s.body = ?", (body["text"],))[0][0],
       1, "contact rows")
    # Different text: a new signal.
    other = dict(body, text=body["text"] + " (anders)")
    r3 = srv.post_json(SIGNALS, other)
    eq(r3.status, 201, "different text")
    check(r3.json()["token"] != r1.json()["token"], "new token expected")
    # Same text, another buurt: a new signal as well.
    r4 = srv.post_json(SIGNALS, dict(body, buurt="AA02"))
    eq(r4.status, 201, "same text, other buurt")
    eq(count_signals(srv, body["text"]), 2, "rows with the text")


@test
def dedupe_concurrent(srv):
    body = signal()
    data = json.dumps(body)

    def post(i):
        c = H.Conn(srv.port, timeout=30)
        try:
            r = c.post_json(SIGNALS, data)
            return r.status, (r.json().get("token") if r.status in (200, 201) else r.body)
        finally:
            c.close()
    res = H.threads_run(8, post)
    errs = [x for x in res if isinstance(x, Exception) or x is None]
    check(not errs, "requests failed: %r" % errs)
    statuses = sorted(s for s, _ in res)
    check(all(s in (200, 201) for s in statuses), "statuses %r (%r)" % (statuses, res))
    eq(statuses.count(201), 1, "number of 201 among %r" % statuses)
    eq(len({t for _, t in res}), 1, "distinct tokens")
    eq(count_signals(srv, body["text"]), 1, "rows after 8 concurrent posts")


# --------------------------------------------------------------------------
# bad input: text

@test
def bad_text_empty(srv):
    bad(srv, signal(text=""), 400, "text", kind="400")


@test
def bad_text_blank(srv):
    bad(srv, signal(text="  \n\t  "), 400, "text")


@test
def bad_text_missing(srv):
    bad(srv, signal(text=Ellipsis), 400, "text")


@test
def bad_text_too_short(srv):
    bad(srv, signal(text="abcd"), 400, "text")


@test
def bad_text_2001_characters(srv):
    t = H.uniq("long")
    bad(srv, signal(text=t + "x" * (2001 - len(t))), 400, "text")
    bad(srv, signal(text=t + "\u00e9" * (2001 - len(t))), 400, "text")


@test
def bad_text_invalid_utf8(srv):
    prefix = '{"buurt": "AA01", "text": "Stoeptegel '
    raw = prefix.encode() + b"\xff\xfe los bij de Dam\"}"
    bad_parse(srv, raw, 1, prefix.index('"Stoep') + 1, len(prefix) + 1, field="text")
    # An overlong encoding of '/' and a lone continuation byte.
    for junk in (b"\xc0\xaf", b"\x80", b"\xed\xa0\x80"):
        raw = prefix.encode() + junk + b" los bij de Dam\"}"
        bad_parse(srv, raw, 1, prefix.index('"Stoep') + 1, len(prefix) + 1,
                  field="text")


@test
def bad_text_control_characters(srv):
    for ch in ("\x01", "\x1b", "\x7f", "\u202e"):
        t = H.uniq("ctl") + ch + "[31m rood"
        bad(srv, signal(text=t), 400, "text")


@test
def bad_text_raw_control_character(srv):
    # Unescaped control characters are not JSON at all.
    body = '{"buurt": "AA01", "text": "Stoeptegel \x01 los bij de Dam"}'
    bad_parse(srv, body, 1, body.index('"Stoep') + 1, body.index("\x01") + 2,
              field="text")


@test
def bad_text_nul(srv):
    body = '{"buurt": "AA01", "text": "Stoeptegel \\u0000 los bij de Dam"}'
    bad_parse(srv, body, 1, body.index('"Stoep') + 1, body.rindex('"') + 1,
              field="text")


# --------------------------------------------------------------------------
# bad input: the point

@test
def bad_lat_lon_out_of_range(srv):
    cases = [({"lat": 91, "lon": 4.9}, "lat"), ({"lat": -90.5, "lon": 4.9}, "lat"),
             ({"lat": 52.37, "lon": 181}, "lon"), ({"lat": 52.37, "lon": -180.01}, "lon"),
             ({"lat": 1e300, "lon": 4.9}, "lat")]
    for pt, field in cases:
        bad(srv, signal(buurt=Ellipsis, **pt), 400, field)


@test
def bad_lat_without_lon(srv):
    bad(srv, signal(buurt=Ellipsis, lat=52.37), 400, "lon")
    bad(srv, signal(buurt=Ellipsis, lon=4.9), 400, "lat")
    bad(srv, signal(buurt=Ellipsis, lat=None, lon=4.9), 400, "lat")


@test
def bad_lat_nan_infinity(srv):
    for tok in ("NaN", "Infinity", "-Infinity", "1e999", "-1e999"):
        body = '{"text": "%s", "lat": %s, "lon": 4.9}' % (H.uniq("nan"), tok)
        start = body.index(tok) + 1
        bad_parse(srv, body, 1, start, start + len(tok) - 1, field="lat")
        body = '{"text": "%s", "lat": 52.37, "lon": %s}' % (H.uniq("nan"), tok)
        start = body.index(tok) + 1
        bad_parse(srv, body, 1, start, start + len(tok) - 1, field="lon")


@test
def bad_point_outside_amsterdam(srv):
    r, err = bad(srv, signal(buurt=Ellipsis, lat=UTRECHT[0], lon=UTRECHT[1]), 422,
                 kind="422")
    fields = err.get("fields") or {}
    check("lat" in fields or "lon" in fields, "no lat/lon field in %r" % err)
    bad(srv, signal(buurt=Ellipsis, lat=0, lon=0), 422)


@test
def bad_no_place(srv):
    bad(srv, signal(buurt=Ellipsis), 400, "buurt")
    bad(srv, signal(buurt=""), 400, "buurt")


@test
def bad_unknown_buurt(srv):
    bad(srv, signal(buurt="ZZ99"), 422, "buurt")
    bad(srv, signal(buurt="AA"), 422, "buurt")        # a wijk, not a buurt
    bad(srv, signal(buurt="GM0363"), 422, "buurt")    # the gemeente
    r, err = bad(srv, signal(buurt="B" * 40), 400, "buurt")


@test
def bad_unknown_category(srv):
    bad(srv, signal(category="bestaat/niet"), 422, "category")
    bad(srv, signal(category="afval/"), 422, "category")
    bad(srv, signal(category="c" * 200), 400, "category")


@test
def bad_optional_fields(srv):
    bad(srv, signal(kind="klacht"), 400, "kind")
    bad(srv, signal(email="geen-adres"), 400, "email")
    bad(srv, signal(email="a@b"), 400, "email")
    bad(srv, signal(email="x" * 250 + "@example.org"), 400, "email")
    bad(srv, signal(phone="bel me"), 400, "phone")
    bad(srv, signal(phone="12345"), 400, "phone")
    bad(srv, signal(age_band="99-100"), 400, "age_band")


@test
def bad_several_fields_at_once(srv):
    r, err = bad(srv, signal(text="", kind="x", email="y", lat=91, lon=4.9,
                             buurt=Ellipsis), 400)
    fields = err.get("fields") or {}
    for f in ("text", "kind", "email", "lat"):
        check(f in fields, "field %r missing in %r" % (f, fields))


# --------------------------------------------------------------------------
# bad input: the JSON itself

@test
def bad_malformed_json(srv):
    body = '{"text": "Losse stoeptegel bij de Dam",\n  "buurt": }'
    c = col_of(body, "}", 2)
    err = bad_parse(srv, body, 2, c, c)
    check(("regel 2, kolom %d" % c) in err["message"] or
          ("line 2, column %d" % c) in err["message"],
          "message %r" % err["message"])
    bad_parse(srv, '{"text": "abc', 1, 1, 14)
    bad_parse(srv, '{"text": "Losse stoeptegel", "buurt": "AA01",}', 1, 40, 46)
    bad_parse(srv, "", 1, 0, 1)
    bad_parse(srv, "\n\n   x", 3, 4, 4)


@test
def bad_deep_nesting(srv):
    bad_parse(srv, "[" * 10000, 1, 1, 10000)
    bad_parse(srv, '{"text": ' + "[" * 10000, 1, 1, 10010)
    bad_parse(srv, '{"a":' * 5000, 1, 1, 25000)
    eq(srv.get("/healthz").status, 200, "healthz after deep nesting")


@test
def bad_duplicate_keys(srv):
    body = '{"text": "%s", "buurt": "AA01", "text": "%s"}' % (H.uniq("dup"), H.uniq("dup"))
    r, err = bad(srv, body, 400, "text")


@test
def bad_unknown_field(srv):
    r, err = bad(srv, signal(catgeory=CATEGORY), 400)
    fields = err.get("fields") or {}
    check("catgeory" in fields, "unknown field not named: %r" % err)
    bad(srv, signal(token="x" * 22), 400, "token")
    bad(srv, signal(status="afgehandeld"), 400, "status")


@test
def bad_wrong_types(srv):
    cases = [("text", 12345), ("text", ["a", "b"]), ("buurt", ["AA01"]),
             ("kind", True), ("lat", "52.37"), ("lon", "4.9"), ("email", {}),
             ("category", 7), ("phone", 612345678), ("age_band", 30)]
    for field, value in cases:
        extra = {"lon": 4.9} if field == "lat" else {"lat": 52.37} if field == "lon" else {}
        b = signal(**{field: value})
        b.update(extra)
        if field in ("lat", "lon"):
            b.pop("buurt", None)
        bad(srv, b, 400, field)


@test
def bad_root_not_object(srv):
    for body in ("[]", '"tekst"', "42", "null", '[{"text": "abcdef", "buurt": "AA01"}]'):
        with H.unchanged(srv):
            r = srv.post_json(SIGNALS, body)
            H.check_json_error(r, 400)


@test
def bad_content_type(srv):
    body = json.dumps(signal())
    for ct in ("text/plain", "application/x-www-form-urlencoded", None,
               "application/jsonx", "json"):
        r, err = bad(srv, body, 415, ctype=ct, kind="415")
        eq(err.get("code"), "unsupported_media_type", "code for %r" % ct)
    # multipart/form-data is taken (photos, test_photos.py): JSON in it is
    # a broken multipart body
    r, err = bad(srv, body, 400, ctype="multipart/form-data; boundary=x")
    check("multipart" in err.get("message", ""), "says what is wrong: %r" % err)


@test
def bad_oversize_body(srv):
    t = H.uniq("big")
    body = json.dumps(signal(text=t + "x" * (70 * 1024)))
    with H.unchanged(srv):
        r = srv.post_json(SIGNALS, body)
        eq(r.status, 413, "status for %d bytes" % len(body))
    H.check_security_headers(r, "413")
    eq(srv.get("/healthz").status, 200, "healthz after 413")


@test
def body_size_limit_is_64_kib(srv):
    # Exactly 65536 bytes is allowed (whitespace padding is valid JSON);
    # one byte more is refused.
    base = json.dumps(signal())
    ok = base + " " * (MAX_BODY - len(base))
    eq(len(ok), MAX_BODY, "test body length")
    r = srv.post_json(SIGNALS, ok)
    eq(r.status, 201, "status for exactly %d bytes (body %r)" % (MAX_BODY, r.body[:200]))
    base = json.dumps(signal())
    over = base + " " * (MAX_BODY + 1 - len(base))
    with H.unchanged(srv):
        r = srv.post_json(SIGNALS, over)
        eq(r.status, 413, "status for %d bytes" % len(over))


@test
def bad_content_length_over_limit(srv):
    # Announce 10 MB, send 100 bytes: answered 413 without waiting for the
    # rest.
    with H.unchanged(srv):
        t0 = time.time()
        raw, closed = H.raw_request(
            srv.port,
            b"POST /api/v1/signals HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n"
            + b"{" + b" " * 99, timeout=8, read_until_close=False)
        took = time.time() - t0
        st = H.parse_statuses(raw)
        check(st, "POST /api/v1/signals with Content-Length: 10485760 and 100 bytes "
              "sent: no response (%s, got %r)"
              % ("connection closed" if closed else "nothing within 8 s", raw[:200]))
        eq(st[0], 413, "status")
        check(took < 5, "413 took %.1f s" % took)
    # Absurd Content-Length values are refused too, not parsed as small.
    for cl in (b"18446744073709551617", b"99999999999999999999999", b"-1"):
        with H.unchanged(srv):
            raw, closed = H.raw_request(
                srv.port,
                b"POST /api/v1/signals HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: " + cl +
                b"\r\n\r\n{}", timeout=5, read_until_close=False)
            st = H.parse_statuses(raw)
            check(not st or 400 <= st[0] < 500,
                  "Content-Length %s -> %r" % (cl.decode(), raw[:200]))
    eq(srv.get("/healthz").status, 200, "healthz after bad Content-Length")


# --------------------------------------------------------------------------
# areas

def feature_sets():
    feats = H.load_buurten()
    codes = {f["properties"]["code"] for f in feats}
    return feats, codes


@test
def areas_list_every_level(srv):
    feats, codes = feature_sets()
    lists = {}
    for lvl in ("buurt", "wijk", "gebied", "stadsdeel", "gemeente"):
        r = srv.get("/api/v1/areas?level=" + lvl)
        eq(r.status, 200, "status for %s" % lvl)
        j = r.json()
        eq(j.get("municipality"), "GM0363", "municipality")
        eq(j.get("level"), lvl, "level")
        check(isinstance(j.get("areas"), list), "areas list")
        eq(j.get("count"), len(j["areas"]), "count vs areas for %s" % lvl)
        for a in j["areas"]:
            eq(sorted(a), ["code", "level", "name", "parent"], "keys of %r" % a)
            eq(a["level"], lvl, "level of %s" % a["code"])
            check(a["name"], "name of %s" % a["code"])
        lists[lvl] = {a["code"]: a for a in j["areas"]}
        eq(len(lists[lvl]), j["count"], "distinct codes for %s" % lvl)
    eq(set(lists["buurt"]), codes, "buurt codes vs the GeoJSON")
    eq(set(lists["wijk"]), {c[:2] for c in codes}, "wijk codes")
    eq(set(lists["stadsdeel"]), {c[:1] for c in codes}, "stadsdeel codes")
    eq(list(lists["gemeente"]), ["GM0363"], "gemeente")
    eq(lists["gemeente"]["GM0363"]["parent"], None, "gemeente parent")
    check(len(lists["gebied"]) >= 20, "only %d gebieden" % len(lists["gebied"]))
    for c, a in lists["buurt"].items():
        eq(a["parent"], c[:2], "parent of buurt %s" % c)
    for c, a in lists["wijk"].items():
        check(a["parent"] in lists["gebied"], "parent of wijk %s: %r" % (c, a["parent"]))
    for c, a in lists["gebied"].items():
        check(a["parent"] in lists["stadsdeel"], "parent of gebied %s: %r"
              % (c, a["parent"]))
    for c, a in lists["stadsdeel"].items():
        eq(a["parent"], "GM0363", "parent of stadsdeel %s" % c)
    names = {f["properties"]["code"]: f["properties"]["naam"] for f in feats}
    for c, a in lists["buurt"].items():
        eq(a["name"], names[c], "name of buurt %s" % c)


@test
def areas_list_bad_queries(srv):
    H.check_json_error(srv.get("/api/v1/areas"), 400, "level")
    H.check_json_error(srv.get("/api/v1/areas?level=straat"), 400, "level")
    H.check_json_error(srv.get("/api/v1/areas?level="), 400, "level")
    H.check_json_error(srv.get("/api/v1/areas?level=wijk&foo=1"), 400, "foo")
    H.check_json_error(srv.get("/api/v1/areas?levle=wijk"), 400, "levle")
    eq(srv.get("/api/v1/areas?level=wijk&%zz=1").status, 400, "malformed query")
    r = srv.get("/api/v1/areas?level=wijk&lang=en")
    eq(r.status, 200, "lang is always allowed")


@test
def api_errors_before_routing_are_json(srv):
    # The API answers every error in its JSON error format, also those the
    # server gives before a handler runs (malformed query string, body too
    # large), so that clients need one error parser.
    problems = []
    for what, call, status in (
            ("GET /api/v1/areas?level=wijk&%zz=1",
             lambda: srv.get("/api/v1/areas?level=wijk&%zz=1"), 400),
            ("GET /api/v1/areas/lookup?lat=52.37%00&lon=4.9",
             lambda: srv.get("/api/v1/areas/lookup?lat=52.37%00&lon=4.9"), 400),
            ("POST /api/v1/signals with 70 KB",
             lambda: srv.post_json(SIGNALS, json.dumps(
                 signal(text=H.uniq("big") + "x" * 70000))), 413)):
        try:
            H.check_json_error(call(), status)
        except H.Failure as e:
            problems.append("%s: %s" % (what, e))
    check(not problems, "; ".join(problems))


@test
def area_get(srv):
    r = srv.get("/api/v1/areas/AA01")
    eq(r.status, 200, "status")
    j = r.json()
    eq(j, {"code": "AA01", "name": "Planciusbuurt-Noord", "level": "buurt",
           "parent": "AA"}, "AA01")
    r = srv.get("/api/v1/areas/AA01?geometry=false")
    eq(r.json(), j, "geometry=false")
    r = srv.get("/api/v1/areas/AA01?geometry=true")
    eq(r.status, 200, "status with geometry")
    g = r.json().get("geometry")
    check(isinstance(g, dict) and g.get("type") in ("Polygon", "MultiPolygon"),
          "geometry %r" % (str(g)[:200],))
    ring = g["coordinates"][0] if g["type"] == "Polygon" else g["coordinates"][0][0]
    check(all(4.7 < p[0] < 5.1 and 52.2 < p[1] < 52.5 for p in ring),
          "AA01 geometry not lon/lat in Amsterdam: %r" % ring[:3])
    for code, lvl in (("AA", "wijk"), ("A", "stadsdeel"), ("GM0363", "gemeente"),
                      (AA01_GEBIED, "gebied")):
        r = srv.get("/api/v1/areas/" + code)
        eq(r.status, 200, "status for %s" % code)
        eq(r.json().get("level"), lvl, "level of %s" % code)
    r = srv.get("/api/v1/areas/A?geometry=true")
    check(r.json().get("geometry", {}).get("type") in ("Polygon", "MultiPolygon"),
          "stadsdeel A geometry")


@test
def area_get_bad(srv):
    H.check_json_error(srv.get("/api/v1/areas/ZZ99"), 404)
    H.check_json_error(srv.get("/api/v1/areas/" + "A" * 300), 404)
    H.check_json_error(srv.get("/api/v1/areas/%2e%2e%2fhealthz"), 404)
    H.check_json_error(srv.get("/api/v1/areas/AA01?geometry=yes"), 400, "geometry")
    H.check_json_error(srv.get("/api/v1/areas/AA01?geom=true"), 400, "geom")


@test
def area_lookup(srv):
    r = srv.get("/api/v1/areas/lookup?lat=%s&lon=%s" % DAM)
    eq(r.status, 200, "status")
    j = r.json()
    check(abs(j.get("lat", 0) - DAM[0]) < 1e-9 and abs(j.get("lon", 0) - DAM[1]) < 1e-9,
          "echoed point %r" % j)
    for lvl in ("buurt", "wijk", "gebied", "stadsdeel", "gemeente"):
        n = j.get(lvl)
        check(isinstance(n, dict) and n.get("code") and n.get("name"),
              "%s: %r" % (lvl, n))
        eq(n.get("level"), lvl, "level of %s" % lvl)
    b = j["buurt"]["code"]
    eq(j["wijk"]["code"], b[:2], "wijk")
    eq(j["stadsdeel"]["code"], b[:1], "stadsdeel")
    eq(j["gemeente"]["code"], "GM0363", "gemeente")
    eq(j["stadsdeel"]["code"], "A", "the Dam is in Centrum")
    r = srv.get("/api/v1/areas/lookup?lon=%s&lat=%s&lang=en" % (DAM[1], DAM[0]))
    eq(r.status, 200, "parameter order and lang")
    eq(r.json()["buurt"]["code"], b, "same buurt")


@test
def area_lookup_outside(srv):
    err = H.check_json_error(
        srv.get("/api/v1/areas/lookup?lat=%s&lon=%s" % UTRECHT), 422)
    for q in ("lat=0&lon=0", "lat=-33.9&lon=18.4", "lat=52.3&lon=4.6"):
        H.check_json_error(srv.get("/api/v1/areas/lookup?" + q), 422)


@test
def area_lookup_bad_numbers(srv):
    cases = [("lat=abc&lon=4.9", "lat"), ("lat=52.37&lon=abc", "lon"),
             ("lat=1e2&lon=4.9", "lat"), ("lat=0x34&lon=4.9", "lat"),
             ("lat=nan&lon=4.9", "lat"), ("lat=inf&lon=4.9", "lat"),
             ("lat=52.37&lon=Infinity", "lon"), ("lat=91&lon=4.9", "lat"),
             ("lat=52.37&lon=181", "lon"), ("lat=&lon=4.9", "lat"),
             ("lon=4.9", "lat"), ("lat=52.37", "lon"), ("", "lat"),
             ("lat=52.37%00&lon=4.9", None), ("lat=52,37&lon=4,9", "lat"),
             ("lat=" + "1" * 40 + "&lon=4.9", "lat"),
             ("lat=52.37&lon=4.9&x=1", "x"), ("lat=52.37&lon=4.9&zoom=3", "zoom")]
    for q, field in cases:
        r = srv.get("/api/v1/areas/lookup?" + q)
        if field is None:
            eq(r.status, 400, "status for %r" % q)
        else:
            H.check_json_error(r, 400, field)


# --------------------------------------------------------------------------
# routing

@test
def api_unknown_path_and_method(srv):
    r = srv.get("/api/v1/bestaat-niet")
    H.check_json_error(r, 404)
    r = srv.get("/api/v2/signals")
    H.check_json_error(r, 404)
    r = srv.get(SIGNALS)
    H.check_json_error(r, 405)
    check("POST" in (r.header("Allow") or ""), "Allow %r" % r.header("Allow"))
    keep("405", r)
    for method, path, want in (("DELETE", SIGNALS + "/" + "A" * 22, "GET"),
                               ("PUT", SIGNALS + "/" + "A" * 22, "GET"),
                               ("POST", "/api/v1/areas?level=wijk", "GET"),
                               ("PATCH", "/api/v1/areas/AA01", "GET"),
                               ("POST", "/healthz", "GET")):
        with H.unchanged(srv):
            r = srv.request(method, path, body=b"{}",
                            headers={"Content-Type": "application/json"})
            H.check_json_error(r, 405)
        check(want in (r.header("Allow") or ""), "%s %s Allow %r"
              % (method, path, r.header("Allow")))


@test
def api_head_requests(srv):
    r = srv.request("HEAD", "/api/v1/areas?level=stadsdeel")
    eq(r.status, 200, "status")
    eq(r.body, b"", "HEAD body")


@test
def security_headers_on_api_responses(srv):
    for kind, r in sorted(SEEN.items()):
        if r is None:
            continue
        H.check_security_headers(r, kind)
    for kind in ("200", "201", "400", "404", "405", "415", "422"):
        check(kind in SEEN, "no %s response was recorded" % kind)


@test
def responses_are_json_utf8(srv):
    # A text with non-ASCII comes back as the same code points.
    t = H.uniq("utf8") + " — Ĳsselmeer 🚲"
    body, r, j = create(srv, text=t)
    eq(j["text"], t, "text")


# --------------------------------------------------------------------------
# the log, after the server stopped

@test(after_stop=True)
def log_lines_use_route_patterns(srv):
    lines = [l for l in srv.log_lines() if l.get("event") == "request"]
    check(len(lines) > 50, "only %d request lines in the log" % len(lines))
    routes = {l.get("route") for l in lines}
    for r in ("/api/v1/signals", "/api/v1/signals/{token}", "/api/v1/areas",
              "/api/v1/areas/{code}", "/api/v1/areas/lookup", "/healthz"):
        check(r in routes, "route %r never logged (routes: %r)" % (r, routes))
    statuses = {l.get("status") for l in lines if l.get("route") == "/api/v1/signals"}
    for s in ("201", "200", "400", "415", "422"):
        check(s in statuses, "no status %s logged for POST /api/v1/signals: %r"
              % (s, statuses))
    # 413 is answered before routing (route "-" is fine), but it is logged.
    check(any(l.get("status") == "413" for l in lines), "no 413 in the log")
    log = srv.log_text()
    for tok in srv.query("SELECT token FROM signals") if os.path.exists(srv.db_path) else []:
        H.not_contains(log, tok[0], "server log")
    H.not_contains(log, "/api/v1/areas/AA01", "server log")
    H.not_contains(log, "lat=52", "server log")


if __name__ == "__main__":
    H.main()
