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
 * stay verbatim in hsds_extra (see internal.h for the '$' keys). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hsds/internal.h"
#include "store/accounts.h"
#include "store/store.h"

enum rkind { R_ORG, R_SERVICE, R_TAXONOMY, R_TERM, R_KINDS };

struct rec {
	json_t *obj;	  /* in the document; merged repeats add keys */
	const char *path; /* where it was first seen */
	const char *id;
	struct rec *org;  /* service: the organization it nests in or holds */
	int64_t db_id;	  /* existing row (0: new), then the written one */
	bool builtin;	  /* one of our taxonomies or terms: not written */
	struct rec *tax;  /* term: its taxonomy in the document */
	int64_t tax_db;	  /* term: its taxonomy's row */
	/* organization */
	char *kind, *kvk, *old_name;
	bool areas_given; /* x_wijkagenda.areas, even [] */
	/* service */
	struct service_row row;
};

struct recs {
	struct rec **v;
	size_t n, cap;
	json_t *index; /* id -> position */
};

struct imp {
	struct db *db;
	struct arena *ar;
	const struct hsds_import_opts *o;
	struct hsds_report *rep;
	struct recs r[R_KINDS];
	size_t records;
	json_t *areas; /* area code -> true/false, looked up once */
	char now[32];
};

static void fail(struct imp *im, const char *path, const char *msg)
{
	hsds_report_add(im->rep, path, "%s", msg);
}

static const char *key_path(struct imp *im, const char *path, const char *k)
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
			hsds_report_add(im->rep, key_path(im, path, key),
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

static struct rec *find_rec(struct imp *im, enum rkind k, const char *id)
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
		collect_taxonomy(im, d, key_path(im, path, "taxonomy_detail"));
}

static void collect_service(struct imp *im, json_t *s, const char *path,
			    struct rec *parent)
{
	struct rec *r = add_rec(im, R_SERVICE, s, path), *org = parent;
	json_t *o = json_object_get(s, "organization"), *a;
	const char *ap = key_path(im, path, "attributes");
	size_t i;

	if (!r)
		return;
	if (json_is_object(o))
		org = collect_org(im, o, key_path(im, path, "organization"));
	if (org && r->org && r->org != org)
		fail(im, path, "the service appears under two organizations");
	else if (org)
		r->org = org;
	json_array_foreach(json_object_get(s, "attributes"), i, a) {
		json_t *t = json_object_get(a, "taxonomy_term");

		if (json_is_object(t))
			collect_term(im, t, key_path(im, hsds_path_index(im->ar, ap, i),
						     "taxonomy_term"));
	}
}

static struct rec *collect_org(struct imp *im, json_t *o, const char *path)
{
	struct rec *r = add_rec(im, R_ORG, o, path);
	const char *sp = key_path(im, path, "services");
	json_t *s;
	size_t i;

