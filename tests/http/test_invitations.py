"""Invitations that can be seen and revoked, and consent before joining
(issue 10, item 5).

- The members page and GET /api/v1/organisations/{org}/invitations list
  the pending invitations (address, role, who invited, when, until when)
  for whoever may invite; each can be revoked (form with CSRF, or DELETE in
  the API), after which its link answers 410, with an audit row.
- Demoting or removing a coordinator revokes the invitations they sent,
  in the same transaction, audited.
- An existing account is not added at once: it gets a link to a page where,
  signed in, it accepts or declines (POST with CSRF; GET changes nothing).
- The inviter's answer is the same whether the address has an account or
  not: status, redirect, JSON keys, message.

The server runs with a real SMTP server on loopback (tests/http/smtpd.py).

    python3 tests/http/test_invitations.py --binary build/wijkagenda
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

PASSWORD = "een lang wachtwoord voor de test"
SMTP = smtpd.SmtpServer(port=0).start()
S = {}


# --------------------------------------------------------------------------
# sessions (log-in, passwords and the first admin: harness.py)

class Session:
    def __init__(self, srv, sid, email):
        self.srv, self.sid, self.email = srv, sid, email
        self.csrf = H.csrf_for(srv, sid)
        check(self.csrf, "no CSRF token on /werk for %s" % email)
        self.id = srv.query("SELECT id FROM accounts WHERE email = ?", (email,))[0][0]

    def h(self):
        return {"Cookie": "sid=%s" % self.sid}

    def get(self, path):
        return self.srv.get(path, headers=self.h())

    def post(self, path, fields=(), csrf=True):
        fields = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf:
            fields.append(("csrf", self.csrf))
        return self.srv.post_form(path, fields, headers=self.h())

    def api(self, method, path, obj=None, csrf=True):
        h = self.h()
        if csrf:
            h["X-CSRF-Token"] = self.csrf
        if obj is not None:
            h["Content-Type"] = "application/json"
        return self.srv.request(method, path, body=None if obj is None else
                                json.dumps(obj), headers=h)


def choose_password(srv, path, email):
    return Session(srv, H.choose_password(srv, path, PASSWORD)[0], email)


def make_admin(srv, email):
    return choose_password(srv, H.admin_create(srv, email), email)


def login_to(srv, email, next_path):
    """Log in through the form with ?next=, as the consent page's link
    does; returns the session and where the log-in sent it."""
    r = srv.get("/login?next=" + next_path)
    lc = H.cookies(r)["lc"]
    r = srv.post_form("/login", {"email": email, "password": PASSWORD,
                                 "csrf": H.csrf_of(r), "next": next_path},
                      headers={"Cookie": "lc=%s" % lc})
    eq(r.status, 303, "login %s" % email)
    return Session(srv, H.cookies(r)["sid"], email), r.header("Location")


def mails_to(addr, count=1, timeout=15):
    deadline = time.time() + timeout
    while True:
        got = [m for m in SMTP.messages if addr in m.rcpt_tos]
        if len(got) >= count or time.time() > deadline:
            check(len(got) >= count, "%d mails to %s, expected %d"
                  % (len(got), addr, count))
            return got
        time.sleep(0.05)


def last_mail(addr):
    """The newest mail to addr, waiting for one more than were there."""
    n = len([m for m in SMTP.messages if addr in m.rcpt_tos])
    return lambda: mails_to(addr, n + 1)[n]


PASSWORD_LINK = r"http://[^/\s]+(/wachtwoord/[A-Za-z0-9_-]{22})"
CONSENT_LINK = r"http://[^/\s]+(/uitnodiging/[A-Za-z0-9_-]{22})"


def link(mail, pattern):
    m = re.search(pattern, mail.text())
    check(m, "no link %s in mail %r" % (pattern, mail.text()))
    return m.group(1)


def members_of(srv, org):
    return dict(srv.query("SELECT a.email, m.role FROM memberships m JOIN accounts a"
                          " ON a.id = m.account_id WHERE m.organisation_id = ?",
                          (org,)))


def audit_since(srv, since):
    rows = srv.query("SELECT actor_label, action, entity, entity_id, detail"
                     " FROM audit_log WHERE id > ? ORDER BY id", (since,))
    return [(a, b, c, d, json.loads(e)) for a, b, c, d, e in rows]


def last_audit(srv):
    return srv.query("SELECT COALESCE(MAX(id), 0) FROM audit_log")[0][0]


def invitation_id(srv, email, org):
    rows = srv.query("SELECT i.id FROM invitations i JOIN tokens t"
                     " ON t.token_hash = i.token_hash WHERE t.email = ?"
                     " AND t.organisation_id = ?", (email, org))
    eq(len(rows), 1, "invitations of %s to %d" % (email, org))
    return rows[0][0]


def pending(s, org):
    """The pending invitations by the API, as {email: entry}."""
    r = s.api("GET", "/api/v1/organisations/%d/invitations" % org)
    eq(r.status, 200, "list invitations (body %r)" % r.body[:300])
    return {i["email"]: i for i in r.json()["invitations"]}


def invite(s, org, email, role="medewerker", page=False):
    if page:
        r = s.post("/beheer/organisaties/%d/uitnodigen" % org,
                   {"email": email, "role": role})
        eq(r.status, 303, "invite %s (body %r)" % (email, r.body[:300]))
        return r
    r = s.api("POST", "/api/v1/organisations/%d/members" % org,
              {"email": email, "role": role})
    eq(r.status, 201, "invite %s (body %r)" % (email, r.body[:300]))
    return r


def new_member(srv, by, org, email, role):
    mail = last_mail(email)
    invite(by, org, email, role)
    return choose_password(srv, link(mail(), PASSWORD_LINK), email)


def checksum(srv):
    return H.db_checksum(srv.db_path)


class unchanged:
    def __init__(self, srv, what):
        self.srv, self.what = srv, what

    def __enter__(self):
        self.before = checksum(self.srv)

    def __exit__(self, et, ev, tb):
        if et is None and checksum(self.srv) != self.before:
            raise H.Failure("the database changed: %s" % self.what)
        return False


# --------------------------------------------------------------------------
# set-up: the admin, two organisations, a coordinator of each

@test
def set_up(srv):
    a = S["admin"] = make_admin(srv, "beheer@example.org")
    for key, name in (("oost", "Buurtwerk Oost"), ("noord", "Welzijn Noord")):
        r = a.api("POST", "/api/v1/organisations", {"name": name, "kind": "welzijn"})
        eq(r.status, 201, "create %s (body %r)" % (name, r.body[:300]))
        S[key] = r.json()["id"]
    S["coor"] = new_member(srv, a, S["oost"], "coor@example.org", "coordinator")
    S["noordc"] = new_member(srv, a, S["noord"], "noord@example.org", "coordinator")
    S["mede"] = new_member(srv, S["coor"], S["oost"], "mede@example.org", "medewerker")
    S["ander"] = new_member(srv, S["noordc"], S["noord"], "ander@example.org",
                            "medewerker")


# --------------------------------------------------------------------------
# the list

@test
def pending_invitations_are_listed(srv):
    c, oid = S["coor"], S["oost"]
    invite(c, oid, "nieuw@example.org", "medewerker", page=True)
    invite(c, oid, "noord@example.org", "coordinator")  # has an account
    r = c.get("/beheer/organisaties/%d/leden" % oid)
    eq(r.status, 200)
    doc = H.parse_html(r.text)
    table = doc.by_id("uitnodigingen")
    check(table, "no table of pending invitations (id=uitnodigingen)")
    text = table.text()
    for email, role in (("nieuw@example.org", "medewerker"),
                        ("noord@example.org", "coördinator")):
        H.contains(text, email, "pending list")
        iid = invitation_id(srv, email, oid)
        forms = [f for f in table.find_all("form") if f.attrs.get("action") ==
                 "/beheer/organisaties/%d/uitnodigingen/%d/intrekken" % (oid, iid)]
        eq(len(forms), 1, "revoke form for %s" % email)
        eq(forms[0].attrs.get("method"), "post")
        check(forms[0].find_all("input", name="csrf"), "revoke form without CSRF")
    H.contains(text, "coördinator")
    H.contains(text, "coor@example.org", "who invited")
    created, expires = srv.query(
        "SELECT created_at, expires_at FROM tokens WHERE email = ? AND"
        " organisation_id = ?", ("nieuw@example.org", oid))[0]
    H.contains(text, created[:16].replace("T", " "), "sent at")
    H.contains(text, expires[:16].replace("T", " "), "valid until")
    # the API lists the same, in the same shape for both
    got = pending(c, oid)
    eq(sorted(got), ["nieuw@example.org", "noord@example.org"])
    for email, i in got.items():
        eq(sorted(i), ["created_at", "email", "expires_at", "id", "invited_by", "role"],
           "keys of an invitation (the same whether or not the address has an account)")
        eq(i["invited_by"], "coor@example.org")
        eq(i["id"], invitation_id(srv, email, oid))
    eq(got["nieuw@example.org"]["role"], "medewerker")
    eq(got["noord@example.org"]["role"], "coordinator")
    eq(got["nieuw@example.org"]["created_at"], created)
    eq(got["nieuw@example.org"]["expires_at"], expires)
    # the invitations the admin sent are in the list too, by their sender
    invite(S["admin"], oid, "door-beheer@example.org")
    eq(pending(c, oid)["door-beheer@example.org"]["invited_by"], "beheer@example.org")


@test
def only_who_may_invite_sees_them(srv):
    oid = S["oost"]
    r = S["mede"].get("/beheer/organisaties/%d/leden" % oid)
    eq(r.status, 200)
    H.not_contains(r.text, "nieuw@example.org", "medewerker's members page")
    H.not_contains(r.text, "/intrekken", "medewerker's members page")
    H.check_json_error(S["mede"].api("GET", "/api/v1/organisations/%d/invitations"
                                     % oid), 403)
    H.check_json_error(S["noordc"].api("GET", "/api/v1/organisations/%d/invitations"
                                       % oid), 403)
    H.check_json_error(srv.get("/api/v1/organisations/%d/invitations" % oid), 401)
    # a key of the organisation without the scope member.invite
    r = S["coor"].post("/beheer/organisaties/%d/sleutels" % oid,
                       [("name", "Leden lezen"), ("scopes", "member.list")])
    eq(r.status, 201, "make a key (body %r)" % r.body[:300])
    key = re.search(r'value="(wak_[0-9a-f]{8}_[A-Za-z0-9_-]{22})"', r.text).group(1)
    auth = {"Authorization": "Bearer " + key}
    eq(srv.get("/api/v1/organisations/%d/members" % oid, headers=auth).status, 200)
    H.check_json_error(srv.get("/api/v1/organisations/%d/invitations" % oid,
                               headers=auth), 403)
    H.check_json_error(srv.request("DELETE", "/api/v1/organisations/%d/invitations/%d"
                                   % (oid, invitation_id(srv, "nieuw@example.org", oid)),
                                   headers=auth), 403)
    eq(sorted(pending(S["admin"], oid)), sorted(pending(S["coor"], oid)),
       "the admin sees them too")


@test
def inviting_twice_is_409(srv):
    c, oid = S["coor"], S["oost"]
    for email in ("nieuw@example.org", "NOORD@example.org"):
        with unchanged(srv, "invite %s again" % email):
            # the outbox, not the SMTP server: earlier mails may still be
            # on their way
            mails = lambda: srv.query("SELECT COUNT(*) FROM outbox WHERE to_addr = ?",
                                      (email.lower(),))[0][0]
            n = mails()
            r = c.api("POST", "/api/v1/organisations/%d/members" % oid,
                      {"email": email, "role": "medewerker"})
            err = H.check_json_error(r, 409, field="email")
            H.contains(err["fields"]["email"], "uitnodiging")
            r = c.post("/beheer/organisaties/%d/uitnodigen" % oid,
                       {"email": email, "role": "medewerker"})
            eq(r.status, 409)
            eq(mails(), n, "no mail")


# --------------------------------------------------------------------------
# revoking

@test
def revoke_by_form(srv):
    c, oid = S["coor"], S["oost"]
    mail = last_mail("weg@example.org")
    invite(c, oid, "weg@example.org")
    path = link(mail(), PASSWORD_LINK)
    eq(srv.get(path).status, 200, "the link works before")
    iid = invitation_id(srv, "weg@example.org", oid)
    action = "/beheer/organisaties/%d/uitnodigingen/%d/intrekken" % (oid, iid)
    with unchanged(srv, "revoke without CSRF"):
        eq(c.post(action, csrf=False).status, 403)
    with unchanged(srv, "revoke by a medewerker"):
        eq(S["mede"].post(action).status, 403)
    with unchanged(srv, "revoke by another organisation's coordinator"):
        eq(S["noordc"].post(action).status, 403)
        eq(S["noordc"].post("/beheer/organisaties/%d/uitnodigingen/%d/intrekken"
                            % (S["noord"], iid)).status, 404)
    since = last_audit(srv)
    r = c.post(action)
    eq(r.status, 303, "revoke (body %r)" % r.body[:300])
    eq(r.header("Location"), "/beheer/organisaties/%d/leden?klaar=ingetrokken" % oid)
    eq(audit_since(srv, since),
       [("coor@example.org", "invitation.revoke", "organisation", str(oid),
         {"invitation_id": iid, "email": "weg@example.org", "role": "medewerker",
          "reason": "revoked"})])
    r = srv.get(path)
    eq(r.status, 410, "the revoked link")
    lc = "x" * 22
    with unchanged(srv, "choosing a password with a revoked link"):
        r = srv.post_form(path, {"password": PASSWORD, "password2": PASSWORD,
                                 "csrf": lc}, headers={"Cookie": "lc=" + lc})
        eq(r.status, 410)
    eq(srv.query("SELECT COUNT(*) FROM accounts WHERE email = ?",
                 ("weg@example.org",)), [(0,)])
    check("weg@example.org" not in pending(c, oid), "still listed")
    H.not_contains(c.get("/beheer/organisaties/%d/leden" % oid).text,
                   "weg@example.org", "members page after revoking")
    with unchanged(srv, "revoke twice"):
        eq(c.post(action).status, 404)


@test
def revoke_by_api(srv):
    c, oid = S["coor"], S["oost"]
    mail = last_mail("api-weg@example.org")
    invite(c, oid, "api-weg@example.org")
    path = link(mail(), PASSWORD_LINK)
    iid = invitation_id(srv, "api-weg@example.org", oid)
    url = "/api/v1/organisations/%d/invitations/%d" % (oid, iid)
    with unchanged(srv, "API revoke without CSRF"):
        H.check_json_error(c.api("DELETE", url, csrf=False), 403)
    with unchanged(srv, "API revoke by a medewerker"):
        H.check_json_error(S["mede"].api("DELETE", url), 403)
    with unchanged(srv, "API revoke of a bad id"):
        H.check_json_error(c.api("DELETE", "/api/v1/organisations/%d/invitations/%d"
                                 % (oid, iid + 1000)), 404)
        H.check_json_error(c.api("DELETE", "/api/v1/organisations/%d/invitations/x1"
                                 % oid), 404)
    since = last_audit(srv)
    r = c.api("DELETE", url)
    eq(r.status, 204, "API revoke (body %r)" % r.body[:300])
    eq([x[1] for x in audit_since(srv, since)], ["invitation.revoke"])
    eq(srv.get(path).status, 410, "the revoked link")
    with unchanged(srv, "API revoke twice"):
        H.check_json_error(c.api("DELETE", url), 404)


# --------------------------------------------------------------------------
# a coordinator who goes takes their invitations along

@test
def demoting_a_coordinator_revokes_their_invitations(srv):
    c, oid = S["coor"], S["oost"]
    c2 = new_member(srv, S["admin"], oid, "c2@example.org", "coordinator")
    m1, m2 = last_mail("van-c2@example.org"), last_mail("ander@example.org")
    invite(c2, oid, "van-c2@example.org")
    invite(c2, oid, "ander@example.org", page=True)  # has an account
    links = [link(m1(), PASSWORD_LINK), link(m2(), CONSENT_LINK)]
    ids = {e: invitation_id(srv, e, oid) for e in ("van-c2@example.org",
                                                   "ander@example.org")}
    for p in links:
        eq(S["ander"].get(p).status if "uitnodiging" in p else srv.get(p).status,
           200, "the link works before: %s" % p[:14])
    since = last_audit(srv)
    r = c.post("/beheer/organisaties/%d/leden/%d/rol" % (oid, c2.id),
               {"role": "medewerker"})
    eq(r.status, 303, "demote (body %r)" % r.body[:300])
    got = audit_since(srv, since)
    eq([(x[0], x[1]) for x in got], [("coor@example.org", "member.role")] +
       [("coor@example.org", "invitation.revoke")] * 2)
    eq(sorted((x[4]["invitation_id"], x[4]["email"], x[4]["reason"]) for x in got[1:]),
       sorted((i, e, "inviter_demoted") for e, i in ids.items()))
    for p in links:
        eq(srv.get(p).status, 410, "link of a demoted coordinator's invitation %s"
           % p[:14])
        eq(S["ander"].get(p).status, 410)
    left = set(pending(c, oid))
    check(not left & set(ids), "still listed: %r" % left)
    check({"nieuw@example.org", "door-beheer@example.org"} <= left,
          "the invitations of others stay: %r" % left)
    eq(members_of(srv, oid).get("ander@example.org"), None)
    S["c2"] = c2


@test
def removing_a_coordinator_revokes_their_invitations(srv):
    oid = S["oost"]
    c3 = new_member(srv, S["admin"], oid, "c3@example.org", "coordinator")
    m = last_mail("van-c3@example.org")
    invite(c3, oid, "van-c3@example.org", "coordinator")
    p = link(m(), PASSWORD_LINK)
    iid = invitation_id(srv, "van-c3@example.org", oid)
    since = last_audit(srv)
    r = S["admin"].api("DELETE", "/api/v1/organisations/%d/members/%d" % (oid, c3.id))
    eq(r.status, 204)
    got = audit_since(srv, since)
    eq([(x[0], x[1]) for x in got], [("beheer@example.org", "member.remove"),
                                     ("beheer@example.org", "invitation.revoke")])
    eq(got[1][4], {"invitation_id": iid, "email": "van-c3@example.org",
                   "role": "coordinator", "reason": "inviter_removed"})
    eq(srv.get(p).status, 410, "link of a removed coordinator's invitation")
    check("van-c3@example.org" not in pending(S["coor"], oid), "still listed")


# --------------------------------------------------------------------------
# an existing account consents

@test
def existing_account_is_asked_first(srv):
    c, oid, n = S["coor"], S["oost"], S["noordc"]
    # noord@ was invited by coor in pending_invitations_are_listed
    check("noord@example.org" not in members_of(srv, oid), "added without consent")
    mail = mails_to("noord@example.org", 2)[1]
    H.contains(mail.text(), "Buurtwerk Oost")
    H.not_contains(mail.text(), "/wachtwoord/", "consent mail")
    path = link(mail, CONSENT_LINK)
    # opening the link changes nothing, whoever opens it (mail scanners)
    with unchanged(srv, "GET of the consent link"):
        r = srv.get(path)
        eq(r.status, 200, "anonymous GET (body %r)" % r.body[:300])
        check(H.parse_html(r.text).find_all("a", href="/login?next=" + path),
              "no link to log in and come back")
        H.not_contains(r.text, 'value="accept"', "buttons without a session")
        eq(srv.request("HEAD", path).status, 200)
        r = n.get(path)
        eq(r.status, 200)
        H.contains(r.text, "Buurtwerk Oost")
        form = [f for f in H.parse_html(r.text).find_all("form")
                if f.attrs.get("action") == path]
        eq(len(form), 1, "one form posting to the link")
        eq({b.attrs.get("value") for b in form[0].find_all("button", name="answer")},
           {"accept", "decline"})
        eq(form[0].find_all("input", name="csrf")[0].attrs["value"], n.csrf)
        eq(c.get(path).status, 403, "another account")
        # the password page does not take a consent link
        eq(srv.get(path.replace("/uitnodiging/", "/wachtwoord/")).status, 410)
    check("noord@example.org" not in members_of(srv, oid), "added by a GET")
    # logging in from the page comes back to it
    again, back = login_to(srv, "noord@example.org", path)
    eq(back, path, "where the log-in goes")
    H.contains(again.get(path).text, 'value="accept"')
    with unchanged(srv, "accept without CSRF"):
        eq(n.post(path, {"answer": "accept"}, csrf=False).status, 403)
    with unchanged(srv, "accept by another account"):
        eq(c.post(path, {"answer": "accept"}).status, 403)
    with unchanged(srv, "accept without a session"):
        r = srv.post_form(path, {"answer": "accept", "csrf": n.csrf})
        eq(r.status, 303)
        check(r.header("Location", "").startswith("/login"), "sent to log in")
    with unchanged(srv, "a bad answer"):
        eq(n.post(path, {"answer": "misschien"}).status, 400)
    since = last_audit(srv)
    iid = invitation_id(srv, "noord@example.org", oid)
    r = n.post(path, {"answer": "accept"})
    eq(r.status, 200, "accept (body %r)" % r.body[:300])
    H.contains(r.text, "Buurtwerk Oost")
    eq(members_of(srv, oid)["noord@example.org"], "coordinator")
    eq(members_of(srv, S["noord"])["noord@example.org"], "coordinator",
       "the other membership stays")
    eq(audit_since(srv, since),
       [("noord@example.org", "invitation.accept", "organisation", str(oid),
         {"invitation_id": iid, "account_id": n.id, "email": "noord@example.org",
          "role": "coordinator"})])
    eq(n.get("/beheer/organisaties/%d/leden" % oid).status, 200, "now a member")
    with unchanged(srv, "the link a second time"):
        eq(n.get(path).status, 410)
        eq(n.post(path, {"answer": "decline"}).status, 410)
    check("noord@example.org" not in pending(c, oid), "still pending")


@test
def existing_account_declines(srv):
    c, oid, a = S["coor"], S["oost"], S["admin"]
    mail = last_mail("beheer@example.org")
    invite(c, oid, "beheer@example.org")  # the admin's account
    path = link(mail(), CONSENT_LINK)
    check("beheer@example.org" not in members_of(srv, oid), "added without consent")
    since = last_audit(srv)
    iid = invitation_id(srv, "beheer@example.org", oid)
    r = a.post(path, {"answer": "decline"})
    eq(r.status, 200, "decline (body %r)" % r.body[:300])
    check("beheer@example.org" not in members_of(srv, oid), "a member after declining")
    eq(audit_since(srv, since),
       [("beheer@example.org", "invitation.decline", "organisation", str(oid),
         {"invitation_id": iid, "account_id": a.id, "email": "beheer@example.org",
          "role": "medewerker"})])
    eq(a.get(path).status, 410, "the link after declining")
    check("beheer@example.org" not in pending(c, oid), "still pending")
    # and may be invited again
    invite(c, oid, "beheer@example.org")


@test
def consent_link_revoked(srv):
    c, oid, n = S["coor"], S["noord"], S["noordc"]
    mail = last_mail("mede@example.org")
    invite(n, oid, "mede@example.org")
    path = link(mail(), CONSENT_LINK)
    iid = invitation_id(srv, "mede@example.org", oid)
    eq(n.api("DELETE", "/api/v1/organisations/%d/invitations/%d" % (oid, iid)).status,
       204)
    with unchanged(srv, "a revoked consent link"):
        eq(S["mede"].get(path).status, 410)
        eq(S["mede"].post(path, {"answer": "accept"}).status, 410)
    check("mede@example.org" not in members_of(srv, oid), "joined after revoking")


# --------------------------------------------------------------------------
# the inviter learns nothing about accounts

def page_answer(s, org, email):
    r = s.post("/beheer/organisaties/%d/uitnodigen" % org,
               {"email": email, "role": "medewerker"})
    loc = r.header("Location")
    follow = s.get(loc) if r.status == 303 and loc else None
    notice = None
    if follow is not None:
        m = re.search(r'role="status"><p>(.*?)</p>', follow.text, re.S)
        notice = m.group(1) if m else None
    return r.status, loc, notice


def api_answer(s, org, email):
    r = s.api("POST", "/api/v1/organisations/%d/members" % org,
              {"email": email, "role": "medewerker"})
    j = r.json()
    return r.status, sorted(j), {k: v for k, v in j.items() if k != "invitation_id"}


@test
def the_answer_does_not_tell_whether_an_account_exists(srv):
    c, oid = S["coor"], S["oost"]
    # an account that is no member of oost, and an address without one
    S["extra"] = new_member(srv, S["noordc"], S["noord"], "bestaat@example.org",
                            "medewerker")
    existing = page_answer(c, oid, "bestaat@example.org")
    new = page_answer(c, oid, "bestaat-niet@example.org")
    eq(existing, new, "form answer for an existing account and a new address")
    eq(existing[0], 303)
    check(existing[2], "no notice after inviting")
    for email in ("bestaat@example.org", "bestaat-niet@example.org"):
        iid = invitation_id(srv, email, oid)
        eq(c.api("DELETE", "/api/v1/organisations/%d/invitations/%d" % (oid, iid))
           .status, 204)
    existing = api_answer(c, oid, "bestaat@example.org")
    new = api_answer(c, oid, "bestaat-niet@example.org")
    eq(existing, new, "API answer for an existing account and a new address")
    eq(existing[0], 201)
    eq(existing[1], ["invitation_id", "message", "status"])
    eq(existing[2]["status"], "invited")
    # and the list shows them alike
    got = pending(c, oid)
    eq(sorted(got["bestaat@example.org"]), sorted(got["bestaat-niet@example.org"]))


if __name__ == "__main__":
    try:
        H.main(extra_args=["--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port])
    finally:
        SMTP.stop()
