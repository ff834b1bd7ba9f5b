/* test_hsds: the HSDS 3.0 import and export (src/hsds) on a fresh database
 * per test (db_fixture.h: an SQLite file, or PostgreSQL with
 * WIJKAGENDA_TEST_PG; municipality GM0363 and a few areas).
 *
 *  - every official example (../shared/data/hsds-examples/json): imported
 *    and exported again, compared with a JSON diff that ignores only the
 *    differences docs/hsds.md documents (or refused with the documented
 *    message: base.json, location.json, tabular.json's dangling links);
 *  - our own package exported, imported into another database and
 *    exported again: the same;
 *  - hostile documents: malformed JSON, wrong types, missing fields,
 *    duplicate ids and keys, unknown terms and organisations, services
 *    without organisation, 10,000-deep nesting, huge strings, too many
 *    values, too large: each refused with its JSON path and the database
 *    checksum unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/token.h"
#include "base/util.h"
#include "hsds/hsds.h"
#include "store/accounts.h"
#include "store/store.h"
#include "text/fts_dutch.h"

#include "db_fixture.h"

#define MUNI "GM0363"
#define SVC_ID "5a1f0c1e-8d7b-4c1e-9f3a-0b2c4d6e8f01"
#define ORG_ID "5a1f0c1e-8d7b-4c1e-9f3a-0b2c4d6e8f02"
#define TAX_ID "5a1f0c1e-8d7b-4c1e-9f3a-0b2c4d6e8f03"
#define TERM_ID "5a1f0c1e-8d7b-4c1e-9f3a-0b2c4d6e8f04"
#define UNKNOWN_ID "5a1f0c1e-8d7b-4c1e-9f3a-0b2c4d6e8fff"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena ar;
	struct hsds_report rep;
};

static const struct hsds_export_opts xopts = {MUNI, "https://wijk.example"};

/* --- fixture --------------------------------------------------------- */

static void put_area(struct fixture *f, enum area_level level,
		     const char *code, const char *name, const char *parent)
{
	struct area_rec a = {level, (char *)code, (char *)name,
			     (char *)parent, NULL};

	assert_int_equal(store_area_put(f->db, MUNI, &a), ERR_OK);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "hsds", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->ar);
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	put_area(f, AREA_GEMEENTE, MUNI, "Amsterdam", NULL);
	put_area(f, AREA_STADSDEEL, "E", "West", MUNI);
	put_area(f, AREA_WIJK, "EK", "Kolenkitbuurt", "E");
	put_area(f, AREA_BUURT, "EK01", "Kolenkitbuurt-Noord", "EK");
	put_area(f, AREA_BUURT, "EK02", "Kolenkitbuurt-Zuid", "EK");
	hsds_report_init(&f->rep, &f->ar);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_fixture_close(&f->fx, f->db);
	arena_clear(&f->ar);
	free(f);
	return 0;
}

/* FNV-1a 64 over n bytes of t, then a separator. */
static uint64_t fnv(uint64_t sum, const unsigned char *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++)
		sum = (sum ^ t[i]) * 1099511628211ULL;
	return (sum ^ 0x1f) * 1099511628211ULL;
}

/* PostgreSQL: each table's rows as one text (query_to_xml runs the query
 * that names the table, which a prepared statement cannot). */
static const char sql_tables_pg[] =
	"SELECT query_to_xml(format('SELECT * FROM %I t ORDER BY t::text',"
	" table_name), true, false, '')::text"
	" FROM information_schema.tables WHERE table_schema = 'public'"
	" AND table_type = 'BASE TABLE' ORDER BY table_name";

static uint64_t checksum_pg(struct fixture *f)
{
	struct db_stmt *st = db_prepare(f->db, sql_tables_pg);
	uint64_t sum = 1469598103934665603ULL;
	enum db_step s;

	while ((s = db_step(st)) == DB_ROW) {
		const char *t = db_col_text(st, 0);

		sum = fnv(sum, (const unsigned char *)t, t ? strlen(t) : 0);
	}
	db_done(st);
	assert_int_equal(s, DB_DONE);
	return sum;
}

/* SHA-like digest (FNV-1a 64) over every row of every real table, rows
 * in a stable order: proves that a refused document changed nothing. */
static uint64_t checksum(struct fixture *f)
{
	sqlite3 *h;
	sqlite3_stmt *tables, *rows;
	uint64_t sum = 1469598103934665603ULL;
	char sql[256];

	if (db_dialect(f->db) == DB_POSTGRES)
		return checksum_pg(f);
	assert_int_equal(sqlite3_open_v2(f->fx.url, &h, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h,
			"SELECT name FROM sqlite_master WHERE type = 'table'"
			" AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
			-1, &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY 1", /* lint-ok: a table of the catalogue */
			 (const char *)sqlite3_column_text(tables, 0));
		assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &rows, NULL), SQLITE_OK);
		while (sqlite3_step(rows) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(rows); c++)
				sum = fnv(sum, sqlite3_column_text(rows, c),
					  (size_t)sqlite3_column_bytes(rows, c));
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	sqlite3_close(h);
	return sum;
}

