/* figures (store): see figures.h.
 *
 * Each read is one constant per scope kind, made from the same parts by
 * macros (the part that says which rows are in the scope differs), so
 * the three stay alike.  Every statement takes $1 the municipality, $2
 * and $3 the period (instants, or dates for promises), $4 the scope (an
 * area code or topic as text, an organisation id as integer); some a $5.
 * An area's signals are read through the index of signals by buurt
 * (municipality, buurt_code, created_at) for the buurten under the area,
 * found by a recursive walk of the areas table.  The SQL is the dialect
 * both backends share. */
#include "figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#include "domain/describe.h"
#include "domain/figures.h"
#include "store/store.h"

/* --- which rows are in the scope ------------------------------------------ */

/* The buurten under the area $4 (itself when it is one). */
#define PRE_AREA                                                              \
	"WITH RECURSIVE under(code, level) AS (SELECT code, level FROM areas" \
	" WHERE municipality = $1 AND code = $4 UNION ALL SELECT a.code,"     \
	" a.level FROM areas a JOIN under u ON a.parent_code = u.code"        \
	" WHERE a.municipality = $1), scope_buurten AS (SELECT code FROM"     \
	" under WHERE level = 'buurt') "
#define PRE_NONE ""

/* An area's kwesties and grades by the chain copied onto them, read by
 * the index of its level (migration 029: municipality, the level's
 * code, created_at): a wijk's kwestie is in its wijk, gebied and
 * stadsdeel, not in a buurt.  The gemeente is in no chain column: every
 * row of the municipality, when $4 is its gemeente. */
#define IS_GEMEENTE                                                 \
	"EXISTS (SELECT 1 FROM areas gm WHERE gm.municipality = $1" \
	" AND gm.code = $4 AND gm.level = 'gemeente')"
#define IN_LEVEL(t, col) t ".municipality = $1 AND " t "." col " = $4"
#define IN_GEMEENTE(t) t ".municipality = $1 AND " IS_GEMEENTE

/* An area's signals: those of the buurten under it whose stored chain
 * names it.  A read of many (SRC_AREA) walks the buurten first, each by
 * signals_by_area (its buurt and created_at) or, for closings,
 * signals_closed_by_buurt (029): SQLite has no statistics here, and told
 * only `buurt_code IN (...)` it walked the whole city's
 * signals_by_category instead (2.3 s at 10M for any area).  One signal's
 * (SIGIN) is read by its id. */
#define IN_PERIOD(col) " AND " col " >= $2 AND " col " < $3"
#define SRC_AREA "scope_buurten b CROSS JOIN signals s"
#define SIG_UNDER(s) s ".municipality = $1 AND " s ".buurt_code = b.code"
#define SIG_BUURT(s) SIG_UNDER(s) " AND " s ".buurt_code = $4"
#define SIG_WIJK(s) SIG_UNDER(s) " AND " s ".wijk_code = $4"
#define SIG_GEBIED(s) SIG_UNDER(s) " AND " s ".gebied_code = $4"
#define SIG_STADSDEEL(s) SIG_UNDER(s) " AND " s ".stadsdeel_code = $4"
#define SIG_GEMEENTE(s) SIG_UNDER(s) " AND " IS_GEMEENTE
/* The gemeente's signals and closings are every signal of the
 * municipality, also one in a buurt the areas no longer have (a signal
 * keeps the chain it was reported in): read from signals_by_category,
 * which holds every column those two statements read (at 10M: signals
 * 51 -> 25 s, closed 20.6 -> 5.4 s, against the buurten one by one and
 * each signal's row). */
#define SRC_CITY "signals s"
#define SIG_CITY(s) s ".municipality = $1 AND " IS_GEMEENTE
#define SIGIN(s, col)                                                    \
	s ".municipality = $1 AND " s ".buurt_code IN (SELECT code FROM" \
	  " scope_buurten) AND " s "." col " = $4"
/* An organisation's or a theme's signals: their ids first (in order,
 * UNION), each signal then by its id.  Told `s.id IN (...)`, SQLite
 * walked the city's signals_by_category instead (12.7 s for an
 * organisation's year at 10M).  For a statement over the signals made
 * in the period (_MADE) the ids are bound by the period's first and last
 * signal ($5, $6: store_signal_id_span), so the years before are not
 * read; one over the signals closed in it (_CLOSED) has no such bound.
 * A theme's signals are those of its kwesties and, not in a kwestie,
 * those of its categories (signals_by_category: the category, the
 * period's column). */
#define IN_SPAN(col) " AND " col " BETWEEN $5 AND $6"
#define NO_SPAN(col) ""
#define ORG_IDS(B)                                                                                                     \
	"(SELECT so.signal_id AS id FROM signal_organisations so WHERE"                                                \
	" so.organisation_id = $4" B("so.signal_id") " UNION SELECT"                                                   \
						     " ks.signal_id FROM kwestie_signals ks JOIN kwestie_chain kc ON"  \
						     " kc.kwestie_id = ks.kwestie_id WHERE kc.organisation_id = $4" B( \
							     "ks.signal_id") ") o CROSS JOIN signals s"
#define SRC_ORG_MADE ORG_IDS(IN_SPAN)
#define SRC_ORG_CLOSED ORG_IDS(NO_SPAN)
#define THEME_CATEGORY(x)                                              \
	x ".category_code IN (SELECT c.code FROM categories c WHERE"   \
	  " c.municipality = $1 AND (c.code = $4 OR substr(c.code, 1," \
	  " length($4) + 1) = $4 || '/'))"
