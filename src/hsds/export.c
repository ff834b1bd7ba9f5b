/* export: the social map as HSDS 3.0 objects.  Each object is built from
 * our columns first, then every field kept verbatim in hsds_extra (keys
 * we set win; our own '$' keys never leave), then what we make up from
 * columns when the original has nothing for it (phones from the phone
 * column, service_areas from area rows, attributes from terms, the
 * service norm), then the extension x_wijkagenda.  docs/hsds.md lists the
 * mapping and the documented differences of a round trip. */
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "hsds/internal.h"
#include "store/accounts.h"
#include "store/store.h"

/* --- built-in taxonomies --------------------------------------------- */

const char *const hsds_org_kinds[] = {
	"gemeente", "stadsdeel", "woningcorporatie", "welzijn", "zorg",
	"politie", "onderwijs", "bewonersorganisatie", "ondernemers", "overig",
	NULL};

static const char *const kind_names[] = {
	"Gemeente", "Stadsdeel", "Woningcorporatie", "Welzijn", "Zorg",
	"Politie", "Onderwijs", "Bewonersorganisatie", "Ondernemers", "Overig"};

/* ...9a11 to ...9a1a, in the order of hsds_org_kinds. */
static const char *const kind_terms[] = {
	"b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a11",
	"b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a12",
	"b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a13",
	"b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a14",
	"b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a15",
	"b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a16",
	"b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a17",
	"b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a18",
	"b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a19",
	"b7f1d3a2-5c64-4e0b-9a8e-3f2d7c1e9a1a"};

#define NKINDS (sizeof(kind_terms) / sizeof(kind_terms[0]))

const char *hsds_kind_term(const char *kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (kind && strcmp(hsds_org_kinds[i], kind) == 0)
			return kind_terms[i];
	return NULL;
}

const char *hsds_term_kind(const char *term_uuid)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (term_uuid && strcmp(kind_terms[i], term_uuid) == 0)
			return hsds_org_kinds[i];
	return NULL;
}

size_t hsds_builtin_taxonomy_count(void)
{
	return 2;
}

json_t *hsds_builtin_taxonomy(size_t i)
{
	if (i == 0)
		return json_pack(
			"{s:s, s:s, s:s, s:s}", "id", HSDS_TAX_EXPECT, "name",
			"wijkagenda-verwachting", "description",
			"Wat een bewoner van een dienst mag verwachten: de "
			"servicenorm (eerste reactie binnen zoveel werkdagen) en "
			"de belofte in gewone woorden. Extensie van wijkagenda "
			"op HSDS 3.0 (docs/hsds.md).",
			"version", "1");
	return json_pack("{s:s, s:s, s:s, s:s}", "id", HSDS_TAX_KIND, "name",
			 "wijkagenda-organisatiesoort", "description",
			 "Soort organisatie in wijkagenda (gemeente, welzijn, "
			 "zorg, ...). Extensie van wijkagenda (docs/hsds.md).",
			 "version", "1");
}

size_t hsds_builtin_term_count(void)
{
	return 2 + NKINDS;
}

static json_t *builtin_term(const char *id, const char *code,
			    const char *name, const char *desc,
			    const char *tax)
{
	json_t *t = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id, "code",
			      code, "name", name, "description", desc,
			      "taxonomy_id", tax);

	json_object_set_new(t, "taxonomy_detail",
			    hsds_builtin_taxonomy(strcmp(tax, HSDS_TAX_EXPECT) ? 1 : 0));
	return t;
}

json_t *hsds_builtin_term(size_t i)
{
	char desc[160];

	if (i == 0)
		return builtin_term(HSDS_TERM_NORM_DAYS, "norm_days",
				    "Servicenorm in werkdagen",
				    "Eerste reactie binnen zoveel werkdagen; de "
				    "waarde (value) van het attribuut is het "
				    "aantal, 0 tot en met 365.",
				    HSDS_TAX_EXPECT);
	if (i == 1)
		return builtin_term(HSDS_TERM_NORM_TEXT, "norm_text",
				    "Belofte aan bewoners",
				    "Wat een bewoner mag verwachten, in gewone "
				    "woorden; de waarde (value) van het attribuut "
				    "is de tekst.",
				    HSDS_TAX_EXPECT);
	i -= 2;
	snprintf(desc, sizeof(desc), "Organisaties van de soort '%s'.",
		 hsds_org_kinds[i]);
	return builtin_term(kind_terms[i], hsds_org_kinds[i], kind_names[i],
			    desc, HSDS_TAX_KIND);
}

