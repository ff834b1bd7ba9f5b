"""The demo history (src/seed/demo_history.c) against the real binary
with --demo: a year of signals, kwesties closed with outcomes, promises in
every state, supporters and grades, so the public figures show numbers at
once (issue 14).  Checked in the database the server wrote (SQLite file or
PostgreSQL database) and on the public pages:

- the history spans at least six months and nothing in it is dated today
  or later;
- at least one stadsdeel and the whole city have 10 or more graders on
  closed subjects, and some buurten fewer (the figures' minimum);
- promises exist in every state: open, kept on time, kept late, broken
  (with its explanation) and changed (with the promise that replaces it);
- no grade is dated before its subject closed, or given to an open one;
- every row is demo: signals, kwesties and grades marked is_demo, their
  texts for residents ending in "(demo)", promises and timeline entries
  only on demo subjects;
- every step has its public timeline entry, in the order of the clock;
- a second server with --demo on a fresh database holds the same numbers
  (the generator has a fixed seed), and the demo of before is still there.

    python3 tests/http/test_demo_history.py --binary build/wijkagenda
"""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import check, eq, test  # noqa: E402

HISTORY = "demo-history-%"  # the dedupe keys of the history's signals


def one(srv, sql, args=()):
    return srv.query(sql, args)[0][0]


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def moment(s):
    return datetime.datetime.strptime(s[:19], "%Y-%m-%dT%H:%M:%S")


@test
def history_spans_months_and_ends_before_today(srv):
    lo, hi, n = srv.query("SELECT MIN(created_at), MAX(created_at), COUNT(*)"
                          " FROM signals WHERE dedupe_key LIKE ?", (HISTORY,))[0]
    check(300 <= n <= 1500, "a few hundred to 1,500 history signals: %d" % n)
    span = (moment(hi) - moment(lo)).days
    check(span >= 183, "the history spans %d days (%s .. %s)" % (span, lo, hi))
    check(span <= 366, "no more than a year: %d days" % span)
    today = now_iso()[:10]
    for what, sql in (
            ("signals", "SELECT MAX(created_at) FROM signals WHERE dedupe_key LIKE ?"),
            ("timeline", "SELECT MAX(t.at) FROM timeline t JOIN signals s"
                         " ON s.id = t.signal_id WHERE s.dedupe_key LIKE ?"),
            ("grades", "SELECT MAX(g.created_at) FROM grades g JOIN signals s"
                       " ON s.id = g.signal_id WHERE s.dedupe_key LIKE ?")):
        last = one(srv, sql, (HISTORY,))
        check(last and last[:10] < today, "%s dated today or later: %s" % (what, last))
    months = srv.query("SELECT DISTINCT substr(created_at, 1, 7) FROM signals"
                       " WHERE dedupe_key LIKE ?", (HISTORY,))
    check(len(months) >= 12, "signals in %d months" % len(months))
    closed_kw = one(srv, "SELECT COUNT(*) FROM kwesties WHERE closed_at < ?",
                    (today,))
    check(closed_kw >= 100, "kwesties closed before today: %d" % closed_kw)


# Grades on closed subjects: a kwestie afgerond, or a closed signal in no
# kwestie; what the figures count per area.
GRADED = ("FROM grades g LEFT JOIN kwesties k ON k.id = g.kwestie_id"
          " LEFT JOIN signals s ON s.id = g.signal_id"
          " WHERE (k.status = 'afgerond' OR s.closed_at IS NOT NULL)")


@test
def graders_pass_the_minimum_in_a_stadsdeel_and_the_city_not_everywhere(srv):
    city = one(srv, "SELECT COUNT(DISTINCT g.person_key) " + GRADED)
    check(city >= 10, "graders in the city: %d" % city)
    per = dict(srv.query("SELECT g.stadsdeel_code, COUNT(DISTINCT g.person_key) "
                         + GRADED + " AND g.stadsdeel_code IS NOT NULL"
                         " GROUP BY g.stadsdeel_code"))
    passing = [c for c, n in per.items() if n >= 10]
    check(passing, "a stadsdeel with 10 graders or more: %r" % per)
    check("E" in passing, "West, where most of the demo is: %r" % per)
    buurten = [n for (n,) in srv.query(
        "SELECT COUNT(DISTINCT g.person_key) " + GRADED +
        " AND g.buurt_code IS NOT NULL GROUP BY g.buurt_code")]
    check(any(n < 10 for n in buurten), "some buurten below the minimum")
    check(any(n >= 10 for n in buurten) or len(buurten) > 20,
          "graded buurten: %r" % buurten[:20])


