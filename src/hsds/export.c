/* export: the social map as HSDS 3.0 objects.  Each object is built from
 * our columns first, then every field kept verbatim in hsds_extra (keys
 * we set win; our own '$' keys never leave), then what we make up from
 * columns when the original has nothing for it (phones from the phone
 * column, service_areas from area rows, attributes from terms, the
 * service norm), then the extension x_wijkagenda.  docs/hsds.md lists the
 * mapping and the documented differences of a round trip. */
#include <stdio.h>
#include <string.h>

#include "hsds/internal.h"
#include "store/accounts.h"
#include "store/store.h"

/* --- services -------------------------------------------------------- */

/* service_areas: the unmapped kept ones, the mapped kept ones whose area
 * is still linked, and one made up for each other linked area. */
static json_t *service_areas(struct db *db, struct arena *ar,
			     const struct hsds_export_opts *o,
			     const struct service_row *s, json_t *extra,
			     char **codes, size_t ncodes)
{
	json_t *out = json_deep_copy(json_object_get(extra, "service_areas"));
	json_t *mapped = json_object_get(extra, EXTRA_AREAS), *v;
	json_t *done = json_object();
	size_t i;

	out = json_is_array(out) ? out : (json_decref(out), json_array());
	json_array_foreach(mapped, i, v) {
		const char *c = hsds_area_code_of(v);

		if (c && hsds_has_str(codes, ncodes, c) && !json_object_get(done, c)) {
			json_array_append(out, v);
			json_object_set_new(done, c, json_true());
		}
	}
	for (i = 0; i < ncodes; i++) {
		struct area_row a;
		char id[37];
		json_t *sa;

		if (json_object_get(done, codes[i]))
			continue;
		hsds_slot_id(id, s->uuid, "area", codes[i]);
		sa = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id,
			       "service_id", s->uuid, "name", codes[i],
			       "extent", codes[i], "extent_type",
			       AREA_EXTENT_TYPE);
		if (store_area_get(db, ar, s->municipality, codes[i], false,
				   &a) == ERR_OK)
			json_object_set_new(sa, "description",
					    json_string(arena_printf(ar, "%s %s",
								     a.level, a.name)));
		if (o->base_url)
			json_object_set_new(sa, "uri",
					    json_string(arena_printf(ar, "%s/api/v1/areas/%s",
								     o->base_url, codes[i])));
		json_array_append_new(out, sa);
	}
	json_decref(done);
	return out;
}

static bool has_term(const struct term_row *t, size_t n, const char *uuid)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].uuid, uuid) == 0)
			return true;
	return false;
}

/* attributes: the kept ones whose term is still linked (or that have no
 * term), one for each other linked term, and the service norm. */
static json_t *attributes(struct db *db, struct arena *ar,
			  const struct service_row *s, json_t *extra,
			  bool nest, enum err *e)
{
	json_t *out = json_array(), *kept = json_object_get(extra, EXTRA_ATTRIBUTES);
	json_t *done = json_object(), *v;
	struct term_row *terms;
	size_t n = 0, i;
	char nd[16];

	*e = store_hsds_service_terms(db, ar, s->id, &terms, &n);
	json_array_foreach(kept, i, v) {
		const char *t = hsds_str(v, "taxonomy_term_id");
		json_t *a;

		if (t && !has_term(terms, n, t))
			continue;
		a = json_copy(v);
		for (size_t k = 0; t && nest && k < n; k++)
			if (strcmp(terms[k].uuid, t) == 0)
				json_object_set_new(a, "taxonomy_term",
						    hsds_term_json_db(db, ar, &terms[k], e));
		if (t)
			json_object_set_new(done, t, json_true());
		json_array_append_new(out, a);
	}
	for (i = 0; *e == ERR_OK && i < n; i++) {
		char id[37];
		json_t *a;

		if (json_object_get(done, terms[i].uuid))
			continue;
		hsds_slot_id(id, s->uuid, "attribute", terms[i].uuid);
		a = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "link_id",
			      s->uuid, "link_entity", "service",
			      "taxonomy_term_id", terms[i].uuid);
		if (nest)
			json_object_set_new(a, "taxonomy_term",
					    hsds_term_json_db(db, ar, &terms[i], e));
		json_array_append_new(out, a);
	}
	if (s->norm_days >= 0) {
		snprintf(nd, sizeof(nd), "%d", s->norm_days);
		json_array_append_new(out, hsds_builtin_attribute(s->uuid, "norm_days",
								  "service", 0, nd,
								  nest));
	}
	if (s->norm_text)
		json_array_append_new(out, hsds_builtin_attribute(s->uuid, "norm_text",
								  "service", 1,
								  s->norm_text, nest));
	json_decref(done);
	return out;
}

