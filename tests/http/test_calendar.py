"""The working-day calendar (docs/calendar.md) over HTTP.

- GET /api/v1/workdays?from=&days=[&organisation=] (public) answers the
  date N working days after from: weekends and the Dutch national
  holidays skipped, and with an organisation its closing days too.  A
  sweep over 2024-2027 agrees with a reference written here (Easter from
  python-dateutil, the holidays of the Algemene termijnenwet).
- Bad input is 400 with the field named, and nothing changes.
- An organisation's closing days (sluitingsdagen) on its beheer page:
  its coordinator and the beheerder add and remove them with plain forms
  (no JavaScript, CSRF as every form), a reason is required, a day in
  the past is refused, a day twice is 409; each change has its audit
  row; a medewerker, another organisation's coordinator and anyone
  signed out may not, and nothing changes.

Runs on SQLite, and on PostgreSQL when WIJKAGENDA_TEST_PG is set (the
harness makes the database; tests/run.sh runs every file in both passes).

    python3 tests/http/test_calendar.py --binary build/wijkagenda
"""
import datetime
import json
import os
import re
import sys
import urllib.parse
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
import smtpd  # noqa: E402
from harness import check, contains, eq, not_contains, test  # noqa: E402

SMTP = smtpd.SmtpServer(port=0).start()
ST = {"seq": 0}
API = "/api/v1/workdays"


def uniq():
    ST["seq"] += 1
    return "%d-%d" % (os.getpid(), ST["seq"])


def admin_h(extra=None):
    sid, csrf = ST["admin"]
    h = {"Cookie": "sid=" + sid, "X-CSRF-Token": csrf}
    h.update(extra or {})
    return h


def make_org(srv, kind="welzijn"):
    r = srv.request("POST", "/api/v1/organisations",
                    body=json.dumps({"name": "Kalender %s" % uniq(), "kind": kind,
                                     "areas": []}),
                    headers=admin_h({"Content-Type": "application/json"}))
    eq(r.status, 201, "make an organisation (body %r)" % r.body[:300])
    return r.json()["id"]


def member(srv, org, role):
    email = "kalender-%s-%s@example.org" % (role, uniq())
    n = len(SMTP.messages)
    r = srv.request("POST", "/api/v1/organisations/%d/members" % org,
                    body=json.dumps({"email": email, "role": role}),
                    headers=admin_h({"Content-Type": "application/json"}))
    eq(r.status, 201, "invite %s (body %r)" % (email, r.body[:200]))
    return H.choose_password(srv, H.mail_link(SMTP, email, after=n))


def workdays(srv, **q):
    return srv.get(API + "?" + urllib.parse.urlencode(q))


def date_of(srv, **q):
    r = workdays(srv, **q)
    eq(r.status, 200, "GET %s %r (body %r)" % (API, q, r.body[:300]))
    eq(r.header("Content-Type", "").split(";")[0], "application/json", "type")
    j = r.json()
    eq(sorted(j), ["date"], "the answer's keys")
    return j["date"]


def today_ams():
    return datetime.datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def page(org):
    return "/beheer/organisaties/%d/sluitingsdagen" % org


def post_day(srv, who, org, day, reason, csrf=True):
    sid, token = who
    fields = {"day": day, "reason": reason}
    if csrf:
        fields["csrf"] = token
    return srv.post_form(page(org), fields, headers={"Cookie": "sid=" + sid})


def remove_day(srv, who, org, day):
    sid, token = who
    return srv.post_form("%s/%s/verwijderen" % (page(org), day), {"csrf": token},
                         headers={"Cookie": "sid=" + sid})


def get_page(srv, who, org):
    return srv.get(page(org), headers={"Cookie": "sid=" + who[0]})


def audit_count(srv, action):
    return srv.query("SELECT COUNT(*) FROM audit_log WHERE action = ?", (action,))[0][0]


def stored_days(srv, org):
    return [tuple(r) for r in srv.query(
        "SELECT day, reason FROM organisation_closing_days WHERE organisation_id = ?"
        " ORDER BY day", (org,))]


def free_weekday(year, month, weekday):
    """The first date of that weekday (0 = Monday) in the month: July and
    the first days of it have no holiday."""
    d = datetime.date(year, month, 1)
    while d.weekday() != weekday:
        d += datetime.timedelta(days=1)
    return d


# --- a reference for the sweep ----------------------------------------------

def reference_holidays(year):
    from dateutil.easter import easter
    e = easter(year)
    king = datetime.date(year, 4, 27)
    if king.weekday() == 6:
        king = datetime.date(year, 4, 26)
    days = {datetime.date(year, 1, 1), datetime.date(year, 5, 5), king,
            datetime.date(year, 12, 25), datetime.date(year, 12, 26)}
    days |= {e + datetime.timedelta(days=k) for k in (-2, 0, 1, 39, 49, 50)}
    return days


