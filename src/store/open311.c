/* open311: see open311.h.
 *
 * Newest first: "created_at DESC, id DESC", the order of the index
 * signals_by_created (migration 019), which the list walks backwards from
 * the window's end and leaves after offset + limit matches; a window that
 * ends in the past starts there, not at the newest signal.
 * "municipality || ''" keeps SQLite off signals_by_area (the list is one
 * municipality's: the walk skips other municipalities' rows, so at
 * national scale a small municipality's list walks further; see
 * bench/RESULTS.md).  One service_code reads signals_by_category
 * (migration 020: municipality, category, created_at, id) instead: the
 * category's rows of the window alone, and on SQLite their columns too
 * (migration 026), so that walk reads no signal's row.  Several codes are
 * one bound text (",a,b,") on the walk by time; the caller passes only
 * codes of known categories.  The list reads what a request shows of
 * each signal (not its text or point) and of its kwesties, promises and
 * timeline (issue 16): the caller reads nothing more per request but who
 * is responsible, which it keeps per category and areas. */
#include "open311.h"

#include <stdlib.h>
#include <string.h>

#include "store/promise.h"
#include "store/timeline.h"

/* What a request shows besides its signal row, read per row by the same
 * statement (one statement for a page of 1,000 instead of four for each
 * request, bench/RESULTS.md, issue 16): when it was closed and its
 * outcome; the title and regisseur of its first kwestie (open ones first,
 * as store_signal_kwesties orders them); the earliest due date of an open
 * promise on it or one of its kwesties (store_promise_signal_due); its
 * newest timeline entry, its own or one of its kwesties'
 * (store_timeline_signal's last).  The first kwestie and the newest entry
 * are kept (migrations 025 and 027: the signal's first_kwestie, own_entry
 * and kwestie_count, its kwestie's last_entry, by triggers): looking them
 * up was half a cold page's time at 10M signals.  So are the newest
 * entry's words where it says no more than its kind and values
 * (migration 028): only an entry that says more, or of a signal in
 * several kwesties, is read from the timeline (a random page each, a
 * third of a cold page at 1M signals).  Its actor is then not read: a
 * request does not show it. */
#define O311_REGISSEUR                                                        \
	"(SELECT o.name FROM kwestie_chain c JOIN organisations o ON o.id ="  \
	" c.organisation_id WHERE c.kwestie_id = k.id AND c.role ="            \
	" 'regisseur')"
/* What the list shows of a signal, as store_signal_read reads SIGNAL_COLS
 * (store.h) but for the text and the point, which a request never shows
 * (app/open311.c, fill) and the list so never reads.  These columns and
 * O311_ROW's are all in signals_by_category (migrations 026-028, SQLite). */
#define O311_SIGNAL                                                           \
	"s.id, s.token, s.kind, NULL, NULL, NULL, s.buurt_code, s.wijk_code,"  \
	" s.gebied_code, s.stadsdeel_code, s.category_code, s.status,"        \
	" s.created_at, s.municipality"
#define O311_ROW                                                           \
	"s.id, s.token, s.kind, s.buurt_code, s.wijk_code, s.gebied_code," \
	" s.stadsdeel_code, s.category_code, s.status, s.created_at,"      \
	" s.municipality, s.closed_at, s.outcome, s.first_kwestie,"        \
	" s.kwestie_count, s.own_entry, s.own_at, s.own_kind, s.own_from," \
	" s.own_to"
#define O311_MORE \
	", s.closed_at, s.outcome, k.title, " O311_REGISSEUR ", " PROMISE_SIGNAL_ROW_DUE_SQL("s") ", " TIMELINE_COLS_T ", " TIMELINE_SIGNAL_WORDS_SQL("s", "k")
#define O311_JOINS                                        \
	" LEFT JOIN kwesties k ON k.id = s.first_kwestie" \
	" LEFT JOIN timeline t ON t.id = " TIMELINE_SIGNAL_NEWEST_READ_SQL("s", "k")

