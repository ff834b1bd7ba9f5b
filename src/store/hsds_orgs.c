/* hsds_orgs: the HSDS columns of organisations and the paged listings of
 * the /hsds API (store/hsds_orgs.h).
 *
 * Filters are written as "($n = 0 OR ...)" so that one statement serves
 * every combination; every parameter of a statement is used, since
 * PostgreSQL cannot type a parameter that a statement skips.  The search
 * variants join the FTS5 table and are sqlite-only. */
#include "hsds_orgs.h"

#include "domain/organisation.h"

#include <string.h>

#include "store.h"
#include "socialmap_search.h"

/* A limit that means "all" on both backends (PostgreSQL refuses -1). */
#define ALL_ROWS ((int64_t)1 << 40)

#define ORG_COLS                                                            \
	"o.id, o.municipality, o.uuid, o.name, o.kind, o.kvk, o.description," \
	" o.website, o.email, o.confirmed_at, o.hsds_extra, o.is_demo,"     \
	" o.created_at, o.updated_at"

static const char sql_org_get[] =
	"SELECT " ORG_COLS " FROM organisations o WHERE o.id = $1";
static const char sql_org_by_uuid[] =
	"SELECT " ORG_COLS " FROM organisations o"
	" WHERE o.municipality = $1 AND o.uuid = $2";
/* By name as compared: case and Unicode form aside (name_key). */
static const char sql_org_by_name[] =
	"SELECT " ORG_COLS " FROM organisations o"
	" WHERE o.municipality = $1 AND o.name_key = $2";
static const char sql_org_put[] =
	"UPDATE organisations SET uuid = $2, description = $3, website = $4,"
	" email = $5, confirmed_at = $6, hsds_extra = $7, updated_at = $8"
	" WHERE id = $1";
static const char sql_org_no_uuid[] =
	"SELECT id FROM organisations WHERE municipality = $1"
	" AND uuid IS NULL ORDER BY id";
static const char sql_org_list[] =
	"SELECT " ORG_COLS " FROM organisations o WHERE o.municipality = $1"
	" AND ($2 = '' OR lower(o.name) LIKE $2 ESCAPE '\\')"
	" ORDER BY o.name, o.id LIMIT $3 OFFSET $4";
static const char sql_org_count[] =
	"SELECT COUNT(*) FROM organisations o WHERE o.municipality = $1"
	" AND ($2 = '' OR lower(o.name) LIKE $2 ESCAPE '\\')";

#define SVC_WHERE                                                           \
	"s.municipality = $1"                                               \
	" AND ($2 = 0 OR EXISTS (SELECT 1 FROM service_terms st"            \
	" WHERE st.service_id = s.id AND st.term_id = $2))"                 \
	" AND ($3 = 0 OR EXISTS (SELECT 1 FROM service_terms st"            \
	" JOIN taxonomy_terms t ON t.id = st.term_id"                       \
	" WHERE st.service_id = s.id AND t.taxonomy_id = $3))"              \
	" AND ($4 = 0 OR s.organisation_id = $4)"                           \
	" AND ($5 = '' OR s.updated_at >= $5)"
static const char sql_svc_list[] =
	"SELECT " STORE_SERVICE_COLS " FROM services s"
	" JOIN organisations o ON o.id = s.organisation_id WHERE " SVC_WHERE
	" ORDER BY s.name, s.id LIMIT $6 OFFSET $7";
static const char sql_svc_count[] =
	"SELECT COUNT(*) FROM services s WHERE " SVC_WHERE;
/* sqlite-only: FTS5 with its bm25 rank. */
static const char sql_svc_search[] =
	"SELECT " STORE_SERVICE_COLS " FROM services_fts f"
	" JOIN services s ON s.id = f.rowid"
	" JOIN organisations o ON o.id = s.organisation_id"
	" WHERE services_fts MATCH $6 AND " SVC_WHERE
	" ORDER BY f.rank, s.id LIMIT $7 OFFSET $8";
