"""The social map (sociale kaart) against the real binary with --demo:
the public search in Dutch (stemming, the area chain up to the whole city
and not sideways, ranking by scale level, filters), hostile search text,
the service and organisation pages, escaping, and coordinators editing
their own organisation's services (one audit entry per changed field,
403/404 for other organisations' services).

    python3 tests/http/test_sociale_kaart.py --binary build/wijkagenda
"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import cookies, csrf_of  # noqa: E402
from harness import check, contains, eq, not_contains, test  # noqa: E402

PASSWORD = "een-lang-genoeg-wachtwoord"
LEVELS = ("In uw buurt", "In uw wijk", "In uw gebied", "In uw stadsdeel",
          "In heel ")

# --------------------------------------------------------------------------
# helpers


def search(srv, **params):
    return srv.get("/sociale-kaart?" + urllib.parse.urlencode(params))


def results(resp):
    """Names of the services in the results, in order."""
    eq(resp.status, 200, "search status (body %r)" % resp.body[:300])
    doc = H.parse_html(resp.text)
    sec = [s for s in doc.find_all("section")
           if s.attrs.get("aria-labelledby") == "resultaten"]
    check(sec, "no results section")
    return [h.text().strip() for h in sec[0].find_all("h3")]


def levels(resp):
    """The scale level (0 buurt .. 4 gemeente) of each result, in order."""
    doc = H.parse_html(resp.text)
    out = []
    for li in doc.find_all("li"):
        if not li.find_all("h3"):
            continue
        text = li.text()
        lv = [i for i, w in enumerate(LEVELS) if w in text]
        out.append(lv[0] if lv else None)
    return out


def rw(srv):
    return sqlite3.connect(srv.db_path, timeout=10)


def execute(srv, sql, args=()):
    con = rw(srv)
    try:
        cur = con.execute(sql, args)
        con.commit()
        return cur.lastrowid
    finally:
        con.close()


def org_id(srv, name):
    rows = srv.query("SELECT id FROM organisations WHERE name = ?", (name,))
    check(rows, "no organisation %r" % name)
    return rows[0][0]


def service_id(srv, name):
    rows = srv.query("SELECT id FROM services WHERE name = ?", (name,))
    check(rows, "no service %r" % name)
    return rows[0][0]


def account(srv, email, role=None, org=None):
    """A professional with a password and a session: made a beheerder by
    the CLI, then (role given) turned into an ordinary member of org.
    Returns the session cookie."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([srv.binary, "admin", "create", "--email", email, "--db",
                        srv.db_path, "--base-url", "http://127.0.0.1:%d" % srv.port],
                       capture_output=True, text=True, timeout=60, env=env,
                       stdin=subprocess.DEVNULL)
    eq(p.returncode, 0, "admin create (%s)" % p.stderr)
    link = re.search(r"(/wachtwoord/[A-Za-z0-9_-]{22})\s*$", p.stdout).group(1)
    r = srv.get(link)
    lc = cookies(r)["lc"]
    r = srv.post_form(link, {"csrf": csrf_of(r), "password": PASSWORD,
                             "password2": PASSWORD}, headers={"Cookie": "lc=" + lc})
    eq(r.status, 303, "password chosen")
    if role:
        aid = srv.query("SELECT id FROM accounts WHERE email = ?", (email,))[0][0]
        execute(srv, "UPDATE accounts SET is_admin = 0 WHERE id = ?", (aid,))
        execute(srv, "INSERT INTO memberships (account_id, organisation_id, role,"
                " created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00.000Z')",
                (aid, org, role))
    r = srv.get("/login")
    lc = cookies(r)["lc"]
    r = srv.post_form("/login", {"csrf": csrf_of(r), "email": email,
                                 "password": PASSWORD},
                      headers={"Cookie": "lc=" + lc})
    eq(r.status, 303, "login")
    return "sid=" + cookies(r)["sid"]


