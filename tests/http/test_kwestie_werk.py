"""A professional's triage and kwestie pages under /werk: the triage list
shows the signals of their organisations not yet in a kwestie (filter,
paging); each action on a signal (link to a kwestie, start a new one,
"niet voor ons", correct the category, close without a kwestie) changes
what it should in the database; the kwesties list (parked ones back on
it when their date has passed); one kwestie's forms (change, chain,
merge, split).  Refusals: a member of an unrelated organisation gets
403, a stale version 409 with the kwestie as it is now on the page,
a broken rule 422 with nothing changed, a form without the CSRF token
403.

The server runs with --demo: medewerker@ and coordinator@ of Stadsdeel
West (demo), whose area E holds the signals reported here, and
corporatie@ of the housing corporation, which answers for none of them.

    python3 tests/http/test_kwestie_werk.py --binary build/wijkagenda
"""
import json
import os
import re
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, contains, eq, not_contains, test  # noqa: E402

PW = "demo-wachtwoord-2026"
CATEGORY = "afval/grofvuil"
S = {}


# --------------------------------------------------------------------------
# helpers

def write(srv, sql, args=()):
    """A row changed straight in the server's database (what the periodic
    jobs or time would do)."""
    if str(srv.db_path).startswith(("postgres://", "postgresql://")):
        c = H.PgConn(srv.db_path)
    else:
        c = sqlite3.connect(srv.db_path, timeout=10)
    try:
        c.execute(sql, args)
        c.commit()
    finally:
        c.close()


def who(name):
    sid, csrf = S["people"][name]
    return {"Cookie": "sid=" + sid}, csrf


def get(srv, path, name="mdw"):
    h, _ = who(name)
    return srv.get(path, headers=h)


def post(srv, path, fields, name="mdw", csrf=True):
    h, token = who(name)
    fields = list(fields.items()) if isinstance(fields, dict) else list(fields)
    if csrf:
        fields.append(("csrf", token))
    return srv.post_form(path, fields, headers=h)


def api(srv, method, path, obj, name="crd"):
    h, token = who(name)
    h = dict(h, **{"X-CSRF-Token": token, "Content-Type": "application/json"})
    return srv.request(method, path, body=json.dumps(obj), headers=h)


def report(srv, text, buurt=None, category=CATEGORY, kind="melding"):
    body = {"text": text, "buurt": buurt or S["buurt"], "kind": kind}
    if category:
        body["category"] = category
    r = srv.post_json("/api/v1/signals", body)
    eq(r.status, 201, "report (body %r)" % r.body[:300])
    tok = r.json()["token"]
    return srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]


def kwestie_of(location):
    m = re.fullmatch(r"/werk/kwesties/(\d+)\?klaar=\w+", location or "")
    check(m, "a kwestie's page: %r" % location)
    return int(m.group(1))


def version_of(r):
    m = re.search(r'name="version" value="(\d+)"', r.text)
    check(m, "a version field on the page")
    return int(m.group(1))


def new_kwestie(srv, sid, title, name="mdw", **extra):
    fields = {"title": title, "description": "Bewoners melden dit al weken.",
              "area": S["buurt"], "level": "buurt",
              "level_reason": "Het speelt in een paar straten.",
              "regisseur": str(S["west"])}
    fields.update(extra)
    r = post(srv, "/werk/triage/%d/kwestie" % sid, fields, name)
    eq(r.status, 303, "new kwestie from signal %d (body %r)" % (sid, r.body[:500]))
    return kwestie_of(r.header("Location"))


def change_fields(srv, kid, **over):
    """The change form of the kwestie's page as it is, with changes."""
    r = get(srv, "/werk/kwesties/%d" % kid)
    eq(r.status, 200, "the kwestie's page")
    k = srv.query("SELECT title, description, status, outcome, level, urgency,"
                  " park_until, park_reason, forwarded_to FROM kwesties"
                  " WHERE id = ?", (kid,))[0]
    seen = re.search(r'name="seen" value="(\d+)"', r.text).group(1)
    f = {"version": str(version_of(r)), "seen": seen, "title": k[0],
         "description": k[1], "status": k[2], "outcome": k[3] or "",
         "level": k[4], "urgency": str(k[5]), "park_until": k[6] or "",
         "park_reason": k[7] or "", "forwarded_to": k[8] or "",
         "duplicate_of": "", "level_reason": ""}
    f.update(over)
    return f


