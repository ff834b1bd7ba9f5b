"""The category suggestion (issue 17): GET /api/v1/categories/suggest,
the model in the database, triage's confirmation, and the report form's
second step without JavaScript.

A demo server (--demo): the suggest_train job trains the first model at
its first tick from the demo signals (too few are confirmed).  Checked:
a clear Dutch text gets its category with words it wrote, a text of
unknown words gets none; hostile input (no text, empty, too long, 1 MB,
invalid UTF-8, a NUL, unknown and many parameters) is a clear 400 (or the
server's header limit) and changes nothing; the rate limit answers 429;
the model row (version, source, figures); a model written by another
instance (a newer version in the database) is loaded, a corrupt one is
refused and the old one kept; triage's set-or-keep marks the signal
confirmed; the form asks "Klopt het onderwerp?" with the suggestion
chosen, and sending that step stores the report with the category.

    python3 tests/http/test_suggest.py --binary build/wijkagenda
"""
import base64
import json
import os
import struct
import sys
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

PATH = "/api/v1/categories/suggest"
LAMP = "De lantaarnpaal voor ons huis brandt al een week niet"
LAMP_CODE = "wegen-verkeer-straatmeubilair/straatverlichting-openbare-klok"
COORDINATOR = "coordinator@demo.wijkagenda.nl"
DEMO_PASSWORD = "demo-wachtwoord-2026"  # seed/demo_accounts.h
WEST_BUURT = "EK02"  # Amsterdam West: Stadsdeel West (demo) triages it


def suggest(srv, text, status=200):
    r = srv.get(PATH + "?text=" + urllib.parse.quote(text))
    eq(r.status, status, "status for %r (body %r)" % (text[:40], r.body[:300]))
    return r


def wait_for_model(srv, timeout=90):
    """The job trains at the server's first tick; wait for its model."""
    t0 = time.time()
    while time.time() - t0 < timeout:
        j = suggest(srv, LAMP).json()
        if j["suggestions"]:
            return j
        time.sleep(0.5)
    raise H.Failure("no suggestion within %d s; log:\n%s"
                    % (timeout, srv.log_text()[-2000:]))


@test
def suggests_with_words_it_wrote(srv):
    j = wait_for_model(srv)
    eq(list(j), ["suggestions"], "keys")
    eq(len(j["suggestions"]), 1, "one suggestion")
    s = j["suggestions"][0]
    eq(sorted(s), ["code", "confidence", "name", "words"], "keys of a suggestion")
    eq(s["code"], LAMP_CODE, "the category")
    eq(s["name"], "Straatverlichting / openbare klok", "its name")
    check(0 < s["confidence"] <= 1, "confidence %r" % s["confidence"])
    check(1 <= len(s["words"]) <= 3, "words %r" % s["words"])
    for w in s["words"]:
        check(w in LAMP, "word %r is in the text as written" % w)
    check("lantaarnpaal" in s["words"], "the word that says it: %r" % s["words"])
    for stop in ("De", "voor", "ons", "al", "een", "niet"):
        check(stop not in s["words"], "stop word %r is no reason" % stop)
    # as written: the capitals stay
    s = suggest(srv, "GROFVUIL naast de container").json()["suggestions"]
    eq(s[0]["code"], "afval/grofvuil", "grofvuil")
    check("GROFVUIL" in s[0]["words"], "the word as written: %r" % s[0]["words"])


@test
def nothing_when_not_confident(srv):
    wait_for_model(srv)
    for text in ("qwerty asdfgh zxcvb", "1234 5678", "ééé ßßß ☃☃"):
        eq(suggest(srv, text).json(), {"suggestions": []}, "for %r" % text)


@test
def hostile_input(srv):
    wait_for_model(srv)
    before = srv.checksum()
    for path, what in ((PATH, "no text"), (PATH + "?text=", "empty"),
                       (PATH + "?text=%20%20%0A", "only spaces"),
                       (PATH + "?text=" + "a" * 2001, "2001 characters"),
                       (PATH + "?text=" + "%C3%A9" * 2001, "2001 two-byte characters")):
        r = srv.get(path)
        H.check_json_error(r, 400, "text")
    # the query string's own check refuses these before the handler
    for path in (PATH + "?text=%FF%FEab", PATH + "?text=lamp%00kapot",
                 PATH + "?text=%E2%82"):
        H.check_json_error(srv.get(path), 400)
    eq(suggest(srv, "a" * 2000).status, 200, "2000 characters: the intake's limit")
    r = srv.get(PATH + "?text=lamp&kleur=rood")
    eq(r.status, 400, "an unknown parameter")
    r = srv.get(PATH + "?" + "&".join("text=lamp" for _ in range(200)))
    check(400 <= r.status < 500, "200 parameters: %d" % r.status)
    # 1 MB in the URL: past the server's header limit, refused before any handler
    try:
        r = srv.request("GET", PATH + "?text=" + "a" * (1 << 20), timeout=15,
                        raw_errors=True)
        check(400 <= r.status < 500, "1 MB text: %d" % r.status)
    except OSError:
        pass  # the server may close the connection instead
    eq(srv.get("/healthz").status, 200, "the server is up")
    eq(srv.request("POST", PATH, body="text=lamp",
                   headers={"Content-Type": "application/x-www-form-urlencoded"}).status,
       405, "POST is not the method")
    eq(srv.checksum(), before, "nothing changed")


