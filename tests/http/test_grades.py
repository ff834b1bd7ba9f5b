"""HTTP tests of residents' grades (rapportcijfers; issue 14,
src/app/grade.c, src/web/grade.c) against the real server and a real SMTP
sink on loopback:

- closing a kwestie invites its reporters who left an address (a link to
  their tracking page) and its confirmed followers (an invitation link),
  one mail per address, not again when it closes a second time; closing a
  lone signal invites its reporter;
- POST /api/v1/signals/{token}/grade: 201 a new grade, 200 the same
  person's grade changed within 14 days; the reporter who left an address
  and the same address through an invitation link are one person;
- every bad input of the issue changes nothing (H.unchanged): a grade
  outside 1-10, not a whole number ("8", 8.5, true), unknown fields, a
  wrong solved, an unknown token, a kwestie still open, a grade older than
  14 days (its created_at moved back in the database: no sleeping);
- a "nee" reopens the kwestie or the lone signal when the organisation
  chose so, and does nothing when not;
- the form of the tracking page and of the invitation link, without
  JavaScript, with CSRF; the grades on the professionals' kwestie page.

    python3 tests/http/test_grades.py --binary build/wijkagenda
"""
import hashlib
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
import smtpd  # noqa: E402
from harness import check, eq, test  # noqa: E402

SMTP = smtpd.SmtpServer(port=0).start()
NOW = "2026-01-01T00:00:00.000Z"
KW = "/api/v1/kwesties"
ST = {"seq": 0}


def uniq():
    ST["seq"] += 1
    return "%d-%d" % (os.getpid(), ST["seq"])


def who_headers(who="A"):
    if who is None:
        return {}
    sid, csrf = ST["people"][who]
    return {"Cookie": "sid=" + sid, "X-CSRF-Token": csrf}


def call(srv, method, path, obj=None, who="A", raw=None):
    h = who_headers(who)
    body = raw if raw is not None else (json.dumps(obj) if obj is not None else None)
    if body is not None:
        h["Content-Type"] = "application/json"
    return srv.request(method, path, body=body, headers=h)


def write(sql, args=()):
    c = H.sqlite3.connect(ST["srv"].db_path, timeout=10)
    try:
        c.execute(sql, args)
        c.commit()
    finally:
        c.close()


def report(srv, email=None, notify=None):
    body = {"text": "Cijfer %s: kapotte lantaarnpaal" % uniq(), "buurt": "AA01"}
    if email:
        body["email"] = email
    if notify:
        body["notify"] = notify
    r = srv.post_json("/api/v1/signals", body)
    eq(r.status, 201, "report (body %r)" % r.body[:200])
    tok = r.json()["token"]
    sid = srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0]
    return sid, tok


def new_kwestie(srv, signals):
    body = {"title": "Lantaarnpaal %s" % uniq(), "description": "Kapot.",
            "area": "AA01", "level": "buurt", "level_reason": "Een straat.",
            "signals": signals, "status": "opgepakt",
            "chain": [{"organisation": ST["org"]["A"], "role": "regisseur"}]}
    r = call(srv, "POST", KW, body)
    eq(r.status, 201, "create a kwestie (body %r)" % r.body[:300])
    return r.json()["id"]


def kwestie(srv, kid):
    r = srv.get("%s/%d" % (KW, kid))
    eq(r.status, 200, "GET kwestie")
    return r.json()


def close(srv, kid, outcome="opgelost"):
    v = kwestie(srv, kid)["version"]
    r = call(srv, "PATCH", "%s/%d" % (KW, kid),
             {"version": v, "status": "afgerond", "outcome": outcome})
    eq(r.status, 200, "close (body %r)" % r.body[:300])


def grade(srv, tok, obj, raw=None):
    path = "/api/v1/signals/%s/grade" % tok
    if raw is not None:
        return srv.request("POST", path, body=raw,
                           headers={"Content-Type": "application/json"})
    return srv.post_json(path, obj)


def follow_confirmed(srv, kid, email):
    muni = srv.query("SELECT municipality FROM kwesties WHERE id = ?", (kid,))[0][0]
    write("INSERT INTO followers (municipality, kwestie_id, email, created_at,"
          " confirmed_at) VALUES (?, ?, ?, ?, ?)", (muni, kid, email, NOW, NOW))


def mails_to(addr, after):
    return [m for m in list(SMTP.messages)[after:] if addr in m.rcpt_tos]