	if (!r)
		return NULL;
	json_array_foreach(json_object_get(o, "services"), i, s)
		collect_service(im, s, hsds_path_index(im->ar, sp, i), r);
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
		fail(im, path, "a service_at_location on its own needs its service "
			       "nested (\"service\": {...})");
		return;
	}
	collect_service(im, s, key_path(im, path, "service"), NULL);
	if (!(r = find_rec(im, R_SERVICE, hsds_str(s, "id"))))
		return;
	list = json_object_get(r->obj, "service_at_locations");
	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(r->obj, "service_at_locations", list);
	}
	json_array_foreach(list, i, x)
		if (id && hsds_str(x, "id") && strcmp(hsds_str(x, "id"), id) == 0)
			return;
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
		fail(im, path, "must be an HSDS object");
		return;
	}
	if (!kind && !(kind = detect(v))) {
		fail(im, path, "cannot tell which HSDS object this is; name the "
			       "kind (service, organization, taxonomy, "
			       "taxonomy_term, service_at_location)");
		return;
	}
	if (strcmp(kind, "location") == 0) {
		fail(im, path, "a location on its own is not imported: nest it in "
			       "its organization (locations) or in a "
			       "service_at_location of its service");
		return;
	}
	if (!known_kind(kind)) {
		fail(im, path, "unknown kind");
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

		collect_top(im, v, p ? json_string_value(p)
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
		const char *path = key_path(im, "$", key), *kind = NULL;
		bool skip = false;

		for (size_t i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++)
			if (strcmp(arrays[i][0], key) == 0)
				kind = arrays[i][1];
		for (const char *const *m = meta; *m && !kind; m++)
			skip = skip || strcmp(*m, key) == 0;
		if (skip)
			continue;
		if (!kind)
			fail(im, path, "is not imported at the top level (nest it in "
				       "the organizations or services it belongs to)");
		else if (!json_is_array(v))
			fail(im, path, "must be an array");
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
		fail(im, "$", "must be an HSDS object, an array or a package");
	} else if (json_is_array(contents) && json_object_get(root, "total_items")) {
		collect_array(im, contents, "$.contents", im->o->kind, NULL);
	} else if (hsds_is_tabular(root)) {
		json_t *paths = json_object();
		json_t *nested = hsds_tabular_nest(root, paths, im->rep);

		if (nested) {
			/* rows are moved into it: keep it as long as root */
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

/* --- checking against the database ---------------------------------- */

static bool area_known(struct imp *im, const char *code)
{
	json_t *v = json_object_get(im->areas, code);
	struct area_row a;
	bool ok;

	if (v)
		return json_is_true(v);
	ok = strlen(code) <= 64 &&
	     store_area_get(im->db, im->ar, im->o->municipality, code, false,
			    &a) == ERR_OK;
	json_object_set_new(im->areas, code, json_boolean(ok));
	return ok;
}

/* Our keys start with '$': no document may bring them. */
static void reserved_keys(struct imp *im, struct rec *r)
{
	const char *key;
	json_t *v;

	json_object_foreach(r->obj, key, v)
		if (key[0] == '$')
			fail(im, key_path(im, r->path, key),
			     "keys starting with '$' are reserved");
}

static void check_taxonomy(struct imp *im, struct rec *r)
{
	struct taxonomy_row t;
	enum err e;

	r->builtin = hsds_builtin_id(r->id);
	if (r->builtin)
		return;
	e = store_taxonomy_by_uuid(im->db, im->ar, r->id, &t);
	if (e == ERR_OK)
		r->db_id = t.id;
	else if (e != ERR_NOT_FOUND)
		fail(im, r->path, "database error");
}

static void check_term(struct imp *im, struct rec *r)
{
	const char *tax = hsds_str(r->obj, "taxonomy_id");
	json_t *d = json_object_get(r->obj, "taxonomy_detail");
	struct taxonomy_row t;
	struct term_row old;

	r->builtin = hsds_builtin_id(r->id);
	if (r->builtin)
		return;
	reserved_keys(im, r);
	if (strlen(hsds_str(r->obj, "name")) > HSDS_MAX_NAME)
		fail(im, key_path(im, r->path, "name"), "is too long");
	if (store_term_by_uuid(im->db, im->ar, r->id, &old) == ERR_OK)
		r->db_id = old.id;
	if (!tax && json_is_object(d))
		tax = hsds_str(d, "id");
	if (!tax)
		return;
	if ((r->tax = find_rec(im, R_TAXONOMY, tax)))
		return;
	if (store_taxonomy_by_uuid(im->db, im->ar, tax, &t) == ERR_OK)
		r->tax_db = t.id;
	else
		fail(im, key_path(im, r->path, "taxonomy_id"), "unknown taxonomy");
}

static bool kvk_ok(const char *s)
{
	size_t n = 0;

	for (; s && s[n]; n++)
		if (s[n] < '0' || s[n] > '9')
			return false;
	return n == 8;
}

static bool kind_ok(const char *k)
{
	for (const char *const *p = hsds_org_kinds; *p; p++)
		if (strcmp(*p, k) == 0)
			return true;
	return false;
}

/* confirmed_at of x_wijkagenda: any date or date-time, stored in UTC. */
static char *time_member(struct imp *im, json_t *x, const char *key,
			 const char *path)
{
	json_t *v = json_object_get(x, key);
	char t[32];

	if (!v)
		return NULL;
	if (!json_is_string(v) || hsds_time_normalise(json_string_value(v), t)) {
		fail(im, key_path(im, path, key),
		     "must be a date or an RFC 3339 date-time");
		return NULL;
	}
	return arena_strdup(im->ar, t);
}

static void check_areas(struct imp *im, json_t *a, const char *path,
			struct service_row *row)
{
	json_t *v;
	size_t i, cap = 0;

	if (!json_is_array(a)) {
		fail(im, path, "must be an array of area codes");
		return;
	}
	json_array_foreach(a, i, v) {
		const char *p = hsds_path_index(im->ar, path, i);

		if (!json_is_string(v))
			fail(im, p, "must be an area code");
		else if (!area_known(im, json_string_value(v)))
			fail(im, p, "unknown area");
		else {
			row->areas = arena_vec_grow(im->ar, row->areas, row->nareas,
						    &cap, sizeof(char *));
			row->areas[row->nareas++] = arena_strdup(im->ar, json_string_value(v));
		}
	}
}

static bool only_keys(struct imp *im, json_t *x, const char *path,
		      const char *const *allowed)
{
	const char *key;
	json_t *v;
	bool ok = true;

	json_object_foreach(x, key, v) {
		bool known = false;

		for (const char *const *a = allowed; *a && !known; a++)
			known = strcmp(*a, key) == 0;
		if (!known) {
			fail(im, key_path(im, path, key),
			     "is not a field of x_wijkagenda (docs/hsds.md)");
			ok = false;
		}
	}
	return ok;
}

static void org_extension(struct imp *im, struct rec *r)
{
	static const char *const allowed[] = {"kind", "kvk", "confirmed_at",
					      "areas", "demo", NULL};
	json_t *x = json_object_get(r->obj, X_WIJKAGENDA);
	const char *path = key_path(im, r->path, X_WIJKAGENDA);
	const char *kind, *kvk;

	if (!x)
		return;
	if (!json_is_object(x)) {
		fail(im, path, "must be an object");
		return;
	}
	only_keys(im, x, path, allowed);
	if ((kind = hsds_str(x, "kind")) && kind_ok(kind))
		r->kind = arena_strdup(im->ar, kind);
	else if (json_object_get(x, "kind"))
		fail(im, key_path(im, path, "kind"), "unknown kind of organisation");
	if ((kvk = hsds_str(x, "kvk")) && kvk_ok(kvk))
		r->kvk = arena_strdup(im->ar, kvk);
	else if (json_object_get(x, "kvk"))
		fail(im, key_path(im, path, "kvk"), "must be 8 digits");
	r->row.confirmed_at = time_member(im, x, "confirmed_at", path);
	if ((r->areas_given = json_object_get(x, "areas") != NULL))
		check_areas(im, json_object_get(x, "areas"),
			    key_path(im, path, "areas"), &r->row);
}

/* The kind from an attribute with one of our kind terms; the KvK number
 * from an identifier with scheme NL-KVK. */
static void org_derived(struct imp *im, struct rec *r)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(r->obj, "attributes"), i, v) {
		const char *t = hsds_str(v, "taxonomy_term_id");
		json_t *emb = json_object_get(v, "taxonomy_term");

		if (!t && json_is_object(emb))
			t = hsds_str(emb, "id");
		if (!r->kind && hsds_term_kind(t))
			r->kind = (char *)hsds_term_kind(t);
	}
	json_array_foreach(json_object_get(r->obj, "organization_identifiers"), i, v) {
		const char *scheme = hsds_str(v, "identifier_scheme");

		if (!r->kvk && scheme && strcmp(scheme, "NL-KVK") == 0 &&
		    kvk_ok(hsds_str(v, "identifier")))
			r->kvk = arena_strdup(im->ar, hsds_str(v, "identifier"));
	}
}

static void check_org(struct imp *im, struct rec *r, json_t *names)
{
	const char *name = hsds_str(r->obj, "name");
	struct hsds_org_row old, same;
	json_t *seen;
	enum err e;

	reserved_keys(im, r);
	if (strlen(name) == 0 || strlen(name) > HSDS_MAX_NAME)
		fail(im, key_path(im, r->path, "name"),
		     "must be 1 to 500 bytes long");
	if ((seen = json_object_get(names, name)))
		hsds_report_add(im->rep, key_path(im, r->path, "name"),
				"another organization in this document has the "
				"same name (%s)", json_string_value(seen));
	else
		json_object_set_new(names, name, json_string(r->path));
	org_extension(im, r);
	org_derived(im, r);
	e = hsds_org_find(im->db, im->ar, im->o->municipality, r->id, &old);
	if (e == ERR_OK) {
		r->db_id = old.id;
		r->old_name = old.name;
	} else if (e != ERR_NOT_FOUND) {
		fail(im, r->path, "database error");
		return;
	}
	e = store_hsds_org_by_name(im->db, im->ar, im->o->municipality, name,
				   &same);
	if (e == ERR_OK && same.id != r->db_id) {
		if (r->db_id || same.uuid)
			fail(im, key_path(im, r->path, "name"),
			     "another organisation of this municipality has this "
			     "name (with another id)");
		else
			r->db_id = same.id; /* made in beheer: take it over */
	}
}

/* --- services -------------------------------------------------------- */

static const char *opt_str(struct imp *im, json_t *o, const char *key)
{
	const char *s = hsds_str(o, key);

	return s ? arena_strdup(im->ar, s) : NULL;
}

static int64_t term_db_id(struct imp *im, const char *uuid)
{
	struct rec *t = find_rec(im, R_TERM, uuid);
	struct term_row row;

	if (t)
		return -1; /* written later: resolved then */
	if (store_term_by_uuid(im->db, im->ar, uuid, &row) == ERR_OK)
		return row.id;
	return 0;
}

static bool norm_days_ok(const char *s, int *out)
{
	char *end;
	long v;

	if (!s || !*s || strlen(s) > 3)
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 365)
		return false;
	*out = (int)v;
	return true;
}