@test
def rate_limited(srv):
    lim = H.Server(srv.binary, ["--rate-suggest", "3"])
    try:
        lim.start()
        for i in range(3):
            eq(lim.get(PATH + "?text=lamp").status, 200, "suggestion %d" % i)
        r = lim.get(PATH + "?text=lamp")
        H.check_json_error(r, 429)
        check(int(r.header("Retry-After")) >= 1, "Retry-After")
        eq(lim.get(PATH).status, 429, "bad input counts too")
    finally:
        lim.stop()
        lim.cleanup()


@test
def the_model_row(srv):
    wait_for_model(srv)
    rows = srv.query("SELECT municipality, version, source, examples, labels,"
                     " figures, model FROM category_models")
    eq(len(rows), 1, "one model")
    muni, version, source, examples, labels, figures, model = rows[0]
    eq((muni, version, source), ("GM0363", 1, "demo"), "municipality, version, source")
    check(examples > 50, "trained on %d demo signals" % examples)
    eq(labels, 0, "no confirmed signals yet")
    f = json.loads(figures)
    for k in ("top1", "top3", "baseline", "threshold", "precision", "coverage",
              "train", "test"):
        check(k in f, "figure %s in %r" % (k, f))
    check(f["top1"] >= f["baseline"], "better than the baseline: %r" % f)
    blob = base64.b64decode(model)
    eq(blob[:4], b"WACM", "the blob's magic")


def report_api(srv, text, category=None):
    body = {"kind": "melding", "text": text, "buurt": WEST_BUURT}
    if category:
        body["category"] = category
    r = srv.post_json("/api/v1/signals", body)
    eq(r.status, 201, "report (body %r)" % r.body[:300])
    token = r.json()["token"]
    (sid,), = srv.query("SELECT id FROM signals WHERE token = ?", (token,))
    return sid


def triage_category(srv, session, sid, category):
    s, csrf = session
    r = srv.request("POST", "/api/v1/triage/%d/category" % sid,
                    body=json.dumps({"category": category}),
                    headers={"Cookie": "sid=" + s, "X-CSRF-Token": csrf,
                             "Content-Type": "application/json"})
    eq(r.status, 200, "triage category (body %r)" % r.body[:300])


@test
def triage_confirms(srv):
    session = H.login(srv, COORDINATOR, DEMO_PASSWORD)
    kept = report_api(srv, H.uniq("Grofvuil bij de container"), "afval/grofvuil")
    changed = report_api(srv, H.uniq("Lamp kapot"), "afval/grofvuil")
    untouched = report_api(srv, H.uniq("Iets anders"), "afval/grofvuil")
    q = "SELECT category_code, category_confirmed_at FROM signals WHERE id = ?"
    eq(srv.query(q, (kept,))[0][1], None, "not confirmed before triage")
    triage_category(srv, session, kept, "afval/grofvuil")      # kept
    triage_category(srv, session, changed, LAMP_CODE)          # corrected
    c, at = srv.query(q, (kept,))[0]
    eq(c, "afval/grofvuil", "kept category")
    check(at, "kept: confirmed")
    c, at = srv.query(q, (changed,))[0]
    eq(c, LAMP_CODE, "corrected category")
    check(at, "corrected: confirmed")
    eq(srv.query(q, (untouched,))[0][1], None, "a resident's own choice is no label")