/* The page, newest first, around its municipality and category
 * conditions (the texts below differ only there): its ids (sid, sat) for
 * a walk whose index has no more (signals_by_created), or with them the
 * columns of O311_ROW (rows, from signals_by_category alone). */
#define O311_WINDOW(where)                                                    \
	" FROM signals s WHERE " where                                          \
	" AND s.created_at >= $2 AND s.created_at <= $3"                      \
	" AND ($5 = 0 OR ($5 = 1 AND s.closed_at IS NULL)"                    \
	" OR ($5 = 2 AND s.closed_at IS NOT NULL))"                           \
	" AND (s.is_demo = 0 OR $8 = 1)"                                      \
	" ORDER BY s.created_at DESC, s.id DESC LIMIT $6 OFFSET $7"
#define O311_PAGE(where) "SELECT s.id AS sid, s.created_at AS sat" O311_WINDOW(where)
#define O311_ROWS(where)                                                      \
	"SELECT s.id AS sid, s.created_at AS sat, " O311_ROW O311_WINDOW(where)
/* The list statement: the page, then what each row shows.  In the page's
 * order, which store_open311_refs makes sure of (SQLite sorted the whole
 * rows again for an ORDER BY here: a temporary b-tree of some 500 KB). */
#define O311_LIST(where)                                                      \
	"SELECT " O311_SIGNAL O311_MORE " FROM (" O311_PAGE(where) ") x"      \
	" JOIN signals s ON s.id = x.sid" O311_JOINS
#define O311_LIST_ROWS(where)                                                 \
	"SELECT " O311_SIGNAL O311_MORE " FROM (" O311_ROWS(where) ") s"      \
	O311_JOINS
/* The same on PostgreSQL, where each run of a correlated subquery costs
 * its executor start-up: the page (x) is read once; the regisseur is a
 * join (one per kwestie: kwestie_chain_one_regisseur), which as a
 * subquery was a hash join planned again for each row (6 ms of a page of
 * 1,000 at 1M signals); the earliest open promise as in promise.h.  The
 * page of one service code took 33 ms in the database, now 13
 * (bench/RESULTS.md, issue 16).  Its signals_by_category holds no more
 * than the walk's (migration 026): the rows from the table. */
#define O311_JOINS_PG                                            \
	" LEFT JOIN kwesties k ON k.id = s.first_kwestie"        \
	" LEFT JOIN kwestie_chain c ON c.kwestie_id = k.id"      \
	" AND c.role = 'regisseur'"                              \
	" LEFT JOIN organisations o ON o.id = c.organisation_id" \
	" LEFT JOIN timeline t ON t.id = " TIMELINE_SIGNAL_NEWEST_READ_SQL("s", "k")
#define O311_MORE_PG \
	", s.closed_at, s.outcome, k.title, o.name, " PROMISE_SIGNAL_DUE_PG_SQL("s") ", " TIMELINE_COLS_T ", " TIMELINE_SIGNAL_WORDS_SQL("s", "k")
#define O311_LIST_PG(where)                                                         \
	"WITH x AS MATERIALIZED (" O311_PAGE(where) ") SELECT " O311_SIGNAL         \
		O311_MORE_PG " FROM x JOIN signals s ON s.id = x.sid" O311_JOINS_PG \
						    " ORDER BY x.sat DESC, x.sid DESC"
#define O311_CODES " AND ($4 = '' OR $4 LIKE '%,' || s.category_code || ',%')"
#define O311_CODE " AND s.category_code = $4"

static const char sql_tokens[] =
	O311_LIST("s.municipality || '' = $1" O311_CODES);
/* PostgreSQL estimated "municipality || ''" to keep 1 row in 200 and
 * sorted the whole window by a bitmap scan (404 ms on 1M signals);
 * with the plain column it walks signals_by_created backwards and stops
 * after the page (3 ms).  SQLite with the plain column took
 * signals_by_category and sorted. */
