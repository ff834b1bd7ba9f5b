/* import: one HSDS document into the store, all or nothing.
 *
 *   1. scan the raw text (hsds_prescan), parse it with jansson (duplicate
 *      keys refused, line and column on errors);
 *   2. find the records: top-level objects (by shape or the kind option),
 *      Page envelopes, packages, the tabular form; every top-level object
 *      is checked against the HSDS schema (validate.c);
 *   3. collect organizations, services, taxonomies and terms wherever they
 *      nest, merging repeats of the same id (they must agree);
 *   4. in one write transaction: resolve every reference against the
 *      document and the database and check our own rules; only when there
 *      is no problem at all, write and add the audit entry, then commit.
 *
 * What each record maps to is in docs/hsds.md; fields we do not model
 * stay verbatim in hsds_extra (see internal.h for the '$' keys).  The
 * checks are in import_check.c, the writing in import_write.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hsds/import_ctx.h"
#include "store/store.h"

void imp_fail(struct imp *im, const char *path, const char *msg)
{
	hsds_report_add(im->rep, path, "%s", msg);
}

const char *imp_key_path(struct imp *im, const char *path, const char *k)
{
	return hsds_path_key(im->ar, path, k);
}

/* --- collecting ------------------------------------------------------ */

/* Repeats of an id must agree on every field both have; the union is
 * kept.  Nested services of an organization are collected apart. */
static void merge(struct imp *im, struct rec *r, json_t *obj, const char *path)
{
	const char *key;
	json_t *v;

	if (obj == r->obj)
		return;
	json_object_foreach(obj, key, v) {
		json_t *old = json_object_get(r->obj, key);

		if (strcmp(key, "services") == 0)
			continue;
		if (!old)
			json_object_set(r->obj, key, v);
		else if (!json_equal(old, v))
			hsds_report_add(im->rep, imp_key_path(im, path, key),
					"differs from the record with the same "
					"id at %s", r->path);
	}
}

static struct rec *add_rec(struct imp *im, enum rkind k, json_t *obj,
			   const char *path)
{
	struct recs *rs = &im->r[k];
	const char *id = hsds_str(obj, "id");
	json_t *pos;
	struct rec *r;

	if (!id)
		return NULL; /* reported by the schema check */
	if ((pos = json_object_get(rs->index, id))) {
		r = rs->v[json_integer_value(pos)];
		merge(im, r, obj, path);
		return r;
	}
	if (++im->records > HSDS_MAX_RECORDS) {
		if (im->records == HSDS_MAX_RECORDS + 1)
			hsds_report_add(im->rep, path,
					"more than %d records in one document",
					HSDS_MAX_RECORDS);
		return NULL;
	}
	r = arena_alloc(im->ar, sizeof(*r));
	memset(r, 0, sizeof(*r));
	r->obj = obj;
	r->path = path;
	r->id = id;
	r->row.norm_days = -1;
	json_object_set_new(rs->index, id, json_integer((json_int_t)rs->n));
	rs->v = arena_vec_grow(im->ar, rs->v, rs->n, &rs->cap, sizeof(*rs->v));
	rs->v[rs->n++] = r;
	return r;
}

struct rec *imp_find_rec(struct imp *im, enum rkind k, const char *id)
{
	json_t *pos = id ? json_object_get(im->r[k].index, id) : NULL;

	return pos ? im->r[k].v[json_integer_value(pos)] : NULL;
}

static struct rec *collect_org(struct imp *im, json_t *o, const char *path);

static void collect_taxonomy(struct imp *im, json_t *t, const char *path)
{
	add_rec(im, R_TAXONOMY, t, path);
}

static void collect_term(struct imp *im, json_t *t, const char *path)
{
	struct rec *r = add_rec(im, R_TERM, t, path);
	json_t *d = json_object_get(t, "taxonomy_detail");

	if (r && json_is_object(d))
		collect_taxonomy(im, d, imp_key_path(im, path, "taxonomy_detail"));
}

