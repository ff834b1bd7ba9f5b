"""Who reaches a resident's contact data: an organisation of every kind
(read from src/domain/organisation.c org_kinds) in every arrangement of its
areas relative to a signal (the signal's buurt, its wijk, its gebied, its
stadsdeel, the municipality, an area elsewhere in the city, none), each
with a medewerker; residents report with e-mail and phone through the
real intake (the JSON API and the form).  The rule this test defines:

- At intake a signal is linked to every organisation of kind gemeente or
  stadsdeel with an area among the signal's buurt, wijk, gebied,
  stadsdeel or municipality.
- A member reaches a signal (its work page, the list, its contact data)
  only while the organisation was linked at intake AND is now of kind
  gemeente or stadsdeel AND still has an area in the signal's chain.
  Other kinds never, whatever their areas.  A refusal is 403, the answer
  the route gives any professional not involved.
- The beheerder, no member, never sees contact data; nor does anyone on
  any other page.
- A changed kind or area takes effect at once, both ways, for signals
  reported earlier; an organisation that gains kind or area reaches only
  the signals reported after (the intake link stands, it is not made
  later).
- Only the beheerder changes an organisation's kind and areas: a
  coordinator (form) or an API key with organisation.update (PUT) that
  sends another kind or other areas gets 403, nothing changes, and the
  attempt is in the audit log as 'organisation.update.refused'.

The test keeps its own model of every organisation's kind and areas and
of the links made at intake, and compares every member's answers with it.

    python3 tests/http/test_contact_access.py --binary build/wijkagenda
"""
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
MUNICIPAL = ("gemeente", "stadsdeel")  # the kinds that are linked at intake
HOME, NOORD = "AA01", "NA01"  # the buurten residents report in
ELSEWHERE = "N"  # stadsdeel Noord: outside HOME's chain
# where an organisation works, relative to HOME's chain
ARRANGEMENTS = ("buurt", "wijk", "gebied", "stadsdeel", "gemeente", "elders", "geen")
ST = {"orgs": {}, "signals": {}, "seq": 0}


def uniq():
    ST["seq"] += 1
    return "%d-%d" % (os.getpid(), ST["seq"])


def org_kinds():
    """The kinds of src/domain/organisation.c org_kinds: a kind added there
    is covered without anyone remembering to add it here."""
    with open(os.path.join(H.REPO, "src", "domain", "organisation.c"), encoding="utf-8") as f:
        text = f.read()
    block = re.search(r"org_kinds\[[^]]*\]\s*=\s*\{(.*?)\n\};", text, re.S)
    check(block, "org_kinds not found in src/domain/organisation.c")
    kinds = re.findall(r'\{"([a-z]+)",', block.group(1))
    check(len(kinds) >= 10 and set(MUNICIPAL) <= set(kinds), "kinds: %r" % kinds)
    return kinds


# --------------------------------------------------------------------------
# the model

class Org:
    def __init__(self, label, kind, areas):
        self.label, self.kind, self.areas = label, kind, set(areas)
        self.id = self.name = None
        self.email = self.sid = self.csrf = None

    def __repr__(self):
        return "%s (%s, areas %s)" % (self.label, self.kind, sorted(self.areas) or "-")


class Signal:
    def __init__(self, label, chain):
        self.label, self.chain = label, set(chain)
        self.email = "melder-%s-%s@example.org" % (label, uniq())
        self.phone = "06-%08d" % (10000000 + ST["seq"] * 7919 % 89999999)
        self.id = self.token = None
        self.linked = set()  # organisation labels, decided at intake

    def secrets(self):
        return (self.email, self.email.split("@")[0], self.phone,
                self.phone.replace("-", ""))


def linked_now(o, chain):
    """Would intake link o to a signal with this chain, as o is now?"""
    return o.kind in MUNICIPAL and bool(o.areas & set(chain))


def access(o, s):
    return o.label in s.linked and linked_now(o, s.chain)


# --------------------------------------------------------------------------
# requests

def admin_headers():
    sid, csrf = ST["admin"]
    return {"Cookie": "sid=" + sid, "X-CSRF-Token": csrf}