def wait_mail(addr, after, pattern, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for m in mails_to(addr, after):
            hit = re.search(pattern, m.text())
            if hit:
                return m, hit
        time.sleep(0.05)
    raise H.Failure("no mail to %s matching %r (mails: %r)"
                    % (addr, pattern, [m.text()[:300] for m in mails_to(addr, after)]))


def reopen_setting(on):
    write("UPDATE organisations SET reopen_on_nee = ? WHERE id = ?",
          (1 if on else 0, ST["org"]["A"]))


def bad(srv, tok, obj, status, field=None, raw=None):
    with H.unchanged(srv):
        r = grade(srv, tok, obj, raw=raw)
        H.check_json_error(r, status, field)
    return r


# --------------------------------------------------------------------------

@test
def set_up(srv):
    ST["srv"] = srv
    ST["admin"] = H.choose_password(srv, H.admin_create(srv, "cf-admin@example.org"))
    ST["org"], ST["people"] = {}, {}
    sid, csrf = ST["admin"]
    r = srv.post_json("/api/v1/organisations",
                      {"name": "Cijfers A %s" % uniq(), "kind": "stadsdeel",
                       "areas": ["A"]},
                      headers={"Cookie": "sid=" + sid, "X-CSRF-Token": csrf})
    eq(r.status, 201, "organisation (body %r)" % r.body[:200])
    ST["org"]["A"] = r.json()["id"]
    n = len(SMTP.messages)
    r = srv.post_json("/api/v1/organisations/%d/members" % ST["org"]["A"],
                      {"email": "cf-coord@example.org", "role": "coordinator"},
                      headers={"Cookie": "sid=" + sid, "X-CSRF-Token": csrf})
    eq(r.status, 201, "invite a coordinator")
    ST["people"]["A"] = H.choose_password(
        srv, H.mail_link(SMTP, "cf-coord@example.org", after=n))


@test
def resident_key_written_at_intake(srv):
    a, _ = report(srv, "Bewoner.Een@Example.org")
    b, _ = report(srv, "bewoner.een@example.org")
    c, _ = report(srv)
    rows = dict(srv.query("SELECT id, resident_key FROM signals WHERE id IN (?, ?, ?)",
                          (a, b, c)))
    check(rows[a] and len(rows[a]) == 32, "a key: %r" % rows[a])
    eq(rows[a], rows[b], "the same normalised address: the same key")
    check(rows[c] and rows[c] != rows[a], "without an address: the client's key")


@test
def closing_a_kwestie_invites_once_per_address(srv):
    H.outbox_settled(srv)
    s1, t1 = report(srv, "melder1@example.org")
    s2, t2 = report(srv, "melder1@example.org")  # the same person twice
    s3, t3 = report(srv)                        # no address: no mail
    s4, _ = report(srv, "geen-mail@example.org", "none")  # asked for none
    kid = new_kwestie(srv, [s1, s2, s3, s4])
    follow_confirmed(srv, kid, "volger1@example.org")
    follow_confirmed(srv, kid, "melder1@example.org")  # reporter and follower
    muni = srv.query("SELECT municipality FROM kwesties WHERE id = ?", (kid,))[0][0]
    write("INSERT INTO followers (municipality, kwestie_id, email, created_at)"
          " VALUES (?, ?, ?, ?)", (muni, kid, "onbevestigd@example.org", NOW))
    H.outbox_settled(srv)
    n = len(SMTP.messages)
    close(srv, kid)
    m, hit = wait_mail("melder1@example.org", n, r"/m/([A-Za-z0-9_-]{22})#cijfer")
    check(hit.group(1) in (t1, t2), "the reporter's own tracking page")
    eq(m.msg["Subject"], "Wat vindt u ervan? Geef een rapportcijfer", "subject")
    check("is afgerond" in m.text(), "says it is closed: %r" % m.text())
    m, hit = wait_mail("volger1@example.org", n, r"/beoordelen/([A-Za-z0-9_-]{22})")
    ST["invite"], ST["invite_kid"] = hit.group(1), kid
    H.outbox_settled(srv)
    eq(len(mails_to("melder1@example.org", n)), 1, "one mail per address")
    eq(len(mails_to("onbevestigd@example.org", n)), 0, "unconfirmed: no mail")
    eq(len(mails_to("geen-mail@example.org", n)), 0, "no mail for who asked none")
    eq(srv.query("SELECT COUNT(*) FROM grade_invites WHERE kwestie_id = ?", (kid,)),
       [(2,)], "an invitation row per person")
    ST["kid"], ST["t1"], ST["t2"], ST["t3"] = kid, t1, t2, t3
    # reopened by a professional and closed again: nobody is asked twice
    v = kwestie(srv, kid)["version"]
    r = call(srv, "PATCH", "%s/%d" % (KW, kid), {"version": v, "status": "opgepakt"})
    eq(r.status, 200, "reopen (body %r)" % r.body[:300])
    n = len(SMTP.messages)
    close(srv, kid)
    H.outbox_settled(srv)
    time.sleep(0.3)
    eq(len(mails_to("melder1@example.org", n)) + len(mails_to("volger1@example.org", n)),
       0, "a second close sends no second invitation")


@test
def grade_then_change_within_14_days(srv):
    kid, t1, t2 = ST["kid"], ST["t1"], ST["t2"]
    r = grade(srv, t1, {"grade": 8, "solved": "ja", "comment": "  Snel gemaakt.  "})
    eq(r.status, 201, "a new grade (body %r)" % r.body[:300])
    j = r.json()
    eq((j["grade"], j["solved"], j["comment"]), (8, "ja", "Snel gemaakt."), "as stored")
    eq(j["subject"], {"type": "kwestie", "id": kid}, "the kwestie is graded")
    check(j["changeable_until"] > j["created_at"], "until when: %r" % j)
    rows = srv.query("SELECT grade, solved, comment, kwestie_id, signal_id, buurt_code,"
                     " organisation_id, person_key FROM grades WHERE kwestie_id = ?",
                     (kid,))
    eq(len(rows), 1, "one row")
    eq(rows[0][:7], (8, "ja", "Snel gemaakt.", kid, None, "AA01", ST["org"]["A"]),
       "the row, with the area and the regisseur copied")
    key = srv.query("SELECT resident_key FROM signals WHERE token = ?", (t1,))[0][0]
    eq(rows[0][7], key, "the reporter with an address: their resident key")
    # the same person through their other signal: the same grade, changed
    r = grade(srv, t2, {"grade": 6, "solved": "deels"})
    eq(r.status, 200, "changed (body %r)" % r.body[:300])
    eq(r.json()["comment"], None, "the comment as sent now")
    eq(srv.query("SELECT COUNT(*), MAX(grade) FROM grades WHERE kwestie_id = ?", (kid,)),
       [(1, 6)], "still one row")
    eq(srv.query("SELECT COUNT(*) FROM audit_log WHERE action IN ('grade.add',"
                 " 'grade.change') AND entity_id = ?", (str(kid),)), [(2,)],
       "an audit row each")


@test
def a_follower_by_invitation_link(srv):
    tok, kid = ST["invite"], ST["invite_kid"]
    page = srv.get("/beoordelen/" + tok)
    eq(page.status, 200, "the invitation page")
    H.contains(page.text, "Geef een rapportcijfer", "its title")
    doc = H.parse_html(page.text)
    legends = [n.text() for n in doc.iter() if n.tag == "legend"]
    check(any("cijfer" in x for x in legends) and any("opgelost" in x for x in legends),
          "fieldsets with legends: %r" % legends)
    radios = [n.attrs.get("value") for n in doc.iter()
              if n.tag == "input" and n.attrs.get("name") == "grade"]
    eq(radios, [str(i) for i in range(1, 11)], "radio buttons 1-10")
    lc = H.cookies(page)["lc"]
    csrf = H.csrf_of(page)
    with H.unchanged(srv, "a form without its CSRF token"):
        r = srv.post_form("/beoordelen/" + tok, {"grade": "7", "solved": "ja"},
                          headers={"Cookie": "lc=" + lc})
        check(r.status in (400, 403), "refused: %d" % r.status)
    with H.unchanged(srv, "a form with 7.5"):
        r = srv.post_form("/beoordelen/" + tok,
                          {"grade": "7.5", "solved": "ja", "csrf": csrf},
                          headers={"Cookie": "lc=" + lc})
        eq(r.status, 400, "7.5 refused")
        H.contains(r.text, "heel getal", "the message")
    r = srv.post_form("/beoordelen/" + tok, {"grade": "7", "solved": "deels",
                                             "comment": "Duurde lang.", "csrf": csrf},
                      headers={"Cookie": "lc=" + lc})
    eq(r.status, 303, "graded (body %r)" % r.body[:300])
    eq(srv.query("SELECT COUNT(*) FROM grades WHERE kwestie_id = ?", (kid,)), [(2,)],
       "a second person")
    page = srv.get(r.header("Location"))
    H.contains(page.text, "Uw cijfer: 7.", "the page shows the grade")
    H.contains(page.text, "U kunt het wijzigen tot", "and until when")


@test
def the_same_address_by_invitation_counts_once(srv):
    s, t = report(srv, "beiden@example.org")
    kid = new_kwestie(srv, [s])
    follow_confirmed(srv, kid, "beiden@example.org")
    H.outbox_settled(srv)
    n = len(SMTP.messages)
    close(srv, kid)
    wait_mail("beiden@example.org", n, r"/m/%s#cijfer" % t)
    # an invitation row names the reporter's key: a link with it is them
    key = srv.query("SELECT resident_key FROM signals WHERE id = ?", (s,))[0][0]
    eq(srv.query("SELECT person_key FROM grade_invites WHERE kwestie_id = ?", (kid,)),
       [(key,)], "the invitation is the reporter's key")
    eq(grade(srv, t, {"grade": 9, "solved": "ja"}).status, 201, "graded")


def blake(*parts):
    return hashlib.blake2b(b"".join(p.encode() + b"\x1f" for p in parts),
                           digest_size=16).hexdigest()


@test
def an_older_signal_and_an_invitation_are_one_person(srv):
    # a signal from before resident_key (the column empty) whose reporter
    # also holds an invitation link: the key is the address's either way
    s, t = report(srv, "ouder@example.org")
    kid = new_kwestie(srv, [s])
    close(srv, kid)
    write("UPDATE signals SET resident_key = NULL WHERE id = ?", (s,))
    inv = H.new_token()
    muni = srv.query("SELECT municipality FROM kwesties WHERE id = ?", (kid,))[0][0]
    write("INSERT INTO grade_invites (token_hash, municipality, kwestie_id, person_key,"
          " created_at) VALUES (?, ?, ?, ?, ?)",
          (blake("grade.invite", inv), muni, kid,
           H.resident_key(srv, "kwestie.support", "ouder@example.org"), NOW))
    eq(grade(srv, t, {"grade": 6, "solved": "deels"}).status, 201, "by the tracking link")
    page = srv.get("/beoordelen/" + inv)
    H.contains(page.text, "Uw cijfer: 6.", "the invitation shows the same grade")
    r = srv.post_form("/beoordelen/" + inv, {"grade": "8", "solved": "ja",
                                            "csrf": H.csrf_of(page)},
                      headers={"Cookie": "lc=" + H.cookies(page)["lc"]})
    eq(r.status, 303, "changed by the invitation (body %r)" % r.body[:300])
    eq(srv.query("SELECT COUNT(*), MAX(grade) FROM grades WHERE kwestie_id = ?", (kid,)),
       [(1, 8)], "one person, one grade")


@test
def bad_grades_change_nothing(srv):
    t = ST["t3"]
    ok = {"grade": 8, "solved": "ja"}
    for obj, field in ((dict(ok, grade=0), "grade"), (dict(ok, grade=11), "grade"),
                       (dict(ok, grade=-3), "grade"), (dict(ok, grade="8"), "grade"),
                       (dict(ok, grade=8.5), "grade"), (dict(ok, grade=7.0), "grade"),
                       (dict(ok, grade=True), "grade"), ({"solved": "ja"}, "grade"),
                       (dict(ok, solved="misschien"), "solved"), ({"grade": 8}, "solved"),
                       (dict(ok, solved=1), "solved"),
                       (dict(ok, comment="x" * 1001), "comment"),
                       (dict(ok, comment="a\u0007b"), "comment")):
        bad(srv, t, obj, 400, field)
    bad(srv, t, None, 400, "extra", raw='{"grade": 8, "solved": "ja", "extra": 1}')
    bad(srv, t, None, 400, raw='{"grade": 8, "solved": "ja"')
    bad(srv, t, None, 400, raw='{"grade": 99999999999999999999999, "solved": "ja"}')
    # an unknown token, and one that is not a token at all
    bad(srv, "A" * 22, ok, 404)
    bad(srv, "nope", ok, 404)
    # a comment of exactly 1000 characters is fine (the limit, not below it)
    r = grade(srv, t, dict(ok, comment="y" * 1000))
    eq(r.status, 201, "1000 characters (body %r)" % r.body[:200])


@test
def an_open_kwestie_or_signal_cannot_be_graded(srv):
    s, t = report(srv)
    bad(srv, t, {"grade": 5, "solved": "nee"}, 409, "subject")
    kid = new_kwestie(srv, [s])
    r = bad(srv, t, {"grade": 5, "solved": "nee"}, 409, "subject")
    H.contains(H.error_fields(r)["subject"], "nog niet afgerond", "a clear message")
    check("Geef een rapportcijfer" not in srv.get("/m/" + t).text,
          "no grade section while open")
    close(srv, kid)
    check("Geef een rapportcijfer" in srv.get("/m/" + t).text, "the section once closed")


@test
def after_retention_the_reporter_is_the_same_person(srv):
    # retention blanks the address; the tracking link still works, and
    # must not make the reporter a second grader
    s, t = report(srv, email="bewaard-%s@example.nl" % uniq())
    kid = new_kwestie(srv, [s])
    close(srv, kid)
    eq(grade(srv, t, {"grade": 7, "solved": "ja"}).status, 201, "graded")
    write("UPDATE signal_contacts SET email = NULL, anonymised_at = ?"
          " WHERE signal_id = ?",
          (time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()), s))
    r = grade(srv, t, {"grade": 5, "solved": "deels"})
    eq(r.status, 200, "the same grade, changed (body %r)" % r.body[:300])
    eq(srv.query("SELECT COUNT(*), MAX(grade) FROM grades WHERE kwestie_id = ?",
                 (kid,)), [(1, 5)], "still one grade")


