"""Following a kwestie or an area by e-mail, and "is het dit?" at intake.

Following: the form on the kwestie page and the JSON API make an
unconfirmed row and a mail (real SMTP on loopback) with a confirm link and
an unsubscribe link; opening a link (GET) changes nothing, its button
(POST) confirms or unsubscribes; the answer is the same whatever the
address's state; bad input is refused and changes nothing; the rate
limits answer 429; retention removes rows never confirmed after seven
days and the followers of kwesties closed long ago; no address in the
audit log or the server log.

Intake: with an open kwestie in the buurt of the same category, POST
/melden answers "Is het dit?" and stores nothing; "nee" sends the same
fields again and the signal is stored; "ja" supports the kwestie.

A professional of the demo (serve --demo) makes the kwesties through the
JSON API.

    python3 tests/http/test_follow.py --binary build/wijkagenda
"""
import datetime
import json
import os
import re
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, contains, eq, test  # noqa: E402
from smtpd import SmtpServer  # noqa: E402

SMTP = SmtpServer(port=0)
SMTP.start()

DEMO_PASSWORD = "demo-wachtwoord-2026"  # src/seed/demo_accounts.h
CATEGORY = "afval/grofvuil"
ADDR = {k: "volger.%s@example.org" % k for k in
        ("form", "api", "area", "again", "bad", "stale", "fresh", "old", "closed")}
S = {}
TOKEN = r"[A-Za-z0-9_-]{22}"


# --------------------------------------------------------------------------
# helpers

def iso(delta):
    t = datetime.datetime.now(datetime.timezone.utc) + delta
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def write(srv, sql, args=()):
    c = sqlite3.connect(srv.db_path, timeout=10)
    try:
        c.execute(sql, args)
        c.commit()
    finally:
        c.close()


def api(srv, method, path, obj):
    h = {"Cookie": "sid=" + S["sid"], "X-CSRF-Token": S["csrf"],
         "Content-Type": "application/json"}
    return srv.request(method, path, body=json.dumps(obj), headers=h)


def report(srv, text, category=CATEGORY):
    r = srv.post_json("/api/v1/signals", {"text": text, "buurt": S["buurt"],
                                          "category": category})
    eq(r.status, 201, "report (body %r)" % r.body[:200])
    return srv.query("SELECT id FROM signals WHERE token = ?", (r.json()["token"],))[0][0]


def make_kwestie(srv, title):
    sig = report(srv, H.uniq("volgen") + ": grofvuil naast de container")
    r = api(srv, "POST", "/api/v1/kwesties",
            {"title": title, "description": "Bewoners melden grofvuil.",
             "area": S["buurt"], "level": "buurt", "level_reason": "Een straat.",
             "signals": [sig], "chain": [{"organisation": S["west"], "role": "regisseur"}],
             "status": "opgepakt"})
    eq(r.status, 201, "make a kwestie (body %r)" % r.body[:300])
    return r.json()


def follower(srv, email):
    rows = srv.query("SELECT id, kwestie_id, area_code, confirm_hash,"
                     " (SELECT MIN(t.token_hash) FROM follower_tokens t"
                     "  WHERE t.follower_id = followers.id),"
                     " created_at, confirmed_at FROM followers WHERE email = ?", (email,))
    return rows


def links(email, after, timeout=20):
    """The confirm and unsubscribe paths of the first mail to email among
    the messages after index after."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for m in list(SMTP.messages)[after:]:
            if email in m.rcpt_tos:
                t = m.text()
                c = re.search(r"http://[^/\s]+(/volgen/%s)\b" % TOKEN, t)
                u = re.search(r"http://[^/\s]+(/afmelden/%s)\b" % TOKEN, t)
                check(c and u, "no confirm or unsubscribe link in %r" % t)
                return c.group(1), u.group(1), m
        time.sleep(0.05)
    raise H.Failure("no mail to %s within %d s" % (email, timeout))


def follow_form(srv, kid, email):
    return srv.post_form("/kwesties/%d/volgen" % kid, {"email": email})


def one_form(r, action):
    forms = H.parse_html(r.text).find_all("form", action=action)
    eq(len(forms), 1, "one form posting to %s" % action)
    return forms[0]


def kept(srv):
    """Two public answers in the cache: the kwestie's and the Open311 list."""
    paths = ["/api/v1/kwesties/%d" % S["k"]["id"], "/open311/v2/requests.json"]
    for p in paths:
        srv.get(p)
        eq(srv.get(p).header("X-Cache"), "hit", "%s kept" % p)
    return paths


