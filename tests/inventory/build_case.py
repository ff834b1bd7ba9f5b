#!/usr/bin/env python3
"""Build the partner-inventory test case from the real Ohana service
directory and measure the duplicate detection of wijkagenda on it.

The directory (../shared/data/ohana-smc-service-directory: real San Mateo
County organisations, their locations, services, addresses and phones) is
turned into the partner lists of four districts after a merger, as the
issue asks: every location of an organisation (and every service that has
a name of its own) is a partner entry of that organisation in the list of
the district where it lies, entries near a border appear in a
neighbouring list too, and organisation-wide entries appear in the lists
of the districts where the organisation works.  Each entry is written the
way district lists differ in practice: legal-form prefixes and suffixes
(Stichting, St., Inc.), "The", abbreviated words, acronyms (including the
real ones the data uses: PFS, PVI), typos, singular/plural, upper case,
location names with and without the organisation, the real alternative
names of mail_addresses.csv, six phone formats with and without an
extension, www/no-www/scheme/path websites, KvK-like numbers in four
spellings present in some lists only, abbreviated street words, ZIP+4 or
ZIP, missing fields.  One list is HSDS JSON, three are CSV (comma with BOM
and CRLF, semicolon, comma with LF) with different column sets.

Ground truth: two entries are duplicates when they belong to the same
organisation (wijkagenda keeps one record per organisation).  The score is
precision and recall over pairs of entries: the pairs wijkagenda proposes
(every pair inside a proposed cluster) against the true pairs.

What is not in the data and is therefore synthetic (and marked so): the
KvK-like numbers (8 digits derived from the organisation id), websites
for the four organisations without one (a name-derived domain under the
reserved .example TLD; Samaritan House's real samaritanhouse.com is
kept) and info@ e-mail addresses on those domains.  The three test
organisations of the Ohana sample (6 "Fake Org", 7 "Admin Test Org",
8 "Example Agency") are left out: they are fixtures, not organisations.

    python3 tests/inventory/build_case.py --out /tmp/case        # files only
    python3 tests/inventory/build_case.py --binary build/wijkagenda [--seeds 10]

Python 3 standard library only.
"""
import argparse
import csv
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
import urllib.parse
from itertools import combinations

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.normpath(os.path.join(REPO, "..", "shared", "data",
                                     "ohana-smc-service-directory"))
TEST_ORGS = {"6", "7", "8"}
SEED = 2015

# The county's places grouped into four districts; neighbours share
# border partners.
DISTRICT_OF_CITY = {
    "Redwood City": "Noord", "San Mateo": "West", "Menlo Park": "Zuid",
    "Sunnyvale": "Zuid", "San Francisco": "Oost", "South San Francisco": "Oost",
}
NEIGHBOURS = {"Noord": ["West", "Zuid"], "West": ["Noord", "Oost"],
              "Zuid": ["Noord"], "Oost": ["West"]}
DISTRICTS = ["Noord", "West", "Zuid", "Oost"]
HSDS_LIST = "Zuid"
# Column sets per CSV list, as three districts kept them.
COLUMNS = {
    "Noord": ["naam", "kvk", "website", "email", "telefoon", "adres", "postcode",
              "plaats", "soort", "werkgebied"],
    "West": ["naam", "adres", "postcode", "plaats", "telefoon", "website", "kvk",
             "soort"],
    "Oost": ["naam", "telefoon", "email", "website", "adres", "postcode", "plaats",
             "werkgebied"],
}
KIND = {"1": ["welzijn", "Welzijnsorganisatie"], "2": ["zorg", "Zorgaanbieder"],
        "3": ["bibliotheek", "onderwijs"], "4": ["welzijn", "Maatschappelijke opvang"],
        "5": ["zorg", "Gezondheidszorg"]}