bool hsds_builtin_id(const char *uuid)
{
	return uuid && (strcmp(uuid, HSDS_TAX_EXPECT) == 0 ||
			strcmp(uuid, HSDS_TAX_KIND) == 0 ||
			strcmp(uuid, HSDS_TERM_NORM_DAYS) == 0 ||
			strcmp(uuid, HSDS_TERM_NORM_TEXT) == 0 ||
			hsds_term_kind(uuid) != NULL);
}

/* --- small helpers --------------------------------------------------- */

void hsds_slot_id(char out[37], const char *owner, const char *slot,
		  const char *detail)
{
	const char *parts[4] = {"wijkagenda-hsds", owner, slot, detail};

	hsds_uuid_derive(out, parts, detail ? 4 : 3);
}

bool hsds_is_slot(const json_t *v, const char *owner, const char *slot,
		  const char *detail)
{
	const char *id = hsds_str(v, "id");
	char want[37];

	if (!id)
		return false;
	hsds_slot_id(want, owner, slot, detail);
	return strcmp(id, want) == 0;
}

const char *hsds_str(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *hsds_area_code_of(const json_t *sa)
{
	const char *t = hsds_str(sa, "extent_type");

	if (t && strcmp(t, AREA_EXTENT_TYPE) == 0)
		return hsds_str(sa, "extent");
	return hsds_str(sa, "name");
}

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

/* The object of an hsds_extra text ({} when it is not one: logged). */
static json_t *extra_load(const char *text, const char *what, int64_t id)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	char ids[24];

	if (json_is_object(j))
		return j;
	json_decref(j);
	if (text && strcmp(text, "{}") != 0) {
		snprintf(ids, sizeof(ids), "%lld", (long long)id);
		log_event("warn", "hsds_extra_unreadable", "record", what, "id",
			  ids, NULL);
	}
	return json_object();
}

/* Copy the kept fields that the object does not have yet; arrays only in
 * full form; never our '$' keys, nor the keys in skip. */
static void merge_extra(json_t *dst, json_t *extra, bool full,
			const char *const *skip)
{
	const char *key;
	json_t *v;

	json_object_foreach(extra, key, v) {
		bool skipped = key[0] == '$' || json_object_get(dst, key) ||
			       (!full && json_is_array(v));

		for (const char *const *s = skip; s && *s && !skipped; s++)
			skipped = strcmp(*s, key) == 0;
		if (!skipped)
			json_object_set(dst, key, v);
	}
}

static void set_array(json_t *o, const char *key, json_t *a)
{
	if (json_array_size(a))
		json_object_set_new(o, key, a);
	else
		json_decref(a);
}

static bool has_str(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* --- organisations --------------------------------------------------- */

void hsds_org_uuid(const struct hsds_org_row *o, char out[37])
{
	char id[24];

	if (o->uuid) {
		snprintf(out, 37, "%s", o->uuid);
		return;
	}
	snprintf(id, sizeof(id), "%lld", (long long)o->id);
	hsds_slot_id(out, o->municipality, "organisation", id);
}

enum err hsds_org_find(struct db *db, struct arena *ar,
		       const char *municipality, const char *uuid,
		       struct hsds_org_row *out)
{
	enum err e = store_hsds_org_by_uuid(db, ar, municipality, uuid, out);
	int64_t *ids;
	size_t n;
	char id[37];

	if (e != ERR_NOT_FOUND || !hsds_uuid_valid(uuid))
		return e;
	if ((e = store_hsds_orgs_without_uuid(db, ar, municipality, &ids,
					      &n)) != ERR_OK)
		return e;
	for (size_t i = 0; i < n; i++) {
		struct hsds_org_row probe = {.id = ids[i],
					     .municipality = (char *)municipality};

		hsds_org_uuid(&probe, id);
		if (strcmp(id, uuid) == 0)
			return store_hsds_org_get(db, ar, ids[i], out);
	}
	return ERR_NOT_FOUND;
}

/* An attribute linking owner to a built-in term, with the term nested. */
static json_t *builtin_attribute(const char *owner, const char *slot,
				 const char *entity, size_t term,
				 const char *value)
{
	char id[37];
	json_t *a, *t = hsds_builtin_term(term);

	hsds_slot_id(id, owner, slot, NULL);
	a = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "link_id", owner,
		      "link_entity", entity, "taxonomy_term_id",
		      json_string_value(json_object_get(t, "id")));
	set_str(a, "value", value);
	json_object_set_new(a, "taxonomy_term", t);
	return a;
}