def still_kept(srv, paths, what):
    """Followers are on no public answer: using a link keeps them all."""
    for p in paths:
        eq(srv.get(p).header("X-Cache"), "hit", "%s still kept after %s" % (p, what))


def audit_rows(srv, action):
    return srv.query("SELECT actor_label, entity, entity_id, detail FROM audit_log"
                     " WHERE action = ? ORDER BY id", (action,))


# --------------------------------------------------------------------------
# set-up

@test
def set_up(srv):
    S["sid"], S["csrf"] = H.login(srv, "medewerker@demo.wijkagenda.nl", DEMO_PASSWORD)
    S["buurt"] = srv.query("SELECT code FROM areas WHERE level = 'buurt'"
                           " AND code LIKE 'E%' ORDER BY code LIMIT 1")[0][0]
    S["west"] = srv.query("SELECT id FROM organisations WHERE name ="
                          " 'Stadsdeel West (demo)'")[0][0]
    S["k"] = make_kwestie(srv, "Grofvuil bij de containers")
    k2 = make_kwestie(srv, "Grofvuil bij de speeltuin")
    r = api(srv, "PATCH", "/api/v1/kwesties/%d" % k2["id"],
            {"version": k2["version"], "status": "afgerond", "outcome": "opgelost"})
    eq(r.status, 200, "close the second kwestie (body %r)" % r.body[:300])
    S["closed"] = k2["id"]


# --------------------------------------------------------------------------
# following by the form, confirming, unsubscribing

@test
def follow_by_form_mails_two_links(srv):
    kid, n = S["k"]["id"], len(SMTP.messages)
    r = follow_form(srv, kid, "  Volger.Form@Example.org ")
    eq(r.status, 200, "follow (body %r)" % r.body[:300])
    contains(r.text, "Kijk in uw mail")
    eq(r.header("Cache-Control"), "private, no-store", "Cache-Control")
    rows = follower(srv, ADDR["form"])
    eq(len(rows), 1, "one row, the address lower-cased")
    fid, k, area, ch, uh, created, confirmed = rows[0]
    eq((k, area, confirmed), (kid, None, None), "unconfirmed, of the kwestie")
    S["form_confirm"], S["form_unsub"], m = links(ADDR["form"], n)
    eq(m.rcpt_tos, [ADDR["form"]], "recipient")
    contains(m.text(), "Grofvuil bij de containers", "mail")
    contains(m.text(), "/kwesties/%d" % kid, "mail")
    eq(ch, H.token_hash(S["form_confirm"][len("/volgen/"):]), "confirm hash")
    eq(uh, H.token_hash(S["form_unsub"][len("/afmelden/"):]), "unsubscribe hash")
    a = audit_rows(srv, "follower.create")
    eq(a[-1][:3], ("resident", "follower", str(fid)), "audit row")
    eq(json.loads(a[-1][3]), {"kwestie": kid}, "audit detail")
    S["form_id"] = fid


@test
def confirm_link_get_shows_post_confirms(srv):
    path = S["form_confirm"]
    with H.unchanged(srv, "opening the confirm link"):
        r = srv.get(path)
    eq(r.status, 200, "GET the confirm link (body %r)" % r.body[:300])
    contains(r.text, "Grofvuil bij de containers")
    eq(r.header("Cache-Control"), "private, no-store", "Cache-Control")
    one_form(r, path)
    paths = kept(srv)
    r = srv.post_form(path, {})
    eq(r.status, 200, "POST confirms (body %r)" % r.body[:300])
    still_kept(srv, paths, "a confirm")
    contains(r.text, "U volgt dit nu")
    fid, k, area, ch, uh, created, confirmed = follower(srv, ADDR["form"])[0]
    check(confirmed, "confirmed_at set")
    eq(ch, None, "the confirm link is spent")
    eq(json.loads(audit_rows(srv, "follower.confirm")[-1][3]), {"kwestie": S["k"]["id"]},
       "audit detail")
    with H.unchanged(srv, "a used confirm link"):
        eq(srv.post_form(path, {}).status, 410, "second POST")
        eq(srv.get(path).status, 410, "GET after use")


