"""HTTP tests of promises to residents (toezeggingen; issue 13,
src/app/promise.c, src/web/promise.c) against the real server: making a
promise on a kwestie or a signal by a date or a number of working days,
closing it (gehaald, niet gehaald), changing its date (gewijzigd: the old
one stays visible, a new one replaces it), late computed from the date,
the kwestie's expected_by, and the timeline entries residents read.

Every bad input the issue lists is refused with a clear message naming
the field and changes nothing (H.unchanged): a date in the past, an
impossible date, both or neither of due and workdays, working days out of
range or not a number, an organisation outside the chain, another
municipality's organisation, a closed kwestie, a stale version, closing a
closed promise, a broken promise without an explanation, organisations
that do not steer the kwestie (403).

The expected due dates of working days are computed here from the
holiday rules (an implementation independent of src/domain/calendar.c).

    python3 tests/http/test_promises.py --binary build/wijkagenda
"""
import datetime
import json
import os
import sys
import time
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
import smtpd  # noqa: E402
from harness import check, eq, test  # noqa: E402

SMTP = smtpd.SmtpServer(port=0).start()
NOW = "2026-01-01T00:00:00.000Z"
KW = "/api/v1/kwesties"
ST = {"seq": 0}
ORGS = {"A": ("stadsdeel", ["A"]), "B": ("stadsdeel", ["N"]), "U": ("overig", []),
        "O": ("overig", [])}


def uniq():
    ST["seq"] += 1
    return "%d-%d" % (os.getpid(), ST["seq"])


def today():
    return datetime.datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def day(offset):
    return (today() + datetime.timedelta(days=offset)).isoformat()


# --- the Dutch calendar, written from the rules (not from our C) ----------

def easter(y):
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    return datetime.date(y, month, (h + l - 7 * m + 114) % 31 + 1)


def holidays(y):
    e = easter(y)
    td = datetime.timedelta
    king = datetime.date(y, 4, 27)
    if king.isoweekday() == 7:
        king = datetime.date(y, 4, 26)
    return {datetime.date(y, 1, 1), e - td(days=2), e, e + td(days=1), king,
            datetime.date(y, 5, 5), e + td(days=39), e + td(days=49), e + td(days=50),
            datetime.date(y, 12, 25), datetime.date(y, 12, 26)}


def workdays_after(start, n):
    d = start
    while n > 0:
        d += datetime.timedelta(days=1)
        if d.isoweekday() <= 5 and d not in holidays(d.year):
            n -= 1
    return d.isoformat()


# --- requests ---------------------------------------------------------------

def who_headers(who):
    if who is None:
        return {}
    if who == "admin":
        sid, csrf = ST["admin"]
    elif ":" in who:
        return {"Authorization": "Bearer " + ST["keys"][who]}
    else:
        sid, csrf = ST["people"][who]
    return {"Cookie": "sid=" + sid, "X-CSRF-Token": csrf}


def call(srv, method, path, obj=None, who="A", raw=None):
    h = who_headers(who)
    body = raw if raw is not None else (json.dumps(obj) if obj is not None else None)
    if body is not None:
        h["Content-Type"] = "application/json"
    return srv.request(method, path, body=body, headers=h)


def bad(srv, method, path, obj, status, field=None, who="A", raw=None):
    with H.unchanged(srv):
        r = call(srv, method, path, obj, who=who, raw=raw)
        H.check_json_error(r, status, field)
    return r


def org(letter):
    return ST["org"][letter]


def report(srv, buurt="AA01"):
    r = srv.post_json("/api/v1/signals", {"text": "Toezegging %s: losliggende stoeptegels"
                                          % uniq(), "buurt": buurt})
    eq(r.status, 201, "report (body %r)" % r.body[:200])
    return srv.query("SELECT id FROM signals WHERE token = ?", (r.json()["token"],))[0][0]