#define THEME_IDS(B, COL)                                                                                                                         \
	"(SELECT ks.signal_id AS id FROM kwesties kt JOIN kwestie_signals ks"                                                                     \
	" ON ks.kwestie_id = kt.id WHERE kt.municipality = $1 AND kt.topic"                                                                       \
	" = $4" B("ks.signal_id") " UNION SELECT x.id FROM signals x WHERE"                                                                       \
				  " x.municipality = $1 AND " THEME_CATEGORY("x") " AND"                                                          \
										  " x.first_kwestie IS NULL" IN_PERIOD("x." COL) ") o CROSS JOIN" \
																 " signals s"
#define SRC_THEME_MADE THEME_IDS(IN_SPAN, "created_at")
#define SRC_THEME_CLOSED THEME_IDS(NO_SPAN, "closed_at")
#define SIG_LISTED(s) s ".id = o.id AND " s ".municipality = $1"
/* One signal's (a theme's promises). */
#define SIG_THEME(s)                                                            \
	s ".municipality = $1 AND (" s ".id IN (SELECT ks.signal_id FROM"       \
	  " kwestie_signals ks JOIN kwesties kt ON kt.id = ks.kwestie_id"       \
	  " WHERE kt.topic = $4) OR (NOT EXISTS (SELECT 1 FROM kwestie_signals" \
	  " kl WHERE kl.signal_id = " s ".id) AND (" s ".category_code = $4"    \
	  " OR substr(" s ".category_code, 1, length($4) + 1) = $4 || '/')))"

#define KW_BUURT(k) IN_LEVEL(k, "buurt_code")
#define KW_WIJK(k) IN_LEVEL(k, "wijk_code")
#define KW_GEBIED(k) IN_LEVEL(k, "gebied_code")
#define KW_STADSDEEL(k) IN_LEVEL(k, "stadsdeel_code")
#define KW_GEMEENTE(k) IN_GEMEENTE(k)
#define KW_ORG(k)                                                         \
	k ".municipality = $1 AND " k ".id IN (SELECT kc.kwestie_id FROM" \
	  " kwestie_chain kc WHERE kc.organisation_id = $4)"
#define KW_THEME(k) k ".municipality = $1 AND " k ".topic = $4"

#define GR_BUURT IN_LEVEL("g", "buurt_code")
#define GR_WIJK IN_LEVEL("g", "wijk_code")
#define GR_GEBIED IN_LEVEL("g", "gebied_code")
#define GR_STADSDEEL IN_LEVEL("g", "stadsdeel_code")
#define GR_GEMEENTE IN_GEMEENTE("g")
#define GR_ORG "g.municipality = $1 AND g.organisation_id = $4"
#define GR_THEME "g.municipality = $1 AND g.topic = $4"

/* The statements of one read, one per scope (an area's by its level;
 * scope_of picks). */
enum scope_sql { S_BUURT,
		 S_WIJK,
		 S_GEBIED,
		 S_STADSDEEL,
		 S_GEMEENTE,
		 S_ORG,
		 S_THEME,
		 S_N };
/* WHEN: MADE or CLOSED, the period's column of the statement's signals
 * (an organisation's and a theme's source differ by it). */
