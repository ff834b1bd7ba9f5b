/* areas: municipalities and the area hierarchy in the database.  The
 * lookup index (geo/areaidx) is built from here at startup. */
#include "store.h"

#include <stdio.h>
#include <string.h>

static const char sql_muni_put[] =
	"INSERT INTO municipalities (code, name) VALUES ($1, $2)"
	" ON CONFLICT (code) DO UPDATE SET name = excluded.name";
/* A municipality starts with the default routing rule (migration 011):
 * its signals go to its own gemeente and stadsdeel organisations of the
 * area until the beheerder says otherwise.  Only while it has no rule at
 * all: the beheerder cannot delete the last rule that covers everything
 * (app/routing.c), so this adds it exactly once. */
static const char sql_muni_routing[] =
	"INSERT INTO routing_rules (municipality, position, created_at)"
	" SELECT $1, 1, $2 WHERE NOT EXISTS"
	" (SELECT 1 FROM routing_rules WHERE municipality = $1)";
static const char sql_muni_has[] =
	"SELECT 1 FROM municipalities WHERE code = $1";
static const char sql_muni_name[] =
	"SELECT name FROM municipalities WHERE code = $1";
static const char sql_area_put[] =
	"INSERT INTO areas (municipality, code, level, name, parent_code, geometry)"
	" VALUES ($1, $2, $3, $4, $5, $6)"
	" ON CONFLICT (municipality, code) DO UPDATE SET level = excluded.level,"
	" name = excluded.name, parent_code = excluded.parent_code,"
	" geometry = excluded.geometry";
static const char sql_area_each[] =
	"SELECT code, level, name, parent_code,"
	" CASE WHEN level = 'buurt' THEN geometry END"
	" FROM areas WHERE municipality = $1";
static const char sql_area_list[] =
	"SELECT code, name, level, parent_code FROM areas"
	" WHERE municipality = $1 AND level = $2 ORDER BY name, code";
static const char sql_area_children[] =
	"SELECT code, name, level, parent_code FROM areas"
	" WHERE municipality = $1 AND parent_code = $2 ORDER BY name, code";
static const char sql_area_children_geo[] =
	"SELECT code, name, level, parent_code, geometry FROM areas"
	" WHERE municipality = $1 AND parent_code = $2 ORDER BY code";
static const char sql_area_get[] =
	"SELECT code, name, level, parent_code,"
	" CASE WHEN $3 = 1 THEN geometry END"
	" FROM areas WHERE municipality = $1 AND code = $2";

enum err store_municipality_put(struct db *db, const char *code,
				const char *name)
{
	struct db_stmt *st = db_prepare(db, sql_muni_put);
	enum err e = ERR_OK;
	char now[32];

	db_bind_text(st, 1, code);
	db_bind_text(st, 2, name);
	if (db_step(st) != DB_DONE)
		e = db_error(db, st);
	db_done(st);
	if (e != ERR_OK)
		return e;
	st = db_prepare(db, sql_muni_routing);
	store_now(now, sizeof(now));
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, now);
	return db_run(db, st, false);
}

bool store_has_municipality(struct db *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, sql_muni_has);
	bool has;

	db_bind_text(st, 1, code);
	has = db_step(st) == DB_ROW;
	db_done(st);
	return has;
}

enum err store_municipality_name(struct db *db, const char *code, char *out,
				 size_t outlen)
{
	struct db_stmt *st = db_prepare(db, sql_muni_name);
	enum db_step r;
	enum err e = ERR_OK;

	db_bind_text(st, 1, code);
	r = db_step(st);
	if (r == DB_ROW)
		snprintf(out, outlen, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
	else
		e = r == DB_DONE ? ERR_NOT_FOUND : db_error(db, st);
	db_done(st);
	return e;
}

enum err store_area_put(struct db *db, const char *municipality,
			const struct area_rec *a)
{
	struct db_stmt *st = db_prepare(db, sql_area_put);
	enum err e = ERR_OK;

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, a->code);
	db_bind_text(st, 3, area_level_name(a->level));
	db_bind_text(st, 4, a->name);
	db_bind_text(st, 5, a->parent_code);
	db_bind_text(st, 6, a->geojson);
	if (db_step(st) != DB_DONE)
		e = db_error(db, st);
	db_done(st);
	return e;
}

enum err store_areas_each(struct db *db, const char *municipality,
			  void (*fn)(void *ctx, const struct area_rec *a),
			  void *ctx)
{
	struct db_stmt *st = db_prepare(db, sql_area_each);
	enum db_step r;

	db_bind_text(st, 1, municipality);
	while ((r = db_step(st)) == DB_ROW) {
		struct area_rec a;

		memset(&a, 0, sizeof(a));
		a.code = (char *)db_col_text(st, 0);
		if (area_level_parse(db_col_text(st, 1), &a.level) != 0)
			continue;
		a.name = (char *)db_col_text(st, 2);
		a.parent_code = (char *)db_col_text(st, 3);
		a.geojson = (char *)db_col_text(st, 4);
		fn(ctx, &a);
	}
	db_done(st);
	return r == DB_DONE ? ERR_OK : db_error(db, st);
}

/* The first four columns of sql_area_list and sql_area_get. */
static void area_row_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct area_row *r = row;

	memset(r, 0, sizeof(*r));
	r->code = db_col_dup(ar, st, 0);
	r->name = db_col_dup(ar, st, 1);
	r->level = db_col_dup(ar, st, 2);
	r->parent_code = db_col_dup(ar, st, 3);
}

enum err store_area_list(struct db *db, struct arena *ar,
			 const char *municipality, const char *level,
			 struct area_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_area_list);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, level);
	e = db_list(db, st, ar, sizeof(**out), area_row_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_area_children(struct db *db, struct arena *ar,
			     const char *municipality, const char *code,
			     struct area_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_area_children);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, code);
	e = db_list(db, st, ar, sizeof(**out), area_row_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

/* The row and its geometry (column 4, NULL unless asked for). */
static void area_geo_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct area_row *r = row;

	area_row_read(ar, st, r);
	r->geometry = db_col_dup(ar, st, 4);
}

enum err store_area_children_geo(struct db *db, struct arena *ar,
				 const char *municipality, const char *code,
				 struct area_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_area_children_geo);
	struct db_rows rows;
	enum err e;

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, code);
	e = db_list(db, st, ar, sizeof(**out), area_geo_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_area_get(struct db *db, struct arena *ar,
			const char *municipality, const char *code,
			bool with_geometry, struct area_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_area_get);

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, code);
	db_bind_int(st, 3, with_geometry ? 1 : 0);
	return db_get_one(db, st, ar, area_geo_read, out);
}