# --------------------------------------------------------------------------
# set-up

@test
def set_up(srv):
    S["people"] = {}
    for name, email in (("mdw", "medewerker"), ("crd", "coordinator"),
                        ("corp", "corporatie")):
        S["people"][name] = H.login(srv, "%s@demo.wijkagenda.nl" % email, PW)
    orgs = dict(srv.query("SELECT name, id FROM organisations"))
    S["west"] = orgs["Stadsdeel West (demo)"]
    S["corp"] = orgs["Woningcorporatie Thuis in West (demo)"]
    b = srv.query("SELECT code FROM areas WHERE level = 'buurt' AND code LIKE 'E%'"
                  " ORDER BY code LIMIT 2")
    S["buurt"], S["buurt2"] = b[0][0], b[1][0]
    r = get(srv, "/werk")
    eq(r.status, 200, "/werk")
    contains(r.text, 'href="/werk/triage"', "the start page links to triage")
    contains(r.text, 'href="/werk/kwesties"', "the start page links to the kwesties")


@test
def triage_shows_a_new_signal_oldest_first_with_filter_and_paging(srv):
    a = report(srv, "Grofvuil naast de container bij de school")
    b = report(srv, "Een vraag over de vuilophaal", kind="vraag", category=None,
               buurt=S["buurt2"])
    r = get(srv, "/werk/triage")
    eq(r.status, 200, "triage")
    contains(r.text, 'id="melding-%d"' % a, "the new signal is on triage")
    contains(r.text, "Grofvuil naast de container bij de school", "its text")
    ids = [int(x) for x in re.findall(r'id="melding-(\d+)"', r.text)]
    eq(ids, sorted(ids), "oldest first")
    for action in ("koppelen", "kwestie", "niet-voor-ons", "categorie", "afsluiten"):
        contains(r.text, 'action="/werk/triage/%d/%s"' % (a, action), "form " + action)
    r = get(srv, "/werk/triage?kind=vraag")
    eq(r.status, 200, "filtered by kind")
    contains(r.text, 'id="melding-%d"' % b, "the question")
    not_contains(r.text, 'id="melding-%d"' % a, "not the report")
    r = get(srv, "/werk/triage?area=%s&category=afval" % S["buurt"])
    contains(r.text, 'id="melding-%d"' % a, "by area and main category")
    not_contains(r.text, 'id="melding-%d"' % b, "not the other buurt")
    r = get(srv, "/werk/triage?after=%d" % a)
    not_contains(r.text, 'id="melding-%d"' % a, "paging: after the signal")
    x = report(srv, 'Een bord met <script>alert("x")</script> erop')
    r = get(srv, "/werk/triage")
    contains(r.text, "Een bord met &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; erop",
             "the text escaped")
    not_contains(r.text, "<script>alert", "never as markup")
    eq(get(srv, "/werk/triage?area=%3Cscript%3E").status, 400, "a bad area code")
    eq(get(srv, "/werk/triage?onbekend=1").status, 400, "an unknown parameter")


