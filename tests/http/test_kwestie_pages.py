"""The public pages of kwesties (issue 12): the bewonersagenda of an area
at every level (/agenda/{code}), the public kwestie page (/kwesties/{id})
with its support form (POST /kwesties/{id}/steun), and what a resident's
tracking page (/m/{token}) and its JSON tell of the signal's kwestie.

Kwesties are made as a professional would, through the JSON API with the
demo medewerker of Stadsdeel West (cookie plus X-CSRF-Token); residents
report through the JSON intake with an e-mail address and a phone
number, so the tests can look for them where they must never be.

    python3 tests/http/test_kwestie_pages.py --binary build/wijkagenda
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, contains, eq, not_contains, test  # noqa: E402

DEMO_PW = "demo-wachtwoord-2026"  # src/seed/demo_accounts.h
MEDEWERKER = "medewerker@demo.wijkagenda.nl"
WEST = "Stadsdeel West (demo)"
RESIDENT = "bewoner.kwestie@example.org"
PHONE = "0612345678"
SECRET = "Geheimzinnig-%s" % os.getpid()  # in every signal text
CATEGORY = "afval/grofvuil"
S = {}


# --------------------------------------------------------------------------
# helpers

def api(srv, method, path, obj=None):
    sid, csrf = S["session"]
    return srv.request(method, path, body=json.dumps(obj) if obj is not None else None,
                       headers={"Cookie": "sid=" + sid, "X-CSRF-Token": csrf,
                                "Content-Type": "application/json"})


def report(srv, buurt, what):
    r = srv.post_json("/api/v1/signals", {
        "text": "%s: %s ligt hier al weken" % (SECRET, what), "buurt": buurt,
        "category": CATEGORY, "email": RESIDENT, "phone": PHONE})
    eq(r.status, 201, "report in %s (body %r)" % (buurt, r.body[:300]))
    tok = r.json()["token"]
    return tok, srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]


# The theme of the kwesties whose roll-up this test follows: one the demo
# data of `serve --demo` does not use in West's buurten, so the counts are
# this test's own.
THEME = "vrijetijd"


def create(srv, title, area, level, signals=(), status="opgepakt", theme=None):
    body = {"title": title, "description": "Beschrijving van %s voor bewoners." % title,
            "area": area, "level": level,
            "level_reason": "Omdat het op niveau %s speelt." % level,
            "signals": list(signals), "status": status,
            "chain": [{"organisation": S["west"], "role": "regisseur"}]}
    if theme:
        body["theme"] = theme
    r = api(srv, "POST", "/api/v1/kwesties", body)
    eq(r.status, 201, "create %r (body %r)" % (title, r.body[:400]))
    return r.json()


def page(srv, path, status=200, headers=None):
    r = srv.get(path, headers=headers)
    eq(r.status, status, "GET %s (body %r)" % (path, r.body[:300]))
    S.setdefault("pages", []).append((path, r.text))
    return r, H.parse_html(r.text)


def main_of(doc):
    m = doc.find_all("main")
    check(m, "a <main>")
    return m[0]


def section(doc, heading):
    """The nodes after the h2 with this text, up to the next h2 (siblings
    inside <main>)."""
    out, on = [], False
    for n in main_of(doc).children:
        if n.tag == "h2":
            on = n.text().strip() == heading
            continue
        if on:
            out.append(n)
    return out


def items(nodes):
    """The list items (each an <li> with an h3 link) among nodes."""
    return [li for n in nodes for li in n.find_all("li") if li.find_all("h3")]


def item_links(nodes):
    return [li.find_all("a")[0].attrs["href"] for li in items(nodes)]


def terms(node):
    """{dt text: dd text} of the first <dl> under node."""
    dl = node.find_all("dl")[0]
    dts = [n.text().strip() for n in dl.find_all("dt")]
    dds = [n.text().strip() for n in dl.find_all("dd")]
    return dict(zip(dts, dds))


def form_token(srv, kid):
    """GET the kwestie page: its lc cookie and the form's csrf field."""
    r = srv.get("/kwesties/%d" % kid)
    eq(r.status, 200, "kwestie page")
    lc = H.cookies(r).get("lc")
    check(lc, "the page sets the form's token cookie")
    check("no-store" in (r.header("Cache-Control") or ""),
          "the page with a form token is not cached: %r" % r.header("Cache-Control"))
    return lc, H.csrf_of(r)