static enum err import_text(struct fixture *f, const char *text, size_t len)
{
	struct hsds_import_opts o = {.municipality = MUNI, .source = "test",
				     .actor_label = "test"};

	hsds_report_init(&f->rep, &f->ar);
	return hsds_import(f->db, &f->ar, text, len, &o, &f->rep);
}

static enum err import_json(struct fixture *f, json_t *doc)
{
	char *s = json_dumps(doc, JSON_COMPACT);
	enum err e = import_text(f, s, strlen(s));

	free(s);
	return e;
}

static bool has_error(const struct fixture *f, const char *path,
		      const char *needle)
{
	for (size_t i = 0; i < f->rep.nerrors; i++)
		if (strcmp(f->rep.errors[i].path, path) == 0 &&
		    (!needle || strstr(f->rep.errors[i].message, needle)))
			return true;
	return false;
}

static void print_errors(const struct fixture *f)
{
	hsds_report_print(&f->rep, stderr);
}

/* The document is refused with the problem at path, and nothing moved. */
static void refused(struct fixture *f, const char *text, size_t len,
		    const char *path, const char *needle)
{
	uint64_t before = checksum(f);
	enum err e = import_text(f, text, len);

	if (e == ERR_OK || !has_error(f, path, needle)) {
		fprintf(stderr, "expected %s: %s; got %s:\n", path,
			needle ? needle : "", err_name(e));
		print_errors(f);
		fail();
	}
	assert_true(checksum(f) == before);
}

static void refused_json(struct fixture *f, json_t *doc, const char *path,
			 const char *needle)
{
	char *s = json_dumps(doc, JSON_COMPACT);

	refused(f, s, strlen(s), path, needle);
	free(s);
	json_decref(doc);
}

/* --- the JSON diff --------------------------------------------------- */

/* docs/hsds.md, "Round trip": fields the export may add, and fields whose
 * value it may change. */
static const char *const added_ok[] = {
	"organization_id", "x_wijkagenda", "taxonomy_id", "taxonomy_term_id",
	"taxonomy_detail", "assured_date", "description", "last_modified",
	NULL};
static const char *const changed_ok[] = {"last_modified", NULL};

static bool listed(const char *const *l, const char *k)
{
	for (; *l; l++)
		if (strcmp(*l, k) == 0)
			return true;
	return false;
}

/* Problems of got against want, printed with their paths. */
static int diff(const json_t *want, const json_t *got, const char *path)
{
	char p[512];
	int bad = 0;

	if (json_is_object(want) && json_is_object(got)) {
		const char *k;
		json_t *v;

		json_object_foreach((json_t *)want, k, v) {
			json_t *g = json_object_get(got, k);

			snprintf(p, sizeof(p), "%s.%s", path, k);
			if (!g) {
				fprintf(stderr, "missing %s\n", p);
				bad++;
			} else if (!listed(changed_ok, k)) {
				bad += diff(v, g, p);
			}
		}
		json_object_foreach((json_t *)got, k, v)
			if (!json_object_get(want, k) && !listed(added_ok, k)) {
				fprintf(stderr, "added %s.%s\n", path, k);
				bad++;
			}
		return bad;
	}
	if (json_is_array(want) && json_is_array(got)) {
		if (json_array_size(want) != json_array_size(got)) {
			fprintf(stderr, "%s: %zu items, not %zu\n", path,
				json_array_size(got), json_array_size(want));
			return 1;
		}
		for (size_t i = 0; i < json_array_size(want); i++) {
			snprintf(p, sizeof(p), "%s[%zu]", path, i);
			bad += diff(json_array_get(want, i), json_array_get(got, i), p);
		}
		return bad;
	}
	if (!json_equal((json_t *)want, (json_t *)got)) {
		char *a = json_dumps(want, JSON_ENCODE_ANY),
		     *b = json_dumps(got, JSON_ENCODE_ANY);

		fprintf(stderr, "%s: %.80s, not %.80s\n", path, b, a);
		free(a);
		free(b);
		return 1;
	}
	return 0;
}

/* --- the official examples ------------------------------------------- */

static const char *examples_dir(void)
{
	static const char *const dirs[] = {"../shared/data/hsds-examples/json",
					   "../../shared/data/hsds-examples/json"};
	const char *env = getenv("HSDS_EXAMPLES");

	if (env)
		return env;
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (access(dirs[i], R_OK) == 0)
			return dirs[i];
	fail_msg("the HSDS examples were not found (set HSDS_EXAMPLES)");
	return NULL;
}

