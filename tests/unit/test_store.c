/* test_store: src/store on a real SQLite file in a fresh temporary
 * directory per test: migrations (idempotent, refusing a newer schema),
 * municipalities, areas, categories, and signal intake with deduplication,
 * contact rows and all-or-nothing transactions.
 *
 * With WIJKAGENDA_TEST_PG set to a PostgreSQL URL (scripts/pg-test.sh url)
 * the same tests run on PostgreSQL instead, each on a fresh database
 * (db_fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/token.h"
#include "base/util.h"
#include "store/store.h"
#include "store/routing.h"

#include "db_fixture.h"

#define MUNI "GM0363"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena arena;
};

/* SQL used only to look behind the store's back. */
static const char sql_count_migrations[] =
	"SELECT COUNT(*) FROM schema_migrations";
static const char sql_count_contacts[] = "SELECT COUNT(*) FROM signal_contacts";
static const char sql_contact[] =
	"SELECT email, phone, age_band FROM signal_contacts WHERE signal_id = $1";
static const char sql_count_tables[] =
	"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN"
	" ('municipalities', 'areas', 'categories', 'signals',"
	" 'signal_contacts')";
static const char sql_count_tables_pg[] =
	"SELECT COUNT(*) FROM information_schema.tables"
	" WHERE table_schema = 'public' AND table_name IN"
	" ('municipalities', 'areas', 'categories', 'signals',"
	" 'signal_contacts')";
static const char sql_future_version[] =
	"INSERT INTO schema_migrations (version, name, applied_at)"
	" VALUES ($1, 'from_the_future.sql', '2099-01-01T00:00:00.000Z')";
static const char sql_future_signals[] =
	"UPDATE signals SET created_at = '2099-01-01T00:00:00.000Z'";
static const char sql_close_signals[] =
	"UPDATE signals SET outcome = 'deels_opgelost'";
static const char sql_age_signals[] =
	"UPDATE signals SET created_at = '2000-01-01T00:00:00.000Z'";

static int64_t count(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t n = -1;

	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static const char *count_tables_sql(struct db *db)
{
	return db_dialect(db) == DB_POSTGRES ? sql_count_tables_pg
					     : sql_count_tables;
}

static void open_db(struct fixture *f)
{
	char msg[256] = "";

	if (db_open(f->fx.url, &f->db, msg, sizeof(msg)) != ERR_OK)
		fail_msg("db_open %s: %s", f->fx.url, msg);
}

static void migrate(struct fixture *f)
{
	char msg[256] = "";

	if (store_migrate(f->db, msg, sizeof(msg)) != ERR_OK)
		fail_msg("store_migrate: %s", msg);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "store", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->arena);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_fixture_close(&f->fx, f->db);
	arena_clear(&f->arena);
	free(f);
	return 0;
}

/* --- migrations ------------------------------------------------------ */

static void test_migrate_fresh_and_twice(void **state)
{
	struct fixture *f = *state;
	int latest = store_latest_version();

	assert_true(latest >= 1);
	assert_int_equal(store_schema_version(f->db), latest);
	assert_int_equal(count(f->db, sql_count_migrations), latest);
	assert_int_equal(count(f->db, count_tables_sql(f->db)), 5);
	migrate(f); /* a no-op */
	migrate(f);
	assert_int_equal(store_schema_version(f->db), latest);
	assert_int_equal(count(f->db, sql_count_migrations), latest);
	/* after reopening too */
	db_close(f->db);
	open_db(f);
	assert_int_equal(store_schema_version(f->db), latest);
	migrate(f);
	assert_int_equal(count(f->db, sql_count_migrations), latest);
}

static void test_migrate_refuses_newer_schema(void **state)
{
	struct fixture *f = *state;
	int latest = store_latest_version();
	struct db_stmt *st = db_prepare(f->db, sql_future_version);
	char msg[256] = "";

	db_bind_int(st, 1, latest + 1);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	assert_int_equal(store_schema_version(f->db), latest + 1);
	assert_int_equal(store_migrate(f->db, msg, sizeof(msg)), ERR_CONFLICT);
	assert_non_null(strstr(msg, "newer"));
	/* and it changed nothing */
	assert_int_equal(store_schema_version(f->db), latest + 1);
	assert_int_equal(count(f->db, sql_count_migrations), latest + 1);
}

static void test_migrate_empty_file(void **state)
{
	struct fixture *f = *state;

	FILE *fp;

	if (db_fixture_pg())
		skip(); /* a file, SQLite only */
	/* an existing but empty (zero-byte) file is a fresh database */
	db_close(f->db);
	unlink(f->fx.url);
	fp = fopen(f->fx.url, "w");
	assert_non_null(fp);
	fclose(fp);
	open_db(f);
	migrate(f);
	assert_int_equal(count(f->db, count_tables_sql(f->db)), 5);
	assert_int_equal(store_schema_version(f->db), store_latest_version());
}

/* --- municipalities and areas ---------------------------------------- */

static void put_area(struct fixture *f, enum area_level level,
		     const char *code, const char *name, const char *parent,
		     const char *geojson)
{
	struct area_rec a;

	a.level = level;
	a.code = (char *)code;
	a.name = (char *)name;
	a.parent_code = (char *)parent;
	a.geojson = (char *)geojson;
	assert_int_equal(store_area_put(f->db, MUNI, &a), ERR_OK);
}

static void areas_fixture(struct fixture *f)
{
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"),
			 ERR_OK);
	put_area(f, AREA_GEMEENTE, MUNI, "Amsterdam", NULL, NULL);
	put_area(f, AREA_STADSDEEL, "M", "Oost", MUNI, NULL);
	put_area(f, AREA_WIJK, "MA", "Weesperzijde", "M", NULL);
	put_area(f, AREA_BUURT, "MA02", "Zuid", "MA",
		 "{\"type\":\"Point\",\"coordinates\":[4.9,52.35]}");
	put_area(f, AREA_BUURT, "MA01", "Noord", "MA",
		 "{\"type\":\"Point\",\"coordinates\":[4.9,52.36]}");
	put_area(f, AREA_BUURT, "MA03", "Noord", "MA", NULL); /* same name */
}