# Real acronyms the directory itself uses (mail_addresses.csv "PFS ...",
# the description of organisation 2 "Peninsula Volunteers, Inc. (PVI)").
REAL_ACRONYM = {"1": "PFS", "2": "PVI"}
WORD_ABBR = {"Service": "Svc", "Services": "Svcs", "House": "Hse",
             "Library": "Lib.", "Public": "Pub.", "Center": "Ctr",
             "Volunteers": "Vols", "Family": "Fam."}
STREET_ABBR = [("Avenue", ["Ave", "Ave."]), ("Road", ["Rd", "Rd."]),
               ("Street", ["St", "St."]), ("Blvd.", ["Boulevard", "Blvd"]),
               ("Parkway", ["Pkwy"]), ("Second", ["2nd"]), ("Fifth", ["5th"])]


# --------------------------------------------------------------------------
# the directory

def read(name, data=DATA):
    with open(os.path.join(data, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load(data=DATA):
    orgs = {r["id"]: r for r in read("organizations.csv", data)
            if r["id"] not in TEST_ORGS}
    locs = {r["id"]: r for r in read("locations.csv", data)
            if r["organization_id"] in orgs}
    addr = {r["location_id"]: r for r in read("addresses.csv", data)}
    mail = {r["location_id"]: r for r in read("mail_addresses.csv", data)}
    phones = {}
    for r in read("phones.csv", data):
        if r["location_id"] in locs and r["number_type"] == "voice":
            phones.setdefault(r["location_id"], r)
    services = [r for r in read("services.csv", data) if r["location_id"] in locs]
    return orgs, locs, addr, mail, phones, services


def fold(s):
    return re.sub(r"[^a-z0-9]", "", s.lower())


def entities(orgs, locs, addr, mail, phones, services):
    """The partner entries: one per location, per service with its own
    name, and per organisation (its head office)."""
    out = []
    for lid, l in sorted(locs.items(), key=lambda kv: int(kv[0])):
        a = addr.get(lid) or mail.get(lid) or {}
        out.append({"kind": "loc", "org": l["organization_id"], "loc": lid,
                    "place": l["name"], "alias": (mail.get(lid) or {}).get("attention"),
                    "address": a, "phone": phones.get(lid),
                    "website": l["website"], "email": l["email"]})
    for s in services:
        l = locs[s["location_id"]]
        if fold(s["name"]) in (fold(l["name"]), ""):
            continue
        a = addr.get(s["location_id"]) or {}
        out.append({"kind": "svc", "org": l["organization_id"], "loc": s["location_id"],
                    "place": s["name"], "alias": None, "address": a,
                    "phone": phones.get(s["location_id"]), "website": l["website"],
                    "email": s["email"]})
    for oid in sorted(orgs, key=int):
        first = min((lid for lid, l in locs.items() if l["organization_id"] == oid),
                    key=int)
        out.append({"kind": "org", "org": oid, "loc": first, "place": None,
                    "alias": None, "address": addr.get(first) or {},
                    "phone": phones.get(first), "website": "", "email": ""})
    return out


def district(e):
    return DISTRICT_OF_CITY.get((e["address"] or {}).get("city", ""), "Noord")


# --------------------------------------------------------------------------
# variations

def typo(rng, word):
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    op = rng.choice(("swap", "drop", "double"))
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == "drop":
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def initials(name):
    words = [w for w in re.findall(r"[A-Za-z]+", name)
             if w.lower() not in ("the", "of", "inc")]
    return "".join(w[0].upper() for w in words)


def org_name(rng, oid, name):
    """One district's spelling of an organisation's name."""
    base = re.sub(r"^The ", "", name)
    if rng.random() < 0.07 and len(base.split()) >= 2:
        return REAL_ACRONYM.get(oid) if oid in REAL_ACRONYM and rng.random() < 0.6 \
            else initials(base)
    words = base.split()
    if rng.random() < 0.10:
        k = [i for i, w in enumerate(words) if w in WORD_ABBR]
        if k:
            i = rng.choice(k)
            words[i] = WORD_ABBR[words[i]]
    if rng.random() < 0.05:
        i = rng.randrange(len(words))
        w = words[i]
        words[i] = w[:-1] if w.endswith("s") else w + "s"
    if rng.random() < 0.08:
        i = max(range(len(words)), key=lambda j: len(words[j]))
        words[i] = typo(rng, words[i])
    s = " ".join(words)
    if name.startswith("The ") and rng.random() < 0.5:
        s = rng.choice(("The ", "")) + s if rng.random() < 0.5 else s + ", The"
    r = rng.random()
    if r < 0.15:
        s = rng.choice(("Stichting ", "St. ", "Stg. ")) + s
    elif r < 0.30:
        s = s + rng.choice((", Inc.", " Inc", " Inc."))
    if rng.random() < 0.05:
        s = s.upper()
    return s


def entry_name(rng, e, orgs):
    org = org_name(rng, e["org"], orgs[e["org"]]["name"])
    if e["kind"] == "org":
        return org
    place = e["place"]
    if rng.random() < 0.05:
        place = " ".join(typo(rng, w) if len(w) > 6 else w for w in place.split())
    r = rng.random()
    if r < 0.45:
        return org
    if r < 0.70:
        return org + rng.choice((" - ", " – ", ", ", ": ")) + place
    if r < 0.82:
        return "%s (%s)" % (place, org)
    if r < 0.92:
        alias = e["alias"]
        return alias if alias and fold(alias) != fold(place) and rng.random() < 0.6 \
            else place
    return org + " " + place


def phone(rng, p):
    if not p or rng.random() < 0.2:
        return ""
    d = re.sub(r"\D", "", p["number"])
    if len(d) != 10:
        return p["number"]
    a, b, c = d[:3], d[3:6], d[6:]
    s = rng.choice(("(%s) %s-%s", "%s-%s-%s", "%s.%s.%s", "+1 %s %s %s",
                    "%s %s %s", "1-%s-%s-%s")) % (a, b, c)
    if p.get("extension") and rng.random() < 0.5:
        s += rng.choice((" x", " ext. ", " tst. ")) + p["extension"]
    return s


def domain(e, orgs):
    if e["website"]:
        return urllib.parse.urlsplit(e["website"]).hostname.replace("www.", "")
    if e["org"] == "5":
        return "samaritanhouse.com"  # real: locations.csv
    return fold(orgs[e["org"]]["name"]) + ".example"  # synthetic


def website(rng, e, orgs):
    if rng.random() > 0.35:
        return ""
    d = domain(e, orgs)
    return rng.choice(("www.%s", "http://www.%s", "https://%s/", "%s",
                       "https://www.%s/locations", "HTTP://WWW.%s")) % d


def email(rng, e, orgs):
    if e["email"]:
        return e["email"]
    return "info@" + domain(e, orgs) if rng.random() < 0.15 else ""


def kvk(rng, oid):
    """Synthetic: the data has no registration numbers."""
    if rng.random() > 0.30:
        return ""
    n = int(hashlib.sha256(("kvk:" + oid).encode()).hexdigest(), 16) % 90000000 \
        + 10000000
    s = str(n)
    return rng.choice((s, s[:4] + " " + s[4:], "KvK " + s,
                       ".".join(s[i:i + 2] for i in range(0, 8, 2))))


def is_synthetic(value):
    return ".example" in value


def address(rng, a):
    line = (a.get("address_1") or "").strip()
    if not line or rng.random() < 0.10:
        return ""
    if a.get("address_2") and rng.random() < 0.5:
        line += ", " + a["address_2"]
    for word, abbr in STREET_ABBR:
        if word in line and rng.random() < 0.4:
            line = line.replace(word, rng.choice(abbr))
    if line.endswith(".") and rng.random() < 0.5:
        line = line[:-1]
    return line


def postcode(rng, a):
    p = a.get("postal_code") or ""
    if not p or rng.random() < 0.15:
        return ""
    if "-" in p and rng.random() < 0.5:
        return p.split("-")[0]
    return p


def place(rng, a):
    c = a.get("city") or ""
    if rng.random() < 0.10:
        return ""
    return c.upper() if rng.random() < 0.10 else c


def record(rng, e, orgs, dist, synthetic=True):
    """One entry as a district wrote it.  Without synthetic, the KvK-like
    number and the .example websites and e-mail addresses are blanked
    after they were drawn, so the other fields stay the same."""
    a = e["address"] or {}
    r = {
        "naam": entry_name(rng, e, orgs),
        "kvk": kvk(rng, e["org"]),
        "website": website(rng, e, orgs),
        "email": email(rng, e, orgs),
        "telefoon": phone(rng, e["phone"]) if e["kind"] != "org" or
        rng.random() < 0.5 else "",
        "adres": address(rng, a),
        "postcode": postcode(rng, a),
        "plaats": place(rng, a),
        "soort": rng.choice(KIND[e["org"]]) if rng.random() < 0.5 else "",
        "werkgebied": dist if rng.random() < 0.4 else "",
    }
    if not synthetic:
        r["kvk"] = ""
        for k in ("website", "email"):
            if is_synthetic(r[k]):
                r[k] = ""
    return r


# --------------------------------------------------------------------------
# the lists

def build(seed=SEED, data=DATA, synthetic=True):
    """{district: [record]} and the truth: {"district#line": entity}.
    synthetic=False leaves out the synthetic KvK numbers, websites and
    e-mail addresses (same random draws, so the same entries)."""
    rng = random.Random(seed)
    orgs, locs, addr, mail, phones, services = load(data)
    ents = entities(orgs, locs, addr, mail, phones, services)
    members = {d: [] for d in DISTRICTS}
    for i, e in enumerate(ents):
        if e["kind"] == "org":
            ds = sorted({district(x) for x in ents
                         if x["org"] == e["org"] and x["kind"] != "org"})
            chosen = [d for d in ds if rng.random() < 0.5] or [rng.choice(ds)]
        else:
            home = district(e)
            chosen = [home] + [d for d in NEIGHBOURS[home] if rng.random() < 0.3]
        for d in chosen:
            members[d].append(i)
    lists, truth = {}, {}
    for d in DISTRICTS:
        rng.shuffle(members[d])
        recs = []
        for i in members[d]:
            recs.append(record(rng, ents[i], orgs, d, synthetic))
            e = ents[i]
            key = "%s:%s" % (e["kind"], e["loc"] if e["kind"] != "org" else e["org"])
            # CSV: the header is line 1; HSDS: the position from 1
            line = len(recs) + (0 if d == HSDS_LIST else 1)
            truth["%s#%d" % (d, line)] = {"org": e["org"], "entry": key,
                                          "naam": recs[-1]["naam"]}
        lists[d] = recs
    return lists, truth


def to_csv(d, recs):
    cols = COLUMNS[d]
    buf = io.StringIO()
    if d == "West":
        w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    else:
        w = csv.writer(buf, lineterminator="\r\n" if d == "Noord" else "\n")
    w.writerow(cols)
    for r in recs:
        w.writerow([r[c] for c in cols])
    text = buf.getvalue()
    return ("\ufeff" + text) if d == "Noord" else text


def to_hsds(recs):
    out = []
    for i, r in enumerate(recs):
        o = {"id": "zuid-%d" % (i + 1), "name": r["naam"]}
        if r["website"]:
            o["website"] = r["website"]
        if r["email"]:
            o["email"] = r["email"]
        if r["telefoon"]:
            o["phones"] = [{"number": r["telefoon"]}]
        if r["kvk"]:
            o["organization_identifiers"] = [{"identifier_scheme": "NL-KVK",
                                              "identifier_type": "KvK-nummer",
                                              "identifier": r["kvk"]}]
        adr = {k: v for k, v in (("address_1", r["adres"]),
                                  ("postal_code", r["postcode"]),
                                  ("city", r["plaats"])) if v}
        if adr:
            o["locations"] = [{"addresses": [adr]}]
        out.append(o)
    return json.dumps(out, ensure_ascii=False, indent=1)


def files(lists):
    """{district: (content type, body)}"""
    return {d: ("application/json", to_hsds(r)) if d == HSDS_LIST
            else ("text/csv", to_csv(d, r)) for d, r in lists.items()}


def write(out, lists, truth):
    os.makedirs(out, exist_ok=True)
    for d, (ctype, body) in files(lists).items():
        ext = "json" if ctype == "application/json" else "csv"
        with open(os.path.join(out, "%s.%s" % (d.lower(), ext)), "w",
                  encoding="utf-8", newline="") as f:
            f.write(body)
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1, sort_keys=True)


# --------------------------------------------------------------------------
# scoring

def true_pairs(truth):
    keys = sorted(truth)
    return {(a, b) for a, b in combinations(keys, 2)
            if truth[a]["org"] == truth[b]["org"]}


def member_key(m):
    return "%s#%d" % (m["source"], m["line"])


def proposed_pairs(clusters):
    out = set()
    for c in clusters["clusters"]:
        keys = sorted(member_key(m) for m in c["members"] if "record" in m)
        out.update(combinations(keys, 2))
    return out


def figures(truth, clusters):
    t = true_pairs(truth)
    p = proposed_pairs(clusters)
    tp = len(t & p)
    prec = tp / len(p) if p else 1.0
    rec = tp / len(t) if t else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"records": len(truth), "true_pairs": len(t), "proposed_pairs": len(p),
            "correct": tp, "precision": prec, "recall": rec, "f1": f1,
            "clusters": len(clusters["clusters"]), "compared": clusters["compared"],
            "false_pairs": sorted(p - t), "missed_pairs": sorted(t - p)}