def new_kwestie(srv, chain=None):
    body = {"title": "Stoeptegels %s" % uniq(), "description": "Losse tegels.",
            "area": "AA01", "level": "buurt", "level_reason": "Speelt in een straat.",
            "signals": [report(srv)], "status": "opgepakt",
            "chain": chain or [{"organisation": org("A"), "role": "regisseur"},
                               {"organisation": org("U"), "role": "uitvoerder"}]}
    r = call(srv, "POST", KW, body)
    eq(r.status, 201, "create a kwestie (body %r)" % r.body[:300])
    return r.json()["id"]


def promise(srv, kid, body, who="A", status=201):
    r = call(srv, "POST", "%s/%d/promises" % (KW, kid), body, who=who)
    eq(r.status, status, "POST promise %r (body %r)" % (body, r.body[:300]))
    return r.json()


def patch(srv, pid, body, who="A", status=200):
    r = call(srv, "PATCH", "/api/v1/promises/%d" % pid, body, who=who)
    eq(r.status, status, "PATCH promise %r (body %r)" % (body, r.body[:300]))
    return r.json()


def kwestie(srv, kid):
    r = srv.get("%s/%d" % (KW, kid))
    eq(r.status, 200, "GET kwestie")
    return r.json()


def key_row(org_id, scope):
    prefix = os.urandom(4).hex()
    key = "wak_%s_%s" % (prefix, H.new_token())
    c = H.sqlite3.connect(ST["srv"].db_path, timeout=10)
    try:
        c.execute("INSERT INTO api_keys (organisation_id, name, prefix, key_hash, scopes,"
                  " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                  (org_id, "Toezeggingen %s" % uniq(), prefix, H.token_hash(key), scope,
                   NOW))
        c.commit()
    finally:
        c.close()
    return key


def write(sql, args=()):
    c = H.sqlite3.connect(ST["srv"].db_path, timeout=10)
    try:
        c.execute(sql, args)
        c.commit()
    finally:
        c.close()


# --------------------------------------------------------------------------

@test
def set_up(srv):
    ST["srv"] = srv
    ST["admin"] = H.choose_password(srv, H.admin_create(srv, "tz-admin@example.org"))
    ST["org"], ST["name"], ST["people"] = {}, {}, {}
    for letter, (kind, areas) in ORGS.items():
        name = "Toezeggingen %s %s" % (letter, uniq())
        r = srv.post_json("/api/v1/organisations",
                          {"name": name, "kind": kind, "areas": areas},
                          headers=who_headers("admin"))
        eq(r.status, 201, "organisation %s (body %r)" % (letter, r.body[:200]))
        ST["org"][letter], ST["name"][letter] = r.json()["id"], name
        email = "tz-mdw-%s@example.org" % letter.lower()
        n = len(SMTP.messages)
        r = srv.post_json("/api/v1/organisations/%d/members" % ST["org"][letter],
                          {"email": email, "role": "medewerker"},
                          headers=who_headers("admin"))
        eq(r.status, 201, "invite %s" % email)
        ST["people"][letter] = H.choose_password(srv, H.mail_link(SMTP, email, after=n))
    ST["keys"] = {"key:A": key_row(org("A"), "kwestie.manage"),
                  "work:A": key_row(org("A"), "signal.work")}


