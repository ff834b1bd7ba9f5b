"""Partner inventory (docs/inventory.md) through the real binary, as the
beheerder: import district lists as CSV (API and pasted form) and HSDS
JSON, refuse malformed lists whole (line and column named, nothing
written), see the proposed clusters with every field's sources, merge one
into an existing organisation choosing a field's winner, merge another
into a new organisation through the API, read the report, delete a list;
anonymous visitors and a coordinator are refused.

The beheerder is made with `wijkagenda admin create`, which prints a
one-time link to choose a password; a coordinator and an existing
organisation are written straight into the database (as test_werk.py does).

The inventory routes are wired by src/web/routes.c including
src/web/routes_inventory.inc; a binary without them (no route pattern of
the inventory in it) runs no test and says so.

    python3 tests/http/test_inventory.py --binary build/wijkagenda
"""
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import cookies, csrf_of  # noqa: E402
from harness import check, contains, eq, test  # noqa: E402

PASSWORD = "een-lang-genoeg-wachtwoord"
NOW = "2026-01-01T00:00:00.000Z"
ADMIN = "beheer.inventaris@example.org"
COORD = "coord.inventaris@example.org"
S = {}
# Only the route table names this pattern: it is in the binary when
# src/web/routes.c includes web/routes_inventory.inc.
ROUTE_MARK = b"/api/v1/inventory/lists/{list}"

NOORD_CSV = (
    "\ufeffnaam;kvk;website;email;telefoon;adres;postcode;plaats;soort;werkgebied\r\n"
    "Stichting Buurtwerk Noord;41215422;www.buurtwerk-noord.nl;"
    "info@buurtwerk-noord.nl;020-123 45 67;Kinkerstraat 12;1053 AB;Amsterdam;"
    "Welzijn;Noord\r\n"
    "\"Huurdersvereniging \"\"De Meeuw\"\"\";;;;020 765 4321;Meeuwenlaan 4;"
    "1021 JL;Amsterdam;bewonersorganisatie;\r\n"
    "Dynamo Jeugdwerk;;https://dynamo-amsterdam.nl;;;;;;welzijn;\r\n"
    "\"<script>alert(1)</script> & Co\";;;;;;;;;\r\n")

WEST_HSDS = [
    {"id": "w1", "name": "St. Buurtwerk-Noord",
     "website": "https://buurtwerk-noord.nl/contact",
     "phones": [{"number": "+31 20 1234567"}],
     "locations": [{"addresses": [{"address_1": "Kinkerstraat 12",
                                   "postal_code": "1053AB",
                                   "city": "Amsterdam"}]}]},
    {"id": "w2", "name": "Huurdersver. De Meeuw",
     "phones": [{"number": "+31 20 7654321"}]},
    {"id": "w3", "name": "Openbare Bibliotheek Amsterdam",
     "organization_identifiers": [{"identifier_scheme": "NL-KVK",
                                   "identifier_type": "KvK-nummer",
                                   "identifier": "34123456"}],
     "website": "https://www.oba.nl"},
]

OOST_CSV = ("naam,kvk,telefoon,postcode,adres\n"
            "Buurtwerk Noord B.V.,KvK 4121 5422,(020) 123 4567,1053 ab,"
            "Kinkerstr. 12\n"
            "OBA,34123456,,,\n")


# --------------------------------------------------------------------------
# helpers

def token_hash(token):
    return hashlib.blake2b(token.encode() + b"\x1f", digest_size=16).hexdigest()


def choose_password(srv, path):
    r = srv.get(path)
    eq(r.status, 200, "password page %s" % path)
    lc = cookies(r)["lc"]
    r = srv.post_form(path, {"csrf": csrf_of(r), "password": PASSWORD,
                             "password2": PASSWORD},
                      headers={"Cookie": "lc=" + lc})
    eq(r.status, 303, "password chosen (body %r)" % r.body[:300])
    return cookies(r)["sid"]