# --------------------------------------------------------------------------
# through the binary

class Client:
    """Requests as a logged-in beheerder (session cookie + CSRF token)."""

    def __init__(self, srv, sid, csrf):
        self.srv, self.sid, self.csrf = srv, sid, csrf

    def headers(self, extra=None):
        h = {"Cookie": "sid=" + self.sid, "X-CSRF-Token": self.csrf}
        h.update(extra or {})
        return h

    def upload(self, source, ctype, body):
        r = self.srv.request("POST", "/api/v1/inventory/lists?source=" +
                             urllib.parse.quote(source), body=body.encode("utf-8"),
                             headers=self.headers({"Content-Type": ctype}))
        if r.status != 201:
            raise RuntimeError("upload %s: %d %r" % (source, r.status, r.body[:300]))
        return r.json()["list"]["id"]

    def clusters(self, threshold=None):
        q = "" if threshold is None else "?threshold=%.2f" % threshold
        r = self.srv.get("/api/v1/inventory/clusters" + q, headers=self.headers())
        if r.status != 200:
            raise RuntimeError("clusters: %d %r" % (r.status, r.body[:300]))
        return r.json()

    def delete(self, list_id):
        r = self.srv.request("DELETE", "/api/v1/inventory/lists/%d" % list_id,
                             headers=self.headers())
        if r.status != 200:
            raise RuntimeError("delete: %d %r" % (r.status, r.body[:300]))


