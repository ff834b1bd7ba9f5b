/* export_common: what the export shares: the built-in wijkagenda
 * taxonomies (docs/hsds.md, "The extension"), derived ids of made-up
 * objects, and helpers to build objects from columns and hsds_extra. */
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "domain/organisation.h"
#include "hsds/internal.h"

/* --- built-in taxonomies --------------------------------------------- */

/* The kinds and their Dutch names are domain/organisation.h's org_kinds;
 * their built-in terms ...9a11 to ...9a1a, in that order. */
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
_Static_assert(NKINDS == ORG_KINDS, "a built-in term for every kind");

const char *hsds_kind_term(const char *kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (kind && strcmp(org_kinds[i].value, kind) == 0)
			return kind_terms[i];
	return NULL;
}

const char *hsds_term_kind(const char *term_uuid)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (term_uuid && strcmp(kind_terms[i], term_uuid) == 0)
			return org_kinds[i].value;
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
		 org_kinds[i].value);
	return builtin_term(kind_terms[i], org_kinds[i].value, org_kinds[i].label,
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

void hsds_set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

/* The object of an hsds_extra text ({} when it is not one: logged). */
json_t *hsds_extra_load(const char *text, const char *what, int64_t id)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	char ids[24];

	if (json_is_object(j))
		return j;
	json_decref(j);
	if (text && strcmp(text, "{}") != 0) {
		snprintf(ids, sizeof(ids), "%lld", (long long)id);
		log_event("warn", "hsds_extra_unreadable", "record", what, "id",
			  ids);
	}
	return json_object();
}

/* Copy the kept fields that the object does not have yet; arrays only in
 * full form; never our '$' keys, nor the keys in skip. */
void hsds_merge_extra(json_t *dst, json_t *extra, bool full,
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

void hsds_set_array(json_t *o, const char *key, json_t *a)
{
	if (json_array_size(a))
		json_object_set_new(o, key, a);
	else
		json_decref(a);
}

bool hsds_has_str(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* An attribute linking owner to a built-in term, with the term nested. */
json_t *hsds_builtin_attribute(const char *owner, const char *slot,
			       const char *entity, size_t term,
			       const char *value, bool nest)
{
	char id[37];
	json_t *a, *t = hsds_builtin_term(term);

	hsds_slot_id(id, owner, slot, NULL);
	a = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "link_id", owner,
		      "link_entity", entity, "taxonomy_term_id",
		      json_string_value(json_object_get(t, "id")));
	hsds_set_str(a, "value", value);
	if (nest)
		json_object_set_new(a, "taxonomy_term", t);
	else
		json_decref(t);
	return a;
}

size_t hsds_kind_index(const char *kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(org_kinds[i].value, kind) == 0)
			return i;
	return NKINDS - 1;
}