@test
def after_retention_a_lone_signals_reporter_is_the_same_person(srv):
    # the same for a signal closed on its own (the grade is on the signal,
    # not on a kwestie: the other half of the reporter's lookup)
    s, t = report(srv, email="alleen-bewaard-%s@example.nl" % uniq())
    r = call(srv, "POST", "/api/v1/triage/%d/close" % s,
             {"outcome": "opgelost", "reason": "De lamp is vervangen."})
    eq(r.status, 200, "closed (body %r)" % r.body[:300])
    r = grade(srv, t, {"grade": 8, "solved": "ja"})
    eq(r.status, 201, "graded (body %r)" % r.body[:300])
    eq(r.json()["subject"], {"type": "signal"}, "the signal is graded")
    write("UPDATE signal_contacts SET email = NULL, anonymised_at = ?"
          " WHERE signal_id = ?",
          (time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()), s))
    H.contains(srv.get("/m/" + t).text, "Uw cijfer: 8.", "the page knows the grade")
    r = grade(srv, t, {"grade": 6, "solved": "deels"})
    eq(r.status, 200, "the same grade, changed (body %r)" % r.body[:300])
    eq(srv.query("SELECT COUNT(*), MAX(grade), MAX(kwestie_id) FROM grades"
                 " WHERE signal_id = ?", (s,)), [(1, 6, None)], "still one grade")
    H.contains(srv.get("/m/" + t).text, "Uw cijfer: 6.", "and shows the new one")