class Who:
    """A signed-in professional: GET and POST with the session and its
    CSRF token."""

    def __init__(self, srv, cookie):
        self.srv = srv
        self.cookie = cookie
        self.csrf = csrf_of(srv.get("/werk", headers={"Cookie": cookie}))

    def get(self, path):
        return self.srv.get(path, headers={"Cookie": self.cookie})

    def post(self, path, fields, csrf=True):
        f = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf:
            f.append(("csrf", self.csrf))
        return self.srv.post_form(path, f, headers={"Cookie": self.cookie})


def service_fields(**kw):
    f = {"name": "Testdienst", "description": "Een dienst voor de test.",
         "eligibility": "Voor iedereen.", "application": "Bel ons.",
         "opening_hours": "Maandag van 9.00 tot 12.00 uur.", "cost": "gratis",
         "fees": "", "languages": "nl en", "phone": "020 123 45 67",
         "email": "test@example.org", "url": "https://example.org/dienst",
         "address": "Teststraat 1", "postal_code": "1056ab", "city": "Amsterdam",
         "norm_days": "3", "norm_text": "U hoort binnen 3 werkdagen van ons.",
         "status": "", "areas_other": ""}
    areas = kw.pop("areas", ["GM0363"])
    terms = kw.pop("terms", ["iedereen"])
    f.update(kw)
    return list(f.items()) + [("areas", a) for a in areas] + \
        [("terms", t) for t in terms]


def audit(srv, sid, action=None):
    sql = "SELECT action, detail FROM audit_log WHERE entity = 'service'" \
          " AND entity_id = ?"
    args = [str(sid)]
    if action:
        sql += " AND action = ?"
        args.append(action)
    return [(a, json.loads(d)) for a, d in srv.query(sql + " ORDER BY id", args)]


class State:
    coord = None       # coordinator of Buurthuis De Ortelius (demo)
    org = None
    other_org = None   # Geldhulp Amsterdam (demo)
    created = None


# --------------------------------------------------------------------------
# the public search

@test
def search_page_without_javascript(srv):
    r = srv.get("/sociale-kaart")
    eq(r.status, 200, "status")
    H.check_security_headers(r, "/sociale-kaart")
    not_contains(r.text, "<script", "page")
    not_contains(r.text, "style=", "page")
    doc = H.parse_html(r.text)
    form = [f for f in doc.find_all("form") if f.attrs.get("action") == "/sociale-kaart"]
    check(form and form[0].attrs.get("method") == "get", "a GET search form")
    for name in ("q", "buurt", "doelgroep", "thema", "kosten", "taal"):
        ctl = doc.by_id("f-" + name)
        check(ctl is not None, "control f-%s" % name)
        check(doc.find_all("label", for_="f-" + name), "label for f-%s" % name)
        if name != "q":
            eq(ctl.tag, "select", "f-%s is a select" % name)
    names = results(r)
    check(len(names) == 20, "a first page of 20: %r" % names)
    contains(r.text, "Pagina 1 van 2", "pager")
    check(all("(demo)" in n for n in names), "demo names: %r" % names)
    second = results(search(srv, pagina="2"))
    check(second and not set(second) & set(names), "page 2 is other services")
    r = search(srv, pagina="3")
    eq(results(r), [], "past the last page")
    contains(r.text, "Op deze pagina staan geen resultaten meer.", "says so")
    r = srv.get("/sociale-kaart?lang=en")
    eq(r.status, 200, "in English")
    eq(H.html_lang(r.text), "en", "lang attribute")
    eq(srv.request("HEAD", "/sociale-kaart").status, 200, "HEAD")


@test
def stemming_finds_other_word_forms(srv):
    for q in ("lantaarnpalen", "lantaarnpaal", "Lantaarnpaal"):
        names = results(search(srv, q=q))
        check("Meldpunt openbare ruimte West (demo)" in names, "%s: %r" % (q, names))
        check("Meldpunt openbare ruimte Noord (demo)" in names, "%s: %r" % (q, names))
    for q in ("oudere", "ouderen"):
        names = results(search(srv, q=q))
        check("Koffieochtend voor ouderen (demo)" in names, "%s: %r" % (q, names))
        check("Ouderenadviseur (demo)" in names, "%s: %r" % (q, names))
    # a question in full sentence: the function words do not count
    names = results(search(srv, q="Waar kan ik terecht met schulden?"))
    check("Hulp bij geldzaken en schulden (demo)" in names, repr(names))


