"""Privacy: contact data given with a signal never come back on any public
route, in any header, nor in the server's log; the log holds route
patterns, never tracking tokens.

    python3 tests/http/test_privacy.py --binary build/wijkagenda
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

EMAIL_API = "geheim-12345@example.org"
PHONE_API = "0612345678"
EMAIL_FORM = "geheim-67890@example.org"
PHONE_FORM = "06-87654321"
SECRETS = [EMAIL_API, "geheim-12345", PHONE_API, "612345678",
           EMAIL_FORM, "geheim-67890", PHONE_FORM, "87654321"]

STATE = {"tokens": [], "texts": [], "responses": []}


def scan(r, what):
    """No secret in the body or any header of r."""
    STATE["responses"].append((what, r))
    blob = r.body.decode("utf-8", "replace") + "\n" + r.raw_headers()
    for s in SECRETS:
        if s in blob:
            i = blob.find(s)
            raise H.Failure("%s leaks %r: ...%r..." % (what, s, blob[max(0, i - 80):i + 80]))


@test
def submit_with_contact_data(srv):
    t = H.uniq("privacy-api")
    body = {"text": t, "buurt": "AA01", "email": EMAIL_API, "phone": PHONE_API,
            "age_band": "65-79", "category": "afval/grofvuil"}
    r = srv.post_json("/api/v1/signals", body)
    eq(r.status, 201, "API create (body %r)" % r.body[:200])
    scan(r, "POST /api/v1/signals 201")
    STATE["tokens"].append(r.json()["token"])
    STATE["texts"].append(t)
    r = srv.post_json("/api/v1/signals", body)
    eq(r.status, 200, "API replay")
    scan(r, "POST /api/v1/signals 200 (replay)")
    t = H.uniq("privacy-form")
    r = srv.post_form("/melden", {"kind": "melding", "text": t, "buurt": "",
                                  "lat": "52.373100", "lon": "4.892600",
                                  "email": EMAIL_FORM, "phone": PHONE_FORM,
                                  "age_band": "80+",
                                  # straight on: no "Is het dit?" step (a
                                  # category suggestion once a model exists)
                                  "anders": "1"})
    eq(r.status, 303, "form POST (body %r)" % r.body[:300])
    scan(r, "POST /melden 303")
    tok = r.header("Location").split("/m/")[1].split("?")[0]
    STATE["tokens"].append(tok)
    STATE["texts"].append(t)
    # both are really stored, apart from the signal
    for tok, email in zip(STATE["tokens"], (EMAIL_API, EMAIL_FORM)):
        rows = srv.query("SELECT c.email FROM signal_contacts c JOIN signals s"
                         " ON s.id = c.signal_id WHERE s.token = ?", (tok,))
        eq(rows, [(email,)], "stored contact of %s" % tok)


@test
def contact_data_not_in_signals_table(srv):
    # The signals table (read by every public query) holds no contact data,
    # not even inside the dedupe key.
    rows = srv.query("SELECT * FROM signals")
    check(rows, "no signals")
    blob = repr(rows)
    for s in SECRETS:
        H.not_contains(blob, s, "signals table")


SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "web")
ROUTE = re.compile(r'\{"GET", "([^"]+)", \w+, AZ_PUBLIC\}')


def table_paths():
    """Every public GET route of the route table (src/web/routes.c and the
    .inc files it includes), with sample values for its parameters: a new
    public route is covered without anyone remembering to add it here."""
    out = []
    for name in sorted(os.listdir(SRC)):
        if name == "routes.c" or (name.startswith("routes_") and name.endswith(".inc")):
            with open(os.path.join(SRC, name), encoding="utf-8") as f:
                out += ROUTE.findall(f.read())
    check(len(out) >= 10, "found only %d public routes in %s" % (len(out), SRC))
    tok = STATE["tokens"][0] if STATE["tokens"] else "A" * 22
    sample = {"{token}": tok, "{code}": "AA01", "{name}": "wijkagenda.css",
              "{id}": "1", "{org}": "1"}
    paths = []
    for p in out:
        for k, v in sample.items():
            p = p.replace(k, v)
        paths.append(re.sub(r"\{[a-z_]+\}", "1", p))
    return paths


def public_paths():
    paths = table_paths() + ["/", "/melden", "/melden?buurt=AA01", "/healthz",
             "/static/wijkagenda.css", "/kaart.svg", "/bestaat-niet",
             "/api/v1/areas/AA01?geometry=true", "/api/v1/areas/A",
             "/api/v1/areas/lookup?lat=52.3731&lon=4.8926", "/m/" + "A" * 22,
             "/api/v1/signals/" + "A" * 22, "/api/v1/bestaat-niet"]
    for lvl in ("buurt", "wijk", "gebied", "stadsdeel", "gemeente"):
        paths.append("/api/v1/areas?level=" + lvl)
    for tok in STATE["tokens"]:
        paths += ["/m/" + tok, "/m/%s?nieuw=1" % tok, "/api/v1/signals/" + tok,
                  "/m/%s?lang=en" % tok]
    return paths


@test
def no_contact_data_on_public_routes(srv):
    check(len(STATE["tokens"]) == 2, "the submissions failed")
    n = 0
    c = srv.conn()
    try:
        for headers in ({}, {"Accept-Language": "en"}):
            for p in public_paths():
                r = c.get(p, headers=headers)
                check(r.status < 500, "%s -> %d" % (p, r.status))
                scan(r, "GET %s %r" % (p, headers))
                n += 1
            for p in ("/melden", "/api/v1/signals", "/m/" + STATE["tokens"][0]):
                r = c.request("DELETE", p, headers=headers)
                scan(r, "DELETE %s" % p)
    finally:
        c.close()
    H.note("%d public GET responses scanned for contact data" % n)


@test
def signal_pages_are_private(srv):
    for tok in STATE["tokens"]:
        for p in ("/m/" + tok, "/m/%s?nieuw=1" % tok, "/api/v1/signals/" + tok):
            r = srv.get(p)
            eq(r.status, 200, p)
            eq(r.header("Cache-Control"), "private, no-store", "Cache-Control of %s" % p)
            rp = (r.header("Referrer-Policy") or "").strip().lower()
            check(rp in ("no-referrer", "same-origin"),
                  "%s: Referrer-Policy %r lets the token leak in Referer" % (p, rp))


@test
def tracking_page_shows_no_contact(srv):
    # The confirmation may say that contact data were received, but never
    # shows them; the API JSON has no contact keys at all.
    for tok in STATE["tokens"]:
        j = srv.get("/api/v1/signals/" + tok).json()
        for k in ("email", "phone", "age_band", "contact", "contacts"):
            check(k not in j, "signal JSON has key %r" % k)
        H.not_contains(repr(j), "65-79", "signal JSON")


@test(after_stop=True)
def log_has_no_contact_data_nor_tokens(srv):
    log = srv.log_text()
    check("event=request" in log, "no request lines in the log")
    for s in SECRETS:
        H.not_contains(log, s, "server log")
    for tok in STATE["tokens"]:
        H.not_contains(log, tok, "server log")
    for t in STATE["texts"]:
        H.not_contains(log, t, "server log")
    lines = [l for l in srv.log_lines() if l.get("event") == "request"]
    routes = {l.get("route") for l in lines}
    check("/m/{token}" in routes, "tracking route not logged as a pattern: %r" % routes)
    check("/api/v1/signals/{token}" in routes, "API signal route not logged: %r" % routes)
    for l in lines:
        r = l.get("route", "")
        check(r == "-" or r.startswith("/"), "odd route %r in %r" % (r, l["_raw"]))
        check("?" not in r, "query string logged: %r" % l["_raw"])
    H.not_contains(log, "lat=52", "server log")


if __name__ == "__main__":
    H.main(extra_args=["--demo"])