static void test_municipality(void **state)
{
	struct fixture *f = *state;
	struct routing_rule_row *rules;
	size_t n = 0;

	assert_false(store_has_municipality(f->db, MUNI));
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"),
			 ERR_OK);
	assert_true(store_has_municipality(f->db, MUNI));
	assert_int_equal(store_municipality_put(f->db, MUNI, "Mokum"), ERR_OK);
	assert_true(store_has_municipality(f->db, MUNI));
	/* a new municipality gets the default routing rule, once */
	assert_int_equal(store_routing_list(f->db, &f->arena, MUNI, &rules, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_null(rules[0].category_code);
	assert_null(rules[0].area_code);
	assert_int_equal(rules[0].organisation_id, 0);
	assert_false(store_has_municipality(f->db, "GM0364"));
	/* CHECK (length(code) = 6) */
	assert_int_equal(store_municipality_put(f->db, "GM363", "x"),
			 ERR_CONFLICT);
	assert_false(store_has_municipality(f->db, "GM363"));
}

static void test_area_list_and_get(void **state)
{
	struct fixture *f = *state;
	struct area_row *rows, one;
	size_t n = 99;

	areas_fixture(f);
	assert_int_equal(store_area_list(f->db, &f->arena, MUNI, "buurt", &rows,
					 &n),
			 ERR_OK);
	assert_int_equal(n, 3);
	/* by name, then code */
	assert_string_equal(rows[0].code, "MA01");
	assert_string_equal(rows[0].name, "Noord");
	assert_string_equal(rows[1].code, "MA03");
	assert_string_equal(rows[2].code, "MA02");
	assert_string_equal(rows[2].name, "Zuid");
	assert_string_equal(rows[2].level, "buurt");
	assert_string_equal(rows[2].parent_code, "MA");
	assert_null(rows[0].geometry); /* lists carry no geometry */
	assert_int_equal(store_area_list(f->db, &f->arena, MUNI, "wijk", &rows,
					 &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].code, "MA");
	assert_int_equal(store_area_list(f->db, &f->arena, MUNI, "gebied",
					 &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_area_list(f->db, &f->arena, "GM0364", "buurt",
					 &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);

	assert_int_equal(store_area_get(f->db, &f->arena, MUNI, "MA02", true,
					&one),
			 ERR_OK);
	assert_string_equal(one.name, "Zuid");
	assert_string_equal(one.parent_code, "MA");
	assert_non_null(one.geometry);
	assert_non_null(strstr(one.geometry, "52.35"));
	assert_int_equal(store_area_get(f->db, &f->arena, MUNI, "MA02", false,
					&one),
			 ERR_OK);
	assert_null(one.geometry);
	assert_int_equal(store_area_get(f->db, &f->arena, MUNI, MUNI, true,
					&one),
			 ERR_OK);
	assert_null(one.parent_code);
	assert_string_equal(one.level, "gemeente");
	assert_int_equal(store_area_get(f->db, &f->arena, MUNI, "XX99", true,
					&one),
			 ERR_NOT_FOUND);
	assert_int_equal(store_area_get(f->db, &f->arena, "GM0364", "MA02",
					true, &one),
			 ERR_NOT_FOUND);
	assert_int_equal(store_area_get(f->db, &f->arena, MUNI, "ma02", true,
					&one),
			 ERR_NOT_FOUND);
	assert_int_equal(store_area_get(f->db, &f->arena, MUNI,
					"' OR 1=1 --", true, &one),
			 ERR_NOT_FOUND);
}

/* One level down, by name then code; nothing below a buurt, nothing of
 * another municipality. */
static void test_area_children(void **state)
{
	struct fixture *f = *state;
	struct area_row *rows;
	size_t n = 99;

	areas_fixture(f);
	assert_int_equal(store_area_children(f->db, &f->arena, MUNI, "MA", &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].code, "MA01");
	assert_string_equal(rows[1].code, "MA03");
	assert_string_equal(rows[2].code, "MA02");
	assert_string_equal(rows[2].level, "buurt");
	assert_null(rows[0].geometry);
	assert_int_equal(store_area_children(f->db, &f->arena, MUNI, MUNI, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].code, "M");
	assert_int_equal(store_area_children(f->db, &f->arena, MUNI, "MA02", &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_area_children(f->db, &f->arena, "GM0364", "MA", &rows,
					     &n),
			 ERR_OK);
	assert_int_equal(n, 0);
}

static void test_area_put_replaces(void **state)
{
	struct fixture *f = *state;
	struct area_row one;

	areas_fixture(f);
	put_area(f, AREA_BUURT, "MA02", "Zuidoost", "MA", NULL);
	assert_int_equal(store_area_get(f->db, &f->arena, MUNI, "MA02", true,
					&one),
			 ERR_OK);
	assert_string_equal(one.name, "Zuidoost");
	assert_null(one.geometry);
}

static void test_area_needs_municipality(void **state)
{
	struct fixture *f = *state;
	struct area_rec a = {AREA_BUURT, "X1", "X", NULL, NULL};
	struct area_row one;

	/* foreign key on municipality */
	assert_int_equal(store_area_put(f->db, "GM9999", &a), ERR_CONFLICT);
	assert_int_equal(store_area_get(f->db, &f->arena, "GM9999", "X1", false,
					&one),
			 ERR_NOT_FOUND);
}

static void count_each(void *ctx, const struct area_rec *a)
{
	int *n = ctx;

	n[0]++;
	if (a->geojson)
		n[1]++;
	if (a->level == AREA_BUURT)
		n[2]++;
}

static void test_areas_each(void **state)
{
	struct fixture *f = *state;
	int n[3] = {0, 0, 0};

	areas_fixture(f);
	/* a wijk with geometry: each() only hands out buurt geometry */
	put_area(f, AREA_WIJK, "MB", "Oostelijk", "M", "{\"type\":\"Point\"}");
	assert_int_equal(store_areas_each(f->db, MUNI, count_each, n), ERR_OK);
	assert_int_equal(n[0], 7);
	assert_int_equal(n[1], 2);
	assert_int_equal(n[2], 3);
}

/* --- categories ------------------------------------------------------ */

static void test_categories(void **state)
{
	struct fixture *f = *state;
	struct category_row *rows;
	size_t n = 0;
	static const char *const want[] = {
		"afval", "afval/container", "afval/grofvuil", "afval/zwerfafval",
		"wegen", "wegen/stoep"};

	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"),
			 ERR_OK);
	/* written out of order on purpose */
	assert_int_equal(store_category_put(f->db, MUNI, "wegen/stoep", "wegen",
					    "Stoep", true, 1),
			 ERR_OK);
	assert_int_equal(store_category_put(f->db, MUNI, "afval/zwerfafval",
					    "afval", "Zwerfafval", true, 3),
			 ERR_OK);
	assert_int_equal(store_category_put(f->db, MUNI, "wegen", NULL,
					    "Wegen, verkeer, straatmeubilair",
					    true, 2),
			 ERR_OK);
	assert_int_equal(store_category_put(f->db, MUNI, "afval/grofvuil",
					    "afval", "Grofvuil", true, 2),
			 ERR_OK);
	assert_int_equal(store_category_put(f->db, MUNI, "afval", NULL, "Afval",
					    true, 1),
			 ERR_OK);
	assert_int_equal(store_category_put(f->db, MUNI, "afval/container",
					    "afval", "Container is vol", true,
					    1),
			 ERR_OK);
	assert_int_equal(store_category_put(f->db, MUNI, "afval/oud", "afval",
					    "Oud", false, 0),
			 ERR_OK);
	assert_int_equal(store_category_list(f->db, &f->arena, MUNI, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(rows[i].code, want[i]);
	assert_null(rows[0].parent_code);
	assert_string_equal(rows[1].parent_code, "afval");
	assert_string_equal(rows[4].name, "Wegen, verkeer, straatmeubilair");
	/* upsert: deactivate one, rename another */
	assert_int_equal(store_category_put(f->db, MUNI, "afval/grofvuil",
					    "afval", "Grofvuil", false, 2),
			 ERR_OK);
	assert_int_equal(store_category_put(f->db, MUNI, "wegen/stoep", "wegen",
					    "Stoep en fietspad", true, 1),
			 ERR_OK);
	assert_int_equal(store_category_list(f->db, &f->arena, MUNI, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 5);
	assert_string_equal(rows[2].code, "afval/zwerfafval");
	assert_string_equal(rows[4].name, "Stoep en fietspad");
	/* other municipality: nothing */
	assert_int_equal(store_category_list(f->db, &f->arena, "GM0364", &rows,
					     &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	/* norms: a sub-category's own, else its main category's */
	{
		int days;

		assert_int_equal(store_category_norm(f->db, MUNI, "afval/container",
						     &days), ERR_OK);
		assert_int_equal(days, -1);
		assert_int_equal(store_category_set_norm(f->db, MUNI, "afval", 5),
				 ERR_OK);
		assert_int_equal(store_category_set_norm(f->db, MUNI,
							 "afval/grofvuil", 3),
				 ERR_OK);
		assert_int_equal(store_category_norm(f->db, MUNI, "afval/container",
						     &days), ERR_OK);
		assert_int_equal(days, 5);
		assert_int_equal(store_category_norm(f->db, MUNI, "afval/grofvuil",
						     &days), ERR_OK);
		assert_int_equal(days, 3);
		assert_int_equal(store_category_norm(f->db, MUNI, "wegen", &days),
				 ERR_OK);
		assert_int_equal(days, -1);
		assert_int_equal(store_category_norm(f->db, MUNI, "niets", &days),
				 ERR_NOT_FOUND);
		assert_int_equal(store_category_set_norm(f->db, MUNI, "niets", 3),
				 ERR_NOT_FOUND);
		assert_int_equal(store_category_set_norm(f->db, MUNI, "afval", -1),
				 ERR_OK);
		assert_int_equal(store_category_norm(f->db, MUNI, "afval/container",
						     &days), ERR_OK);
		assert_int_equal(days, -1);
	}
}

/* --- signals --------------------------------------------------------- */

struct sig {
	struct signal_input in;
	struct signal_new s;
};

static void sig_init(struct sig *g, const char *key, int window)
{
	memset(g, 0, sizeof(*g));
	g->in.kind = "melding";
	g->in.text = "Losse stoeptegel bij de ingang";
	g->in.buurt = "MA01";
	g->s.municipality = MUNI;
	g->s.in = &g->in;
	g->s.codes[0] = "MA01";
	g->s.codes[1] = "MA";
	g->s.codes[2] = NULL;
	g->s.codes[3] = "M";
	g->s.dedupe_key = key;
	g->s.dedupe_window_s = window;
}

static void signals_fixture(struct fixture *f)
{
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"),
			 ERR_OK);
}

static void test_signal_create_and_by_token(void **state)
{
	struct fixture *f = *state;
	struct sig g;
	struct signal_row row, again;
	bool replayed = true;

	signals_fixture(f);
	assert_int_equal(store_signal_count(f->db), 0);
	sig_init(&g, "k1", 60);
	g.in.kind = "vraag";
	g.in.category = "wegen/stoep";
	g.in.lat_v = 52.3601;
	g.in.lon_v = 4.9123;
	g.in.has_point = true;
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_OK);
	assert_false(replayed);
	assert_true(row.id > 0);
	assert_true(token_valid(row.token));
	assert_string_equal(row.kind, "vraag");
	assert_string_equal(row.body, "Losse stoeptegel bij de ingang");
	assert_string_equal(row.status, "gemeld");
	assert_string_equal(row.buurt_code, "MA01");
	assert_string_equal(row.wijk_code, "MA");
	assert_null(row.gebied_code);
	assert_string_equal(row.stadsdeel_code, "M");
	assert_string_equal(row.category_code, "wegen/stoep");
	assert_string_equal(row.municipality, MUNI);
	assert_true(row.has_point);
	assert_true(row.lat == 52.3601);
	assert_true(row.lon == 4.9123);
	/* ISO 8601 UTC with milliseconds */
	assert_int_equal(strlen(row.created_at), 24);
	assert_int_equal(row.created_at[10], 'T');
	assert_int_equal(row.created_at[23], 'Z');
	assert_int_equal(store_signal_count(f->db), 1);

	assert_int_equal(store_signal_by_token(f->db, &f->arena, row.token,
					       &again),
			 ERR_OK);
	assert_int_equal(again.id, row.id);
	assert_string_equal(again.body, row.body);
	assert_string_equal(again.created_at, row.created_at);
	assert_int_equal(store_signal_by_token(f->db, &f->arena,
					       "AAAAAAAAAAAAAAAAAAAAAA", &again),
			 ERR_NOT_FOUND);
	assert_int_equal(store_signal_by_token(f->db, &f->arena, "", &again),
			 ERR_NOT_FOUND);

	/* without a point */
	sig_init(&g, "k2", 60);
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_OK);
	assert_false(row.has_point);
	assert_null(row.category_code);
	assert_string_equal(row.kind, "melding");
	assert_int_equal(store_signal_count(f->db), 2);
}

/* NULL while open; the stored outcome once closed; unknown ids are
 * ERR_NOT_FOUND. */
static void test_signal_outcome(void **state)
{
	struct fixture *f = *state;
	struct signal_row row;
	bool replayed;
	char *outcome = "x";
	struct sig g;

	signals_fixture(f);
	sig_init(&g, "k-outcome", 60);
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row, &replayed),
			 ERR_OK);
	assert_int_equal(store_signal_outcome(f->db, &f->arena, row.id, &outcome),
			 ERR_OK);
	assert_null(outcome);
	assert_int_equal(db_exec(f->db, sql_close_signals, NULL, 0), ERR_OK);
	assert_int_equal(store_signal_outcome(f->db, &f->arena, row.id, &outcome),
			 ERR_OK);
	assert_string_equal(outcome, "deels_opgelost");
	assert_int_equal(store_signal_outcome(f->db, &f->arena, row.id + 1000, &outcome),
			 ERR_NOT_FOUND);
	assert_null(outcome);
}

static void test_dedupe_within_window(void **state)
{
	struct fixture *f = *state;
	struct sig g;
	struct signal_row first, second;
	bool replayed = true;

	signals_fixture(f);
	sig_init(&g, "same-key", 600);
	g.in.email = "jan@example.nl";
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &first,
					     &replayed),
			 ERR_OK);
	assert_false(replayed);
	/* a second submission, even with another text, replays the first */
	g.in.text = "Een andere tekst, zelfde sleutel";
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &second,
					     &replayed),
			 ERR_OK);
	assert_true(replayed);
	assert_int_equal(second.id, first.id);
	assert_string_equal(second.token, first.token);
	assert_string_equal(second.body, "Losse stoeptegel bij de ingang");
	assert_int_equal(store_signal_count(f->db), 1);
	assert_int_equal(count(f->db, sql_count_contacts), 1);
	/* a different key is a different signal */
	sig_init(&g, "other-key", 600);
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &second,
					     &replayed),
			 ERR_OK);
	assert_false(replayed);
	assert_int_equal(store_signal_count(f->db), 2);
}