def chain_of(srv, buurt):
    """The codes from the buurt up to the municipality, by the areas API."""
    out, code = [], buurt
    while code:
        r = srv.get("/api/v1/areas/" + code)
        eq(r.status, 200, "area %s" % code)
        out.append(code)
        code = r.json().get("parent")
    eq(len(out), 5, "levels above %s: %r" % (buurt, out))
    return out


def make_org(srv, o):
    o.name = "Contact %s %s" % (o.label, uniq())
    r = srv.post_json("/api/v1/organisations",
                      {"name": o.name, "kind": o.kind, "areas": sorted(o.areas)},
                      headers=admin_headers())
    eq(r.status, 201, "make %r (body %r)" % (o, r.body[:300]))
    o.id = r.json()["id"]
    ST["orgs"][o.label] = o


def invite(srv, o, email, role):
    n = len(SMTP.messages)
    r = srv.post_json("/api/v1/organisations/%d/members" % o.id,
                      {"email": email, "role": role}, headers=admin_headers())
    eq(r.status, 201, "invite %s (body %r)" % (email, r.body[:200]))
    return H.choose_password(srv, H.mail_link(SMTP, email, after=n))


def set_org(srv, o, kind=None, areas=None, via="api"):
    """The beheerder changes o (through the JSON API or the beheer form)."""
    kind = o.kind if kind is None else kind
    areas = o.areas if areas is None else set(areas)
    if via == "api":
        r = srv.request("PUT", "/api/v1/organisations/%d" % o.id,
                        body=json.dumps({"name": o.name, "kind": kind,
                                           "areas": sorted(areas)}),
                        headers=dict(admin_headers(), **{"Content-Type": "application/json"}))
        eq(r.status, 200, "beheerder changes %r (body %r)" % (o, r.body[:300]))
    else:
        sid, csrf = ST["admin"]
        r = srv.post_form("/beheer/organisaties/%d" % o.id,
                          [("name", o.name), ("kind", kind), ("kvk", ""),
                           ("areas_other", " ".join(sorted(areas))), ("csrf", csrf)],
                          headers={"Cookie": "sid=" + sid})
        eq(r.status, 303, "beheerder changes %r by the form (body %r)" % (o, r.body[:300]))
    got = srv.query("SELECT kind FROM organisations WHERE id = ?", (o.id,))[0][0]
    eq(got, kind, "kind of %s after the change" % o.label)
    o.kind, o.areas = kind, areas


def report(srv, label, buurt, via="api"):
    """A resident reports through the real intake, with e-mail and phone."""
    s = Signal(label, ST["chains"][buurt])
    text = "Contact %s %s: de stoeptegel ligt los" % (label, uniq())
    if via == "api":
        r = srv.post_json("/api/v1/signals", {"text": text, "buurt": buurt,
                                              "email": s.email, "phone": s.phone})
        eq(r.status, 201, "report %s (body %r)" % (label, r.body[:300]))
        s.token = r.json()["token"]
    else:
        r = srv.post_form("/melden", {"kind": "melding", "text": text, "buurt": buurt,
                                      "email": s.email, "phone": s.phone,
                                      "anders": "1"})  # no second step
        eq(r.status, 303, "report %s by the form (body %r)" % (label, r.body[:300]))
        s.token = re.search(r"/m/([A-Za-z0-9_-]{22})", r.header("Location")).group(1)
    s.id = srv.query("SELECT id FROM signals WHERE token = ?", (s.token,))[0][0]
    s.linked = {o.label for o in ST["orgs"].values() if linked_now(o, s.chain)}
    ST["signals"][label] = s
    got = {r[0] for r in srv.query("SELECT organisation_id FROM signal_organisations"
                                   " WHERE signal_id = ?", (s.id,))}
    by_id = {o.id: o.label for o in ST["orgs"].values()}
    eq(sorted(str(by_id.get(i, i)) for i in got), sorted(s.linked),
       "organisations linked at intake to %s" % label)
    return s


def as_member(srv, o, method, path, fields=None):
    h = {"Cookie": "sid=" + o.sid}
    if method == "GET":
        return srv.get(path, headers=h)
    return srv.post_form(path, list(fields or []) + [("csrf", o.csrf)], headers=h)