@test
def start_a_kwestie_from_a_signal(srv):
    sid = report(srv, "Grofvuil bij het speelplein, al drie dagen")
    kid = new_kwestie(srv, sid, "Grofvuil bij het speelplein")
    eq(srv.query("SELECT title, area_code, level, status FROM kwesties WHERE id = ?",
                 (kid,)),
       [("Grofvuil bij het speelplein", S["buurt"], "buurt", "opgepakt")], "the kwestie")
    eq(srv.query("SELECT organisation_id, role FROM kwestie_chain WHERE kwestie_id = ?",
                 (kid,)), [(S["west"], "regisseur")], "West is its regisseur")
    eq(srv.query("SELECT signal_id FROM kwestie_signals WHERE kwestie_id = ?", (kid,)),
       [(sid,)], "the signal is in it")
    r = get(srv, "/werk/kwesties/%d?klaar=aangemaakt" % kid)
    eq(r.status, 200, "its work page")
    contains(r.text, 'href="/werk/meldingen/%d"' % sid, "the page links its signal")
    contains(r.text, "Grofvuil bij het speelplein, al drie dagen", "and shows its text")
    not_contains(get(srv, "/werk/triage").text, 'id="melding-%d"' % sid,
                 "the signal left triage")
    S["kwestie"] = kid


@test
def link_a_signal_to_a_suggested_kwestie(srv):
    check("kwestie" in S, "no kwestie")
    kid = S["kwestie"]
    sid = report(srv, "Weer grofvuil bij het speelplein")
    r = get(srv, "/werk/triage")
    section = r.text[r.text.index('id="melding-%d"' % sid):]
    section = section[:section.index("</section>")]
    contains(section, '<option value="%d"' % kid, "the kwestie is suggested")
    r = post(srv, "/werk/triage/%d/koppelen" % sid, {"suggestion": str(kid), "kwestie": ""})
    eq(r.status, 303, "linked (body %r)" % r.body[:300])
    eq(r.header("Location"), "/werk/triage?klaar=gekoppeld", "back to triage")
    eq(srv.query("SELECT COUNT(*) FROM kwestie_signals WHERE kwestie_id = ?"
                 " AND signal_id = ?", (kid, sid)), [(1,)], "the signal is in the kwestie")
    j = srv.get("/api/v1/kwesties/%d" % kid).json()
    eq(j["signals"], 2, "the JSON API counts two signals")


@test
def link_refused_for_a_kwestie_of_another_organisation(srv):
    # the corporation starts its own kwestie (no signal, itself in the chain)
    r = api(srv, "POST", "/api/v1/kwesties",
            {"title": "Schimmel in de portiek", "description": "Bewoners zien schimmel.",
             "area": S["buurt"], "level": "buurt", "level_reason": "Eén portiek.",
             "chain": [{"organisation": S["corp"], "role": "regisseur"}]}, name="corp")
    eq(r.status, 201, "the corporation's kwestie (body %r)" % r.body[:300])
    theirs = r.json()["id"]
    sid = report(srv, "Schimmel in de portiek op nummer 3")
    with H.unchanged(srv):
        r = post(srv, "/werk/triage/%d/koppelen" % sid, {"kwestie": str(theirs)})
        eq(r.status, 403, "West may not change the corporation's kwestie")
        contains(r.text, "Deze kwestie veranderen de regisseur, de uitvoerders", "said at the field")
    with H.unchanged(srv):
        r = post(srv, "/werk/triage/%d/koppelen" % sid, {"kwestie": "abc"})
        eq(r.status, 400, "not a number")
    with H.unchanged(srv):
        r = post(srv, "/werk/triage/%d/koppelen" % sid, {"kwestie": "999999"})
        eq(r.status, 422, "no such kwestie")
        contains(r.text, "Die kwestie bestaat niet", "said")
    S["corp_kwestie"] = theirs


def gemeente_key(srv):
    """An API key of the demo's municipality with scope kwestie.manage,
    made by the beheerder on the keys page."""
    sid, csrf = H.login(srv, "beheerder@demo.wijkagenda.nl", PW)
    org = srv.query("SELECT id FROM organisations WHERE name = ?",
                    ("Gemeente Amsterdam (demo)",))[0][0]
    r = srv.post_form("/beheer/organisaties/%d/sleutels" % org,
                      [("name", "Triage-koppeling"), ("scopes", "kwestie.manage"),
                       ("csrf", csrf)], headers={"Cookie": "sid=" + sid})
    eq(r.status, 201, "a key of the municipality (body %r)" % r.body[:300])
    m = re.search(r'value="(wak_[0-9a-f]{8}_[A-Za-z0-9_-]{22})"', r.text)
    check(m, "the key is shown once")
    return m.group(1)