@test
def after_14_days_a_grade_stands(srv):
    s, t = report(srv)
    kid = new_kwestie(srv, [s])
    close(srv, kid)
    eq(grade(srv, t, {"grade": 4, "solved": "deels"}).status, 201, "graded")
    # 14 days less a minute ago: still changeable
    write("UPDATE grades SET created_at = ? WHERE kwestie_id = ?",
          (time.strftime("%Y-%m-%dT%H:%M:%S.000Z",
                         time.gmtime(time.time() - 14 * 86400 + 60)), kid))
    eq(grade(srv, t, {"grade": 5, "solved": "deels"}).status, 200, "changed on day 14")
    write("UPDATE grades SET created_at = ? WHERE kwestie_id = ?",
          (time.strftime("%Y-%m-%dT%H:%M:%S.000Z",
                         time.gmtime(time.time() - 14 * 86400 - 60)), kid))
    r = bad(srv, t, {"grade": 9, "solved": "ja"}, 409, "grade")
    H.contains(H.error_fields(r)["grade"], "kan niet meer worden gewijzigd", "message")
    page = srv.get("/m/" + t).text
    H.contains(page, "Het kan niet meer worden gewijzigd", "the page says so")
    check('name="grade"' not in page, "and shows no form")


@test
def nee_reopens_only_when_the_organisation_chose_so(srv):
    # off: a "nee" is a grade, nothing more
    reopen_setting(False)
    s, t = report(srv)
    kid = new_kwestie(srv, [s])
    close(srv, kid)
    r = grade(srv, t, {"grade": 3, "solved": "nee", "comment": "Nog steeds kapot."})
    eq(r.status, 201, "graded")
    eq(r.json()["reopened"], False, "not reopened")
    eq(kwestie(srv, kid)["status"], "afgerond", "still closed")
    # on: the kwestie is opgepakt again, without outcome, with a public entry
    reopen_setting(True)
    s, t = report(srv)
    kid = new_kwestie(srv, [s])
    close(srv, kid)
    r = grade(srv, t, {"grade": 2, "solved": "nee", "comment": "Geheim voor de buurt."})
    eq(r.status, 201, "graded (body %r)" % r.body[:300])
    eq(r.json()["reopened"], True, "reopened")
    k = kwestie(srv, kid)
    eq((k["status"], k["outcome"]), ("opgepakt", None), "opgepakt, outcome cleared")
    eq(srv.query("SELECT status, closed_at FROM signals WHERE id = ?", (s,)),
       [("opgepakt", None)], "its signal follows")
    page = srv.get("/m/" + t).text
    H.contains(page, "Heropend: een bewoner gaf aan dat het niet is opgelost",
               "a public timeline entry in plain words")
    check("Geheim voor de buurt." not in page, "the comment is not public")
    check("Geheim voor de buurt." not in srv.get("/kwesties/%d" % kid).text,
          "not on the public kwestie page either")
    werk = srv.get("/werk/kwesties/%d" % kid, headers=who_headers())
    eq(werk.status, 200, "the professionals' page")
    H.contains(werk.text, "Geheim voor de buurt.", "professionals see the comment")
    H.contains(werk.text, "Rapportcijfers van bewoners", "in the grades section")
    # now open: grading again is refused until it closes again
    bad(srv, t, {"grade": 2, "solved": "nee"}, 409, "subject")
    # closed again: the same resident's "nee" changes the grade, but a
    # person reopens a kwestie once
    close(srv, kid)
    r = grade(srv, t, {"grade": 1, "solved": "nee"})
    eq(r.status, 200, "the grade changed (body %r)" % r.body[:300])
    eq(r.json()["reopened"], False, "not reopened a second time")
    eq(kwestie(srv, kid)["status"], "afgerond", "stays closed")
    # a "ja" never reopens
    s, t = report(srv)
    kid = new_kwestie(srv, [s])
    close(srv, kid)
    eq(grade(srv, t, {"grade": 9, "solved": "ja"}).json()["reopened"], False, "ja")
    eq(kwestie(srv, kid)["status"], "afgerond", "still closed")
    reopen_setting(False)


