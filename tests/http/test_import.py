"""The import-areas command on real files: a new municipality from WGS84
GeoJSON, wijken in RD New (EPSG:28992) reprojected through PROJ, buurten
with parents, and hostile files that must change nothing.  Then the server
itself must keep working on a database that holds two municipalities.

    python3 tests/http/test_import.py --binary build/wijkagenda
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, contains, eq, test  # noqa: E402


def run(args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKAGENDA_")}
    p = subprocess.run([os.path.abspath(H.Ctx.args.binary)] + args,
                       capture_output=True, timeout=60, env=env,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def square(x0, y0, d):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + d, y0],
            [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]]}


def collection(features, crs=None):
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geom}
        for props, geom in features]}
    if crs:
        fc["crs"] = {"type": "name", "properties": {"name": crs}}
    return fc


def write(dirname, name, obj):
    path = os.path.join(dirname, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(obj if isinstance(obj, str) else json.dumps(obj))
    return path


class World:
    dir = None
    db = None


def world():
    if World.dir is None:
        World.dir = tempfile.mkdtemp(prefix="wijkagenda-import-", dir=H.Ctx.srv.dir)
        World.db = os.path.join(World.dir, "import.db")
        rc, out, err = run(["migrate", "--db", World.db])
        eq(rc, 0, "migrate exit code (%s)" % err)
    return World


@test
def import_new_municipality_wgs84(srv):
    w = world()
    f = write(w.dir, "gemeente.geojson", collection(
        [({"code": "GM0344", "naam": "Utrecht"}, square(5.0, 52.0, 0.2))]))
    rc, out, err = run(["import-areas", f, "--level", "gemeente", "--db", w.db,
                        "--municipality", "GM0344"])
    check(rc != 0, "a municipality that does not exist needs a name")
    contains(err, "--municipality-name", "stderr")
    rc, out, err = run(["import-areas", f, "--level", "gemeente", "--db", w.db,
                        "--municipality", "GM0344", "--municipality-name", "Utrecht"])
    eq(rc, 0, "exit code (%s)" % err)
    contains(out, "imported 1 areas", "stdout")
    eq(H.db_query(w.db, "SELECT name FROM municipalities WHERE code='GM0344'"),
       [("Utrecht",)], "municipality row")


@test
def import_wijken_rd_new(srv):
    """Two wijken given in RD New metres around Utrecht's centre
    (x 136000, y 455800): they must be stored in WGS84 near 5.12, 52.09."""
    w = world()
    f = write(w.dir, "wijken-rd.geojson", collection([
        ({"code": "WK034401", "naam": "Binnenstad", "ouder": "GM0344"},
         square(135500, 455300, 1000)),
        ({"code": "WK034402", "naam": "Oost", "ouder": "GM0344"},
         square(136500, 455300, 1000)),
    ], crs="urn:ogc:def:crs:EPSG::28992"))
    rc, out, err = run(["import-areas", f, "--level", "wijk", "--db", w.db,
                        "--municipality", "GM0344", "--parent-prop", "ouder"])
    eq(rc, 0, "exit code (%s)" % err)
    rows = H.db_query(w.db, "SELECT code, parent_code, geometry FROM areas "
                      "WHERE municipality='GM0344' AND level='wijk' ORDER BY code")
    eq([r[:2] for r in rows], [("WK034401", "GM0344"), ("WK034402", "GM0344")],
       "wijk rows")
    ring = json.loads(rows[0][2])["coordinates"][0]
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    # RD x 135500..136500 spans about 5.103..5.117 east at this latitude
    # (Amersfoort, the RD origin x=155000, lies at 5.387).
    check(5.100 < min(lons) < 5.105 and 5.115 < max(lons) < 5.120,
          "longitudes %r not 5.100-5.120" % (sorted(set(lons)),))
    check(52.080 < min(lats) < 52.090 < max(lats) < 52.095,
          "latitudes %r not 52.080-52.095" % (sorted(set(lats)),))


@test
def import_buurten_with_parents(srv):
    w = world()
    f = write(w.dir, "buurten.geojson", collection([
        ({"code": "BU03440101", "name": "Domplein", "wijk": "WK034401"},
         square(5.115, 52.088, 0.004)),
    ]))
    rc, out, err = run(["import-areas", f, "--level", "buurt", "--db", w.db,
                        "--municipality", "GM0344", "--name-prop", "name",
                        "--parent-prop", "wijk"])
    eq(rc, 0, "exit code (%s)" % err)
    eq(H.db_query(w.db, "SELECT name, parent_code FROM areas WHERE code='BU03440101'"),
       [("Domplein", "WK034401")], "buurt row")


def refused(w, name, content, args, expect):
    before = H.db_checksum(w.db)
    f = write(w.dir, name, content)
    rc, out, err = run(["import-areas", f, "--db", w.db, "--municipality", "GM0344"]
                       + args)
    check(rc != 0, "%s: exit code 0, want failure" % name)
    contains(err, expect, "%s: stderr" % name)
    eq(H.db_checksum(w.db), before, "%s: database checksum" % name)


@test
def hostile_files_change_nothing(srv):
    w = world()
    good = ({"code": "BU03440102", "naam": "Goed", "ouder": "WK034401"},
            square(5.12, 52.09, 0.001))
    refused(w, "syntax.geojson", '{"type": "FeatureCollection",\n "features": [}',
            ["--level", "buurt"], "line 2")
    refused(w, "unknown-parent.geojson", collection([
        good, ({"code": "BU03440103", "naam": "Wees", "ouder": "WK999999"},
               square(5.13, 52.09, 0.001))]),
        ["--level", "buurt", "--parent-prop", "ouder"], "WK999999")
    refused(w, "parent-lower.geojson", collection([
        ({"code": "WK034409", "naam": "Omgekeerd", "ouder": "BU03440101"},
         square(5.13, 52.09, 0.001))]),
        ["--level", "wijk", "--parent-prop", "ouder"], "higher level")
    refused(w, "bowtie.geojson", collection([
        ({"code": "BU03440104", "naam": "Strik"},
         {"type": "Polygon", "coordinates": [[[5.0, 52.0], [5.1, 52.1],
                                              [5.1, 52.0], [5.0, 52.1], [5.0, 52.0]]]})]),
        ["--level", "buurt"], "BU03440104")
    refused(w, "crs.geojson", collection([good], crs="EPSG:3857"),
            ["--level", "buurt"], "crs")
    refused(w, "level.geojson", collection([good]), ["--level", "provincie"],
            "--level")
    refused(w, "script-name.geojson", collection([
        ({"code": "<script>", "naam": "x"}, square(5.1, 52.0, 0.01))]),
        ["--level", "buurt"], "code")
    rc, out, err = run(["import-areas", "/nonexistent/file.geojson", "--level",
                        "buurt", "--db", w.db, "--municipality", "GM0344"])
    check(rc != 0 and "/nonexistent/file.geojson" in err, "missing file: %r" % err)


@test
def amsterdam_server_unaffected(srv):
    """The running server (Amsterdam) still answers; the other database
    holds Utrecht without any Amsterdam rows."""
    eq(srv.get("/api/v1/areas?level=stadsdeel").json()["count"], 9, "stadsdelen")
    w = world()
    eq(H.db_query(w.db, "SELECT COUNT(*) FROM areas WHERE municipality='GM0363'"),
       [(0,)], "no Amsterdam areas in the import database")


if __name__ == "__main__":
    H.main()