static void collect_service(struct imp *im, json_t *s, const char *path,
			    struct rec *parent)
{
	struct rec *r = add_rec(im, R_SERVICE, s, path), *org = parent;
	json_t *o = json_object_get(s, "organization"), *a;
	const char *ap = imp_key_path(im, path, "attributes");
	size_t i;

	if (!r)
		return;
	if (json_is_object(o))
		org = collect_org(im, o, imp_key_path(im, path, "organization"));
	if (org && r->org && r->org != org)
		imp_fail(im, path, "the service appears under two organizations");
	else if (org)
		r->org = org;
	json_array_foreach(json_object_get(s, "attributes"), i, a) {
		json_t *t = json_object_get(a, "taxonomy_term");

		if (json_is_object(t))
			collect_term(im, t, imp_key_path(im, hsds_path_index(im->ar, ap, i),
						     "taxonomy_term"));
	}
}

static struct rec *collect_org(struct imp *im, json_t *o, const char *path)
{
	struct rec *r = add_rec(im, R_ORG, o, path);
	const char *sp = imp_key_path(im, path, "services");
	json_t *s;
	size_t i;

	if (!r)
		return NULL;
	json_array_foreach(json_object_get(o, "services"), i, s) {
		collect_service(im, s, hsds_path_index(im->ar, sp, i), r);
	}
	return r;
}

/* A service_at_location with its service nested: the service is the
 * record; the rest joins its service_at_locations. */
static void collect_sal(struct imp *im, json_t *sal, const char *path)
{
	json_t *s = json_object_get(sal, "service"), *list, *copy, *x;
	const char *id = hsds_str(sal, "id");
	struct rec *r;
	size_t i;

	if (!json_is_object(s)) {
		imp_fail(im, path, "a service_at_location on its own needs its service "
			       "nested (\"service\": {...})");
		return;
	}
	collect_service(im, s, imp_key_path(im, path, "service"), NULL);
	if (!(r = imp_find_rec(im, R_SERVICE, hsds_str(s, "id"))))
		return;
	list = json_object_get(r->obj, "service_at_locations");
	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(r->obj, "service_at_locations", list);
	}
	json_array_foreach(list, i, x) {
		if (id && hsds_str(x, "id") && strcmp(hsds_str(x, "id"), id) == 0)
			return;
	}
	copy = json_copy(sal);
	json_object_del(copy, "service");
	json_array_append_new(list, copy);
}

static bool has_any(const json_t *o, const char *const *keys)
{
	for (; *keys; keys++)
		if (json_object_get(o, *keys))
			return true;
	return false;
}

/* What a top-level object is, from the fields only one kind has. */
static const char *detect(const json_t *o)
{
	static const char *const org[] = {
		"services", "website", "email", "alternate_name", "legal_status",
		"year_incorporated", "organization_identifiers", "programs",
		"tax_status", "tax_id", "parent_organization_id", "locations",
		"logo", "contacts", "phones", "funding", NULL};
	static const char *const term[] = {"taxonomy_detail", "taxonomy_id",
					   "parent_id", "term_uri", "code",
					   "taxonomy", "language", NULL};

	if (json_object_get(o, "status"))
		return "service";
	if (json_object_get(o, "location_type"))
		return "location";
	if (json_is_object(json_object_get(o, "service")))
		return "service_at_location";
	if (has_any(o, org))
		return "organization";
	if (has_any(o, term))
		return "taxonomy_term";
	if (json_object_get(o, "uri") || json_object_get(o, "version"))
		return "taxonomy";
	return NULL;
}

static bool known_kind(const char *k)
{
	static const char *const ok[] = {"service", "organization", "taxonomy",
					 "taxonomy_term", "service_at_location",
					 NULL};

	for (const char *const *p = ok; *p; p++)
		if (strcmp(*p, k) == 0)
			return true;
	return false;
}