static const char sql_svc_search_count[] =
	"SELECT COUNT(*) FROM services_fts f JOIN services s ON s.id = f.rowid"
	" WHERE services_fts MATCH $6 AND " SVC_WHERE;
/* PostgreSQL: the tsvector column services.search, $6 a tsquery from
 * store_fts_tsquery (the same quoted words), ranked by ts_rank_cd with the
 * weights of socialmap_search.c (most relevant first, as f.rank). */
static const char sql_svc_search_pg[] =
	"SELECT " STORE_SERVICE_COLS " FROM services s"
	" JOIN organisations o ON o.id = s.organisation_id"
	" WHERE s.search @@ to_tsquery('dutch', $6) AND " SVC_WHERE
	" ORDER BY ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', s.search,"
	" to_tsquery('dutch', $6)) DESC, s.id LIMIT $7 OFFSET $8";
static const char sql_svc_search_count_pg[] =
	"SELECT COUNT(*) FROM services s"
	" WHERE s.search @@ to_tsquery('dutch', $6) AND " SVC_WHERE;
static const char sql_svc_areas[] =
	"SELECT area_code FROM service_areas WHERE service_id = $1"
	" ORDER BY area_code";
static const char sql_svc_of_org[] =
	"SELECT id FROM services WHERE organisation_id = $1 ORDER BY id";

static const char sql_tax_list[] =
	"SELECT id, uuid, name, description, uri, version FROM taxonomies"
	" WHERE ($1 = '' OR lower(name) LIKE $1 ESCAPE '\\')"
	" ORDER BY name, id LIMIT $2 OFFSET $3";
static const char sql_tax_count[] =
	"SELECT COUNT(*) FROM taxonomies"
	" WHERE ($1 = '' OR lower(name) LIKE $1 ESCAPE '\\')";

#define TERM_WHERE                                                          \
	"($1 = 0 OR t.taxonomy_id = $1)"                                    \
	" AND ($2 = '' OR t.parent_uuid = $2)"                              \
	" AND ($3 = 0 OR t.parent_uuid IS NULL)"                            \
	" AND ($4 = '' OR lower(t.name) LIKE $4 ESCAPE '\\')"
static const char sql_term_list[] =
	"SELECT t.id, t.taxonomy_id, t.uuid, t.code, t.name, t.description,"
	" t.parent_uuid, t.hsds_extra, x.name FROM taxonomy_terms t"
	" LEFT JOIN taxonomies x ON x.id = t.taxonomy_id WHERE " TERM_WHERE
	" ORDER BY t.name, t.id LIMIT $5 OFFSET $6";
static const char sql_term_count[] =
	"SELECT COUNT(*) FROM taxonomy_terms t WHERE " TERM_WHERE;

static enum err count_rows(struct db *db, struct db_stmt *st, int64_t *total)
{
	return db_get_one(db, st, NULL, db_read_int, total);
}

static int64_t limit_of(int64_t limit)
{
	return limit > 0 ? limit : ALL_ROWS;
}

/* --- organisations --------------------------------------------------- */

static void org_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct hsds_org_row *o = row;

	memset(o, 0, sizeof(*o));
	o->id = db_col_int(st, 0);
	o->municipality = db_col_dup(ar, st, 1);
	o->uuid = db_col_dup(ar, st, 2);
	o->name = db_col_dup(ar, st, 3);
	o->kind = db_col_dup(ar, st, 4);
	o->kvk = db_col_dup(ar, st, 5);
	o->description = db_col_dup(ar, st, 6);
	o->website = db_col_dup(ar, st, 7);
	o->email = db_col_dup(ar, st, 8);
	o->confirmed_at = db_col_dup(ar, st, 9);
	o->hsds_extra = db_col_dup(ar, st, 10);
	o->is_demo = db_col_int(st, 11) != 0;
	o->created_at = db_col_dup(ar, st, 12);
	o->updated_at = db_col_dup(ar, st, 13);
}