@test
def promise_by_date_is_on_the_kwestie(srv):
    kid = new_kwestie(srv)
    due = day(10)
    r = call(srv, "POST", "%s/%d/promises" % (KW, kid),
             {"what": "  We leggen de tegels opnieuw.  ", "organisation": org("U"),
              "due": due})
    eq(r.status, 201, "POST (body %r)" % r.body[:300])
    p = r.json()
    eq(r.header("Location"), "/api/v1/promises/%d" % p["id"], "Location")
    for f, v in (("what", "We leggen de tegels opnieuw."), ("organisation", org("U")),
                 ("organisation_name", ST["name"]["U"]), ("due", due),
                 ("made_on", today().isoformat()), ("status", "open"), ("late", False),
                 ("workdays", None), ("done_on", None), ("replaces", None),
                 ("version", 1)):
        eq(p[f], v, f)
    k = kwestie(srv, kid)
    eq([x["id"] for x in k["promises"]], [p["id"]], "the kwestie's promises")
    eq(k["expected_by"], due, "expected_by")
    eq(k["history"][-1]["what"], "promise", "a timeline entry")
    eq(k["history"][-1]["actor"], ST["name"]["U"], "by the promising organisation")
    eq(srv.query("SELECT COUNT(*) FROM audit_log WHERE action = 'promise.create'"
                 " AND entity_id = ?", (str(p["id"]),)), [(1,)], "audit row")
    # the earliest open promise is what residents may expect
    p2 = promise(srv, kid, {"what": "We maken de stoep schoon.", "due": day(3)})
    eq(p2["organisation"], org("A"), "without organisation: the actor's own")
    eq(kwestie(srv, kid)["expected_by"], day(3), "expected_by: the earliest")
    ST["kid"], ST["p1"], ST["p2"] = kid, p["id"], p2["id"]


@test
def promise_by_working_days(srv):
    kid = new_kwestie(srv)
    for n in (1, 5, 23):
        p = promise(srv, kid, {"what": "Binnen %d werkdagen gemaakt." % n, "workdays": n},
                    who="key:A")
        eq(p["workdays"], n, "workdays kept")
        eq(p["due"], workdays_after(today(), n), "due of %d working days" % n)


@test
def bad_promises_change_nothing(srv):
    kid = new_kwestie(srv)
    path = "%s/%d/promises" % (KW, kid)
    ok = {"what": "We leggen de tegels opnieuw.", "due": day(5)}
    for body, status, field in (
            (dict(ok, due=day(-1)), 422, "due"),
            (dict(ok, due="2027-02-30"), 422, "due"),
            (dict(ok, due="2027-2-03"), 422, "due"),
            (dict(ok, due=day(800)), 422, "due"),
            (dict(ok, workdays=5), 422, "due"),
            ({"what": ok["what"]}, 422, "due"),
            ({"what": ok["what"], "workdays": 0}, 422, "workdays"),
            ({"what": ok["what"], "workdays": -3}, 422, "workdays"),
            ({"what": ok["what"], "workdays": 251}, 422, "workdays"),
            ({"what": ok["what"], "workdays": "5"}, 400, "workdays"),
            ({"what": ok["what"], "workdays": 2.5}, 400, "workdays"),
            (dict(ok, what=""), 422, "what"),
            (dict(ok, what="x" * 501), 422, "what"),
            (dict(ok, what=42), 400, "what"),
            (dict(ok, organisation=org("B")), 422, "organisation"),
            (dict(ok, organisation=999999), 422, "organisation"),
            (dict(ok, colour="red"), 400, None)):
        bad(srv, "POST", path, body, status, field)
    bad(srv, "POST", path, None, 400, raw='{"what": "x", "due": ')
    # not steering: B (not in the chain), O (nothing to do with it), a key
    # without kwestie.manage, nobody
    for who, status in (("B", 403), ("O", 403), ("work:A", 403), (None, 401)):
        bad(srv, "POST", path, ok, status, who=who)
    bad(srv, "POST", "%s/999999/promises" % KW, ok, 403)


