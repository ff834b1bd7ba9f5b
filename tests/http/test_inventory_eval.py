"""Duplicate detection of the partner inventory on the realistic case
built from the real Ohana service directory (tests/inventory/build_case.py,
tests/inventory/README.md), through the real binary: four district lists
(three CSV, one HSDS JSON) are uploaded through the API as the beheerder,
the proposed clusters are read back, and precision and recall over pairs
of entries are computed against the ground truth.

Asserted: precision >= 0.9 and recall >= 0.8 on the case's seed, and on
every one of ten further seeds (the variations are random per seed, so one
lucky draw cannot carry the figures).  The figures are printed as INFO.

    python3 tests/http/test_inventory_eval.py --binary build/wijkagenda
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "inventory"))
import harness as H  # noqa: E402
from harness import check, test  # noqa: E402
import build_case as C  # noqa: E402

MIN_PRECISION = 0.9
MIN_RECALL = 0.8
SEEDS = 10
S = {}


@test
def login_as_beheerder(srv):
    S["client"] = C.login(srv)


@test
def precision_and_recall_on_the_case(srv):
    f, sweep = C.run(S["client"], C.SEED, (0.3, 0.5, 0.7, 0.9))
    H.note("seed %d: %s" % (C.SEED, C.summary(f)))
    for t, g in sorted(sweep.items()):
        H.note("  threshold %.1f: precision %.3f recall %.3f"
               % (t, g["precision"], g["recall"]))
    check(f["precision"] >= MIN_PRECISION, "precision %.3f < %.2f; false pairs %r"
          % (f["precision"], MIN_PRECISION, f["false_pairs"][:10]))
    check(f["recall"] >= MIN_RECALL, "recall %.3f < %.2f; missed %r"
          % (f["recall"], MIN_RECALL, f["missed_pairs"][:10]))


@test
def precision_and_recall_over_more_seeds(srv):
    res = [C.run(S["client"], s)[0] for s in range(C.SEED + 1, C.SEED + 1 + SEEDS)]
    for k in ("precision", "recall"):
        v = [f[k] for f in res]
        H.note("%d seeds: %s mean %.3f min %.3f max %.3f"
               % (len(v), k, sum(v) / len(v), min(v), max(v)))
    for s, f in zip(range(C.SEED + 1, C.SEED + 1 + SEEDS), res):
        check(f["precision"] >= MIN_PRECISION and f["recall"] >= MIN_RECALL,
              "seed %d: %s" % (s, C.summary(f)))
    left = srv.query("SELECT COUNT(*) FROM inventory_records")[0][0]
    check(left == 0, "the case's lists were removed again (%d left)" % left)


if __name__ == "__main__":
    with open(H.parse_args().binary, "rb") as f:
        if b"/api/v1/inventory/lists/{list}" not in f.read():
            print("SKIP: the inventory routes are not in this binary "
                  "(src/web/routes.c must include web/routes_inventory.inc)")
            print("0 passed, 0 failed")
            sys.exit(0)
    H.main()