static json_t *example(const char *name)
{
	char path[512];
	json_error_t err;
	json_t *j;

	snprintf(path, sizeof(path), "%s/%s", examples_dir(), name);
	j = json_load_file(path, 0, &err);
	if (!j)
		fail_msg("%s: %s", path, err.text);
	return j;
}

static void import_example(struct fixture *f, const char *name)
{
	json_t *doc = example(name);
	enum err e = import_json(f, doc);

	if (e != ERR_OK) {
		fprintf(stderr, "%s:\n", name);
		print_errors(f);
	}
	assert_int_equal(e, ERR_OK);
	json_decref(doc);
}

static json_t *export_service(struct fixture *f, const char *id, unsigned fl)
{
	json_t *j = NULL;

	assert_int_equal(hsds_export_service(f->db, &f->ar, &xopts, id, fl, &j),
			 ERR_OK);
	return j;
}

static json_t *export_org(struct fixture *f, const char *id, unsigned fl)
{
	json_t *j = NULL;

	assert_int_equal(hsds_export_organization(f->db, &f->ar, &xopts, id, fl, &j),
			 ERR_OK);
	return j;
}

static void same(const json_t *want, json_t *got, const char *what)
{
	int bad = diff(want, got, "$");

	if (bad)
		fprintf(stderr, "%s: %d differences\n", what, bad);
	json_decref(got);
	assert_int_equal(bad, 0);
}

static void test_example_service_full(void **state)
{
	struct fixture *f = *state;
	json_t *in = example("service_full.json");

	import_example(f, "service_full.json");
	same(in, export_service(f, json_string_value(json_object_get(in, "id")),
				HSDS_FULL | HSDS_WITH_ORG), "service_full");
	json_decref(in);
}

static void test_example_service_list(void **state)
{
	struct fixture *f = *state;
	json_t *in = example("service_list.json"), *s;
	size_t i;

	import_example(f, "service_list.json");
	json_array_foreach(json_object_get(in, "contents"), i, s)
		same(s, export_service(f, json_string_value(json_object_get(s, "id")),
				       HSDS_WITH_ORG), "service_list");
	json_decref(in);
}

static void test_example_organization_full(void **state)
{
	struct fixture *f = *state;
	json_t *in = example("organization_full.json");

	import_example(f, "organization_full.json");
	same(in, export_org(f, json_string_value(json_object_get(in, "id")),
			    HSDS_FULL | HSDS_WITH_SERVICES | HSDS_FULL_SERVICES),
	     "organization_full");
	json_decref(in);
}

static void test_example_organization_list(void **state)
{
	struct fixture *f = *state;
	json_t *in = example("organization_list.json"), *o;
	size_t i;

	import_example(f, "organization_list.json");
	json_array_foreach(json_object_get(in, "contents"), i, o)
		same(o, export_org(f, json_string_value(json_object_get(o, "id")), 0),
		     "organization_list");
	json_decref(in);
}

/* A service_at_location comes back inside its service's
 * service_at_locations (docs/hsds.md). */
static void check_sal(struct fixture *f, json_t *sal)
{
	json_t *want = json_deep_copy(json_object_get(sal, "service"));
	json_t *rest = json_deep_copy(sal);

	json_object_del(rest, "service");
	json_object_set_new(want, "service_at_locations", json_pack("[o]", rest));
	same(want, export_service(f, json_string_value(json_object_get(want, "id")),
				  HSDS_FULL | HSDS_WITH_ORG), "service_at_location");
	json_decref(want);
}

static void test_example_sal(void **state)
{
	struct fixture *f = *state;
	json_t *full = example("service_at_location_full.json");

	import_example(f, "service_at_location_full.json");
	check_sal(f, full);
	json_decref(full);
}

static void test_example_sal_list(void **state)
{
	struct fixture *f = *state;
	json_t *list = example("service_at_location_list.json"), *sal;
	size_t i;

	import_example(f, "service_at_location_list.json");
	json_array_foreach(json_object_get(list, "contents"), i, sal)
		check_sal(f, sal);
	json_decref(list);
}

static json_t *export_taxonomy(struct fixture *f, const char *id)
{
	struct taxonomy_row t;

	assert_int_equal(store_taxonomy_by_uuid(f->db, &f->ar, id, &t), ERR_OK);
	return hsds_taxonomy_json(&t);
}

static json_t *export_term(struct fixture *f, const char *id)
{
	struct term_row t;
	enum err e;
	json_t *j;

	assert_int_equal(store_term_by_uuid(f->db, &f->ar, id, &t), ERR_OK);
	j = hsds_term_json_db(f->db, &f->ar, &t, &e);
	assert_int_equal(e, ERR_OK);
	return j;
}

