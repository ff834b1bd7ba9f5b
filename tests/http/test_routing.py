"""Routing of new signals is data (docs/routing.md): rules category x area
-> organisation that the beheerder edits, a dry run that says who would get
a report and why, and the old hard-wired rule ("the municipality's own
gemeente and stadsdeel organisations of the area") as the default rule.

- Every municipality starts with the default rule; it covers every
  category everywhere, and the last such rule cannot be deleted (409,
  nothing changes).
- A rule "category X in stadsdeel West -> a welzijn organisation" links
  new signals of X (and its sub-categories) in West to it at intake, and
  only those; its members then work on them and read the contact data,
  as test_contact_access.py's model says of an organisation that answers
  for a signal.  Deleting the rule ends that at once (the view
  signal_access asks signal_responsible, which reads the rules).
- The dry run names every organisation and the rule that brings it, in
  words, and agrees with what intake then does, for every combination
  tried.
- Only the beheerder: members, coordinators and anyone else get 403 on
  every route and nothing changes.  Bad input is refused with the field
  named and nothing changes.

    python3 tests/http/test_routing.py --binary build/wijkagenda
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
import smtpd  # noqa: E402
from harness import check, contains, eq, test  # noqa: E402

SMTP = smtpd.SmtpServer(port=0).start()
WEST, WEST_BUURT, CENTRUM_BUURT = "E", "EA01", "AA01"
ST = {"seq": 0}
RULES = "/api/v1/routing/rules"


def uniq():
    ST["seq"] += 1
    return "%d-%d" % (os.getpid(), ST["seq"])


def admin_h(extra=None):
    sid, csrf = ST["admin"]
    h = {"Cookie": "sid=" + sid, "X-CSRF-Token": csrf}
    h.update(extra or {})
    return h


def as_admin(srv, method, path, obj=None, raw=None):
    body = raw if raw is not None else (json.dumps(obj) if obj is not None else None)
    return srv.request(method, path, body=body,
                       headers=admin_h({"Content-Type": "application/json"}))


def make_org(srv, kind, areas):
    r = as_admin(srv, "POST", "/api/v1/organisations",
                 {"name": "Routering %s %s" % (kind, uniq()), "kind": kind,
                  "areas": areas})
    eq(r.status, 201, "make a %s organisation (body %r)" % (kind, r.body[:300]))
    return r.json()["id"]


def member(srv, org, role):
    email = "routering-%s-%s@example.org" % (role, uniq())
    n = len(SMTP.messages)
    r = as_admin(srv, "POST", "/api/v1/organisations/%d/members" % org,
                 {"email": email, "role": role})
    eq(r.status, 201, "invite %s (body %r)" % (email, r.body[:200]))
    return H.choose_password(srv, H.mail_link(SMTP, email, after=n))


def report(srv, buurt, category=None):
    """A resident reports through the real intake: (id, email, phone)."""
    email = "melder-%s@example.org" % uniq()
    phone = "06-%08d" % (20000000 + ST["seq"])
    body = {"text": "Routering %s: er ligt van alles op straat" % uniq(),
            "buurt": buurt, "email": email, "phone": phone}
    if category:
        body["category"] = category
    r = srv.post_json("/api/v1/signals", body)
    eq(r.status, 201, "report (body %r)" % r.body[:300])
    sid = srv.query("SELECT id FROM signals WHERE token = ?", (r.json()["token"],))[0][0]
    return sid, email, phone


def linked(srv, signal_id):
    return {r[0] for r in srv.query("SELECT organisation_id FROM signal_organisations"
                                    " WHERE signal_id = ?", (signal_id,))}


def rules(srv):
    r = as_admin(srv, "GET", RULES)
    eq(r.status, 200, "GET %s (body %r)" % (RULES, r.body[:300]))
    return r.json()["rules"]


def dry(srv, category, buurt):
    q = "?buurt=%s" % buurt + ("&category=%s" % category if category else "")
    r = as_admin(srv, "GET", "/api/v1/routing/dry-run" + q)
    eq(r.status, 200, "dry run %s (body %r)" % (q, r.body[:300]))
    return r.json()


def audit_count(srv, action):
    return srv.query("SELECT COUNT(*) FROM audit_log WHERE action = ?", (action,))[0][0]


# --------------------------------------------------------------------------

@test
def set_up(srv):
    ST["admin"] = H.choose_password(srv, H.admin_create(srv, "routering-beheer@example.org"))
    # a main category with at least two subs, and a sub of another main
    subs = srv.query("SELECT parent_code, code FROM categories WHERE parent_code IS NOT NULL"
                     " AND is_active = 1 ORDER BY parent_code, code")
    by_main = {}
    for main, code in subs:
        by_main.setdefault(main, []).append(code)
    mains = sorted(m for m, cs in by_main.items() if len(cs) >= 2)
    check(len(mains) >= 2, "categories: %r" % mains)
    ST["main"], ST["sub"], ST["sub2"] = mains[0], by_main[mains[0]][0], by_main[mains[0]][1]
    ST["other"] = by_main[mains[1]][0]
    ST["sd_west"] = make_org(srv, "stadsdeel", [WEST])
    ST["welzijn"] = make_org(srv, "welzijn", [])
    ST["welzijn_member"] = member(srv, ST["welzijn"], "medewerker")
    ST["sd_coordinator"] = member(srv, ST["sd_west"], "coordinator")


@test
def every_municipality_starts_with_the_default_rule(srv):
    got = rules(srv)
    eq(len(got), 1, "rules at the start: %r" % got)
    d = got[0]
    eq((d["category"], d["area"], d["organisation"], d["default"], d["deletable"]),
       (None, None, None, True, False), "the default rule")
    contains(d["description"], "eigen organisaties van de gemeente", "its description")
    # the old rule still holds through it: West's stadsdeel gets West's reports
    sid, _, _ = report(srv, WEST_BUURT, ST["sub"])
    eq(linked(srv, sid), {ST["sd_west"]}, "organisations linked by the default rule")


@test
def a_rule_sends_a_category_in_an_area_to_a_welzijn_organisation(srv):
    n = audit_count(srv, "routing.rule.create")
    r = as_admin(srv, "POST", RULES, {"category": ST["main"], "area": WEST,
                                      "organisation": ST["welzijn"],
                                      "note": "  het buurtteam pakt dit op "})
    eq(r.status, 201, "add a rule (body %r)" % r.body[:300])
    rule = r.json()
    ST["rule"] = rule["id"]
    eq((rule["category"], rule["area"], rule["organisation"], rule["default"],
        rule["note"]), (ST["main"], WEST, ST["welzijn"], False, "het buurtteam pakt dit op"),
       "the rule as stored")
    contains(rule["description"], "subcategorieën", "a main category takes its subs")
    contains(rule["description"], "stadsdeel", "the area in words")
    eq(audit_count(srv, "routing.rule.create"), n + 1, "audit rows routing.rule.create")
    detail = json.loads(srv.query("SELECT detail FROM audit_log WHERE action ="
                                  " 'routing.rule.create' ORDER BY id DESC")[0][0])
    eq((detail["category"], detail["area"], detail["organisation"]),
       (ST["main"], WEST, ST["welzijn"]), "the audit row's detail")
    # intake: X's subs in West go to the welzijn organisation too
    both = {ST["sd_west"], ST["welzijn"]}
    ST["hit"] = report(srv, WEST_BUURT, ST["sub"])
    eq(linked(srv, ST["hit"][0]), both, "a sub-category of X in West")
    ST["hit2"] = report(srv, WEST_BUURT, ST["sub2"])
    eq(linked(srv, ST["hit2"][0]), both, "another sub-category of X in West")
    # and nothing else
    ST["miss"] = [report(srv, WEST_BUURT, ST["other"]), report(srv, WEST_BUURT),
                  report(srv, CENTRUM_BUURT, ST["sub"])]
    for (sid, _, _), want in zip(ST["miss"], [{ST["sd_west"]}, {ST["sd_west"]}, set()]):
        got = linked(srv, sid) & {ST["sd_west"], ST["welzijn"]}
        eq(got, want, "signal %d: organisations linked" % sid)


def member_get(srv, who, path, method="GET"):
    sid, csrf = who
    if method == "GET":
        return srv.get(path, headers={"Cookie": "sid=" + sid})
    return srv.post_form(path, [("csrf", csrf)], headers={"Cookie": "sid=" + sid})


@test
def its_members_work_on_those_signals_and_read_the_contact_data(srv):
    who = ST["welzijn_member"]
    r = member_get(srv, who, "/werk/meldingen")
    eq(r.status, 200, "the list")
    listed = {int(x) for x in re.findall(r'href="/werk/meldingen/(\d+)"', r.text)}
    eq(listed, {ST["hit"][0], ST["hit2"][0]}, "the welzijn member's list")
    for sid, email, phone in (ST["hit"], ST["hit2"]):
        eq(member_get(srv, who, "/werk/meldingen/%d" % sid).status, 200,
           "signal %d's page" % sid)
        r = member_get(srv, who, "/werk/meldingen/%d/contact" % sid, "POST")
        eq(r.status, 200, "signal %d's contact data" % sid)
        check(email in r.text and phone in r.text, "the contact data are shown")
    for sid, email, _ in ST["miss"]:
        eq(member_get(srv, who, "/werk/meldingen/%d" % sid).status, 403,
           "signal %d (not routed to it)" % sid)
        r = member_get(srv, who, "/werk/meldingen/%d/contact" % sid, "POST")
        eq(r.status, 403, "signal %d's contact data" % sid)
        check(email not in r.text, "no contact data of signal %d" % sid)


@test
def a_corrected_category_is_routed_again(srv):
    """Triage corrects a signal's category: the rules of the new one bring
    their organisations, as intake would have."""
    sid, _, _ = report(srv, WEST_BUURT, ST["other"])
    eq(linked(srv, sid), {ST["sd_west"]}, "before: the default rule only")
    who = ST["welzijn_member"]
    eq(member_get(srv, who, "/werk/meldingen/%d" % sid).status, 403,
       "the welzijn member before the correction")
    s, csrf = ST["sd_coordinator"]
    r = srv.request("POST", "/api/v1/triage/%d/category" % sid,
                    body=json.dumps({"category": ST["sub"]}),
                    headers={"Cookie": "sid=" + s, "X-CSRF-Token": csrf,
                             "Content-Type": "application/json"})
    eq(r.status, 200, "correct the category (body %r)" % r.body[:300])
    eq(linked(srv, sid), {ST["sd_west"], ST["welzijn"]}, "after: the rule of X too")
    eq(member_get(srv, who, "/werk/meldingen/%d" % sid).status, 200,
       "the welzijn member after the correction")


@test
def the_dry_run_names_the_organisation_and_the_rule(srv):
    j = dry(srv, ST["sub"], WEST_BUURT)
    eq(j["category"], ST["sub"], "the category asked")
    by_id = {o["id"]: o for o in j["organisations"]}
    eq(set(by_id), {ST["sd_west"], ST["welzijn"]}, "who would get it")
    w = by_id[ST["welzijn"]]
    eq([(x["rule"], x["default"]) for x in w["rules"]], [(ST["rule"], False)],
       "the welzijn organisation's rule")
    contains(w["rules"][0]["reason"], "Regel %d" % ST["rule"], "the reason names the rule")
    contains(w["rules"][0]["reason"], w["name"], "the reason names the organisation")
    default = rules(srv)[0]["id"]
    s = by_id[ST["sd_west"]]
    eq([(x["rule"], x["default"]) for x in s["rules"]], [(default, True)],
       "the stadsdeel's rule")
    contains(s["rules"][0]["reason"], "West", "it works in West")
    # the dry run says what intake then does, for every combination
    for cat in (ST["sub"], ST["main"], ST["other"], None):
        for buurt in (WEST_BUURT, CENTRUM_BUURT):
            want = {o["id"] for o in dry(srv, cat, buurt)["organisations"]}
            sid, _, _ = report(srv, buurt, cat)
            eq(linked(srv, sid), want, "intake against the dry run for %s in %s"
               % (cat, buurt))


@test
def the_page_lists_adds_tries_and_deletes(srv):
    sid, csrf = ST["admin"]
    h = {"Cookie": "sid=" + sid}
    r = srv.get("/beheer/routering", headers=h)
    eq(r.status, 200, "the page")
    contains(r.text, "Routering van meldingen", "its title")
    name = srv.query("SELECT name FROM organisations WHERE id = ?", (ST["welzijn"],))[0][0]
    contains(r.text, "<td>%s</td>" % name, "the rule in words")
    contains(r.text, "Wie krijgt een melding van deze categorie hier, en waarom",
             "the dry-run form")
    r = srv.get("/beheer/routering?dry_category=%s&buurt=%s" % (ST["sub"], WEST_BUURT),
                headers=h)
    eq(r.status, 200, "the dry run on the page")
    contains(r.text, name, "the dry run names the organisation")
    contains(r.text, "Regel %d" % ST["rule"], "and the rule")
    r = srv.get("/werk", headers=h)
    contains(r.text, 'href="/beheer/routering"', "the beheer start page links it")
    # add by the form, then delete by its button
    before = {x["id"] for x in rules(srv)}
    r = srv.post_form("/beheer/routering", [("category", ST["other"]), ("area", ""),
                                             ("organisation", str(ST["sd_west"])),
                                             ("note", ""), ("csrf", csrf)], headers=h)
    eq((r.status, r.header("Location")), (303, "/beheer/routering?klaar=toegevoegd"),
       "add by the form (body %r)" % r.body[:300])
    new = {x["id"] for x in rules(srv)} - before
    eq(len(new), 1, "one rule added")
    rid = new.pop()
    r = srv.post_form("/beheer/routering/%d/verwijderen" % rid, [("csrf", csrf)], headers=h)
    eq((r.status, r.header("Location")), (303, "/beheer/routering?klaar=verwijderd"),
       "delete by the form")
    eq({x["id"] for x in rules(srv)}, before, "the rules after")
    # a bad form: 422, the field named, nothing changed
    with H.unchanged(srv):
        r = srv.post_form("/beheer/routering", [("category", "bestaat/niet"), ("area", ""),
                                                 ("organisation", ""), ("csrf", csrf)],
                          headers=h)
        eq(r.status, 422, "an unknown category by the form")
        contains(r.text, 'href="#f-category"', "the error summary names the field")


@test
def nobody_but_the_beheerder(srv):
    default = rules(srv)[0]["id"]
    people = {"a welzijn medewerker": ST["welzijn_member"],
              "a stadsdeel coordinator": ST["sd_coordinator"]}
    with H.unchanged(srv):
        for who, (sid, csrf) in people.items():
            h = {"Cookie": "sid=" + sid, "X-CSRF-Token": csrf,
                 "Content-Type": "application/json"}
            for method, path, body in (
                    ("GET", RULES, None),
                    ("POST", RULES, json.dumps({"organisation": ST["welzijn"]})),
                    ("DELETE", "%s/%d" % (RULES, ST["rule"]), None),
                    ("DELETE", "%s/%d" % (RULES, default), None),
                    ("GET", "/api/v1/routing/dry-run?buurt=" + WEST_BUURT, None)):
                r = srv.request(method, path, body=body, headers=h)
                eq(r.status, 403, "%s: %s %s" % (who, method, path))
            ch = {"Cookie": "sid=" + sid}
            eq(srv.get("/beheer/routering", headers=ch).status, 403, who + ": the page")
            r = srv.post_form("/beheer/routering", [("organisation", str(ST["welzijn"])),
                                                     ("csrf", csrf)], headers=ch)
            eq(r.status, 403, who + ": the form")
            r = srv.post_form("/beheer/routering/%d/verwijderen" % ST["rule"],
                              [("csrf", csrf)], headers=ch)
            eq(r.status, 403, who + ": the delete button")
        eq(srv.request("GET", RULES).status, 401, "nobody signed in")


@test
def bad_input_is_refused_and_changes_nothing(srv):
    cases = [
        ({"category": "bestaat/niet"}, 422, "category"),
        ({"category": "Afval!"}, 400, "category"),
        ({"category": 7}, 400, "category"),
        ({"area": "ZZ99"}, 422, "area"),
        ({"area": "E 1"}, 400, "area"),
        ({"organisation": 999999}, 422, "organisation"),
        ({"organisation": "welzijn"}, 400, "organisation"),
        ({"organisation": -1}, 400, "organisation"),
        ({"note": "x" * 201}, 400, "note"),
        ({"colour": "rood"}, 400, "colour"),
        ({"category": ST["main"], "area": WEST, "organisation": ST["welzijn"]}, 409, None),
        ({}, 409, None),  # the default rule exists
    ]
    with H.unchanged(srv):
        for body, status, field in cases:
            H.check_json_error(as_admin(srv, "POST", RULES, body), status, field)
        H.check_json_error(as_admin(srv, "POST", RULES, raw='{"category": '), 400)
        H.check_json_error(as_admin(srv, "POST", RULES, raw='[1]'), 400)
        H.check_json_error(as_admin(srv, "DELETE", RULES + "/999999"), 404)
        H.check_json_error(as_admin(srv, "DELETE", RULES + "/nul"), 404)
        for q, status, field in (("", 400, "buurt"), ("?buurt=ZZ99", 422, "buurt"),
                                 ("?buurt=" + WEST, 422, "buurt"),
                                 ("?buurt=E%20A", 400, "buurt"),
                                 ("?buurt=%s&category=bestaat/niet" % WEST_BUURT, 422,
                                  "category"),
                                 ("?buurt=%s&kleur=rood" % WEST_BUURT, 400, "kleur")):
            H.check_json_error(as_admin(srv, "GET", "/api/v1/routing/dry-run" + q),
                               status, field)


@test
def the_last_rule_that_covers_everything_stays(srv):
    default = [x for x in rules(srv) if x["default"] and x["category"] is None
               and x["area"] is None][0]["id"]
    with H.unchanged(srv):
        H.check_json_error(as_admin(srv, "DELETE", "%s/%d" % (RULES, default)), 409, "rule")
    # another rule for everything, to a named organisation: now it may go
    r = as_admin(srv, "POST", RULES, {"organisation": ST["sd_west"]})
    eq(r.status, 201, "a second rule for everything (body %r)" % r.body[:300])
    catch_all = r.json()["id"]
    n = audit_count(srv, "routing.rule.delete")
    eq(as_admin(srv, "DELETE", "%s/%d" % (RULES, default)).status, 204, "the default goes")
    eq(audit_count(srv, "routing.rule.delete"), n + 1, "audit rows routing.rule.delete")
    # without the default a gemeente organisation of the place gets nothing new
    gemeente = ST["gemeente"] = make_org(srv, "gemeente", ["GM0363"])
    sid, _, _ = report(srv, CENTRUM_BUURT, ST["sub"])
    eq(linked(srv, sid), {ST["sd_west"]}, "a report after the default went")
    with H.unchanged(srv):
        H.check_json_error(as_admin(srv, "DELETE", "%s/%d" % (RULES, catch_all)), 409,
                           "rule")
    # the default back; then the named one may go
    eq(as_admin(srv, "POST", RULES, {}).status, 201, "the default again")
    eq(as_admin(srv, "DELETE", "%s/%d" % (RULES, catch_all)).status, 204, "the other goes")
    sid, _, _ = report(srv, CENTRUM_BUURT, ST["sub"])
    eq(linked(srv, sid), {gemeente}, "the default rule routes again")


@test
def deleting_a_rule_ends_what_it_gave(srv):
    who = ST["welzijn_member"]
    sid = ST["hit"][0]
    eq(member_get(srv, who, "/werk/meldingen/%d" % sid).status, 200, "before")
    eq(as_admin(srv, "DELETE", "%s/%d" % (RULES, ST["rule"])).status, 204, "delete the rule")
    eq(member_get(srv, who, "/werk/meldingen/%d" % sid).status, 403,
       "after: the organisation no longer answers for the signal")
    eq(member_get(srv, who, "/werk/meldingen/%d/contact" % sid, "POST").status, 403,
       "nor its contact data")
    new, _, _ = report(srv, WEST_BUURT, ST["sub"])
    eq(linked(srv, new), {ST["sd_west"], ST["gemeente"]},
       "a new report after the rule went")


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port])
    finally:
        SMTP.stop()