def support(srv, kid, email=None, token=True):
    fields = {}
    headers = {}
    if token:
        lc, csrf = form_token(srv, kid)
        fields["csrf"] = csrf
        headers["Cookie"] = "lc=" + lc
    if email is not None:
        fields["email"] = email
    return srv.post_form("/kwesties/%d/steun" % kid, fields, headers=headers)


def supporters(srv, kid):
    return srv.query("SELECT COUNT(*) FROM kwestie_supporters WHERE kwestie_id = ?",
                     (kid,))[0][0]


# --------------------------------------------------------------------------
# set-up: two buurten of stadsdeel West in two wijken, a signal in each

@test
def set_up(srv):
    S["session"] = H.login(srv, MEDEWERKER, DEMO_PW)
    S["west"] = srv.query("SELECT id FROM organisations WHERE name = ?", (WEST,))[0][0]
    rows = srv.query("SELECT b.code, b.name, b.parent_code FROM areas b"
                     " JOIN areas w ON w.code = b.parent_code"
                     " JOIN areas g ON g.code = w.parent_code"
                     " WHERE b.level = 'buurt' AND g.parent_code = 'E'"
                     " ORDER BY b.code")
    b1 = rows[0]
    b2 = [r for r in rows if r[2] != b1[2]][0]  # another wijk
    S["b1"], S["b2"] = b1, b2
    S["t1"], S["s1"] = report(srv, b1[0], "grofvuil")
    S["t2"], S["s2"] = report(srv, b2[0], "een bank")
    S["t3"], S["s3"] = report(srv, b1[0], "een matras")  # in no kwestie


# --------------------------------------------------------------------------
# the agenda

@test
def buurt_agenda_shows_its_kwestie(srv):
    k = create(srv, "Grofvuil bij de containers", S["b1"][0], "buurt", [S["s1"]],
               theme=THEME)
    S["k1"] = k["id"]
    r, doc = page(srv, "/agenda/%s" % S["b1"][0])
    eq(H.html_lang(r.text), "nl", "lang")
    eq(doc.find_all("h1")[0].text().strip(), S["b1"][1], "h1 is the buurt's name")
    own = section(doc, "Op de agenda")
    eq(item_links(own), ["/kwesties/%d" % k["id"]], "the buurt's own kwestie")
    li = items(own)[0]
    eq(li.find_all("a")[0].text().strip(), "Grofvuil bij de containers", "title")
    t = terms(li)
    eq(t.get("Niveau"), "Buurt", "level label")
    eq(t.get("Regisseur"), WEST, "regisseur")
    eq(t.get("Status"), "Opgepakt", "status label")
    eq(t.get("Bewoners betrokken"), "1", "residents: one signal, no supporter")
    trail = doc.find_all("nav", aria_label="Hogere niveaus")
    check(trail, "the way up")
    hrefs = [a.attrs.get("href") for a in trail[0].find_all("a")]
    for code in ("GM0363", "E", S["b1"][2]):
        check("/agenda/%s" % code in hrefs, "a link up to /agenda/%s in %r" % (code, hrefs))
    eq(section(doc, "Agenda's binnen dit gebied"), [], "nothing below a buurt")