#define BY_SCOPE(name, Q, WHEN)                                                   \
	static const char *const name[S_N] = {                                    \
		Q(PRE_AREA, SRC_AREA, SIG_BUURT, KW_BUURT, GR_BUURT),             \
		Q(PRE_AREA, SRC_AREA, SIG_WIJK, KW_WIJK, GR_WIJK),                \
		Q(PRE_AREA, SRC_AREA, SIG_GEBIED, KW_GEBIED, GR_GEBIED),          \
		Q(PRE_AREA, SRC_AREA, SIG_STADSDEEL, KW_STADSDEEL, GR_STADSDEEL), \
		Q(PRE_NONE, SRC_CITY, SIG_CITY, KW_GEMEENTE, GR_GEMEENTE),        \
		Q(PRE_NONE, SRC_ORG_##WHEN, SIG_LISTED, KW_ORG, GR_ORG),          \
		Q(PRE_NONE, SRC_THEME_##WHEN, SIG_LISTED, KW_THEME, GR_THEME)}

/* --- the reads ---------------------------------------------------------------- */

/* Each signal reported in the period: when, when closed, its first
 * response (the first of: linked to a kwestie, a promise on it, a
 * timeline entry other than its receipt; and closing, taken in C) and
 * its category's norm.  The rows say what need not be looked for
 * (migrations 025, 028, kept by triggers): no kwestie when first_kwestie
 * is NULL, no entry but the receipt when the newest of its own is one
 * (the receipt is a signal's first entry); and a promise on a signal
 * writes an entry on its timeline (app/promise.c), so there is none
 * either (6 s of the city's 51 at 10M). */
#define NOT_ONLY_RECEIVED "s.own_kind IS NULL OR s.own_kind <> 'received'"
#define Q_SIGNALS(PRE, SRC, SIG, KW, GR)                                       \
	PRE "SELECT s.created_at, s.closed_at, CASE WHEN s.first_kwestie IS"   \
	    " NOT NULL THEN (SELECT MIN(ks.linked_at) FROM kwestie_signals ks" \
	    " WHERE ks.signal_id = s.id) END, CASE WHEN " NOT_ONLY_RECEIVED    \
	    " THEN (SELECT MIN(p.created_at) FROM promises p WHERE"            \
	    " p.signal_id = s.id) END, CASE WHEN " NOT_ONLY_RECEIVED " THEN"   \
	    " (SELECT MIN(t.at) FROM timeline t WHERE t.signal_id = s.id AND"  \
	    " t.kind <> 'received') END, c.norm_workdays FROM " SRC " LEFT"    \
	    " JOIN categories c ON c.municipality = s.municipality AND c.code" \
	    " = s.category_code WHERE " SIG("s") IN_PERIOD("s.created_at")
BY_SCOPE(sql_signals, Q_SIGNALS, MADE);

/* Signals closed in the period, by hour (UTC) for the trend, with their
 * outcome when they are in no kwestie (first_kwestie NULL: the
 * outcomes): one pass. */
#define Q_CLOSED(PRE, SRC, SIG, KW, GR)                                       \
	PRE "SELECT substr(s.closed_at, 1, 13), CASE WHEN s.first_kwestie IS" \
	    " NULL THEN s.outcome END, COUNT(*) FROM " SRC " WHERE " SIG("s") \
		    IN_PERIOD("s.closed_at") " GROUP BY 1, 2"
BY_SCOPE(sql_closed, Q_CLOSED, CLOSED);

/* Reach: residents who reported in the period (a signal without a key
 * counts as one of its own) or supported a kwestie of the scope in it. */
#define Q_REACH(PRE, SRC, SIG, KW, GR)                                                                                                                             \
	PRE "SELECT COUNT(DISTINCT r.who) FROM (SELECT COALESCE(s.resident_key,"                                                                                   \
	    " 'signal:' || CAST(s.id AS TEXT)) AS who FROM " SRC " WHERE " SIG("s") IN_PERIOD("s.created_at") " UNION ALL SELECT"                                  \
													      " ks.supporter_key FROM kwestie_supporters ks JOIN"  \
													      " kwesties k ON k.id = ks.kwestie_id WHERE " KW("k") \
														      IN_PERIOD("ks.created_at") ") r"
BY_SCOPE(sql_reach, Q_REACH, MADE);

#define Q_GRADES(PRE, SRC, SIG, KW, GR)                              \
	"SELECT g.grade, g.solved, COUNT(*) FROM grades g WHERE " GR \
		IN_PERIOD("g.created_at") " GROUP BY g.grade, g.solved"
BY_SCOPE(sql_grades, Q_GRADES, MADE);

#define Q_GRADE_HOURS(PRE, SRC, SIG, KW, GR)                              \
	"SELECT substr(g.created_at, 1, 13), COUNT(*), SUM(g.grade) FROM" \
	" grades g WHERE " GR IN_PERIOD("g.created_at") " GROUP BY substr(g.created_at, 1, 13)"
BY_SCOPE(sql_grade_hours, Q_GRADE_HOURS, MADE);

/* Promises made in the period ($2, $3 dates; $5 today).  Kept on time is
 * domain/promise.c's promise_kept_on_time (gehaald, done_on <= due) and
 * late promise_late (open, today after due), said again in SQL so that a
 * year of promises is counted, not read. */
#define PROMISE_COUNTS                                                        \
	"SELECT COUNT(*), COALESCE(SUM(CASE WHEN p.status = 'gehaald' AND"    \
	" p.done_on <= p.due THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN"  \
	" p.status = 'gehaald' AND p.done_on > p.due THEN 1 ELSE 0 END), 0)," \
	" COALESCE(SUM(CASE WHEN p.status = 'open' AND p.due < $5 THEN 1"     \
	" ELSE 0 END), 0), COALESCE(SUM(CASE WHEN p.status = 'niet_gehaald'"  \
	" THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN p.status ="          \
	" 'gewijzigd' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN"         \
	" p.status = 'open' THEN 1 ELSE 0 END), 0) FROM "
#define MADE_IN_PERIOD " AND p.made_on >= $2 AND p.made_on <= $3"
#define PROMISE_SUMS \
	PROMISE_COUNTS "promises p WHERE p.municipality = $1" MADE_IN_PERIOD
/* An area's: a promise is on a kwestie or on a signal (never both), so
 * those on its kwesties (by the kwesties of its level, 029) and those on
 * its signals (the period's promises on signals, 029) add up; the
 * gemeente's are all of the municipality's. */
#define Q_PROMISES_AREA(KW, COL)                                                                                                       \
	PRE_AREA PROMISE_COUNTS "(SELECT p.status, p.done_on, p.due FROM"                                                              \
				" kwesties k CROSS JOIN promises p WHERE " KW("k") " AND p.kwestie_id = k.id" MADE_IN_PERIOD           \
										   " UNION ALL SELECT p.status, p.done_on, p.due FROM" \
										   " promises p WHERE p.municipality = $1 AND"         \
										   " p.signal_id IS NOT NULL" MADE_IN_PERIOD           \
										   " AND EXISTS (SELECT 1 FROM signals s WHERE"        \
										   " s.id = p.signal_id AND " SIGIN("s", COL) ")) p"
/* A theme's.  EXISTS, not IN: a city's promises are a few ten thousand,
 * its signals a million (IN would build the million first). */
#define Q_PROMISES_THEME                                                        \
	PROMISE_SUMS " AND (EXISTS (SELECT 1 FROM kwesties k WHERE k.id ="      \
		     " p.kwestie_id AND " KW_THEME("k") ") OR EXISTS (SELECT 1" \
							" FROM signals s WHERE s.id = p.signal_id AND " SIG_THEME("s") "))"
static const char *const sql_promises[S_N] = {
	Q_PROMISES_AREA(KW_BUURT, "buurt_code"),
	Q_PROMISES_AREA(KW_WIJK, "wijk_code"),
	Q_PROMISES_AREA(KW_GEBIED, "gebied_code"),
	Q_PROMISES_AREA(KW_STADSDEEL, "stadsdeel_code"),
	PROMISE_SUMS " AND " IS_GEMEENTE,
	PROMISE_SUMS " AND p.organisation_id = $4",
	Q_PROMISES_THEME};

/* Outcomes of kwesties closed in the period (those of lone signals come
 * with sql_closed). */
#define Q_OUTCOMES(PRE, SRC, SIG, KW, GR)                           \
	"SELECT k.outcome, COUNT(*) FROM kwesties k WHERE " KW("k") \
		IN_PERIOD("k.closed_at") " GROUP BY k.outcome"
BY_SCOPE(sql_outcomes, Q_OUTCOMES, MADE);

/* Scale levels of kwesties made in the period. */
#define Q_LEVELS(PRE, SRC, SIG, KW, GR)                           \
	"SELECT k.level, COUNT(*) FROM kwesties k WHERE " KW("k") \
		IN_PERIOD("k.created_at") " GROUP BY k.level"
BY_SCOPE(sql_levels, Q_LEVELS, MADE);

/* Per area one level down for the map (the chain column of that
 * level): signals and residents, and grades.  A buurt has none.  The
 * reach of an area with areas below it comes with theirs, in one pass
 * over its signals: a row per resident and child (NULL: a kwestie above
 * the children's level), by resident. */
#define Q_REACH_CHILDREN(SIG, KW, CHILD)                                                                                                                                        \
	PRE_AREA "SELECT r.who, r.child, SUM(r.sig) FROM (SELECT COALESCE("                                                                                                     \
		 "s.resident_key, 'signal:' || CAST(s.id AS TEXT)) AS who,"                                                                                                     \
		 " s." CHILD " AS child, 1 AS sig FROM " SRC_AREA " WHERE " SIG("s") IN_PERIOD("s.created_at") " UNION ALL SELECT"                                              \
													       " ks.supporter_key, k." CHILD ", 0 FROM kwestie_supporters"      \
													       " ks JOIN kwesties k ON k.id = ks.kwestie_id WHERE " KW("k")     \
														       IN_PERIOD("ks.created_at") ") r GROUP BY r.who, r.child" \
																		  " ORDER BY r.who"
static const char *const sql_reach_children[S_N] = {
	[S_WIJK] = Q_REACH_CHILDREN(SIG_WIJK, KW_WIJK, "buurt_code"),
	[S_GEBIED] = Q_REACH_CHILDREN(SIG_GEBIED, KW_GEBIED, "wijk_code"),
	[S_STADSDEEL] = Q_REACH_CHILDREN(SIG_STADSDEEL, KW_STADSDEEL, "gebied_code"),
	[S_GEMEENTE] = Q_REACH_CHILDREN(SIG_GEMEENTE, KW_GEMEENTE, "stadsdeel_code")};
#define Q_CHILD_GRADES(GR, CHILD) \
	"SELECT g." CHILD ", COUNT(*), SUM(g.grade) FROM grades g WHERE " GR IN_PERIOD("g.created_at") " GROUP BY g." CHILD
static const char *const sql_child_grades[S_N] = {
	[S_WIJK] = Q_CHILD_GRADES(GR_WIJK, "buurt_code"),
	[S_GEBIED] = Q_CHILD_GRADES(GR_GEBIED, "wijk_code"),
	[S_STADSDEEL] = Q_CHILD_GRADES(GR_STADSDEEL, "gebied_code"),
	[S_GEMEENTE] = Q_CHILD_GRADES(GR_GEMEENTE, "stadsdeel_code")};

static const char sql_areas[] =
	"SELECT code, name, level, parent_code, population FROM areas"
	" WHERE municipality = $1 ORDER BY name, code";
static const char sql_theme[] =
	"SELECT EXISTS (SELECT 1 FROM categories WHERE municipality = $1"
	" AND code = $2 AND parent_code IS NULL) OR EXISTS (SELECT 1 FROM"
	" kwesties WHERE municipality = $1 AND topic = $2)";

/* --- the window --------------------------------------------------------------- */

/* The UTC instant of midnight in Amsterdam at the start of d, as stored. */
static void amsterdam_midnight(struct cal_date d, char out[32])
{
	char t[20];

	cal_utc_format(cal_amsterdam_midnight(d), t);
	snprintf(out, 32, "%s.000Z", t);
}

void fig_window_make(struct fig_window *w, struct cal_date from,
		     struct cal_date to, struct cal_date today)
{
	struct cal_date next;

	memset(w, 0, sizeof(*w));
	w->from = from;
	w->to = to;
	w->today_date = today;
	cal_date_format(from, w->from_day);
	cal_date_format(to, w->to_day);
	cal_date_format(today, w->today);
	amsterdam_midnight(from, w->from_ts);
	if (!cal_add_days(to, 1, &next))
		next = to;
	amsterdam_midnight(next, w->to_ts);
	w->nmonths = (size_t)((to.y - from.y) * 12 + to.m - from.m + 1);
}

/* The month of the trend an instant falls in (Amsterdam), or -1. */
static long month_of(const struct fig_window *w, int64_t utc)
{
	struct cal_date d = cal_amsterdam_date(utc);
	long m = (long)(d.y - w->from.y) * 12 + d.m - w->from.m;

	return m >= 0 && (size_t)m < w->nmonths ? m : -1;
}

/* An hour bucket "YYYY-MM-DDTHH" (UTC) as its instant; Amsterdam's
 * offsets are whole hours, so the hour lies in one Amsterdam month. */
static long month_of_hour(const struct fig_window *w, const char *hour)
{
	char iso[32];
	int64_t t;

	if (!hour || strlen(hour) != 13)
		return -1;
	snprintf(iso, sizeof(iso), "%s:00:00Z", hour);
	return describe_moment(iso, &t) == 0 ? month_of(w, t) : -1;
}

/* --- binding and stepping ------------------------------------------------------ */

static struct db_stmt *prep(struct db *db, const char *sql, const char *muni,
			    const char *a, const char *b,
			    const struct fig_scope *sc)
{
	struct db_stmt *st = db_prepare(db, sql);

	db_bind_text(st, 1, muni);
	db_bind_text(st, 2, a);
	db_bind_text(st, 3, b);
	if (sc->kind == FIG_ORGANISATION)
		db_bind_int(st, 4, sc->org_id);
	else
		db_bind_text(st, 4, sc->code);
	return st;
}

/* Which statement of a read serves the scope: an area's by its level
 * (S_N for a level the areas table does not have). */
static enum scope_sql scope_of(const struct fig_scope *sc)
{
	static const char *const levels[] = {"buurt", "wijk", "gebied",
					     "stadsdeel", "gemeente"};

	if (sc->kind == FIG_ORGANISATION)
		return S_ORG;
	if (sc->kind == FIG_THEME)
		return S_THEME;
	for (size_t i = 0; sc->level && i < sizeof(levels) / sizeof(*levels); i++)
		if (strcmp(sc->level, levels[i]) == 0)
			return (enum scope_sql)i;
	return S_N;
}

/* An organisation's or a theme's statement over the signals made in the
 * period takes the period's ids ($5, $6: SRC_ORG_MADE, SRC_THEME_MADE). */
static struct db_stmt *prep_made(struct db *db, const char *const sql[S_N],
				 const char *muni, const struct fig_scope *sc,
				 const struct fig_window *w, const int64_t span[2])
{
	struct db_stmt *st = prep(db, sql[scope_of(sc)], muni, w->from_ts,
				  w->to_ts, sc);

	if (scope_of(sc) == S_ORG || scope_of(sc) == S_THEME) {
		db_bind_int(st, 5, span[0]);
		db_bind_int(st, 6, span[1]);
	}
	return st;
}

/* Step st to its end, calling fn for each row.  The rows stream (a
 * city's year is millions of them) and fn runs no statement. */
static enum err each(struct db *db, struct db_stmt *st,
		     void (*fn)(struct db_stmt *st, void *ctx), void *ctx)
{
	enum db_step r;

	db_stream(st);
	while ((r = db_step(st)) == DB_ROW)
		fn(st, ctx);
	if (r == DB_ERROR) {
		enum err e = db_error(db, st);

		db_done(st);
		return e;
	}
	db_done(st);
	return ERR_OK;
}

/* --- signals and speed --------------------------------------------------------- */

/* A growing array of durations (a year of a city: a million). */
struct durations {
	double *v;
	size_t n, cap;
};

static void dur_add(struct durations *d, double x)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 1024;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	d->v[d->n++] = x;
}

struct sig_ctx {
	struct fig_raw *out;
	const struct fig_window *w;
	const struct fig_workdays *wd;
	struct durations first, close;
};

static bool moment(struct db_stmt *st, int col, int64_t *t)
{
	const char *s = db_col_text(st, col);

	return s && describe_moment(s, t) == 0;
}

static double days(int64_t from, int64_t to)
{
	return (double)(to > from ? to - from : 0) / 86400;
}

static void sig_norm(struct sig_ctx *c, int64_t created, bool closed,
		     int64_t closed_at, int norm)
{
	struct cal_date a = cal_amsterdam_date(created);
	int used;

	if (closed) {
		used = fig_workdays_between(c->wd, a, cal_amsterdam_date(closed_at));
		c->out->norm_n++;
		c->out->norm_within += used <= norm;
		return;
	}
	/* open: counts against the norm once the norm has run out */
	if (fig_workdays_between(c->wd, a, c->w->today_date) > norm)
		c->out->norm_n++;
}

static void sig_row(struct db_stmt *st, void *ctx)
{
	struct sig_ctx *c = ctx;
	struct fig_raw *o = c->out;
	int64_t created, closed = 0, t, first = INT64_MAX;
	bool is_closed;
	long m;

	if (!moment(st, 0, &created))
		return;
	o->signals++;
	is_closed = moment(st, 1, &closed);
	if (is_closed) {
		o->closed++;
		first = closed;
		dur_add(&c->close, days(created, closed));
	}
	for (int col = 2; col <= 4; col++)
		if (moment(st, col, &t) && t < first)
			first = t;
	if (first != INT64_MAX)
		dur_add(&c->first, days(created, first));
	if (!db_col_null(st, 5))
		sig_norm(c, created, is_closed, closed, (int)db_col_int(st, 5));
	if ((m = month_of(c->w, created)) >= 0)
		o->months[m].signals++;
}

/* The signals of the period, one row each: the speed figures need every
 * duration (medians) and a calendar (working days) that SQL does not
 * have. */
static enum err read_signals(struct db *db, struct arena *ar, const char *muni,
			     const struct fig_scope *sc,
			     const struct fig_window *w, const int64_t span[2],
			     struct fig_raw *out)
{
	struct fig_workdays wd;
	struct sig_ctx c = {.out = out, .w = w, .wd = &wd};
	struct cal_date end = cal_date_cmp(w->today_date, w->to) > 0 ? w->today_date
								     : w->to;
	size_t ndays = (size_t)(cal_day_number(end) - cal_day_number(w->from) + 1);
	enum err e;

	if (!fig_workdays_init(&wd, w->from, end,
			       arena_alloc(ar, ndays * sizeof(int32_t)), ndays))
		wd.n = 0; /* today before from: cal_workdays_between counts */
	e = each(db, prep_made(db, sql_signals, muni, sc, w, span), sig_row, &c);
	out->nfirst = (int64_t)c.first.n;
	out->nclose = (int64_t)c.close.n;
	out->first_median = fig_median(c.first.v, c.first.n);
	out->close_median = fig_median(c.close.v, c.close.n);
	free(c.first.v);
	free(c.close.v);
	return e;
}

static void grade_row(struct db_stmt *st, void *ctx)
{
	struct fig_raw *o = ctx;
	int64_t g = db_col_int(st, 0), n = db_col_int(st, 2);
	const char *solved = db_col_text(st, 1);

	if (g >= 1 && g <= 10)
		o->grade_dist[g - 1] += n;
	if (!solved)
		return;
	if (strcmp(solved, "ja") == 0)
		o->ja += n;
	else if (strcmp(solved, "deels") == 0)
		o->deels += n;
	else if (strcmp(solved, "nee") == 0)
		o->nee += n;
}

static void grade_hour_row(struct db_stmt *st, void *ctx)
{
	struct sig_ctx *c = ctx;
	long m = month_of_hour(c->w, db_col_text(st, 0));

	if (m < 0)
		return;
	c->out->months[m].grades += db_col_int(st, 1);
	c->out->months[m].grade_sum += db_col_int(st, 2);
}

static void promise_row(struct db_stmt *st, void *ctx)
{
	struct fig_raw *o = ctx;
	int64_t *f[] = {&o->promises_made, &o->kept_on_time, &o->kept_late,
			&o->late_open, &o->broken, &o->changed, &o->open};

	for (int i = 0; i < 7; i++)
		*f[i] = db_col_int(st, i);
}

static void one_int(struct db_stmt *st, void *ctx)
{
	*(int64_t *)ctx = db_col_int(st, 0);
}

/* Counts by key, summed over rows of the same key (outcomes come from
 * kwesties and from lone signals). */
struct count_ctx {
	struct arena *ar;
	struct fig_count *v;
	size_t n, cap;
};

static void count_add(struct count_ctx *c, const char *k, int64_t n)
{
	if (!k)
		return;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, k) == 0) {
			c->v[i].n += n;
			return;
		}
	if (c->n == c->cap)
		return; /* the keys are a fixed few: outcomes, levels */
	c->v[c->n].key = arena_strdup(c->ar, k);
	c->v[c->n++].n = n;
}