static size_t kind_index(const char *kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(hsds_org_kinds[i], kind) == 0)
			return i;
	return NKINDS - 1;
}

/* organization_identifiers and attributes: the kept ones plus the KvK
 * number and the kind when the kept ones do not say them already. */
static void org_arrays(json_t *j, json_t *extra, const struct hsds_org_row *o,
		       const char *uuid)
{
	json_t *ids = json_deep_copy(json_object_get(extra, "organization_identifiers"));
	json_t *attrs = json_deep_copy(json_object_get(extra, "attributes"));
	bool have_kvk = false;
	size_t i;
	json_t *v;

	ids = json_is_array(ids) ? ids : (json_decref(ids), json_array());
	attrs = json_is_array(attrs) ? attrs : (json_decref(attrs), json_array());
	json_array_foreach(ids, i, v) {
		const char *x = hsds_str(v, "identifier");

		have_kvk = have_kvk || (o->kvk && x && strcmp(x, o->kvk) == 0);
	}
	if (o->kvk && !have_kvk) {
		char id[37];

		hsds_slot_id(id, uuid, "kvk", NULL);
		json_array_append_new(
			ids, json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id,
				       "organization_id", uuid,
				       "identifier_scheme", "NL-KVK",
				       "identifier_type", "KvK-nummer",
				       "identifier", o->kvk));
	}
	if (o->kind && strcmp(o->kind, "overig") != 0)
		json_array_append_new(attrs, builtin_attribute(uuid, "kind",
							       "organization",
							       2 + kind_index(o->kind),
							       o->kind));
	set_array(j, "organization_identifiers", ids);
	set_array(j, "attributes", attrs);
}

static json_t *org_extension(struct db *db, struct arena *ar,
			     const struct hsds_org_row *o, enum err *e)
{
	struct org_row row;
	json_t *x = json_object(), *areas = json_array();

	set_str(x, "kind", o->kind);
	set_str(x, "kvk", o->kvk);
	set_str(x, "confirmed_at", o->confirmed_at);
	*e = store_org_get(db, ar, o->id, &row);
	for (size_t i = 0; *e == ERR_OK && i < row.nareas; i++)
		json_array_append_new(areas, json_string(row.areas[i]));
	json_object_set_new(x, "areas", areas);
	if (o->is_demo)
		json_object_set_new(x, "demo", json_true());
	return x;
}

static json_t *org_services(struct db *db, struct arena *ar,
			    const struct hsds_export_opts *opts,
			    const struct hsds_org_row *o, unsigned flags,
			    enum err *e)
{
	struct service_row *rows;
	size_t n;
	json_t *a = json_array();

	*e = store_services_of_org(db, ar, o->id, &rows, &n);
	for (size_t i = 0; *e == ERR_OK && i < n; i++) {
		json_t *s = hsds_service_json(db, ar, opts, &rows[i],
					      (flags & HSDS_FULL_SERVICES) ? HSDS_FULL : 0,
					      e);

		if (s)
			json_array_append_new(a, s);
	}
	return a;
}

json_t *hsds_org_json(struct db *db, struct arena *ar,
		      const struct hsds_export_opts *opts,
		      const struct hsds_org_row *o, unsigned flags,
		      enum err *e)
{
	static const char *const skip[] = {"organization_identifiers",
					   "attributes", NULL};
	bool full = flags & HSDS_FULL;
	json_t *j = json_object(), *extra;
	char uuid[37];