def reference_add(start, n, holidays, closed=()):
    def works(d):
        return d.weekday() < 5 and d not in holidays and d not in closed
    d = start
    if n == 0:
        while not works(d):
            d += datetime.timedelta(days=1)
        return d
    while n:
        d += datetime.timedelta(days=1)
        if works(d):
            n -= 1
    return d


# ----------------------------------------------------------------------------

@test
def set_up(srv):
    ST["admin"] = H.choose_password(srv, H.admin_create(srv, "kalender-beheer@example.org"))
    ST["org"] = make_org(srv)
    ST["other"] = make_org(srv)
    ST["coordinator"] = member(srv, ST["org"], "coordinator")
    ST["medewerker"] = member(srv, ST["org"], "medewerker")
    ST["other_coordinator"] = member(srv, ST["other"], "coordinator")


@test
def workdays_skip_weekends_and_holidays(srv):
    # Tue 23 Dec 2025: Christmas, the weekend and New Year in between
    for n, want in ((0, "2025-12-23"), (1, "2025-12-24"), (2, "2025-12-29"),
                    (5, "2026-01-02")):
        eq(date_of(srv, **{"from": "2025-12-23", "days": n}), want, "2025-12-23 + %d" % n)
    # Easter 2026: Goede Vrijdag to Tweede Paasdag
    eq(date_of(srv, **{"from": "2026-04-02", "days": 1}), "2026-04-07", "over Easter")
    # Koningsdag 2025 on Saturday 26 April (the 27th a Sunday): Friday + 1
    eq(date_of(srv, **{"from": "2025-04-25", "days": 1}), "2025-04-28", "Koningsdag 2025")
    # Koningsdag 2026 on Monday 27 April
    eq(date_of(srv, **{"from": "2026-04-24", "days": 1}), "2026-04-28", "Koningsdag 2026")
    # days=0 on a Saturday: the next working day (Tweede Paasdag skipped)
    eq(date_of(srv, **{"from": "2026-04-04", "days": 0}), "2026-04-07", "days=0")
    # the language parameter is allowed as everywhere
    eq(date_of(srv, **{"from": "2026-04-08", "days": 0, "lang": "en"}), "2026-04-08",
       "with lang")


@test
def a_sweep_agrees_with_the_reference(srv):
    try:
        import dateutil.easter  # noqa: F401
    except ImportError:
        H.skip("python3-dateutil is not installed")
    holidays = set()
    for y in range(2024, 2030):
        holidays |= reference_holidays(y)
    d, checked = datetime.date(2024, 1, 1), 0
    conn = srv.conn()
    try:
        while d.year < 2028:
            for n in (0, 1, 3, 10):
                r = conn.get(API + "?from=%s&days=%d" % (d.isoformat(), n))
                eq(r.status, 200, "from %s days %d" % (d, n))
                eq(r.json()["date"], reference_add(d, n, holidays).isoformat(),
                   "from %s + %d" % (d, n))
                checked += 1
            d += datetime.timedelta(days=3)
    finally:
        conn.close()
    check(checked > 1900, "checked %d sums" % checked)
    # the largest sum: 3650 working days, into 2040
    for y in range(2030, 2042):
        holidays |= reference_holidays(y)
    start = datetime.date(2026, 4, 8)
    eq(date_of(srv, **{"from": start.isoformat(), "days": 3650}),
       reference_add(start, 3650, holidays).isoformat(), "the largest sum")


@test
def bad_input_is_400_with_the_field(srv):
    with H.unchanged(srv):
        for q, field in (({"days": 1}, "from"),
                         ({"from": "", "days": 1}, "from"),
                         ({"from": "2025-02-29", "days": 1}, "from"),
                         ({"from": "2024-02-30", "days": 1}, "from"),
                         ({"from": "2024-13-01", "days": 1}, "from"),
                         ({"from": "2024-1-01", "days": 1}, "from"),
                         ({"from": "2024-01-01x", "days": 1}, "from"),
                         ({"from": "0000-01-01", "days": 1}, "from"),
                         ({"from": "2024-01-01"}, "days"),
                         ({"from": "2024-01-01", "days": ""}, "days"),
                         ({"from": "2024-01-01", "days": "vijf"}, "days"),
                         ({"from": "2024-01-01", "days": "1.5"}, "days"),
                         ({"from": "2024-01-01", "days": "1e3"}, "days"),
                         ({"from": "2024-01-01", "days": " 1"}, "days"),
                         ({"from": "2024-01-01", "days": "+1"}, "days"),
                         ({"from": "2024-01-01", "days": "-1"}, "days"),
                         ({"from": "2024-01-01", "days": "3651"}, "days"),
                         ({"from": "2024-01-01", "days": "99999999999999999999"}, "days"),
                         ({"from": "2999-12-30", "days": "5"}, "days"),
                         ({"from": "2024-01-01", "days": 1, "organisation": "abc"},
                          "organisation"),
                         ({"from": "2024-01-01", "days": 1, "organisation": "0"},
                          "organisation"),
                         ({"from": "2024-01-01", "days": 1, "organisation": "-3"},
                          "organisation"),
                         ({"from": "2024-01-01", "days": 1, "organisation": "999999"},
                          "organisation")):
            r = workdays(srv, **q)
            H.check_json_error(r, 400, field)
            check(field in H.error_fields(r), "%r: %s named in fields (%r)"
                  % (q, field, r.body[:300]))
        r = workdays(srv, **{"from": "2024-01-01", "days": 1, "kleur": "rood"})
        H.check_json_error(r, 400)
        contains(r.json()["error"]["message"], "kleur", "the unknown parameter named")
        r = srv.request("POST", API + "?from=2024-01-01&days=1", body="")
        eq(r.status, 405, "POST is not allowed")