static bool iso639_1(const char *c)
{
	return c && strlen(c) == 2 && c[0] >= 'a' && c[0] <= 'z' &&
	       c[1] >= 'a' && c[1] <= 'z';
}

/* The attribute's term: taxonomy_term_id, or the id of the nested term. */
static const char *attribute_term(struct imp *im, json_t *a, const char *path)
{
	const char *id = hsds_str(a, "taxonomy_term_id");
	const char *emb = hsds_str(json_object_get(a, "taxonomy_term"), "id");

	if (id && emb && strcmp(id, emb) != 0) {
		fail(im, key_path(im, path, "taxonomy_term_id"),
		     "differs from taxonomy_term.id");
		return NULL;
	}
	return id ? id : emb;
}

/* attributes: our norm terms set the norm; other terms are linked (and
 * the attribute kept for the way back); attributes we made up are not
 * kept. */
static void service_attributes(struct imp *im, struct rec *r, json_t *kept)
{
	struct service_row *row = &r->row;
	const char *ap = key_path(im, r->path, "attributes");
	size_t i, cap = 0;
	json_t *a;

	json_array_foreach(json_object_get(r->obj, "attributes"), i, a) {
		const char *p = hsds_path_index(im->ar, ap, i);
		const char *t = attribute_term(im, a, p);
		int64_t id;
		json_t *copy;

		if (t && strcmp(t, HSDS_TERM_NORM_DAYS) == 0) {
			if (row->norm_days < 0 &&
			    !norm_days_ok(hsds_str(a, "value"), &row->norm_days))
				fail(im, key_path(im, p, "value"),
				     "must be a number of working days, 0 to 365");
			continue;
		}
		if (t && strcmp(t, HSDS_TERM_NORM_TEXT) == 0) {
			if (!row->norm_text)
				row->norm_text = (char *)opt_str(im, a, "value");
			continue;
		}
		if (t && hsds_builtin_id(t))
			continue;
		if (t && !(id = term_db_id(im, t))) {
			fail(im, key_path(im, p, "taxonomy_term_id"),
			     "unknown taxonomy term");
			continue;
		}
		if (t) {
			row->terms = arena_vec_grow(im->ar, row->terms, row->nterms,
						    &cap, sizeof(*row->terms));
			row->terms[row->nterms++] = id; /* -1: resolved at write */
			if (hsds_is_slot(a, r->id, "attribute", t))
				continue;
		}
		copy = json_copy(a);
		json_object_del(copy, "taxonomy_term");
		if (t)
			json_object_set_new(copy, "taxonomy_term_id", json_string(t));
		json_array_append_new(kept, copy);
	}
}