@test
def kept_broken_and_changed(srv):
    kid, p1, p2 = ST["kid"], ST["p1"], ST["p2"]
    # kept, today
    bad(srv, "PATCH", "/api/v1/promises/%d" % p1, {"version": 1, "status": "gehaald",
                                                   "done_on": day(1)}, 422, "done_on")
    bad(srv, "PATCH", "/api/v1/promises/%d" % p1, {"version": 1, "status": "open"},
        422, "status")
    bad(srv, "PATCH", "/api/v1/promises/%d" % p1, {"status": "gehaald"}, 400, "version")
    bad(srv, "PATCH", "/api/v1/promises/%d" % p1, {"version": 1, "status": "gehaald"},
        403, who="B")
    p = patch(srv, p1, {"version": 1, "status": "gehaald"}, who="U")
    eq((p["status"], p["done_on"], p["kept_on_time"], p["version"]),
       ("gehaald", today().isoformat(), True, 2), "kept")
    # a closed promise stays closed; a stale version is a conflict
    bad(srv, "PATCH", "/api/v1/promises/%d" % p1, {"version": 1, "status": "niet_gehaald",
                                                   "explanation": "Toch niet."}, 409)
    bad(srv, "PATCH", "/api/v1/promises/%d" % p1, {"version": 2, "status": "niet_gehaald",
                                                   "explanation": "Toch niet."}, 409)
    # changed: a new date and a reason; the old one stays
    bad(srv, "PATCH", "/api/v1/promises/%d" % p2, {"version": 1, "status": "gewijzigd",
                                                   "new_due": day(20)}, 422, "explanation")
    bad(srv, "PATCH", "/api/v1/promises/%d" % p2, {"version": 1, "status": "gewijzigd",
                                                   "explanation": "Materiaal is laat."},
        422, "new_due")
    bad(srv, "PATCH", "/api/v1/promises/%d" % p2,
        {"version": 1, "status": "gewijzigd", "explanation": "Materiaal is laat.",
         "new_due": day(3)}, 422, "new_due")
    bad(srv, "PATCH", "/api/v1/promises/%d" % p2,
        {"version": 1, "status": "gewijzigd", "explanation": "Materiaal is laat.",
         "new_due": day(-2)}, 422, "new_due")
    r = call(srv, "PATCH", "/api/v1/promises/%d" % p2,
             {"version": 1, "status": "gewijzigd", "explanation": "Materiaal is laat.",
              "new_workdays": 10})
    eq(r.status, 201, "changed (body %r)" % r.body[:300])
    new = r.json()
    eq((new["replaces"], new["status"], new["due"], new["what"]),
       (p2, "open", workdays_after(today(), 10), "We maken de stoep schoon."), "the new one")
    k = kwestie(srv, kid)
    old = [x for x in k["promises"] if x["id"] == p2][0]
    eq((old["status"], old["due"], old["explanation"]),
       ("gewijzigd", day(3), "Materiaal is laat."), "the old one stays visible")
    eq(k["expected_by"], new["due"], "expected_by follows the new date")
    # broken: needs an explanation
    bad(srv, "PATCH", "/api/v1/promises/%d" % new["id"],
        {"version": 1, "status": "niet_gehaald"}, 422, "explanation")
    p = patch(srv, new["id"], {"version": 1, "status": "niet_gehaald",
                               "explanation": "De aannemer is failliet."})
    eq((p["status"], p["kept_on_time"]), ("niet_gehaald", False), "broken")
    k = kwestie(srv, kid)
    eq(k["expected_by"], None, "nothing open: no expected_by")
    eq([h["what"] for h in k["history"] if h["what"].startswith("promise")],
       ["promise", "promise", "promise_kept", "promise_changed", "promise_broken"],
       "the timeline")


@test
def late_is_computed_not_typed(srv):
    kid = new_kwestie(srv)
    p = promise(srv, kid, {"what": "We hangen een bord op.", "due": day(2)})
    # as if made a week ago, due yesterday
    write("UPDATE promises SET made_on = ?, due = ? WHERE id = ?", (day(-7), day(-1), p["id"]))
    k = kwestie(srv, kid)
    eq([(x["late"], x["status"]) for x in k["promises"]], [(True, "open")], "late")
    p = patch(srv, p["id"], {"version": 1, "status": "gehaald"})
    eq((p["late"], p["kept_on_time"]), (False, False), "kept, but late")
    bad(srv, "POST", "%s/%d/promises" % (KW, kid), {"what": "x" * 10, "late": True},
        400)