@test
def promises_in_every_state(srv):
    q = srv.query
    got = {
        "open": one(srv, "SELECT COUNT(*) FROM promises WHERE status = 'open'"),
        "kept on time": one(srv, "SELECT COUNT(*) FROM promises"
                                 " WHERE status = 'gehaald' AND done_on <= due"),
        "kept late": one(srv, "SELECT COUNT(*) FROM promises"
                              " WHERE status = 'gehaald' AND done_on > due"),
        "broken": one(srv, "SELECT COUNT(*) FROM promises WHERE status = 'niet_gehaald'"
                           " AND explanation IS NOT NULL AND explanation <> ''"),
        "changed": one(srv, "SELECT COUNT(*) FROM promises p WHERE p.status = 'gewijzigd'"
                            " AND EXISTS (SELECT 1 FROM promises r WHERE r.replaces = p.id"
                            " AND r.due <> p.due)"),
    }
    for state, n in got.items():
        check(n >= 3, "promises %s: %d (all: %r)" % (state, n, got))
    check(got["kept on time"] > got["kept late"] > 0, "mostly on time: %r" % got)
    today = now_iso()[:10]
    late_open = one(srv, "SELECT COUNT(*) FROM promises WHERE status = 'open'"
                         " AND due < ?", (today,))
    check(late_open >= 1, "an open promise past its date (late)")
    eq(q("SELECT COUNT(*) FROM promises p JOIN kwesties k ON k.id = p.kwestie_id"
         " WHERE p.status = 'gehaald' AND (p.done_on < p.made_on OR"
         " (p.done_on >= ? AND k.created_at < ?))", (today, today))[0][0], 0,
       "the history's kept promises done between making them and today")
    eq(one(srv, "SELECT COUNT(*) FROM promises p JOIN kwesties k ON k.id = p.kwestie_id"
                " WHERE k.status = 'afgerond' AND p.status = 'open'"
                " AND k.merged_into IS NULL AND p.created_at < k.closed_at"), 0,
       "a closed kwestie keeps no open promise")


@test
def no_grade_before_its_subject_closed(srv):
    check(one(srv, "SELECT COUNT(*) FROM grades WHERE kwestie_id IS NOT NULL") >= 50,
          "grades of kwesties")
    check(one(srv, "SELECT COUNT(*) FROM grades WHERE signal_id IS NOT NULL") >= 20,
          "grades of signals closed without a kwestie")
    eq(one(srv, "SELECT COUNT(*) FROM grades g JOIN kwesties k ON k.id = g.kwestie_id"
                " WHERE k.closed_at IS NULL OR g.created_at < k.closed_at"), 0,
       "grades of kwesties open or before closing")
    eq(one(srv, "SELECT COUNT(*) FROM grades g JOIN signals s ON s.id = g.signal_id"
                " WHERE s.closed_at IS NULL OR g.created_at < s.closed_at"), 0,
       "grades of signals open or before closing")
    eq(one(srv, "SELECT COUNT(*) FROM grades g JOIN kwestie_signals ks"
                " ON ks.signal_id = g.signal_id"), 0,
       "a signal in a kwestie is graded through its kwestie")
    eq(one(srv, "SELECT COUNT(*) FROM grades WHERE grade < 1 OR grade > 10"
                " OR updated_at < created_at"), 0, "grades 1-10")