@test
def stadsdeel_agenda_rolls_up_themes_across_buurten(srv):
    k3 = create(srv, "Te weinig plekken voor grofvuil in West", "E", "stadsdeel")
    S["k3"] = k3["id"]
    _, doc = page(srv, "/agenda/E")
    own = section(doc, "Op de agenda")
    links = item_links(own)
    check("/kwesties/%d" % k3["id"] in links, "the stadsdeel's own kwestie: %r" % links)
    check("/kwesties/%d" % S["k1"] not in links,
          "a kwestie tackled at buurt level is not on the stadsdeel's own list")
    eq([t for t in srv.get("/api/v1/areas/E/agenda").json()["themes"]
        if t["theme"] == THEME], [], "one buurt with the theme is no recurring theme yet")
    # a second buurt with the same theme: now it rolls up
    S["k2"] = create(srv, "Een bank bij de container", S["b2"][0], "buurt", [S["s2"]],
                     theme=THEME)["id"]
    _, doc = page(srv, "/agenda/E")
    label = [t["label"] for t in srv.get("/api/v1/areas/E/agenda").json()["themes"]
             if t["theme"] == THEME and t["areas"] == 2]
    check(label, "the JSON agenda names the theme of two buurten")
    themes = [li.text().strip() for n in section(doc, "Speelt in meerdere buurten")
              for li in n.find_all("li")]
    check("%s speelt in 2 buurten" % label[0] in themes,
          "roll-up %r in %r" % (label[0], themes))
    # the way down: the gebieden of West, each to its agenda
    want = sorted("/agenda/%s" % c for (c,) in
                  srv.query("SELECT code FROM areas WHERE parent_code = 'E'"))
    got = sorted(a.attrs["href"] for n in section(doc, "Agenda's binnen dit gebied")
                 for a in n.find_all("a"))
    eq(got, want, "links down to the gebieden of West")
    # the city rolls up the same, and leads down to its stadsdelen; a
    # kwestie tackled at stadsdeel level is not on the city's own list
    _, doc = page(srv, "/agenda/GM0363")
    themes = [li.text().strip() for n in section(doc, "Speelt in meerdere buurten")
              for li in n.find_all("li")]
    check("%s speelt in 2 buurten" % label[0] in themes, "city roll-up %r" % themes)
    check("/kwesties/%d" % k3["id"] not in item_links(section(doc, "Op de agenda")),
          "a stadsdeel's kwestie is not on the city's own list")
    want = sorted("/agenda/%s" % c for (c,) in
                  srv.query("SELECT code FROM areas WHERE parent_code = 'GM0363'"))
    got = sorted(a.attrs["href"] for n in section(doc, "Agenda's binnen dit gebied")
                 for a in n.find_all("a"))
    eq(got, want, "links down to the stadsdelen")
    eq(doc.find_all("nav", aria_label="Hogere niveaus"), [], "nothing above the city")
    # and English
    r, doc = page(srv, "/agenda/E?lang=en")
    eq(H.html_lang(r.text), "en", "lang=en")
    contains(r.text, "%s plays in 2 neighbourhoods" % label[0])  # English label as given


@test
def buurt_agenda_shows_what_plays_above(srv):
    _, doc = page(srv, "/agenda/%s" % S["b1"][0])
    above = section(doc, "Speelt ook op een hoger niveau")
    check("/kwesties/%d" % S["k3"] in item_links(above),
          "the stadsdeel's kwestie is listed above the buurt: %r" % item_links(above))
    eq(terms(items(above)[0]).get("Niveau"), "Stadsdeel", "its level label")


@test
def supporters_count_as_residents_on_the_agenda(srv):
    before = supporters(srv, S["k1"])
    r = support(srv, S["k1"], "agenda.steun@example.org")
    eq(r.status, 303, "support (body %r)" % r.body[:300])
    eq(supporters(srv, S["k1"]), before + 1, "one supporter more")
    _, doc = page(srv, "/agenda/%s" % S["b1"][0])
    li = [x for x in items(section(doc, "Op de agenda"))
          if x.find_all("a")[0].attrs["href"] == "/kwesties/%d" % S["k1"]][0]
    eq(terms(li).get("Bewoners betrokken"), str(1 + before + 1),
       "residents = signals + supporters")