static void count_row(struct db_stmt *st, void *ctx)
{
	count_add(ctx, db_col_text(st, 0), db_col_int(st, 1));
}

static enum err read_counts(struct db *db, struct arena *ar,
			    struct db_stmt *st, struct fig_count **out,
			    size_t *n)
{
	struct count_ctx c = {ar, arena_alloc(ar, 16 * sizeof(struct fig_count)),
			      0, 16};
	enum err e = each(db, st, count_row, &c);

	*out = c.v;
	*n = c.n;
	return e;
}

/* Closed signals by hour and lone outcome: the trend, and the outcomes
 * (added to those of kwesties). */
struct closed_ctx {
	struct fig_raw *out;
	const struct fig_window *w;
	struct count_ctx outcomes;
};

static void closed_row(struct db_stmt *st, void *ctx)
{
	struct closed_ctx *c = ctx;
	long m = month_of_hour(c->w, db_col_text(st, 0));
	const char *outcome = db_col_text(st, 1);
	int64_t n = db_col_int(st, 2);

	if (m >= 0)
		c->out->months[m].closed += n;
	count_add(&c->outcomes, outcome, n);
}

/* --- the areas one level down -------------------------------------------------- */

static struct fig_child *child_find(struct fig_raw *o, const char *code)
{
	for (size_t i = 0; code && i < o->nchildren; i++)
		if (strcmp(o->children[i].code, code) == 0)
			return &o->children[i];
	return NULL;
}