@test
def second_step_without_javascript(srv):
    wait_for_model(srv)
    text = LAMP + " " + H.uniq("x")
    fields = {"kind": "melding", "text": text, "buurt": "AA01"}
    r = srv.post_form("/melden", fields)
    eq(r.status, 200, "the second step (body %r)" % r.body[:300])
    doc = H.parse_html(r.text)
    sel = doc.by_id("f-category")
    check(sel is not None, "the category list")
    chosen = [o.attrs.get("value") for o in sel.find_all("option")
              if "selected" in o.attrs]
    eq(chosen, [LAMP_CODE], "the suggestion is chosen")
    hint = doc.by_id("f-category-hint")
    check(hint is not None and "Omdat u schreef" in hint.text()
          and "lantaarnpaal" in hint.text(), "the words: %r" % (hint and hint.text()))
    check("f-category-hint" in sel.attrs.get("aria-describedby", ""),
          "the list is described by why")
    eq(srv.query("SELECT count(*) FROM signals WHERE body = ?", (text,))[0][0], 0,
       "nothing stored yet")
    # the form of the step: send it as it is
    form = [f for f in doc.find_all("form") if f.attrs.get("action") == "/melden"][-1]
    sent = {i.attrs["name"]: i.attrs.get("value", "") for i in form.find_all("input")
            if i.attrs.get("name")}
    sent["category"] = LAMP_CODE
    r = srv.post_form("/melden", sent)
    eq(r.status, 303, "stored (body %r)" % r.body[:300])
    eq(srv.query("SELECT category_code FROM signals WHERE body = ?", (text,)),
       [(LAMP_CODE,)], "stored with the chosen category")
    # with a category chosen on the form, or nothing to suggest, the step
    # does not ask about the category ("Is het dit?" may still show
    # kwesties nearby)
    for f, what in ((dict(fields, text=LAMP + " " + H.uniq("y"),
                          category="afval/grofvuil"), "a chosen category"),
                    (dict(fields, text=LAMP + " " + H.uniq("z"), voorstel_getoond="1"),
                     "shown already by static/suggest.js"),
                    (dict(fields, text="qwerty asdfgh " + uuid.uuid4().hex),
                     "nothing to suggest")):
        r = srv.post_form("/melden", f)
        check(r.status == 303 or (r.status == 200 and "f-category-hint" not in r.text
                                  and "Is het dit?" in r.text),
              "%s: no question about the category (%d %s)" % (what, r.status, r.text[r.text.find("<h1"):r.text.find("<h1")+200]))


@test
def form_has_the_live_box(srv):
    r = srv.get("/melden")
    doc = H.parse_html(r.text)
    box = doc.by_id("f-category-suggest")
    check(box is not None, "the box")
    eq(box.attrs.get("aria-live"), "polite", "announced politely")
    check("hidden" in box.attrs, "hidden until it has something to say")
    check(doc.find_all("script", src="/static/suggest.js"), "the script")
    r = srv.get("/static/suggest.js")
    eq(r.status, 200, "the script is served")
    H.contains(r.text, PATH, "the script")
    r = srv.get(PATH + "?text=lamp")
    check("no-store" in r.header("Cache-Control", ""), "suggestions are not kept")


def blob(labels, terms, weights, threshold=0.5):
    """A model blob as text/classify.c writes it (version 1, dutch, LR):
    terms ascending, weights[t][c]."""
    out = [b"WACM", struct.pack("<IIIff", 1, 0, 1, 1.0, threshold),
           struct.pack("<II", len(labels), len(terms))]
    for lab in labels:
        b = lab.encode()
        out.append(struct.pack("<H", len(b)) + b)
    for t in terms:
        b = t.encode()
        out.append(struct.pack("<B", len(b)) + b + struct.pack("<f", 1.0))
    out.append(struct.pack("<%df" % len(labels), *([0.0] * len(labels))))
    for row in weights:
        out.append(struct.pack("<%df" % len(row), *row))
    return base64.b64encode(b"".join(out)).decode()


def put_model(srv, version, model):
    """As another instance writes it (harness: SQLite or PostgreSQL)."""
    c = H.sqlite3.connect(srv.db_path, timeout=10)
    try:
        c.execute("UPDATE category_models SET version = ?, model = ?"
                  " WHERE municipality = 'GM0363'", (version, model))
        c.commit()
    finally:
        c.close()


@test
def another_instances_model_is_loaded(srv):
    """Last: it replaces the demo model."""
    wait_for_model(srv)
    (v,), = srv.query("SELECT version FROM category_models")
    # a corrupt newer model: refused, the one in memory stays
    put_model(srv, v + 1, base64.b64encode(b"WACM\x01\x00\x00\x00garbage").decode())
    time.sleep(11)  # SUGGEST_CHECK_S
    s = suggest(srv, LAMP).json()["suggestions"]
    eq(s[0]["code"], LAMP_CODE, "the old model, after a corrupt one")
    check("suggest_model" in srv.log_text() and "refused" in srv.log_text(),
          "the refusal is logged")
    # a newer valid model: "lantaarnpaal" now means grofvuil
    put_model(srv, v + 2, blob(["afval/grofvuil", LAMP_CODE], ["lantaarnpal", "zzz"],
                               [[3.0, -3.0], [0.0, 0.0]]))
    t0 = time.time()
    while time.time() - t0 < 30:
        s = suggest(srv, LAMP).json()["suggestions"]
        if s and s[0]["code"] == "afval/grofvuil":
            break
        time.sleep(1)
    eq(s[0]["code"], "afval/grofvuil", "the newer model is used")
    eq(s[0]["words"], ["lantaarnpaal"], "its word")



if __name__ == "__main__":
    H.main(extra_args=["--demo", "--rate-suggest", "0"])