@test
def a_lone_signal_is_invited_graded_and_reopened(srv):
    reopen_setting(True)
    s, t = report(srv, "alleen@example.org")
    H.outbox_settled(srv)
    n = len(SMTP.messages)
    # "nee" on an open signal: refused
    bad(srv, t, {"grade": 3, "solved": "nee"}, 409, "subject")
    r = call(srv, "POST", "/api/v1/triage/%d/close" % s,
             {"outcome": "opgelost", "reason": "De lamp is vervangen."})
    eq(r.status, 200, "closed (body %r)" % r.body[:300])
    m, _ = wait_mail("alleen@example.org", n, r"/m/%s#cijfer" % t)
    check("afgehandeld" in m.text(), "a lone signal's words: %r" % m.text())
    r = grade(srv, t, {"grade": 4, "solved": "nee", "comment": "Hij brandt niet."})
    eq(r.status, 201, "graded (body %r)" % r.body[:300])
    eq(r.json()["subject"], {"type": "signal"}, "the signal is graded")
    eq(r.json()["reopened"], True, "back to triage")
    eq(srv.query("SELECT status, closed_at, outcome FROM signals WHERE id = ?", (s,)),
       [("gemeld", None, None)], "open again")
    eq(srv.query("SELECT signal_id, kwestie_id, organisation_id FROM grades"
                 " WHERE signal_id = ?", (s,)), [(s, None, ST["org"]["A"])],
       "the answering organisation copied")
    page = srv.get("/m/" + t).text
    H.contains(page, "Heropend:", "the public entry")
    check("Hij brandt niet." not in page, "the comment is not public")
    werk = srv.get("/werk/meldingen/%d" % s, headers=who_headers())
    eq(werk.status, 200, "the professionals' page of the signal")
    H.contains(werk.text, "Hij brandt niet.", "professionals see the comment")
    reopen_setting(False)