@test
def area_filter_reaches_up_not_sideways(srv):
    r = search(srv, buurt="EK02")
    names = results(r)
    for n in ("Buurtkamer Ortelius (demo)",                        # buurt EK02
              "Huiswerkklas (demo)",                               # wijk EK
              "Buurtteam Oud-West / De Baarsjes: spreekuur (demo)",  # gebied
              "Meldpunt openbare ruimte West (demo)",              # stadsdeel E
              "Hulp bij geldzaken en schulden (demo)"):            # gemeente
        check(n in names, "%s missing for EK02: %r" % (n, names))
    for n in ("Meldpunt openbare ruimte Noord (demo)",   # Noord
              "Buurtteam Slotervaart: spreekuur (demo)",  # Nieuw-West
              "Sport in de buurt Zuidoost (demo)",        # Zuidoost
              "Ouders van West (demo)"):                  # another gebied of West
        check(n not in names, "%s shown for EK02: %r" % (n, names))
    lv = levels(r)
    check(None not in lv, "every result says where: %r" % lv)
    eq(lv, sorted(lv), "nearest scale level first")
    eq(lv[0], 0, "a buurt-level service first")
    contains(r.text, "In uw buurt (Orteliusbuurt-Noord)", "where")
    # text and area together
    names = results(search(srv, q="lantaarnpalen", buurt="EK02"))
    eq(names, ["Meldpunt openbare ruimte West (demo)"], "lantaarnpalen in EK02")
    names = results(search(srv, q="lantaarnpalen", buurt="NA01"))
    eq(names, ["Meldpunt openbare ruimte Noord (demo)"], "lantaarnpalen in NA01")


@test
def filters(srv):
    names = results(search(srv, doelgroep="ouderen"))
    check("Koffieochtend voor ouderen (demo)" in names, repr(names))
    check("Jongerenwerk op straat (demo)" not in names, repr(names))
    names = results(search(srv, thema="openbare-ruimte"))
    eq(sorted(names), sorted(["Meldpunt openbare ruimte West (demo)",
                              "Meldpunt openbare ruimte Noord (demo)",
                              "Buurtschoonmaak Van Galenbuurt (demo)"]),
       "thema openbare-ruimte")
    names = results(search(srv, kosten="eigen bijdrage"))
    check(names and "Kookclub De Ortelius (demo)" in names, repr(names))
    rows = srv.query("SELECT name FROM services WHERE cost = 'eigen bijdrage'"
                     " AND status IN ('active', 'temporarily closed')")
    eq(sorted(names), sorted(r[0] for r in rows), "kosten filter")
    names = results(search(srv, taal="ti"))
    eq(sorted(names), sorted(["Nederlands leren in de bibliotheek (demo)",
                              "Begeleiding statushouders (demo)"]), "taal ti")
    names = results(search(srv, q="koffie", doelgroep="ouderen", buurt="EK02"))
    eq(names, ["Koffieochtend voor ouderen (demo)"], "combined")
    # a value that is not on the list is a bad link: 400 with a message
    for params in ({"buurt": "ZZ99"}, {"doelgroep": "niemand"}, {"thema": "x"},
                   {"kosten": "duur"}, {"taal": "NL"}, {"pagina": "0"},
                   {"pagina": "abc"}, {"buurt": "<script>"}):
        r = search(srv, **params)
        eq(r.status, 400, "status for %r" % params)
        contains(r.text, "wa-error-summary", "message for %r" % params)
        not_contains(r.text, "<script>", "echo of %r" % params)


