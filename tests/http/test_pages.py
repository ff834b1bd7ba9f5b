"""HTTP tests of the HTML pages: home, the report form (GET/POST /melden,
the map click), the confirmation and tracking pages, escaping, error
pages, the language switch, security headers and keep-alive.

    python3 tests/http/test_pages.py --binary build/wijkagenda
"""
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

DAM = ("52.373100", "4.892600")
UTRECHT = ("52.09", "5.12")
TOKEN_RE = re.compile(r"^/m/([A-Za-z0-9_-]{22})\?nieuw=1$")


def en_catalogue():
    return os.path.join(os.path.dirname(os.path.abspath(H.Ctx.args.binary)),
                        "locale", "en", "LC_MESSAGES", "wijkagenda.mo")

SEEN = {}


def keep(kind, r):
    SEEN.setdefault(kind, r)
    return r


def html_ok(r, status=200, what="page"):
    eq(r.status, status, "%s status (body %r)" % (what, r.body[:300]))
    ct = r.header("Content-Type", "")
    check(ct.lower().startswith("text/html") and "utf-8" in ct.lower(),
          "%s Content-Type %r" % (what, ct))
    try:
        text = r.body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise H.Failure("%s is not valid UTF-8: %s" % (what, e))
    check(text.lstrip().lower().startswith("<!doctype html>"),
          "%s does not start with <!doctype html>" % what)
    check(H.html_lang(text) in ("nl", "en"), "%s html lang %r" % (what, H.html_lang(text)))
    return text


def melden(srv, **fields):
    # "anders": straight on, without the "Is het dit?" step (kwesties
    # nearby, or a category suggestion once a model is trained)
    d = {"kind": "melding", "text": H.uniq("form"), "buurt": "AA01", "anders": "1"}
    d.update(fields)
    d = {k: v for k, v in d.items() if v is not None}
    return d, srv.post_form("/melden", d)


def submit(srv, **fields):
    d, r = melden(srv, **fields)
    eq(r.status, 303, "POST /melden status (body %r)" % r.body[:400])
    loc = r.header("Location", "")
    m = TOKEN_RE.match(loc)
    check(m, "Location %r" % loc)
    return d, r, m.group(1)


def control(doc, name):
    for n in doc.iter():
        if n.tag in ("input", "select", "textarea") and n.attrs.get("name") == name \
                and n.attrs.get("type") != "hidden":
            return n
    return None


def hidden(doc, name):
    for n in doc.find_all("input"):
        if n.attrs.get("type") == "hidden" and n.attrs.get("name") == name:
            return n.attrs.get("value")
    return None


def signal_api(srv, token):
    r = srv.get("/api/v1/signals/" + token)
    eq(r.status, 200, "API signal")
    return r.json()


# --------------------------------------------------------------------------

@test
def home_page(srv):
    r = keep("home", srv.get("/"))
    text = html_ok(r)
    eq(H.html_lang(text), "nl", "default language")
    doc = H.parse_html(text)
    check(doc.find_all("a", href="/melden"), "no link to /melden")
    check(doc.find_all("link", rel="stylesheet", href="/static/wijkagenda.css"),
          "no stylesheet link")
    check(doc.find_all("main"), "no <main>")
    check(doc.find_all("title") and doc.find_all("title")[0].text().strip(), "no title")
    H.not_contains(text, "wa-demo-banner", "home without --demo")
    H.not_contains(text, "Demo-omgeving", "home without --demo")
    check(not doc.find_all("script"), "home page has a <script>")


@test
def head_home(srv):
    r = srv.request("HEAD", "/")
    eq(r.status, 200, "status")
    eq(r.body, b"", "HEAD body")