static void test_dedupe_outside_window(void **state)
{
	struct fixture *f = *state;
	struct sig g;
	struct signal_row first, second;
	bool replayed = true;

	signals_fixture(f);
	sig_init(&g, "same-key", 600);
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &first,
					     &replayed),
			 ERR_OK);
	assert_int_equal(db_exec(f->db, sql_age_signals, NULL, 0), ERR_OK);
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &second,
					     &replayed),
			 ERR_OK);
	assert_false(replayed);
	assert_int_not_equal(second.id, first.id);
	assert_int_equal(store_signal_count(f->db), 2);
}

/* A row stamped later than now (written before the clock was stepped
 * back) is not "within the window" either. */
static void test_dedupe_ignores_future_rows(void **state)
{
	struct fixture *f = *state;
	struct sig g;
	struct signal_row first, second;
	bool replayed = true;

	signals_fixture(f);
	sig_init(&g, "same-key", 600);
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &first,
					     &replayed),
			 ERR_OK);
	assert_int_equal(db_exec(f->db, sql_future_signals, NULL, 0), ERR_OK);
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &second,
					     &replayed),
			 ERR_OK);
	assert_false(replayed);
	assert_int_not_equal(second.id, first.id);
	/* and the new one, stamped now, is found again */
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &first,
					     &replayed),
			 ERR_OK);
	assert_true(replayed);
	assert_int_equal(first.id, second.id);
	assert_int_equal(store_signal_count(f->db), 2);
}