@test
def decline_categorise_and_close(srv):
    d = report(srv, "Dit is eigenlijk iets voor de corporatie")
    r = post(srv, "/werk/triage/%d/niet-voor-ons" % d,
             {"reason": "Dit gaat over een portiek van de corporatie."})
    eq(r.status, 303, "declined (body %r)" % r.body[:300])
    eq(srv.query("SELECT organisation_id, reason FROM signal_declines WHERE signal_id = ?",
                 (d,)), [(S["west"], "Dit gaat over een portiek van de corporatie.")],
       "the decline with its reason")
    not_contains(get(srv, "/werk/triage").text, 'id="melding-%d"' % d,
                 "no longer on West's triage")
    # the other organisation that got it (the municipality, through the
    # default rule) still has it in triage, with West's reason
    key = gemeente_key(srv)
    r = srv.request("GET", "/api/v1/triage?limit=200",
                    headers={"Authorization": "Bearer " + key})
    eq(r.status, 200, "the municipality's triage (body %r)" % r.body[:200])
    mine = [x for x in r.json()["signals"] if x["id"] == d]
    eq(len(mine), 1, "still in the municipality's triage")
    eq([(x["organisation"], x["name"], x["reason"]) for x in mine[0]["declined"]],
       [(S["west"], "Stadsdeel West (demo)",
         "Dit gaat over een portiek van de corporatie.")], "with who declined and why")
    c = report(srv, "Een boom hangt over het fietspad")
    r = post(srv, "/werk/triage/%d/categorie" % c,
             {"category": "openbaar-groen-en-water/boom"})
    eq(r.status, 303, "category corrected (body %r)" % r.body[:300])
    eq(srv.query("SELECT category_code FROM signals WHERE id = ?", (c,)),
       [("openbaar-groen-en-water/boom",)], "the new category")
    x = report(srv, "De lantaarnpaal brandt weer, laat maar")
    r = post(srv, "/werk/triage/%d/afsluiten" % x,
             {"outcome": "geen_actie_nodig", "reason": "De melder laat weten dat het "
              "al is opgelost."})
    eq(r.status, 303, "closed (body %r)" % r.body[:300])
    row = srv.query("SELECT outcome, closed_at FROM signals WHERE id = ?", (x,))[0]
    eq(row[0], "geen_actie_nodig", "the outcome")
    check(row[1], "closed_at is set")
    not_contains(get(srv, "/werk/triage").text, 'id="melding-%d"' % x, "off triage")


@test
def triage_rules_broken_are_422_and_change_nothing(srv):
    sid = report(srv, "Er staat een kapotte bank in het park")
    S["open_signal"] = sid
    with H.unchanged(srv):
        r = post(srv, "/werk/triage/%d/kwestie" % sid,
                 {"title": "", "description": "Een kapotte bank.", "area": S["buurt"],
                  "level": "buurt", "level_reason": "", "regisseur": str(S["west"])})
        eq(r.status, 422, "a kwestie without title and reason")
        contains(r.text, 'href="#t%d-title"' % sid, "the summary links to the field")
        contains(r.text, "Geef de kwestie een titel.", "the message")
        contains(r.text, ">\nEen kapotte bank.</textarea>", "what was sent is kept")
    with H.unchanged(srv):
        r = post(srv, "/werk/triage/%d/afsluiten" % sid, {"outcome": "opgelost", "reason": ""})
        eq(r.status, 422, "closing without a reason")
    with H.unchanged(srv):
        r = post(srv, "/werk/triage/%d/afsluiten" % sid,
                 {"outcome": "dubbel", "reason": "Staat al ergens anders."})
        eq(r.status, 422, "closing as dubbel without a kwestie")
    with H.unchanged(srv):
        r = post(srv, "/werk/triage/%d/categorie" % sid, {"category": "bestaat/niet"})
        eq(r.status, 422, "an unknown category")
    with H.unchanged(srv):
        r = post(srv, "/werk/triage/%d/niet-voor-ons" % sid, {"reason": ""})
        eq(r.status, 422, "declining without a reason (a rule, as for closing)")
    with H.unchanged(srv):
        r = post(srv, "/werk/triage/%d/kwestie" % sid,
                 {"title": "Kapotte bank", "description": "Een kapotte bank.",
                  "area": "XX99", "level": "buurt", "level_reason": "Eén bank.",
                  "regisseur": str(S["west"])})
        eq(r.status, 422, "an area that does not exist")
        contains(r.text, 'href="#t%d-area"' % sid, "named at the area")


