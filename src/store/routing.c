/* routing: the storage of routing rules and the dry run (see routing.h). */
#include "routing.h"

#include <string.h>

#include "store/store.h"

#define RULE_COLS                                                           \
	"SELECT r.id, r.municipality, r.category_code, r.area_code,"        \
	" r.organisation_id, o.name, o.kind, r.position, r.note,"          \
	" r.created_at FROM routing_rules r"                               \
	" LEFT JOIN organisations o ON o.id = r.organisation_id"

static const char sql_list[] =
	RULE_COLS " WHERE r.municipality = $1 ORDER BY r.position, r.id";
static const char sql_get[] =
	RULE_COLS " WHERE r.municipality = $1 AND r.id = $2";
static const char sql_insert[] =
	"INSERT INTO routing_rules (municipality, category_code, area_code,"
	" organisation_id, position, note, created_at)"
	" SELECT $1, $2, $3, $4, COALESCE(MAX(position), 0) + 1, $5, $6"
	" FROM routing_rules WHERE municipality = $1 RETURNING id";
static const char sql_delete[] =
	"DELETE FROM routing_rules WHERE municipality = $1 AND id = $2";
static const char sql_covering[] =
	"SELECT COUNT(*) FROM routing_rules WHERE municipality = $1"
	" AND category_code IS NULL AND area_code IS NULL";

/* The dry run: the two halves of the view signal_routing (migration 011)
 * with the report's category and chain as parameters instead of a
 * signal's columns: $1 municipality, $2 category, $3..$6 buurt, wijk,
 * gebied, stadsdeel. */
#define DRY_MATCH                                                           \
	" AND (r.category_code IS NULL OR r.category_code = CAST($2 AS TEXT)" \
	" OR substr(CAST($2 AS TEXT), 1, length(r.category_code) + 1)"      \
	" = r.category_code || '/')"                                        \
	" AND (r.area_code IS NULL OR r.area_code IN (CAST($3 AS TEXT),"    \
	" CAST($4 AS TEXT), CAST($5 AS TEXT), CAST($6 AS TEXT), $1))"
#define DRY_WORKS_IN                                                        \
	" FROM organisation_areas oa WHERE oa.organisation_id = o.id"       \
	" AND oa.area_code IN (CAST($3 AS TEXT), CAST($4 AS TEXT),"         \
	" CAST($5 AS TEXT), CAST($6 AS TEXT), $1)"
static const char sql_dry_run[] =
	"SELECT o.id, o.name, o.kind, r.id, r.category_code, r.area_code,"
	" 0, NULL FROM routing_rules r"
	" JOIN organisations o ON o.id = r.organisation_id"
	" AND o.municipality = r.municipality"
	" WHERE r.municipality = $1" DRY_MATCH
	" UNION ALL"
	" SELECT o.id, o.name, o.kind, r.id, r.category_code, r.area_code,"
	" 1, (SELECT MIN(oa.area_code)" DRY_WORKS_IN ")"
	" FROM routing_rules r"
	" JOIN organisations o ON o.municipality = r.municipality"
	" AND o.kind IN ('gemeente', 'stadsdeel')"
	" WHERE r.municipality = $1 AND r.organisation_id IS NULL" DRY_MATCH
	" AND EXISTS (SELECT 1" DRY_WORKS_IN ")"
	" ORDER BY 2, 1, 4";

static void rule_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct routing_rule_row *r = row;

	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	r->municipality = db_col_dup(ar, st, 1);
	r->category_code = db_col_dup(ar, st, 2);
	r->area_code = db_col_dup(ar, st, 3);
	r->organisation_id = db_col_id(st, 4);
	r->org_name = db_col_dup(ar, st, 5);
	r->org_kind = db_col_dup(ar, st, 6);
	r->position = db_col_int(st, 7);
	r->note = db_col_dup(ar, st, 8);
	r->created_at = db_col_dup(ar, st, 9);
}

enum err store_routing_list(struct db *db, struct arena *ar,
			    const char *municipality,
			    struct routing_rule_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_list);
	struct db_rows got;
	enum err e;

	db_bind_text(st, 1, municipality);
	e = db_list(db, st, ar, sizeof(**out), rule_read, &got);
	*out = got.v;
	*n = e == ERR_OK ? got.n : 0;
	return e;
}