static const char *province(const char *municipality)
{
	static const char *const map[][2] = {
		{"GM0363", "Noord-Holland"}, {"GM0599", "Zuid-Holland"},
		{"GM0518", "Zuid-Holland"},  {"GM0344", "Utrecht"}};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], municipality) == 0)
			return map[i][1];
	return "";
}

/* One place from the address columns and the point. */
static json_t *made_up_location(const struct service_row *s)
{
	char sal[37], loc[37], adr[37];
	json_t *l, *a;

	if (!s->has_point && !(s->address && s->postal_code && s->city))
		return NULL;
	hsds_slot_id(sal, s->uuid, "service_at_location", NULL);
	hsds_slot_id(loc, s->uuid, "location", NULL);
	l = json_pack("{s:s, s:s}", "id", loc, "location_type", "physical");
	if (s->has_point) {
		json_object_set_new(l, "latitude", json_real(s->latitude));
		json_object_set_new(l, "longitude", json_real(s->longitude));
	}
	if (s->address && s->postal_code && s->city) {
		hsds_slot_id(adr, s->uuid, "address", NULL);
		a = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
			      adr, "location_id", loc, "address_1", s->address,
			      "city", s->city, "state_province",
			      province(s->municipality), "postal_code",
			      s->postal_code, "country", "NL", "address_type",
			      "physical");
		json_object_set_new(l, "addresses", json_pack("[o]", a));
	}
	return json_pack("[{s:s, s:s, s:o}]", "id", sal, "service_id", s->uuid,
			 "location", l);
}

/* phones, schedules, languages and service_at_locations from columns,
 * where the kept fields have none. */
static void made_up_arrays(json_t *j, const struct service_row *s)
{
	char id[37];

	if (s->phone && !json_object_get(j, "phones")) {
		hsds_slot_id(id, s->uuid, "phone", NULL);
		json_object_set_new(j, "phones",
				    json_pack("[{s:s, s:s, s:s}]", "id", id,
					      "service_id", s->uuid, "number",
					      s->phone));
	}
	if (s->opening_hours && !json_object_get(j, "schedules")) {
		hsds_slot_id(id, s->uuid, "schedule", NULL);
		json_object_set_new(j, "schedules",
				    json_pack("[{s:s, s:s, s:s}]", "id", id,
					      "service_id", s->uuid,
					      "description", s->opening_hours));
	}
	/* Dutch only is the default: x_wijkagenda.languages says it, HSDS
	 * languages are made up only for more (or other) languages. */
	if (s->languages && *s->languages && strcmp(s->languages, "nl") != 0 &&
	    !json_object_get(j, "languages")) {
		json_t *a = json_array();
		char code[8];

		for (const char *p = s->languages; *p;) {
			size_t n = strcspn(p, " ");

			if (n > 0 && n < sizeof(code)) {
				memcpy(code, p, n);
				code[n] = '\0';
				hsds_slot_id(id, s->uuid, "language", code);
				json_array_append_new(a, json_pack("{s:s, s:s, s:s}",
								   "id", id, "service_id",
								   s->uuid, "code", code));
			}
			p += n + (p[n] == ' ');
		}
		hsds_set_array(j, "languages", a);
	}
	if (!json_object_get(j, "service_at_locations")) {
		json_t *l = made_up_location(s);

		if (l)
			json_object_set_new(j, "service_at_locations", l);
	}
}

static json_t *languages_json(const char *langs)
{
	json_t *a = json_array();

	for (const char *p = langs ? langs : ""; *p;) {
		size_t n = strcspn(p, " ");

		if (n)
			json_array_append_new(a, json_stringn(p, n));
		p += n + (p[n] == ' ');
	}
	return a;
}