def login(srv, email="beheer.case@example.org", password="een-lang-genoeg-wachtwoord"):
    """`wijkagenda admin create` prints a one-time link; choose a password
    there.  Returns a Client."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([srv.binary, "admin", "create", "--email", email, "--db",
                        srv.db_path, "--base-url", "http://127.0.0.1:%d" % srv.port],
                       capture_output=True, text=True, timeout=60, env=env,
                       stdin=subprocess.DEVNULL)
    m = re.search(r"(/wachtwoord/[A-Za-z0-9_-]{22})\s*$", p.stdout)
    if p.returncode != 0 or not m:
        raise RuntimeError("admin create: %s %s" % (p.stdout, p.stderr))
    r = srv.get(m.group(1))
    lc = re.search(r"lc=([^;]+)", r.header("Set-Cookie", "")).group(1)
    csrf = re.search(r'name="csrf" value="([^"]*)"', r.text).group(1)
    r = srv.post_form(m.group(1), {"csrf": csrf, "password": password,
                                   "password2": password},
                      headers={"Cookie": "lc=" + lc})
    sid = re.search(r"sid=([^;]+)", " ".join(r.headers_all("Set-Cookie"))).group(1)
    r = srv.get("/beheer/inventaris", headers={"Cookie": "sid=" + sid})
    if r.status != 200:
        raise RuntimeError("inventory page: %d (routes wired?)" % r.status)
    csrf = re.search(r'name="csrf" value="([^"]*)"', r.text).group(1)
    return Client(srv, sid, csrf)


def run(client, seed=SEED, thresholds=(), synthetic=True):
    """Upload the four lists of one seed, score the proposal, remove the
    lists again.  Returns (figures, {threshold: figures})."""
    lists, truth = build(seed, synthetic=synthetic)
    ids = [client.upload(d, ctype, body) for d, (ctype, body) in files(lists).items()]
    try:
        main = figures(truth, client.clusters())
        sweep = {t: figures(truth, client.clusters(t)) for t in thresholds}
    finally:
        for i in ids:
            client.delete(i)
    return main, sweep


def summary(f):
    return ("records %d, true pairs %d, proposed %d, correct %d: precision %.3f, "
            "recall %.3f, F1 %.3f (%d clusters, %d pairs compared)"
            % (f["records"], f["true_pairs"], f["proposed_pairs"], f["correct"],
               f["precision"], f["recall"], f["f1"], f["clusters"], f["compared"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="write the lists and truth.json here")
    ap.add_argument("--binary", help="run the case through this wijkagenda")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--seeds", type=int, default=0,
                    help="also report mean, min and max over this many "
                    "further seeds (seed+1 ...)")
    ap.add_argument("--real-only", action="store_true",
                    help="without the synthetic KvK numbers, websites, e-mail")
    ap.add_argument("-v", dest="verbose", action="store_true",
                    help="list the false and missed pairs")
    args = ap.parse_args()
    synthetic = not args.real_only
    lists, truth = build(args.seed, synthetic=synthetic)
    if args.out:
        write(args.out, lists, truth)
        print("wrote %d lists, %d records to %s" % (len(lists), len(truth), args.out))
    if not args.binary:
        return 0
    sys.path.insert(0, os.path.join(REPO, "tests", "http"))
    import harness as H
    srv = H.Server(args.binary)
    try:
        srv.start()
        client = login(srv)
        f, sweep = run(client, args.seed, (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
                       synthetic)
        print("seed %d: %s" % (args.seed, summary(f)))
        for t, g in sorted(sweep.items()):
            print("  threshold %.1f: precision %.3f recall %.3f F1 %.3f"
                  % (t, g["precision"], g["recall"], g["f1"]))
        if args.verbose:
            for a, b in f["false_pairs"]:
                print("  false: %-45s | %s" % (truth[a]["naam"], truth[b]["naam"]))
            for a, b in f["missed_pairs"]:
                print("  missed: %-44s | %s" % (truth[a]["naam"], truth[b]["naam"]))
        if args.seeds > 0:
            all_f = [run(client, s, (), synthetic)[0]
                     for s in range(args.seed + 1, args.seed + 1 + args.seeds)]
            for k in ("precision", "recall", "f1"):
                v = [x[k] for x in all_f]
                print("%d seeds: %s mean %.3f min %.3f max %.3f"
                      % (len(v), k, sum(v) / len(v), min(v), max(v)))
    finally:
        srv.stop()
        srv.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