@test
def form_has_labels_for_every_input(srv):
    r = keep("form", srv.get("/melden"))
    text = html_ok(r, what="GET /melden")
    doc = H.parse_html(text)
    forms = [f for f in doc.find_all("form") if f.attrs.get("action") == "/melden"]
    eq(len(forms), 1, "forms posting to /melden")
    eq(forms[0].attrs.get("method", "").lower(), "post", "form method")
    label_for = {}
    for lab in doc.find_all("label"):
        if lab.attrs.get("for"):
            label_for[lab.attrs["for"]] = lab.text().strip()
    names = set()
    for n in forms[0].iter():
        if n.tag not in ("input", "select", "textarea"):
            continue
        typ = n.attrs.get("type", "text" if n.tag == "input" else n.tag)
        if typ in ("hidden", "submit", "button", "reset"):
            continue
        names.add(n.attrs.get("name"))
        desc = "%s name=%r" % (n.tag, n.attrs.get("name"))
        if typ == "image":
            check(n.attrs.get("alt", "").strip(), "%s has no alt text" % desc)
            continue
        ident = n.attrs.get("id")
        has_label = (ident and label_for.get(ident)) or n.attrs.get("aria-label") \
            or n.attrs.get("aria-labelledby")
        p = n.parent
        while p is not None and not has_label:
            has_label = p.tag == "label" and p.text().strip()
            p = p.parent
        check(has_label, "%s (id %r) has no label" % (desc, ident))
    for f in H.FIELDS:
        check(f in names, "the form has no control named %r (has %r)" % (f, sorted(names)))
    buurt = control(doc, "buurt")
    opts = [o.attrs.get("value") for o in buurt.find_all("option") if o.attrs.get("value")]
    eq(len(opts), 518, "buurt options")
    check("AA01" in opts, "AA01 not offered")
    cats = [o.attrs.get("value") for o in control(doc, "category").find_all("option")]
    check("afval/grofvuil" in cats, "category afval/grofvuil not offered")
    eq(r.header("Cache-Control"), "private, no-store", "Cache-Control of the form")


@test
def form_preselects_buurt(srv):
    text = html_ok(srv.get("/melden?buurt=AA01"))
    doc = H.parse_html(text)
    sel = [o for o in control(doc, "buurt").find_all("option") if "selected" in o.attrs]
    eq([o.attrs.get("value") for o in sel], ["AA01"], "selected buurt")


@test
def post_melden_with_buurt(srv):
    d, r, tok = submit(srv, email="", phone="", category="afval/grofvuil")
    keep("303", r)
    rows = srv.query("SELECT body, buurt_code, kind, category_code, lat FROM signals"
                     " WHERE token = ?", (tok,))
    eq(rows, [(d["text"], "AA01", "melding", "afval/grofvuil", None)], "stored signal")


@test
def post_melden_with_point(srv):
    d, r, tok = submit(srv, buurt="", lat=DAM[0], lon=DAM[1], kind="idee")
    rows = srv.query("SELECT lat, lon, stadsdeel_code, kind FROM signals WHERE token = ?",
                     (tok,))
    eq(len(rows), 1, "rows")
    check(abs(rows[0][0] - float(DAM[0])) < 1e-6 and abs(rows[0][1] - float(DAM[1])) < 1e-6,
          "stored point %r" % (rows[0],))
    eq(rows[0][2:], ("A", "idee"), "stadsdeel and kind")


@test
def post_melden_point_wins_over_buurt(srv):
    d, r, tok = submit(srv, buurt="TA01", lat=DAM[0], lon=DAM[1])
    eq(srv.query("SELECT stadsdeel_code FROM signals WHERE token = ?", (tok,))[0][0],
       "A", "a point from the map wins over the buurt list")


