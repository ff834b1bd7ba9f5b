/* closing_days: see closing_days.h. */
#include "closing_days.h"

static const char sql_list[] =
	"SELECT day, reason, created_at FROM organisation_closing_days"
	" WHERE organisation_id = $1 AND day >= $2 AND day <= $3 ORDER BY day";
static const char sql_count[] =
	"SELECT count(*) FROM organisation_closing_days"
	" WHERE organisation_id = $1 AND day >= $2 AND day <= $3";
static const char sql_get[] =
	"SELECT day, reason, created_at FROM organisation_closing_days"
	" WHERE organisation_id = $1 AND day = $2";
static const char sql_add[] =
	"INSERT INTO organisation_closing_days (organisation_id, day, reason,"
	" created_at) VALUES ($1, $2, $3, $4)";
static const char sql_remove[] =
	"DELETE FROM organisation_closing_days"
	" WHERE organisation_id = $1 AND day = $2";

static void row_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct closing_day_row *r = row;

	r->day = db_col_dup(ar, st, 0);
	r->reason = db_col_dup(ar, st, 1);
	r->created_at = db_col_dup(ar, st, 2);
}

enum err store_closing_days_list(struct db *db, struct arena *ar,
				 int64_t org_id, const char *from,
				 const char *to, struct closing_day_row **rows,
				 size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_list);
	struct db_rows r;
	enum err e;

	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	e = db_list(db, st, ar, sizeof(**rows), row_read, &r);
	*rows = r.v;
	*n = e == ERR_OK ? r.n : 0;
	return e;
}

enum err store_closing_days_dates(struct db *db, struct arena *ar,
				  int64_t org_id, const char *from,
				  const char *to, struct cal_date **days,
				  size_t *n)
{
	struct closing_day_row *rows;
	size_t nrows, k = 0;
	enum err e;

	*days = NULL;
	*n = 0;
	e = store_closing_days_list(db, ar, org_id, from, to, &rows, &nrows);
	if (e != ERR_OK || !nrows)
		return e;
	*days = arena_alloc(ar, nrows * sizeof(**days));
	/* Every stored day was parsed before it was written; one that
	 * does not parse is left out rather than failing every promise. */
	for (size_t i = 0; i < nrows; i++)
		if (cal_date_parse(rows[i].day, &(*days)[k]))
			k++;
	*n = k;
	return ERR_OK;
}

enum err store_closing_days_count(struct db *db, int64_t org_id,
				  const char *from, const char *to,
				  int64_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_count);

	*n = 0;
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	return db_get_one(db, st, NULL, db_read_int, n);
}

enum err store_closing_day_get(struct db *db, struct arena *ar, int64_t org_id,
			       const char *day, struct closing_day_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_get);

	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, day);
	return db_get_one(db, st, ar, row_read, out);
}

enum err store_closing_day_add(struct db *db, int64_t org_id, const char *day,
			       const char *reason, const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_add);

	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, day);
	db_bind_text(st, 3, reason);
	db_bind_text(st, 4, now);
	return db_run(db, st, false); /* ERR_CONFLICT: the key is taken */
}

enum err store_closing_day_remove(struct db *db, int64_t org_id,
				  const char *day)
{
	struct db_stmt *st = db_prepare(db, sql_remove);

	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, day);
	return db_run(db, st, true);
}
