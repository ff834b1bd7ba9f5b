"""Who reaches a resident's contact data (issue 10.1 and its privacy test).

An organisation of every kind in every area arrangement relative to one
signal (its buurt, wijk, gebied, stadsdeel, the whole municipality, an area
elsewhere in the city, no areas at all), each with a medewerker.  A
resident reports with e-mail and phone.  For every member the test opens
the signal's work page, its list and its contact data, and proves that
they reach only members of organisations that answer for the signal now:
kind gemeente or stadsdeel, linked at intake, still working in an area of
its chain (the views signal_responsible and signal_access, migration 006).
The beheerder, a member of none, gets no contact data.

Then the rule over time: the beheerder changes a linked organisation's kind
and back, takes its areas away and back (access follows at once); an
organisation that starts to answer only later does not reach the earlier
signal, but the next one.  And the hole that was: a coordinator (form) or
an API key with organisation.update (JSON) that tries to set kind or areas
gets 403 naming the field, nothing changes, and the attempt is audited.

The organisations and the beheerder's session are made through the real
API and log-in; the 70 medewerkers get their sessions written straight
into the database (70 argon2id hashes would add nothing to what is tested).

    python3 tests/http/test_contact_access.py --binary build/wijkagenda
"""
import datetime
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, cookies, csrf_of, eq, test  # noqa: E402

PASSWORD = "een lang wachtwoord voor de test"
EMAIL = "melder.contact@example.org"
PHONE = "0612345678"
KINDS = ["gemeente", "stadsdeel", "woningcorporatie", "welzijn", "zorg", "politie",
         "onderwijs", "bewonersorganisatie", "ondernemers", "overig"]
RESPONSIBLE_KINDS = {"gemeente", "stadsdeel"}
# The signal's buurt AA01 lies in wijk AA, gebied GGW-DX01?  Its chain is
# read from the API at set-up; "elsewhere" is stadsdeel Noord (N).
BUURT = "AA01"
ELSEWHERE = "N"
S = {"orgs": {}, "sid": {}, "csrf": {}}


def now_text(delta=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=delta)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def token_hash(token):
    return hashlib.blake2b(token.encode() + b"\x1f", digest_size=16).hexdigest()


def admin_session(srv):
    out = subprocess.run([os.path.abspath(H.Ctx.args.binary), "admin", "create",
                          "--email", "beheer-contact@example.org", "--db", srv.db_path,
                          "--base-url", "http://127.0.0.1:%d" % srv.port],
                         capture_output=True, text=True, timeout=60)
    eq(out.returncode, 0, "admin create: %s" % out.stderr)
    link = re.search(r"(/wachtwoord/[A-Za-z0-9_-]{22})", out.stdout).group(1)
    r = srv.get(link)
    r = srv.post_form(link, {"csrf": csrf_of(r), "password": PASSWORD,
                             "password2": PASSWORD},
                      headers={"Cookie": "lc=" + cookies(r)["lc"]})
    eq(r.status, 303, "password chosen")
    sid = cookies(r)["sid"]
    r = srv.get("/werk", headers={"Cookie": "sid=" + sid})
    return sid, csrf_of(r)


def chain_of(srv, code):
    """The codes from the buurt up to the stadsdeel, and the municipality."""
    codes = []
    while code and code != "GM0363":
        codes.append(code)
        code = srv.get("/api/v1/areas/%s" % code).json()["parent"]
    return codes