@test
def unrelated_organisation_gets_403(srv):
    check("kwestie" in S and "open_signal" in S, "set-up failed")
    sid, kid = S["open_signal"], S["kwestie"]
    r = get(srv, "/werk/triage", "corp")
    eq(r.status, 200, "the corporation's own triage")
    not_contains(r.text, 'id="melding-%d"' % sid, "without West's signals")
    with H.unchanged(srv):
        for action, fields in (("niet-voor-ons", {"reason": "Niet voor ons, echt."}),
                               ("categorie", {"category": CATEGORY}),
                               ("afsluiten", {"outcome": "opgelost", "reason": "Klaar."}),
                               ("koppelen", {"kwestie": str(kid)}),
                               ("kwestie", {"title": "Van ons"})):
            r = post(srv, "/werk/triage/%d/%s" % (sid, action), fields, "corp")
            eq(r.status, 403, "the corporation on %s" % action)
        eq(get(srv, "/werk/kwesties/%d" % kid, "corp").status, 403, "West's kwestie")
        r = post(srv, "/werk/kwesties/%d" % kid, {"version": "1", "title": "Van ons"},
                 "corp")
        eq(r.status, 403, "changing West's kwestie")
        for path in ("keten", "samenvoegen", "splitsen"):
            eq(post(srv, "/werk/kwesties/%d/%s" % (kid, path), {"version": "1"},
                    "corp").status, 403, path)
    not_contains(get(srv, "/werk/kwesties", "corp").text, 'href="/werk/kwesties/%d"' % kid,
                 "West's kwestie is not on the corporation's list")


@test
def csrf_missing_is_403(srv):
    check("kwestie" in S and "open_signal" in S, "set-up failed")
    with H.unchanged(srv):
        r = post(srv, "/werk/triage/%d/niet-voor-ons" % S["open_signal"],
                 {"reason": "Zonder token."}, csrf=False)
        eq(r.status, 403, "triage without the CSRF token")
        r = post(srv, "/werk/kwesties/%d" % S["kwestie"],
                 change_fields(srv, S["kwestie"], title="Zonder token"), csrf=False)
        eq(r.status, 403, "a change without the CSRF token")


@test
def change_a_kwestie(srv):
    check("kwestie" in S, "no kwestie")
    kid = S["kwestie"]
    v0 = srv.query("SELECT version FROM kwesties WHERE id = ?", (kid,))[0][0]
    r = post(srv, "/werk/kwesties/%d" % kid,
             change_fields(srv, kid, status="in_uitvoering", urgency="1",
                           level="wijk", level_reason="Het speelt in de hele wijk."))
    eq(r.status, 303, "changed (body %r)" % r.body[:400])
    eq(r.header("Location"), "/werk/kwesties/%d?klaar=gewijzigd" % kid, "back to the page")
    eq(srv.query("SELECT status, urgency, level, level_reason, version FROM kwesties"
                 " WHERE id = ?", (kid,)),
       [("in_uitvoering", 1, "wijk", "Het speelt in de hele wijk.", v0 + 1)], "the change")
    j = srv.get("/api/v1/kwesties/%d" % kid).json()
    eq((j["status"], j["level"]), ("in_uitvoering", "wijk"), "the JSON API agrees")
    check(any(h["what"] == "level" and h["reason"] == "Het speelt in de hele wijk."
              for h in j["history"]), "the level change is in the history with its reason")