static void test_example_taxonomies(void **state)
{
	struct fixture *f = *state;
	json_t *one = example("taxonomy.json"), *list = example("taxonomy_list.json");
	json_t *t;
	size_t i;

	import_example(f, "taxonomy.json");
	same(one, export_taxonomy(f, json_string_value(json_object_get(one, "id"))),
	     "taxonomy");
	import_example(f, "taxonomy_list.json");
	json_array_foreach(json_object_get(list, "contents"), i, t)
		same(t, export_taxonomy(f, json_string_value(json_object_get(t, "id"))),
		     "taxonomy_list");
	json_decref(one);
	json_decref(list);
}

static void test_example_terms(void **state)
{
	struct fixture *f = *state;
	json_t *one = example("taxonomy_term.json");
	json_t *list = example("taxonomy_term_list.json"), *t;
	size_t i;

	import_example(f, "taxonomy_term.json");
	same(one, export_term(f, json_string_value(json_object_get(one, "id"))),
	     "taxonomy_term");
	import_example(f, "taxonomy_term_list.json");
	json_array_foreach(json_object_get(list, "contents"), i, t)
		same(t, export_term(f, json_string_value(json_object_get(t, "id"))),
		     "taxonomy_term_list");
	json_decref(one);
	json_decref(list);
}

/* Documented refusals: the API root and a location on its own. */
static void test_example_refused(void **state)
{
	struct fixture *f = *state;
	json_t *doc = example("base.json");

	refused_json(f, doc, "$", "no HSDS records");
	doc = example("location.json");
	refused_json(f, doc, "$", "a location on its own");
}

/* Every object with this id anywhere in the tree. */
static void find_ids(json_t *v, const char *id, json_t *out)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		const char *own = json_string_value(json_object_get(v, "id"));

		if (own && strcmp(own, id) == 0)
			json_array_append(out, v);
		json_object_foreach(v, k, x)
			find_ids(x, id, out);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			find_ids(x, id, out);
	}
}

/* Does some object with the row's id hold every field of the row? */
static bool row_kept(json_t *tree, json_t *row)
{
	json_t *found = json_array(), *o;
	size_t i;
	bool ok = false;

	find_ids(tree, json_string_value(json_object_get(row, "id")), found);
	json_array_foreach(found, i, o) {
		const char *k;
		json_t *v;
		bool all = true;

		json_object_foreach(row, k, v) {
			json_t *g = json_object_get(o, k);

			all = all && g && (listed(changed_ok, k) || json_equal(g, v) ||
					   /* cells typed by the schema */
					   (json_is_number(v) && json_is_string(g)));
		}
		ok = ok || all;
	}
	json_decref(found);
	return ok;
}

/* tabular.json names three records it does not hold: its attribute's
 * link_id, its metadata's resource_id and its term's taxonomy_id.  It is
 * refused with those paths; mended, every other row comes back. */
static void test_example_tabular(void **state)
{
	struct fixture *f = *state;
	json_t *tab = example("tabular.json"), *pkg = NULL, *rows;
	const char *k;
	size_t i;
	json_t *row;
	uint64_t before = checksum(f);

	assert_int_equal(import_json(f, tab), ERR_INVALID);
	assert_true(has_error(f, "$[\"attributes.csv\"][0].link_id", "names no record"));
	assert_true(has_error(f, "$[\"metadata.csv\"][0].resource_id", "names no record"));
	/* checked only once the rows nest: the second round */
	assert_true(checksum(f) == before);
	json_decref(tab);
	tab = example("tabular.json");
	json_object_set_new(tab, "attributes.csv", json_array());
	json_object_set_new(tab, "metadata.csv", json_array());
	json_object_set_new(tab, "meta_table_descriptions.csv", json_array());
	assert_int_equal(import_json(f, tab), ERR_INVALID);
	assert_true(has_error(f, "$[\"taxonomy_terms.csv\"][0].taxonomy_id",
			      "unknown taxonomy"));
	assert_true(checksum(f) == before);
	/* with its term in the file's taxonomy, all is well */
	json_object_set(json_array_get(json_object_get(tab, "taxonomy_terms.csv"), 0),
			"taxonomy_id",
			json_object_get(json_array_get(json_object_get(tab, "taxonomies.csv"), 0),
					"id"));
	rows = json_deep_copy(tab);
	if (import_json(f, tab) != ERR_OK)
		print_errors(f);
	assert_int_equal(f->rep.nerrors, 0);
	assert_int_equal(hsds_export_package(f->db, &f->ar, &xopts, &pkg), ERR_OK);
	json_object_foreach(rows, k, row) {
		json_array_foreach(json_object_get(rows, k), i, row)
			if (!row_kept(pkg, row)) {
				fprintf(stderr, "row %s[%zu] not exported\n", k, i);
				fail();
			}
	}
	json_decref(rows);
	json_decref(tab);
	json_decref(pkg);
}

/* --- our own documents ----------------------------------------------- */