/* A window of 0 seconds means: no deduplication (main.c allows 0).  Every
 * submission must be written, also when two come within the same
 * millisecond, or when an earlier row is stamped later than now (the
 * clock was stepped back). */
static void test_dedupe_window_zero(void **state)
{
	struct fixture *f = *state;
	struct sig g;
	struct signal_row row;
	bool replayed;
	int fast = 0, future = 0;

	signals_fixture(f);
	/* timing-dependent: fast successive submissions */
	sig_init(&g, "fast-key", 0);
	for (int i = 0; i < 50; i++) {
		assert_int_equal(store_signal_create(f->db, &f->arena, &g.s,
						     &row, &replayed),
				 ERR_OK);
		fast += replayed;
	}
	/* independent of timing: an earlier row from "the future" */
	assert_int_equal(db_exec(f->db, sql_future_signals, NULL, 0), ERR_OK);
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_OK);
	future += replayed;
	if (fast || future)
		fail_msg("window 0: %d of 50 fast submissions replayed an "
			 "earlier signal; future-stamped row replayed: %s",
			 fast, future ? "yes" : "no");
	assert_int_equal(store_signal_count(f->db), 51);
}

static void test_contact_row_only_with_contact_data(void **state)
{
	struct fixture *f = *state;
	struct sig g;
	struct signal_row row;
	bool replayed;
	struct db_stmt *st;

	signals_fixture(f);
	sig_init(&g, "a", 60);
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_OK);
	assert_int_equal(count(f->db, sql_count_contacts), 0);

	sig_init(&g, "b", 60);
	g.in.phone = "020 123 4567";
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_OK);
	assert_int_equal(count(f->db, sql_count_contacts), 1);
	st = db_prepare(f->db, sql_contact);
	db_bind_int(st, 1, row.id);
	assert_int_equal(db_step(st), DB_ROW);
	assert_null(db_col_text(st, 0));
	assert_string_equal(db_col_text(st, 1), "020 123 4567");
	assert_null(db_col_text(st, 2));
	db_done(st);

	sig_init(&g, "c", 60);
	g.in.age_band = "65-79";
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_OK);
	sig_init(&g, "d", 60);
	g.in.email = "jan@example.nl";
	g.in.phone = "0612345678";
	g.in.age_band = "80+";
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_OK);
	assert_int_equal(count(f->db, sql_count_contacts), 3);
	st = db_prepare(f->db, sql_contact);
	db_bind_int(st, 1, row.id);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "jan@example.nl");
	assert_string_equal(db_col_text(st, 1), "0612345678");
	assert_string_equal(db_col_text(st, 2), "80+");
	db_done(st);
}

