/* socialmap_taxonomy: taxonomies and their terms (doelgroep, thema and
 * any imported vocabulary) for store/socialmap.h.  Taxonomies are shared
 * by every municipality of an installation, like their HSDS ids. */
#include "socialmap.h"

#include <string.h>

#include "hsds_orgs.h"
#include "store.h"

static const char sql_tax_insert[] =
	"INSERT INTO taxonomies (uuid, name, description, uri, version)"
	" VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char sql_tax_update[] =
	"UPDATE taxonomies SET uuid = $1, name = $2, description = $3,"
	" uri = $4, version = $5 WHERE id = $6";
static const char sql_tax_by_uuid[] =
	"SELECT id, uuid, name, description, uri, version FROM taxonomies"
	" WHERE uuid = $1";
static const char sql_tax_get[] =
	"SELECT id, uuid, name, description, uri, version FROM taxonomies"
	" WHERE id = $1";
static const char sql_tax_all[] =
	"SELECT id, uuid, name, description, uri, version FROM taxonomies"
	" ORDER BY name, id";

static const char sql_term_insert[] =
	"INSERT INTO taxonomy_terms (uuid, taxonomy_id, code, name,"
	" description, parent_uuid, hsds_extra) VALUES ($1, $2, $3, $4, $5,"
	" $6, $7) RETURNING id";
static const char sql_term_update[] =
	"UPDATE taxonomy_terms SET uuid = $1, taxonomy_id = $2, code = $3,"
	" name = $4, description = $5, parent_uuid = $6, hsds_extra = $7"
	" WHERE id = $8";
#define TERM_COLS                                                         \
	"t.id, t.taxonomy_id, t.uuid, t.code, t.name, t.description,"     \
	" t.parent_uuid, t.hsds_extra, x.name"
static const char sql_term_by_uuid[] =
	"SELECT " TERM_COLS " FROM taxonomy_terms t"
	" LEFT JOIN taxonomies x ON x.id = t.taxonomy_id WHERE t.uuid = $1";
static const char sql_term_get[] =
	"SELECT " TERM_COLS " FROM taxonomy_terms t"
	" LEFT JOIN taxonomies x ON x.id = t.taxonomy_id WHERE t.id = $1";
static const char sql_terms_all[] =
	"SELECT " TERM_COLS " FROM taxonomy_terms t"
	" LEFT JOIN taxonomies x ON x.id = t.taxonomy_id"
	" WHERE $1 = 0 OR t.taxonomy_id = $1 ORDER BY t.name, t.id";
static const char sql_service_terms[] =
	"SELECT " TERM_COLS " FROM service_terms st"
	" JOIN taxonomy_terms t ON t.id = st.term_id"
	" LEFT JOIN taxonomies x ON x.id = t.taxonomy_id"
	" WHERE st.service_id = $1 ORDER BY t.name, t.id";

/* --- taxonomies ------------------------------------------------------ */

/* Insert (id 0; t->id is set) or update by id.  ERR_CONFLICT on a
 * duplicate uuid. */
enum err store_taxonomy_put(struct db *db, struct taxonomy_row *t)
{
	struct db_stmt *st =
		db_prepare(db, t->id ? sql_tax_update : sql_tax_insert);

	db_bind_text(st, 1, t->uuid);
	db_bind_text(st, 2, t->name);
	db_bind_text(st, 3, t->description ? t->description : "");
	db_bind_text(st, 4, t->uri);
	db_bind_text(st, 5, t->version);
	if (!t->id)
		return db_run_returning(db, st, &t->id);
	db_bind_int(st, 6, t->id);
	return db_run(db, st, true);
}

void store_taxonomy_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct taxonomy_row *t = row;

	memset(t, 0, sizeof(*t));
	t->id = db_col_int(st, 0);
	t->uuid = db_col_dup(ar, st, 1);
	t->name = db_col_dup(ar, st, 2);
	t->description = db_col_dup(ar, st, 3);
	t->uri = db_col_dup(ar, st, 4);
	t->version = db_col_dup(ar, st, 5);
}

enum err store_taxonomy_by_uuid(struct db *db, struct arena *ar,
				const char *uuid, struct taxonomy_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_tax_by_uuid);

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, uuid);
	return db_get_one(db, st, ar, store_taxonomy_read, out);
}

enum err store_hsds_taxonomy_get(struct db *db, struct arena *ar, int64_t id,
				 struct taxonomy_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_tax_get);

	memset(out, 0, sizeof(*out));
	db_bind_int(st, 1, id);
	return db_get_one(db, st, ar, store_taxonomy_read, out);
}

enum err store_taxonomies(struct db *db, struct arena *ar,
			  struct taxonomy_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_tax_all);
	struct db_rows rows;
	enum err e;

	e = db_list(db, st, ar, sizeof(**out), store_taxonomy_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}

/* --- terms ----------------------------------------------------------- */

/* Insert (id 0; t->id is set) or update by id; taxonomy_id 0 is none.
 * ERR_CONFLICT on a duplicate uuid or an unknown taxonomy. */
enum err store_term_put(struct db *db, struct term_row *t)
{
	struct db_stmt *st =
		db_prepare(db, t->id ? sql_term_update : sql_term_insert);

	db_bind_text(st, 1, t->uuid);
	if (t->taxonomy_id)
		db_bind_int(st, 2, t->taxonomy_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, t->code);
	db_bind_text(st, 4, t->name);
	db_bind_text(st, 5, t->description ? t->description : "");
	db_bind_text(st, 6, t->parent_uuid);
	db_bind_text(st, 7, t->hsds_extra ? t->hsds_extra : "{}");
	if (!t->id)
		return db_run_returning(db, st, &t->id);
	db_bind_int(st, 8, t->id);
	return db_run(db, st, true);
}

void store_term_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct term_row *t = row;

	memset(t, 0, sizeof(*t));
	t->id = db_col_int(st, 0);
	t->taxonomy_id = db_col_id(st, 1);
	t->uuid = db_col_dup(ar, st, 2);
	t->code = db_col_dup(ar, st, 3);
	t->name = db_col_dup(ar, st, 4);
	t->description = db_col_dup(ar, st, 5);
	t->parent_uuid = db_col_dup(ar, st, 6);
	t->hsds_extra = db_col_dup(ar, st, 7);
	t->taxonomy_name = db_col_dup(ar, st, 8);
}

enum err store_term_by_uuid(struct db *db, struct arena *ar, const char *uuid,
			    struct term_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_term_by_uuid);

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, uuid);
	return db_get_one(db, st, ar, store_term_read, out);
}

enum err store_hsds_term_get(struct db *db, struct arena *ar, int64_t id,
			     struct term_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_term_get);

	memset(out, 0, sizeof(*out));
	db_bind_int(st, 1, id);
	return db_get_one(db, st, ar, store_term_read, out);
}

static enum err terms_list(struct db *db, struct arena *ar, struct db_stmt *st,
			   struct term_row **out, size_t *n)
{
	struct db_rows rows;
	enum err e = db_list(db, st, ar, sizeof(**out), store_term_read, &rows);

	*out = rows.v;
	*n = rows.n;
	return e;
}

enum err store_terms(struct db *db, struct arena *ar, int64_t taxonomy_id,
		     struct term_row **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_terms_all);

	db_bind_int(st, 1, taxonomy_id);
	return terms_list(db, ar, st, out, n);
}

enum err store_hsds_service_terms(struct db *db, struct arena *ar,
				  int64_t service_id, struct term_row **out,
				  size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_service_terms);

	db_bind_int(st, 1, service_id);
	return terms_list(db, ar, st, out, n);
}
