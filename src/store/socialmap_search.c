/* socialmap_search: see socialmap_search.h.
 *
 * The four search statements (with or without text, with or without an
 * area) are written out rather than made with "($n IS NULL OR ...)", so
 * each can start where it is cheapest: from the full-text index when
 * there is text, from service_areas_by_area when there is only an area.
 * They are glued from the same literal pieces, so they cannot drift
 * apart.  Measured with bench/bench_search.c (10,000 services). */
#include "socialmap_search.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/embedded.h"
#include "geo/areaidx.h"
#include "store/store.h"
#include "text/fts_dutch.h"

/* --- search -------------------------------------------------------- */

#define HIT_COLS                                                              \
	"SELECT s.id, s.organisation_id, s.municipality, s.uuid, s.name,"     \
	" s.description, s.eligibility_description, s.application_process,"  \
	" s.fees_description, s.cost, s.languages, s.opening_hours, s.phone," \
	" s.email, s.url, s.address, s.postal_code, s.city, s.norm_days,"     \
	" s.norm_text, s.confirmed_at, s.status, s.is_demo, o.name,"          \
	" s.reminded_at, s.updated_at"
#define COL_LEVEL 26
#define COL_TOTAL 27

/* The chain's areas by level; area parameters come as $A..$A+4. */
#define LEVELS(a, b, c, d, e)                                                 \
	"WITH lv AS (SELECT sa.service_id, MIN(CASE"                          \
	" WHEN sa.area_code = " a " THEN 0 WHEN sa.area_code = " b " THEN 1"  \
	" WHEN sa.area_code = " c " THEN 2 WHEN sa.area_code = " d " THEN 3"  \
	" WHEN sa.area_code = " e " THEN 4 END) AS level"                     \
	" FROM service_areas sa WHERE sa.municipality = $1"                   \
	" AND sa.area_code IN (" a ", " b ", " c ", " d ", " e ")"            \
	" GROUP BY sa.service_id) "

/* $1 municipality, $2 doelgroep, $3 thema, $4 cost, $5 language; the
 * language is checked to be [a-z]{2,3}, so it holds no LIKE wildcard.
 * CAST: PostgreSQL cannot type a bare "$n IS NULL". */
#define FILTERS                                                               \
	" AND s.municipality = $1"                                            \
	" AND s.status IN ('active', 'temporarily closed')"                  \
	" AND ($2 = 0 OR EXISTS (SELECT 1 FROM service_terms t2"              \
	" WHERE t2.service_id = s.id AND t2.term_id = $2))"                   \
	" AND ($3 = 0 OR EXISTS (SELECT 1 FROM service_terms t3"              \
	" WHERE t3.service_id = s.id AND t3.term_id = $3))"                   \
	" AND (CAST($4 AS TEXT) IS NULL OR s.cost = $4)"                      \
	" AND (CAST($5 AS TEXT) IS NULL"                                      \
	" OR (' ' || s.languages || ' ') LIKE ('% ' || $5 || ' %'))"

/* The text matches with their relevance, as a table of its own (and
 * made once: inlined, SQLite would run the full-text query per service):
 * FTS5 computes bm25() only in a plain scan of services_fts.  Column
 * weights: name, description, eligibility, organisation, terms.
 * sqlite-only. */
#define MATCHES                                                               \
	" m AS MATERIALIZED (SELECT rowid AS id,"                             \
	" ROUND(bm25(services_fts, 10.0, 1.0, 3.0, 2.0, 5.0), 1) AS rank"     \
	" FROM services_fts WHERE services_fts MATCH $8) "
/* PostgreSQL: the tsvector column services.search (name A, terms B,
 * eligibility and organisation C, description D; service.c) and $8 a
 * tsquery from store_fts_tsquery.  ts_rank_cd grows with relevance, bm25
 * falls: negated, so both order ascending; rounded like bm25 above. */
#define MATCHES_PG                                                            \
	" m AS MATERIALIZED (SELECT id, -ROUND(CAST(ts_rank_cd("              \
	"'{0.1, 0.2, 0.4, 1.0}', search, to_tsquery('dutch', $8))"           \
	" AS numeric), 1) AS rank"                                            \
	" FROM services WHERE search @@ to_tsquery('dutch', $8)) "

/* Ranking and paging run on narrow rows (id, level, rank, name, the
 * total); only the page's rows are then read in full. */