def member(srv, org_id, n, role="medewerker"):
    """An account with a membership and a live session, written directly."""
    email = "lid-%d-%s@example.org" % (org_id, n)
    token, csrf = ("S%d%s" % (org_id, n)).ljust(22, "x")[:22], ("C%d" % org_id).ljust(22, "y")
    con = sqlite3.connect(srv.db_path, timeout=10)
    try:
        cur = con.execute("INSERT INTO accounts (email, created_at) VALUES (?, ?)"
                          " RETURNING id", (email, now_text()))
        aid = cur.fetchone()[0]
        con.execute("INSERT INTO memberships (account_id, organisation_id, role,"
                    " created_at) VALUES (?, ?, ?, ?)", (aid, org_id, role, now_text()))
        con.execute("INSERT INTO sessions (token_hash, account_id, resident_email, csrf,"
                    " created_at, last_seen_at, expires_at) VALUES (?, ?, NULL, ?, ?, ?, ?)",
                    (token_hash(token), aid, csrf, now_text(), now_text(), now_text(7200)))
        con.commit()
    finally:
        con.close()
    return token, csrf


def api_as_admin(srv, method, path, obj):
    sid, csrf = S["admin"]
    return srv.request(method, path, body=json.dumps(obj),
                       headers={"Cookie": "sid=" + sid, "X-CSRF-Token": csrf,
                                "Content-Type": "application/json"})


def new_org(srv, name, kind, areas):
    r = api_as_admin(srv, "POST", "/api/v1/organisations",
                     {"name": name, "kind": kind, "areas": areas})
    eq(r.status, 201, "create %s (%r)" % (name, r.body[:200]))
    return r.json()["id"]


def report(srv):
    r = srv.post_json("/api/v1/signals", {"text": H.uniq("contact"), "buurt": BUURT,
                                          "email": EMAIL, "phone": PHONE})
    eq(r.status, 201, "a report (%r)" % r.body[:200])
    tok = r.json()["token"]
    return srv.query("SELECT id FROM signals WHERE token = ?", (tok,))[0][0], tok


def reach(srv, who, signal_id, signal_token):
    """What a session reaches of a signal: (work page, listed, contact)."""
    sid, csrf = who
    h = {"Cookie": "sid=" + sid}
    page = srv.get("/werk/meldingen/%d" % signal_id, headers=h)
    listed = srv.get("/werk/meldingen", headers=h)
    eq(listed.status, 200, "the list")
    contact = srv.post_form("/werk/meldingen/%d/contact" % signal_id,
                            {"csrf": csrf}, headers=h)
    for r in (page, listed):
        H.not_contains(r.text, EMAIL, "contact data before asking")
    shown = EMAIL in contact.text and PHONE in contact.text
    if contact.status != 200:
        check(not shown, "contact data on a %d" % contact.status)
    return page.status, ("/werk/meldingen/%d\"" % signal_id) in listed.text, \
        contact.status, shown


def expect_reach(srv, who, signal, yes, what):
    page, listed, contact, shown = reach(srv, who, *signal)
    want = (200, True, 200, True) if yes else (403, False, 403, False)
    eq((page, listed, contact, shown), want, what)


@test
def set_up(srv):
    S["admin"] = admin_session(srv)
    chain = chain_of(srv, BUURT)
    eq(len(chain), 4, "buurt, wijk, gebied, stadsdeel of %s: %r" % (BUURT, chain))
    S["arrangements"] = {"buurt": [chain[0]], "wijk": [chain[1]], "gebied": [chain[2]],
                         "stadsdeel": [chain[3]], "gemeente": ["GM0363"],
                         "elders": [ELSEWHERE], "geen": []}
    check(ELSEWHERE not in chain, "elsewhere is elsewhere")
    for kind in KINDS:
        for arr, areas in S["arrangements"].items():
            oid = new_org(srv, "Contact %s %s" % (kind, arr), kind, areas)
            S["orgs"][(kind, arr)] = oid
            S["sid"][(kind, arr)] = member(srv, oid, "m")
    S["signal"] = report(srv)


def responsible(kind, arr):
    return kind in RESPONSIBLE_KINDS and arr not in ("elders", "geen")