static void collect_top(struct imp *im, json_t *v, const char *path,
			const char *hint)
{
	const char *kind = hint;

	if (!json_is_object(v)) {
		imp_fail(im, path, "must be an HSDS object");
		return;
	}
	if (!kind && !(kind = detect(v))) {
		imp_fail(im, path, "cannot tell which HSDS object this is; name the "
			       "kind (service, organization, taxonomy, "
			       "taxonomy_term, service_at_location)");
		return;
	}
	if (strcmp(kind, "location") == 0) {
		imp_fail(im, path, "a location on its own is not imported: nest it in "
			       "its organization (locations) or in a "
			       "service_at_location of its service");
		return;
	}
	if (!known_kind(kind)) {
		imp_fail(im, path, "unknown kind");
		return;
	}
	if (hsds_validate(kind, v, path, im->rep))
		return;
	if (strcmp(kind, "service") == 0)
		collect_service(im, v, path, NULL);
	else if (strcmp(kind, "organization") == 0)
		collect_org(im, v, path);
	else if (strcmp(kind, "taxonomy") == 0)
		collect_taxonomy(im, v, path);
	else if (strcmp(kind, "taxonomy_term") == 0)
		collect_term(im, v, path);
	else
		collect_sal(im, v, path);
}

/* paths: for the tabular form, the id of each row -> its real path. */
static void collect_array(struct imp *im, json_t *a, const char *path,
			  const char *hint, json_t *paths)
{
	json_t *v;
	size_t i;

	json_array_foreach(a, i, v) {
		json_t *p = paths ? json_object_get(paths, hsds_str(v, "id") ?
						    hsds_str(v, "id") : "") : NULL;

		collect_top(im, v, p ? arena_strdup(im->ar, json_string_value(p))
				     : hsds_path_index(im->ar, path, i), hint);
	}
}

/* {"organizations": [...], "services": [...], ...} */
static void collect_package(struct imp *im, json_t *root, json_t *paths)
{
	static const char *const arrays[][2] = {
		{"organizations", "organization"}, {"services", "service"},
		{"taxonomies", "taxonomy"},	   {"taxonomy_terms", "taxonomy_term"},
		{"service_at_locations", "service_at_location"}};
	static const char *const meta[] = {"version", "profile", "openapi_url",
					   X_WIJKAGENDA, NULL};
	const char *key;
	json_t *v;

	json_object_foreach(root, key, v) {
		const char *path = imp_key_path(im, "$", key), *kind = NULL;
		bool skip = false;

		for (size_t i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++)
			if (strcmp(arrays[i][0], key) == 0)
				kind = arrays[i][1];
		for (const char *const *m = meta; *m && !kind; m++)
			skip = skip || strcmp(*m, key) == 0;
		if (skip)
			continue;
		if (!kind)
			imp_fail(im, path, "is not imported at the top level (nest it in "
				       "the organizations or services it belongs to)");
		else if (!json_is_array(v))
			imp_fail(im, path, "must be an array");
		else
			collect_array(im, v, path, kind, paths);
	}
}

static void collect_root(struct imp *im, json_t *root)
{
	static const char *const pkg[] = {"organizations", "services",
					  "taxonomies", "taxonomy_terms",
					  "service_at_locations", NULL};
	json_t *contents = json_object_get(root, "contents");

	if (json_is_array(root)) {
		collect_array(im, root, "$", im->o->kind, NULL);
	} else if (!json_is_object(root)) {
		imp_fail(im, "$", "must be an HSDS object, an array or a package");
	} else if (json_is_array(contents) && json_object_get(root, "total_items")) {
		collect_array(im, contents, "$.contents", im->o->kind, NULL);
	} else if (hsds_is_tabular(root)) {
		json_t *paths = json_object();
		json_t *nested = hsds_tabular_nest(root, paths, im->rep);

		if (nested) {
			/* it shares the rows: keep it as long as root */
			json_object_set_new(root, "$nested", nested);
			collect_package(im, nested, paths);
		}
		json_decref(paths);
	} else if (!json_object_get(root, "id") &&
		   (has_any(root, pkg) || json_object_get(root, "version"))) {
		collect_package(im, root, NULL);
	} else {
		collect_top(im, root, "$", im->o->kind);
	}
}