def contact_views(srv, s):
    return srv.query("SELECT COUNT(*) FROM audit_log WHERE action = 'signal.contact.view'"
                     " AND entity = 'signal' AND entity_id = ?", (str(s.id),))[0][0]


def leaks(text, signals, except_=None):
    """Whose contact data (of signals but except_) text shows."""
    return ["the contact data of signal %s" % s.label for s in signals
            if s is not except_ and any(x in text for x in s.secrets())]


def check_member(srv, o, signals, problems):
    """o's member against the model: the list, each signal's page, each
    signal's contact data (a POST, which is audited)."""
    everyone = list(ST["signals"].values())
    problems = Prefixed(problems, "%r: " % o)
    r = as_member(srv, o, "GET", "/werk/meldingen")
    if r.status != 200:
        problems.append("GET /werk/meldingen -> %d" % r.status)
    listed = {int(x) for x in re.findall(r'href="/werk/meldingen/(\d+)"', r.text)}
    want = {s.id for s in everyone if access(o, s)}
    mine = {s.id for s in everyone}
    if listed & mine != want:
        name = {s.id: s.label for s in everyone}
        problems.append("the list shows signals %s, expected %s" % (
            sorted(name[i] for i in listed & mine), sorted(name[i] for i in want)))
    for x in leaks(r.text, everyone):
        problems.append("the list shows %s" % x)
    for s in signals:
        ok = access(o, s)
        path = "/werk/meldingen/%d" % s.id
        r = as_member(srv, o, "GET", path)
        if r.status != (200 if ok else 403):
            problems.append("GET %s (%s) -> %d, expected %d"
                            % (path, s.label, r.status, 200 if ok else 403))
        for x in leaks(r.text, everyone):
            problems.append("GET %s shows %s" % (path, x))
        n = contact_views(srv, s)
        r = as_member(srv, o, "POST", path + "/contact")
        if r.status != (200 if ok else 403):
            problems.append("POST %s/contact (%s) -> %d, expected %d"
                            % (path, s.label, r.status, 200 if ok else 403))
        if ok and not (s.email in r.text and s.phone in r.text):
            problems.append("POST %s/contact does not show %s's e-mail and phone"
                            % (path, s.label))
        for x in leaks(r.text, everyone, except_=s if ok else None):
            problems.append("POST %s/contact shows %s" % (path, x))
        if contact_views(srv, s) != n + (1 if ok else 0):
            problems.append("POST %s/contact wrote %d audit rows, expected %d"
                            % (path, contact_views(srv, s) - n, 1 if ok else 0))


class Prefixed:
    """A list's append with a prefix."""

    def __init__(self, out, prefix):
        self.out, self.prefix = out, prefix

    def append(self, text):
        self.out.append(self.prefix + text)


def check_all(srv, orgs=None, signals=None):
    """Every member (or those of orgs) against the model, for every signal
    (or signals); the problems, not the first one."""
    problems = []
    for o in orgs or ST["orgs"].values():
        if o.sid:
            check_member(srv, o, signals or list(ST["signals"].values()), problems)
    return problems


def fail_on(problems, what):
    check(not problems, "%s: %d problems:\n  %s" % (what, len(problems),
                                                    "\n  ".join(problems[:60])))


# --------------------------------------------------------------------------
# set-up

@test
def organisations_of_every_kind_in_every_arrangement(srv):
    t0 = time.time()
    ST["admin"] = H.choose_password(srv, H.admin_create(srv, "contact-beheer@example.org"))
    ST["chains"] = {b: chain_of(srv, b) for b in (HOME, NOORD)}
    buurt, wijk, gebied, stadsdeel, gemeente = ST["chains"][HOME]
    check(ELSEWHERE not in ST["chains"][HOME] and ELSEWHERE in ST["chains"][NOORD],
          "%s is elsewhere: %r" % (ELSEWHERE, ST["chains"]))
    where = {"buurt": [buurt], "wijk": [wijk], "gebied": [gebied],
             "stadsdeel": [stadsdeel], "gemeente": [gemeente], "elders": [ELSEWHERE],
             "geen": []}
    for kind in org_kinds():
        for arr in ARRANGEMENTS:
            o = Org("%s/%s" % (kind, arr), kind, where[arr])
            make_org(srv, o)
            o.email = "contact-%s-%s@example.org" % (kind, arr)
            o.sid, o.csrf = invite(srv, o, o.email, "medewerker")
    H.note("%d organisations with a medewerker each in %.1f s"
           % (len(ST["orgs"]), time.time() - t0))