@test
def contact_data_reach_only_organisations_that_answer_for_the_signal(srv):
    check("signal" in S, "set-up failed")
    wrong = []
    n_yes = 0
    for (kind, arr), who in S["sid"].items():
        page, listed, contact, shown = reach(srv, who, *S["signal"])
        yes = responsible(kind, arr)
        n_yes += yes
        want = (200, True, 200, True) if yes else (403, False, 403, False)
        if (page, listed, contact, shown) != want:
            wrong.append("%s/%s: got %r, want %r" % (kind, arr, (page, listed, contact,
                                                                 shown), want))
    H.note("%d organisations, %d reach the contact data" % (len(S["sid"]), n_yes))
    eq(n_yes, 10, "two kinds in five arrangements")
    check(not wrong, "\n  ".join(wrong))
    # the links stored at intake are exactly these
    linked = {r[0] for r in srv.query("SELECT organisation_id FROM signal_organisations"
                                      " WHERE signal_id = ?", (S["signal"][0],))}
    eq(linked, {S["orgs"][k] for k in S["orgs"] if responsible(*k)}, "links at intake")


@test
def the_beheerder_sees_no_contact_data(srv):
    check("signal" in S, "set-up failed")
    eq(reach(srv, S["admin"], *S["signal"]), (403, False, 403, False), "beheerder")


@test
def access_follows_the_organisations_kind(srv):
    check("signal" in S, "set-up failed")
    key = ("gemeente", "stadsdeel")
    oid, who = S["orgs"][key], S["sid"][key]
    r = api_as_admin(srv, "PUT", "/api/v1/organisations/%d" % oid,
                     {"name": "Contact gemeente stadsdeel", "kind": "welzijn",
                      "areas": S["arrangements"]["stadsdeel"]})
    eq(r.status, 200, "the beheerder changes the kind (%r)" % r.body[:200])
    expect_reach(srv, who, S["signal"], False, "after the kind changed")
    r = api_as_admin(srv, "PUT", "/api/v1/organisations/%d" % oid,
                     {"name": "Contact gemeente stadsdeel", "kind": "gemeente",
                      "areas": S["arrangements"]["stadsdeel"]})
    eq(r.status, 200, "and back")
    expect_reach(srv, who, S["signal"], True, "after the kind changed back")


@test
def access_follows_the_organisations_areas(srv):
    check("signal" in S, "set-up failed")
    key = ("stadsdeel", "wijk")
    oid, who = S["orgs"][key], S["sid"][key]
    r = api_as_admin(srv, "PUT", "/api/v1/organisations/%d" % oid,
                     {"name": "Contact stadsdeel wijk", "kind": "stadsdeel", "areas": []})
    eq(r.status, 200, "the beheerder takes the areas away")
    expect_reach(srv, who, S["signal"], False, "without areas")
    r = api_as_admin(srv, "PUT", "/api/v1/organisations/%d" % oid,
                     {"name": "Contact stadsdeel wijk", "kind": "stadsdeel",
                      "areas": [ELSEWHERE]})
    eq(r.status, 200, "an area elsewhere")
    expect_reach(srv, who, S["signal"], False, "with an area elsewhere")
    r = api_as_admin(srv, "PUT", "/api/v1/organisations/%d" % oid,
                     {"name": "Contact stadsdeel wijk", "kind": "stadsdeel",
                      "areas": S["arrangements"]["wijk"]})
    eq(r.status, 200, "the areas back")
    expect_reach(srv, who, S["signal"], True, "with the areas back")


@test
def answering_later_does_not_open_earlier_signals(srv):
    check("signal" in S, "set-up failed")
    key = ("welzijn", "buurt")
    oid, who = S["orgs"][key], S["sid"][key]
    r = api_as_admin(srv, "PUT", "/api/v1/organisations/%d" % oid,
                     {"name": "Contact welzijn buurt", "kind": "gemeente",
                      "areas": S["arrangements"]["buurt"]})
    eq(r.status, 200, "the beheerder makes it a gemeente")
    expect_reach(srv, who, S["signal"], False, "the signal reported before")
    later = report(srv)
    expect_reach(srv, who, later, True, "a signal reported after")