@test
def change_rules_broken_are_422_and_change_nothing(srv):
    check("kwestie" in S, "no kwestie")
    kid = S["kwestie"]
    cases = [({"status": "afgerond", "outcome": ""}, "outcome",
              "Afronden kan alleen met een uitkomst"),
             ({"status": "afgerond", "outcome": "dubbel"}, "duplicate_of",
              "Noem de kwestie waarvan deze een dubbele is"),
             ({"level": "gemeente"}, "level_reason",
              "Geef een reden voor het andere schaalniveau"),
             ({"status": "geparkeerd", "park_until": "2001-01-01",
               "park_reason": "Wachten op budget."}, "park_until",
              "Die datum ligt niet in de toekomst"),
             ({"status": "nieuw"}, "status", "kan niet terug naar nieuw"),
             ({"title": ""}, "title", None)]
    for over, field, msg in cases:
        with H.unchanged(srv):
            r = post(srv, "/werk/kwesties/%d" % kid, change_fields(srv, kid, **over))
            eq(r.status, 422, "%r (body %r)" % (over, r.body[:300]))
            contains(r.text, 'href="#f-%s"' % field, "the summary names %s" % field)
            if msg:
                contains(r.text, msg, "the message for %r" % over)
    with H.unchanged(srv):
        r = post(srv, "/werk/kwesties/%d" % kid, change_fields(srv, kid, duplicate_of="x"))
        eq(r.status, 400, "duplicate_of that is no number")


@test
def stale_version_is_409_with_the_kwestie_as_it_is_now(srv):
    check("kwestie" in S, "no kwestie")
    kid = S["kwestie"]
    mine = change_fields(srv, kid, title="Grofvuil bij het speelplein (mijn versie)")
    v = int(mine["version"])
    # someone else changes it first, through the JSON API
    r = api(srv, "PATCH", "/api/v1/kwesties/%d" % kid,
            {"version": v, "title": "Grofvuil en zwerfvuil bij het speelplein"})
    eq(r.status, 200, "the other change (body %r)" % r.body[:300])
    with H.unchanged(srv):
        r = post(srv, "/werk/kwesties/%d" % kid, mine)
        eq(r.status, 409, "a stale version")
    contains(r.text, "Iemand anders heeft deze kwestie intussen gewijzigd", "said so")
    contains(r.text, "Grofvuil bij het speelplein (mijn versie)", "what was sent")
    contains(r.text, "Grofvuil en zwerfvuil bij het speelplein", "what it is now")
    contains(r.text, "Wat er sindsdien gebeurde", "the history since")
    eq(version_of(r), v + 1, "the form holds the current version")
    m = re.search(r'id="f-title" name="title"[^>]*value="([^"]*)"', r.text)
    check(m, "the title field")
    eq(m.group(1), "Grofvuil en zwerfvuil bij het speelplein",
       "the form is filled from the current version")
    eq(srv.query("SELECT title FROM kwesties WHERE id = ?", (kid,)),
       [("Grofvuil en zwerfvuil bij het speelplein",)], "the other change stands")
    # retrying from that page works
    mine["version"] = str(v + 1)
    r = post(srv, "/werk/kwesties/%d" % kid, mine)
    eq(r.status, 303, "the retry")
    eq(srv.query("SELECT title FROM kwesties WHERE id = ?", (kid,)),
       [("Grofvuil bij het speelplein (mijn versie)",)], "the retried change")