@test
def unknown_area_is_404(srv):
    for code in ("XX99", "e", "%3Cscript%3E"):
        r, doc = page(srv, "/agenda/%s" % code, status=404)
        check(r.header("Content-Type", "").startswith("text/html"), "an HTML page")
        eq(H.html_lang(r.text), "nl", "lang of the 404 page")
        contains(r.text, "Dit gebied bestaat niet.")
        not_contains(r.text, "<script>")


# --------------------------------------------------------------------------
# the kwestie page

@test
def kwestie_page_shows_everything_but_personal_data(srv):
    k = S["k1"]
    r, doc = page(srv, "/kwesties/%d" % k)
    eq(H.html_lang(r.text), "nl", "lang")
    eq(doc.find_all("h1")[0].text().strip(), "Grofvuil bij de containers", "h1")
    contains(r.text, "Beschrijving van Grofvuil bij de containers voor bewoners.")
    where = terms(section(doc, "Waar en op welk niveau")[0])
    check(S["b1"][1] in where.get("Gebied", ""), "area %r" % where)
    eq(where.get("Aangepakt op niveau"), "Buurt", "level")
    eq(where.get("Waarom op dit niveau"), "Omdat het op niveau buurt speelt.", "reason")
    check(doc.find_all("a", href="/agenda/%s" % S["b1"][0]), "a link to the area's agenda")
    status = [n for n in main_of(doc).children if "wa-status" in n.attrs.get("class", "")]
    check(status and "Opgepakt" in status[0].text(), "status label")
    chain = section(doc, "Wie doet wat")
    links = [(a.attrs["href"], a.text().strip()) for n in chain for a in n.find_all("a")]
    eq(links, [("/sociale-kaart/organisaties/%d" % S["west"], WEST)], "the chain")
    check("Regisseur" in chain[0].text(), "the role label")
    counts = terms(section(doc, "Bewoners")[0])
    eq(counts.get("Meldingen"), "1", "signals")
    eq(counts.get("Bewoners die dit steunen"), str(supporters(srv, k)), "supporters")
    hist = section(doc, "Wat er is gebeurd")
    rows = [tr for n in hist for tr in n.find_all("tr")][1:]
    check(rows, "a history")
    cells = [td.text().strip() for td in rows[0].find_all("td")]
    eq(cells[1], WEST, "who: the organisation")
    check(cells[2].startswith("Kwestie op de agenda gezet"), "what: %r" % cells[2])
    check(cells[2].endswith("Reden: Omdat het op niveau buurt speelt."), "why: %r" % cells[2])
    check(doc.find_all("form", action="/kwesties/%d/steun" % k), "the support form")
    label = [lb for lb in doc.find_all("label") if lb.attrs.get("for") == "f-email"]
    check(label, "the e-mail field has its label")


@test
def pages_offer_to_follow_by_email(srv):
    """The kwestie page and every agenda carry the follow form
    (views/follower.c), posting to the routes of web/follower.c."""
    k = S["k2"]
    _, doc = page(srv, "/kwesties/%d" % k)
    forms = doc.find_all("form", action="/kwesties/%d/volgen" % k)
    eq(len(forms), 1, "one follow form on the open kwestie's page")
    check(forms[0].find_all("input", type="email", name="email"), "its e-mail field")
    for code in ("E", S["b2"][0], "GM0363"):
        _, doc = page(srv, "/agenda/%s" % code)
        eq(len(doc.find_all("form", action="/agenda/%s/volgen" % code)), 1,
           "the follow form on /agenda/%s" % code)
    # and it works from there: the confirmation mail is queued
    n = srv.query("SELECT COUNT(*) FROM followers")[0][0]
    r = srv.post_form("/kwesties/%d/volgen" % k, {"email": "volger-pagina@example.org"})
    eq(r.status, 200, "follow from the page (body %r)" % r.body[:300])
    eq(srv.query("SELECT COUNT(*) FROM followers")[0][0], n + 1, "one follower row")