/* service_areas naming one of our areas become area rows; the rest stays
 * as it is. */
static void service_areas(struct imp *im, struct rec *r, json_t *extra)
{
	json_t *plain = json_array(), *mapped = json_array(), *sa;
	const char *sp = key_path(im, r->path, "service_areas");
	size_t i, cap = r->row.nareas;

	json_array_foreach(json_object_get(r->obj, "service_areas"), i, sa) {
		const char *code = hsds_area_code_of(sa);
		const char *type = hsds_str(sa, "extent_type");
		bool ours = type && strcmp(type, AREA_EXTENT_TYPE) == 0;

		if (ours && (!code || !area_known(im, code))) {
			fail(im, key_path(im, hsds_path_index(im->ar, sp, i), "extent"),
			     "unknown area");
			continue;
		}
		if (!code || !area_known(im, code)) {
			json_array_append(plain, sa);
			continue;
		}
		r->row.areas = arena_vec_grow(im->ar, r->row.areas, r->row.nareas,
					      &cap, sizeof(char *));
		r->row.areas[r->row.nareas++] = arena_strdup(im->ar, code);
		if (!hsds_is_slot(sa, r->id, "area", code))
			json_array_append(mapped, sa);
	}
	if (json_array_size(plain))
		json_object_set(extra, "service_areas", plain);
	if (json_array_size(mapped))
		json_object_set(extra, EXTRA_AREAS, mapped);
	json_decref(plain);
	json_decref(mapped);
}