@test
def grades_are_realistic_and_agree_with_the_outcome(srv):
    n, mean = srv.query("SELECT COUNT(*), AVG(grade * 1.0) FROM grades")[0]
    check(n >= 100, "grades: %d" % n)
    check(6.3 <= float(mean) <= 7.3, "mean grade %.2f" % float(mean))
    by = {s: float(m) for s, m in srv.query(
        "SELECT solved, AVG(grade * 1.0) FROM grades GROUP BY solved")}
    check(by["ja"] > by["deels"] > by["nee"], "ja > deels > nee: %r" % by)
    share = {}
    for outcome, solved, c in srv.query(
            "SELECT k.outcome, g.solved, COUNT(*) FROM grades g JOIN kwesties k"
            " ON k.id = g.kwestie_id GROUP BY k.outcome, g.solved"):
        share.setdefault(outcome, {})[solved] = c
    frac = {o: v.get("ja", 0) / sum(v.values()) for o, v in share.items()}
    check(set(frac) >= {"opgelost", "deels_opgelost", "niet_op_dit_niveau",
                        "geen_actie_nodig"}, "graded outcomes: %r" % sorted(frac))
    check(frac["opgelost"] > frac["deels_opgelost"] and
          frac["opgelost"] > frac["niet_op_dit_niveau"],
          "'ja' mostly where it was solved: %r" % frac)
    levels = [l for (l,) in srv.query("SELECT DISTINCT level FROM kwesties"
                                      " WHERE status = 'afgerond'")]
    check(len(levels) >= 4, "closed at several scale levels: %r" % levels)
    days = sorted((moment(c) - moment(o)).total_seconds() / 86400 for o, c in srv.query(
        "SELECT created_at, closed_at FROM kwesties WHERE closed_at IS NOT NULL"
        " AND merged_into IS NULL"))
    med = days[len(days) // 2]
    check(3 <= med <= 90, "median days to closing %.1f" % med)
    check(days[0] >= 0, "closed before made: %r" % days[:3])


@test
def every_row_is_demo(srv):
    for table in ("signals", "kwesties", "grades"):
        eq(one(srv, "SELECT COUNT(*) FROM %s WHERE is_demo <> 1" % table), 0,
           "%s not marked demo" % table)
    texts = [("signals", "body"), ("kwesties", "description"),
             ("promises", "what"), ("promises", "explanation"),
             ("grades", "comment")]
    for table, col in texts:
        bad = srv.query("SELECT %s FROM %s WHERE %s IS NOT NULL AND %s NOT LIKE ?"
                        % (col, table, col, col), ("%(demo)",))
        eq(bad[:3], [], "%s.%s without (demo)" % (table, col))
    bad = srv.query("SELECT message FROM timeline WHERE message IS NOT NULL"
                    " AND message NOT LIKE ?", ("%(demo)",))
    eq(bad[:3], [], "timeline messages without (demo)")
    bad = srv.query("SELECT reason FROM timeline WHERE kind IN ('promise_broken',"
                    " 'promise_changed', 'closed') AND reason NOT LIKE ?", ("%(demo)",))
    eq(bad[:3], [], "reasons for residents without (demo)")
    eq(one(srv, "SELECT COUNT(*) FROM promises p JOIN kwesties k ON k.id = p.kwestie_id"
                " WHERE k.is_demo <> 1"), 0, "promises on other kwesties")
    eq(one(srv, "SELECT COUNT(*) FROM timeline t LEFT JOIN kwesties k"
                " ON k.id = t.kwestie_id LEFT JOIN signals s ON s.id = t.signal_id"
                " WHERE COALESCE(k.is_demo, s.is_demo, 0) <> 1"), 0,
       "timeline entries of other subjects")
    eq(one(srv, "SELECT COUNT(*) FROM signal_contacts"), 0,
       "the history keeps no contact data")


@test
def every_step_on_the_timeline_in_the_order_of_the_clock(srv):
    zero = {
        "signal received": "SELECT COUNT(*) FROM signals s WHERE NOT EXISTS (SELECT 1"
        " FROM timeline t WHERE t.signal_id = s.id AND t.kind = 'received'"
        " AND t.at = s.created_at)",
        "kwestie created": "SELECT COUNT(*) FROM kwesties k WHERE NOT EXISTS (SELECT 1"
        " FROM timeline t WHERE t.kwestie_id = k.id AND t.kind = 'created')",
        "kwestie closed": "SELECT COUNT(*) FROM kwesties k WHERE k.status = 'afgerond'"
        " AND k.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM timeline t"
        " WHERE t.kwestie_id = k.id AND t.kind = 'status'"
        " AND t.to_value = 'afgerond: ' || k.outcome AND t.at = k.closed_at)",
        "promise made": "SELECT COUNT(*) FROM promises p WHERE p.replaces IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM timeline t WHERE t.promise_id = p.id"
        " AND t.kind = 'promise')",
        "promise ended": "SELECT COUNT(*) FROM promises p WHERE p.status <> 'open'"
        " AND NOT EXISTS (SELECT 1 FROM timeline t WHERE t.promise_id = p.id"
        " AND t.kind IN ('promise_kept', 'promise_broken', 'promise_changed'))",
        "signal closed alone": "SELECT COUNT(*) FROM signals s WHERE s.closed_at"
        " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM kwestie_signals ks WHERE"
        " ks.signal_id = s.id) AND NOT EXISTS (SELECT 1 FROM timeline t"
        " WHERE t.signal_id = s.id AND t.kind = 'closed' AND t.at = s.closed_at)",
        "signal of a closed kwestie still open": "SELECT COUNT(*) FROM signals s"
        " JOIN kwestie_signals ks ON ks.signal_id = s.id JOIN kwesties k"
        " ON k.id = ks.kwestie_id WHERE k.status = 'afgerond' AND s.closed_at IS NULL",
        "history signals left for triage": "SELECT COUNT(*) FROM signals s"
        " WHERE s.dedupe_key LIKE 'demo-history-%' AND s.closed_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM kwestie_signals ks WHERE ks.signal_id = s.id)",
    }
    for what, sql in zero.items():
        eq(one(srv, sql), 0, what)
    n = one(srv, "SELECT COUNT(*) FROM timeline WHERE kind = 'status'"
                 " AND to_value = 'in_uitvoering'")
    check(n >= 20, "kwesties carried out: %d" % n)
    for col in ("kwestie_id", "signal_id"):
        last = {}
        for owner, _id, at in srv.query(
                "SELECT %s, id, at FROM timeline WHERE %s IS NOT NULL ORDER BY %s, id"
                % (col, col, col)):
            check(at >= last.get(owner, ""), "timeline of %s %s goes back in time"
                  " at %s" % (col, owner, at))
            last[owner] = at


@test
def public_page_of_a_closed_kwestie_shows_its_history(srv):
    kid, title = srv.query(
        "SELECT k.id, k.title FROM kwesties k WHERE k.status = 'afgerond'"
        " AND k.merged_into IS NULL AND EXISTS (SELECT 1 FROM grades g"
        " WHERE g.kwestie_id = k.id) AND EXISTS (SELECT 1 FROM promises p"
        " WHERE p.kwestie_id = k.id) ORDER BY k.id LIMIT 1")[0]
    r = srv.get("/kwesties/%d" % kid)
    eq(r.status, 200, "the page of kwestie %d" % kid)
    H.contains(r.text, title, "its title")
    what = one(srv, "SELECT what FROM promises WHERE kwestie_id = ? ORDER BY id LIMIT 1",
               (kid,))
    H.contains(r.text, what.replace("'", "&#39;")[:40], "its promise")
    token = one(srv, "SELECT s.token FROM signals s JOIN kwestie_signals ks"
                     " ON ks.signal_id = s.id WHERE ks.kwestie_id = ? LIMIT 1", (kid,))
    eq(srv.get("/m/" + token).status, 200, "the tracking page of one of its signals")


@test
def the_demo_of_before_is_still_there(srv):
    for title in ("Grofvuil naast de containers in de Van Galenbuurt",
                  "Kapotte bank bij de speeltuin",
                  "Ophaalrooster grofvuil stadsbreed herzien"):
        eq(one(srv, "SELECT COUNT(*) FROM kwesties WHERE title = ?", (title,)), 1, title)
    n = one(srv, "SELECT COUNT(*) FROM signals WHERE dedupe_key NOT LIKE ?", (HISTORY,))
    check(n >= 8, "the demo's own signals: %d" % n)


def fingerprint(srv):
    """The numbers the figures are made of, and the history's moments."""
    q = srv.query
    return {
        "signals": q("SELECT stadsdeel_code, kind, status, outcome, COUNT(*) FROM signals"
                     " GROUP BY stadsdeel_code, kind, status, outcome"
                     " ORDER BY stadsdeel_code, kind, status, outcome"),
        "kwesties": q("SELECT level, status, outcome, topic, COUNT(*), SUM(residents)"
                      " FROM kwesties GROUP BY level, status, outcome, topic"
                      " ORDER BY level, status, outcome, topic"),
        "promises": q("SELECT status, done_on <= due, COUNT(*) FROM promises"
                      " GROUP BY status, done_on <= due ORDER BY status, done_on <= due"),
        "grades": q("SELECT stadsdeel_code, solved, grade, COUNT(*) FROM grades"
                    " GROUP BY stadsdeel_code, solved, grade"
                    " ORDER BY stadsdeel_code, solved, grade"),
        "timeline": q("SELECT kind, COUNT(*) FROM timeline GROUP BY kind ORDER BY kind"),
        "supporters": q("SELECT COUNT(*), COUNT(DISTINCT supporter_key)"
                        " FROM kwestie_supporters"),
        "moments": q("SELECT created_at FROM signals WHERE dedupe_key LIKE ?"
                     " ORDER BY created_at", (HISTORY,)),
    }


def demo_ms(srv):
    for rec in srv.log_lines():
        if rec.get("event") == "demo_history":
            return int(rec.get("ms", "-1"))
    return -1


@test
def a_second_run_holds_the_same_numbers(srv):
    day = now_iso()[:10]
    first = fingerprint(srv)
    check(len(first["moments"]) >= 300, "the history's moments")
    other = H.Server(H.Ctx.args.binary, ["--demo"])
    try:
        other.start(120)
        second = fingerprint(other)
        H.note("start with --demo: %.2f s, of which the history %d ms (second server)"
               % (other.start_seconds, demo_ms(other)))
    finally:
        other.stop()
        other.cleanup()
    if now_iso()[:10] != day:  # midnight passed: the moments moved a day
        first.pop("moments")
        second.pop("moments")
    for k in first:
        eq(second[k], first[k], "the same %s in a second run" % k)


@test
def the_history_is_made_once(srv):
    n = one(srv, "SELECT COUNT(*) FROM signals")
    again = H.Server(H.Ctx.args.binary, ["--demo"], db_dir=srv.dir)
    # the same database: on PostgreSQL the same (dir, name) is the same one
    try:
        again.start(120)
        eq(one(again, "SELECT COUNT(*) FROM signals"), n, "signals after a restart")
    finally:
        again.stop()


if __name__ == "__main__":
    H.main(extra_args=["--demo"])