@test
def intake_links_to_municipal_organisations_of_the_chain(srv):
    check(ST["orgs"], "set-up failed")
    report(srv, "api", HOME, via="api")
    report(srv, "formulier", HOME, via="form")
    report(srv, "noord", NOORD, via="api")
    linked = sorted(ST["signals"]["api"].linked)
    eq(linked, sorted("%s/%s" % (k, a) for k in MUNICIPAL
                      for a in ("buurt", "wijk", "gebied", "stadsdeel", "gemeente")),
       "the organisations of the signal in %s" % HOME)
    eq(sorted(ST["signals"]["noord"].linked),
       sorted("%s/%s" % (k, a) for k in MUNICIPAL for a in ("gemeente", "elders")),
       "the organisations of the signal in %s" % NOORD)


@test
def members_reach_only_what_their_organisation_is_linked_to(srv):
    check(ST["signals"], "no signals")
    t0 = time.time()
    fail_on(check_all(srv), "members against the rule")
    H.note("%d members x %d signals checked in %.1f s"
           % (len(ST["orgs"]), len(ST["signals"]), time.time() - t0))


@test
def the_beheerder_sees_no_contact_data(srv):
    check(ST["signals"], "no signals")
    sid, csrf = ST["admin"]
    h = {"Cookie": "sid=" + sid}
    everyone = list(ST["signals"].values())
    problems = []
    for s in everyone:
        path = "/werk/meldingen/%d" % s.id
        for method, r in (("GET", srv.get(path, headers=h)),
                          ("POST", srv.post_form(path + "/contact", {"csrf": csrf},
                                                 headers=h))):
            if r.status != 403:
                problems.append("beheerder: %s %s -> %d, expected 403"
                                % (method, path, r.status))
            problems += ["beheerder: %s %s shows %s" % (method, path, x)
                         for x in leaks(r.text, everyone)]
    one = ST["orgs"]["gemeente/buurt"].id
    for path in ("/werk", "/werk/meldingen", "/beheer/organisaties",
                 "/beheer/organisaties/%d" % one, "/beheer/organisaties/%d/leden" % one,
                 "/beheer/audit", "/api/v1/audit", "/api/v1/organisations",
                 "/api/v1/organisations/%d/members" % one):
        r = srv.get(path, headers=h)
        if r.status != 200:
            problems.append("beheerder: GET %s -> %d" % (path, r.status))
        problems += ["beheerder: GET %s shows %s" % (path, x) for x in leaks(r.text, everyone)]
    fail_on(problems, "the beheerder")


@test
def no_contact_data_on_members_other_pages(srv):
    check(ST["signals"], "no signals")
    everyone = list(ST["signals"].values())
    problems = []
    for o in ST["orgs"].values():
        for path in ("/werk", "/beheer/organisaties/%d" % o.id,
                     "/beheer/organisaties/%d/leden" % o.id, "/api/v1/organisations"):
            r = as_member(srv, o, "GET", path)
            if r.status != 200:
                problems.append("%r: GET %s -> %d" % (o, path, r.status))
            problems += ["%r: GET %s shows %s" % (o, path, x) for x in leaks(r.text, everyone)]
    for s in everyone:
        for path in ("/m/" + s.token, "/api/v1/signals/" + s.token):
            r = srv.get(path)
            eq(r.status, 200, path)
            problems += ["GET %s shows %s" % (path, x) for x in leaks(r.text, everyone)]
    fail_on(problems, "other pages")


# --------------------------------------------------------------------------
# changes by the beheerder