static json_t *service_extension(const struct service_row *s, char **codes,
				 size_t ncodes)
{
	json_t *x = json_object(), *areas = json_array();

	if (s->norm_days >= 0)
		json_object_set_new(x, "norm_days", json_integer(s->norm_days));
	hsds_set_str(x, "norm_text", s->norm_text);
	hsds_set_str(x, "confirmed_at", s->confirmed_at);
	hsds_set_str(x, "cost", s->cost);
	json_object_set_new(x, "languages", languages_json(s->languages));
	for (size_t i = 0; i < ncodes; i++)
		json_array_append_new(areas, json_string(codes[i]));
	json_object_set_new(x, "areas", areas);
	if (s->is_demo)
		json_object_set_new(x, "demo", json_true());
	return x;
}

static void service_columns(json_t *j, const struct service_row *s,
			    const char *org_uuid)
{
	hsds_set_str(j, "id", s->uuid);
	hsds_set_str(j, "organization_id", org_uuid);
	hsds_set_str(j, "name", s->name);
	hsds_set_str(j, "alternate_name", s->alternate_name);
	hsds_set_str(j, "description", s->description ? s->description : "");
	hsds_set_str(j, "url", s->url);
	hsds_set_str(j, "email", s->email);
	hsds_set_str(j, "status", s->status);
	hsds_set_str(j, "eligibility_description", s->eligibility_description);
	hsds_set_str(j, "application_process", s->application_process);
	hsds_set_str(j, "fees_description", s->fees_description);
	if (s->confirmed_at && strlen(s->confirmed_at) >= 10)
		json_object_set_new(j, "assured_date",
				    json_stringn(s->confirmed_at, 10));
	hsds_set_str(j, "last_modified", s->updated_at);
}

json_t *hsds_service_json(struct db *db, struct arena *ar,
			  const struct hsds_export_opts *o,
			  const struct service_row *s, unsigned flags,
			  enum err *e)
{
	static const char *const skip[] = {"service_areas", "attributes", NULL};
	bool full = flags & HSDS_FULL;
	struct hsds_org_row org;
	json_t *j, *extra;
	char org_uuid[37], **codes = NULL;
	size_t ncodes = 0;