@test
def same_answer_for_a_repeated_address(srv):
    kid = S["k"]["id"]
    fresh = follow_form(srv, kid, "volger.nieuw@example.org")
    eq(fresh.status, 200, "a new address")
    to_it = ("SELECT COUNT(*) FROM outbox WHERE to_addr = '%s'" % ADDR["form"])
    outbox = srv.query(to_it)[0][0]
    with H.unchanged(srv, "following again when confirmed"):
        again = follow_form(srv, kid, ADDR["form"])
    eq(again.status, 200, "a confirmed address")
    eq(again.body, fresh.body, "the same page")
    eq(srv.query(to_it)[0][0], outbox, "no mail to a follower")
    a = srv.post_json("/api/v1/kwesties/%d/follow" % kid, {"email": ADDR["form"]})
    b = srv.post_json("/api/v1/kwesties/%d/follow" % kid, {"email": "volger.x@example.org"})
    eq((a.status, b.status), (202, 202), "JSON statuses")
    eq(a.body, b.body, "the same JSON answer")


@test
def unconfirmed_again_gets_new_links(srv):
    kid, n = S["k"]["id"], len(SMTP.messages)
    eq(follow_form(srv, kid, ADDR["again"]).status, 200, "follow")
    c1, u1, _ = links(ADDR["again"], n)
    n = len(SMTP.messages)
    eq(follow_form(srv, kid, ADDR["again"]).status, 200, "follow again")
    c2, u2, _ = links(ADDR["again"], n)
    check(c1 != c2 and u1 != u2, "new links")
    eq(len(follower(srv, ADDR["again"])), 1, "still one row")
    eq(srv.get(c1).status, 410, "the old confirm link is dead")
    eq(srv.get(c2).status, 200, "the new one works")
    eq(len(audit_rows(srv, "follower.refresh")), 1, "audit row of the refresh")


@test
def follow_by_api_kwestie_and_area(srv):
    n = len(SMTP.messages)
    r = srv.post_json("/api/v1/kwesties/%d/follow" % S["k"]["id"], {"email": ADDR["api"]})
    eq(r.status, 202, "kwestie (body %r)" % r.body[:200])
    check(r.json().get("message"), "a message")
    links(ADDR["api"], n)
    r = srv.post_json("/api/v1/areas/%s/follow" % S["buurt"], {"email": ADDR["area"]})
    eq(r.status, 202, "area (body %r)" % r.body[:200])
    eq(follower(srv, ADDR["area"])[0][1:3], (None, S["buurt"]), "the area's row")
    c, u, m = links(ADDR["area"], n)
    contains(m.text(), "/agenda/%s" % S["buurt"], "mail")
    r = srv.get(c)
    eq(r.status, 200, "the area's confirm page")
    contains(r.text, "de agenda van")
    # the form on an agenda page
    r = srv.post_form("/agenda/%s/volgen" % S["buurt"], {"email": ADDR["area"]})
    eq(r.status, 200, "the agenda's form")


@test
def mail_and_pages_in_the_request_language(srv):
    n, email = len(SMTP.messages), "volger.english@example.org"
    r = srv.post_form("/kwesties/%d/volgen?lang=en" % S["k"]["id"], {"email": email})
    eq(r.status, 200, "follow in English")
    contains(r.text, "Check your")
    c, u, m = links(email, n)
    contains(m.text(), "Please confirm with this link", "English mail")
    contains(m.text(), "the issue", "English mail")
    contains(srv.get(c + "?lang=en").text, "Yes, I want to follow this")
    contains(srv.get(u + "?lang=en").text, "Unsubscribe me")