/* --- the whole ------------------------------------------------------- */

static json_t *parse(struct imp *im, const char *text, size_t len)
{
	json_error_t jerr;
	json_t *root;
	char msg[300];

	if (hsds_prescan(text, len, im->rep) != 0)
		return NULL;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(msg, sizeof(msg), "invalid JSON at line %d, column %d: %s",
			 jerr.line, jerr.column, jerr.text);
		hsds_report_add(im->rep, "$", "%s", msg);
		if (im->rep->nerrors) {
			im->rep->errors[im->rep->nerrors - 1].line = jerr.line;
			im->rep->errors[im->rep->nerrors - 1].column = jerr.column;
		}
	}
	return root;
}

static void imp_release(struct imp *im)
{
	for (int k = 0; k < R_KINDS; k++)
		json_decref(im->r[k].index);
	json_decref(im->areas);
}

/* One run of the write transaction; db_write may run it again on
 * PostgreSQL.  start is the report as it was before the first run. */
struct imp_run {
	struct imp *im;
	struct hsds_report start;
};

/* Forget what an earlier run worked out: the fields of struct rec that
 * import_check.c and import_write.c fill in (keep this in step with
 * them), the area cache and the report.  What collecting found stays
 * (obj, path, id, org: the checks set org only from the document). */
static void imp_reset(struct imp *im, const struct hsds_report *start)
{
	for (int k = 0; k < R_KINDS; k++)
		for (size_t i = 0; i < im->r[k].n; i++) {
			struct rec *r = im->r[k].v[i];

			r->db_id = 0;
			r->builtin = false;
			r->tax = NULL;
			r->tax_db = 0;
			r->kind = r->kvk = r->old_name = NULL;
			r->areas_given = false;
			memset(&r->row, 0, sizeof(r->row));
			r->row.norm_days = -1;
		}
	json_object_clear(im->areas);
	im->rep->organizations = start->organizations;
	im->rep->services = start->services;
	im->rep->taxonomies = start->taxonomies;
	im->rep->taxonomy_terms = start->taxonomy_terms;
	im->rep->nerrors = start->nerrors;
	im->rep->truncated = start->truncated;
}

static enum err import_tx(struct db *db, void *p)
{
	struct imp_run *run = p;
	struct imp *im = run->im;

	(void)db; /* im->db */
	imp_reset(im, &run->start);
	imp_check_all(im);
	return im->rep->nerrors ? ERR_INVALID : imp_write_all(im);
}

static enum err run_import(struct imp *im, json_t *root)
{
	struct imp_run run = {.im = im};
	enum err e;

	collect_root(im, root);
	if (!im->rep->nerrors && im->records == 0)
		imp_fail(im, "$", "no HSDS records found (organizations, services, "
			      "taxonomies or taxonomy terms)");
	if (im->rep->nerrors)
		return ERR_INVALID;
	run.start = *im->rep;
	e = db_write(im->db, import_tx, &run);
	return e == ERR_CONFLICT ? ERR_INVALID : e;
}

enum err hsds_import(struct db *db, struct arena *ar, const char *text,
		     size_t len, const struct hsds_import_opts *o,
		     struct hsds_report *rep)
{
	struct imp im;
	json_t *root;
	enum err e;

	if (len > HSDS_MAX_BYTES) {
		hsds_report_add(rep, "$", "the document is larger than %zu bytes",
				HSDS_MAX_BYTES);
		return ERR_TOO_LARGE;
	}
	memset(&im, 0, sizeof(im));
	im.db = db;
	im.ar = ar;
	im.o = o;
	im.rep = rep;
	store_now(im.now, sizeof(im.now));
	if (!(root = parse(&im, text, len)))
		return ERR_INVALID;
	for (int k = 0; k < R_KINDS; k++)
		im.r[k].index = json_object();
	im.areas = json_object();
	e = run_import(&im, root);
	imp_release(&im);
	json_decref(root);
	return e;
}