	if ((*e = store_hsds_org_get(db, ar, s->organisation_id, &org)) != ERR_OK ||
	    (*e = store_hsds_service_areas(db, ar, s->id, &codes, &ncodes)) != ERR_OK)
		return NULL;
	hsds_org_uuid(&org, org_uuid);
	j = json_object();
	service_columns(j, s, org_uuid);
	extra = hsds_extra_load(s->hsds_extra, "service", s->id);
	hsds_merge_extra(j, extra, full, skip);
	if (full) {
		hsds_set_array(j, "service_areas",
			  service_areas(db, ar, o, s, extra, codes, ncodes));
		hsds_set_array(j, "attributes",
			       attributes(db, ar, s, extra,
					  !(flags & HSDS_TERM_REFS), e));
		made_up_arrays(j, s);
	}
	json_decref(extra);
	if (*e == ERR_OK && (flags & HSDS_WITH_ORG)) {
		json_t *oj = hsds_org_json(db, ar, o, &org, full ? HSDS_FULL : 0, e);

		if (oj)
			json_object_set_new(j, "organization", oj);
	}
	json_object_set_new(j, X_WIJKAGENDA, service_extension(s, codes, ncodes));
	if (*e != ERR_OK) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* --- by id and everything -------------------------------------------- */

enum err hsds_export_service(struct db *db, struct arena *ar,
			     const struct hsds_export_opts *o, const char *uuid,
			     unsigned flags, json_t **out)
{
	struct service_row s;
	enum err e;

	*out = NULL;
	if (!hsds_uuid_valid(uuid))
		return ERR_NOT_FOUND;
	e = store_service_by_uuid(db, ar, uuid, &s);
	if (e == ERR_OK && strcmp(s.municipality, o->municipality) != 0)
		e = ERR_NOT_FOUND;
	if (e == ERR_OK)
		*out = hsds_service_json(db, ar, o, &s, flags, &e);
	return e;
}

enum err hsds_export_organization(struct db *db, struct arena *ar,
				  const struct hsds_export_opts *o,
				  const char *uuid, unsigned flags,
				  json_t **out)
{
	struct hsds_org_row org;
	enum err e;

	*out = NULL;
	if (!hsds_uuid_valid(uuid))
		return ERR_NOT_FOUND;
	e = hsds_org_find(db, ar, o->municipality, uuid, &org);
	if (e == ERR_OK)
		*out = hsds_org_json(db, ar, o, &org, flags, &e);
	return e;
}

static enum err package_orgs(struct db *db, struct arena *ar,
			     const struct hsds_export_opts *o, json_t *pkg)
{
	struct hsds_org_row *rows;
	json_t *a = json_array();
	size_t n;
	int64_t total;
	enum err e = store_hsds_org_list(db, ar, o->municipality, NULL, 0, 0,
					 &rows, &n, &total);

	for (size_t i = 0; e == ERR_OK && i < n; i++) {
		json_t *j = hsds_org_json(db, ar, o, &rows[i], HSDS_FULL, &e);

		if (j)
			json_array_append_new(a, j);
	}
	json_object_set_new(pkg, "organizations", a);
	return e;
}

static enum err package_services(struct db *db, struct arena *ar,
				 const struct hsds_export_opts *o, json_t *pkg)
{
	struct hsds_service_filter f = {.municipality = o->municipality};
	struct service_row *rows;
	json_t *a = json_array();
	size_t n;
	int64_t total;
	enum err e = store_hsds_service_list(db, ar, &f, &rows, &n, &total);

	for (size_t i = 0; e == ERR_OK && i < n; i++) {
		json_t *j = hsds_service_json(db, ar, o, &rows[i],
					      HSDS_FULL | HSDS_TERM_REFS, &e);

		if (j)
			json_array_append_new(a, j);
	}
	json_object_set_new(pkg, "services", a);
	return e;
}

static enum err package_taxonomies(struct db *db, struct arena *ar,
				   json_t *pkg)
{
	struct hsds_term_filter f = {0};
	struct taxonomy_row *tax;
	struct term_row *terms;
	json_t *a = json_array(), *b = json_array();
	size_t n, m;
	int64_t total;
	enum err e;

	for (size_t i = 0; i < hsds_builtin_taxonomy_count(); i++)
		json_array_append_new(a, hsds_builtin_taxonomy(i));
	for (size_t i = 0; i < hsds_builtin_term_count(); i++)
		json_array_append_new(b, hsds_builtin_term(i));
	e = store_hsds_taxonomy_list(db, ar, NULL, 0, 0, &tax, &n, &total);
	for (size_t i = 0; e == ERR_OK && i < n; i++)
		json_array_append_new(a, hsds_taxonomy_json(&tax[i]));
	if (e == ERR_OK)
		e = store_hsds_term_list(db, ar, &f, &terms, &m, &total);
	for (size_t i = 0; e == ERR_OK && i < m; i++) {
		json_t *t = hsds_term_json_db(db, ar, &terms[i], &e);

		if (t)
			json_array_append_new(b, t);
	}
	json_object_set_new(pkg, "taxonomies", a);
	json_object_set_new(pkg, "taxonomy_terms", b);
	return e;
}

enum err hsds_export_package(struct db *db, struct arena *ar,
			     const struct hsds_export_opts *o, json_t **out)
{
	json_t *pkg = json_pack("{s:s}", "version", HSDS_VERSION);
	char now[32];
	enum err e;

	store_now(now, sizeof(now));
	if (o->base_url)
		json_object_set_new(pkg, "profile",
				    json_string(arena_printf(ar, "%s/hsds/profile",
							     o->base_url)));
	json_object_set_new(pkg, X_WIJKAGENDA,
			    json_pack("{s:s, s:s}", "municipality",
				      o->municipality, "exported_at", now));
	e = package_orgs(db, ar, o, pkg);
	if (e == ERR_OK)
		e = package_services(db, ar, o, pkg);
	if (e == ERR_OK)
		e = package_taxonomies(db, ar, pkg);
	if (e != ERR_OK) {
		json_decref(pkg);
		pkg = NULL;
	}
	*out = pkg;
	return e;
}