@test
def promise_on_a_signal(srv):
    sid = report(srv)
    path = "/api/v1/triage/%d/promises" % sid
    bad(srv, "POST", path, {"what": "We kijken ernaar.", "workdays": 3}, 403, who="U")
    bad(srv, "POST", path, {"what": "We kijken ernaar.", "workdays": 3,
                            "organisation": org("U")}, 422, "organisation")
    r = call(srv, "POST", path, {"what": "We kijken ernaar.", "workdays": 3})
    eq(r.status, 201, "signal promise (body %r)" % r.body[:300])
    p = r.json()
    eq(p["organisation"], org("A"), "the organisation working on it")
    eq(srv.query("SELECT signal_id, kwestie_id FROM promises WHERE id = ?", (p["id"],)),
       [(sid, None)], "stored on the signal")
    eq(srv.query("SELECT kind, signal_id FROM timeline WHERE promise_id = ?", (p["id"],)),
       [("promise", sid)], "on the signal's timeline")


@test
def closed_kwestie_takes_no_promises(srv):
    kid = new_kwestie(srv)
    r = call(srv, "PATCH", "%s/%d" % (KW, kid), {"version": 1, "status": "afgerond",
                                                 "outcome": "opgelost"})
    eq(r.status, 200, "close (body %r)" % r.body[:300])
    bad(srv, "POST", "%s/%d/promises" % (KW, kid),
        {"what": "We komen nog langs.", "due": day(4)}, 409)


@test
def hostile_text_is_text(srv):
    kid = new_kwestie(srv)
    what = "<script>alert(1)</script> ]]> & \"quotes\""
    p = promise(srv, kid, {"what": what, "due": day(6)})
    eq(p["what"], what, "stored as sent")
    page = srv.get("/kwesties/%d" % kid).text
    check("<script>alert(1)" not in page, "script in the page")
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in page, "escaped in the page")


@test
def werk_page_makes_and_closes_promises(srv):
    """The professional's kwestie page: the record and the form beside it;
    the form makes a promise, the close form closes it; refusals are 422
    with the error at the field and change nothing."""
    kid = new_kwestie(srv)
    sid, csrf = ST["people"]["A"]
    cookie = {"Cookie": "sid=" + sid}
    page = srv.get("/werk/kwesties/%d" % kid, headers=cookie)
    eq(page.status, 200, "werk page")
    H.contains(page.text, "Iets toezeggen", "the promise form")
    H.contains(page.text, "Wat u kunt waarmaken", "the record beside it")
    H.contains(page.text, "Uw organisatie hield", "A has closed promises by now")
    H.contains(page.text, "data-readability", "the text is checked as it is typed")
    path = "/werk/kwesties/%d/toezeggingen" % kid
    with H.unchanged(srv):
        r = srv.post_form(path, {"csrf": csrf, "what": "We ruimen op.", "due": day(-3),
                                 "organisation": str(org("A"))}, headers=cookie)
        eq(r.status, 422, "a date in the past")
        H.contains(r.text, "Deze datum is al voorbij.", "the error")
        H.contains(r.text, "We ruimen op.", "what was typed is kept")
        r = srv.post_form(path, {"csrf": csrf, "what": "We ruimen op.", "due": day(3),
                                 "workdays": "4", "organisation": str(org("A"))},
                          headers=cookie)
        eq(r.status, 422, "both a date and working days")
        r = srv.post_form(path, {"what": "We ruimen op.", "due": day(3)}, headers=cookie)
        eq(r.status, 403, "without the CSRF token")
    r = srv.post_form(path, {"csrf": csrf, "what": "We ruimen het zwerfvuil op.",
                             "workdays": "2", "organisation": str(org("U"))},
                      headers=cookie)
    eq(r.status, 303, "made (body %r)" % r.text[:300])
    pid, due = srv.query("SELECT id, due FROM promises WHERE kwestie_id = ?", (kid,))[0]
    eq(due, workdays_after(today(), 2), "due from working days")
    page = srv.get("/werk/kwesties/%d?klaar=toegezegd" % kid, headers=cookie).text
    H.contains(page, "De toezegging staat op de pagina voor bewoners.", "notice")
    H.contains(page, 'action="/werk/kwesties/%d/toezeggingen/%d"' % (kid, pid), "close form")
    close = "/werk/kwesties/%d/toezeggingen/%d" % (kid, pid)
    other = new_kwestie(srv)
    with H.unchanged(srv):
        r = srv.post_form(close, {"csrf": csrf, "version": "1", "status": "niet_gehaald"},
                          headers=cookie)
        eq(r.status, 422, "broken without an explanation")
        r = srv.post_form("/werk/kwesties/%d/toezeggingen/%d" % (other, pid),
                          {"csrf": csrf, "version": "1", "status": "gehaald"},
                          headers=cookie)
        eq(r.status, 404, "a promise of another kwestie")
    r = srv.post_form(close, {"csrf": csrf, "version": "1", "status": "gehaald"},
                      headers=cookie)
    eq(r.status, 303, "kept")
    eq(srv.query("SELECT status FROM promises WHERE id = ?", (pid,)), [("gehaald",)],
       "stored")
    public = srv.get("/kwesties/%d" % kid).text
    H.contains(public, "Wat er beloofd is", "residents see the promises")
    H.contains(public, "We ruimen het zwerfvuil op.", "the promise")
    H.contains(public, "Gehaald op", "how it went")


