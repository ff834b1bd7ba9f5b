/* categories: the category catalogue (Signalen's tree by default). */
#include "store.h"

#include <string.h>

static const char sql_cat_put[] =
	"INSERT INTO categories (municipality, code, parent_code, name,"
	" is_active, position) VALUES ($1, $2, $3, $4, $5, $6)"
	" ON CONFLICT (municipality, code) DO UPDATE SET"
	" parent_code = excluded.parent_code, name = excluded.name,"
	" is_active = excluded.is_active, position = excluded.position";
/* Main categories first, then subs grouped under their main. */
static const char sql_cat_list[] =
	"SELECT code, parent_code, name FROM categories"
	" WHERE municipality = $1 AND is_active = 1"
	" ORDER BY COALESCE(parent_code, code), parent_code IS NOT NULL,"
	" position, name";

enum err store_category_put(struct db *db, const char *municipality,
			    const char *code, const char *parent_code,
			    const char *name, bool active, int position)
{
	struct db_stmt *st = db_prepare(db, sql_cat_put);
	enum err e = ERR_OK;

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, parent_code);
	db_bind_text(st, 4, name);
	db_bind_int(st, 5, active ? 1 : 0);
	db_bind_int(st, 6, position);
	if (db_step(st) != DB_DONE)
		e = db_error(db, st);
	db_done(st);
	return e;
}

static void category_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct category_row *c = row;

	c->code = db_col_dup(ar, st, 0);
	c->parent_code = db_col_dup(ar, st, 1);
	c->name = db_col_dup(ar, st, 2);
}

enum err store_category_list(struct db *db, struct arena *ar,
			     const char *municipality,
			     struct category_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_cat_list);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, municipality);
	e = db_list(db, st, ar, sizeof(**out), category_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

static const char sql_cat_norm_set[] =
	"UPDATE categories SET norm_workdays = $3"
	" WHERE municipality = $1 AND code = $2";

enum err store_category_set_norm(struct db *db, const char *municipality,
				 const char *code, int workdays)
{
	struct db_stmt *st = db_prepare(db, sql_cat_norm_set);

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, code);
	if (workdays < 0)
		db_bind_null(st, 3);
	else
		db_bind_int(st, 3, workdays);
	return db_run(db, st, true);
}

/* The category's own norm, else its main category's. */
static const char sql_cat_norm[] =
	"SELECT COALESCE(c.norm_workdays, p.norm_workdays) FROM categories c"
	" LEFT JOIN categories p ON p.municipality = c.municipality"
	" AND p.code = c.parent_code"
	" WHERE c.municipality = $1 AND c.code = $2";

enum err store_category_norm(struct db *db, const char *municipality,
			     const char *code, int *workdays)
{
	struct db_stmt *st = db_prepare(db, sql_cat_norm);
	enum err e = ERR_OK;

	*workdays = -1;
	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, code);
	switch (db_step(st)) {
	case DB_ROW:
		if (!db_col_null(st, 0))
			*workdays = (int)db_col_int(st, 0);
		break;
	case DB_DONE:
		e = ERR_NOT_FOUND;
		break;
	default:
		e = db_error(db, st);
	}
	db_done(st);
	return e;
}