static const char sql_tokens_pg[] = O311_LIST_PG("s.municipality = $1" O311_CODES);
/* One category ($4 the code itself). */
static const char sql_tokens_code[] =
	O311_LIST_ROWS("s.municipality = $1" O311_CODE);
static const char sql_tokens_code_pg[] =
	O311_LIST_PG("s.municipality = $1" O311_CODE);

static const char sql_ref[] =
	"SELECT " O311_SIGNAL O311_MORE " FROM signals s" O311_JOINS
	" WHERE s.id = $1 AND s.municipality = $2 AND (s.is_demo = 0 OR $3 = 1)";

static void read_ref(struct arena *ar, struct db_stmt *st, void *row)
{
	struct open311_ref *r = row;

	store_signal_read(ar, st, &r->s);
	r->token = r->s.token;
	r->closed_at = db_col_dup(ar, st, NSIGNAL_COLS);
	r->outcome = db_col_dup(ar, st, NSIGNAL_COLS + 1);
	r->kwestie_title = db_col_dup(ar, st, NSIGNAL_COLS + 2);
	r->regisseur = db_col_dup(ar, st, NSIGNAL_COLS + 3);
	r->due = db_col_dup(ar, st, NSIGNAL_COLS + 4);
	/* the newest entry as read, else its words as kept (028) */
	r->has_last = !db_col_null(st, NSIGNAL_COLS + 5);
	memset(&r->last, 0, sizeof(r->last));
	if (r->has_last)
		store_timeline_read_from(ar, st, NSIGNAL_COLS + 5, &r->last);
	else
		r->has_last = store_timeline_words_from(
			ar, st, NSIGNAL_COLS + 17, r->s.id, &r->last);
}

/* Newest first: created_at, then id, both descending (the page's order);
 * the rows usually come in that order already (one pass then). */
static int newer_first(const void *a, const void *b)
{
	const struct open311_ref *x = a, *y = b;
	int c = strcmp(y->s.created_at ? y->s.created_at : "",
		       x->s.created_at ? x->s.created_at : "");

	return c ? c : (y->s.id > x->s.id) - (y->s.id < x->s.id);
}

static void newest_first(struct open311_ref *r, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (newer_first(&r[i - 1], &r[i]) > 0) {
			qsort(r, n, sizeof(*r), newer_first);
			return;
		}
}

enum err store_open311_refs(struct db *db, struct arena *ar,
			    const struct open311_query *q,
			    struct open311_ref **out, size_t *n)
{
	const char *codes = q->codes ? q->codes : "";
	size_t len = strlen(codes);
	/* ",a," holds one code: no comma between its first and last */
	bool one = len > 2 && !memchr(codes + 1, ',', len - 2);
	bool pg = db_dialect(db) == DB_POSTGRES;
	struct db_stmt *st = db_prepare(
		db, one ? (pg ? sql_tokens_code_pg : sql_tokens_code)
			: (pg ? sql_tokens_pg : sql_tokens));
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, q->municipality);
	db_bind_text(st, 2, q->from);
	db_bind_text(st, 3, q->to);
	if (one)
		db_bind_text(st, 4, arena_strndup(ar, codes + 1, len - 2));
	else
		db_bind_text(st, 4, codes);
	db_bind_int(st, 5, (int64_t)q->status);
	db_bind_int(st, 6, q->limit);
	db_bind_int(st, 7, q->offset);
	db_bind_int(st, 8, q->demo ? 1 : 0);
	e = db_list(db, st, ar, sizeof(**out), read_ref, &rows);
	*out = rows.v;
	*n = e == ERR_OK ? rows.n : 0;
	if (*n > 1)
		newest_first(*out, *n);
	return e;
}

enum err store_open311_ref(struct db *db, struct arena *ar,
			   const char *municipality, bool demo, int64_t id,
			   struct open311_ref *out)
{
	struct db_stmt *st = db_prepare(db, sql_ref);

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, municipality);
	db_bind_int(st, 3, demo ? 1 : 0);
	return db_get_one(db, st, ar, read_ref, out);
}