static json_t *own_package(void)
{
	return json_pack(
		"{s:[{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:[s]}}],"
		" s:[{s:s, s:s, s:s, s:s, s:s, s:s,"
		"     s:{s:i, s:s, s:s, s:s, s:[ss], s:[s]},"
		"     s:[{s:s, s:s}]}],"
		" s:[{s:s, s:s, s:s}],"
		" s:[{s:s, s:s, s:s, s:s, s:s}]}",
		"organizations", "id", ORG_ID, "name", "Buurtwerk West",
		"description", "Welzijnswerk in West.", "website",
		"https://buurtwerk.example", "x_wijkagenda", "kind", "welzijn",
		"kvk", "12345678", "areas", "E",
		"services", "id", SVC_ID, "organization_id", ORG_ID, "name",
		"Schuldhulp op de hoek", "status", "active", "description",
		"Hulp bij schulden en lantaarnpalen.", "eligibility_description",
		"Voor bewoners van West.", "x_wijkagenda", "norm_days", 5,
		"norm_text", "Binnen vijf werkdagen belt iemand u terug.",
		"confirmed_at", "2026-01-15T09:00:00Z", "cost", "gratis",
		"languages", "nl", "tr", "areas", "EK01",
		"attributes", "id", "5a1f0c1e-8d7b-4c1e-9f3a-0b2c4d6e8f05",
		"taxonomy_term_id", TERM_ID,
		"taxonomies", "id", TAX_ID, "name", "Thema", "description",
		"Thema's van de sociale kaart.",
		"taxonomy_terms", "id", TERM_ID, "name", "Schulden", "description",
		"Geldzaken en schulden.", "code", "schulden", "taxonomy_id", TAX_ID);
}

/* Fields that differ between two exports of the same map. */
static void forget_times(json_t *pkg)
{
	json_t *v;
	size_t i;

	json_object_del(pkg, "x_wijkagenda");
	json_array_foreach(json_object_get(pkg, "services"), i, v)
		json_object_del(v, "last_modified");
	json_array_foreach(json_object_get(pkg, "organizations"), i, v)
		json_object_del(json_object_get(v, "x_wijkagenda"), "confirmed_at");
}

static void test_own_round_trip(void **state)
{
	struct fixture *f = *state, *g;
	json_t *doc = own_package(), *one = NULL, *two = NULL, *s, *x;
	char *text;

	assert_int_equal(import_json(f, doc), ERR_OK);
	assert_int_equal(f->rep.services.created, 1);
	assert_int_equal(f->rep.organizations.created, 1);
	assert_int_equal(hsds_export_package(f->db, &f->ar, &xopts, &one), ERR_OK);
	s = json_array_get(json_object_get(one, "services"), 0);
	x = json_object_get(s, "x_wijkagenda");
	assert_int_equal(json_integer_value(json_object_get(x, "norm_days")), 5);
	assert_string_equal(json_string_value(json_object_get(x, "cost")), "gratis");
	assert_string_equal(json_string_value(json_object_get(s, "assured_date")),
			    "2026-01-15");
	/* the norm also as attributes, and the area as a service_area */
	assert_int_equal(json_array_size(json_object_get(s, "attributes")), 3);
	assert_int_equal(json_array_size(json_object_get(s, "service_areas")), 1);
	/* into a second, fresh database */
	assert_int_equal(setup((void **)&g), 0);
	text = json_dumps(one, JSON_COMPACT);
	assert_int_equal(import_text(g, text, strlen(text)), ERR_OK);
	free(text);
	assert_int_equal(hsds_export_package(g->db, &g->ar, &xopts, &two), ERR_OK);
	forget_times(one);
	forget_times(two);
	/* ids of organisations come along, so even made-up ids agree */
	assert_int_equal(diff(one, two, "$"), 0);
	assert_true(json_equal(one, two));
	teardown((void **)&g);
	json_decref(one);
	json_decref(two);
	json_decref(doc);
}

/* Importing the same document again updates, and changes nothing else. */
static void test_reimport(void **state)
{
	struct fixture *f = *state;
	json_t *doc = own_package(), *one = NULL, *two = NULL;

	assert_int_equal(import_json(f, doc), ERR_OK);
	assert_int_equal(hsds_export_package(f->db, &f->ar, &xopts, &one), ERR_OK);
	assert_int_equal(import_json(f, doc), ERR_OK);
	assert_int_equal(f->rep.services.updated, 1);
	assert_int_equal(f->rep.services.created, 0);
	assert_int_equal(f->rep.organizations.updated, 1);
	assert_int_equal(hsds_export_package(f->db, &f->ar, &xopts, &two), ERR_OK);
	forget_times(one);
	forget_times(two);
	assert_int_equal(diff(one, two, "$"), 0);
	json_decref(one);
	json_decref(two);
	json_decref(doc);
}

/* A service made on the beheer side (no HSDS original) exports its
 * columns as HSDS objects; imported back they stay columns. */