@test
def the_page_adds_a_closing_day_and_the_api_counts_it(srv):
    who, org = ST["coordinator"], ST["org"]
    year = today_ams().year + 1
    tue = free_weekday(year, 7, 1)  # the first Tuesday of July next year
    mon = tue - datetime.timedelta(days=1)
    ST["day"] = tue.isoformat()
    eq(date_of(srv, **{"from": mon.isoformat(), "days": 1, "organisation": org}),
       tue.isoformat(), "before: Monday + 1 is Tuesday")
    # the organisation's page links to it for who may change it
    r = srv.get("/beheer/organisaties/%d" % org, headers={"Cookie": "sid=" + who[0]})
    eq(r.status, 200, "the organisation's page")
    contains(r.text, 'href="%s"' % page(org), "a link to the closing days")
    r = get_page(srv, who, org)
    eq(r.status, 200, "the closing-days page")
    contains(r.text, "Er zijn geen sluitingsdagen", "none yet")
    contains(r.text, 'name="csrf"', "the form carries its CSRF token")
    contains(r.text, 'name="day"', "the day field")
    n = audit_count(srv, "organisation.closing_day.add")
    r = post_day(srv, who, org, ST["day"], "  Studiedag <b>team</b> ")
    eq(r.status, 303, "add (body %r)" % r.body[:300])
    eq(r.header("Location"), page(org) + "?klaar=toegevoegd", "back to the page")
    eq(stored_days(srv, org), [(ST["day"], "Studiedag <b>team</b>")], "stored, trimmed")
    eq(audit_count(srv, "organisation.closing_day.add"), n + 1, "its audit row")
    detail = json.loads(srv.query("SELECT detail FROM audit_log WHERE action ="
                                  " 'organisation.closing_day.add' ORDER BY id DESC")[0][0])
    eq(detail, {"day": ST["day"], "reason": "Studiedag <b>team</b>"}, "the audit detail")
    r = get_page(srv, who, org)
    contains(r.text, ST["day"], "the day listed")
    contains(r.text, "Studiedag &lt;b&gt;team&lt;/b&gt;", "the reason, escaped")
    not_contains(r.text, "<b>team</b>", "no markup from the reason")
    contains(r.text, "%s/%s/verwijderen" % (page(org), ST["day"]), "its remove button")
    r = srv.get(page(org) + "?klaar=toegevoegd", headers={"Cookie": "sid=" + who[0]})
    contains(r.text, "De sluitingsdag is toegevoegd", "the notice")
    # the API counts it for this organisation, and only for it
    eq(date_of(srv, **{"from": mon.isoformat(), "days": 1, "organisation": org}),
       (tue + datetime.timedelta(days=1)).isoformat(), "after: the closing day skipped")
    eq(date_of(srv, **{"from": mon.isoformat(), "days": 0, "organisation": org}),
       mon.isoformat(), "days=0 on the Monday")
    eq(date_of(srv, **{"from": tue.isoformat(), "days": 0, "organisation": org}),
       (tue + datetime.timedelta(days=1)).isoformat(), "days=0 on the closing day")
    eq(date_of(srv, **{"from": mon.isoformat(), "days": 1, "organisation": ST["other"]}),
       tue.isoformat(), "another organisation")
    eq(date_of(srv, **{"from": mon.isoformat(), "days": 1}), tue.isoformat(),
       "no organisation")
    # the beheerder may too
    wed = tue + datetime.timedelta(days=1)
    eq(post_day(srv, ST["admin"], org, wed.isoformat(), "Verhuizing").status, 303,
       "the beheerder adds one")
    eq(date_of(srv, **{"from": mon.isoformat(), "days": 1, "organisation": org}),
       (tue + datetime.timedelta(days=2)).isoformat(), "two closing days skipped")
    eq(remove_day(srv, ST["admin"], org, wed.isoformat()).status, 303,
       "the beheerder removes it")