/* Rows by resident: a new one counts once for the area, each row once
 * for its child. */
struct reach_ctx {
	struct fig_raw *out;
	char *prev; /* the last row's resident */
	size_t cap;
};

static void reach_child_row(struct db_stmt *st, void *ctx)
{
	struct reach_ctx *c = ctx;
	const char *who = db_col_text(st, 0);
	struct fig_child *ch = child_find(c->out, db_col_text(st, 1));
	size_t n;

	if (!who)
		return;
	if (!c->prev || strcmp(who, c->prev) != 0) {
		c->out->residents++;
		n = strlen(who) + 1;
		if (n > c->cap) {
			c->cap = n * 2;
			c->prev = xrealloc(c->prev, c->cap);
		}
		memcpy(c->prev, who, n);
	}
	if (ch) {
		ch->residents++;
		ch->signals += db_col_int(st, 2);
	}
}

static void child_grade_row(struct db_stmt *st, void *ctx)
{
	struct fig_child *c = child_find(ctx, db_col_text(st, 0));

	if (c) {
		c->grade_n = db_col_int(st, 1);
		c->grade_sum = db_col_int(st, 2);
	}
}

static struct db_stmt *prep_period(struct db *db, const char *const sql[S_N],
				   const char *muni, const struct fig_scope *sc,
				   const struct fig_window *w)
{
	return prep(db, sql[scope_of(sc)], muni, w->from_ts, w->to_ts, sc);
}

