/* tabular: the HSDS tabular form as JSON ({"organizations.csv": [rows],
 * "phones.csv": [rows], ...}, as the official examples/tabular.json) nested
 * into a package, so that the importer sees the same objects as in the
 * API form.  Every row goes under the record its most specific foreign
 * key names (a phone under its contact before its location, service or
 * organization); its foreign key fields stay in it, so nothing is lost.
 * Rows are checked against the schema of their table before they move,
 * so problems carry their real paths ($["phones.csv"][0].number). */
#include <string.h>

#include "hsds/internal.h"

#define ANY "*" /* a link to a record of any table (attribute, metadata) */
#define MAX_LINKS 5

struct table {
	const char *file, *kind;
	const char *array; /* key in the parent; NULL: top level */
	const char *links[MAX_LINKS][2]; /* field, table: most specific first */
};

static const struct table tables[] = {
	{"organizations.csv", "organization", NULL, {{NULL, NULL}}},
	{"services.csv", "service", NULL, {{NULL, NULL}}},
	{"taxonomies.csv", "taxonomy", NULL, {{NULL, NULL}}},
	{"taxonomy_terms.csv", "taxonomy_term", NULL, {{NULL, NULL}}},
	{"programs.csv", "program", "programs",
	 {{"organization_id", "organizations.csv"}}},
	{"locations.csv", "location", "locations",
	 {{"organization_id", "organizations.csv"}}},
	{"service_at_location.csv", "service_at_location", "service_at_locations",
	 {{"service_id", "services.csv"}}},
	{"contacts.csv", "contact", "contacts",
	 {{"service_at_location_id", "service_at_location.csv"},
	  {"location_id", "locations.csv"},
	  {"service_id", "services.csv"},
	  {"organization_id", "organizations.csv"}}},
	{"phones.csv", "phone", "phones",
	 {{"contact_id", "contacts.csv"},
	  {"service_at_location_id", "service_at_location.csv"},
	  {"location_id", "locations.csv"},
	  {"service_id", "services.csv"},
	  {"organization_id", "organizations.csv"}}},
	{"addresses.csv", "address", "addresses",
	 {{"location_id", "locations.csv"}}},
	{"schedules.csv", "schedule", "schedules",
	 {{"service_at_location_id", "service_at_location.csv"},
	  {"location_id", "locations.csv"},
	  {"service_id", "services.csv"}}},
	{"funding.csv", "funding", "funding",
	 {{"service_id", "services.csv"},
	  {"organization_id", "organizations.csv"}}},
	{"service_areas.csv", "service_area", "service_areas",
	 {{"service_id", "services.csv"}}},
	{"required_documents.csv", "required_document", "required_documents",
	 {{"service_id", "services.csv"}}},
	{"languages.csv", "language", "languages",
	 {{"phone_id", "phones.csv"},
	  {"location_id", "locations.csv"},
	  {"service_id", "services.csv"}}},
	{"accessibility.csv", "accessibility", "accessibility",
	 {{"location_id", "locations.csv"}}},
	{"cost_options.csv", "cost_option", "cost_options",
	 {{"service_id", "services.csv"}}},
	{"organization_identifiers.csv", "organization_identifier",
	 "organization_identifiers",
	 {{"organization_id", "organizations.csv"}}},
	{"attributes.csv", "attribute", "attributes", {{"link_id", ANY}}},
	{"metadata.csv", "metadata", "metadata", {{"resource_id", ANY}}},
	/* Descriptions of the tables themselves: nothing to hang them on
	 * (docs/hsds.md: not kept). */
	{"meta_table_descriptions.csv", "meta_table_description", "", {{NULL, NULL}}},
};

#define NTABLES (sizeof(tables) / sizeof(tables[0]))

bool hsds_is_tabular(const json_t *root)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)root, key, v) {
		size_t n = strlen(key);

		if (n > 4 && strcmp(key + n - 4, ".csv") == 0)
			return true;
	}
	return false;
}

static int table_index(const char *file)
{
	for (size_t i = 0; i < NTABLES; i++)
		if (strcmp(tables[i].file, file) == 0)
			return (int)i;
	return -1;
}

static const char *row_path(struct arena *ar, const char *file, size_t i)
{
	return hsds_path_index(ar, hsds_path_key(ar, "$", file), i);
}