static void service_extension(struct imp *im, struct rec *r)
{
	static const char *const allowed[] = {"norm_days", "norm_text",
					      "confirmed_at", "cost", "languages",
					      "areas", "demo", NULL};
	static const char *const costs[] = {"gratis", "eigen bijdrage",
					    "betaald", NULL};
	json_t *x = json_object_get(r->obj, X_WIJKAGENDA), *v;
	const char *path = key_path(im, r->path, X_WIJKAGENDA);
	struct service_row *row = &r->row;
	size_t i;

	if (!x)
		return;
	if (!json_is_object(x)) {
		fail(im, path, "must be an object");
		return;
	}
	only_keys(im, x, path, allowed);
	if ((v = json_object_get(x, "norm_days")) &&
	    !(json_is_integer(v) && json_integer_value(v) >= 0 &&
	      json_integer_value(v) <= 365))
		fail(im, key_path(im, path, "norm_days"),
		     "must be a whole number of working days, 0 to 365");
	else if (v)
		row->norm_days = (int)json_integer_value(v);
	if ((v = json_object_get(x, "norm_text")) &&
	    !(json_is_string(v) && json_string_length(v) <= 2000))
		fail(im, key_path(im, path, "norm_text"),
		     "must be a text of at most 2000 bytes");
	else if (v)
		row->norm_text = arena_strdup(im->ar, json_string_value(v));
	if ((v = json_object_get(x, "cost"))) {
		bool ok = false;

		for (const char *const *c = costs; json_is_string(v) && *c; c++)
			ok = ok || strcmp(*c, json_string_value(v)) == 0;
		if (!ok)
			fail(im, key_path(im, path, "cost"),
			     "must be gratis, eigen bijdrage or betaald");
		else
			row->cost = arena_strdup(im->ar, json_string_value(v));
	}
	if ((v = json_object_get(x, "languages"))) {
		char *langs = NULL;
		json_t *l;

		if (!json_is_array(v))
			fail(im, key_path(im, path, "languages"),
			     "must be an array of ISO 639-1 codes");
		json_array_foreach(v, i, l) {
			const char *c = json_is_string(l) ? json_string_value(l) : "";

			if (!iso639_1(c))
				fail(im, hsds_path_index(im->ar, key_path(im, path, "languages"), i),
				     "must be an ISO 639-1 code such as nl");
			else
				langs = langs ? arena_printf(im->ar, "%s %s", langs, c)
					      : arena_strdup(im->ar, c);
		}
		row->languages = langs ? langs : arena_strdup(im->ar, "nl");
	}
	row->confirmed_at = time_member(im, x, "confirmed_at", path);
	if (json_object_get(x, "areas"))
		check_areas(im, json_object_get(x, "areas"),
			    key_path(im, path, "areas"), row);
}

/* A short display column from an HSDS string, if it fits. */
static char *short_str(struct imp *im, const json_t *o, const char *key,
		       size_t max)
{
	const char *s = hsds_str(o, key);

	return s && strlen(s) <= max ? arena_strdup(im->ar, s) : NULL;
}

/* The display columns (phone, opening hours, languages, address, point)
 * from the first HSDS objects that have them. */
static void display_columns(struct imp *im, struct rec *r)
{
	struct service_row *row = &r->row;
	json_t *o = r->obj, *l, *v;
	char *langs = NULL;
	size_t i;

	row->phone = short_str(im, json_array_get(json_object_get(o, "phones"), 0),
			       "number", 64);
	row->opening_hours = short_str(
		im, json_array_get(json_object_get(o, "schedules"), 0),
		"description", 1000);
	json_array_foreach(row->languages ? NULL : json_object_get(o, "languages"),
			   i, v) {
		const char *c = hsds_str(v, "code");

		if (!iso639_1(c) || (langs && strstr(langs, c)))
			continue;
		langs = langs ? arena_printf(im->ar, "%s %s", langs, c)
			      : arena_strdup(im->ar, c);
	}
	if (langs)
		row->languages = langs;
	l = json_object_get(json_array_get(json_object_get(o, "service_at_locations"), 0),
			    "location");
	v = json_array_get(json_object_get(l, "addresses"), 0);
	row->address = short_str(im, v, "address_1", 200);
	row->postal_code = short_str(im, v, "postal_code", 16);
	row->city = short_str(im, v, "city", 100);
	if (json_is_number(json_object_get(l, "latitude")) &&
	    json_is_number(json_object_get(l, "longitude"))) {
		double la = json_number_value(json_object_get(l, "latitude"));
		double lo = json_number_value(json_object_get(l, "longitude"));

		row->has_point = la >= -90 && la <= 90 && lo >= -180 && lo <= 180;
		row->latitude = la;
		row->longitude = lo;
	}
}

/* Arrays we made up from columns (internal.h) are not kept. */
static void drop_made_up(json_t *extra, const char *id)
{
	static const char *const one[][2] = {
		{"phones", "phone"}, {"schedules", "schedule"},
		{"service_at_locations", "service_at_location"}};
	json_t *a = json_object_get(extra, "languages"), *v;
	bool all = json_array_size(a) > 0;
	size_t i;

	for (i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
		json_t *x = json_object_get(extra, one[i][0]);

		if (json_array_size(x) == 1 &&
		    hsds_is_slot(json_array_get(x, 0), id, one[i][1], NULL))
			json_object_del(extra, one[i][0]);
	}
	json_array_foreach(a, i, v)
		all = all && hsds_is_slot(v, id, "language", hsds_str(v, "code"));
	if (all)
		json_object_del(extra, "languages");
}