@test
def bad_input_changes_nothing(srv):
    kid = S["k"]["id"]
    with H.unchanged(srv, "bad follow requests"):
        for email in ("", "geen-adres", "a@b", "x@voorbeeld.nl\r\nBcc: y@z.nl"):
            r = follow_form(srv, kid, email)
            eq(r.status, 400, "form with %r" % email)
            contains(r.text, "f-volgen-email")
            one_form(r, "/kwesties/%d/volgen" % kid)
        r = srv.post_form("/kwesties/%d/volgen" % kid, {})
        eq(r.status, 400, "form without email")
        for body in ({"email": "geen-adres"}, {}, {"email": 12}, {"email": None}):
            H.check_json_error(srv.post_json("/api/v1/kwesties/%d/follow" % kid, body),
                               400, "email")
        H.check_json_error(srv.post_json("/api/v1/kwesties/%d/follow" % kid,
                                         {"email": ADDR["bad"], "naam": "x"}), 400)
        eq(srv.post_json("/api/v1/kwesties/%d/follow" % kid, "[1]").status, 400, "not an object")
        eq(srv.post_json("/api/v1/kwesties/999999/follow", {"email": ADDR["bad"]}).status,
           404, "unknown kwestie")
        eq(srv.post_json("/api/v1/kwesties/abc/follow", {"email": ADDR["bad"]}).status,
           404, "not a number")
        eq(srv.post_json("/api/v1/areas/XX99/follow", {"email": ADDR["bad"]}).status,
           404, "unknown area")
        H.check_json_error(srv.post_json("/api/v1/kwesties/%d/follow" % S["closed"],
                                         {"email": ADDR["bad"]}), 422, "kwestie")
        eq(follow_form(srv, S["closed"], ADDR["bad"]).status, 422, "closed, by the form")
        eq(srv.post_form("/agenda/XX99/volgen", {"email": ADDR["bad"]}).status, 404,
           "unknown area, by the form")
        eq(srv.post_json("/kwesties/%d/volgen" % kid, {"email": ADDR["bad"]}).status, 415,
           "JSON to the form")
        for path in ("/volgen/" + "A" * 22, "/volgen/kort", "/afmelden/" + "A" * 22,
                     "/afmelden/%3Cx%3E"):
            eq(srv.get(path).status, 410, "GET " + path)
            eq(srv.post_form(path, {}).status, 410, "POST " + path)
    eq(follower(srv, ADDR["bad"]), [], "no row")


@test
def unsubscribe_get_shows_post_deletes(srv):
    path = S["form_unsub"]
    with H.unchanged(srv, "opening the unsubscribe link"):
        r = srv.get(path)
    eq(r.status, 200, "GET (body %r)" % r.body[:300])
    one_form(r, path)
    paths = kept(srv)
    r = srv.post_form(path, {})
    eq(r.status, 200, "POST (body %r)" % r.body[:300])
    still_kept(srv, paths, "an unsubscribe")
    contains(r.text, "afgemeld")
    eq(follower(srv, ADDR["form"]), [], "the row is gone")
    a = audit_rows(srv, "follower.delete")
    eq(a[-1][:3], ("resident", "follower", str(S["form_id"])), "audit row")
    with H.unchanged(srv, "a used unsubscribe link"):
        eq(srv.post_form(path, {}).status, 410, "again")
    # an unconfirmed row can go too ("I never asked for this")
    n = len(SMTP.messages)
    eq(follow_form(srv, S["k"]["id"], "volger.nooit@example.org").status, 200, "follow")
    _, u, _ = links("volger.nooit@example.org", n)
    eq(srv.post_form(u, {}).status, 200, "unsubscribe unconfirmed")
    eq(follower(srv, "volger.nooit@example.org"), [], "gone")


@test
def old_confirm_link_is_dead(srv):
    n = len(SMTP.messages)
    eq(follow_form(srv, S["k"]["id"], ADDR["stale"]).status, 200, "follow")
    c, _, _ = links(ADDR["stale"], n)
    write(srv, "UPDATE followers SET created_at = ? WHERE email = ?",
          (iso(datetime.timedelta(days=-7, minutes=-1)), ADDR["stale"]))
    with H.unchanged(srv, "an expired confirm link"):
        eq(srv.get(c).status, 410, "GET")
        eq(srv.post_form(c, {}).status, 410, "POST")


@test
def no_address_in_the_audit_log(srv):
    detail = " ".join(r[0] for r in srv.query("SELECT detail FROM audit_log"
                                              " WHERE action LIKE 'follower.%'"))
    labels = {r[0] for r in srv.query("SELECT actor_label FROM audit_log"
                                      " WHERE action LIKE 'follower.%'")}
    eq(labels, {"resident"}, "actor labels")
    H.not_contains(detail, "@", "audit details")


