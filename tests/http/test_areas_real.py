"""The point lookup against the real data: for each of Amsterdam's 518
buurten (data/amsterdam/buurten.geojson) an interior point, computed here
in pure Python, must be placed in that buurt, its wijk, gebied, stadsdeel
and the gemeente by GET /api/v1/areas/lookup, over one keep-alive
connection.

The gebied follows the rule documented in src/geo/amsterdam.h: a buurt's
gebied is its ligtInGgwgebiedId, except that (a) the 14 Westpoort buurten,
which lie in no GGW-gebied in the source, get "GGW-" + their stadsdeel
letter, and (b) the tree must nest strictly, so a wijk's buurten all roll
up to the gebied holding most of them (ties: the lowest code).  The test
that checks the raw property prints which buurten differ and why.

    python3 tests/http/test_areas_real.py --binary build/wijkagenda
"""
import collections
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

STATE = {}


# --------------------------------------------------------------------------
# geometry, pure Python

def rings_of(geom):
    if geom["type"] == "Polygon":
        return [list(map(tuple, r)) for r in geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return [list(map(tuple, r)) for p in geom["coordinates"] for r in p]
    raise ValueError("unexpected geometry %s" % geom["type"])


def inside(pt, rings):
    """Even-odd rule over all rings (holes and parts alike)."""
    x, y = pt
    c = False
    for ring in rings:
        n = len(ring)
        for i in range(n):
            x1, y1 = ring[i]
            x2, y2 = ring[(i + 1) % n]
            if (y1 > y) != (y2 > y):
                xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
                if xi > x:
                    c = not c
    return c


def min_dist(pt, rings, kx):
    """Distance to the nearest edge, x scaled by kx (metres-ish)."""
    px, py = pt[0] * kx, pt[1]
    best = float("inf")
    for ring in rings:
        for i in range(len(ring) - 1):
            ax, ay = ring[i][0] * kx, ring[i][1]
            bx, by = ring[i + 1][0] * kx, ring[i + 1][1]
            dx, dy = bx - ax, by - ay
            L = dx * dx + dy * dy
            t = 0.0 if L == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / L))
            qx, qy = ax + t * dx - px, ay + t * dy - py
            d = qx * qx + qy * qy
            if d < best:
                best = d
    return math.sqrt(best)


def centroid(ring):
    a = cx = cy = 0.0
    for i in range(len(ring) - 1):
        x1, y1 = ring[i]
        x2, y2 = ring[i + 1]
        cr = x1 * y2 - x2 * y1
        a += cr
        cx += (x1 + x2) * cr
        cy += (y1 + y2) * cr
    if a == 0:
        return ring[0]
    return (cx / (3 * a), cy / (3 * a))


def scan_candidates(rings, steps=19):
    ys = [p[1] for r in rings for p in r]
    lo, hi = min(ys), max(ys)
    out = []
    for k in range(1, steps + 1):
        y = lo + (hi - lo) * k / (steps + 1) + 1e-11  # off any vertex
        xs = []
        for ring in rings:
            for i in range(len(ring) - 1):
                (x1, y1), (x2, y2) = ring[i], ring[i + 1]
                if (y1 > y) != (y2 > y):
                    xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
        xs.sort()
        best = None
        for j in range(0, len(xs) - 1, 2):
            w = xs[j + 1] - xs[j]
            if best is None or w > best[0]:
                best = (w, ((xs[j] + xs[j + 1]) / 2, y))
        if best:
            out.append(best[1])
    return out


def interior_point(geom):
    """A point well inside the polygon: the candidate (centroid, midpoints
    of the widest interior run of 19 scanlines) farthest from any edge."""
    rings = rings_of(geom)
    outer = rings[0]
    kx = math.cos(math.radians(sum(p[1] for p in outer) / len(outer)))
    cands = [centroid(outer)] + scan_candidates(rings)
    best = None
    for c in cands:
        if not inside(c, rings):
            continue
        d = min_dist(c, rings, kx)
        if best is None or d > best[0]:
            best = (d, c)
    if best is None:
        raise ValueError("no interior point found")
    return best[1], best[0] * 111320.0  # metres to the nearest edge


def expected_gebied(features):
    """buurt code -> gebied code by the rule of src/geo/amsterdam.h."""
    raw = {}
    for f in features:
        p = f["properties"]
        raw[p["code"]] = p["ligtInGgwgebiedId"] or "GGW-" + p["code"][0]
    per_wijk = collections.defaultdict(collections.Counter)
    for b, g in raw.items():
        per_wijk[b[:2]][g] += 1
    wijk_gebied = {}
    for w, cnt in per_wijk.items():
        top = max(cnt.values())
        wijk_gebied[w] = min(g for g, n in cnt.items() if n == top)
    return {b: wijk_gebied[b[:2]] for b in raw}, raw