/* After a failed create, nothing is left and the connection is usable. */
static void assert_nothing_written_then_usable(struct fixture *f)
{
	struct sig g;
	struct signal_row row;
	bool replayed;

	assert_int_equal(store_signal_count(f->db), 0);
	assert_int_equal(count(f->db, sql_count_contacts), 0);
	sig_init(&g, "after", 60);
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_OK);
	assert_int_equal(store_signal_count(f->db), 1);
}

static void test_invalid_kind_rolled_back(void **state)
{
	struct fixture *f = *state;
	struct sig g;
	struct signal_row row;
	bool replayed;

	signals_fixture(f);
	sig_init(&g, "bad", 60);
	g.in.kind = "klacht"; /* bypassing signal_validate */
	g.in.email = "jan@example.nl";
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_CONFLICT);
	assert_false(replayed);
	assert_nothing_written_then_usable(f);
}

static void test_missing_buurt_rolled_back(void **state)
{
	struct fixture *f = *state;
	struct sig g;
	struct signal_row row;
	bool replayed;

	signals_fixture(f);
	sig_init(&g, "bad", 60);
	g.s.codes[0] = NULL; /* buurt_code NOT NULL */
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_CONFLICT);
	sig_init(&g, "bad2", 60);
	g.s.municipality = "GM9999"; /* foreign key */
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_CONFLICT);
	assert_nothing_written_then_usable(f);
}

/* The contact row fails after the signal row was written: the signal row
 * must go too (one transaction). */
static const char sql_no_contacts[] =
	"CREATE TRIGGER no_contacts BEFORE INSERT ON "
	"signal_contacts BEGIN SELECT RAISE(ABORT, 'test'); END";
static const char sql_no_contacts_pg[] =
	"CREATE FUNCTION no_contacts() RETURNS trigger LANGUAGE plpgsql AS"
	" $$ BEGIN RAISE EXCEPTION 'test'; END; $$;"
	" CREATE TRIGGER no_contacts BEFORE INSERT ON signal_contacts"
	" FOR EACH ROW EXECUTE FUNCTION no_contacts()";

static void test_contact_failure_rolls_back_signal(void **state)
{
	struct fixture *f = *state;
	struct sig g;
	struct signal_row row;
	bool replayed;
	char msg[256] = "";

	signals_fixture(f);
	assert_int_equal(db_exec(f->db,
				 db_dialect(f->db) == DB_POSTGRES
					 ? sql_no_contacts_pg
					 : sql_no_contacts,
				 msg, sizeof(msg)),
			 ERR_OK);
	sig_init(&g, "k", 60);
	g.in.email = "jan@example.nl";
	assert_int_not_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
						 &replayed),
			     ERR_OK);
	assert_int_equal(store_signal_count(f->db), 0);
	assert_int_equal(db_exec(f->db,
				 db_dialect(f->db) == DB_POSTGRES
					 ? "DROP TRIGGER no_contacts ON signal_contacts"
					 : "DROP TRIGGER no_contacts",
				 msg, sizeof(msg)),
			 ERR_OK);
	/* the same key is not "a duplicate" of the signal that never was */
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_OK);
	assert_false(replayed);
	assert_int_equal(store_signal_count(f->db), 1);
	assert_int_equal(count(f->db, sql_count_contacts), 1);
}

static void test_hostile_text_stored_verbatim(void **state)
{
	struct fixture *f = *state;
	struct sig g;
	struct signal_row row, again;
	bool replayed;

	signals_fixture(f);
	sig_init(&g, "x", 60);
	g.in.text = "'); DROP TABLE signals; -- <script>\"$1\"</script> \xc3\xa9";
	assert_int_equal(store_signal_create(f->db, &f->arena, &g.s, &row,
					     &replayed),
			 ERR_OK);
	assert_int_equal(store_signal_by_token(f->db, &f->arena, row.token,
					       &again),
			 ERR_OK);
	assert_string_equal(again.body, g.in.text);
	assert_int_equal(store_signal_count(f->db), 1);
}

static void test_time_format(void **state)
{
	char now[32], ago[32];

	(void)state;
	store_now(now, sizeof(now));
	store_time_ago(ago, sizeof(ago), 3600);
	assert_int_equal(strlen(now), 24);
	assert_int_equal(strlen(ago), 24);
	assert_true(strcmp(ago, now) < 0); /* text order is time order */
	assert_int_equal(now[4], '-');
	assert_int_equal(now[19], '.');
}

/* One connection that runs more distinct statements than the program
 * has SQL constants (some 300, more than the old fixed cache of 256,
 * which aborted the server): each prepared once, cached, and still
 * right when used again after the others. */
#define MANY_SQL 700
static char many_sql[MANY_SQL][48];