# --------------------------------------------------------------------------
# intake: "is het dit?"

def melden(srv, fields):
    base = {"kind": "melding", "buurt": S["buurt"], "lat": "", "lon": "",
            "email": "", "phone": "", "age_band": "", "category": CATEGORY,
            "actie": "versturen"}
    base.update(fields)
    return srv.post_form("/melden", base)


@test
def intake_asks_is_het_dit(srv):
    text = H.uniq("hint") + "\nnaast de container op de hoek"
    with H.unchanged(srv, "the hint page"):
        r = melden(srv, {"text": text, "email": "melder@example.org"})
    eq(r.status, 200, "hint page (body %r)" % r.body[:300])
    contains(r.text, "Is het dit?")
    contains(r.text, "Grofvuil bij de containers")
    H.not_contains(r.text, "Grofvuil bij de speeltuin", "hint page (closed kwestie)")
    eq(r.header("Cache-Control"), "private, no-store", "Cache-Control")
    ja = one_form(r, "/melden/steun/%d" % S["k"]["id"])
    eq([i.attrs.get("value") for i in ja.find_all("input", name="email")],
       ["melder@example.org"], "the address goes with the support")
    button = ja.find_all("button")[0]
    title = H.parse_html(r.text).by_id(button.attrs["aria-describedby"])
    contains(title.text(), "Grofvuil bij de containers", "the button's description")
    nee = one_form(r, "/melden")
    fields = {i.attrs["name"]: i.attrs.get("value", "") for i in nee.find_all("input")}
    eq(fields.get("anders"), "1", "the flag")
    eq(fields.get("text"), text, "the text carried over")
    eq(fields.get("email"), "melder@example.org", "the address carried over")
    fields["actie"] = "versturen"
    r = srv.post_form("/melden", fields)
    eq(r.status, 303, "nee: stored (body %r)" % r.body[:300])
    tok = re.match(r"/m/(%s)\?nieuw=1$" % TOKEN, r.header("Location")).group(1)
    eq(srv.query("SELECT body, category_code, buurt_code FROM signals WHERE token = ?",
                 (tok,)), [(text, CATEGORY, S["buurt"])], "the signal")


@test
def intake_without_a_match_stores_at_once(srv):
    # the same buurt, another category and no word in common
    r = melden(srv, {"text": H.uniq("zonder") + ": een losse stoeptegel",
                     "category": "wegen-verkeer-straatmeubilair/brug"})
    eq(r.status, 303, "stored without a hint (body %r)" % r.body[:300])


@test
def intake_invalid_report_gets_errors_not_hints(srv):
    with H.unchanged(srv, "an invalid report"):
        r = melden(srv, {"text": "kort"})
    eq(r.status, 400, "errors first")
    H.not_contains(r.text, "Is het dit?")


@test
def intake_ja_supports(srv):
    kid = S["k"]["id"]
    before = srv.query("SELECT residents FROM kwesties WHERE id = ?", (kid,))[0][0]
    signals = srv.query("SELECT COUNT(*) FROM signals")[0][0]
    r = srv.post_form("/melden/steun/%d" % kid, {"email": "steuner@example.org"})
    eq(r.status, 200, "support (body %r)" % r.body[:300])
    contains(r.text, "u steunt deze kwestie")
    one_form(r, "/kwesties/%d/volgen" % kid)
    eq(srv.query("SELECT residents FROM kwesties WHERE id = ?", (kid,))[0][0], before + 1,
       "one resident more")
    eq(srv.query("SELECT COUNT(*) FROM signals")[0][0], signals, "no signal")
    with H.unchanged(srv, "bad support"):
        eq(srv.post_form("/melden/steun/%d" % kid, {"email": "geen-adres"}).status, 400,
           "bad address")
        eq(srv.post_form("/melden/steun/999999", {}).status, 404, "unknown kwestie")
        eq(srv.post_form("/melden/steun/%d" % S["closed"], {}).status, 422, "closed")


# --------------------------------------------------------------------------
# retention