#define PAGE_OF(level, rank, from)                                            \
	" page AS MATERIALIZED (SELECT s.id AS id, " level " AS level, "      \
	rank " AS rank, s.name AS name, COUNT(*) OVER () AS total " from      \
	" WHERE 1 = 1" FILTERS                                                \
	" ORDER BY rank, level, name, id LIMIT $6 OFFSET $7) "                \
	HIT_COLS ", page.level, page.total FROM page"                         \
	" JOIN services s ON s.id = page.id"                                  \
	" JOIN organisations o ON o.id = s.organisation_id"                   \
	" ORDER BY page.rank, page.level, page.name, page.id"

/* With text, few services are left to place: their level is looked up
 * per service (the primary key of service_areas), rather than the level
 * of every service in the chain being worked out first. */
#define LEVEL_OF(a, b, c, d, e)                                               \
	"(SELECT MIN(CASE"                                                    \
	" WHEN sa.area_code = " a " THEN 0 WHEN sa.area_code = " b " THEN 1"  \
	" WHEN sa.area_code = " c " THEN 2 WHEN sa.area_code = " d " THEN 3"  \
	" WHEN sa.area_code = " e " THEN 4 END)"                              \
	" FROM service_areas sa WHERE sa.service_id = s.id"                   \
	" AND sa.area_code IN (" a ", " b ", " c ", " d ", " e "))"

#define TEXT_AREA(matches)                                                    \
	"WITH" matches ","                                                    \
	" page AS MATERIALIZED (SELECT id, level, rank, name," \
	" COUNT(*) OVER () AS total FROM (SELECT s.id AS id, " \
	LEVEL_OF("$9", "$10", "$11", "$12", "$13") " AS level," \
	" m.rank AS rank, s.name AS name" \
	" FROM m JOIN services s ON s.id = m.id WHERE 1 = 1" FILTERS ") x" \
	" WHERE level IS NOT NULL" \
	" ORDER BY rank, level, name, id LIMIT $6 OFFSET $7) " \
	HIT_COLS ", page.level, page.total FROM page" \
	" JOIN services s ON s.id = page.id" \
	" JOIN organisations o ON o.id = s.organisation_id" \
	" ORDER BY page.rank, page.level, page.name, page.id"
static const char sql_text_area[] = TEXT_AREA(MATCHES);
static const char sql_text_area_pg[] = TEXT_AREA(MATCHES_PG);
static const char sql_text[] =
	"WITH" MATCHES ","
	PAGE_OF("-1", "m.rank", "FROM m JOIN services s ON s.id = m.id");
static const char sql_text_pg[] =
	"WITH" MATCHES_PG ","
	PAGE_OF("-1", "m.rank", "FROM m JOIN services s ON s.id = m.id");
static const char sql_area[] =
	LEVELS("$8", "$9", "$10", "$11", "$12") ","
	PAGE_OF("lv.level", "0", "FROM services s JOIN lv ON lv.service_id = s.id");
static const char sql_all[] =
	"WITH" PAGE_OF("-1", "0", "FROM services s");

static void hit_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct sk_hit *h = row;
	struct service_row *s = &h->s;

	memset(h, 0, sizeof(*h));
	s->id = db_col_int(st, 0);
	s->organisation_id = db_col_int(st, 1);
	s->municipality = db_col_dup(ar, st, 2);
	s->uuid = db_col_dup(ar, st, 3);
	s->name = db_col_dup(ar, st, 4);
	s->description = db_col_dup(ar, st, 5);
	s->eligibility_description = db_col_dup(ar, st, 6);
	s->application_process = db_col_dup(ar, st, 7);
	s->fees_description = db_col_dup(ar, st, 8);
	s->cost = db_col_dup(ar, st, 9);
	s->languages = db_col_dup(ar, st, 10);
	s->opening_hours = db_col_dup(ar, st, 11);
	s->phone = db_col_dup(ar, st, 12);
	s->email = db_col_dup(ar, st, 13);
	s->url = db_col_dup(ar, st, 14);
	s->address = db_col_dup(ar, st, 15);
	s->postal_code = db_col_dup(ar, st, 16);
	s->city = db_col_dup(ar, st, 17);
	s->norm_days = db_col_null(st, 18) ? -1 : (int)db_col_int(st, 18);
	s->norm_text = db_col_dup(ar, st, 19);
	s->confirmed_at = db_col_dup(ar, st, 20);
	s->status = db_col_dup(ar, st, 21);
	s->is_demo = db_col_int(st, 22) != 0;
	s->organisation_name = db_col_dup(ar, st, 23);
	s->reminded_at = db_col_dup(ar, st, 24);
	s->updated_at = db_col_dup(ar, st, 25);
	h->level = (int)db_col_int(st, COL_LEVEL);
}