static void test_columns_exported(void **state)
{
	struct fixture *f = *state;
	struct org_row o = {.municipality = MUNI, .name = "Dynamo", .kind = "welzijn",
			    .kvk = "87654321"};
	struct service_row s = {.municipality = MUNI, .name = "Inloop",
				.status = "active", .phone = "020 123 4567",
				.opening_hours = "ma-vr 9-17", .address = "Straat 1",
				.postal_code = "1055 AB", .city = "Amsterdam",
				.has_point = true, .latitude = 52.38, .longitude = 4.85,
				.norm_days = 3, .norm_text = "Binnen drie dagen.",
				.languages = "nl en"};
	struct service_row back;
	json_t *pkg = NULL, *j, *x;
	char *text;
	int64_t oid;

	assert_int_equal(store_org_create(f->db, &o, &oid), ERR_OK);
	s.organisation_id = oid;
	assert_int_equal(store_service_put(f->db, &s), ERR_OK);
	assert_int_equal(store_service_get(f->db, &f->ar, s.id, &back), ERR_OK);
	j = export_service(f, back.uuid, HSDS_FULL | HSDS_WITH_ORG);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(j, "phones"), 0), "number")), "020 123 4567");
	assert_non_null(json_object_get(j, "schedules"));
	assert_int_equal(json_array_size(json_object_get(j, "languages")), 2);
	x = json_object_get(json_array_get(json_object_get(j, "service_at_locations"), 0),
			    "location");
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(x, "addresses"), 0), "postal_code")), "1055 AB");
	/* the organisation has no uuid: a derived one, found again */
	x = json_object_get(j, "organization");
	assert_true(hsds_uuid_valid(json_string_value(json_object_get(x, "id"))));
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(x, "x_wijkagenda"), "kvk")), "87654321");
	json_decref(export_org(f, json_string_value(json_object_get(x, "id")), 0));
	json_decref(j);
	/* the package back into the same database: columns, no extras */
	assert_int_equal(hsds_export_package(f->db, &f->ar, &xopts, &pkg), ERR_OK);
	text = json_dumps(pkg, JSON_COMPACT);
	assert_int_equal(import_text(f, text, strlen(text)), ERR_OK);
	free(text);
	assert_int_equal(f->rep.organizations.updated, 1);
	assert_int_equal(store_service_get(f->db, &f->ar, s.id, &back), ERR_OK);
	assert_string_equal(back.hsds_extra, "{}");
	assert_string_equal(back.phone, "020 123 4567");
	assert_int_equal(back.norm_days, 3);
	assert_string_equal(back.languages, "nl en");
	json_decref(pkg);
}

static void test_areas_and_terms(void **state)
{
	struct fixture *f = *state;
	json_t *doc = own_package(), *svc, *sa;
	struct service_row s;

	svc = json_array_get(json_object_get(doc, "services"), 0);
	sa = json_pack("[{s:s, s:s, s:s, s:s}, {s:s, s:s}, {s:s, s:s, s:s}]",
		       "id", "5a1f0c1e-8d7b-4c1e-9f3a-0b2c4d6e8f10", "name", "deel",
		       "extent", "EK02", "extent_type", "wijkagenda_area",
		       "id", "5a1f0c1e-8d7b-4c1e-9f3a-0b2c4d6e8f11", "name", "E",
		       "id", "5a1f0c1e-8d7b-4c1e-9f3a-0b2c4d6e8f12", "name",
		       "heel MyCity", "extent_type", "text");
	json_object_set_new(svc, "service_areas", sa);
	assert_int_equal(import_json(f, doc), ERR_OK);
	assert_int_equal(store_service_by_uuid(f->db, &f->ar, SVC_ID, &s), ERR_OK);
	assert_int_equal(s.nareas, 3);
	assert_string_equal(s.areas[0], "E");
	assert_string_equal(s.areas[1], "EK01");
	assert_string_equal(s.areas[2], "EK02");
	assert_int_equal(s.nterms, 1);
	assert_non_null(strstr(s.hsds_extra, "heel MyCity"));
	/* an area of ours that does not exist */
	json_object_set_new(json_array_get(sa, 0), "extent", json_string("ZZ99"));
	refused_json(f, doc, "$.services[0].service_areas[0].extent", "unknown area");
}

static void test_search_dutch(void **state)
{
	struct fixture *f = *state;
	json_t *doc = own_package();
	struct hsds_service_filter q = {.municipality = MUNI,
					.fts_match = "\"lantaarnpaal\""};
	struct service_row *rows;
	size_t n;
	int64_t total;

	assert_int_equal(import_json(f, doc), ERR_OK);
	assert_int_equal(store_hsds_service_list(f->db, &f->ar, &q, &rows, &n,
						 &total), ERR_OK);
	assert_int_equal(total, 1);
	q.fts_match = "\"schuld\" \"buurtwerk\""; /* organisation name too */
	assert_int_equal(store_hsds_service_list(f->db, &f->ar, &q, &rows, &n,
						 &total), ERR_OK);
	assert_int_equal(n, 1);
	q.fts_match = "\"fietsen\"";
	assert_int_equal(store_hsds_service_list(f->db, &f->ar, &q, &rows, &n,
						 &total), ERR_OK);
	assert_int_equal(total, 0);
	json_decref(doc);
}