static const char *const service_modelled[] = {
	"id", "name", "alternate_name", "description", "url", "email",
	"status", "eligibility_description", "application_process",
	"fees_description", "organization_id", "organization", "assured_date",
	"last_modified", "attributes", "service_areas", X_WIJKAGENDA, NULL};

static bool modelled(const char *key, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(*list, key) == 0)
			return true;
	return false;
}

static void service_org(struct imp *im, struct rec *r)
{
	const char *oid = hsds_str(r->obj, "organization_id");
	struct hsds_org_row org;

	if (r->org && oid && strcmp(oid, r->org->id) != 0)
		fail(im, key_path(im, r->path, "organization_id"),
		     "differs from the organization it is nested in");
	else if (!r->org && oid && !(r->org = find_rec(im, R_ORG, oid))) {
		if (hsds_org_find(im->db, im->ar, im->o->municipality, oid,
				  &org) == ERR_OK)
			r->row.organisation_id = org.id;
		else
			fail(im, key_path(im, r->path, "organization_id"),
			     "unknown organization");
	} else if (!r->org && !oid) {
		fail(im, r->path, "the service has no organization (give "
				  "organization_id or nest it in its organization)");
	}
}

static void check_service(struct imp *im, struct rec *r)
{
	struct service_row *row = &r->row, old;
	json_t *extra = json_object(), *kept = json_array(), *v;
	const char *key, *assured = hsds_str(r->obj, "assured_date");
	char *text;
	enum err e;

	reserved_keys(im, r);
	service_org(im, r);
	if (strlen(hsds_str(r->obj, "name")) > HSDS_MAX_NAME ||
	    !*hsds_str(r->obj, "name"))
		fail(im, key_path(im, r->path, "name"),
		     "must be 1 to 500 bytes long");
	e = store_service_by_uuid(im->db, im->ar, r->id, &old);
	if (e == ERR_OK && strcmp(old.municipality, im->o->municipality) != 0)
		fail(im, key_path(im, r->path, "id"),
		     "a service of another municipality has this id");
	else if (e == ERR_OK)
		r->db_id = old.id;
	service_extension(im, r);
	service_attributes(im, r, kept);
	service_areas(im, r, extra);
	display_columns(im, r);
	if (!row->confirmed_at && assured) {
		char t[32];

		if (hsds_time_normalise(assured, t))
			fail(im, key_path(im, r->path, "assured_date"),
			     "must be a date (YYYY-MM-DD)");
		else
			row->confirmed_at = arena_strdup(im->ar, t);
	}
	if (!row->confirmed_at)
		row->confirmed_at = r->db_id ? old.confirmed_at : im->now;
	json_object_foreach(r->obj, key, v)
		if (!modelled(key, service_modelled))
			json_object_set(extra, key, v);
	if (json_array_size(kept))
		json_object_set(extra, EXTRA_ATTRIBUTES, kept);
	drop_made_up(extra, r->id);
	text = json_dumps(extra, JSON_COMPACT);
	row->hsds_extra = arena_strdup(im->ar, text ? text : "{}");
	free(text);
	json_decref(extra);
	json_decref(kept);
}

/* --- writing --------------------------------------------------------- */

static enum err write_taxonomy(struct imp *im, struct rec *r)
{
	struct taxonomy_row t = {
		.id = r->db_id, .uuid = (char *)r->id,
		.name = (char *)hsds_str(r->obj, "name"),
		.description = (char *)hsds_str(r->obj, "description"),
		.uri = (char *)hsds_str(r->obj, "uri"),
		.version = (char *)hsds_str(r->obj, "version")};
	enum err e;

	if (r->builtin)
		return ERR_OK;
	e = store_taxonomy_put(im->db, &t);
	if (e == ERR_OK) {
		if (r->db_id)
			im->rep->taxonomies.updated++;
		else
			im->rep->taxonomies.created++;
		r->db_id = t.id;
	}
	return e;
}

static char *extra_text(struct imp *im, json_t *obj,
			const char *const *skip)
{
	json_t *extra = json_object(), *v;
	const char *key;
	char *s, *out;

	json_object_foreach(obj, key, v)
		if (!modelled(key, skip))
			json_object_set(extra, key, v);
	s = json_dumps(extra, JSON_COMPACT);
	out = arena_strdup(im->ar, s ? s : "{}");
	free(s);
	json_decref(extra);
	return out;
}

