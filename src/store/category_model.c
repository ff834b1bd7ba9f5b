/* category_model: see category_model.h. */
#include "category_model.h"

#include <string.h>

static const char sql_get[] =
	"SELECT version, trained_at, source, examples, labels, figures, model"
	" FROM category_models WHERE municipality = $1";
static const char sql_head[] =
	"SELECT version, trained_at, source, examples, labels, figures, NULL"
	" FROM category_models WHERE municipality = $1";
static const char sql_version[] =
	"SELECT version FROM category_models WHERE municipality = $1";
static const char sql_put[] =
	"INSERT INTO category_models (municipality, version, trained_at, source,"
	" examples, labels, figures, model) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	" ON CONFLICT (municipality) DO UPDATE SET version = excluded.version,"
	" trained_at = excluded.trained_at, source = excluded.source,"
	" examples = excluded.examples, labels = excluded.labels,"
	" figures = excluded.figures, model = excluded.model";
/* "(category_code || '') IS NOT NULL" is "category_code IS NOT NULL"
 * that keeps SQLite off signals_by_category: without statistics it took
 * that index for "category_code > NULL" and read every signal's row for
 * category_confirmed_at, a whole walk of 10M signals every minute (the
 * suggestion job's count); signals_by_confirmed reads the confirmed
 * ones alone. */
#define CONFIRMED                                                    \
	" WHERE municipality = $1 AND category_confirmed_at IS NOT NULL" \
	" AND (category_code || '') IS NOT NULL"
static const char sql_confirmed[] =
	"SELECT id, body, category_code FROM signals" CONFIRMED
	" ORDER BY id DESC LIMIT $2";
static const char sql_demo[] =
	"SELECT id, body, category_code FROM signals"
	" WHERE municipality = $1 AND is_demo = 1"
	" AND category_code IS NOT NULL ORDER BY id DESC LIMIT $2";
static const char sql_count[] = "SELECT count(*) FROM signals" CONFIRMED;
static const char sql_confirm[] =
	"UPDATE signals SET category_confirmed_at = $2 WHERE id = $1";

static void read_model(struct arena *ar, struct db_stmt *st, void *p)
{
	struct category_model_row *r = p;

	r->version = db_col_int(st, 0);
	r->trained_at = db_col_dup(ar, st, 1);
	r->source = db_col_dup(ar, st, 2);
	r->examples = db_col_int(st, 3);
	r->labels = db_col_int(st, 4);
	r->figures = db_col_dup(ar, st, 5);
	r->model = db_col_dup(ar, st, 6);
}

static enum err model_read(struct db *db, struct arena *ar, const char *sql,
			   const char *municipality,
			   struct category_model_row *out)
{
	struct db_stmt *st = db_prepare(db, sql);

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, municipality);
	return db_get_one(db, st, ar, read_model, out);
}

enum err store_category_model_get(struct db *db, struct arena *ar,
				  const char *municipality,
				  struct category_model_row *out)
{
	return model_read(db, ar, sql_get, municipality, out);
}

enum err store_category_model_head(struct db *db, struct arena *ar,
				   const char *municipality,
				   struct category_model_row *out)
{
	return model_read(db, ar, sql_head, municipality, out);
}

enum err store_category_model_put(struct db *db, const char *municipality,
				  struct category_model_row *row)
{
	struct db_stmt *st = db_prepare(db, sql_version);
	int64_t v = 0;
	enum err e;

	db_bind_text(st, 1, municipality);
	e = db_get_one(db, st, NULL, db_read_int, &v);

	if (e != ERR_OK && e != ERR_NOT_FOUND)
		return e;
	row->version = v + 1;
	st = db_prepare(db, sql_put);
	db_bind_text(st, 1, municipality);
	db_bind_int(st, 2, row->version);
	db_bind_text(st, 3, row->trained_at);
	db_bind_text(st, 4, row->source);
	db_bind_int(st, 5, row->examples);
	db_bind_int(st, 6, row->labels);
	db_bind_text(st, 7, row->figures);
	db_bind_text(st, 8, row->model);
	return db_run(db, st, true);
}

static void read_example(struct arena *ar, struct db_stmt *st, void *p)
{
	struct category_example_row *r = p;

	r->id = db_col_id(st, 0);
	r->body = db_col_dup(ar, st, 1);
	r->category = db_col_dup(ar, st, 2);
}

enum err store_category_examples(struct db *db, struct arena *ar,
				 const char *municipality, bool confirmed,
				 int64_t max, struct db_rows *rows)
{
	struct db_stmt *st = db_prepare(db, confirmed ? sql_confirmed : sql_demo);

	db_bind_text(st, 1, municipality);
	db_bind_int(st, 2, max);
	return db_list(db, st, ar, sizeof(struct category_example_row),
		       read_example, rows);
}

enum err store_category_confirmed_count(struct db *db,
					const char *municipality, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_count);

	*n = 0;
	db_bind_text(st, 1, municipality);
	return db_get_one(db, st, NULL, db_read_int, n);
}

enum err store_signal_confirm_category(struct db *db, int64_t id,
				       const char *now)
{
	struct db_stmt *st = db_prepare(db, sql_confirm);

	db_bind_id(st, 1, id);
	db_bind_text(st, 2, now);
	return db_run(db, st, true);
}