enum err store_routing_get(struct db *db, struct arena *ar,
			   const char *municipality, int64_t id,
			   struct routing_rule_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_get);

	db_bind_text(st, 1, municipality);
	db_bind_int(st, 2, id);
	return db_get_one(db, st, ar, rule_read, out);
}

enum err store_routing_add(struct db *db, const struct routing_rule_row *r,
			   int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_insert);
	char now[32];

	store_now(now, sizeof(now));
	db_bind_text(st, 1, r->municipality);
	db_bind_text(st, 2, r->category_code);
	db_bind_text(st, 3, r->area_code);
	db_bind_id(st, 4, r->organisation_id);
	db_bind_text(st, 5, r->note ? r->note : "");
	db_bind_text(st, 6, now);
	return db_run_returning(db, st, id);
}

enum err store_routing_delete(struct db *db, const char *municipality,
			      int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql_delete);

	db_bind_text(st, 1, municipality);
	db_bind_int(st, 2, id);
	return db_run(db, st, true);
}

static const char sql_version[] = "SELECT n FROM routing_version WHERE id = 1";

enum err store_routing_version(struct db *db, int64_t *n)
{
	*n = 0;
	return db_get_one(db, db_prepare(db, sql_version), NULL, db_read_int, n);
}

/* The window's signals by signals_by_created, and their rows (the newest
 * lie together at the table's end), grouped in a temporary b-tree.
 * SQLite chose the covering signals_by_category and walked all of it:
 * 2.7 s at 10M signals instead of 1.5 (39,886 keys in 90 days). */
#define SQL_KEYS(from)                                                       \
	"SELECT max(id), municipality, category_code, buurt_code, wijk_code," \
	" gebied_code, stadsdeel_code FROM " from " WHERE created_at >= $1"  \
	" GROUP BY municipality, category_code, buurt_code, wijk_code,"      \
	" gebied_code, stadsdeel_code ORDER BY 1 DESC LIMIT $2"
static const char sql_keys[] = SQL_KEYS("signals INDEXED BY signals_by_created");
static const char sql_keys_pg[] = SQL_KEYS("signals");

static void key_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct signal_row *s = row;

	memset(s, 0, sizeof(*s));
	s->id = db_col_int(st, 0);
	s->municipality = db_col_dup(ar, st, 1);
	s->category_code = db_col_dup(ar, st, 2);
	s->buurt_code = db_col_dup(ar, st, 3);
	s->wijk_code = db_col_dup(ar, st, 4);
	s->gebied_code = db_col_dup(ar, st, 5);
	s->stadsdeel_code = db_col_dup(ar, st, 6);
}

enum err store_routing_keys(struct db *db, struct arena *ar, const char *since,
			    size_t limit, struct signal_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, db_dialect(db) == DB_POSTGRES
						    ? sql_keys_pg
						    : sql_keys);
	struct db_rows got = {0};
	enum err e;

	db_bind_text(st, 1, since);
	db_bind_int(st, 2, (int64_t)limit);
	e = db_list(db, st, ar, sizeof(**out), key_read, &got);
	*out = got.v;
	*n = e == ERR_OK ? got.n : 0;
	return e;
}

enum err store_routing_covering(struct db *db, const char *municipality,
				size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_covering);
	int64_t count = 0;
	enum err e;

	db_bind_text(st, 1, municipality);
	e = db_get_one(db, st, NULL, db_read_int, &count);
	*n = e == ERR_OK && count > 0 ? (size_t)count : 0;
	return e;
}

static void hit_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct routing_hit_row *h = row;

	memset(h, 0, sizeof(*h));
	h->organisation_id = db_col_int(st, 0);
	h->org_name = db_col_dup(ar, st, 1);
	h->org_kind = db_col_dup(ar, st, 2);
	h->rule_id = db_col_int(st, 3);
	h->category_code = db_col_dup(ar, st, 4);
	h->area_code = db_col_dup(ar, st, 5);
	h->is_default = db_col_int(st, 6) != 0;
	h->via_area = db_col_dup(ar, st, 7);
}

enum err store_routing_dry_run(struct db *db, struct arena *ar,
			       const char *municipality, const char *category,
			       const char *const codes[4],
			       struct routing_hit_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_dry_run);
	struct db_rows got;
	enum err e;

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, category);
	for (int i = 0; i < 4; i++)
		db_bind_text(st, 3 + i, codes[i]);
	e = db_list(db, st, ar, sizeof(**out), hit_read, &got);
	*out = got.v;
	*n = e == ERR_OK ? got.n : 0;
	return e;
}