def admin_session(srv, email):
    """wijkagenda admin create prints a one-time link; open it and choose a
    password: returns the session cookie."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([srv.binary, "admin", "create", "--email", email, "--db",
                        srv.db_path, "--base-url", "http://127.0.0.1:%d" % srv.port],
                       capture_output=True, text=True, timeout=60, env=env,
                       stdin=subprocess.DEVNULL)
    eq(p.returncode, 0, "admin create (%s)" % p.stderr)
    m = re.search(r"(/wachtwoord/[A-Za-z0-9_-]{22})\s*$", p.stdout)
    check(m, "no link in %r" % p.stdout)
    return choose_password(srv, m.group(1))


def add_coordinator(srv):
    con = sqlite3.connect(srv.db_path, timeout=10)
    cur = con.execute("INSERT INTO organisations (municipality, name, kind,"
                      " created_at, updated_at) VALUES ('GM0363',"
                      " 'Welzijn Test (inventaris)', 'welzijn', ?, ?)", (NOW, NOW))
    org = cur.lastrowid
    cur = con.execute("INSERT INTO accounts (email, created_at) VALUES (?, ?)",
                      (COORD, NOW))
    aid = cur.lastrowid
    con.execute("INSERT INTO memberships (account_id, organisation_id, role,"
                " created_at) VALUES (?, ?, 'coordinator', ?)", (aid, org, NOW))
    tok = ("I%s" % aid).ljust(22, "b")[:22]
    con.execute("INSERT INTO tokens (token_hash, kind, email, account_id,"
                " created_at, expires_at) VALUES (?, 'password', ?, ?, ?,"
                " '2999-01-01T00:00:00.000Z')", (token_hash(tok), COORD, aid, NOW))
    con.commit()
    con.close()
    return choose_password(srv, "/wachtwoord/" + tok)


def add_existing_org(srv):
    con = sqlite3.connect(srv.db_path, timeout=10)
    cur = con.execute("INSERT INTO organisations (municipality, name, kind, kvk,"
                      " created_at, updated_at) VALUES ('GM0363',"
                      " 'Buurtwerk Noord', 'welzijn', '41215422', ?, ?)", (NOW, NOW))
    con.commit()
    con.close()
    return cur.lastrowid


def hdr(who="admin", extra=None):
    h = {"Cookie": "sid=" + S["sid"][who], "X-CSRF-Token": S["csrf"][who]}
    h.update(extra or {})
    return h


def get(srv, path, who="admin"):
    return srv.get(path, headers={"Cookie": "sid=" + S["sid"][who]})


def post_list(srv, source, body, ctype="text/csv", who="admin"):
    q = "" if source is None else "?source=" + urllib.parse.quote(source)
    return srv.request("POST", "/api/v1/inventory/lists" + q, body=body,
                       headers=hdr(who, {"Content-Type": ctype}))


def post_form(srv, path, fields, who="admin"):
    f = dict(fields)
    f["csrf"] = S["csrf"][who]
    return srv.post_form(path, f, headers={"Cookie": "sid=" + S["sid"][who]})


def clusters(srv):
    r = srv.get("/api/v1/inventory/clusters", headers=hdr())
    eq(r.status, 200, "clusters (%r)" % r.body[:300])
    return r.json()


def cluster_with(data, name):
    for c in data["clusters"]:
        if any(m["fields"].get("naam") == name for m in c["members"]):
            return c
    return None


# --------------------------------------------------------------------------
# tests

@test
def setup_accounts(srv):
    S["sid"] = {"admin": admin_session(srv, ADMIN), "coord": add_coordinator(srv)}
    S["csrf"] = {}
    r = get(srv, "/beheer/inventaris")
    eq(r.status, 200, "inventory page (%r)" % r.body[:300])
    S["csrf"]["admin"] = csrf_of(r)
    r = get(srv, "/werk", "coord")
    eq(r.status, 200, "/werk for the coordinator")
    S["csrf"]["coord"] = csrf_of(r)
    S["org"] = add_existing_org(srv)


@test
def anonymous_and_coordinator_are_refused(srv):
    r = srv.get("/beheer/inventaris")
    eq(r.status, 303, "anonymous page")
    check(r.header("Location", "").startswith("/login"), "to /login")
    for path in ("/api/v1/inventory/clusters", "/api/v1/inventory/report",
                 "/api/v1/inventory/lists"):
        H.check_json_error(srv.get(path), 401)
    with H.unchanged(srv):
        eq(get(srv, "/beheer/inventaris", "coord").status, 403, "coordinator page")
        H.check_json_error(post_list(srv, "X", NOORD_CSV, who="coord"), 403)
        r = post_form(srv, "/beheer/inventaris/lijsten",
                      {"bron": "X", "inhoud": NOORD_CSV}, "coord")
        eq(r.status, 403, "coordinator form import")
        r = srv.request("POST", "/api/v1/inventory/lists?source=X", body=NOORD_CSV,
                        headers={"Cookie": "sid=" + S["sid"]["admin"],
                                 "Content-Type": "text/csv"})
        eq(r.status, 403, "admin without CSRF token")


@test
def page_has_the_import_form(srv):
    r = get(srv, "/beheer/inventaris")
    eq(r.status, 200, "page")
    H.check_security_headers(r, "/beheer/inventaris")
    eq(r.header("Cache-Control"), "private, no-store", "Cache-Control")
    doc = H.parse_html(r.text)
    check(doc.find_all("textarea", name="inhoud"), "textarea inhoud")
    check(doc.find_all("input", name="bron"), "input bron")
    forms = [f for f in doc.find_all("form")
             if f.attrs.get("action") == "/beheer/inventaris/lijsten"]
    eq(len(forms), 1, "import form")
    eq(forms[0].attrs.get("method"), "post", "method")
    H.not_contains(r.text, "<script", "page")
    H.not_contains(r.text, "style=", "page")


@test
def import_csv_through_the_api(srv):
    r = post_list(srv, "Noord", NOORD_CSV.encode("utf-8"))
    eq(r.status, 201, "import (%r)" % r.body[:400])
    j = r.json()["list"]
    eq((j["source"], j["format"], j["records"]), ("Noord", "csv", 4), "list")
    rows = srv.query("SELECT naam, kvk, telefoon FROM inventory_records"
                     " WHERE list_id = ? ORDER BY line", (j["id"],))
    eq(rows[0], ("Stichting Buurtwerk Noord", "41215422", "020-123 45 67"), "row 1")
    eq(rows[1][0], 'Huurdersvereniging "De Meeuw"', "quoted name")
    audit = srv.query("SELECT entity_id, detail FROM audit_log WHERE action ="
                      " 'inventory.import'")
    mine = [json.loads(d) for e, d in audit if e == str(j["id"])]
    eq(mine, [{"records": 4, "format": "csv"}], "audit entry for the import")
    S["noord"] = j["id"]


@test
def import_hsds_through_the_api(srv):
    r = post_list(srv, "West", json.dumps(WEST_HSDS), "application/json")
    eq(r.status, 201, "import (%r)" % r.body[:400])
    eq(r.json()["list"]["records"], 3, "records")
    eq(r.json()["list"]["format"], "hsds", "format")
    row = srv.query("SELECT kvk, website, telefoon, adres, postcode FROM"
                    " inventory_records WHERE naam = 'Openbare Bibliotheek"
                    " Amsterdam'")
    eq(row, [("34123456", "https://www.oba.nl", None, None, None)], "HSDS fields")
    row = srv.query("SELECT telefoon, adres, postcode, plaats FROM inventory_records"
                    " WHERE naam = 'St. Buurtwerk-Noord'")
    eq(row, [("+31 20 1234567", "Kinkerstraat 12", "1053AB", "Amsterdam")],
       "phone and address from phones[0] and locations[0].addresses[0]")


@test
def import_pasted_list_through_the_form(srv):
    r = post_form(srv, "/beheer/inventaris/lijsten", {"bron": "Oost",
                                                       "inhoud": OOST_CSV})
    eq(r.status, 303, "form import (%r)" % r.body[:300])
    eq(r.header("Location"), "/beheer/inventaris?klaar=ingelezen", "redirect")
    r = get(srv, "/beheer/inventaris?klaar=ingelezen")
    contains(r.text, "De lijst is ingelezen.", "notice")
    contains(r.text, "Oost", "list table")


@test
def malformed_lists_are_refused_whole(srv):
    cases = [
        ("naam,kvk\nA,12345678\nB,\"12345678\nC,1\n", 3, 3, "aanhalingsteken"),
        ("naam,kvk\nA,12345678\nB,1234\n", 3, 3, "KvK"),
        ("naam,kvk\nA,1\"2\n", 2, 4, "aanhalingsteken"),
        ("naam,kvk\nA,12345678,extra\n", 2, 12, "meer velden"),
        ("naam,telefoon,fax\nA,1,2\n", 1, 15, "onbekende kolom"),
        (b"naam\nA\xff\n", 2, 2, "UTF-8"),
        ("naam,kvk\n,12345678\n", 2, 1, "verplicht"),
    ]
    with H.unchanged(srv):
        for body, line, col, words in cases:
            raw = body if isinstance(body, bytes) else body.encode()
            r = post_list(srv, "Kapot", raw)
            err = H.check_json_error(r, 400, message_has=words)
            eq((err.get("line"), err.get("column")), (line, col),
               "line and column of %r (%r)" % (body, err))
        r = post_list(srv, "Kapot", json.dumps([{"name": "A"}, {"name": 5}]),
                      "application/json")
        err = H.check_json_error(r, 400)
        eq(err.get("where"), "$[1].name", "JSON path")
        r = post_list(srv, "Kapot", '{"contents": [ {"name": "A"}, ]}',
                      "application/json")
        err = H.check_json_error(r, 400, message_has="JSON")
        check(err.get("line") == 1 and err.get("column", 0) > 0, "JSON position")
        r = post_form(srv, "/beheer/inventaris/lijsten",
                      {"bron": "Kapot", "inhoud": "naam,kvk\nA,12345678\nB,1234\n"})
        eq(r.status, 400, "form")
        contains(r.text, "Regel 3, kolom 3 (kvk)", "form message")
        contains(r.text, "wa-error-summary", "error summary")
        H.check_json_error(post_list(srv, "Noord", NOORD_CSV), 409)
        H.check_json_error(post_list(srv, None, NOORD_CSV), 400)
        H.check_json_error(post_list(srv, "", NOORD_CSV), 400)
        H.check_json_error(post_list(srv, "X", NOORD_CSV, "text/plain"), 415)
        # one field past 64 KiB (the API takes bodies up to 16 MiB, the
        # form up to --max-body)
        big = "naam\n" + "a" * 70000 + "\n"
        err = H.check_json_error(post_list(srv, "Groot", big), 413)
        eq((err.get("line"), err.get("column")), (2, 1), "where the field starts")
        r = post_form(srv, "/beheer/inventaris/lijsten", {"bron": "Groot",
                                                          "inhoud": big})
        eq(r.status, 413, "form body past --max-body")


@test
def clusters_group_the_same_organisation(srv):
    data = clusters(srv)
    c = cluster_with(data, "Stichting Buurtwerk Noord")
    check(c, "no cluster for Buurtwerk Noord: %r" % data["clusters"])
    names = sorted(m["fields"]["naam"] for m in c["members"])
    eq(names, ["Buurtwerk Noord", "Buurtwerk Noord B.V.", "St. Buurtwerk-Noord",
               "Stichting Buurtwerk Noord"], "members")
    check(any(m.get("organisation") == S["org"] for m in c["members"]),
          "the existing organisation is in the cluster")
    eq(c["choice"]["naam"], "organisation", "existing spelling kept by default")
    check(all(p["score"] >= 0.5 for p in c["pairs"]), "pair scores")
    meeuw = cluster_with(data, 'Huurdersvereniging "De Meeuw"')
    check(meeuw and len(meeuw["members"]) == 2, "De Meeuw: %r" % meeuw)
    oba = cluster_with(data, "OBA")
    check(oba and len(oba["members"]) == 2, "OBA / Openbare Bibliotheek: %r" % oba)
    singles = [s["fields"]["naam"] for s in data["singles"]]
    check("Dynamo Jeugdwerk" in singles, "Dynamo alone: %r" % singles)
    S["cluster"] = c
    S["oba"] = oba


@test
def page_shows_values_and_sources(srv):
    r = get(srv, "/beheer/inventaris")
    eq(r.status, 200, "page")
    page = r.text
    contains(page, "Voorgestelde samenvoegingen", "heading")
    contains(page, "Noord #2", "source and line of a CSV record")
    contains(page, "West #1", "source of an HSDS record")
    contains(page, "wijkagenda (bestaande organisatie)", "the existing org")
    contains(page, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", "escaped name")
    H.not_contains(page, "<script>alert", "page")
    doc = H.parse_html(page)
    radios = doc.find_all("input", type="radio", name="telefoon")
    check(len(radios) >= 2, "telefoon choices: %r" % radios)


@test
def merge_into_the_existing_organisation(srv):
    c = S["cluster"]
    recs = [m for m in c["members"] if "record" in m]
    west = [m for m in recs if m["source"] == "West"][0]
    ids = ",".join(str(m["record"]) for m in recs)
    fields = {"records": ids, "organisation": str(S["org"]),
              "telefoon": "r%d" % west["record"], "werkgebied": "-"}
    r = post_form(srv, "/beheer/inventaris/samenvoegen", fields)
    eq(r.status, 303, "merge (%r)" % r.body[:400])
    eq(r.header("Location"), "/beheer/inventaris?klaar=samengevoegd", "redirect")
    org = srv.query("SELECT name, kind, kvk, website, email FROM organisations"
                    " WHERE id = ?", (S["org"],))
    eq(org, [("Buurtwerk Noord", "welzijn", "41215422", "www.buurtwerk-noord.nl",
              "info@buurtwerk-noord.nl")], "organisation")
    src = dict(((s, f), v) for s, f, v in srv.query(
        "SELECT source, field, value FROM organisation_sources"
        " WHERE organisation_id = ?", (S["org"],)))
    eq(src[("Noord", "telefoon")], "020-123 45 67", "Noord's phone")
    eq(src[("West", "telefoon")], "+31 20 1234567", "West's phone")
    eq(src[("Oost", "kvk")], "KvK 4121 5422", "Oost's KvK as given")
    eq(src[("wijkagenda", "telefoon")], "+31 20 1234567", "the chosen phone")
    check(("wijkagenda", "werkgebied") not in src, "werkgebied left empty")
    left = srv.query("SELECT COUNT(*) FROM inventory_records WHERE merge_id IS NULL"
                     " AND id IN (%s)" % ids)
    eq(left[0][0], 0, "records marked merged")
    audit = srv.query("SELECT entity, entity_id, detail FROM audit_log"
                      " WHERE action = 'inventory.merge'")
    eq(len(audit), 1, "one audit entry")
    eq(audit[0][:2], ("organisation", str(S["org"])), "audit entity")
    d = json.loads(audit[0][2])
    eq(d["fields"]["telefoon"]["source"], "West", "detail: winner's source")


@test
def merge_into_a_new_organisation_through_the_api(srv):
    oba = S["oba"]
    ids = [m["record"] for m in oba["members"]]
    body = {"records": ids, "choose": {"naam": ids[1] if oba["members"][1]["fields"][
        "naam"].startswith("Openbare") else ids[0]}}
    r = srv.post_json("/api/v1/inventory/merge", body, headers=hdr())
    eq(r.status, 201, "merge (%r)" % r.body[:400])
    j = r.json()["organisation"]
    eq(j["created"], True, "created")
    org = srv.query("SELECT name, kind, kvk, website FROM organisations WHERE id = ?",
                    (j["id"],))
    eq(org, [("Openbare Bibliotheek Amsterdam", "overig", "34123456",
              "https://www.oba.nl")], "new organisation")
    r = srv.post_json("/api/v1/inventory/merge", body, headers=hdr())
    H.check_json_error(r, 409)
    data = clusters(srv)
    check(not cluster_with(data, "OBA"), "merged records left the proposal")


@test
def bad_merges_are_refused(srv):
    data = clusters(srv)
    meeuw = cluster_with(data, 'Huurdersvereniging "De Meeuw"')
    ids = [m["record"] for m in meeuw["members"]]
    with H.unchanged(srv):
        for body in ({"records": []}, {"records": [ids[0], ids[0]]},
                     {"records": ids, "choose": {"naam": 999999}},
                     {"records": ids, "choose": {"naam": None}},
                     {"records": ids, "choose": {"kleur": ids[0]}},
                     {"records": ids, "extra": 1},
                     {"records": [999999]},
                     {"records": ids, "organisation": 999999}):
            r = srv.post_json("/api/v1/inventory/merge", body, headers=hdr())
            check(r.status in (400, 404), "%r: %d %r" % (body, r.status, r.body[:200]))
        H.check_json_error(srv.post_json("/api/v1/inventory/merge", "{", headers=hdr()),
                           400)
        # the one JSON reader of the API: an unknown key is named
        H.check_json_error(srv.post_json("/api/v1/inventory/merge",
                                         {"records": ids, "extra": 1}, headers=hdr()),
                           400, field="extra")
        r = post_form(srv, "/beheer/inventaris/samenvoegen", {"records": "1,x"})
        eq(r.status, 400, "form with a bad id")


@test
def merge_cannot_add_a_name_in_other_case(srv):
    """An organisation made through the API as "Café De Kroeg" cannot come
    in again from a list as "CAFE\u0301 DE KROEG" (capitals, the accent
    decomposed): merging that record into a new organisation is 409 and
    changes nothing (the UNIQUE index on the case-folded name_key,
    migration 009, that the forms, the API and the HSDS import meet too)."""
    r = srv.post_json("/api/v1/organisations", {"name": "Caf\u00e9 De Kroeg",
                                                "kind": "overig"}, headers=hdr())
    eq(r.status, 201, "organisation (%r)" % r.body[:300])
    r = post_list(srv, "Hoofdletters", "naam\nCAFE\u0301 DE KROEG\n".encode())
    eq(r.status, 201, "list (%r)" % r.body[:300])
    list_id = r.json()["list"]["id"]
    rec = srv.query("SELECT id FROM inventory_records WHERE list_id = ?",
                    (list_id,))
    eq(len(rec), 1, "one record")
    with H.unchanged(srv):
        r = srv.post_json("/api/v1/inventory/merge", {"records": [rec[0][0]]},
                          headers=hdr())
        H.check_json_error(r, 409, message_has="andere organisatie met deze naam")
    eq(srv.query("SELECT COUNT(*) FROM organisations WHERE name_key ="
                 " 'caf\u00e9 de kroeg'"), [(1,)], "one organisation of that name")
    r = srv.request("DELETE", "/api/v1/inventory/lists/%d" % list_id, headers=hdr())
    eq(r.status, 200, "the list removed again (%r)" % r.body[:200])


@test
def report_shows_what_was_merged(srv):
    r = get(srv, "/beheer/inventaris/rapport")
    eq(r.status, 200, "report page")
    contains(r.text, "Buurtwerk Noord", "merged organisation")
    contains(r.text, "Openbare Bibliotheek Amsterdam", "new organisation")
    contains(r.text, "+31 20 1234567", "kept phone")
    contains(r.text, "West #1", "its source")
    r = srv.get("/api/v1/inventory/report", headers=hdr())
    eq(r.status, 200, "report API")
    merges = r.json()["merges"]
    eq(len(merges), 2, "two merges")
    eq(merges[1]["organisation"]["id"], S["org"], "oldest last")
    eq(merges[1]["created"], False, "existing organisation updated")
    f = merges[1]["detail"]["fields"]
    eq(f["naam"]["value"], "Buurtwerk Noord", "kept name")
    eq(f["naam"]["organisation"], S["org"], "kept from the organisation itself")
    eq(sorted(o["source"] for o in f["naam"]["others"]), ["Noord", "Oost", "West"],
       "other names and their sources")


@test
def delete_a_list(srv):
    r = srv.get("/api/v1/inventory/lists", headers=hdr())
    eq(r.status, 200, "lists")
    lists = {l["source"]: l for l in r.json()["lists"]}
    eq(sorted(lists), ["Noord", "Oost", "West"], "lists")
    eq(lists["Noord"]["merged"], 1, "one Noord record merged")
    r = srv.request("DELETE", "/api/v1/inventory/lists/%d" % lists["Oost"]["id"],
                    headers=hdr())
    eq(r.status, 200, "delete (%r)" % r.body[:200])
    H.check_json_error(srv.request("DELETE", "/api/v1/inventory/lists/%d"
                                   % lists["Oost"]["id"], headers=hdr()), 404)
    r = post_form(srv, "/beheer/inventaris/lijsten/%d/verwijderen"
                  % lists["West"]["id"], {})
    eq(r.status, 303, "delete through the form")
    src = srv.query("SELECT COUNT(*) FROM organisation_sources WHERE organisation_id"
                    " = ? AND source = 'Oost'", (S["org"],))
    eq(src[0][0] > 0, True, "provenance stays after the list is gone")
    r = srv.get("/api/v1/inventory/report", headers=hdr())
    eq(len(r.json()["merges"]), 2, "report unchanged")


def routes_wired(binary):
    with open(binary, "rb") as f:
        return ROUTE_MARK in f.read()


if __name__ == "__main__":
    if not routes_wired(H.parse_args().binary):
        print("SKIP: the inventory routes are not in this binary (src/web/"
              "routes.c must include web/routes_inventory.inc)")
        print("0 passed, 0 failed")
        sys.exit(0)
    H.main()