# --------------------------------------------------------------------------

@test
def interior_points(srv):
    feats = H.load_buurten()
    eq(len(feats), 518, "features in %s" % H.buurten_path())
    t0 = time.time()
    pts = {}
    tight, margins = [], []
    for f in feats:
        code = f["properties"]["code"]
        (x, y), margin = interior_point(f["geometry"])
        pts[code] = (y, x)
        margins.append((round(margin, 1), code))
        if margin < 2.0:
            tight.append((code, round(margin, 2)))
    STATE["feats"] = feats
    STATE["points"] = pts
    H.note("interior points of %d buurten computed in %.2f s; closest to an edge: "
           "%s m (%s)" % (len(pts), time.time() - t0, min(margins)[0], min(margins)[1]))
    check(not tight, "interior points closer than 2 m to an edge: %r" % tight)


@test
def lookup_every_buurt(srv):
    pts = STATE.get("points")
    check(pts, "no interior points")
    exp_gebied, raw = expected_gebied(STATE["feats"])
    names = {f["properties"]["code"]: f["properties"]["naam"] for f in STATE["feats"]}
    wrong = []
    c = srv.conn()
    t0 = time.time()
    try:
        for code, (lat, lon) in sorted(pts.items()):
            r = c.get("/api/v1/areas/lookup?lat=%.7f&lon=%.7f" % (lat, lon))
            if r.status != 200:
                wrong.append("%s (%.7f,%.7f): status %d %r" % (code, lat, lon, r.status,
                                                               r.body[:120]))
                continue
            j = r.json()
            got = {lvl: (j.get(lvl) or {}).get("code")
                   for lvl in ("buurt", "wijk", "gebied", "stadsdeel", "gemeente")}
            want = {"buurt": code, "wijk": code[:2], "gebied": exp_gebied[code],
                    "stadsdeel": code[:1], "gemeente": "GM0363"}
            if got != want:
                wrong.append("%s (%.7f,%.7f): got %r, want %r" % (code, lat, lon, got, want))
            elif j["buurt"].get("name") != names[code]:
                wrong.append("%s: name %r, want %r" % (code, j["buurt"].get("name"),
                                                       names[code]))
    finally:
        c.close()
    took = time.time() - t0
    n = len(c.socks)
    H.note("%d lookups over one keep-alive connection in %.2f s (%.2f ms each)"
           % (n, took, 1000 * took / max(1, n)))
    eq(len(set(c.socks)), 1, "sockets used for the %d lookups" % n)
    check(not wrong, "%d of 518 buurten wrong, e.g.:\n    %s"
          % (len(wrong), "\n    ".join(wrong[:15])))


@test
def gebied_versus_raw_property(srv):
    # Where the server's gebied differs from the feature's own
    # ligtInGgwgebiedId, it must be for a documented reason.
    exp_gebied, raw = expected_gebied(STATE["feats"])
    props = {f["properties"]["code"]: f["properties"]["ligtInGgwgebiedId"]
             for f in STATE["feats"]}
    c = srv.conn()
    diffs, unexplained = [], []
    try:
        for code, (lat, lon) in sorted(STATE["points"].items()):
            r = c.get("/api/v1/areas/lookup?lat=%.7f&lon=%.7f" % (lat, lon))
            if r.status != 200:
                continue
            g = r.json()["gebied"]["code"]
            if g != props[code]:
                why = ("no GGW-gebied in the source" if props[code] is None
                       else "wijk %s rolls up to %s" % (code[:2], exp_gebied[code]))
                diffs.append("%s: %s instead of %s (%s)" % (code, g, props[code], why))
                if g != exp_gebied[code]:
                    unexplained.append(code)
    finally:
        c.close()
    H.note("%d buurten whose gebied differs from ligtInGgwgebiedId: %s"
           % (len(diffs), "; ".join(d for d in diffs if "rolls up" in d) or "none")
           + " (+ %d Westpoort buurten without one)" % sum("no GGW" in d for d in diffs))
    check(not unexplained, "unexplained gebied differences: %r" % unexplained)
    check(len(diffs) <= 16, "%d differences: %r" % (len(diffs), diffs[:20]))


@test
def areas_list_matches_lookup_names(srv):
    r = srv.get("/api/v1/areas?level=gebied")
    eq(r.status, 200, "gebied list")
    gebieden = {a["code"]: a for a in r.json()["areas"]}
    exp_gebied, raw = expected_gebied(STATE["feats"])
    eq(set(gebieden), set(exp_gebied.values()), "gebied codes")
    r = srv.get("/api/v1/areas?level=wijk")
    for a in r.json()["areas"]:
        want = {exp_gebied[b] for b in exp_gebied if b[:2] == a["code"]}
        eq({a["parent"]}, want, "parent of wijk %s" % a["code"])


if __name__ == "__main__":
    H.main()