@test
def post_melden_errors_rerender(srv):
    typed_email = "bewaar-mij@example.org"
    with H.unchanged(srv):
        d, r = melden(srv, text="", buurt="", kind="vraag", email=typed_email,
                      phone="bel me", age_band="45-64")
        keep("400form", r)
        text = html_ok(r, 400, "form with errors")
    doc = H.parse_html(text)
    title = doc.find_all("title")[0].text()
    check(title.startswith("Fout"), "title does not say there is an error: %r" % title)
    summary = [n for n in doc.iter() if n.attrs.get("role") == "alert"]
    check(summary, "no error summary with role=alert")
    for field, words in (("text", "verplicht"), ("buurt", "buurt"),
                         ("phone", "telefoonnummer")):
        c = control(doc, field)
        check(c is not None, "no control %s" % field)
        eq(c.attrs.get("aria-invalid"), "true", "aria-invalid of %s" % field)
        err = doc.by_id("f-%s-error" % field)
        check(err is not None, "no message element f-%s-error" % field)
        check(words in err.text().lower(), "message of %s: %r" % (field, err.text()))
        check("f-%s-error" % field in c.attrs.get("aria-describedby", ""),
              "%s not described by its error: %r" % (field, c.attrs))
        # the message is next to the field: inside the same wrapper
        wrap = c.parent
        while wrap is not None and "wa-field" not in wrap.attrs.get("class", "") \
                and wrap.tag != "fieldset":
            wrap = wrap.parent
        check(wrap is not None and wrap.by_id("f-%s-error" % field) is not None,
              "message of %s is not next to the field" % field)
    for field in ("email", "age_band", "category"):
        c = control(doc, field)
        check(c.attrs.get("aria-invalid") is None, "%s marked invalid" % field)
    eq(control(doc, "email").attrs.get("value"), typed_email, "email kept")
    eq(control(doc, "phone").attrs.get("value"), "bel me", "phone kept")
    sel = [o.attrs.get("value") for o in control(doc, "age_band").find_all("option")
           if "selected" in o.attrs]
    eq(sel, ["45-64"], "age_band kept")
    checked = [n.attrs.get("value") for n in doc.find_all("input")
               if n.attrs.get("name") == "kind" and "checked" in n.attrs]
    eq(checked, ["vraag"], "kind kept")
    eq(r.header("Cache-Control"), "private, no-store", "Cache-Control")


@test
def post_melden_errors_keep_text(srv):
    with H.unchanged(srv):
        d, r = melden(srv, text="abc", buurt="AA01")
        text = html_ok(r, 400)
    doc = H.parse_html(text)
    ta = control(doc, "text")
    eq(ta.text().strip(), "abc", "textarea keeps the text")
    eq(ta.attrs.get("aria-invalid"), "true", "aria-invalid")
    check("kort" in (doc.by_id("f-text-error").text()), "message says too short")
    sel = [o.attrs.get("value") for o in control(doc, "buurt").find_all("option")
           if "selected" in o.attrs]
    eq(sel, ["AA01"], "buurt kept")


@test
def post_melden_unknown_buurt(srv):
    with H.unchanged(srv):
        d, r = melden(srv, buurt="ZZ99")
        keep("422form", r)
        text = html_ok(r, 422)
    doc = H.parse_html(text)
    eq(control(doc, "buurt").attrs.get("aria-invalid"), "true", "buurt aria-invalid")
    H.contains(control(doc, "text").text(), d["text"], "textarea")


@test
def post_melden_point_outside(srv):
    with H.unchanged(srv):
        d, r = melden(srv, buurt="", lat=UTRECHT[0], lon=UTRECHT[1])
        text = html_ok(r, 422)
    doc = H.parse_html(text)
    lat = control(doc, "lat")
    check(lat is not None, "no visible lat input after an error")
    eq(lat.attrs.get("aria-invalid"), "true", "lat aria-invalid")
    eq(lat.attrs.get("value"), UTRECHT[0], "lat kept")
    eq(control(doc, "lon").attrs.get("value"), UTRECHT[1], "lon kept")
    H.contains(doc.by_id("f-lat-error").text(), "gemeente", "lat message")


@test
def post_melden_text_too_long_and_control(srv):
    for t, word in (("x" * 2001, "lang"), ("Stoeptegel \x1b[31m los", "stuur")):
        with H.unchanged(srv):
            d, r = melden(srv, text=t)
            text = html_ok(r, 400)
        err = H.parse_html(text).by_id("f-text-error")
        check(err is not None and word in err.text(), "text message %r" % (err and err.text()))