/* --- hostile documents ----------------------------------------------- */

static json_t *service(const char *id)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "id", id, "name", "Dienst",
			 "status", "active", "organization_id", ORG_ID);
}

static void with_org(struct fixture *f)
{
	json_t *o = json_pack("{s:[{s:s, s:s, s:s}]}", "organizations", "id",
			      ORG_ID, "name", "Org", "description",
			      "Een organisatie.");

	assert_int_equal(import_json(f, o), ERR_OK);
	json_decref(o);
}

static void test_malformed(void **state)
{
	struct fixture *f = *state;
	static const char bad[] = "{\"id\": \"x\",\n  \"name\": }";
	static const char dup[] = "{\"id\": \"" SVC_ID "\", \"id\": \"x\"}";
	static const char utf[] = "{\"name\": \"\xff\xfe\"}";

	refused(f, bad, sizeof(bad) - 1, "$", "line 2");
	assert_int_equal(f->rep.errors[0].line, 2);
	assert_true(f->rep.errors[0].column > 0);
	refused(f, dup, sizeof(dup) - 1, "$", "duplicate");
	refused(f, utf, sizeof(utf) - 1, "$", "invalid JSON");
	refused(f, "", 0, "$", "invalid JSON");
	refused(f, "42", 2, "$", "invalid JSON");
	refused(f, "[42]", 4, "$[0]", "must be an HSDS object");
	refused(f, "[]", 2, "$", "no HSDS records");
	refused(f, "{\"name\": \"x\"}", 13, "$", "cannot tell");
}

static void test_types_and_required(void **state)
{
	struct fixture *f = *state;
	json_t *s;

	with_org(f);
	s = service(SVC_ID);
	json_object_set_new(s, "name", json_integer(42));
	refused_json(f, s, "$.name", "must be a string");
	s = service(SVC_ID);
	json_object_del(s, "status");
	refused_json(f, json_pack("{s:[o]}", "services", s),
		     "$.services[0].status", "is required");
	s = service(SVC_ID);
	json_object_set_new(s, "status", json_string("open"));
	refused_json(f, s, "$.status", "allowed values");
	s = service("not-a-uuid");
	refused_json(f, s, "$.id", "UUID");
	s = service(SVC_ID);
	json_object_set_new(s, "url", json_string("www.example.com"));
	refused_json(f, s, "$.url", "URI");
	s = service(SVC_ID);
	json_object_set_new(s, "phones", json_pack("[{s:s}]", "id", UNKNOWN_ID));
	refused_json(f, s, "$.phones[0].number", "is required");
	s = service(SVC_ID);
	json_object_set_new(s, "$attributes", json_array());
	refused_json(f, s, "$[\"$attributes\"]", "reserved");
	s = service(SVC_ID);
	json_object_set_new(s, "x_wijkagenda", json_pack("{s:i}", "norm_days", 400));
	refused_json(f, s, "$.x_wijkagenda.norm_days", "0 to 365");
	s = service(SVC_ID);
	json_object_set_new(s, "x_wijkagenda", json_pack("{s:[s]}", "areas", "XX"));
	refused_json(f, s, "$.x_wijkagenda.areas[0]", "unknown area");
	s = service(SVC_ID);
	json_object_set_new(s, "x_wijkagenda", json_pack("{s:s}", "colour", "red"));
	refused_json(f, s, "$.x_wijkagenda.colour", "not a field");
}

static void test_duplicates(void **state)
{
	struct fixture *f = *state;
	json_t *a = service(SVC_ID), *b = service(SVC_ID), *t;

	with_org(f);
	json_object_set_new(b, "name", json_string("Andere naam"));
	refused_json(f, json_pack("[oo]", a, b), "$[1].name", "differs");
	/* the same twice is fine */
	a = service(SVC_ID);
	assert_int_equal(import_json(f, t = json_pack("[oO]", a, a)), ERR_OK);
	assert_int_equal(f->rep.services.created, 1);
	json_decref(t);
	/* two organisations with one name */
	refused_json(f, json_pack("[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}]",
				  "id", TAX_ID, "name", "Zelfde", "description", "a",
				  "website", "https://a.example", "id", TERM_ID,
				  "name", "Zelfde", "description", "b", "website",
				  "https://b.example"),
		     "$[1].name", "same name");
}

