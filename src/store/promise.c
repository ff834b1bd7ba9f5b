/* promise: see promise.h. */
#include "promise.h"

#include <inttypes.h>
#include <stdbool.h>

#include "base/buf.h"

static const char sql_insert[] =
	"INSERT INTO promises (municipality, kwestie_id, signal_id,"
	" organisation_id, what, made_on, due, workdays, category_code,"
	" replaces, created_at, updated_at)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)"
	" RETURNING id";

enum err store_promise_insert(struct db *db, const struct promise_new *p,
			      int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_insert);

	db_bind_text(st, 1, p->municipality);
	db_bind_id(st, 2, p->kwestie_id);
	db_bind_id(st, 3, p->signal_id);
	db_bind_int(st, 4, p->organisation_id);
	db_bind_text(st, 5, p->what);
	db_bind_text(st, 6, p->made_on);
	db_bind_text(st, 7, p->due);
	db_bind_id(st, 8, p->workdays);
	db_bind_text(st, 9, p->category_code);
	db_bind_id(st, 10, p->replaces);
	db_bind_text(st, 11, p->now);
	return db_run_returning(db, st, id);
}

#define PROMISE_COLS                                                           \
	"p.id, p.kwestie_id, p.signal_id, p.organisation_id, p.replaces,"      \
	" p.version, o.name, p.what, p.made_on, p.due, p.status, p.done_on,"   \
	" p.explanation, p.category_code, p.created_at, p.updated_at,"         \
	" p.workdays, p.municipality FROM promises p JOIN organisations o"     \
	" ON o.id = p.organisation_id"

static const char sql_get[] = "SELECT " PROMISE_COLS " WHERE p.id = $1";
static const char sql_kwestie[] =
	"SELECT " PROMISE_COLS " WHERE p.kwestie_id = $1 ORDER BY p.id LIMIT $2";
static const char sql_signal[] =
	"SELECT " PROMISE_COLS " WHERE p.signal_id = $1 ORDER BY p.id LIMIT $2";
static const char sql_record[] =
	"SELECT " PROMISE_COLS " WHERE p.organisation_id = $1"
	" AND p.status IN ('gehaald', 'niet_gehaald')"
	" AND (CAST($2 AS TEXT) IS NULL OR p.category_code = $2)"
	" ORDER BY p.id DESC LIMIT $3";

static void row_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct promise_row *r = row;

	r->id = db_col_int(st, 0);
	r->kwestie_id = db_col_id(st, 1);
	r->signal_id = db_col_id(st, 2);
	r->organisation_id = db_col_int(st, 3);
	r->replaces = db_col_id(st, 4);
	r->version = db_col_int(st, 5);
	r->organisation = db_col_dup(ar, st, 6);
	r->what = db_col_dup(ar, st, 7);
	r->made_on = db_col_dup(ar, st, 8);
	r->due = db_col_dup(ar, st, 9);
	r->status = db_col_dup(ar, st, 10);
	r->done_on = db_col_dup(ar, st, 11);
	r->explanation = db_col_dup(ar, st, 12);
	r->category_code = db_col_dup(ar, st, 13);
	r->created_at = db_col_dup(ar, st, 14);
	r->updated_at = db_col_dup(ar, st, 15);
	r->workdays = db_col_id(st, 16);
	r->municipality = db_col_dup(ar, st, 17);
}

enum err store_promise_get(struct db *db, struct arena *ar, int64_t id,
			   struct promise_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_get);

	db_bind_int(st, 1, id);
	return db_get_one(db, st, ar, row_read, out);
}

static enum err list(struct db *db, struct arena *ar, struct db_stmt *st,
		     struct promise_row **out, size_t *n)
{
	struct db_rows rows;
	enum err e = db_list(db, st, ar, sizeof(**out), row_read, &rows);

	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_promises_kwestie(struct db *db, struct arena *ar, int64_t id,
				struct promise_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_kwestie);

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, PROMISE_LIST_MAX);
	return list(db, ar, st, out, n);
}

enum err store_promises_signal(struct db *db, struct arena *ar, int64_t id,
			       struct promise_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_signal);

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, PROMISE_LIST_MAX);
	return list(db, ar, st, out, n);
}

static const char sql_close[] =
	"UPDATE promises SET status = $3, done_on = $4, explanation = $5,"
	" updated_at = $6, version = version + 1"
	" WHERE id = $1 AND version = $2 AND status = 'open'";

enum err store_promise_close(struct db *db, int64_t id, int64_t version,
			     const char *status, const char *done_on,
			     const char *explanation, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_close);
	enum err e;

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, version);
	db_bind_text(st, 3, status);
	db_bind_text(st, 4, done_on);
	db_bind_text(st, 5, explanation);
	db_bind_text(st, 6, now);
	e = db_run(db, st, true);
	return e == ERR_NOT_FOUND ? ERR_CONFLICT : e;
}