@test
def results_say_what_to_expect(srv):
    r = search(srv, q="Ouderenadviseur")
    eq(results(r), ["Ouderenadviseur (demo)"], "one result")
    for text in ("Voor ouderen vanaf 65 jaar", "U krijgt binnen 5 werkdagen antwoord.",
                 "Gratis", "Nederlands, Engels, Arabisch, Turks",
                 "Bel ons of vraag uw huisarts", "Stichting Samen Oud (demo)",
                 "Maandag tot en met vrijdag"):
        contains(H.parse_html(r.text).text(), text, "result card")


@test
def hostile_search_text(srv):
    before = srv.checksum()
    nasty = ['"', '""', "*", "NEAR(", "NEAR(a b", "OR", "AND NOT", "-", "-koffie",
             "a OR b", "name:koffie", "{name}: x", "^koffie", "koffie*",
             "'; DROP TABLE services; --", "\u202e", "\u0301", "%", "\\",
             "x" * 129, "koffie " * 60, "a" * 401]
    for q in nasty:
        r = search(srv, q=q)
        check(r.status in (200, 400), "q=%r: status %d" % (q[:40], r.status))
        not_contains(r.text, "Foutcode: 500", "q=%r" % q[:40])
    # invalid UTF-8 and control bytes, sent raw
    for raw in ("%FF%FE", "koffie%C3", "%ED%A0%80", "%01%02", "%C0%AF", "%00"):
        r = srv.get("/sociale-kaart?q=" + raw)
        check(r.status in (200, 400), "q=%s: status %d" % (raw, r.status))
        r.body.decode("utf-8")  # the page stays valid UTF-8
    eq(srv.checksum(), before, "searching wrote nothing")
    check(srv.alive(), "server still running")
    log = srv.log_text()
    check("level=error" not in log, "errors in the log: %r" %
          [l for l in log.splitlines() if "level=error" in l][:3])


@test
def service_and_organisation_pages(srv):
    sid = service_id(srv, "Buurtkamer Ortelius (demo)")
    r = srv.get("/sociale-kaart/diensten/%d" % sid)
    eq(r.status, 200, "service page")
    text = H.parse_html(r.text).text()
    for t in ("Wat mag u verwachten?", "Voor wie?", "Hoe komt u in contact?",
              "Orteliusbuurt-Noord (buurt)", "Eenzaamheid", "Buurthuis De Ortelius (demo)"):
        contains(text, t, "service page")
    oid = org_id(srv, "Buurthuis De Ortelius (demo)")
    check('href="/sociale-kaart/organisaties/%d"' % oid in r.text, "link to the organisation")
    r = srv.get("/sociale-kaart/organisaties/%d" % oid)
    eq(r.status, 200, "organisation page")
    for t in ("Buurtkamer Ortelius (demo)", "Kookclub De Ortelius (demo)",
              "Bewonersorganisatie", "buurthuis@ortelius.example"):
        contains(H.parse_html(r.text).text(), t, "organisation page")
    # the kind as residents read it (domain/organisation.c public_label)
    r = srv.get("/sociale-kaart/organisaties/%d"
                % org_id(srv, "Buurtwerk Amsterdam West (demo)"))
    contains(H.parse_html(r.text).text(), "Welzijnsorganisatie", "kind label")
    for path in ("/sociale-kaart/diensten/999999", "/sociale-kaart/diensten/abc",
                 "/sociale-kaart/diensten/-1", "/sociale-kaart/organisaties/999999",
                 "/sociale-kaart/organisaties/1e3"):
        eq(srv.get(path).status, 404, path)
    # a service that is no more is not public
    gone = service_id(srv, "Werkloket (demo)")
    execute(srv, "UPDATE services SET status = 'defunct' WHERE id = ?", (gone,))
    eq(srv.get("/sociale-kaart/diensten/%d" % gone).status, 404, "defunct service")
    check("Werkloket (demo)" not in results(search(srv, q="werkloket")), "defunct hidden")
    execute(srv, "UPDATE services SET status = 'active' WHERE id = ?", (gone,))


# --------------------------------------------------------------------------
# coordinators