@test
def closed_kwestie_shows_its_outcome_not_the_form(srv):
    k = S["k2"]
    v = api(srv, "GET", "/api/v1/kwesties/%d" % k).json()["version"]
    r = api(srv, "PATCH", "/api/v1/kwesties/%d" % k,
            {"version": v, "status": "afgerond", "outcome": "deels_opgelost"})
    eq(r.status, 200, "close (body %r)" % r.body[:300])
    r, doc = page(srv, "/kwesties/%d" % k)
    status = [n for n in main_of(doc).children if "wa-status" in n.attrs.get("class", "")]
    text = status[0].text()
    check("Afgerond" in text and "Deels opgelost" in text,
          "closed with its outcome: %r" % text)
    eq(doc.find_all("form", action="/kwesties/%d/steun" % k), [], "no support form")
    eq(doc.find_all("form", action="/kwesties/%d/volgen" % k), [], "no follow form")
    rows = [tr for n in section(doc, "Wat er is gebeurd") for tr in n.find_all("tr")]
    check(any("Afgerond (Deels opgelost)" in tr.text() for tr in rows),
          "the history says how it ended")
    # a closed kwestie is off the agenda
    _, doc = page(srv, "/agenda/%s" % S["b2"][0])
    check("/kwesties/%d" % k not in item_links(section(doc, "Op de agenda")),
          "closed: not on the agenda")


@test
def merged_kwestie_points_to_the_other(srv):
    a = create(srv, "Grofvuil op de hoek", S["b1"][0], "buurt")
    b = create(srv, "Grofvuil in de straat", S["b1"][0], "buurt")
    r = api(srv, "POST", "/api/v1/kwesties/%d/merge" % a["id"],
            {"into": b["id"], "version": a["version"]})
    eq(r.status, 200, "merge (body %r)" % r.body[:300])
    r, doc = page(srv, "/kwesties/%d" % a["id"])
    notes = [n for n in main_of(doc).children if n.attrs.get("role") == "note"]
    check(notes, "a pointer panel")
    contains(notes[0].text(), "samengevoegd")
    eq([x.attrs["href"] for x in notes[0].find_all("a")], ["/kwesties/%d" % b["id"]],
       "the pointer links to the kwestie it was merged into")
    check("Dubbel" in r.text, "its outcome is shown")
    eq(doc.find_all("form", action="/kwesties/%d/steun" % a["id"]), [], "no form")
    # the other names it in its history
    r, _ = page(srv, "/kwesties/%d" % b["id"])
    contains(r.text, "Kwestie #%d is hierin opgegaan" % a["id"])
    # supporting the merged one is refused with the reason, nothing changes
    lc, csrf = form_token(srv, S["k1"])  # the browser's token, from an open one
    with H.unchanged(srv):
        r = srv.post_form("/kwesties/%d/steun" % a["id"], {"csrf": csrf},
                          headers={"Cookie": "lc=" + lc})
    eq(r.status, 422, "support of a merged kwestie")
    contains(r.text, "samengevoegd met een andere")


@test
def unknown_kwestie_is_404(srv):
    for path in ("/kwesties/999999", "/kwesties/0", "/kwesties/abc",
                 "/kwesties/99999999999999999999"):
        r, _ = page(srv, path, status=404)
        contains(r.text, "Deze kwestie bestaat niet.")
    lc, csrf = form_token(srv, S["k1"])
    with H.unchanged(srv):
        r = srv.post_form("/kwesties/999999/steun", {"csrf": csrf},
                          headers={"Cookie": "lc=" + lc})
    eq(r.status, 404, "support of an unknown kwestie")


# --------------------------------------------------------------------------
# support