static void test_unknown_references(void **state)
{
	struct fixture *f = *state;
	json_t *s, *pkg;

	with_org(f);
	s = service(SVC_ID);
	json_object_set_new(s, "attributes",
			    json_pack("[{s:s, s:s}]", "id", TAX_ID,
				      "taxonomy_term_id", UNKNOWN_ID));
	refused_json(f, s, "$.attributes[0].taxonomy_term_id", "unknown taxonomy term");
	s = service(SVC_ID);
	json_object_del(s, "organization_id");
	refused_json(f, s, "$", "has no organization");
	pkg = json_pack("{s:[oooo]}", "services", service(SVC_ID), service(TAX_ID),
			service(TERM_ID), service(UNKNOWN_ID));
	json_object_set_new(json_array_get(json_object_get(pkg, "services"), 3),
			    "organization_id",
			    json_string("5a1f0c1e-8d7b-4c1e-9f3a-0b2c4d6e8fee"));
	refused_json(f, pkg, "$.services[3].organization_id", "unknown organization");
	refused_json(f, json_pack("{s:s, s:s, s:s, s:s}", "id", TERM_ID, "name",
				  "T", "description", "d", "taxonomy_id", UNKNOWN_ID),
		     "$.taxonomy_id", "unknown taxonomy");
}

/* One bad record spoils the whole file. */
static void test_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	json_t *bad = service(UNKNOWN_ID);

	with_org(f);
	json_object_set_new(bad, "status", json_integer(1));
	refused_json(f, json_pack("[oo]", service(SVC_ID), bad), "$[1].status",
		     "must be a string");
}

static char *repeat(const char *head, char c, size_t n, const char *tail)
{
	size_t h = strlen(head), t = strlen(tail);
	char *s = xmalloc(h + n + t + 1);

	memcpy(s, head, h);
	memset(s + h, c, n);
	memcpy(s + h + n, tail, t + 1);
	return s;
}

static void test_limits(void **state)
{
	struct fixture *f = *state;
	char *deep = xmalloc(20001), *s;
	struct hsds_import_opts o = {.municipality = MUNI};

	memset(deep, '[', 10000);
	memset(deep + 10000, ']', 10000);
	deep[20000] = '\0';
	refused(f, deep, 20000, "$", "nested deeper");
	free(deep);
	/* a 100 kB name: past the string limit */
	with_org(f);
	s = repeat("{\"id\": \"" SVC_ID "\", \"status\": \"active\", \"organization_id\": \""
		   ORG_ID "\", \"name\": \"", 'a', 100000, "\"}");
	refused(f, s, strlen(s), "$.name", "longer than");
	free(s);
	/* 4 MB in one string: refused before parsing */
	s = repeat("{\"name\": \"", 'a', 4 << 20, "\"}");
	refused(f, s, strlen(s), "$", "too long");
	free(s);
	/* more values than allowed */
	s = repeat("[", ',', HSDS_MAX_VALUES + 10, "]");
	refused(f, s, strlen(s), "$", "values");
	free(s);
	/* a name of 501 bytes */
	s = repeat("{\"id\": \"" SVC_ID "\", \"status\": \"active\", \"organization_id\": \""
		   ORG_ID "\", \"name\": \"", 'a', 501, "\"}");
	refused(f, s, strlen(s), "$.name", "500 bytes");
	free(s);
	/* larger than the document limit: refused without reading */
	hsds_report_init(&f->rep, &f->ar);
	assert_int_equal(hsds_import(f->db, &f->ar, "{}", HSDS_MAX_BYTES + 1, &o,
				     &f->rep), ERR_TOO_LARGE);
}

static void test_helpers(void **state)
{
	char t[32], id[37];
	const char *parts[] = {"a", "b"};

	(void)state;
	assert_int_equal(hsds_time_normalise("2024-05-01", t), 0);
	assert_string_equal(t, "2024-05-01T00:00:00.000Z");
	assert_int_equal(hsds_time_normalise("2024-05-01T10:00:00.5+02:00", t), 0);
	assert_string_equal(t, "2024-05-01T08:00:00.500Z");
	assert_int_equal(hsds_time_normalise("2024-02-30", t), -1);
	assert_int_equal(hsds_time_normalise("2024-05-01T10:00", t), -1);
	assert_int_equal(hsds_time_normalise("yesterday", t), -1);
	hsds_uuid_derive(id, parts, 2);
	assert_true(hsds_uuid_valid(id));
	assert_int_equal(id[14], '5');
	assert_false(hsds_uuid_valid("5a1f0c1e-8d7b-4c1e-9f3a-0b2c4d6e8f0"));
	assert_false(hsds_uuid_valid("5a1f0c1e-8d7b-4c1e-9f3a-0b2c4d6e8f0gg"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_helpers),
		cmocka_unit_test_setup_teardown(test_example_service_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_service_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_organization_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_organization_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_sal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_sal_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_taxonomies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_terms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_tabular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport, setup, teardown),
		cmocka_unit_test_setup_teardown(test_columns_exported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_areas_and_terms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_dutch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types_and_required, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
	};

	log_set_quiet(1);
	if (token_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