@test
def retention_removes_stale_followers(srv):
    kid = S["k"]["id"]
    for key in ("fresh", "old"):
        eq(follow_form(srv, kid, ADDR[key]).status, 200, key)
    # old: unconfirmed for more than seven days; confirmed long ago stays
    write(srv, "UPDATE followers SET created_at = ? WHERE email = ?",
          (iso(datetime.timedelta(days=-30)), ADDR["old"]))
    write(srv, "UPDATE followers SET created_at = ?, confirmed_at = ? WHERE email = ?",
          (iso(datetime.timedelta(days=-30)), iso(datetime.timedelta(days=-29)),
           ADDR["api"]))
    # a confirmed follower of a kwestie closed more than a year ago goes
    write(srv, "INSERT INTO followers (municipality, kwestie_id, email,"
          " created_at, confirmed_at) VALUES ('GM0363', ?, ?, ?, ?)",
          (S["closed"], ADDR["closed"],
           iso(datetime.timedelta(days=-500)), iso(datetime.timedelta(days=-500))))
    write(srv, "INSERT INTO follower_tokens (token_hash, follower_id, created_at)"
          " SELECT ?, id, created_at FROM followers WHERE email = ?",
          (H.token_hash(H.new_token()), ADDR["closed"]))
    write(srv, "UPDATE kwesties SET closed_at = ? WHERE id = ?",
          (iso(datetime.timedelta(days=-400)), S["closed"]))
    gone = {ADDR["old"], ADDR["stale"], ADDR["closed"]}
    kept = {ADDR["fresh"], ADDR["api"], ADDR["area"], ADDR["again"]}
    p = subprocess.run([srv.binary, "retention", "--db", srv.db_path,
                        "--retention-days", "365"], capture_output=True, text=True,
                       timeout=60, stdin=subprocess.DEVNULL)
    eq(p.returncode, 0, "retention (stderr %r)" % p.stderr)
    left = {r[0] for r in srv.query("SELECT email FROM followers")}
    eq(left & gone, set(), "removed")
    eq(left & kept, kept, "kept")
    d = json.loads(srv.query("SELECT detail FROM audit_log WHERE action = 'retention.run'"
                             " ORDER BY id DESC LIMIT 1")[0][0])
    eq(d["followers"], 3, "counted")


# --------------------------------------------------------------------------
# rate limits: a server of its own with --rate-mail 5 (per client 5 at
# once; per address 3 at once, src/cmd_serve.c)

def follow_state(srv):
    """Followers, mail and the audit log: what a refused request must leave
    alone (H.unchanged cannot serve here: on PostgreSQL the limiters keep
    their buckets in the database, src/store/rates.c)."""
    return [srv.query("SELECT * FROM %s ORDER BY 1" % t)
            for t in ("followers", "outbox", "audit_log")]


@test
def rate_limits(srv):
    lim = H.Server(srv.binary, ["--rate-mail", "5"])
    try:
        lim.start()
        path = "/api/v1/areas/AA01/follow"
        for i in range(3):
            eq(lim.post_json(path, {"email": "veel@example.org"}).status, 202, "mail %d" % i)
        before = follow_state(lim)
        r = lim.post_json(path, {"email": "veel@example.org"})
        H.check_json_error(r, 429)
        check(int(r.header("Retry-After")) >= 1, "Retry-After")
        eq(follow_state(lim), before, "refused by the address's limit: nothing changed")
        eq(lim.post_json(path, {"email": "ander@example.org"}).status, 202,
           "another address")
        before = follow_state(lim)
        eq(lim.post_json(path, {"email": "derde@example.org"}).status, 429, "client")
        r = lim.post_form("/agenda/AA01/volgen", {"email": "vierde@example.org"})
        eq(r.status, 429, "the form")
        check(r.header("Retry-After"), "Retry-After on the form")
        eq(follow_state(lim), before, "refused by the client's limit: nothing changed")
    finally:
        lim.stop()
        lim.cleanup()


@test(after_stop=True)
def no_address_in_the_log(srv):
    log = srv.log_text()
    for a in ADDR.values():
        H.not_contains(log, a, "server log")
    check(re.search(r"/(volgen|afmelden)/%s" % TOKEN, log) is None, "a link in the log")


if __name__ == "__main__":
    try:
        H.main(extra_args=["--demo", "--smtp-url", "smtp://127.0.0.1:%d" % SMTP.port,
                           "--mail-from", "noreply@wijkagenda.example"])
    finally:
        SMTP.stop()