/* Reach: with the children's when the area has areas below it (the
 * caller's: out->children[0..nchildren) filled, counts zero). */
static enum err read_reach(struct db *db, const char *muni,
			   const struct fig_scope *sc,
			   const struct fig_window *w, const int64_t span[2],
			   struct fig_raw *out)
{
	struct reach_ctx c = {.out = out};
	enum err e;

	if (!sql_reach_children[scope_of(sc)] || !out->nchildren)
		return each(db, prep_made(db, sql_reach, muni, sc, w, span),
			    one_int, &out->residents);
	e = each(db, prep_period(db, sql_reach_children, muni, sc, w),
		 reach_child_row, &c);
	free(c.prev);
	return e;
}

static enum err read_child_grades(struct db *db, const char *muni,
				  const struct fig_scope *sc,
				  const struct fig_window *w, struct fig_raw *out)
{
	if (!sql_child_grades[scope_of(sc)] || !out->nchildren)
		return ERR_OK;
	return each(db, prep_period(db, sql_child_grades, muni, sc, w),
		    child_grade_row, out);
}

/* Outcomes of kwesties, then the lone signals' with the closed trend. */
static enum err read_closed(struct db *db, struct arena *ar, const char *muni,
			    const struct fig_scope *sc,
			    const struct fig_window *w, struct fig_raw *out)
{
	struct closed_ctx c = {out, w, {ar, arena_alloc(ar, 16 * sizeof(struct fig_count)), 0, 16}};
	enum err e = each(db, prep_period(db, sql_outcomes, muni, sc, w), count_row,
			  &c.outcomes);

	if (e == ERR_OK)
		e = each(db, prep_period(db, sql_closed, muni, sc, w), closed_row, &c);
	out->outcomes = c.outcomes.v;
	out->noutcomes = c.outcomes.n;
	return e;
}

