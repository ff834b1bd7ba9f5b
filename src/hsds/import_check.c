/* import_check: the importer's checks of collected records against the
 * document and the database, run inside the write transaction (see
 * import.c).  Each problem is reported with its JSON path; a record's
 * row values are worked out here for import_write.c. */
#include <stdlib.h>
#include <string.h>

#include "domain/organisation.h"
#include "hsds/import_ctx.h"
#include "store/store.h"

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

	json_object_foreach(r->obj, key, v) {
		if (key[0] == '$')
			imp_fail(im, imp_key_path(im, r->path, key),
			     "keys starting with '$' are reserved");
	}
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
		imp_fail(im, r->path, "database error");
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
		imp_fail(im, imp_key_path(im, r->path, "name"), "is too long");
	if (store_term_by_uuid(im->db, im->ar, r->id, &old) == ERR_OK)
		r->db_id = old.id;
	if (!tax && json_is_object(d))
		tax = hsds_str(d, "id");
	if (!tax)
		return;
	if ((r->tax = imp_find_rec(im, R_TAXONOMY, tax)))
		return;
	if (store_taxonomy_by_uuid(im->db, im->ar, tax, &t) == ERR_OK)
		r->tax_db = t.id;
	else
		imp_fail(im, imp_key_path(im, r->path, "taxonomy_id"), "unknown taxonomy");
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
		imp_fail(im, imp_key_path(im, path, key),
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
		imp_fail(im, path, "must be an array of area codes");
		return;
	}
	json_array_foreach(a, i, v) {
		const char *p = hsds_path_index(im->ar, path, i);

		if (!json_is_string(v))
			imp_fail(im, p, "must be an area code");
		else if (!area_known(im, json_string_value(v)))
			imp_fail(im, p, "unknown area");
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
			imp_fail(im, imp_key_path(im, path, key),
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
	const char *path = imp_key_path(im, r->path, X_WIJKAGENDA);
	const char *kind, *kvk;

	if (!x)
		return;
	if (!json_is_object(x)) {
		imp_fail(im, path, "must be an object");
		return;
	}
	only_keys(im, x, path, allowed);
	if ((kind = hsds_str(x, "kind")) && org_kind_known(kind))
		r->kind = arena_strdup(im->ar, kind);
	else if (json_object_get(x, "kind"))
		imp_fail(im, imp_key_path(im, path, "kind"), "unknown kind of organisation");
	if ((kvk = hsds_str(x, "kvk")) && org_kvk_valid(kvk))
		r->kvk = arena_strdup(im->ar, kvk);
	else if (json_object_get(x, "kvk"))
		imp_fail(im, imp_key_path(im, path, "kvk"), "must be 8 digits");
	r->row.confirmed_at = time_member(im, x, "confirmed_at", path);
	if ((r->areas_given = json_object_get(x, "areas") != NULL))
		check_areas(im, json_object_get(x, "areas"),
			    imp_key_path(im, path, "areas"), &r->row);
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
		    org_kvk_valid(hsds_str(v, "identifier")))
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
		imp_fail(im, imp_key_path(im, r->path, "name"),
		     "must be 1 to 500 bytes long");
	if ((seen = json_object_get(names, name)))
		hsds_report_add(im->rep, imp_key_path(im, r->path, "name"),
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
		imp_fail(im, r->path, "database error");
		return;
	}
	e = store_hsds_org_by_name(im->db, im->ar, im->o->municipality, name,
				   &same);
	if (e == ERR_OK && same.id != r->db_id) {
		if (r->db_id || same.uuid)
			imp_fail(im, imp_key_path(im, r->path, "name"),
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
	struct rec *t = imp_find_rec(im, R_TERM, uuid);
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
		imp_fail(im, imp_key_path(im, path, "taxonomy_term_id"),
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
	const char *ap = imp_key_path(im, r->path, "attributes");
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
				imp_fail(im, imp_key_path(im, p, "value"),
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
			imp_fail(im, imp_key_path(im, p, "taxonomy_term_id"),
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
	const char *sp = imp_key_path(im, r->path, "service_areas");
	size_t i, cap = r->row.nareas;

	json_array_foreach(json_object_get(r->obj, "service_areas"), i, sa) {
		const char *code = hsds_area_code_of(sa);
		const char *type = hsds_str(sa, "extent_type");
		bool ours = type && strcmp(type, AREA_EXTENT_TYPE) == 0;

		if (ours && (!code || !area_known(im, code))) {
			imp_fail(im, imp_key_path(im, hsds_path_index(im->ar, sp, i), "extent"),
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
	const char *path = imp_key_path(im, r->path, X_WIJKAGENDA);
	struct service_row *row = &r->row;
	size_t i;

	if (!x)
		return;
	if (!json_is_object(x)) {
		imp_fail(im, path, "must be an object");
		return;
	}
	only_keys(im, x, path, allowed);
	if ((v = json_object_get(x, "norm_days")) &&
	    !(json_is_integer(v) && json_integer_value(v) >= 0 &&
	      json_integer_value(v) <= 365))
		imp_fail(im, imp_key_path(im, path, "norm_days"),
		     "must be a whole number of working days, 0 to 365");
	else if (v)
		row->norm_days = (int)json_integer_value(v);
	if ((v = json_object_get(x, "norm_text")) &&
	    !(json_is_string(v) && json_string_length(v) <= 2000))
		imp_fail(im, imp_key_path(im, path, "norm_text"),
		     "must be a text of at most 2000 bytes");
	else if (v)
		row->norm_text = arena_strdup(im->ar, json_string_value(v));
	if ((v = json_object_get(x, "cost"))) {
		bool ok = false;

		for (const char *const *c = costs; json_is_string(v) && *c; c++)
			ok = ok || strcmp(*c, json_string_value(v)) == 0;
		if (!ok)
			imp_fail(im, imp_key_path(im, path, "cost"),
			     "must be gratis, eigen bijdrage or betaald");
		else
			row->cost = arena_strdup(im->ar, json_string_value(v));
	}
	if ((v = json_object_get(x, "languages"))) {
		char *langs = NULL;
		json_t *l;

		if (!json_is_array(v))
			imp_fail(im, imp_key_path(im, path, "languages"),
			     "must be an array of ISO 639-1 codes");
		json_array_foreach(v, i, l) {
			const char *c = json_is_string(l) ? json_string_value(l) : "";

			if (!iso639_1(c))
				imp_fail(im, hsds_path_index(im->ar, imp_key_path(im, path, "languages"), i),
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
			    imp_key_path(im, path, "areas"), row);
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
	json_array_foreach(a, i, v) {
		all = all && hsds_is_slot(v, id, "language", hsds_str(v, "code"));
	}
	if (all)
		json_object_del(extra, "languages");
}

static const char *const service_modelled[] = {
	"id", "name", "alternate_name", "description", "url", "email",
	"status", "eligibility_description", "application_process",
	"fees_description", "organization_id", "organization", "assured_date",
	"last_modified", "attributes", "service_areas", X_WIJKAGENDA, NULL};

bool imp_modelled(const char *key, const char *const *list)
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
		imp_fail(im, imp_key_path(im, r->path, "organization_id"),
		     "differs from the organization it is nested in");
	else if (!r->org && oid && !(r->org = imp_find_rec(im, R_ORG, oid))) {
		if (hsds_org_find(im->db, im->ar, im->o->municipality, oid,
				  &org) == ERR_OK)
			r->row.organisation_id = org.id;
		else
			imp_fail(im, imp_key_path(im, r->path, "organization_id"),
			     "unknown organization");
	} else if (!r->org && !oid) {
		imp_fail(im, r->path, "the service has no organization (give "
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
		imp_fail(im, imp_key_path(im, r->path, "name"),
		     "must be 1 to 500 bytes long");
	e = store_service_by_uuid(im->db, im->ar, r->id, &old);
	if (e == ERR_OK && strcmp(old.municipality, im->o->municipality) != 0)
		imp_fail(im, imp_key_path(im, r->path, "id"),
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
			imp_fail(im, imp_key_path(im, r->path, "assured_date"),
			     "must be a date (YYYY-MM-DD)");
		else
			row->confirmed_at = arena_strdup(im->ar, t);
	}
	if (!row->confirmed_at)
		row->confirmed_at = r->db_id ? old.confirmed_at : im->now;
	json_object_foreach(r->obj, key, v) {
		if (!imp_modelled(key, service_modelled))
			json_object_set(extra, key, v);
	}
	if (json_array_size(kept))
		json_object_set(extra, EXTRA_ATTRIBUTES, kept);
	drop_made_up(extra, r->id);
	text = json_dumps(extra, JSON_COMPACT);
	row->hsds_extra = arena_strdup(im->ar, text ? text : "{}");
	free(text);
	json_decref(extra);
	json_decref(kept);
}

void imp_check_all(struct imp *im)
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