static enum err write_term(struct imp *im, struct rec *r)
{
	static const char *const skip[] = {"id", "code", "name", "description",
					   "parent_id", "taxonomy_id",
					   "taxonomy_detail", NULL};
	struct term_row t = {
		.id = r->db_id, .uuid = (char *)r->id,
		.code = (char *)hsds_str(r->obj, "code"),
		.name = (char *)hsds_str(r->obj, "name"),
		.description = (char *)hsds_str(r->obj, "description"),
		.parent_uuid = (char *)hsds_str(r->obj, "parent_id")};
	enum err e;

	if (r->builtin)
		return ERR_OK;
	t.taxonomy_id = r->tax ? (r->tax->builtin ? 0 : r->tax->db_id) : r->tax_db;
	t.hsds_extra = extra_text(im, r->obj, skip);
	e = store_term_put(im->db, &t);
	if (e == ERR_OK) {
		if (r->db_id)
			im->rep->taxonomy_terms.updated++;
		else
			im->rep->taxonomy_terms.created++;
		r->db_id = t.id;
	}
	return e;
}

/* The org's extra without what we model or made up. */
static char *org_extra(struct imp *im, struct rec *r)
{
	static const char *const skip[] = {"id", "name", "description", "email",
					   "website", "services", X_WIJKAGENDA,
					   NULL};
	json_t *obj = json_copy(r->obj), *a, *v, *keep;
	size_t i;
	char *s;

	a = json_object_get(obj, "attributes");
	keep = json_array();
	json_array_foreach(a, i, v) {
		const char *t = hsds_str(v, "taxonomy_term_id");

		if (!t)
			t = hsds_str(json_object_get(v, "taxonomy_term"), "id");
		if (!hsds_term_kind(t))
			json_array_append(keep, v);
	}
	if (a && json_array_size(keep))
		json_object_set(obj, "attributes", keep);
	else if (a)
		json_object_del(obj, "attributes");
	json_decref(keep);
	a = json_object_get(obj, "organization_identifiers");
	keep = json_array();
	json_array_foreach(a, i, v)
		if (!hsds_is_slot(v, r->id, "kvk", NULL))
			json_array_append(keep, v);
	if (a && json_array_size(keep))
		json_object_set(obj, "organization_identifiers", keep);
	else if (a)
		json_object_del(obj, "organization_identifiers");
	json_decref(keep);
	s = extra_text(im, obj, skip);
	json_decref(obj);
	return s;
}

static enum err write_org(struct imp *im, struct rec *r)
{
	struct org_row o = {.id = r->db_id,
			    .municipality = (char *)im->o->municipality,
			    .name = (char *)hsds_str(r->obj, "name"),
			    .kind = r->kind ? r->kind : "overig",
			    .kvk = r->kvk, .is_demo = im->o->is_demo};
	struct hsds_org_row h = {
		.uuid = (char *)r->id,
		.description = (char *)hsds_str(r->obj, "description"),
		.website = (char *)hsds_str(r->obj, "website"),
		.email = (char *)hsds_str(r->obj, "email"),
		.confirmed_at = r->row.confirmed_at ? r->row.confirmed_at : im->now};
	struct org_row old;
	enum err e = ERR_OK;

	if (r->db_id && (e = store_org_get(im->db, im->ar, r->db_id, &old)) == ERR_OK) {
		o.kind = r->kind ? r->kind : old.kind;
		o.kvk = r->kvk ? r->kvk : old.kvk;
		e = store_org_update(im->db, &o);
		im->rep->organizations.updated++;
	} else if (e == ERR_OK) {
		e = store_org_create(im->db, &o, &r->db_id);
		im->rep->organizations.created++;
	}
	h.id = r->db_id;
	h.hsds_extra = org_extra(im, r);
	if (e == ERR_OK)
		e = store_hsds_org_put(im->db, &h);
	if (e == ERR_OK && r->areas_given)
		e = store_org_set_areas(im->db, r->db_id, im->o->municipality,
					r->row.areas, r->row.nareas);
	if (e == ERR_OK && r->old_name && strcmp(r->old_name, o.name) != 0)
		e = store_hsds_reindex_org(im->db, r->db_id);
	return e;
}

