/* timeline: see timeline.h. */
#include "timeline.h"

#include <string.h>

static const char sql_add[] =
	"INSERT INTO timeline (kwestie_id, signal_id, at, actor, kind,"
	" from_value, to_value, reason, subject, message, promise_id)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

enum err store_timeline_add(struct db *db, const struct timeline_new *t)
{
	struct db_stmt *st = db_prepare(db, sql_add);

	db_bind_id(st, 1, t->kwestie_id);
	db_bind_id(st, 2, t->signal_id);
	db_bind_text(st, 3, t->at);
	db_bind_text(st, 4, t->actor);
	db_bind_text(st, 5, t->kind);
	db_bind_text(st, 6, t->from_value);
	db_bind_text(st, 7, t->to_value);
	db_bind_text(st, 8, t->reason);
	db_bind_text(st, 9, t->subject);
	db_bind_text(st, 10, t->message);
	db_bind_id(st, 11, t->promise_id);
	return db_run(db, st, false);
}

/* The newest TIMELINE_MAX, put back in order by the outer SELECT. */
static const char sql_kwestie[] =
	"SELECT " TIMELINE_COLS " FROM (SELECT " TIMELINE_COLS
	" FROM timeline WHERE kwestie_id = $1 ORDER BY id DESC LIMIT $2) t"
	" ORDER BY id";
/* A signal's own entries and its kwesties' entries, each the newest by
 * its index, then the newest of both.  As one "signal_id = $1 OR
 * kwestie_id IN (...)" PostgreSQL walked timeline's primary key
 * backwards and filtered every row (340-440 ms on 1M signals). */
static const char sql_signal[] =
	"SELECT " TIMELINE_COLS " FROM (SELECT " TIMELINE_COLS " FROM (SELECT "
	TIMELINE_COLS " FROM timeline WHERE signal_id = $1 ORDER BY id DESC"
	" LIMIT $2) a UNION SELECT " TIMELINE_COLS " FROM (SELECT "
	TIMELINE_COLS_T " FROM kwestie_signals ks JOIN timeline t"
	" ON t.kwestie_id = ks.kwestie_id WHERE ks.signal_id = $1"
	" ORDER BY t.id DESC LIMIT $2) b ORDER BY id DESC LIMIT $2) t"
	" ORDER BY id";

void store_timeline_read_from(struct arena *ar, struct db_stmt *st, int col,
			      struct timeline_row *r)
{
	r->id = db_col_int(st, col);
	r->kwestie_id = db_col_id(st, col + 1);
	r->signal_id = db_col_id(st, col + 2);
	r->promise_id = db_col_id(st, col + 3);
	r->at = db_col_dup(ar, st, col + 4);
	r->actor = db_col_dup(ar, st, col + 5);
	r->kind = db_col_dup(ar, st, col + 6);
	r->from_value = db_col_dup(ar, st, col + 7);
	r->to_value = db_col_dup(ar, st, col + 8);
	r->reason = db_col_dup(ar, st, col + 9);
	r->subject = db_col_dup(ar, st, col + 10);
	r->message = db_col_dup(ar, st, col + 11);
}

bool store_timeline_words_from(struct arena *ar, struct db_stmt *st, int col,
			       int64_t signal_id, struct timeline_row *r)
{
	bool own_newest;
	int at;

	memset(r, 0, sizeof(*r));
	if (db_col_int(st, col) > 1)
		return false; /* in several kwesties: the entry was read */
	own_newest = db_col_null(st, col + 7) ||
		     (!db_col_null(st, col + 1) &&
		      db_col_int(st, col + 1) > db_col_int(st, col + 7));
	if (own_newest && !db_col_null(st, col + 1)) {
		r->id = db_col_int(st, col + 1);
		r->signal_id = signal_id;
		at = col + 2;
	} else if (!own_newest) {
		r->id = db_col_int(st, col + 7);
		r->kwestie_id = db_col_int(st, col + 6);
		at = col + 8;
	} else {
		return false; /* no entry at all */
	}
	if (db_col_null(st, at + 1))
		return false; /* it says more: the entry was read */
	r->at = db_col_dup(ar, st, at);
	r->kind = db_col_dup(ar, st, at + 1);
	r->from_value = db_col_dup(ar, st, at + 2);
	r->to_value = db_col_dup(ar, st, at + 3);
	return true;
}

void store_timeline_read(struct arena *ar, struct db_stmt *st, void *row)
{
	store_timeline_read_from(ar, st, 0, row);
}

static enum err list(struct db *db, struct arena *ar, const char *sql,
		     int64_t id, struct timeline_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, TIMELINE_MAX);
	e = db_list(db, st, ar, sizeof(**out), store_timeline_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_timeline_kwestie(struct db *db, struct arena *ar, int64_t id,
				struct timeline_row **out, size_t *n)
{
	return list(db, ar, sql_kwestie, id, out, n);
}

enum err store_timeline_signal(struct db *db, struct arena *ar,
			       int64_t signal_id, struct timeline_row **out,
			       size_t *n)
{
	return list(db, ar, sql_signal, signal_id, out, n);
}