static enum err org_one(struct db *db, struct arena *ar, struct db_stmt *st,
			struct hsds_org_row *out)
{
	memset(out, 0, sizeof(*out));
	return db_get_one(db, st, ar, org_read, out);
}

enum err store_hsds_org_get(struct db *db, struct arena *ar, int64_t id,
			    struct hsds_org_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_org_get);

	db_bind_int(st, 1, id);
	return org_one(db, ar, st, out);
}

enum err store_hsds_org_by_uuid(struct db *db, struct arena *ar,
				const char *municipality, const char *uuid,
				struct hsds_org_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_org_by_uuid);

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, uuid);
	return org_one(db, ar, st, out);
}

enum err store_hsds_org_by_name(struct db *db, struct arena *ar,
				const char *municipality, const char *name,
				struct hsds_org_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_org_by_name);

	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, org_name_key(ar, name));
	return org_one(db, ar, st, out);
}

enum err store_hsds_org_put(struct db *db, const struct hsds_org_row *o)
{
	struct db_stmt *st = db_prepare(db, sql_org_put);
	char now[32];

	store_now(now, sizeof(now));
	db_bind_int(st, 1, o->id);
	db_bind_text(st, 2, o->uuid);
	db_bind_text(st, 3, o->description ? o->description : "");
	db_bind_text(st, 4, o->website);
	db_bind_text(st, 5, o->email);
	db_bind_text(st, 6, o->confirmed_at);
	db_bind_text(st, 7, o->hsds_extra ? o->hsds_extra : "{}");
	db_bind_text(st, 8, now);
	return db_run(db, st, true);
}

static enum err ids_list(struct db *db, struct arena *ar, struct db_stmt *st,
			 int64_t **ids, size_t *n)
{
	struct db_rows got;
	enum err e;

	*ids = NULL;
	*n = 0;
	e = db_list(db, st, ar, sizeof(**ids), db_read_int, &got);
	*ids = got.v;
	*n = got.n;
	return e;
}

enum err store_hsds_orgs_without_uuid(struct db *db, struct arena *ar,
				      const char *municipality, int64_t **ids,
				      size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_org_no_uuid);

	db_bind_text(st, 1, municipality);
	return ids_list(db, ar, st, ids, n);
}

enum err store_hsds_org_list(struct db *db, struct arena *ar,
			     const char *municipality, const char *name_like,
			     int64_t offset, int64_t limit,
			     struct hsds_org_row **out, size_t *n,
			     int64_t *total)
{
	struct db_rows got;
	struct db_stmt *st = db_prepare(db, sql_org_count);
	enum err e;

	*out = NULL;
	*n = 0;
	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, name_like ? name_like : "");
	if ((e = count_rows(db, st, total)) != ERR_OK)
		return e;
	st = db_prepare(db, sql_org_list);
	db_bind_text(st, 1, municipality);
	db_bind_text(st, 2, name_like ? name_like : "");
	db_bind_int(st, 3, limit_of(limit));
	db_bind_int(st, 4, offset);
	e = db_list(db, st, ar, sizeof(**out), org_read, &got);
	*out = got.v;
	*n = got.n;
	return e;
}

/* --- services -------------------------------------------------------- */

/* match: f->fts_match, or its tsquery on PostgreSQL. */
static void bind_filter(struct db_stmt *st, const struct hsds_service_filter *f,
			const char *match)
{
	db_bind_text(st, 1, f->municipality);
	db_bind_int(st, 2, f->term_id);
	db_bind_int(st, 3, f->taxonomy_id);
	db_bind_int(st, 4, f->organisation_id);
	db_bind_text(st, 5, f->modified_after ? f->modified_after : "");
	if (match)
		db_bind_text(st, 6, match);
}

