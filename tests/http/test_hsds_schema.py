"""Our HSDS output against the official HSDS 3.0 JSON Schemas, checked by
ajv (draft 2020-12) in node: tests/hsds-schema/validate.mjs.

The real binary imports the official examples and our own package, and a
service as the beheer side makes it (columns only, so the export makes up
its phones, schedules, languages and location); then export-hsds writes
the package and the running server answers every /hsds route.  Every
object of all of that must validate.

Without node the tests FAIL (they do not pass silently); without ajv in
tests/hsds-schema/node_modules they run `npm ci` there first.

    python3 tests/http/test_hsds_schema.py --binary build/wijkagenda
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402
from hsds_data import EXAMPLES, ORG_A, SCHEMAS, TAX, TERMS, package, uid  # noqa: E402

VALIDATOR = os.path.join(H.REPO, "tests", "hsds-schema")
WORK = tempfile.mkdtemp(prefix="wijkagenda-hsds-schema-")
IMPORTED = ("organization_full.json", "organization_list.json",
            "service_full.json", "service_list.json",
            "service_at_location_full.json", "service_at_location_list.json",
            "taxonomy.json", "taxonomy_list.json", "taxonomy_term.json",
            "taxonomy_term_list.json")
STATE = {}


def cli(srv, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([srv.binary] + list(args), capture_output=True,
                       timeout=120, env=env, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def validate(specs):
    """Run the validator on KIND:FILE specs; print its report; fail on any
    invalid object."""
    check(STATE.get("node"), "the validator is not available (see node_and_ajv)")
    p = subprocess.run([STATE["node"], os.path.join(VALIDATOR, "validate.mjs"),
                        "--schemas", SCHEMAS] + specs, capture_output=True,
                       timeout=300, cwd=VALIDATOR)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    for line in out.splitlines():
        print("    " + line, flush=True)
    if err.strip():
        print("    stderr: " + err.strip()[-1500:], flush=True)
    eq(p.returncode, 0, "validator exit code (see the lines above)")
    last = out.strip().splitlines()[-1] if out.strip() else ""
    check(last.endswith(" 0 invalid"), "validator summary %r" % last)
    H.note("schema: " + last)


def save(name, data):
    path = os.path.join(WORK, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


@test
def node_and_ajv(srv):
    node = shutil.which("node")
    check(node, "node is not installed: the HSDS schema tests cannot run "
                "(apt-get install nodejs npm); counted as failed")
    if not os.path.isdir(os.path.join(VALIDATOR, "node_modules", "ajv")):
        npm = shutil.which("npm")
        check(npm, "npm is not installed and tests/hsds-schema/node_modules is "
                   "missing; counted as failed")
        how = "ci" if os.path.exists(os.path.join(VALIDATOR, "package-lock.json")) \
            else "install"
        p = subprocess.run([npm, how, "--no-audit", "--no-fund"], cwd=VALIDATOR,
                           capture_output=True, timeout=600)
        check(p.returncode == 0, "npm %s failed: %s" % (
            how, p.stderr.decode("utf-8", "replace")[-1500:]))
    check(os.path.isdir(os.path.join(VALIDATOR, "node_modules", "ajv-formats")),
          "ajv-formats missing after npm")
    check(os.path.isdir(os.path.join(SCHEMAS, "compiled")),
          "the official schemas are missing: %s" % SCHEMAS)
    STATE["node"] = node


def beheer_service(srv):
    """An organisation and a service as the beheer side writes them: no
    HSDS original, every field in columns (written straight into the
    database: no route of this test makes one)."""
    now = "2026-03-01T10:00:00.000Z"
    c = sqlite3.connect(srv.db_path, timeout=10)
    try:
        with c:
            cur = c.execute(
                "INSERT INTO organisations (municipality, name, kind, kvk,"
                " is_demo, created_at, updated_at) VALUES ('GM0363',"
                " 'Wijkcentrum De Kolk', 'welzijn', '12345678', 0, ?, ?)",
                (now, now))
            c.execute(
                "INSERT INTO services (municipality, uuid, organisation_id, name,"
                " description, status, cost, languages, opening_hours, phone,"
                " address, postal_code, city, latitude, longitude, norm_days,"
                " norm_text, confirmed_at, created_at, updated_at) VALUES"
                " ('GM0363', ?, ?, 'Inloopspreekuur', 'Voor al uw vragen.',"
                " 'active', 'gratis', 'nl en tr', 'ma-vr 9:00-17:00',"
                " '020 000 1234', 'Kolkstraat 1', '1012 AB', 'Amsterdam',"
                " 52.376, 4.896, 3, 'Binnen drie werkdagen een antwoord.', ?, ?, ?)",
                (uid("beheer-service"), cur.lastrowid, now, now, now))
            c.execute("INSERT INTO service_areas (service_id, municipality, area_code)"
                      " SELECT id, 'GM0363', 'AA01' FROM services WHERE uuid = ?",
                      (uid("beheer-service"),))
    finally:
        c.close()


@test
def data_in(srv):
    for name in IMPORTED:
        rc, out, err = cli(srv, "import-hsds", os.path.join(EXAMPLES, name),
                           "--db", srv.db_path)
        eq(rc, 0, "import %s: %s" % (name, err[-800:]))
    path = save("ours.json", json.dumps(package()).encode())
    rc, out, err = cli(srv, "import-hsds", path, "--db", srv.db_path)
    eq(rc, 0, "import our package: %s" % err[-800:])
    beheer_service(srv)


@test
def export_package_valid(srv):
    rc, out, err = cli(srv, "export-hsds", "--db", srv.db_path, "--base-url",
                       "https://wijkagenda.example")
    eq(rc, 0, "export-hsds: %s" % err[-800:])
    pkg = json.loads(out)
    # the examples share one service; 13 of ours; 1 from beheer
    eq(len(pkg["services"]), 15, "services exported")
    made = [s for s in pkg["services"] if s["id"] == uid("beheer-service")][0]
    for k in ("phones", "schedules", "languages", "service_at_locations",
              "service_areas", "attributes"):
        check(k in made, "the beheer service has no %s: %r" % (k, list(made)))
    validate(["package:" + save("package.json", out.encode())])


def fetch(srv, path, name):
    r = srv.get(path)
    eq(r.status, 200, "GET %s" % path)
    return save(name, r.body)


@test
def api_answers_valid(srv):
    specs = ["root:" + fetch(srv, "/hsds/", "root.json")]
    lists = [("service_page", "/hsds/services?per_page=100"),
             ("service_page", "/hsds/services?full=true&per_page=100"),
             ("service_page", "/hsds/services?search=schulden"),
             ("service_page", "/hsds/services?page=99"),
             ("organization_page", "/hsds/organizations"),
             ("organization_page", "/hsds/organizations?full=true"),
             ("taxonomy_page", "/hsds/taxonomies"),
             ("taxonomy_term_page", "/hsds/taxonomy_terms?per_page=100"),
             ("service_ndjson", "/hsds/services?format=ndjson")]
    for i, (kind, path) in enumerate(lists):
        specs.append("%s:%s" % (kind, fetch(srv, path, "list%d.json" % i)))
    services = json.loads(srv.get("/hsds/services?per_page=100").body)["contents"]
    for s in services:
        specs.append("service:" + fetch(srv, "/hsds/services/" + s["id"],
                                        "s-%s.json" % s["id"]))
    orgs = json.loads(srv.get("/hsds/organizations?per_page=100").body)["contents"]
    for o in orgs:
        specs.append("organization:" + fetch(
            srv, "/hsds/organizations/%s?full_service=true" % o["id"],
            "o-%s.json" % o["id"]))
    specs.append("taxonomy:" + fetch(srv, "/hsds/taxonomies/" + TAX, "t.json"))
    specs.append("taxonomy_term:" + fetch(
        srv, "/hsds/taxonomy_terms/" + TERMS["wonen"], "tt.json"))
    specs.append("organization:" + fetch(
        srv, "/hsds/organizations/" + urllib.parse.quote(ORG_A), "oa.json"))
    validate(specs)


@test(after_stop=True)
def cleanup(srv):
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    H.main()