static void fill_row(struct imp *im, struct rec *r)
{
	struct service_row *row = &r->row;
	json_t *o = r->obj;

	row->id = r->db_id;
	row->municipality = (char *)im->o->municipality;
	row->uuid = (char *)r->id;
	if (r->org)
		row->organisation_id = r->org->db_id;
	row->name = (char *)hsds_str(o, "name");
	row->alternate_name = (char *)hsds_str(o, "alternate_name");
	row->description = (char *)hsds_str(o, "description");
	row->url = (char *)hsds_str(o, "url");
	row->email = (char *)hsds_str(o, "email");
	row->status = (char *)hsds_str(o, "status");
	row->eligibility_description = (char *)hsds_str(o, "eligibility_description");
	row->application_process = (char *)hsds_str(o, "application_process");
	row->fees_description = (char *)hsds_str(o, "fees_description");
	row->is_demo = im->o->is_demo;
}

/* Terms written in this import are resolved now (-1 at check time). */
static void resolve_terms(struct imp *im, struct rec *r, json_t *a)
{
	size_t k = 0, i;
	json_t *v;

	json_array_foreach(a, i, v) {
		const char *t = hsds_str(v, "taxonomy_term_id");
		struct rec *tr;

		if (!t)
			t = hsds_str(json_object_get(v, "taxonomy_term"), "id");
		if (!t || hsds_builtin_id(t))
			continue;
		if (k < r->row.nterms && r->row.terms[k] == -1 &&
		    (tr = find_rec(im, R_TERM, t)))
			r->row.terms[k] = tr->db_id;
		k++;
	}
}

static enum err write_service(struct imp *im, struct rec *r)
{
	bool existed = r->db_id != 0;
	enum err e;

	fill_row(im, r);
	resolve_terms(im, r, json_object_get(r->obj, "attributes"));
	e = store_service_put(im->db, &r->row);
	if (e == ERR_OK) {
		if (existed)
			im->rep->services.updated++;
		else
			im->rep->services.created++;
		r->db_id = r->row.id;
	}
	return e;
}

static enum err write_audit(struct imp *im)
{
	struct audit_entry a = {0};
	json_t *d = json_pack("{s:s, s:o}", "source",
			      im->o->source ? im->o->source : "",
			      "counts", hsds_report_counts_json(im->rep));
	char *s = json_dumps(d, JSON_COMPACT);
	enum err e;

	a.actor_account_id = im->o->actor_account_id;
	a.actor_api_key_id = im->o->actor_api_key_id;
	a.actor_label = im->o->actor_label ? im->o->actor_label : "command line";
	a.action = "hsds.import";
	a.entity = "hsds";
	a.entity_id = im->o->municipality;
	a.detail = s;
	e = store_audit_add(im->db, &a);
	free(s);
	json_decref(d);
	return e;
}

static enum err write_all(struct imp *im)
{
	static const enum rkind order[] = {R_TAXONOMY, R_TERM, R_ORG, R_SERVICE};
	enum err e = ERR_OK;

	for (size_t k = 0; k < 4 && e == ERR_OK; k++) {
		struct recs *rs = &im->r[order[k]];

		for (size_t i = 0; i < rs->n && e == ERR_OK; i++) {
			struct rec *r = rs->v[i];

			switch (order[k]) {
			case R_TAXONOMY: e = write_taxonomy(im, r); break;
			case R_TERM: e = write_term(im, r); break;
			case R_ORG: e = write_org(im, r); break;
			default: e = write_service(im, r); break;
			}
			if (e != ERR_OK)
				hsds_report_add(im->rep, r->path,
						"the database refused the record (%s)",
						err_name(e));
		}
	}
	return e == ERR_OK ? write_audit(im) : e;
}

static void check_all(struct imp *im)
{
	json_t *names = json_object();

	for (size_t i = 0; i < im->r[R_TAXONOMY].n; i++)
		check_taxonomy(im, im->r[R_TAXONOMY].v[i]);
	for (size_t i = 0; i < im->r[R_TERM].n; i++)
		check_term(im, im->r[R_TERM].v[i]);
	for (size_t i = 0; i < im->r[R_ORG].n; i++)
		check_org(im, im->r[R_ORG].v[i], names);
	for (size_t i = 0; i < im->r[R_SERVICE].n; i++)
		check_service(im, im->r[R_SERVICE].v[i]);
	json_decref(names);
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

static enum err run_import(struct imp *im, json_t *root)
{
	enum err e;

	collect_root(im, root);
	if (!im->rep->nerrors && im->records == 0)
		fail(im, "$", "no HSDS records found (organizations, services, "
			      "taxonomies or taxonomy terms)");
	if (im->rep->nerrors)
		return ERR_INVALID;
	if ((e = db_begin_write(im->db)) != ERR_OK)
		return e;
	check_all(im);
	e = im->rep->nerrors ? ERR_INVALID : write_all(im);
	if (e == ERR_OK)
		e = db_commit(im->db);
	if (e != ERR_OK) {
		db_rollback(im->db);
		if (e == ERR_CONFLICT)
			e = ERR_INVALID;
	}
	return e;
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
