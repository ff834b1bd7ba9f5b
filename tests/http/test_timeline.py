"""The public timeline of a signal and of a kwestie (issue 13): the
"received" entry at intake, the "closed" entry of a triage close, a
kwestie's changes on its signals' tracking page, the "timeline" array of
GET /api/v1/signals/{token} and GET /api/v1/kwesties/{id}, and the Atom
feeds /m/{token}/feed and /kwesties/{id}/feed (RFC 4287), linked from the
pages' head.

Each feed is parsed with xml.etree (well-formed, in the Atom namespace,
with the elements RFC 4287 requires), its ids are checked to be tag: URIs
that stay the same and never carry the tracking token, and its answers to
conditional GETs (ETag, Last-Modified) are 304 until something changes.

Hostile text: a professional's reason with <script>, "]]>" and quotes
(through PATCH /api/v1/kwesties/{id}, which puts the level's reason in the
timeline) comes out escaped in the pages and the feeds, and as the same
string in the JSON; control characters are refused at the door (422,
nothing changed); what the door lets through but XML cannot carry (U+FFFF)
and what only SQL could have stored (controls) still give a well-formed
feed.

A professional acts through an API key of organisation A (stadsdeel
Centrum, area A) with the scope kwestie.manage, made in the database.

    python3 tests/http/test_timeline.py --binary build/wijkagenda
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, contains, eq, not_contains, test  # noqa: E402

ATOM = "{http://www.w3.org/2005/Atom}"
KW = "/api/v1/kwesties"
NOW = "2026-01-01T00:00:00.000Z"
HOSTILE = "Want <script>alert('x')</script> ]]> & \"zo\" speelt het in de buurt."
S = {"seq": 0}


def uniq():
    S["seq"] += 1
    return "%d-%d" % (os.getpid(), S["seq"])


# --------------------------------------------------------------------------
# helpers

def call(srv, method, path, obj=None):
    h = {"Authorization": "Bearer " + S["key"]}
    body = None
    if obj is not None:
        body = json.dumps(obj)
        h["Content-Type"] = "application/json"
    return srv.request(method, path, body=body, headers=h)


def write(srv, sql, args=()):
    c = H.sqlite3.connect(srv.db_path, timeout=10)
    try:
        c.execute(sql, args)
        c.commit()
    finally:
        c.close()


def report(srv, buurt="AA01"):
    r = srv.post_json("/api/v1/signals", {
        "text": "Tijdlijn %s: de lantaarnpaal is kapot" % uniq(), "buurt": buurt,
        "email": "tijdlijn@example.org"})
    eq(r.status, 201, "report (body %r)" % r.body[:300])
    j = r.json()
    return j["token"], srv.query("SELECT id FROM signals WHERE token = ?",
                                 (j["token"],))[0][0], j


def new_kwestie(srv, signals):
    r = call(srv, "POST", KW, {
        "title": "Lantaarnpalen %s" % uniq(), "description": "Er branden er een paar niet.",
        "area": "AA01", "level": "buurt", "level_reason": "Speelt in een straat.",
        "signals": signals, "status": "opgepakt",
        "chain": [{"organisation": S["org"], "role": "regisseur"}]})
    eq(r.status, 201, "create a kwestie (body %r)" % r.body[:400])
    return r.json()


def feed(srv, path, headers=None):
    """GET a feed, parse it: (response, root element)."""
    r = srv.get(path, headers=headers)
    eq(r.status, 200, "GET %s (body %r)" % (path, r.body[:300]))
    eq(r.header("Content-Type"), "application/atom+xml; charset=utf-8", "Content-Type")
    try:
        root = ET.fromstring(r.body)
    except ET.ParseError as e:
        raise H.Failure("%s is not well-formed XML: %s\n%r" % (path, e, r.body[:2000]))
    return r, root


def text_of(el, name):
    x = el.find(ATOM + name)
    check(x is not None, "no <%s> in <%s>" % (name, el.tag))
    return x.text or ""


def check_atom(root, token=None):
    """The elements RFC 4287 requires, and what we promise of them."""
    eq(root.tag, ATOM + "feed", "root element")
    for name in ("id", "title", "updated"):
        check(text_of(root, name), "feed <%s> is empty" % name)
    check(root.find(ATOM + "author/" + ATOM + "name") is not None, "feed author")
    rels = {ln.get("rel"): ln for ln in root.findall(ATOM + "link")}
    check("self" in rels and "alternate" in rels, "feed links %r" % list(rels))
    eq(rels["self"].get("type"), "application/atom+xml", "self type")
    entries = root.findall(ATOM + "entry")
    for e in entries:
        for name in ("id", "title", "updated"):
            check(text_of(e, name), "entry <%s> is empty" % name)
        c = e.find(ATOM + "content")
        check(c is not None and c.get("type") == "text", "entry content type=text")
        check(e.find(ATOM + "author/" + ATOM + "name") is not None, "entry author")
        check(re.match(r"^tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:/timeline/\d+$",
                       text_of(e, "id")), "entry id %r" % text_of(e, "id"))
        check(RFC3339.match(text_of(e, "updated")), "updated %r" % text_of(e, "updated"))
    check(re.match(r"^tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:/", text_of(root, "id")),
          "feed id %r" % text_of(root, "id"))
    if entries:
        eq(text_of(root, "updated"), max(text_of(e, "updated") for e in entries),
           "the feed's updated is its newest entry's")
    if token:
        check(token not in text_of(root, "id"), "the token in the feed id")
        for e in entries:
            check(token not in text_of(e, "id"), "the token in an entry id")
    return entries


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def contents(entries):
    return [e.find(ATOM + "content").text for e in entries]


def timeline_section(page):
    """The rows of the table under "Wat er is gebeurd": [(date, who, what)]."""
    doc = H.parse_html(page)
    for h2 in doc.find_all("h2"):
        if h2.text().strip() == "Wat er is gebeurd":
            table = h2.parent.find_all("table")
            rows = []
            for t in table:
                for tr in t.find_all("tr"):
                    tds = tr.find_all("td")
                    if tds:
                        rows.append(tuple(td.text().strip() for td in tds))
            return rows
    raise H.Failure("no 'Wat er is gebeurd' on the page")


def head_feed(page):
    m = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" '
                  r'href="([^"]*)">', page)
    check(m, "no feed link in the head")
    check(page.index(m.group(0)) < page.index("</head>"), "the feed link is in the head")
    return m.group(1)


# --------------------------------------------------------------------------
# set-up

@test
def set_up(srv):
    admin = H.choose_password(srv, H.admin_create(srv, "tijdlijn-admin@example.org"))
    r = srv.post_json("/api/v1/organisations",
                      {"name": "Tijdlijn Centrum %s" % uniq(), "kind": "stadsdeel",
                       "areas": ["A"]},
                      headers={"Cookie": "sid=" + admin[0], "X-CSRF-Token": admin[1]})
    eq(r.status, 201, "organisation (body %r)" % r.body[:300])
    S["org"], S["org_name"] = r.json()["id"], r.json()["name"]
    prefix = os.urandom(4).hex()
    S["key"] = "wak_%s_%s" % (prefix, H.new_token())
    write(srv, "INSERT INTO api_keys (organisation_id, name, prefix, key_hash, scopes,"
          " created_at) VALUES (?, ?, ?, ?, ?, ?)",
          (S["org"], "Tijdlijn", prefix, H.token_hash(S["key"]), "kwestie.manage", NOW))


# --------------------------------------------------------------------------
# the signal's own entries

@test
def received_at_intake(srv):
    tok, sid, j = report(srv)
    eq([(t["kind"], t["message"]) for t in j["timeline"]],
       [("received", "Melding ontvangen.")], "the POST's timeline")
    eq(sorted(j["timeline"][0]), ["at", "kind", "message"], "fields of an entry")
    check(RFC3339.match(j["timeline"][0]["at"]), "at %r" % j["timeline"][0]["at"])
    eq(srv.query("SELECT kind, actor, signal_id, kwestie_id FROM timeline WHERE"
                 " signal_id = ?", (sid,)), [("received", "wijkagenda", sid, None)],
       "one received row, by wijkagenda, of the signal")
    r = srv.get("/api/v1/signals/%s" % tok)
    eq(r.json()["timeline"], j["timeline"], "GET says the same")
    # the page
    r = srv.get("/m/%s" % tok)
    eq(r.status, 200, "tracking page")
    rows = timeline_section(r.text)
    eq([(w, t) for _, w, t in rows], [("wijkagenda", "Melding ontvangen.")], "page rows")
    check(re.match(r"^\d{1,2} \w+ \d{4}, \d{2}:\d{2}$", rows[0][0]),
          "the date in words: %r" % rows[0][0])
    eq(head_feed(r.text), "/m/%s/feed" % tok, "the head links the feed")
    contains(r.text, 'href="/m/%s/feed" type="application/atom+xml"' % tok,
             "a link to the feed on the page")
    # the confirmation page links it too
    r = srv.get("/m/%s?nieuw=1" % tok)
    eq(head_feed(r.text), "/m/%s/feed" % tok, "the confirmation page's head")
    S["tok"], S["sid"] = tok, sid


@test
def replay_writes_no_second_entry(srv):
    body = {"text": "Herhaald %s: de stoep is kapot" % uniq(), "buurt": "AA01"}
    a = srv.post_json("/api/v1/signals", body)
    b = srv.post_json("/api/v1/signals", body)
    eq((a.status, b.status), (201, 200), "the second is a replay")
    eq(b.json()["token"], a.json()["token"], "the same signal")
    sid = srv.query("SELECT id FROM signals WHERE token = ?", (a.json()["token"],))[0][0]
    eq(srv.query("SELECT COUNT(*) FROM timeline WHERE signal_id = ?", (sid,)), [(1,)],
       "one received entry")
    eq(len(b.json()["timeline"]), 1, "the replay's answer")


@test
def triage_close_and_decline(srv):
    tok, sid, _ = report(srv)
    path = "/api/v1/triage/%d" % sid
    # a decline between organisations is not public: no entry
    with_count = srv.query("SELECT COUNT(*) FROM timeline")[0][0]
    r = call(srv, "POST", path + "/decline", {"reason": "Niet voor ons, zegt A."})
    eq(r.status, 200, "decline (body %r)" % r.body[:300])
    eq(srv.query("SELECT COUNT(*) FROM timeline")[0][0], with_count, "no entry")
    not_contains(srv.get("/m/%s" % tok).text, "Niet voor ons, zegt A.", "page")
    tok, sid, _ = report(srv)
    r = call(srv, "POST", "/api/v1/triage/%d/close" % sid,
             {"outcome": "opgelost", "reason": "De lamp is vervangen."})
    eq(r.status, 200, "close (body %r)" % r.body[:300])
    eq(srv.query("SELECT kind, actor, to_value, reason FROM timeline WHERE signal_id = ?"
                 " ORDER BY id", (sid,)),
       [("received", "wijkagenda", None, None),
        ("closed", S["org_name"], "opgelost", "De lamp is vervangen.")], "rows")
    j = srv.get("/api/v1/signals/%s" % tok).json()
    eq([(t["kind"], t["message"]) for t in j["timeline"]],
       [("received", "Melding ontvangen."),
        ("closed", "Melding afgehandeld: Opgelost. Reden: De lamp is vervangen.")],
       "JSON timeline")
    rows = timeline_section(srv.get("/m/%s" % tok).text)
    eq(rows[-1][1:], (S["org_name"],
                      "Melding afgehandeld: Opgelost. Reden: De lamp is vervangen."),
       "the page, newest last as on the kwestie page")
    _, root = feed(srv, "/m/%s/feed" % tok)
    entries = check_atom(root, tok)
    eq(contents(entries), ["Melding afgehandeld: Opgelost. Reden: De lamp is vervangen.",
                           "Melding ontvangen."], "feed, newest first")
    eq(text_of(entries[0], "title"), "Melding afgehandeld: Opgelost.", "entry title")
    # in English
    j = srv.get("/api/v1/signals/%s" % tok, headers={"Accept-Language": "en"}).json()
    eq([t["message"] for t in j["timeline"]],
       ["Report received.", "Report dealt with: Solved. Reason: De lamp is vervangen."],
       "in English")
    _, root = feed(srv, "/m/%s/feed?lang=en" % tok)
    eq(root.get("{http://www.w3.org/XML/1998/namespace}lang"), "en", "xml:lang")
    eq(contents(root.findall(ATOM + "entry"))[-1], "Report received.", "English feed")


# --------------------------------------------------------------------------
# a kwestie's changes, on the signal's page, JSON and feed

@test
def kwestie_changes_reach_the_signal(srv):
    tok, sid = S["tok"], S["sid"]
    k = new_kwestie(srv, [sid])
    r = call(srv, "PATCH", "%s/%d" % (KW, k["id"]),
             {"version": 1, "level": "wijk", "level_reason": HOSTILE})
    eq(r.status, 200, "PATCH (body %r)" % r.body[:400])
    kj = r.json()
    eq([t["kind"] for t in kj["timeline"]], ["created", "level"], "kwestie timeline")
    eq(kj["timeline"][1]["message"], "Niveau: Buurt \u2192 Wijk. Reden: " + HOSTILE,
       "the reason, as written, in the JSON")
    eq(len(kj["history"]), 2, "history is still there")
    eq(kj["history"][1]["reason"], HOSTILE, "history's reason")
    # the signal: its own entry, then the kwestie's
    j = srv.get("/api/v1/signals/%s" % tok).json()
    eq([t["kind"] for t in j["timeline"]], ["received", "created", "level"],
       "the signal's timeline")
    eq(j["timeline"][2]["message"], kj["timeline"][1]["message"], "same words")
    for path in ("/m/%s" % tok, "/kwesties/%d" % k["id"]):
        page = srv.get(path).text
        not_contains(page, "<script>alert", path)
        contains(page, "Want &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; ]]&gt; "
                 "&amp; &quot;zo&quot;", path)
        rows = timeline_section(page)
        eq(rows[-1][2], "Niveau: Buurt \u2192 Wijk. Reden: " + HOSTILE, "row on " + path)
    eq(head_feed(srv.get("/kwesties/%d" % k["id"]).text), "/kwesties/%d/feed" % k["id"],
       "the kwestie page's head")
    # the feeds
    for path, token in (("/m/%s/feed" % tok, tok), ("/kwesties/%d/feed" % k["id"], None)):
        r, root = feed(srv, path)
        not_contains(r.text, "<script>", path)
        not_contains(r.text, "]]>", path)
        entries = check_atom(root, token)
        eq(entries[0].find(ATOM + "content").text,
           "Niveau: Buurt \u2192 Wijk. Reden: " + HOSTILE, "the newest entry of " + path)
        link = [ln.get("href") for ln in entries[0].findall(ATOM + "link")]
        check(link and link[0].endswith("/kwesties/%d" % k["id"]), "entry link %r" % link)
    # the same entry has the same id in both feeds, and again next time
    _, a = feed(srv, "/m/%s/feed" % tok)
    _, b = feed(srv, "/kwesties/%d/feed" % k["id"])
    ids_a = [text_of(e, "id") for e in a.findall(ATOM + "entry")]
    ids_b = [text_of(e, "id") for e in b.findall(ATOM + "entry")]
    eq(ids_a[:2], ids_b, "the kwestie's entries keep their ids in the signal's feed")
    _, a2 = feed(srv, "/m/%s/feed" % tok)
    eq([text_of(e, "id") for e in a2.findall(ATOM + "entry")], ids_a, "stable ids")
    eq(text_of(a2, "id"), text_of(a, "id"), "stable feed id")
    S["k"] = k


@test
def control_characters(srv):
    """Controls are refused at the door; U+FFFF passes the door (it is no
    control) but is no character of XML: the feed shows U+FFFD; controls
    stored by other means (SQL) are left out of page and feed."""
    k = S["k"]
    path = "%s/%d" % (KW, k["id"])
    with H.unchanged(srv):
        r = call(srv, "PATCH", path, {"version": 2, "level": "stadsdeel",
                                      "level_reason": "Bel \x07 nu \x1b[31m"})
        H.check_json_error(r, 422, "level_reason")
    r = call(srv, "PATCH", path, {"version": 2, "level": "stadsdeel",
                                  "level_reason": "Raar teken \uffff hier."})
    eq(r.status, 200, "U+FFFF passes the text rule (body %r)" % r.body[:300])
    write(srv, "INSERT INTO timeline (kwestie_id, at, actor, kind, message) VALUES"
          " (?, ?, ?, 'note', ?)",
          (k["id"], "2026-01-02T00:00:00.000Z", "Tijdlijn", "Stuur\x01tekens\x0b weg\x7f."))
    r, root = feed(srv, "/kwesties/%d/feed" % k["id"])
    msgs = contents(check_atom(root))
    check("Reden: Raar teken \ufffd hier." in msgs[0] or
          any("Raar teken \ufffd hier." in m for m in msgs),
          "U+FFFF became U+FFFD: %r" % msgs)
    check("Stuurtekens weg." in msgs, "controls dropped: %r" % msgs)
    eq(text_of([e for e in root.findall(ATOM + "entry")
                if e.find(ATOM + "content").text == "Stuurtekens weg."][0], "title"),
       "Bericht", "a note's title")
    page = srv.get("/kwesties/%d" % k["id"]).text
    contains(page, "Stuurtekens weg.", "the page drops the controls too")
    _, root = feed(srv, "/m/%s/feed" % S["tok"])
    check_atom(root, S["tok"])


# --------------------------------------------------------------------------
# conditional GETs, merged kwesties, 404s

@test
def conditional_get(srv):
    path = "/kwesties/%d/feed" % S["k"]["id"]
    r, _ = feed(srv, path)
    etag, lm = r.header("ETag"), r.header("Last-Modified")
    check(etag and re.match(r'^"[0-9a-f]{32}"$', etag), "ETag %r" % etag)
    check(lm and lm.endswith(" GMT"), "Last-Modified %r" % lm)
    r = srv.get(path, headers={"If-None-Match": etag})
    eq((r.status, r.body), (304, b""), "If-None-Match")
    r = srv.get(path, headers={"If-Modified-Since": lm})
    eq(r.status, 304, "If-Modified-Since")
    r = srv.get(path, headers={"If-None-Match": '"other"', "If-Modified-Since": lm})
    eq(r.status, 200, "an ETag that does not match wins over the date")
    # another language is another body
    r2 = srv.get(path, headers={"Accept-Language": "en"})
    check(r2.header("ETag") != etag, "the same ETag in English")
    # a change is a new version
    k = srv.get("%s/%d" % (KW, S["k"]["id"])).json()
    r = call(srv, "PATCH", "%s/%d" % (KW, k["id"]), {"version": k["version"], "urgency": 2})
    eq(r.status, 200, "PATCH (body %r)" % r.body[:300])
    r = srv.get(path, headers={"If-None-Match": etag})
    eq(r.status, 200, "changed since")
    check(r.header("ETag") != etag, "a new ETag")
    # the signal's feed is private: never stored
    r, _ = feed(srv, "/m/%s/feed" % S["tok"])
    eq(r.header("Cache-Control"), "private, no-store", "signal feed Cache-Control")


@test
def merged_kwestie_feed(srv):
    _, s1, _ = report(srv)
    _, s2, _ = report(srv)
    a, b = new_kwestie(srv, [s1]), new_kwestie(srv, [s2])
    r = call(srv, "POST", "%s/%d/merge" % (KW, a["id"]), {"into": b["id"], "version": 1})
    eq(r.status, 200, "merge (body %r)" % r.body[:300])
    _, root = feed(srv, "/kwesties/%d/feed" % a["id"])
    msgs = contents(check_atom(root))
    check(any("Samengevoegd met kwestie #%d." % b["id"] in m for m in msgs),
          "the merge entry says where it went: %r" % msgs)
    _, root = feed(srv, "/kwesties/%d/feed" % b["id"])
    check(any("Kwestie #%d is hierin opgegaan." % a["id"] in m
              for m in contents(check_atom(root))), "and the other one says so")


@test
def not_found(srv):
    for path in ("/m/%s/feed" % H.new_token(), "/m/kort/feed",
                 "/kwesties/999999/feed", "/kwesties/abc/feed", "/kwesties/0/feed"):
        r = srv.get(path)
        eq(r.status, 404, path)
    r = srv.request("POST", "/kwesties/%d/feed" % S["k"]["id"])
    eq(r.status, 405, "POST to a feed")


if __name__ == "__main__":
    H.main()