@test
def coordinator_adds_and_edits_a_service(srv):
    State.org = org_id(srv, "Buurthuis De Ortelius (demo)")
    State.other_org = org_id(srv, "Geldhulp Amsterdam (demo)")
    who = Who(srv, account(srv, "coord@example.org", "coordinator", State.org))
    State.coord = who
    base = "/beheer/organisaties/%d/diensten" % State.org
    r = who.get(base)
    eq(r.status, 200, "list")
    contains(r.text, "Buurtkamer Ortelius (demo)", "own services listed")
    not_contains(r.text, "Hulp bij geldzaken en schulden", "no other organisation's services")
    # a new service
    before = srv.query("SELECT COUNT(*) FROM services")[0][0]
    r = who.post(base, service_fields(name="Zitje in de zon (test)",
                                      areas=["E"], areas_other="EK02",
                                      terms=["ouderen", "eenzaamheid"]))
    eq(r.status, 303, "created (body %r)" % r.body[:400])
    m = re.search(r"/diensten/(\d+)\?opgeslagen=1$", r.header("Location", ""))
    check(m, "Location %r" % r.header("Location"))
    State.created = int(m.group(1))
    eq(srv.query("SELECT COUNT(*) FROM services")[0][0], before + 1, "one service more")
    row = srv.query("SELECT organisation_id, postal_code, languages, norm_days"
                    " FROM services WHERE id = ?", (State.created,))[0]
    eq(row, (State.org, "1056 AB", "nl en", 3), "stored values")
    eq(sorted(r[0] for r in srv.query(
        "SELECT area_code FROM service_areas WHERE service_id = ?", (State.created,))),
        ["E", "EK02"], "areas")
    created = audit(srv, State.created, "service.create")
    fields = sorted(d["field"] for _, d in created)
    check({"name", "areas", "terms", "norm_days", "postal_code"} <= set(fields),
          "one entry per field: %r" % fields)
    eq(len(fields), len(set(fields)), "no field twice")
    # it is on the public map at once
    names = results(search(srv, q="zitje zon", buurt="EK02"))
    eq(names, ["Zitje in de zon (test)"], "found")
    # change two fields: two audit entries
    page = who.get("%s/%d" % (base, State.created))
    eq(page.status, 200, "edit page")
    contains(page.text, 'value="Zitje in de zon (test)"', "form filled")
    contains(page.text, 'value="EK02"', "other areas filled")
    r = who.post("%s/%d" % (base, State.created),
                 service_fields(name="Zitje in de zon (test)", areas=["E"],
                                areas_other="EK02", terms=["ouderen", "eenzaamheid"],
                                norm_days="2", phone="020 765 43 21"))
    eq(r.status, 303, "saved (body %r)" % r.body[:300])
    updates = audit(srv, State.created, "service.update")
    eq(sorted(d["field"] for _, d in updates), ["norm_days", "phone"], "changed fields")
    nd = [d for _, d in updates if d["field"] == "norm_days"][0]
    eq((nd["old"], nd["new"]), ("3", "2"), "old -> new")
    # areas and terms changes are one entry each
    r = who.post("%s/%d" % (base, State.created),
                 service_fields(name="Zitje in de zon (test)", areas=[],
                                areas_other="EK02 EK", terms=["ouderen"],
                                norm_days="2", phone="020 765 43 21"))
    eq(r.status, 303, "saved again")
    updates = audit(srv, State.created, "service.update")
    eq(len(updates), 4, "two more entries: %r" % updates)
    ar = [d for _, d in updates if d["field"] == "areas"][0]
    eq((ar["old"], ar["new"]), ("E EK02", "EK EK02"), "areas old -> new")
    # saving without a change confirms, and says so
    r = who.post("%s/%d" % (base, State.created),
                 service_fields(name="Zitje in de zon (test)", areas=[],
                                areas_other="EK02 EK", terms=["ouderen"],
                                norm_days="2", phone="020 765 43 21"))
    eq(r.status, 303, "saved unchanged")
    eq(len(audit(srv, State.created, "service.update")), 4, "no field entries")
    eq(len(audit(srv, State.created, "service.confirm")), 1, "a confirmation")