@test
def post_melden_invalid_utf8(srv):
    body = "kind=melding&buurt=AA01&text=Stoeptegel+%FF%FE+los+bij+de+Dam"
    with H.unchanged(srv):
        r = srv.post_form("/melden", body)
        text = html_ok(r, 400, "re-rendered form after invalid UTF-8")
    doc = H.parse_html(text)
    eq(control(doc, "text").attrs.get("aria-invalid"), "true", "text aria-invalid")
    check("UTF-8" in doc.by_id("f-text-error").text() or
          "tekens" in doc.by_id("f-text-error").text(), "message")


@test
def post_melden_wrong_content_type(srv):
    with H.unchanged(srv):
        r = srv.post_form("/melden", '{"text": "abcdef", "buurt": "AA01"}',
                          content_type="application/json")
        keep("415", r)
        html_ok(r, 415)
        r = srv.post_form("/melden", "text=abcdef&buurt=AA01", content_type=None)
        html_ok(r, 415)
        # multipart is the form's own encoding (photos): this one is broken
        r = srv.post_form("/melden", "text=abcdef&buurt=AA01",
                          content_type="multipart/form-data; boundary=x")
        html_ok(r, 400)
    # charset parameter is fine
    d = {"text": H.uniq("cs"), "buurt": "AA01"}
    r = srv.post_form("/melden", d,
                      content_type="application/x-www-form-urlencoded; charset=UTF-8")
    eq(r.status, 303, "with charset parameter")


@test
def post_melden_malformed_encoding(srv):
    for body in ("text=%zz&buurt=AA01", "text=%4&buurt=AA01", "=x&buurt=AA01",
                 "text=abc%00def&buurt=AA01"):
        with H.unchanged(srv):
            r = srv.post_form("/melden", body)
            html_ok(r, 400, "body %r" % body)


@test
def map_click(srv):
    t = H.uniq("kaart")
    with H.unchanged(srv):
        r = srv.post_form("/melden", {"kind": "vraag", "text": t, "buurt": "",
                                      "kaart.x": "400", "kaart.y": "300"})
        text = html_ok(r, 200, "map click")
    doc = H.parse_html(text)
    lat, lon = hidden(doc, "lat"), hidden(doc, "lon")
    check(lat and lon, "no hidden lat/lon after the click")
    check(52.2 < float(lat) < 52.5 and 4.7 < float(lon) < 5.1,
          "point %s,%s not in Amsterdam" % (lat, lon))
    chosen = [n for n in doc.iter() if "wa-chosen" in n.attrs.get("class", "")]
    check(chosen, "no label of the chosen point")
    label = chosen[0].text()
    nums = [float(x) for x in re.findall(r"-?\d+\.\d+", label)]
    check(len(nums) >= 2 and abs(nums[0] - float(lat)) < 1e-4
          and abs(nums[1] - float(lon)) < 1e-4,
          "point label %r does not show %s, %s" % (label, lat, lon))
    H.contains(control(doc, "text").text(), t, "text kept after the click")
    # The label names the buurt of the point; submitting the form keeps it.
    lk = srv.get("/api/v1/areas/lookup?lat=%s&lon=%s" % (lat, lon))
    if lk.status == 200:
        H.contains(label, lk.json()["buurt"]["name"], "point label")
    d, r2, tok = submit(srv, kind="vraag", text=t, buurt="", lat=lat, lon=lon)
    j = signal_api(srv, tok)
    check(abs(j["location"]["lat"] - float(lat)) < 1e-6, "stored point %r" % j["location"])
    if lk.status == 200:
        eq(j["areas"]["buurt"]["code"], lk.json()["buurt"]["code"], "buurt of the point")


@test
def map_click_bad_coordinates(srv):
    for x, y in (("abc", "1"), ("-5", "10"), ("100000", "3"), ("1e3", "2")):
        with H.unchanged(srv):
            r = srv.post_form("/melden", {"text": H.uniq("kaart"), "kaart.x": x,
                                          "kaart.y": y})
            check(r.status in (200, 400), "kaart.x=%s: status %d" % (x, r.status))
            html_ok(r, r.status)
            check(hidden(H.parse_html(r.text), "lat") is None,
                  "a point was chosen for kaart.x=%s kaart.y=%s" % (x, y))