static enum err read_promises(struct db *db, const char *muni,
			      const struct fig_scope *sc,
			      const struct fig_window *w, struct fig_raw *out)
{
	struct db_stmt *st = prep(db, sql_promises[scope_of(sc)], muni, w->from_day,
				  w->to_day, sc);

	db_bind_text(st, 5, w->today);
	return each(db, st, promise_row, out);
}

enum err store_figures_read(struct db *db, struct arena *ar,
			    const char *muni, const struct fig_scope *sc,
			    const struct fig_window *w, struct fig_raw *out)
{
	struct sig_ctx c = {.out = out, .w = w};
	int64_t span[2] = {1, 0};
	enum err e = ERR_OK;

	if (scope_of(sc) == S_N)
		return ERR_INVALID;
	out->months = arena_alloc(ar, (w->nmonths + 1) * sizeof(*out->months));
	memset(out->months, 0, (w->nmonths + 1) * sizeof(*out->months));
	if (scope_of(sc) == S_ORG || scope_of(sc) == S_THEME)
		e = store_signal_id_span(db, w->from_ts, w->to_ts, &span[0],
					 &span[1]);
	if (e == ERR_OK)
		e = read_signals(db, ar, muni, sc, w, span, out);
	if (e == ERR_OK)
		e = read_closed(db, ar, muni, sc, w, out);
	if (e == ERR_OK)
		e = read_reach(db, muni, sc, w, span, out);
	if (e == ERR_OK)
		e = each(db, prep_period(db, sql_grades, muni, sc, w), grade_row, out);
	if (e == ERR_OK)
		e = each(db, prep_period(db, sql_grade_hours, muni, sc, w),
			 grade_hour_row, &c);
	if (e == ERR_OK)
		e = read_promises(db, muni, sc, w, out);
	if (e == ERR_OK)
		e = read_counts(db, ar, prep_period(db, sql_levels, muni, sc, w),
				&out->levels, &out->nlevels);
	if (e == ERR_OK)
		e = read_child_grades(db, muni, sc, w, out);
	return e;
}

/* --- areas and themes ---------------------------------------------------------- */

static void area_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct fig_area *a = row;

	a->code = db_col_dup(ar, st, 0);
	a->name = db_col_dup(ar, st, 1);
	a->level = db_col_dup(ar, st, 2);
	a->parent_code = db_col_dup(ar, st, 3);
	a->population = db_col_null(st, 4) ? -1 : db_col_int(st, 4);
}

enum err store_figures_areas(struct db *db, struct arena *ar,
			     const char *municipality, struct fig_area **out,
			     size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_areas);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, municipality);
	e = db_list(db, st, ar, sizeof(struct fig_area), area_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_figures_theme_known(struct db *db, const char *municipality,
				   const char *topic, bool *known)
{
	struct db_stmt *st = db_prepare(db, sql_theme);
	int64_t v = 0;
	enum err e;

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, topic);
	e = db_get_one(db, st, NULL, db_read_int, &v);
	*known = e == ERR_OK && v;
	return e;
}