@test
def support_twice_from_one_address_counts_once(srv):
    k = S["k1"]
    before = supporters(srv, k)
    r = support(srv, k, "Twee.Keer@Example.org")
    eq(r.status, 303, "first support (body %r)" % r.body[:300])
    eq(r.header("Location"), "/kwesties/%d?steun=1" % k, "back to the page")
    r, doc = page(srv, r.header("Location"))
    status = [n for n in doc.iter() if n.attrs.get("role") == "status"]
    check(status and "steun is geteld" in status[0].text(), "the thank-you notice")
    eq(terms(section(doc, "Bewoners")[0]).get("Bewoners die dit steunen"),
       str(before + 1), "counted")
    not_contains(r.text.lower(), "twee.keer@example.org")
    # the same address again, written otherwise: the same answer, no count
    r = support(srv, k, "  twee.keer@example.org ")
    eq(r.status, 303, "second support")
    eq(r.header("Location"), "/kwesties/%d?steun=1" % k,
       "the same answer, so the page tells nobody who supports what")
    eq(supporters(srv, k), before + 1, "counted once")
    r, doc = page(srv, "/kwesties/%d" % k)
    eq(terms(section(doc, "Bewoners")[0]).get("Bewoners die dit steunen"),
       str(before + 1), "the page counts it once")
    # and the JSON support of the same address is "already" (200)
    r = srv.post_json("/api/v1/kwesties/%d/support" % k, {"email": "twee.keer@example.org"})
    eq(r.status, 200, "the API sees the same supporter")


@test
def support_with_a_bad_address_shows_the_field_error(srv):
    k = S["k1"]
    lc, csrf = form_token(srv, k)
    with H.unchanged(srv):
        r = srv.post_form("/kwesties/%d/steun" % k, {"csrf": csrf, "email": "geen-adres"},
                          headers={"Cookie": "lc=" + lc})
    eq(r.status, 400, "bad e-mail")
    doc = H.parse_html(r.text)
    field = doc.by_id("f-email")
    check(field is not None, "the field is there again")
    eq(field.attrs.get("aria-invalid"), "true", "marked invalid")
    eq(field.attrs.get("value"), "geen-adres", "what was typed, shown again")
    check(doc.by_id("f-email-error") is not None, "the message next to the field")
    check([a for a in doc.find_all("a") if a.attrs.get("href") == "#f-email"],
          "the summary links to the field")


@test
def support_needs_the_form_token(srv):
    k = S["k1"]
    lc, csrf = form_token(srv, k)
    for fields, cookie in (({"email": "x@example.org"}, None),
                           ({"email": "x@example.org", "csrf": csrf}, None),
                           ({"email": "x@example.org", "csrf": csrf},
                            "lc=" + H.new_token())):
        with H.unchanged(srv):
            r = srv.post_form("/kwesties/%d/steun" % k, fields,
                              headers={"Cookie": cookie} if cookie else {})
        eq(r.status, 403, "without a matching token (%r, %r)" % (fields, cookie))
        contains(r.text, "Het formulier is verlopen")


@test
def support_is_rate_limited(srv):
    s2 = H.Server(srv.binary, ["--demo", "--rate-intake", "2"]).start(60)
    try:
        S["session"], keep = H.login(s2, MEDEWERKER, DEMO_PW), S["session"]
        try:
            S["west"], west = s2.query("SELECT id FROM organisations WHERE name = ?",
                                       (WEST,))[0][0], S["west"]
            k = create(s2, "Grofvuil, beperkt", S["b1"][0], "buurt")["id"]
        finally:
            S["session"], S["west"] = keep, west
        codes = [support(s2, k).status for _ in range(3)]
        eq(codes[:2], [303, 303], "two supports within the limit (%r)" % codes)
        eq(codes[2], 429, "the third is limited (%r)" % codes)
        r = support(s2, k)
        eq(r.status, 429, "still limited")
        check((r.header("Retry-After") or "").isdigit(), "Retry-After: %r"
              % r.header("Retry-After"))
    finally:
        s2.stop()
        s2.cleanup()


# --------------------------------------------------------------------------
# the resident's tracking page and its JSON