@test
def the_tracking_page_form(srv):
    s, t = report(srv)
    kid = new_kwestie(srv, [s])
    close(srv, kid)
    page = srv.get("/m/" + t)
    H.contains(page.text, 'id="cijfer"', "the section")
    lc, csrf = H.cookies(page)["lc"], H.csrf_of(page)
    path = "/m/%s/cijfer" % t
    with H.unchanged(srv, "no choice made"):
        r = srv.post_form(path, {"csrf": csrf}, headers={"Cookie": "lc=" + lc})
        eq(r.status, 400, "nothing chosen")
        H.contains(r.text, "Kies een cijfer", "the message")
    r = srv.post_form(path, {"grade": "10", "solved": "ja", "csrf": csrf},
                      headers={"Cookie": "lc=" + lc})
    eq(r.status, 303, "graded (body %r)" % r.body[:300])
    eq(r.header("Location"), "/m/%s?cijfer=1#cijfer" % t, "back to the page")
    page = srv.get("/m/%s?cijfer=1" % t).text
    H.contains(page, "Uw cijfer: 10.", "shown")
    H.contains(page, "Dank u.", "thanked")
    eq(srv.query("SELECT grade FROM grades WHERE kwestie_id = ?", (kid,)), [(10,)],
       "stored")


@test
def grading_is_rate_limited_like_intake(srv):
    s2 = H.Server(srv.binary, ["--rate-intake", "2"]).start(60)
    try:
        _, t = report(s2)  # the first of two
        eq(grade(s2, t, {"grade": 7, "solved": "ja"}).status, 409, "the second: open")
        # (the limit's own count is stored: compare the grades, not all)
        r = grade(s2, t, {"grade": 7, "solved": "ja"})
        H.check_json_error(r, 429)
        eq(s2.query("SELECT COUNT(*) FROM grades"), [(0,)], "nothing stored")
        check((r.header("Retry-After") or "").isdigit(), "Retry-After: %r"
              % r.header("Retry-After"))
    finally:
        s2.stop()
        s2.cleanup()