@test
def confirmation_page(srv):
    d, r, tok = submit(srv, buurt="AA01", email="bevestiging@example.org")
    c = keep("confirm", srv.get("/m/%s?nieuw=1" % tok))
    text = html_ok(c, what="confirmation")
    doc = H.parse_html(text)
    links = [a for a in doc.find_all("a") if a.attrs.get("href") == "/m/" + tok]
    check(links, "no link to /m/%s on the confirmation page" % tok)
    sd = srv.get("/api/v1/areas/A").json()["name"]
    who = "Stadsdeel %s van de gemeente Amsterdam" % sd
    H.contains(" ".join(doc.text().split()), who, "confirmation page")
    H.contains(text, d["text"], "confirmation page")
    eq(c.header("Cache-Control"), "private, no-store", "Cache-Control")
    H.not_contains(text, "bevestiging@example.org", "confirmation page")


@test
def tracking_page(srv):
    d, r, tok = submit(srv, buurt="AA01", category="afval/grofvuil")
    j = signal_api(srv, tok)
    p = keep("track", srv.get("/m/" + tok))
    text = html_ok(p, what="tracking page")
    plain = " ".join(H.parse_html(text).text().split())
    for lvl in ("buurt", "wijk", "gebied", "stadsdeel"):
        H.contains(plain, j["areas"][lvl]["name"], "tracking page (%s)" % lvl)
    H.contains(plain, d["text"], "tracking page")
    H.contains(plain, "Grofvuil", "tracking page (category)")
    eq(p.header("Cache-Control"), "private, no-store", "Cache-Control")


@test
def tracking_page_unknown(srv):
    for path in ("/m/" + "A" * 22, "/m/abc", "/m/" + "A" * 23, "/m/%3Cscript%3E"):
        r = srv.get(path)
        text = html_ok(r, 404, path)
        H.not_contains(text, "<script>", path)
    keep("404track", r)


@test
def html_escaping_of_hostile_text(srv):
    t = "<script>alert(1)</script> " + H.uniq("xss") + " \"quoted\" & 'single'"
    d, r, tok = submit(srv, text=t)
    for path in ("/m/%s?nieuw=1" % tok, "/m/" + tok):
        text = html_ok(srv.get(path), what=path)
        H.not_contains(text, "<script>alert(1)", path)
        H.contains(text, "&lt;script&gt;alert(1)&lt;/script&gt;", path)
        check(not H.parse_html(text).find_all("script"), "%s has a <script>" % path)
    # Attribute and textarea context in a re-rendered form.
    evil_email = '"><img src=x onerror=alert(1)>'
    evil_text = "</textarea><script>alert(2)</script>" + H.uniq("xss")
    with H.unchanged(srv):
        d, r = melden(srv, text=evil_text, email=evil_email, buurt="")
        text = html_ok(r, 400)
    H.not_contains(text, "<img src=x", "re-rendered form")
    H.not_contains(text, "</textarea><script>", "re-rendered form")
    doc = H.parse_html(text)
    eq(control(doc, "email").attrs.get("value"), evil_email, "email value round trip")
    # the form's own script (static/suggest.js) is the only one
    check(all(sc.attrs.get("src") == "/static/suggest.js" and not sc.text().strip()
              for sc in doc.find_all("script")) and not doc.find_all("img"),
          "markup from input became elements")


@test
def not_found_page(srv):
    for path in ("/bestaat-niet", "/melden/extra", "/static/../../etc/passwd",
                 "/static/bestaat-niet.css", "/m/", "/%2e%2e/etc/passwd",
                 "/" + "x" * 2000):
        r = srv.get(path)
        text = html_ok(r, 404, path)
        eq(H.html_lang(text), "nl", "lang of the 404 page")
        check(H.parse_html(text).find_all("a", href="/"), "404 page has no link home")
    keep("404", r)
    keep("404static", srv.get("/static/bestaat-niet.css"))