static bool lang_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return true;
}

static bool has_chain(const struct sk_search *q)
{
	for (int l = 0; l < AREA_LEVELS; l++)
		if (q->chain[l])
			return true;
	return false;
}

static struct db_stmt *search_stmt(struct db *db, struct arena *ar,
				   const struct sk_search *q)
{
	bool text = q->match && *q->match, area = has_chain(q);
	bool pg = db_dialect(db) == DB_POSTGRES;
	struct db_stmt *st;
	int first_area;

	if (text)
		st = db_prepare(db, area ? (pg ? sql_text_area_pg : sql_text_area)
					 : (pg ? sql_text_pg : sql_text));
	else
		st = db_prepare(db, area ? sql_area : sql_all);
	db_bind_text(st, 1, q->municipality);
	db_bind_int(st, 2, q->doelgroep);
	db_bind_int(st, 3, q->thema);
	db_bind_text(st, 4, q->cost);
	db_bind_text(st, 5, q->lang);
	db_bind_int(st, 6, q->limit);
	db_bind_int(st, 7, q->offset);
	if (text)
		db_bind_text(st, 8, pg ? store_fts_tsquery(ar, q->match) : q->match);
	first_area = text ? 9 : 8;
	if (area)
		for (int l = 0; l < AREA_LEVELS; l++)
			db_bind_text(st, first_area + l, q->chain[l]);
	return st;
}

enum err store_socialmap_search(struct db *db, struct arena *ar,
				const struct sk_search *q, struct sk_hit **out,
				size_t *n, int64_t *total)
{
	struct db_stmt *st;
	size_t cap = 0;
	enum db_step r;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (q->limit < 1 || q->limit > 500 || q->offset < 0 ||
	    (q->lang && !lang_ok(q->lang)))
		return ERR_INVALID;
	st = search_stmt(db, ar, q);
	while ((r = db_step(st)) == DB_ROW) {
		*out = arena_vec_grow(ar, *out, *n, &cap, sizeof(**out));
		hit_read(ar, st, &(*out)[*n]);
		*total = db_col_int(st, COL_TOTAL);
		(*n)++;
	}
	db_done(st);
	return r == DB_DONE ? ERR_OK : db_error(db, st);
}

/* --- who serves an area, per level -------------------------------------- */

static const char sql_serving[] =
	LEVELS("$3", "$4", "$5", "$6", "$7")
	HIT_COLS ", lv.level"
	" FROM services s JOIN lv ON lv.service_id = s.id"
	" JOIN organisations o ON o.id = s.organisation_id"
	" JOIN service_terms st ON st.service_id = s.id AND st.term_id = $2"
	" WHERE s.municipality = $1"
	" AND s.status IN ('active', 'temporarily closed')"
	" ORDER BY s.name, s.id";

/* Add h to its level unless the service is there already. */
static void level_add(struct arena *ar, struct sk_level *lv, size_t *cap,
		      const struct sk_hit *h)
{
	for (size_t i = 0; i < lv->nservices; i++)
		if (lv->services[i].s.id == h->s.id)
			return;
	lv->services = arena_vec_grow(ar, lv->services, lv->nservices, cap,
				      sizeof(*lv->services));
	lv->services[lv->nservices++] = *h;
}

static int hit_by_name(const void *a, const void *b)
{
	const struct sk_hit *x = a, *y = b;
	int c = strcmp(x->s.name, y->s.name);

	return c ? c : (x->s.id > y->s.id) - (x->s.id < y->s.id);
}