static void test_statement_cache_grows(void **state)
{
	struct fixture *f = *state;

	for (int round = 0; round < 2; round++)
		for (int i = 0; i < MANY_SQL; i++) {
			struct db_stmt *st;

			if (round == 0)
				snprintf(many_sql[i], sizeof(many_sql[i]),
					 "SELECT %d + $1", i);
			st = db_prepare(f->db, many_sql[i]);
			db_bind_int(st, 1, 1);
			assert_int_equal(db_step(st), DB_ROW);
			assert_int_equal(db_col_int(st, 0), i + 1);
			db_done(st);
		}
}

/* --- the generation: commits of others (store/generation.c) --------- */

/* Whether db_generation_sync on db moved the generation. */
static bool synced_bump(struct db *db)
{
	uint64_t before = db_generation();

	db_generation_sync(db);
	return db_generation() != before;
}

static const char sql_gen_row[] = "INSERT INTO t_gen (x) VALUES ($1)";

static void scoped_row(struct db *db, int x, const char *scope, bool after)
{
	struct db_stmt *st;

	assert_int_equal(db_begin_write(db), ERR_OK);
	st = db_prepare(db, sql_gen_row);
	db_bind_int(st, 1, x);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	if (scope)
		db_write_scope(db, scope);
	if (after) { /* a row after the naming: not named */
		st = db_prepare(db, sql_gen_row);
		db_bind_int(st, 1, x + 1);
		assert_int_equal(db_step(st), DB_DONE);
		db_done(st);
	}
	assert_int_equal(db_commit(db), ERR_OK);
}

static void write_row(struct db *db, int x)
{
	scoped_row(db, x, NULL, false);
}

/* On SQLite the server sees a write of another connection or process
 * by the WAL-index header of the -shm file (db_sqlite.c): the first look
 * bumps, a look with nothing written does not, and a commit of a second
 * connection, of another process, and of this connection itself each
 * bump once.  A check that always or never said "changed" fails here. */
static void test_generation_sees_other_writers(void **state)
{
	struct fixture *f = *state;
	struct db *other = NULL;
	char msg[256] = "";
	pid_t pid;
	int status = 0;
	uint64_t before;

	if (db_fixture_pg())
		skip(); /* PostgreSQL: the listener (tests/http/test_cache.py) */
	assert_int_equal(db_exec(f->db, "CREATE TABLE t_gen (x INTEGER)", msg,
				 sizeof(msg)), ERR_OK);
	assert_true(synced_bump(f->db)); /* the first look */
	assert_false(synced_bump(f->db));
	assert_false(synced_bump(f->db));

	/* a write transaction of this process moves the generation at its
	 * commit (db_commit), and is known as its own: no second bump */
	assert_int_equal(db_open(f->fx.url, &other, msg, sizeof(msg)), ERR_OK);
	before = db_generation();
	write_row(other, 1);
	assert_true(db_generation() != before);
	assert_false(synced_bump(f->db));
	assert_false(synced_bump(other));
	/* a write outside a transaction is no one's to account for: as if
	 * another process made it */
	assert_int_equal(db_exec(other, "INSERT INTO t_gen (x) VALUES (9)", msg,
				 sizeof(msg)), ERR_OK);
	assert_true(synced_bump(f->db));
	assert_false(synced_bump(f->db));
	assert_false(synced_bump(other));

	pid = fork(); /* another process, its own connection */
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db *child = NULL;

		if (db_open(f->fx.url, &child, msg, sizeof(msg)) != ERR_OK ||
		    db_exec(child, "INSERT INTO t_gen (x) VALUES (2)", msg,
			    sizeof(msg)) != ERR_OK)
			_exit(1);
		db_close(child);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(synced_bump(f->db));
	assert_false(synced_bump(f->db));

	write_row(f->db, 3); /* its own commit: db_commit bumped */
	assert_false(synced_bump(f->db));
	assert_false(synced_bump(other));

	/* a write on no public answer (a session's last use): its own
	 * transaction, known, and no bump at all */
	before = db_generation();
	assert_int_equal(db_run_unseen(other, db_prepare(other, "INSERT INTO"
					" t_gen (x) VALUES (4)"), true), ERR_OK);
	assert_false(synced_bump(f->db));
	assert_false(synced_bump(other));
	assert_true(db_generation() == before);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM t_gen WHERE x = 4"), 1);
	assert_false(db_in_transaction(other));
	db_close(other);
}

struct gens {
	uint64_t a, b, all;
};

static struct gens gens_now(void)
{
	struct gens g = {db_generation_in("GM0001"), db_generation_in("GM0002"),
			 db_generation()};

	return g;
}

/* A write named one municipality's (db_write_scope: an intake) moves
 * that municipality's generation and the one of answers of no
 * municipality, and leaves the others'; a write not named, named after
 * more rows, or named by a code that is no plain word moves all of them.
 * On SQLite the commit is this process's own: another connection's look
 * at the WAL-index does not take it for someone else's, nor the
 * bookkeeping a job hides (db_changes_unseen), which moves nothing. */