@test
def tracking_page_shows_the_kwestie(srv):
    r, doc = page(srv, "/m/%s" % S["t1"])
    kw = items(section(doc, "De kwestie van deze melding"))
    eq(len(kw), 1, "one kwestie")
    a = kw[0].find_all("a")[0]
    eq(a.attrs["href"], "/kwesties/%d" % S["k1"], "linked")
    eq(a.text().strip(), "Grofvuil bij de containers", "its title")
    t = terms(kw[0])
    eq((t.get("Niveau"), t.get("Regisseur"), t.get("Status")),
       ("Buurt", WEST, "Opgepakt"), "level, regisseur, status")
    j = srv.get("/api/v1/signals/%s" % S["t1"]).json()
    eq(j["kwesties"], [{"id": S["k1"], "title": "Grofvuil bij de containers",
                        "level": "buurt", "regisseur": WEST, "status": "opgepakt",
                        "outcome": None}], "JSON kwesties")
    eq(j["outcome"], None, "open: no outcome")
    eq(j["status"], "opgepakt", "the signal follows its kwestie")
    for key in ("token", "url", "kind", "text", "areas", "category", "created_at"):
        check(key in j, "the existing field %r is kept" % key)


@test
def tracking_page_of_a_closed_kwestie_shows_the_outcome(srv):
    r, doc = page(srv, "/m/%s" % S["t2"])
    status = [n for n in main_of(doc).children if "wa-status" in n.attrs.get("class", "")]
    check("Afgerond" in status[0].text(), "the signal's own status")
    facts = terms(main_of(doc))
    eq(facts.get("Uitkomst"), "Deels opgelost", "the signal's outcome")
    t = terms(items(section(doc, "De kwestie van deze melding"))[0])
    eq((t.get("Status"), t.get("Uitkomst")), ("Afgerond", "Deels opgelost"),
       "the kwestie's status and outcome")
    j = srv.get("/api/v1/signals/%s" % S["t2"]).json()
    eq(j["outcome"], "deels_opgelost", "JSON outcome")
    eq((j["kwesties"][0]["status"], j["kwesties"][0]["outcome"]),
       ("afgerond", "deels_opgelost"), "JSON kwestie")


@test
def tracking_page_of_a_signal_in_no_kwestie(srv):
    r, doc = page(srv, "/m/%s" % S["t3"])
    contains(r.text, "hoort nog niet bij een kwestie")
    j = srv.get("/api/v1/signals/%s" % S["t3"]).json()
    eq((j["kwesties"], j["outcome"]), ([], None), "JSON: none")
    r = srv.post_json("/api/v1/signals", {"text": "%s: nog een melding" % SECRET,
                                          "buurt": S["b1"][0]})
    eq(r.status, 201, "a new report")
    eq((r.json()["kwesties"], r.json()["outcome"]), ([], None),
       "the create answer has the same shape")


# --------------------------------------------------------------------------
# privacy, over every public page fetched above

@test
def no_personal_data_on_public_pages(srv):
    pages = [(p, t) for p, t in S.get("pages", []) if not p.startswith("/m/")]
    check(len(pages) >= 10, "pages were looked at (%d)" % len(pages))
    for path, text in pages:
        low = text.lower()
        for bad in (RESIDENT, PHONE, SECRET.lower(), MEDEWERKER, "@example.org"):
            check(bad.lower() not in low, "%s shows %r" % (path, bad))
    # the resident's own page shows their text, never their contact data
    for path, text in S["pages"]:
        if path.startswith("/m/"):
            for bad in (RESIDENT, PHONE):
                check(bad not in text, "%s shows %r" % (path, bad))
    j = srv.get("/api/v1/signals/%s" % S["t1"]).text
    for bad in (RESIDENT, PHONE):
        check(bad not in j, "the signal's JSON shows %r" % bad)


if __name__ == "__main__":
    H.main(extra_args=["--demo"])