static int org_by_name(const void *a, const void *b)
{
	const struct sk_org_ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* The distinct organisations of a level's services. */
static void level_orgs(struct arena *ar, struct sk_level *lv)
{
	size_t cap = 0;

	for (size_t i = 0; i < lv->nservices; i++) {
		const struct service_row *s = &lv->services[i].s;
		bool seen = false;

		for (size_t j = 0; j < lv->norgs && !seen; j++)
			seen = lv->orgs[j].id == s->organisation_id;
		if (seen)
			continue;
		lv->orgs = arena_vec_grow(ar, lv->orgs, lv->norgs, &cap,
					  sizeof(*lv->orgs));
		lv->orgs[lv->norgs++] = (struct sk_org_ref){s->organisation_id,
							    s->organisation_name};
	}
	if (lv->norgs > 1)
		qsort(lv->orgs, lv->norgs, sizeof(*lv->orgs), org_by_name);
}

/* One term's services into the levels (the nearest level of a service
 * is the same for every term, so merging by level keeps it unique). */
static enum err serving_term(struct db *db, struct arena *ar,
			     const char *municipality,
			     const char *const chain[AREA_LEVELS], int64_t term,
			     struct sk_level out[AREA_LEVELS],
			     size_t caps[AREA_LEVELS])
{
	struct db_stmt *st = db_prepare(db, sql_serving);
	enum db_step r;

	db_bind_text(st, 1, municipality);
	db_bind_int(st, 2, term);
	for (int l = 0; l < AREA_LEVELS; l++)
		db_bind_text(st, 3 + l, chain[l]);
	while ((r = db_step(st)) == DB_ROW) {
		struct sk_hit h;

		hit_read(ar, st, &h);
		if (h.level >= 0 && h.level < AREA_LEVELS)
			level_add(ar, &out[h.level], &caps[h.level], &h);
	}
	db_done(st);
	return r == DB_DONE ? ERR_OK : db_error(db, st);
}

enum err store_socialmap_serving_terms(struct db *db, struct arena *ar,
				       const char *municipality,
				       const char *const chain[AREA_LEVELS],
				       const int64_t *terms, size_t nterms,
				       struct sk_level out[AREA_LEVELS])
{
	size_t caps[AREA_LEVELS] = {0};
	enum err e = ERR_OK;

	for (int l = 0; l < AREA_LEVELS; l++) {
		memset(&out[l], 0, sizeof(out[l]));
		out[l].level = (enum area_level)l;
		out[l].area_code = chain[l];
	}
	for (size_t i = 0; i < nterms && e == ERR_OK; i++)
		e = serving_term(db, ar, municipality, chain, terms[i], out, caps);
	for (int l = 0; l < AREA_LEVELS && e == ERR_OK; l++) {
		if (out[l].nservices > 1)
			qsort(out[l].services, out[l].nservices,
			      sizeof(*out[l].services), hit_by_name);
		level_orgs(ar, &out[l]);
	}
	return e;
}

const char *socialmap_terms_json(size_t *len)
{
	const struct embedded_file *f = embedded_find(SK_TERMS_FILE);

	*len = f ? f->len : 0;
	return f ? f->data : NULL;
}

/* Does the mapping entry cover the category: equal, or a parent of it? */
static bool covers(const char *entry, const char *category)
{
	size_t n = strlen(entry);

	return strncmp(entry, category, n) == 0 &&
	       (category[n] == '\0' || category[n] == '/');
}

static bool term_covers(json_t *term, const char *category)
{
	json_t *cats = json_object_get(term, "signaalcategorieen"), *c;
	size_t i;

	json_array_foreach(cats, i, c)
		if (json_is_string(c) && covers(json_string_value(c), category))
			return true;
	return false;
}

int socialmap_category_themes(struct arena *ar, const char *json, size_t len,
			      const char *category, const char **codes,
			      size_t max)
{
	json_t *root = json ? json_loadb(json, len, 0, NULL) : NULL, *tax, *term;
	size_t i, j;
	int n = 0;

	if (!json_is_object(root)) {
		json_decref(root);
		return -1;
	}
	json_array_foreach(json_object_get(root, "taxonomies"), i, tax) {
		const char *id = json_string_value(json_object_get(tax, "id"));

		if (!id || strcmp(id, SK_TAXONOMY_THEMA) != 0)
			continue;
		json_array_foreach(json_object_get(tax, "terms"), j, term) {
			const char *code = json_string_value(json_object_get(term, "code"));

			if (code && (size_t)n < max && term_covers(term, category))
				codes[n++] = arena_strdup(ar, code);
		}
	}
	json_decref(root);
	return n;
}

/* The chain of an area (itself and its ancestors) by level. */
static int chain_of(const struct areaidx *areas, const char *code,
		    const char *chain[AREA_LEVELS])
{
	const struct area_node *a = code ? areaidx_find(areas, code) : NULL;

	for (int l = 0; l < AREA_LEVELS; l++)
		chain[l] = NULL;
	if (!a)
		return -1;
	for (; a; a = a->parent)
		if ((int)a->level >= 0 && a->level < AREA_LEVELS)
			chain[a->level] = a->code;
	return 0;
}

enum err socialmap_serving(struct db *db, struct arena *ar,
			   const struct areaidx *areas, const char *municipality,
			   const char *area_code, const char *theme,
			   const char *category, struct sk_level out[AREA_LEVELS])
{
	const char *chain[AREA_LEVELS], *codes[16];
	int64_t ids[16];
	size_t nids = 0, len;
	int ncodes;
	struct term_row t;
	enum err e;

	if (chain_of(areas, area_code, chain) != 0)
		return ERR_NOT_FOUND;
	if ((theme != NULL) == (category != NULL))
		return ERR_INVALID;
	if (theme) {
		codes[0] = theme;
		ncodes = 1;
	} else {
		const char *json = socialmap_terms_json(&len);

		ncodes = socialmap_category_themes(ar, json, len, category, codes,
						   sizeof(codes) / sizeof(codes[0]));
		if (ncodes < 0)
			return ERR_INTERNAL;
	}
	for (int i = 0; i < ncodes; i++) {
		e = store_socialmap_term(db, ar, SK_TAXONOMY_THEMA, codes[i], &t);
		if (e == ERR_NOT_FOUND && category)
			continue; /* a theme not loaded here */
		if (e != ERR_OK)
			return e;
		ids[nids++] = t.id;
	}
	return store_socialmap_serving_terms(db, ar, municipality, chain, ids,
					     nids, out);
}

/* --- organisations and terms -------------------------------------------- */

static const char sql_org[] =
	"SELECT id, municipality, name, kind, description, website, email,"
	" is_demo FROM organisations WHERE id = $1";
static const char sql_term[] =
	"SELECT t.id, t.taxonomy_id, t.uuid, t.code, t.name, t.description,"
	" t.parent_uuid, x.name FROM taxonomy_terms t"
	" JOIN taxonomies x ON x.id = t.taxonomy_id"
	" WHERE x.uuid = $1 AND t.code = $2 ORDER BY t.id LIMIT 1";
static const char sql_service_terms[] =
	"SELECT t.id, t.taxonomy_id, t.uuid, t.code, t.name, t.description,"
	" t.parent_uuid, x.uuid FROM service_terms st"
	" JOIN taxonomy_terms t ON t.id = st.term_id"
	" LEFT JOIN taxonomies x ON x.id = t.taxonomy_id"
	" WHERE st.service_id = $1 ORDER BY x.name, t.name, t.id";

static void org_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct sk_org *o = row;

	o->id = db_col_int(st, 0);
	o->municipality = db_col_dup(ar, st, 1);
	o->name = db_col_dup(ar, st, 2);
	o->kind = db_col_dup(ar, st, 3);
	o->description = db_col_dup(ar, st, 4);
	o->website = db_col_dup(ar, st, 5);
	o->email = db_col_dup(ar, st, 6);
	o->is_demo = db_col_int(st, 7) != 0;
}