static void test_generation_scoped(void **state)
{
	struct fixture *f = *state;
	struct db *other = NULL;
	char msg[256] = "";
	struct gens g, h;
	bool sqlite = !db_fixture_pg();

	assert_int_equal(db_exec(f->db, "CREATE TABLE t_gen (x INTEGER)", msg,
				 sizeof(msg)), ERR_OK);
	assert_int_equal(db_open(f->fx.url, &other, msg, sizeof(msg)), ERR_OK);
	db_generation_sync(f->db);
	db_generation_sync(other);

	g = gens_now();
	scoped_row(f->db, 1, "GM0001", false);
	if (sqlite) {
		db_generation_sync(other);
		db_generation_sync(f->db);
	}
	h = gens_now();
	assert_true(h.a != g.a);
	assert_true(h.b == g.b);
	assert_true(h.all != g.all);
	assert_true(g.a != 0 && g.b != 0);

	/* the same through another connection, and two at once */
	g = h;
	scoped_row(other, 3, "GM0002", false);
	if (sqlite)
		db_generation_sync(f->db);
	h = gens_now();
	assert_true(h.a == g.a);
	assert_true(h.b != g.b);

	for (int i = 0; i < 4; i++) {
		static const char *const codes[] = {NULL, "GM'1", "", "GM00011111111111"};

		g = gens_now();
		scoped_row(f->db, 10 + 2 * i, codes[i], false);
		if (sqlite)
			db_generation_sync(other);
		h = gens_now();
		assert_true(h.a != g.a && h.b != g.b && h.all != g.all);
	}
	g = gens_now();
	scoped_row(f->db, 20, "GM0001", true);
	h = gens_now();
	assert_true(h.a != g.a && h.b != g.b);

	/* hidden bookkeeping: nothing moves, on no connection */
	g = gens_now();
	assert_int_equal(db_begin_write(f->db), ERR_OK);
	assert_int_equal(db_exec(f->db, "INSERT INTO t_gen (x) VALUES (30)", msg,
				 sizeof(msg)), ERR_OK);
	db_changes_unseen(f->db);
	assert_int_equal(db_commit(f->db), ERR_OK);
	if (sqlite) {
		db_generation_sync(other);
		db_generation_sync(f->db);
	}
	h = gens_now();
	assert_true(h.a == g.a && h.b == g.b && h.all == g.all);
	db_close(other);
}

/* One transaction that writes a row and names it: reports of the n
 * categories of municipality m (NULL: db_write_scope, reports of any), or
 * m's as a whole (whole). */
static void category_row(struct db *db, int x, const char *m,
			 const char *const *cats, size_t n, bool whole)
{
	struct db_stmt *st;

	assert_int_equal(db_begin_write(db), ERR_OK);
	st = db_prepare(db, sql_gen_row); /* counted as a change on both */
	db_bind_int(st, 1, x);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	if (whole)
		db_write_in(db, m);
	else if (!cats)
		db_write_scope(db, m);
	for (size_t i = 0; !whole && cats && i < n; i++)
		db_write_scope_category(db, m, cats[i]);
	assert_int_equal(db_commit(db), ERR_OK);
	db_generation_sync(db);
}

struct cat_gens {
	uint64_t a, b, c, other, reportless, municipal;
};

static struct cat_gens cat_gens_now(void)
{
	struct cat_gens g = {db_generation_category("GM0001", "afval/grofvuil"),
			     db_generation_category("GM0001", "groen/boom"),
			     db_generation_category("GM0001", "straat/losse-tegel"),
			     db_generation_category("GM0002", "afval/grofvuil"),
			     db_generation_reportless("GM0001"),
			     db_generation_in("GM0001")};

	return g;
}

/* A report named with its category (db_write_scope_category: an intake)
 * moves the generation of that category's answers of its municipality
 * and leaves the other categories', the other municipalities' and the
 * answers without reports; a report of no category named, a category
 * that is no plain code, more categories than a transaction can name,
 * and a write of the municipality as a whole move all its categories. */
static void test_generation_by_category(void **state)
{
	struct fixture *f = *state;
	char msg[256] = "";
	static const char *const a[] = {"afval/grofvuil"}, *const ab[] = {"afval/grofvuil", "groen/boom"}, *const hostile[] = {"afval'; --"};
	static const char *const many[] = {"c1", "c2", "c3", "c4", "c5",
					   "c6", "c7", "c8", "c9"};
	struct cat_gens g, h;

	assert_int_equal(db_exec(f->db, "CREATE TABLE t_gen (x INTEGER)", msg,
				 sizeof(msg)),
			 ERR_OK);
	db_generation_sync(f->db);

	g = cat_gens_now();
	category_row(f->db, 1, "GM0001", a, 1, false);
	h = cat_gens_now();
	assert_true(g.a != 0 && g.b != 0 && g.other != 0);
	assert_true(h.a != g.a);
	assert_true(h.b == g.b && h.c == g.c && h.other == g.other);
	assert_true(h.reportless == g.reportless && h.municipal != g.municipal);

	/* two categories in one transaction (a group commit): both, not c */
	g = h;
	category_row(f->db, 2, "GM0001", ab, 2, false);
	h = cat_gens_now();
	assert_true(h.a != g.a && h.b != g.b && h.c == g.c && h.other == g.other);

	/* no category named, a hostile one, too many: every category */
	for (int i = 0; i < 3; i++) {
		g = h;
		category_row(f->db, 3 + i, "GM0001", i == 0 ? NULL : i == 1 ? hostile
									    : many,
			     i == 0 ? 0 : i == 1 ? 1
						 : 9,
			     false);
		h = cat_gens_now();
		assert_true(h.a != g.a && h.b != g.b && h.c != g.c);
		assert_true(h.other == g.other && h.reportless == g.reportless);
	}

	/* counted figures (db_write_scope_counts): no category, nor the
	 * answers without reports; with a report of a in the same
	 * transaction, a alone */
	for (int i = 0; i < 2; i++) {
		struct db_stmt *st;

		g = h;
		assert_int_equal(db_begin_write(f->db), ERR_OK);
		st = db_prepare(f->db, sql_gen_row);
		db_bind_int(st, 1, 62 + i);
		assert_int_equal(db_step(st), DB_DONE);
		db_done(st);
		db_write_scope_counts(f->db, "GM0001");
		if (i == 1)
			db_write_scope_category(f->db, "GM0001", "afval/grofvuil");
		db_write_scope_counts(f->db, "GM0001");
		assert_int_equal(db_commit(f->db), ERR_OK);
		db_generation_sync(f->db);
		h = cat_gens_now();
		assert_true((h.a != g.a) == (i == 1));
		assert_true(h.b == g.b && h.c == g.c && h.other == g.other);
		assert_true(h.reportless == g.reportless && h.municipal != g.municipal);
	}

	/* work of the municipality as a whole: every category, and the
	 * answers without reports */
	g = h;
	category_row(f->db, 6, "GM0001", NULL, 0, true);
	h = cat_gens_now();
	assert_true(h.a != g.a && h.b != g.b && h.c != g.c);
	assert_true(h.reportless != g.reportless && h.other == g.other);

	/* another municipality's report of the same code: not GM0001's */
	g = h;
	category_row(f->db, 7, "GM0002", a, 1, false);
	h = cat_gens_now();
	assert_true(h.a == g.a && h.other != g.other);
}