@test
def method_not_allowed_page(srv):
    cases = (("DELETE", "/melden", ("GET", "POST")), ("PUT", "/", ("GET",)),
             ("POST", "/m/" + "A" * 22, ("GET",)), ("POST", "/kaart.svg", ("GET",)),
             ("POST", "/static/wijkagenda.css", ("GET",)), ("OPTIONS", "/melden", ("GET",)))
    for method, path, allow in cases:
        with H.unchanged(srv):
            r = srv.request(method, path, body=b"text=x",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
        html_ok(r, 405, "%s %s" % (method, path))
        for m in allow:
            check(m in (r.header("Allow") or ""), "%s %s: Allow %r lacks %s"
                  % (method, path, r.header("Allow"), m))
        keep("405", r)


@test
def bad_query_string(srv):
    r = keep("400query", srv.get("/?%zz"))
    eq(r.status, 400, "status for /?%zz")
    r = srv.get("/melden?lang=%00")
    eq(r.status, 400, "status for /melden?lang=%00")


@test
def static_files(srv):
    r = keep("css", srv.get("/static/wijkagenda.css"))
    eq(r.status, 200, "css status")
    check(r.header("Content-Type", "").startswith("text/css"), "css type %r"
          % r.header("Content-Type"))
    check(len(r.body) > 100, "css is %d bytes" % len(r.body))
    r = keep("svg", srv.get("/kaart.svg"))
    eq(r.status, 200, "svg status")
    check(r.header("Content-Type", "").startswith("image/svg+xml"), "svg type %r"
          % r.header("Content-Type"))
    check(b"<svg" in r.body[:500], "not an SVG: %r" % r.body[:100])
    check(b"<script" not in r.body.lower(), "the SVG has a script")
    r = srv.request("HEAD", "/kaart.svg")
    eq((r.status, r.body), (200, b""), "HEAD /kaart.svg")


@test
def language_switch(srv):
    def lang_of(path, headers=None):
        r = srv.get(path, headers=headers)
        return r, H.html_lang(html_ok(r, r.status, path))

    r, l = lang_of("/", {"Accept-Language": "en"})
    eq(l, "en", "Accept-Language: en")
    keep("home-en", r)
    eq(lang_of("/melden", {"Accept-Language": "en-GB,en;q=0.9"})[1], "en", "en-GB")
    eq(lang_of("/", {"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8"})[1], "nl", "nl-NL")
    eq(lang_of("/", {"Accept-Language": "fr, en;q=0.5"})[1], "en", "fr, en;q=0.5")
    eq(lang_of("/", {"Accept-Language": "en;q=0.1, nl"})[1], "nl", "q-values")
    eq(lang_of("/", {"Accept-Language": "de"})[1], "nl", "unknown -> nl")
    eq(lang_of("/")[1], "nl", "no header")
    eq(lang_of("/bestaat-niet", {"Accept-Language": "en"})[1], "en", "404 page")
    # ?lang= sets a cookie and wins over Accept-Language
    r, l = lang_of("/melden?lang=en")
    eq(l, "en", "?lang=en")
    ck = r.header("Set-Cookie") or ""
    check(re.match(r"lang=en(;|$)", ck), "Set-Cookie %r" % ck)
    check("path=/" in ck.lower(), "cookie Path: %r" % ck)
    check("samesite" in ck.lower(), "cookie SameSite: %r" % ck)
    r, l = lang_of("/", {"Cookie": "lang=en", "Accept-Language": "nl"})
    eq(l, "en", "cookie lang=en")
    check(r.header("Set-Cookie") is None, "cookie set again without ?lang")
    r, l = lang_of("/?lang=nl", {"Cookie": "lang=en", "Accept-Language": "en"})
    eq(l, "nl", "?lang=nl wins over cookie and header")
    check((r.header("Set-Cookie") or "").startswith("lang=nl"), "Set-Cookie lang=nl")
    r, l = lang_of("/?lang=xx", {"Accept-Language": "en"})
    eq(l, "en", "unknown ?lang ignored")
    check(r.header("Set-Cookie") is None, "cookie for unknown language")
    r, l = lang_of("/", {"Cookie": "lang=<script>"})
    eq(l, "nl", "bad cookie ignored")
    # The switch links point to the same page.
    doc = H.parse_html(srv.get("/melden").text)
    hrefs = [a.attrs.get("href") for a in doc.find_all("a")]
    check("/melden?lang=en" in hrefs, "no switch link /melden?lang=en in %r" % hrefs)
    # English texts, when the English catalogue is built.
    if os.path.exists(en_catalogue()):
        text = srv.get("/melden", headers={"Accept-Language": "en"}).text
        h1 = H.parse_html(text).find_all("h1")[0].text()
        check(h1.strip() != "Melding maken", "English form has the Dutch heading %r" % h1)
        text = srv.get("/", headers={"Accept-Language": "en"}).text
        H.not_contains(text, "Wat gebeurt er daarna?", "English home page")
    else:
        H.note("English catalogue %s not built: only the lang attribute was checked"
               % en_catalogue())


@test
def security_headers_on_every_route(srv):
    d, r, tok = submit(srv)
    extra = {
        "api-signal": srv.get("/api/v1/signals/" + tok),
        "healthz": srv.get("/healthz"),
        "areas": srv.get("/api/v1/areas?level=stadsdeel"),
        "head": srv.request("HEAD", "/"),
    }
    for kind, resp in list(SEEN.items()) + list(extra.items()):
        H.check_security_headers(resp, kind)
    for kind in ("home", "form", "303", "400form", "422form", "415", "confirm",
                 "track", "404", "404static", "404track", "405", "400query",
                 "css", "svg"):
        check(kind in SEEN, "no %r response was recorded" % kind)


@test
def post_melden_oversize_body(srv):
    # 70 KB form: 413 with the security headers, nothing stored, server up.
    with H.unchanged(srv):
        r = srv.post_form("/melden", "text=" + "x" * 70000 + "&buurt=AA01")
        eq(r.status, 413, "POST /melden with 70 KB")
    H.check_security_headers(r, "413")
    eq(srv.get("/healthz").status, 200, "healthz after 413")


@test
def keep_alive(srv):
    c = srv.conn()
    gets = ["/", "/melden", "/healthz", "/static/wijkagenda.css", "/kaart.svg",
            "/api/v1/areas?level=stadsdeel", "/api/v1/areas/AA01",
            "/api/v1/areas/lookup?lat=52.3731&lon=4.8926", "/bestaat-niet",
            "/m/abc", "/melden?lang=en", "/?lang=nl"] * 2
    gets = gets[:20]
    try:
        for p in gets:
            r = c.get(p)
            check(r.status in (200, 404), "%s -> %d" % (p, r.status))
        r = c.post_json("/api/v1/signals", {"text": H.uniq("ka"), "buurt": "AA01"})
        eq(r.status, 201, "API POST over keep-alive")
        r = c.post_form("/melden", {"text": H.uniq("ka"), "buurt": "AA01"})
        eq(r.status, 303, "form POST over keep-alive")
        r = c.post_form("/melden", {"text": "", "buurt": "AA01"})
        eq(r.status, 400, "form error over keep-alive")
        r = c.post_json("/api/v1/signals", {"text": ""})
        eq(r.status, 400, "API error over keep-alive")
        r = c.request("DELETE", "/melden")
        eq(r.status, 405, "405 over keep-alive")
        r = c.get("/healthz")
        eq(r.status, 200, "GET after the POSTs")
        r = c.request("HEAD", "/")
        eq(r.status, 200, "HEAD")
        r = c.get("/")
        eq(r.status, 200, "GET after HEAD")
    finally:
        c.close()
    for resp in c.responses:
        conn_hdr = (resp.header("Connection") or "").lower()
        check("close" not in conn_hdr, "a response said Connection: %s" % conn_hdr)
    socks = set(c.socks)
    eq(len(c.socks), 28, "requests made")
    eq(len(socks), 1, "sockets used for %d requests (%r)" % (len(c.socks), socks))


if __name__ == "__main__":
    H.main()