def change_and_check(srv, steps):
    """steps: (org label, kind or None, areas or None, via); after each,
    the member of that organisation against the model; the organisation
    is left as the last step set it."""
    problems = []
    for label, kind, areas, via in steps:
        o = ST["orgs"][label]
        set_org(srv, o, kind, areas, via)
        problems += ["after the change of %s: %s" % (label, p)
                     for p in check_all(srv, [o])]
    return problems


@test
def a_changed_kind_ends_access_at_once_and_back(srv):
    check(ST["signals"], "no signals")
    fail_on(change_and_check(srv, [
        ("gemeente/buurt", "welzijn", None, "api"),
        ("gemeente/buurt", "gemeente", None, "api"),
        ("stadsdeel/wijk", "zorg", None, "form"),
        ("stadsdeel/wijk", "stadsdeel", None, "form"),
        ("gemeente/gemeente", "overig", None, "api"),
        ("gemeente/gemeente", "stadsdeel", None, "api"),  # the other municipal kind
    ]), "kind changes")


@test
def removed_areas_end_access_at_once_and_back(srv):
    check(ST["signals"], "no signals")
    chain = ST["chains"][HOME]
    fail_on(change_and_check(srv, [
        ("stadsdeel/stadsdeel", None, [], "api"),
        ("stadsdeel/stadsdeel", None, [chain[3]], "api"),
        ("gemeente/gebied", None, [], "form"),
        ("gemeente/gebied", None, [chain[2]], "form"),
        # Noord instead of the whole city: the signal in Noord stays, the
        # ones in HOME go
        ("stadsdeel/gemeente", None, [ELSEWHERE], "api"),
        ("stadsdeel/gemeente", None, [chain[4]], "api"),
        # a buurt next to HOME, not in its chain
        ("gemeente/wijk", None, ["AA02"], "api"),
        ("gemeente/wijk", None, [chain[1]], "api"),
    ]), "area changes")


@test
def gained_kind_or_area_reaches_only_later_signals(srv):
    check(ST["signals"], "no signals")
    chain = ST["chains"][HOME]
    problems = change_and_check(srv, [
        ("welzijn/buurt", "gemeente", None, "api"),
        ("zorg/gemeente", "stadsdeel", None, "form"),
        ("gemeente/elders", None, [ELSEWHERE, chain[1]], "api"),
        ("stadsdeel/geen", None, [chain[4]], "api"),
    ])
    # reported after the changes: these organisations are linked now
    s = report(srv, "later", HOME)
    for label in ("welzijn/buurt", "zorg/gemeente", "gemeente/elders", "stadsdeel/geen"):
        if label not in s.linked:
            problems.append("%s is not linked to the signal reported after its change"
                            % label)
    problems += check_all(srv)
    fail_on(problems, "gains")


# --------------------------------------------------------------------------
# coordinators and keys may not change kind or areas

def org_state(srv, o):
    return (srv.query("SELECT name, kind, kvk, updated_at FROM organisations WHERE id = ?",
                      (o.id,)),
            srv.query("SELECT area_code FROM organisation_areas WHERE organisation_id = ?"
                      " ORDER BY area_code", (o.id,)))


def refusals(srv, o):
    return srv.query("SELECT actor_account_id, actor_api_key_id FROM audit_log"
                     " WHERE action = 'organisation.update.refused' AND entity = 'organisation'"
                     " AND entity_id = ? ORDER BY id", (str(o.id),))