@test
def the_coordinator_chooses_on_the_beheer_page(srv):
    oid = ST["org"]["A"]
    path = "/beheer/organisaties/%d" % oid
    sid, csrf = ST["people"]["A"]
    page = srv.get(path, headers={"Cookie": "sid=" + sid})
    eq(page.status, 200, "the organisation's page")
    H.contains(page.text, 'action="%s/cijfers"' % path, "the form")
    check('name="reopen_on_nee"' in page.text, "its checkbox")
    r = srv.post_form(path + "/cijfers", {"reopen_on_nee": "1", "csrf": csrf},
                      headers={"Cookie": "sid=" + sid})
    eq(r.status, 303, "set (body %r)" % r.body[:300])
    eq(srv.query("SELECT reopen_on_nee FROM organisations WHERE id = ?", (oid,)), [(1,)],
       "on")
    check("checked" in srv.get(path, headers={"Cookie": "sid=" + sid}).text.split(
        'name="reopen_on_nee"')[1][:80], "shown checked")
    eq(srv.query("SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.update'"
                 " AND entity_id = ? AND detail LIKE '%reopen_on_nee%'", (str(oid),)),
       [(1,)], "an audit row")
    with H.unchanged(srv, "a value that is not a checkbox's"):
        r = srv.post_form(path + "/cijfers", {"reopen_on_nee": "ja", "csrf": csrf},
                          headers={"Cookie": "sid=" + sid})
        eq(r.status, 400, "refused")
    r = srv.post_form(path + "/cijfers", {"csrf": csrf}, headers={"Cookie": "sid=" + sid})
    eq(r.status, 303, "unset")
    eq(srv.query("SELECT reopen_on_nee FROM organisations WHERE id = ?", (oid,)), [(0,)],
       "off")


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port])
    finally:
        SMTP.stop()