@test
def bad_closing_days_are_refused_and_change_nothing(srv):
    who, org = ST["coordinator"], ST["org"]
    yesterday = (today_ams() - datetime.timedelta(days=1)).isoformat()
    future = "%d-08-04" % (today_ams().year + 1)
    with H.unchanged(srv):
        for day, reason, field in ((yesterday, "Te laat", "day"),
                                   ("2025-02-29", "Geen datum", "day"),
                                   ("2024-1-01", "Geen datum", "day"),
                                   ("", "Geen datum", "day"),
                                   (future, "", "reason"),
                                   (future, "   ", "reason"),
                                   (future, "x" * 201, "reason"),
                                   (future, "twee\nregels", "reason")):
            r = post_day(srv, who, org, day, reason)
            eq(r.status, 400, "%r %r (body %r)" % (day, reason[:20], r.body[:200]))
            contains(r.text, 'href="#f-%s"' % field, "the error summary names %s" % field)
            contains(r.text, 'aria-invalid="true"', "the field is marked")
        # the form keeps what was typed
        r = post_day(srv, who, org, yesterday, "Mijn reden")
        contains(r.text, 'value="Mijn reden"', "the reason kept")
        # the day twice
        r = post_day(srv, who, org, ST["day"], "Nog eens")
        eq(r.status, 409, "a day twice")
        contains(r.text, "is al een sluitingsdag", "said so")
        # without the CSRF token
        eq(post_day(srv, who, org, future, "Zonder token", csrf=False).status, 403,
           "no CSRF token")
        # removing: a day in the past, no date, a day that is not there
        eq(remove_day(srv, who, org, yesterday).status, 400, "remove a past day")
        eq(remove_day(srv, who, org, "2025-02-29").status, 400, "remove no date")
        eq(remove_day(srv, who, org, future).status, 404, "remove a day not there")


@test
def only_who_may_change_the_organisation(srv):
    org = ST["org"]
    future = "%d-08-05" % (today_ams().year + 1)
    with H.unchanged(srv):
        for name in ("medewerker", "other_coordinator"):
            who = ST[name]
            eq(get_page(srv, who, org).status, 403, "%s: the page" % name)
            eq(post_day(srv, who, org, future, "Niet van mij").status, 403,
               "%s: add" % name)
            eq(remove_day(srv, who, org, ST["day"]).status, 403, "%s: remove" % name)
        r = srv.get(page(org))
        check(r.status in (303, 401, 403), "signed out: %d" % r.status)
        r = srv.post_form(page(org), {"day": future, "reason": "Anoniem"})
        check(r.status in (303, 401, 403), "signed out, add: %d" % r.status)
    # the medewerker's organisation page offers no link
    r = srv.get("/beheer/organisaties/%d" % org,
                headers={"Cookie": "sid=" + ST["medewerker"][0]})
    eq(r.status, 200, "the medewerker sees the organisation")
    not_contains(r.text, page(org), "but no link to the closing days")


@test
def removing_a_closing_day(srv):
    who, org = ST["coordinator"], ST["org"]
    n = audit_count(srv, "organisation.closing_day.remove")
    r = remove_day(srv, who, org, ST["day"])
    eq(r.status, 303, "remove (body %r)" % r.body[:300])
    eq(r.header("Location"), page(org) + "?klaar=verwijderd", "back to the page")
    eq(stored_days(srv, org), [], "gone")
    eq(audit_count(srv, "organisation.closing_day.remove"), n + 1, "its audit row")
    detail = json.loads(srv.query("SELECT detail FROM audit_log WHERE action ="
                                  " 'organisation.closing_day.remove' ORDER BY id DESC")[0][0])
    eq(detail, {"day": ST["day"], "reason": "Studiedag <b>team</b>"}, "the audit detail")
    tue = datetime.date.fromisoformat(ST["day"])
    eq(date_of(srv, **{"from": (tue - datetime.timedelta(days=1)).isoformat(), "days": 1,
                       "organisation": org}), ST["day"], "counted as a working day again")
    # deleting the organisation takes its closing days along
    eq(post_day(srv, who, org, ST["day"], "Opnieuw").status, 303, "added again")
    r = srv.request("DELETE", "/api/v1/organisations/%d" % org, headers=admin_h())
    check(r.status in (200, 204), "delete the organisation: %d %r" % (r.status, r.body[:200]))
    eq(stored_days(srv, org), [], "its closing days went with it")
    H.check_json_error(workdays(srv, **{"from": "2026-01-05", "days": 1,
                                        "organisation": org}), 400, "organisation")


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port])
    finally:
        SMTP.stop()