@test
def coordinators_and_keys_cannot_make_themselves_municipal(srv):
    check(ST["signals"], "no signals")
    o = Org("coordinator", "welzijn", [ELSEWHERE])
    make_org(srv, o)
    o.email = "contact-coordinator@example.org"
    o.sid, o.csrf = invite(srv, o, o.email, "coordinator")
    account = srv.query("SELECT id FROM accounts WHERE email = ?", (o.email,))[0][0]
    r = as_member(srv, o, "POST", "/beheer/organisaties/%d/sleutels" % o.id,
                  [("name", "Contact sleutel"), ("scopes", "organisation.update")])
    eq(r.status, 201, "the coordinator makes a key (body %r)" % r.body[:300])
    key = re.search(r'value="(wak_([0-9a-f]{8})_[A-Za-z0-9_-]{22})"', r.text)
    key_id = srv.query("SELECT id FROM api_keys WHERE prefix = ?", (key.group(2),))[0][0]
    key = key.group(1)
    problems = []

    def by_form(kind, areas):
        return as_member(srv, o, "POST", "/beheer/organisaties/%d" % o.id,
                         [("name", o.name), ("kind", kind), ("kvk", ""),
                          ("areas_other", " ".join(areas))])

    def by_key(kind, areas, name=None):
        return srv.request("PUT", "/api/v1/organisations/%d" % o.id,
                           body=json.dumps({"name": name or o.name, "kind": kind,
                                              "areas": list(areas)}),
                           headers={"Authorization": "Bearer " + key,
                                    "Content-Type": "application/json"})

    # what a coordinator may still change: the name, sending kind and areas
    # as they are
    for via in ("form", "key"):
        name = "Contact coördinator %s" % uniq()
        r = as_member(srv, o, "POST", "/beheer/organisaties/%d" % o.id,
                      [("name", name), ("kind", o.kind), ("kvk", ""),
                       ("areas_other", " ".join(sorted(o.areas)))]) if via == "form" \
            else by_key(o.kind, sorted(o.areas), name)
        if r.status != (303 if via == "form" else 200):
            problems.append("%s renaming, same kind and areas: %d" % (via, r.status))
        got = srv.query("SELECT name FROM organisations WHERE id = ?", (o.id,))[0][0]
        if got != name:
            problems.append("%s renaming: name is %r" % (via, got))
        o.name = got
    gemeente = ST["chains"][HOME][4]
    attempts = [("form", "kind", lambda: by_form("gemeente", [ELSEWHERE]), account, None),
                ("form", "areas", lambda: by_form("welzijn", [gemeente]), account, None),
                ("key", "kind", lambda: by_key("stadsdeel", [ELSEWHERE]), None, key_id),
                ("key", "areas", lambda: by_key("welzijn", [gemeente]), None, key_id),
                ("form", "kind areas", lambda: by_form("gemeente", [gemeente]), account, None),
                ("key", "kind areas", lambda: by_key("gemeente", [gemeente]), None, key_id)]
    for via, field, attempt, actor, actor_key in attempts:
        before, n = org_state(srv, o), len(refusals(srv, o))
        r = attempt()
        what = "%s setting %s" % (via, field)
        if r.status != 403:
            problems.append("%s: %d, expected 403" % (what, r.status))
        elif via == "key":
            # the message names the field (either, when both are refused)
            errors = []
            for f in field.split():
                try:
                    H.check_json_error(r, 403, field=f)
                except H.Failure as e:
                    errors.append(str(e))
            if len(errors) == len(field.split()):
                problems.append("%s: %s" % (what, "; ".join(errors)))
        if org_state(srv, o) != before:
            problems.append("%s changed the organisation: %r -> %r"
                            % (what, before, org_state(srv, o)))
        rows = refusals(srv, o)
        if rows[n:] != [(actor, actor_key)]:
            problems.append("%s: audit rows 'organisation.update.refused' %r, expected %r"
                            % (what, rows[n:], [(actor, actor_key)]))
    now = srv.query("SELECT kind FROM organisations WHERE id = ?", (o.id,))[0][0]
    areas = {r[0] for r in srv.query("SELECT area_code FROM organisation_areas"
                                     " WHERE organisation_id = ?", (o.id,))}
    if (now, areas) != (o.kind, o.areas):
        problems.append("kind and areas are now %r, %r" % (now, sorted(areas)))
    # and so a signal in the city, reported now, is not theirs
    try:
        report(srv, "na-poging", NOORD)
    except H.Failure as e:
        problems.append(str(e))
    problems += ["the coordinator: %s" % p for p in check_all(srv, [o])]
    fail_on(problems, "a coordinator's and a key's attempts")


@test
def in_the_end_everyone_still_by_the_rule(srv):
    check(ST["signals"], "no signals")
    fail_on(check_all(srv), "the final state")


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port])
    finally:
        SMTP.stop()