	*e = ERR_OK;
	hsds_org_uuid(o, uuid);
	extra = extra_load(o->hsds_extra, "organisation", o->id);
	set_str(j, "id", uuid);
	set_str(j, "name", o->name);
	set_str(j, "description", o->description ? o->description : "");
	set_str(j, "email", o->email);
	set_str(j, "website", o->website);
	merge_extra(j, extra, full, skip);
	if (full)
		org_arrays(j, extra, o, uuid);
	json_decref(extra);
	json_object_set_new(j, X_WIJKAGENDA, org_extension(db, ar, o, e));
	if (*e == ERR_OK && (flags & HSDS_WITH_SERVICES))
		json_object_set_new(j, "services",
				    org_services(db, ar, opts, o, flags, e));
	if (*e != ERR_OK) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* --- taxonomies and terms -------------------------------------------- */

json_t *hsds_taxonomy_json(const struct taxonomy_row *t)
{
	json_t *j = json_object();

	set_str(j, "id", t->uuid);
	set_str(j, "name", t->name);
	set_str(j, "description", t->description ? t->description : "");
	set_str(j, "uri", t->uri);
	set_str(j, "version", t->version);
	return j;
}

json_t *hsds_term_json(const struct term_row *t, const struct taxonomy_row *tax)
{
	json_t *j = json_object(), *extra;

	set_str(j, "id", t->uuid);
	set_str(j, "code", t->code);
	set_str(j, "name", t->name);
	set_str(j, "description", t->description ? t->description : "");
	set_str(j, "parent_id", t->parent_uuid);
	if (tax) {
		set_str(j, "taxonomy_id", tax->uuid);
		json_object_set_new(j, "taxonomy_detail", hsds_taxonomy_json(tax));
	}
	extra = extra_load(t->hsds_extra, "taxonomy_term", t->id);
	merge_extra(j, extra, true, NULL);
	json_decref(extra);
	return j;
}

json_t *hsds_term_json_db(struct db *db, struct arena *ar,
			  const struct term_row *t, enum err *e)
{
	struct taxonomy_row tax;

	*e = ERR_OK;
	if (!t->taxonomy_id)
		return hsds_term_json(t, NULL);
	*e = store_hsds_taxonomy_get(db, ar, t->taxonomy_id, &tax);
	return *e == ERR_OK ? hsds_term_json(t, &tax) : NULL;
}

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

		if (c && has_str(codes, ncodes, c) && !json_object_get(done, c)) {
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
			  enum err *e)
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
		for (size_t k = 0; t && k < n; k++)
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
		json_object_set_new(a, "taxonomy_term",
				    hsds_term_json_db(db, ar, &terms[i], e));
		json_array_append_new(out, a);
	}
	if (s->norm_days >= 0) {
		snprintf(nd, sizeof(nd), "%d", s->norm_days);
		json_array_append_new(out, builtin_attribute(s->uuid, "norm_days",
							     "service", 0, nd));
	}
	if (s->norm_text)
		json_array_append_new(out, builtin_attribute(s->uuid, "norm_text",
							     "service", 1,
							     s->norm_text));
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
	if (s->languages && *s->languages && !json_object_get(j, "languages")) {
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
		set_array(j, "languages", a);
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
	set_str(x, "norm_text", s->norm_text);
	set_str(x, "confirmed_at", s->confirmed_at);
	set_str(x, "cost", s->cost);
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
	set_str(j, "id", s->uuid);
	set_str(j, "organization_id", org_uuid);
	set_str(j, "name", s->name);
	set_str(j, "alternate_name", s->alternate_name);
	set_str(j, "description", s->description ? s->description : "");
	set_str(j, "url", s->url);
	set_str(j, "email", s->email);
	set_str(j, "status", s->status);
	set_str(j, "eligibility_description", s->eligibility_description);
	set_str(j, "application_process", s->application_process);
	set_str(j, "fees_description", s->fees_description);
	if (s->confirmed_at && strlen(s->confirmed_at) >= 10)
		json_object_set_new(j, "assured_date",
				    json_stringn(s->confirmed_at, 10));
	set_str(j, "last_modified", s->updated_at);
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
	extra = extra_load(s->hsds_extra, "service", s->id);
	merge_extra(j, extra, full, skip);
	if (full) {
		set_array(j, "service_areas",
			  service_areas(db, ar, o, s, extra, codes, ncodes));
		set_array(j, "attributes", attributes(db, ar, s, extra, e));
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
		json_t *j = hsds_service_json(db, ar, o, &rows[i], HSDS_FULL, &e);

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