@test
def coordinator_form_errors(srv):
    who = State.coord
    base = "/beheer/organisaties/%d/diensten" % State.org
    before = srv.checksum()
    r = who.post(base, service_fields(name="", email="geen-adres", url="javascript:alert(1)",
                                      norm_days="999", postal_code="12", areas=[],
                                      areas_other="ZZ99", terms=["niemand"],
                                      cost="duur", languages="nederlands"))
    eq(r.status, 400, "invalid form")
    contains(r.text, "wa-error-summary", "summary")
    for field in ("name", "email", "url", "norm_days", "postal_code", "areas_other",
                  "terms", "cost", "languages"):
        contains(r.text, 'href="#f-%s"' % field, "error for %s" % field)
    contains(r.text, 'value="geen-adres"', "typed value shown again")
    eq(srv.checksum(), before, "nothing written")


@test
def hard_descriptions_ask_for_confirmation(srv):
    """A description residents would find hard to read (app/plain.h) is
    refused with the confirmation to publish it anyway; confirmed, it is
    stored."""
    who = State.coord
    base = "/beheer/organisaties/%d/diensten" % State.org
    hard = ("Aangezien de gemeentelijke organisatie voornemens is om, overeenkomstig "
            "de vigerende beleidsuitgangspunten inzake de herinrichting van de openbare "
            "ruimte, alvorens definitieve besluitvorming plaatsvindt, een uitgebreide "
            "inventarisatie van de infrastructurele voorzieningen te realiseren, dienen "
            "belanghebbenden hun zienswijzen middels het daartoe bestemde formulier "
            "kenbaar te maken.")
    with H.unchanged(srv):
        r = who.post(base, service_fields(name="Moeilijke dienst (test)", description=hard))
        eq(r.status, 400, "refused, as the form's other field errors")
        contains(r.text, "moeilijk te lezen", "why")
        contains(r.text, 'name="confirm_plain"', "the confirmation")
    r = who.post(base, service_fields(name="Moeilijke dienst (test)", description=hard)
                 + [("confirm_plain", "1")])
    eq(r.status, 303, "confirmed (body %r)" % r.body[:300])


@test
def other_organisations_services_are_out_of_reach(srv):
    who = State.coord
    theirs = service_id(srv, "Hulp bij geldzaken en schulden (demo)")
    own_base = "/beheer/organisaties/%d/diensten" % State.org
    other_base = "/beheer/organisaties/%d/diensten" % State.other_org
    before = srv.checksum()
    # through the other organisation's URL: not a coordinator there
    eq(who.get(other_base).status, 403, "list of another organisation")
    eq(who.post(other_base, service_fields(name="Kaping")).status, 403, "create there")
    eq(who.post("%s/%d" % (other_base, theirs), service_fields(name="Kaping")).status,
       403, "edit there")
    eq(who.post("%s/%d/verwijderen" % (other_base, theirs), {}).status, 403, "delete there")
    eq(who.post("%s/%d/bevestigen" % (other_base, theirs), {}).status, 403, "confirm there")
    # through our own URL: the service is not ours
    eq(who.get("%s/%d" % (own_base, theirs)).status, 404, "read via own URL")
    eq(who.post("%s/%d" % (own_base, theirs), service_fields(name="Kaping")).status,
       404, "edit via own URL")
    eq(who.post("%s/%d/verwijderen" % (own_base, theirs), {}).status, 404,
       "delete via own URL")
    eq(who.post("%s/%d/bevestigen" % (own_base, theirs), {}).status, 404,
       "confirm via own URL")
    # without the CSRF token
    eq(who.post("%s/%d" % (own_base, State.created), service_fields(name="X"),
                csrf=False).status, 403, "no CSRF token")
    # not signed in: to the login page
    r = srv.post_form(own_base, service_fields(name="X"))
    check(r.status in (303, 401, 403), "anonymous: %d" % r.status)
    eq(srv.checksum(), before, "nothing changed")


