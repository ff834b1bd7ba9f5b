/* export_org: organisations, taxonomies and taxonomy terms as HSDS
 * objects (see export.c for the order of columns, kept fields and
 * made-up objects). */
#include <stdio.h>
#include <string.h>

#include "hsds/internal.h"
#include "store/accounts.h"
#include "store/store.h"

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
		json_array_append_new(attrs, hsds_builtin_attribute(uuid, "kind",
							       "organization",
							       2 + hsds_kind_index(o->kind),
							       o->kind, true));
	hsds_set_array(j, "organization_identifiers", ids);
	hsds_set_array(j, "attributes", attrs);
}

static json_t *org_extension(struct db *db, struct arena *ar,
			     const struct hsds_org_row *o, enum err *e)
{
	struct org_row row;
	json_t *x = json_object(), *areas = json_array();

	hsds_set_str(x, "kind", o->kind);
	hsds_set_str(x, "kvk", o->kvk);
	hsds_set_str(x, "confirmed_at", o->confirmed_at);
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
	extra = hsds_extra_load(o->hsds_extra, "organisation", o->id);
	hsds_set_str(j, "id", uuid);
	hsds_set_str(j, "name", o->name);
	hsds_set_str(j, "description", o->description ? o->description : "");
	hsds_set_str(j, "email", o->email);
	hsds_set_str(j, "website", o->website);
	hsds_merge_extra(j, extra, full, skip);
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

	hsds_set_str(j, "id", t->uuid);
	hsds_set_str(j, "name", t->name);
	hsds_set_str(j, "description", t->description ? t->description : "");
	hsds_set_str(j, "uri", t->uri);
	hsds_set_str(j, "version", t->version);
	return j;
}

json_t *hsds_term_json(const struct term_row *t, const struct taxonomy_row *tax)
{
	json_t *j = json_object(), *extra;

	hsds_set_str(j, "id", t->uuid);
	hsds_set_str(j, "code", t->code);
	hsds_set_str(j, "name", t->name);
	hsds_set_str(j, "description", t->description ? t->description : "");
	hsds_set_str(j, "parent_id", t->parent_uuid);
	if (tax) {
		hsds_set_str(j, "taxonomy_id", tax->uuid);
		json_object_set_new(j, "taxonomy_detail", hsds_taxonomy_json(tax));
	}
	extra = hsds_extra_load(t->hsds_extra, "taxonomy_term", t->id);
	hsds_merge_extra(j, extra, true, NULL);
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