HARD = ("Aangezien de gemeentelijke organisatie voornemens is om, overeenkomstig de "
        "vigerende beleidsuitgangspunten inzake de herinrichting van de openbare "
        "ruimte, alvorens definitieve besluitvorming plaatsvindt, een uitgebreide "
        "inventarisatie van de infrastructurele voorzieningen te realiseren, dienen "
        "belanghebbenden hun zienswijzen middels het daartoe bestemde formulier "
        "kenbaar te maken, teneinde een zorgvuldige belangenafweging te waarborgen.")


@test
def plain_language_is_checked_before_publishing(srv):
    """Texts for residents below the plain-language target (app/plain.h)
    are refused naming the field until the writer confirms; short texts
    are never refused; a message with a change is its own timeline entry."""
    kid = new_kwestie(srv)
    path = "%s/%d/promises" % (KW, kid)
    r = bad(srv, "POST", path, {"what": HARD, "due": day(5)}, 422, "what")
    check("moeilijk te lezen" in r.text, "the refusal says why: %r" % r.text[:300])
    r = call(srv, "POST", path, {"what": HARD, "due": day(5), "confirm_plain": True})
    eq(r.status, 201, "confirmed (body %r)" % r.body[:200])
    bad(srv, "POST", path, {"what": "We ruimen op.", "due": day(5),
                            "confirm_plain": "ja"}, 400, "confirm_plain")
    # a message with a change: checked the same way, then on the timeline
    k = kwestie(srv, kid)
    bad(srv, "PATCH", "%s/%d" % (KW, kid), {"version": k["version"], "message": HARD},
        422, "message")
    bad(srv, "PATCH", "%s/%d" % (KW, kid), {"version": k["version"],
                                            "message": "Kijk\u0007 hier"}, 422, "message")
    bad(srv, "PATCH", "%s/%d" % (KW, kid), {"version": k["version"],
                                            "description": HARD}, 422, "description")
    r = call(srv, "PATCH", "%s/%d" % (KW, kid),
             {"version": k["version"], "message": "De aannemer komt volgende week."})
    eq(r.status, 200, "a message alone (body %r)" % r.body[:200])
    k = kwestie(srv, kid)
    eq(k["version"], 1, "a message alone is no new version")
    eq(k["timeline"][-1]["kind"], "note", "the message's entry")
    eq(k["timeline"][-1]["message"], "De aannemer komt volgende week.", "its words")
    # the professional's form: the score and the confirmation after a refusal
    sid, csrf = ST["people"]["A"]
    cookie = {"Cookie": "sid=" + sid}
    form = {"csrf": csrf, "version": "1", "title": k["title"],
            "description": k["description"], "status": k["status"], "outcome": "",
            "level": k["level"], "urgency": str(k["urgency"]), "message": HARD}
    with H.unchanged(srv):
        r = srv.post_form("/werk/kwesties/%d" % kid, form, headers=cookie)
        eq(r.status, 422, "a hard message")
        H.contains(r.text, 'id="kw-plain"', "the box with the score")
        H.contains(r.text, 'name="confirm_plain"', "the confirmation")
        H.contains(r.text, "middels", "the officialese named")
    r = srv.post_form("/werk/kwesties/%d" % kid, dict(form, confirm_plain="1"),
                      headers=cookie)
    eq(r.status, 303, "confirmed (body %r)" % r.text[:300])
    eq(srv.query("SELECT COUNT(*) FROM timeline WHERE kwestie_id = ? AND kind = 'note'",
                 (kid,)), [(2,)], "two messages on the timeline")
    with H.unchanged(srv):
        r = srv.post_form("/werk/kwesties/%d/toezeggingen" % kid,
                          {"csrf": csrf, "what": HARD, "workdays": "5"}, headers=cookie)
        eq(r.status, 422, "a hard promise")
        H.contains(r.text, 'id="tz-plain"', "the box with the score")
    r = srv.post_form("/werk/kwesties/%d/toezeggingen" % kid,
                      {"csrf": csrf, "what": HARD, "workdays": "5", "confirm_plain": "1"},
                      headers=cookie)
    eq(r.status, 303, "a hard promise, confirmed")


MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]


def words(iso):
    d = datetime.date.fromisoformat(iso)
    return "%d %s %d" % (d.day, MONTHS[d.month - 1], d.year)


@test
def acknowledgement_says_who_and_by_when(srv):
    """A resident who leaves an address gets a mail at once saying who
    looks at the signal and by when: its category's norm (A3DMC in
    Signalen: 3 working days) counted from today, holidays skipped; the
    confirmation page, the tracking page and the JSON say the same."""
    n = len(SMTP.messages)
    r = srv.post_json("/api/v1/signals", {"text": "Toezegging %s: container zit vol" % uniq(),
                                          "buurt": "AA01", "category": "afval/container-is-vol",
                                          "email": "tz-melder@example.org"})
    eq(r.status, 201, "report (body %r)" % r.body[:200])
    tok = r.json()["token"]
    due = workdays_after(today(), 3)
    eq(r.json()["expected_by"], due, "expected_by in the answer")
    eq(r.json()["handled_by"], ST["name"]["A"], "the organisation responsible")
    m = SMTP.wait_for(n + 1, timeout=10)[-1]
    eq(m.rcpt_tos, ["tz-melder@example.org"], "to the resident")
    eq(m.msg["Subject"], "Uw melding is ontvangen", "subject")
    body = m.text()
    check(ST["name"]["A"] in body, "who looks at it: %r" % body)
    check(words(due) in body, "by when (%s): %r" % (words(due), body))
    check("/m/" + tok in body, "the tracking link")
    page = srv.get("/m/%s?nieuw=1" % tok).text
    H.contains(page, "U hoort uiterlijk %s" % words(due), "the confirmation page")
    H.contains(page, "%s bekijkt uw melding." % ST["name"]["A"], "who")
    # without a category: the default norm; without an address: no mail
    n = len(SMTP.messages)
    r = srv.post_json("/api/v1/signals", {"text": "Toezegging %s: iets anders" % uniq(),
                                          "buurt": "AA01"})
    eq(r.json()["expected_by"], workdays_after(today(), 5), "the default norm")
    time.sleep(0.5)
    eq(len(SMTP.messages), n, "no address, no mail")
    # a promise on the signal is what the resident may expect from then on
    sid = srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]
    r = call(srv, "POST", "/api/v1/triage/%d/promises" % sid,
             {"what": "We legen de container.", "due": day(1)})
    eq(r.status, 201, "a promise on it")
    j = srv.get("/api/v1/signals/" + tok).json()
    eq(j["expected_by"], day(1), "the promise's date")
    H.contains(srv.get("/m/" + tok).text, "Beloofd: uiterlijk", "the tracking page")


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port])
    finally:
        SMTP.stop()