@test
def chain_editor(srv):
    check("kwestie" in S, "no kwestie")
    kid = S["kwestie"]
    r = get(srv, "/werk/kwesties/%d" % kid)
    v = version_of(r)
    eq(len(re.findall(r'id="f-chain-org-\d+"', r.text)), 2, "the regisseur and an empty row")
    r = post(srv, "/werk/kwesties/%d/keten" % kid,
             [("version", str(v)), ("org", str(S["west"])), ("role", "regisseur"),
              ("org", ""), ("role", ""), ("actie", "rij")])
    eq(r.status, 200, "a row more")
    eq(len(re.findall(r'id="f-chain-org-\d+"', r.text)), 3, "three rows now")
    with H.unchanged(srv):
        r = post(srv, "/werk/kwesties/%d/keten" % kid,
                 [("version", str(v)), ("org", str(S["west"])), ("role", "regisseur"),
                  ("org", str(S["corp"])), ("role", "regisseur"), ("actie", "opslaan")])
        eq(r.status, 422, "two regisseurs")
        contains(r.text, "Een kwestie heeft één regisseur, niet meer.", "the message")
    with H.unchanged(srv):
        r = post(srv, "/werk/kwesties/%d/keten" % kid,
                 [("version", str(v)), ("org", str(S["corp"])), ("role", "uitvoerder"),
                  ("actie", "opslaan")])
        eq(r.status, 422, "a taken-up kwestie without a regisseur")
    r = post(srv, "/werk/kwesties/%d/keten" % kid,
             [("version", str(v)), ("org", str(S["west"])), ("role", "regisseur"),
              ("org", str(S["corp"])), ("role", "uitvoerder"), ("org", ""), ("role", ""),
              ("actie", "opslaan")])
    eq(r.status, 303, "the chain saved (body %r)" % r.body[:300])
    eq(sorted(srv.query("SELECT organisation_id, role FROM kwestie_chain"
                        " WHERE kwestie_id = ?", (kid,))),
       sorted([(S["west"], "regisseur"), (S["corp"], "uitvoerder")]), "the chain")
    with H.unchanged(srv):
        r = post(srv, "/werk/kwesties/%d/keten" % kid,
                 [("version", str(v)), ("org", str(S["west"])), ("role", "regisseur"),
                  ("actie", "opslaan")])
        eq(r.status, 409, "the chain with a stale version")


@test
def split_and_merge(srv):
    check("kwestie" in S, "no kwestie")
    kid = S["kwestie"]
    sigs = [s for (s,) in srv.query("SELECT signal_id FROM kwestie_signals"
                                    " WHERE kwestie_id = ? ORDER BY signal_id", (kid,))]
    eq(len(sigs), 2, "two signals to split")
    with H.unchanged(srv):
        r = post(srv, "/werk/kwesties/%d/splitsen" % kid,
                 {"new_title": "Alleen de titel"})
        eq(r.status, 422, "a split without signals")
    r = post(srv, "/werk/kwesties/%d/splitsen" % kid,
             [("signals", str(sigs[1])), ("new_title", "Grofvuil bij de school"),
              ("new_description", "Een tweede plek met grofvuil.")])
    eq(r.status, 303, "split (body %r)" % r.body[:400])
    new = kwestie_of(r.header("Location"))
    eq(srv.query("SELECT signal_id FROM kwestie_signals WHERE kwestie_id = ?", (new,)),
       [(sigs[1],)], "the signal moved to the new kwestie")
    eq(srv.query("SELECT signal_id FROM kwestie_signals WHERE kwestie_id = ?", (kid,)),
       [(sigs[0],)], "and left the old one")
    r = get(srv, "/werk/kwesties/%d" % new)
    with H.unchanged(srv):
        r2 = post(srv, "/werk/kwesties/%d/samenvoegen" % new,
                  {"version": str(version_of(r)), "into": str(new)})
        eq(r2.status, 422, "merging into itself")
    with H.unchanged(srv):
        r2 = post(srv, "/werk/kwesties/%d/samenvoegen" % new,
                  {"version": str(version_of(r)), "into": str(S["corp_kwestie"])})
        eq(r2.status, 403, "merging into the corporation's kwestie")
    r = post(srv, "/werk/kwesties/%d/samenvoegen" % new,
             {"version": str(version_of(r)), "into": str(kid)})
    eq(r.status, 303, "merged (body %r)" % r.body[:400])
    eq(r.header("Location"), "/werk/kwesties/%d?klaar=samengevoegd" % kid, "to the other")
    eq(srv.query("SELECT merged_into, status, outcome FROM kwesties WHERE id = ?", (new,)),
       [(kid, "afgerond", "dubbel")], "the merged one points to the other")
    eq(srv.query("SELECT COUNT(*) FROM kwestie_signals WHERE kwestie_id = ?", (kid,)),
       [(2,)], "its signal came along")
    r = get(srv, "/werk/kwesties/%d" % new)
    eq(r.status, 200, "the merged kwestie's page")
    contains(r.text, 'href="/werk/kwesties/%d"' % kid, "points to the other")
    not_contains(r.text, 'action="/werk/kwesties/%d"' % new, "without forms")
    with H.unchanged(srv):
        r = post(srv, "/werk/kwesties/%d" % new, {"version": "99", "title": "Nog eens"})
        eq(r.status, 409, "changing a merged kwestie")
        contains(r.text, "Deze kwestie is samengevoegd met een andere.", "said so")