enum err store_socialmap_org(struct db *db, struct arena *ar, int64_t id,
			     struct sk_org *out)
{
	struct db_stmt *st = db_prepare(db, sql_org);

	memset(out, 0, sizeof(*out));
	db_bind_int(st, 1, id);
	return db_get_one(db, st, ar, org_read, out);
}

static void term_read(struct arena *ar, struct db_stmt *st, void *row)
{
	struct term_row *t = row;

	memset(t, 0, sizeof(*t));
	t->id = db_col_int(st, 0);
	t->taxonomy_id = db_col_int(st, 1);
	t->uuid = db_col_dup(ar, st, 2);
	t->code = db_col_dup(ar, st, 3);
	t->name = db_col_dup(ar, st, 4);
	t->description = db_col_dup(ar, st, 5);
	t->parent_uuid = db_col_dup(ar, st, 6);
	t->taxonomy_name = db_col_dup(ar, st, 7);
}

enum err store_socialmap_term(struct db *db, struct arena *ar,
			      const char *taxonomy_uuid, const char *code,
			      struct term_row *out)
{
	struct db_stmt *st = db_prepare(db, sql_term);

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, taxonomy_uuid);
	db_bind_text(st, 2, code);
	return db_get_one(db, st, ar, term_read, out);
}

enum err store_socialmap_service_terms(struct db *db, struct arena *ar,
				       int64_t service_id, struct term_row **out,
				       size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_service_terms);
	struct db_rows rows;
	enum err e;

	db_bind_int(st, 1, service_id);
	e = db_list(db, st, ar, sizeof(**out), term_read, &rows);
	*out = rows.v;
	*n = rows.n;
	return e;
}
