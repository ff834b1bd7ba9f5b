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

#include "plan_fixture.h"
#include "store/figures.c"

/* An area's signals buurt by buurt (signals_by_area), never the city's
 * signals_by_category; its closings by signals_closed_by_buurt; its
 * kwesties and grades by the index of its level (migration 029). */
static void test_area(void **state)
{
	struct plan_fixture *f = *state;
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
	struct plan_fixture *f = *state;
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
	struct plan_fixture *f = *state;
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
	struct plan_fixture *f = *state;
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
		cmocka_unit_test_setup_teardown(test_area, plan_setup, plan_teardown),
		cmocka_unit_test_setup_teardown(test_first_response, plan_setup, plan_teardown),
		cmocka_unit_test_setup_teardown(test_city, plan_setup, plan_teardown),
		cmocka_unit_test_setup_teardown(test_listed, plan_setup, plan_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