enum err store_promises_record(struct db *db, struct arena *ar, int64_t org,
			       const char *category, struct promise_row **out,
			       size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_record);

	db_bind_int(st, 1, org);
	db_bind_text(st, 2, category);
	db_bind_int(st, 3, PROMISE_RECORD_MAX);
	return list(db, ar, st, out, n);
}

static const char sql_signal_expected[] =
	"SELECT " PROMISE_SIGNAL_DUE_SQL("$1");

enum err store_promise_signal_due(struct db *db, struct arena *ar,
				  int64_t signal_id, char **due)
{
	struct db_stmt *st = db_prepare(db, sql_signal_expected);
	enum err e = ERR_OK;

	*due = NULL;
	db_bind_int(st, 1, signal_id);
	if (db_step(st) == DB_ROW)
		*due = db_col_dup(ar, st, 0);
	else
		e = db_error(db, st);
	db_done(st);
	return e;
}

static const char sql_responsible[] =
	"SELECT o.id, o.name FROM organisations o WHERE o.id IN"
	" (SELECT organisation_id FROM signal_responsible WHERE signal_id = $1)"
	" ORDER BY o.name LIMIT $2";

static void org_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct promise_org *o = row;

	o->id = db_col_int(st, 0);
	o->name = db_col_dup(ar, st, 1);
}

enum err store_signal_responsible(struct db *db, struct arena *ar,
				  int64_t signal_id, struct promise_org **out,
				  size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_responsible);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, signal_id);
	db_bind_int(st, 2, STORE_RESPONSIBLE_PER_SIGNAL);
	e = db_list(db, st, ar, sizeof(**out), org_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

/* The ids as one bound text: a JSON array for SQLite's json_each, an
 * array literal for PostgreSQL (the same digits between other
 * brackets).  Constant statement texts, whatever the number of ids.
 * Each backend its own form: SQLite materialised the whole view for
 * "signal_id IN (ids)" (3 minutes at 10M signals) and reads it per id
 * as sql_responsible does (ms); PostgreSQL would run that correlated
 * form for every pair of id and organisation, and filters the view by
 * the array itself. */
static const char sql_responsible_many[] =
	"SELECT j.value, o.id, o.name FROM json_each($1) j JOIN organisations"
	" o ON o.id IN (SELECT organisation_id FROM signal_responsible WHERE"
	" signal_id = j.value) ORDER BY j.value, o.name";
static const char sql_responsible_many_pg[] =
	"SELECT DISTINCT r.signal_id, o.id, o.name FROM signal_responsible r"
	" JOIN organisations o ON o.id = r.organisation_id WHERE r.signal_id ="
	" ANY (CAST($1 AS bigint[])) ORDER BY r.signal_id, o.name";

/* PostgreSQL planned the read above with two parallel workers, whose
 * start-up made it 55-60 ms instead of 13 (1M signals, 300 ids): within
 * the caller's transaction it runs without (set_config's local form ends
 * with the transaction). */
static const char sql_serial_pg[] =
	"SELECT set_config('max_parallel_workers_per_gather', '0', true)";

static void signal_org_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct signal_org *o = row;

	o->signal_id = db_col_int(st, 0);
	o->org.id = db_col_int(st, 1);
	o->org.name = db_col_dup(ar, st, 2);
}

enum err store_signals_responsible(struct db *db, struct arena *ar,
				   const int64_t *ids, size_t n,
				   struct signal_org **out, size_t *nout)
{
	bool pg = db_dialect(db) == DB_POSTGRES;
	struct db_stmt *st;
	struct db_rows rows;
	struct buf b;
	size_t kept = 0;
	enum err e;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return ERR_OK;
	if (n > STORE_RESPONSIBLE_MAX)
		return ERR_INVALID;
	buf_init(&b, 24 * n + 8);
	buf_addc(&b, pg ? '{' : '[');
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%" PRId64, i ? "," : "", ids[i]);
	buf_addc(&b, pg ? '}' : ']');
	if (pg) {
		st = db_prepare(db, sql_serial_pg);
		if (db_step(st) != DB_ROW) {
			e = db_error(db, st);
			db_done(st);
			buf_release(&b);
			return e;
		}
		db_done(st);
	}
	st = db_prepare(db, pg ? sql_responsible_many_pg : sql_responsible_many);
	db_bind_text(st, 1, buf_str(&b));
	e = db_list(db, st, ar, sizeof(**out), signal_org_read, &rows);
	buf_release(&b);
	if (e != ERR_OK)
		return e;
	/* at most STORE_RESPONSIBLE_PER_SIGNAL per signal, as
	 * store_signal_responsible's LIMIT */
	*out = rows.v;
	for (size_t i = 0, run = 0; i < rows.n; i++) {
		int64_t sig = (*out)[i].signal_id;

		run = kept && (*out)[kept - 1].signal_id == sig ? run + 1 : 0;
		if (run < STORE_RESPONSIBLE_PER_SIGNAL)
			(*out)[kept++] = (*out)[i];
	}
	*nout = kept;
	return ERR_OK;
}