@test
def medewerker_reads_but_does_not_write(srv):
    who = Who(srv, account(srv, "medewerker@example.org", "medewerker", State.org))
    base = "/beheer/organisaties/%d/diensten" % State.org
    r = who.get(base)
    eq(r.status, 200, "list")
    not_contains(r.text, "Nieuwe dienst", "no form")
    r = who.get("%s/%d" % (base, State.created))
    eq(r.status, 200, "read one")
    not_contains(r.text, 'name="name"', "no form")
    before = srv.checksum()
    eq(who.post(base, service_fields(name="Nee")).status, 403, "create")
    eq(who.post("%s/%d/bevestigen" % (base, State.created), {}).status, 403, "confirm")
    eq(srv.checksum(), before, "nothing changed")


@test
def nearest_level_first_for_the_same_text(srv):
    who = State.coord
    base = "/beheer/organisaties/%d/diensten" % State.org
    same = dict(description="Samen breien en kletsen op het plein.",
                eligibility="Voor iedereen.", terms=["iedereen"])
    for name, area in (("Breiclub Stad (test)", "GM0363"),
                       ("Breiclub Buurt (test)", "EK02"),
                       ("Breiclub Stadsdeel (test)", "E")):
        r = who.post(base, service_fields(name=name, areas=[area], **same))
        eq(r.status, 303, "created %s" % name)
    names = results(search(srv, q="breien kletsen", buurt="EK02"))
    eq(names, ["Breiclub Buurt (test)", "Breiclub Stadsdeel (test)",
               "Breiclub Stad (test)"], "buurt, stadsdeel, gemeente")
    names = results(search(srv, q="breien", buurt="NA01"))
    eq(names, ["Breiclub Stad (test)"], "Noord sees only the city-wide one")


@test
def hostile_names_are_escaped(srv):
    who = State.coord
    base = "/beheer/organisaties/%d/diensten" % State.org
    evil = "<script>alert(1)</script> \"x\" & 'y' <img src=x onerror=alert(2)>"
    r = who.post(base, service_fields(name=evil, description=evil, eligibility=evil,
                                      opening_hours=evil, norm_text=evil,
                                      areas=["GM0363"]))
    eq(r.status, 303, "created")
    sid = int(re.search(r"/diensten/(\d+)", r.header("Location")).group(1))
    execute(srv, "UPDATE organisations SET description = ? WHERE id = ?",
            (evil, State.org))
    for path in ("/sociale-kaart/diensten/%d" % sid,
                 "/sociale-kaart/organisaties/%d" % State.org,
                 "/sociale-kaart?q=alert",
                 "%s/%d" % (base, sid), base):
        r = who.get(path)
        eq(r.status, 200, path)
        not_contains(r.text, "<script>alert", path)
        not_contains(r.text, "<img src=x", path)
        contains(r.text, "&lt;script&gt;alert(1)&lt;/script&gt;", path)
    execute(srv, "UPDATE organisations SET description = '' WHERE id = ?", (State.org,))


@test
def coordinator_deletes_a_service(srv):
    who = State.coord
    base = "/beheer/organisaties/%d/diensten" % State.org
    r = who.post("%s/%d/verwijderen" % (base, State.created), {})
    eq(r.status, 303, "deleted")
    eq(srv.query("SELECT COUNT(*) FROM services WHERE id = ?", (State.created,))[0][0],
       0, "gone")
    eq(results(search(srv, q="zitje zon")), [], "out of the index")
    d = audit(srv, State.created, "service.delete")
    eq(len(d), 1, "one audit entry")
    eq(d[0][1]["name"], "Zitje in de zon (test)", "its name")
    eq(srv.get("/sociale-kaart/diensten/%d" % State.created).status, 404, "public page")
    eq(who.post("%s/%d/verwijderen" % (base, State.created), {}).status, 404, "twice")


if __name__ == "__main__":
    H.main(extra_args=["--demo"])
