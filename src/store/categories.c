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