/* A database in memory has no -shm file: PRAGMA data_version answers. */
static void test_generation_without_shm(void **state)
{
	struct db *mem = NULL;
	char msg[256] = "";

	(void)state;
	if (db_fixture_pg())
		skip();
	assert_int_equal(db_open(":memory:", &mem, msg, sizeof(msg)), ERR_OK);
	assert_true(synced_bump(mem));
	assert_false(synced_bump(mem));
	db_close(mem);
}

/* --- rows one at a time (db_stream) ----------------------------------- */

static const char sql_series[] =
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	" WHERE i < $1) SELECT i, CAST($2 AS TEXT) FROM n";
/* Fails at row $2 on PostgreSQL ('x' is no integer); SQLite reads 0. */
static const char sql_series_failing[] =
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	" WHERE i < $1) SELECT CAST(CASE WHEN i = $2 THEN 'x' ELSE"
	" CAST(i AS TEXT) END AS INTEGER) FROM n";
static const char sql_one[] = "SELECT 41 + $1";

static int64_t one(struct db *db)
{
	struct db_stmt *st = db_prepare(db, sql_one);
	int64_t v;

	db_bind_int(st, 1, 1);
	assert_int_equal(db_step(st), DB_ROW);
	v = db_col_int(st, 0);
	db_done(st);
	return v;
}

/* Every row, in order; left half-way the
 * connection runs the next statement, and the same statement streams
 * again from its first row. */
static void test_stream_rows(void **state)
{
	struct fixture *f = *state;
	struct db_stmt *st;
	int64_t n = 0, sum = 0;
	enum db_step r;

	st = db_prepare(f->db, sql_series);
	db_bind_int(st, 1, 5000);
	db_bind_text(st, 2, "t");
	db_stream(st);
	while ((r = db_step(st)) == DB_ROW) {
		assert_int_equal(db_col_int(st, 0), n + 1);
		assert_string_equal(db_col_text(st, 1), "t");
		n++;
		sum += db_col_int(st, 0);
	}
	assert_int_equal(r, DB_DONE);
	db_done(st);
	assert_int_equal(n, 5000);
	assert_int_equal(sum, 5000 * 5001 / 2);
	assert_int_equal(one(f->db), 42);

	st = db_prepare(f->db, sql_series);
	db_bind_int(st, 1, 5000);
	db_bind_text(st, 2, "u");
	db_stream(st);
	for (int i = 0; i < 10; i++)
		assert_int_equal(db_step(st), DB_ROW);
	db_done(st); /* left before its end */
	assert_int_equal(one(f->db), 42);
	/* without db_stream again: all at once, as before */
	st = db_prepare(f->db, sql_series);
	db_bind_int(st, 1, 3);
	db_bind_text(st, 2, "v");
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_int(st, 0), i);
	}
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
}

/* Streamed, the rows before a failure arrive and the failure after
 * them (held at once, PostgreSQL fails the whole statement before its
 * first row); the connection then runs the next statement. */
static void test_stream_failure_after_rows(void **state)
{
	struct fixture *f = *state;
	struct db_stmt *st;
	int64_t rows = 0;
	enum db_step r;

	if (db_dialect(f->db) != DB_POSTGRES)
		skip(); /* SQLite reads 'x' as 0 */
	st = db_prepare(f->db, sql_series_failing);
	db_bind_int(st, 1, 100000);
	db_bind_int(st, 2, 60000);
	db_stream(st);
	while ((r = db_step(st)) == DB_ROW)
		rows++;
	assert_int_equal(r, DB_ERROR);
	assert_int_equal(db_error(f->db, st), ERR_INTERNAL);
	db_done(st);
	assert_true(rows > 0 && rows < 60000);
	assert_int_equal(one(f->db), 42);
}

/* 100,000 rows of 1,000 bytes (100 MB held at once) with the heap
 * growing by less than 16 MB while they stream. */
static void test_stream_memory(void **state)
{
	struct fixture *f = *state;
	char text[1001];
	struct db_stmt *st;
	size_t before, most = 0;
	int64_t n = 0;
	enum db_step r;

	memset(text, 'w', 1000);
	text[1000] = '\0';
	before = mallinfo2().uordblks;
	st = db_prepare(f->db, sql_series);
	db_bind_int(st, 1, 100000);
	db_bind_text(st, 2, text);
	db_stream(st);
	while ((r = db_step(st)) == DB_ROW) {
		size_t now = mallinfo2().uordblks;

		if (n++ % 1000 == 0 && now > most)
			most = now;
		assert_int_equal(strlen(db_col_text(st, 1)), 1000);
	}
	assert_int_equal(r, DB_DONE);
	db_done(st);
	assert_int_equal(n, 100000);
	assert_true(most < before + ((size_t)16 << 20));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_migrate_fresh_and_twice),
		T(test_migrate_refuses_newer_schema),
		T(test_migrate_empty_file),
		T(test_municipality),
		T(test_area_list_and_get),
		T(test_area_children),
		T(test_area_put_replaces),
		T(test_area_needs_municipality),
		T(test_areas_each),
		T(test_categories),
		T(test_signal_create_and_by_token),
		T(test_signal_outcome),
		T(test_dedupe_within_window),
		T(test_dedupe_outside_window),
		T(test_dedupe_ignores_future_rows),
		T(test_dedupe_window_zero),
		T(test_contact_row_only_with_contact_data),
		T(test_invalid_kind_rolled_back),
		T(test_missing_buurt_rolled_back),
		T(test_contact_failure_rolls_back_signal),
		T(test_hostile_text_stored_verbatim),
		T(test_time_format),
		T(test_stream_rows),
		T(test_stream_failure_after_rows),
		T(test_stream_memory),
		T(test_statement_cache_grows),
		T(test_generation_sees_other_writers),
		T(test_generation_scoped),
		T(test_generation_by_category),
		T(test_generation_without_shm),
	};

	if (token_init() != 0)
		return 1;
	log_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