/* Check every table and row; fill ids[t] (id -> row) per table. */
static bool check_tables(json_t *root, json_t **ids, struct hsds_report *rep)
{
	size_t before = rep->nerrors;
	const char *key;
	json_t *rows, *row;
	size_t i;

	json_object_foreach(root, key, rows) {
		int t = table_index(key);
		const char *tp = hsds_path_key(rep->ar, "$", key);

		if (t < 0) {
			hsds_report_add(rep, tp, "is not a table of HSDS 3.0");
			continue;
		}
		if (!json_is_array(rows)) {
			hsds_report_add(rep, tp, "must be an array of rows");
			continue;
		}
		json_array_foreach(rows, i, row) {
			const char *p = row_path(rep->ar, key, i);
			const char *id;

			hsds_coerce_row(tables[t].kind, row);
			if (hsds_validate(tables[t].kind, row, p, rep))
				continue;
			id = hsds_str(row, "id");
			if (json_object_get(ids[t], id))
				hsds_report_add(rep, hsds_path_key(rep->ar, p, "id"),
						"another row of this table has this id");
			else
				json_object_set(ids[t], id, row);
		}
	}
	return rep->nerrors == before;
}

/* Links to any table never reach attributes or metadata rows, except
 * metadata about an attribute: the nesting stays a tree (no cycles). */
static json_t *find_row(json_t **ids, const struct table *from,
			const char *table, const char *id)
{
	bool meta = strcmp(from->file, "metadata.csv") == 0;
	json_t *r;

	if (strcmp(table, ANY) != 0)
		return json_object_get(ids[table_index(table)], id);
	for (size_t t = 0; t < NTABLES; t++) {
		bool any = tables[t].links[0][1] &&
			   strcmp(tables[t].links[0][1], ANY) == 0;

		if (any && !(meta && strcmp(tables[t].file, "attributes.csv") == 0))
			continue;
		if ((r = json_object_get(ids[t], id)))
			return r;
	}
	return NULL;
}

static void append(json_t *parent, const char *key, json_t *row)
{
	json_t *a = json_object_get(parent, key);

	if (!json_is_array(a)) {
		a = json_array();
		json_object_set_new(parent, key, a);
	}
	json_array_append(a, row);
}

/* A location without an organization goes into the first
 * service_at_location that names it. */
static bool location_into_sal(json_t **ids, json_t *row)
{
	const char *id = hsds_str(row, "id"), *key;
	json_t *sal;

	json_object_foreach(ids[table_index("service_at_location.csv")], key, sal) {
		const char *l = hsds_str(sal, "location_id");

		if (l && strcmp(l, id) == 0 && !json_object_get(sal, "location")) {
			json_object_set(sal, "location", row);
			return true;
		}
	}
	return false;
}

static void link_row(const struct table *t, json_t **ids, json_t *row,
		     const char *path, struct hsds_report *rep)
{
	const char *first = NULL;

	for (int l = 0; l < MAX_LINKS && t->links[l][0]; l++) {
		const char *fk = hsds_str(row, t->links[l][0]);
		json_t *parent;

		if (!fk || !*fk)
			continue;
		if (!first)
			first = t->links[l][0];
		if ((parent = find_row(ids, t, t->links[l][1], fk))) {
			append(parent, t->array, row);
			return;
		}
	}
	if (strcmp(t->kind, "location") == 0 && location_into_sal(ids, row))
		return;
	if (first)
		hsds_report_add(rep, hsds_path_key(rep->ar, path, first),
				"names no record of this document");
	else
		hsds_report_add(rep, path, "is linked to no record of this "
					   "document (give one of its *_id fields)");
}

static json_t *top_rows(json_t *root, const char *file, json_t *paths,
			struct arena *ar)
{
	json_t *rows = json_object_get(root, file), *out = json_array(), *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		json_array_append(out, row);
		json_object_set_new(paths, hsds_str(row, "id"),
				    json_string(row_path(ar, file, i)));
	}
	return out;
}

json_t *hsds_tabular_nest(json_t *root, json_t *paths, struct hsds_report *rep)
{
	json_t *ids[NTABLES], *pkg = NULL;
	size_t i;
	json_t *row;

	for (size_t t = 0; t < NTABLES; t++)
		ids[t] = json_object();
	if (!check_tables(root, ids, rep))
		goto out;
	for (size_t t = 0; t < NTABLES; t++) {
		const char *file = tables[t].file;

		if (!tables[t].array || !*tables[t].array)
			continue;
		json_array_foreach(json_object_get(root, file), i, row) {
			link_row(&tables[t], ids, row, row_path(rep->ar, file, i), rep);
		}
	}
	if (rep->nerrors)
		goto out;
	pkg = json_pack("{s:o, s:o, s:o, s:o}", "organizations",
			top_rows(root, "organizations.csv", paths, rep->ar),
			"services", top_rows(root, "services.csv", paths, rep->ar),
			"taxonomies", top_rows(root, "taxonomies.csv", paths, rep->ar),
			"taxonomy_terms",
			top_rows(root, "taxonomy_terms.csv", paths, rep->ar));
out:
	for (size_t t = 0; t < NTABLES; t++)
		json_decref(ids[t]);
	return pkg;
}
