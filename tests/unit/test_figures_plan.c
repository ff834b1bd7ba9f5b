/* test_figures_plan: the figures' statements walk the indexes they were
 * written for (SQLite).
 * SPDX-License-Identifier: EUPL-1.2
 *
 * SQLite runs here without statistics (nothing runs ANALYZE), so its plan
 * follows from the schema and a statement's shape alone, the same on this
 * test's empty database as on ten million signals.  The figures' first
 * count at 10M depends on those plans (bench/RESULTS.md, nineteenth and
 * twentieth sittings: a city walk for a buurt's signals took 2.3 s before
 * a single row, an organisation's `s.id IN (...)` 12.7 s); a change of a
 * statement or an index that sends one back to such a walk fails here.
 * The statements are store/figures.c's own, included (the test defines
 * what figures.o would, so the linker does not take it from libwa.a).
 * PostgreSQL plans by its statistics: skipped there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db_fixture.h"
#include "store/figures.c"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	sqlite3 *h;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_pg()) {
		*state = f;
		return 0;
	}
	if (db_fixture_open(&f->fx, "figplan", &f->db) != 0 ||
	    sqlite3_open_v2(f->fx.url, &f->h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (f->h)
		sqlite3_close(f->h);
	if (f->db)
		db_fixture_close(&f->fx, f->db);
	free(f);
	return 0;
}

/* The plan of sql, its lines joined by newlines, in buf. */
static const char *plan(struct fixture *f, const char *sql, char *buf,
			size_t len)
{
	size_t qlen = strlen(sql) + 32;
	char *q = xmalloc(qlen);
	sqlite3_stmt *st;
	size_t used = 0;

	snprintf(q, qlen, "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(f->h, q, -1, &st, NULL), SQLITE_OK);
	buf[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW && used < len)
		used += (size_t)snprintf(buf + used, len - used, "%s\n",
					 (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	free(q);
	return buf;
}

static void has(const char *p, const char *want, const char *what)
{
	if (!strstr(p, want))
		fail_msg("%s: no \"%s\" in the plan:\n%s", what, want, p);
}

static void lacks(const char *p, const char *bad, const char *what)
{
	if (strstr(p, bad))
		fail_msg("%s: \"%s\" in the plan:\n%s", what, bad, p);
}

/* An area's signals buurt by buurt (signals_by_area), never the city's
 * signals_by_category; its closings by signals_closed_by_buurt; its
 * kwesties and grades by the index of its level (migration 029). */
static void test_area(void **state)
{
	struct fixture *f = *state;
	char p[8192];

	if (!f->h)
		skip();
	for (int sc = S_BUURT; sc <= S_STADSDEEL; sc++) {
		plan(f, sql_signals[sc], p, sizeof(p));
		has(p, "signals_by_area (municipality=? AND buurt_code=?", "signals");
		lacks(p, "signals_by_category", "signals");
		plan(f, sql_closed[sc], p, sizeof(p));
		has(p, "signals_closed_by_buurt", "closed");
	}
	plan(f, sql_levels[S_WIJK], p, sizeof(p));
	has(p, "kwesties_by_wijk", "levels of a wijk");
	plan(f, sql_grades[S_STADSDEEL], p, sizeof(p));
	has(p, "grades_by_stadsdeel", "grades of a stadsdeel");
}

/* Each signal's first response from an index alone (migration 032). */
static void test_first_response(void **state)
{
	struct fixture *f = *state;
	char p[8192];

	if (!f->h)
		skip();
	for (int sc = S_BUURT; sc < S_N; sc++) {
		plan(f, sql_signals[sc], p, sizeof(p));
		has(p, "COVERING INDEX kwestie_signals_first", "first link");
		has(p, "timeline_replies", "first entry");
	}
}

/* The city from the index that holds every column it reads. */
static void test_city(void **state)
{
	struct fixture *f = *state;
	char p[8192];

	if (!f->h)
		skip();
	plan(f, sql_signals[S_GEMEENTE], p, sizeof(p));
	has(p, "SEARCH s USING COVERING INDEX signals_by_category", "signals");
	plan(f, sql_closed[S_GEMEENTE], p, sizeof(p));
	has(p, "SEARCH s USING COVERING INDEX signals_by_category", "closed");
	plan(f, sql_outcomes[S_GEMEENTE], p, sizeof(p));
	has(p, "kwesties_closed", "outcomes");
	plan(f, sql_levels[S_GEMEENTE], p, sizeof(p));
	has(p, "kwesties_by_time", "levels");
}

/* An organisation's and a theme's signals by id, their ids first: never
 * a walk of the city's signals. */
static void test_listed(void **state)
{
	struct fixture *f = *state;
	char p[8192];

	if (!f->h)
		skip();
	for (int sc = S_ORG; sc <= S_THEME; sc++) {
		const char *const *all[] = {sql_signals, sql_closed, sql_reach};

		for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++) {
			plan(f, all[i][sc], p, sizeof(p));
			has(p, "SEARCH s USING INTEGER PRIMARY KEY", "by id");
			lacks(p, "SEARCH s USING COVERING INDEX", "by id");
			lacks(p, "SCAN s", "by id");
		}
	}
	plan(f, sql_signals[S_ORG], p, sizeof(p));
	has(p, "signal_organisations_by_org (organisation_id=? AND signal_id>?",
	    "the period's ids");
	plan(f, sql_signals[S_THEME], p, sizeof(p));
	has(p, "signals_by_category (municipality=? AND category_code=? AND created_at>?",
	    "a theme's lone signals");
	plan(f, sql_levels[S_THEME], p, sizeof(p));
	has(p, "kwesties_by_topic", "a theme's kwesties");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_area, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_response, setup, teardown),
		cmocka_unit_test_setup_teardown(test_city, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