def audit_refusals(srv, oid):
    return srv.query("SELECT detail FROM audit_log WHERE action ="
                     " 'organisation.update.refused' AND entity_id = ?", (str(oid),))


def org_state(srv, oid):
    return (srv.query("SELECT name, kind, kvk FROM organisations WHERE id = ?", (oid,)),
            srv.query("SELECT area_code FROM organisation_areas WHERE organisation_id = ?"
                      " ORDER BY area_code", (oid,)))


@test
def a_coordinator_cannot_widen_its_organisation(srv):
    check("signal" in S, "set-up failed")
    oid = new_org(srv, "Contact buurthuis", "overig", [])
    coord = member(srv, oid, "c", "coordinator")
    h = {"Cookie": "sid=" + coord[0]}
    before = org_state(srv, oid)
    # the form: kind, then areas
    for fields, field in (([("name", "Contact buurthuis"), ("kind", "gemeente")], "soort"),
                          ([("name", "Contact buurthuis"), ("areas_other", "GM0363")],
                           "werkgebied"),
                          ([("name", "Contact buurthuis"), ("areas", "A")], "werkgebied")):
        r = srv.post_form("/beheer/organisaties/%d" % oid, fields + [("csrf", coord[1])],
                          headers=h)
        eq(r.status, 403, "form %r" % fields)
        check(field in r.text, "the message names the %s: %r" % (field, r.text[:300]))
    # the page offers neither
    page = srv.get("/beheer/organisaties/%d" % oid, headers=h)
    eq(page.status, 200)
    H.not_contains(page.text, 'name="kind"', "no kind field for a coordinator")
    H.not_contains(page.text, 'name="areas"', "no area boxes for a coordinator")
    # an API key of the organisation with organisation.update
    r = srv.post_form("/beheer/organisaties/%d/sleutels" % oid,
                      [("name", "sleutel"), ("scopes", "organisation.update"),
                       ("csrf", coord[1])], headers=h)
    eq(r.status, 201, "a key (%r)" % r.body[:200])
    key = re.search(r'value="(wak_[0-9a-f]{8}_[A-Za-z0-9_-]{22})"', r.text).group(1)
    kh = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}
    for body, field in (({"name": "Contact buurthuis", "kind": "stadsdeel"}, "kind"),
                        ({"name": "Contact buurthuis", "areas": ["GM0363"]}, "areas")):
        r = srv.request("PUT", "/api/v1/organisations/%d" % oid, body=json.dumps(body),
                        headers=kh)
        eq(r.status, 403, "key %r" % body)
        eq(list(r.json()["error"]["fields"]), [field], "the field named")
    eq(org_state(srv, oid), before, "nothing changed")
    eq(len(audit_refusals(srv, oid)), 5, "every attempt is in the audit log")
    # what the coordinator and the key may do still works: the name, and
    # the stored kind and areas sent back as GET gave them
    r = srv.post_form("/beheer/organisaties/%d" % oid,
                      [("name", "Contact buurthuis West"), ("kvk", "12345678"),
                       ("csrf", coord[1])], headers=h)
    eq(r.status, 303, "a new name by the form")
    cur = srv.get("/api/v1/organisations/%d" % oid).json()
    cur["name"] = "Contact buurthuis Oost"
    del cur["id"]
    r = srv.request("PUT", "/api/v1/organisations/%d" % oid, body=json.dumps(cur),
                    headers=kh)
    eq(r.status, 200, "the key sends back what GET gave, with a new name")
    state = org_state(srv, oid)
    eq(state[0], [("Contact buurthuis Oost", "overig", "12345678")], "name changed only")
    eq(state[1], [], "no areas")
    # and the organisation still reaches no signal
    expect_reach(srv, coord, S["signal"], False, "the coordinator's organisation")


if __name__ == "__main__":
    H.main()