/* --- the cache ----------------------------------------------------------------- */

static const char sql_cache_get[] =
	"SELECT body, computed_at, read_at FROM figures_cache WHERE municipality = $1"
	" AND scope_kind = $2 AND scope_code = $3 AND period_from = $4"
	" AND period_to = $5 AND computed_at >= $6";
static const char sql_cache_put[] =
	"INSERT INTO figures_cache (municipality, scope_kind, scope_code,"
	" period_from, period_to, computed_at, body, read_at) VALUES ($1, $2, $3,"
	" $4, $5, $6, $7, $8) ON CONFLICT (municipality, scope_kind, scope_code,"
	" period_from, period_to) DO UPDATE SET computed_at = excluded.computed_at,"
	" body = excluded.body,"
	" read_at = COALESCE(excluded.read_at, figures_cache.read_at)"
	" WHERE figures_cache.computed_at <= excluded.computed_at";
static const char sql_cache_read[] =
	"UPDATE figures_cache SET read_at = $6 WHERE municipality = $1"
	" AND scope_kind = $2 AND scope_code = $3 AND period_from = $4"
	" AND period_to = $5";
static const char sql_cache_ages[] =
	"SELECT MAX(CASE WHEN period_from = $4 AND period_to = $5 THEN"
	" computed_at END), MAX(read_at) FROM figures_cache"
	" WHERE municipality = $1 AND scope_kind = $2 AND scope_code = $3";
static const char sql_cache_wanted[] =
	"SELECT municipality, scope_kind, scope_code, period_from, period_to"
	" FROM figures_cache WHERE municipality = $1 AND computed_at < $2"
	" AND read_at >= $3 ORDER BY read_at DESC LIMIT $4";
static const char sql_cache_prune[] =
	"DELETE FROM figures_cache WHERE computed_at < $1";

static void bind_key(struct db_stmt *st, const struct fig_key *k)
{
	db_bind_text(st, 1, k->municipality);
	db_bind_text(st, 2, k->kind);
	db_bind_text(st, 3, k->code);
	db_bind_text(st, 4, k->from);
	db_bind_text(st, 5, k->to);
}

struct cache_row {
	char *body, *computed_at, *read_at;
};

static void cache_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct cache_row *r = row;

	r->body = db_col_dup(ar, st, 0);
	r->computed_at = db_col_dup(ar, st, 1);
	r->read_at = db_col_dup(ar, st, 2);
}

enum err store_figures_cache_get(struct db *db, struct arena *ar,
				 const struct fig_key *k, const char *not_before,
				 char **body, char **computed_at, char **read_at)
{
	struct db_stmt *st = db_prepare(db, sql_cache_get);
	struct cache_row r = {0};
	enum err e;

	bind_key(st, k);
	db_bind_text(st, 6, not_before);
	e = db_get_one(db, st, ar, cache_read, &r);
	*body = r.body;
	*computed_at = r.computed_at;
	*read_at = r.read_at;
	return e;
}

enum err store_figures_cache_put(struct db *db, const struct fig_key *k,
				 const char *body, const char *computed_at,
				 const char *read_at)
{
	struct db_stmt *st = db_prepare(db, sql_cache_put);

	bind_key(st, k);
	db_bind_text(st, 6, computed_at);
	db_bind_text(st, 7, body);
	db_bind_text(st, 8, read_at);
	return db_run(db, st, false);
}

enum err store_figures_cache_read(struct db *db, const struct fig_key *k,
				  const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_cache_read);

	bind_key(st, k);
	db_bind_text(st, 6, now);
	return db_run(db, st, false);
}

struct ages_row {
	char *at, *latest;
};

static void ages_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct ages_row *r = row;

	r->at = db_col_dup(ar, st, 0);
	r->latest = db_col_dup(ar, st, 1);
}

enum err store_figures_cache_ages(struct db *db, struct arena *ar,
				  const struct fig_key *k, char **at,
				  char **latest)
{
	struct db_stmt *st = db_prepare(db, sql_cache_ages);
	struct ages_row r = {0};
	enum err e;

	bind_key(st, k);
	e = db_get_one(db, st, ar, ages_read, &r);
	*at = r.at;
	*latest = r.latest;
	return e;
}

static void key_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct fig_key *k = row;

	k->municipality = db_col_dup(ar, st, 0);
	k->kind = db_col_dup(ar, st, 1);
	k->code = db_col_dup(ar, st, 2);
	k->from = db_col_dup(ar, st, 3);
	k->to = db_col_dup(ar, st, 4);
}

enum err store_figures_cache_wanted(struct db *db, struct arena *ar,
				    const char *municipality,
				    const char *stale_before,
				    const char *read_since, int64_t limit,
				    struct fig_key **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_cache_wanted);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, stale_before);
	db_bind_text(st, 3, read_since);
	db_bind_int(st, 4, limit);
	e = db_list(db, st, ar, sizeof(**out), key_read, &rows);
	*out = rows.v;
	*n = e == ERR_OK ? rows.n : 0;
	return e;
}

enum err store_figures_cache_prune(struct db *db, const char *before)
{
	struct db_stmt *st = db_prepare(db, sql_cache_prune);

	db_bind_text(st, 1, before);
	return db_run(db, st, false);
}