@test
def the_list_of_kwesties_with_parked_ones(srv):
    check("kwestie" in S, "no kwestie")
    a = new_kwestie(srv, report(srv, "Losliggende stoeptegels in de straat",
                                category=None), "Losse stoeptegels")
    b = new_kwestie(srv, report(srv, "Kapotte speeltoestellen", category=None),
                    "Kapotte speeltoestellen")
    r = post(srv, "/werk/kwesties/%d" % a,
             change_fields(srv, a, status="geparkeerd", park_until="2999-01-01",
                           park_reason="Wachten op het budget van volgend jaar."))
    eq(r.status, 303, "parked (body %r)" % r.body[:300])
    r = post(srv, "/werk/kwesties/%d" % b,
             change_fields(srv, b, status="geparkeerd", park_until="2999-01-01",
                           park_reason="Wachten op de leverancier."))
    eq(r.status, 303, "parked")
    # b's date passes (before the unpark job has run)
    write(srv, "UPDATE kwesties SET park_until = '2020-01-01' WHERE id = ?", (b,))
    r = get(srv, "/werk/kwesties")
    eq(r.status, 200, "the list")
    order = [int(x) for x in re.findall(r'<tr><td><a href="/werk/kwesties/(\d+)"', r.text)]
    for k in (S["kwestie"], a, b):
        check(k in order, "kwestie %d on the list" % k)
    check(order.index(b) < order.index(a), "the one whose date passed is back among "
          "the open ones, before the one parked until later: %r" % order)
    check(order.index(S["kwestie"]) < order.index(a), "open before parked")
    contains(r.text, "weer aan de beurt", "marked as back on the list")
    # a kwestie with only the corporation in its chain, started from a
    # signal West answers for: on both lists (the chain; the signal)
    c = new_kwestie(srv, report(srv, "Lekkage in de portiek", category=None),
                    "Lekkage in de portiek", regisseur=str(S["corp"]))
    eq(srv.query("SELECT organisation_id FROM kwestie_chain WHERE kwestie_id = ?", (c,)),
       [(S["corp"],)], "only the corporation in the chain")
    contains(get(srv, "/werk/kwesties").text, 'href="/werk/kwesties/%d"' % c,
             "on West's list by its signal")
    contains(get(srv, "/werk/kwesties", "corp").text, 'href="/werk/kwesties/%d"' % c,
             "on the corporation's list by its chain")
    not_contains(get(srv, "/werk/kwesties", "corp").text,
                 'href="/werk/kwesties/%d"' % a, "not West's own")


@test
def english(srv):
    r = get(srv, "/werk/triage?lang=en")
    eq(r.status, 200, "triage in English")
    contains(r.text, "not yet in a kwestie", "the English lead")


if __name__ == "__main__":
    H.main(extra_args=["--demo"])