enum err store_hsds_service_list(struct db *db, struct arena *ar,
				 const struct hsds_service_filter *f,
				 struct service_row **out, size_t *n,
				 int64_t *total)
{
	struct db_rows got;
	bool search = f->fts_match != NULL;
	bool pg = db_dialect(db) == DB_POSTGRES;
	const char *match = pg ? store_fts_tsquery(ar, f->fts_match)
			       : f->fts_match;
	struct db_stmt *st = db_prepare(
		db, !search ? sql_svc_count
			    : pg ? sql_svc_search_count_pg : sql_svc_search_count);
	enum err e;

	*out = NULL;
	*n = 0;
	bind_filter(st, f, match);
	if ((e = count_rows(db, st, total)) != ERR_OK)
		return e;
	st = db_prepare(db, !search ? sql_svc_list
				    : pg ? sql_svc_search_pg : sql_svc_search);
	bind_filter(st, f, match);
	db_bind_int(st, search ? 7 : 6, limit_of(f->limit));
	db_bind_int(st, search ? 8 : 7, f->offset);
	e = db_list(db, st, ar, sizeof(**out), store_service_read, &got);
	*out = got.v;
	*n = got.n;
	return e;
}

enum err store_hsds_service_areas(struct db *db, struct arena *ar,
				  int64_t service_id, char ***codes, size_t *n)
{
	struct db_rows got;
	struct db_stmt *st = db_prepare(db, sql_svc_areas);
	enum err e;

	*codes = NULL;
	*n = 0;
	db_bind_int(st, 1, service_id);
	e = db_list(db, st, ar, sizeof(**codes), db_read_text, &got);
	*codes = got.v;
	*n = got.n;
	return e;
}

enum err store_hsds_reindex_org(struct db *db, int64_t org_id)
{
	struct arena ar;
	int64_t *ids;
	size_t n;
	struct db_stmt *st = db_prepare(db, sql_svc_of_org);
	enum err e;

	arena_init(&ar);
	db_bind_int(st, 1, org_id);
	e = ids_list(db, &ar, st, &ids, &n);
	for (size_t i = 0; i < n && e == ERR_OK; i++)
		e = store_service_reindex(db, ids[i]);
	arena_clear(&ar);
	return e;
}

/* --- taxonomies and terms -------------------------------------------- */

enum err store_hsds_taxonomy_list(struct db *db, struct arena *ar,
				  const char *name_like, int64_t offset,
				  int64_t limit, struct taxonomy_row **out,
				  size_t *n, int64_t *total)
{
	struct db_rows got;
	struct db_stmt *st = db_prepare(db, sql_tax_count);
	enum err e;

	*out = NULL;
	*n = 0;
	db_bind_text(st, 1, name_like ? name_like : "");
	if ((e = count_rows(db, st, total)) != ERR_OK)
		return e;
	st = db_prepare(db, sql_tax_list);
	db_bind_text(st, 1, name_like ? name_like : "");
	db_bind_int(st, 2, limit_of(limit));
	db_bind_int(st, 3, offset);
	e = db_list(db, st, ar, sizeof(**out), store_taxonomy_read, &got);
	*out = got.v;
	*n = got.n;
	return e;
}

static void bind_term_filter(struct db_stmt *st,
			     const struct hsds_term_filter *f)
{
	db_bind_int(st, 1, f->taxonomy_id);
	db_bind_text(st, 2, f->parent_uuid ? f->parent_uuid : "");
	db_bind_int(st, 3, f->top_only ? 1 : 0);
	db_bind_text(st, 4, f->name_like ? f->name_like : "");
}

enum err store_hsds_term_list(struct db *db, struct arena *ar,
			      const struct hsds_term_filter *f,
			      struct term_row **out, size_t *n,
			      int64_t *total)
{
	struct db_rows got;
	struct db_stmt *st = db_prepare(db, sql_term_count);
	enum err e;

	*out = NULL;
	*n = 0;
	bind_term_filter(st, f);
	if ((e = count_rows(db, st, total)) != ERR_OK)
		return e;
	st = db_prepare(db, sql_term_list);
	bind_term_filter(st, f);
	db_bind_int(st, 5, limit_of(f->limit));
	db_bind_int(st, 6, f->offset);
	e = db_list(db, st, ar, sizeof(**out), store_term_read, &got);
	*out = got.v;
	*n = got.n;
	return e;
}
