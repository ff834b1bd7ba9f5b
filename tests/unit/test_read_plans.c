/* test_read_plans: the public pages' statements walk the indexes they
 * were written for (SQLite): an Open311 list, an agenda, triage.
 * SPDX-License-Identifier: EUPL-1.2
 *
 * As plan_fixture.h says, a plan here is the plan at ten million
 * signals.  Each page below was slow at national scale once for a plan
 * that walked the wrong index or read each row (bench/RESULTS.md, issue
 * 16); a change of a statement or an index that brings such a plan back
 * fails here.  The statements are
 * store/open311.c's and store/kwestie.c's own, included.  PostgreSQL
 * plans by its statistics: skipped there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "plan_fixture.h"
#include "store/kwestie.c"
#include "store/open311.c"

/* What each request of a list shows besides its signal, read by id or
 * from small covering indexes (migration 026), never a walk. */
static void request_reads(const char *p, const char *what)
{
	has(p, "SEARCH k USING INTEGER PRIMARY KEY", what);
	has(p, "SEARCH t USING INTEGER PRIMARY KEY", what);
	has(p, "COVERING INDEX kwestie_chain_regisseur", what);
	has(p, "COVERING INDEX promises_open_by_signal", what);
	has(p, "COVERING INDEX promises_open_by_kwestie", what);
	lacks(p, "SCAN k", what);
	lacks(p, "SCAN t", what);
	lacks(p, "SCAN p", what);
}

/* The list of every code walks signals by time, newest first, and
 * stops after the page (no sort of the window); one code reads its
 * category's index alone (migration 026: it holds every column shown). */
static void test_open311(void **state)
{
	struct plan_fixture *f = *state;
	char p[16384];

	if (!f->h)
		skip();
	plan(f, sql_tokens, p, sizeof(p));
	has(p, "SEARCH s USING INDEX signals_by_created (created_at>? AND created_at<?)",
	    "all codes");
	lacks(p, "TEMP B-TREE", "all codes");
	lacks(p, "signals_by_area", "all codes");
	request_reads(p, "all codes");

	plan(f, sql_tokens_code, p, sizeof(p));
	has(p, "SEARCH s USING COVERING INDEX signals_by_category (municipality=? "
	       "AND category_code=? AND created_at>? AND created_at<?)",
	    "one code");
	lacks(p, "TEMP B-TREE", "one code");
	lacks(p, "SEARCH s USING INTEGER PRIMARY KEY", "one code: no signal's row");
	request_reads(p, "one code");

	plan(f, sql_ref, p, sizeof(p));
	has(p, "SEARCH s USING INTEGER PRIMARY KEY", "one request");
	request_reads(p, "one request");
}

/* An agenda ranks the open kwesties of its range from the index of its
 * level alone (migrations 010 and 033) and reads only the rows it shows
 * by id. */
static void test_agenda(void **state)
{
	struct plan_fixture *f = *state;
	static const struct {
		const char *sql, *index;
	} levels[] = {
		{sql_agenda_buurt, "COVERING INDEX kwesties_open_buurt"},
		{sql_agenda_wijk, "COVERING INDEX kwesties_open_wijk"},
		{sql_agenda_gebied, "COVERING INDEX kwesties_open_gebied"},
		{sql_agenda_stadsdeel, "COVERING INDEX kwesties_open_stadsdeel"},
		{sql_agenda_gemeente, "COVERING INDEX kwesties_open_rank"},
		{sql_agenda_above, "COVERING INDEX kwesties_open_area"},
	};
	char p[8192];

	if (!f->h)
		skip();
	for (size_t i = 0; i < sizeof(levels) / sizeof(*levels); i++) {
		plan(f, levels[i].sql, p, sizeof(p));
		has(p, levels[i].index, levels[i].index);
		has(p, "SEARCH k USING INTEGER PRIMARY KEY", levels[i].index);
		lacks(p, "SCAN kwesties", levels[i].index);
	}
}

/* Triage walks the open signals in no kwestie (signals_triage), each one's
 * access by key, never every signal. */
static void test_triage(void **state)
{
	struct plan_fixture *f = *state;
	char p[8192];

	if (!f->h)
		skip();
	plan(f, sql_triage, p, sizeof(p));
	has(p, "SEARCH s USING INDEX signals_triage", "triage");
	lacks(p, "SCAN s", "triage");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open311, plan_setup, plan_teardown),
		cmocka_unit_test_setup_teardown(test_agenda, plan_setup, plan_teardown),
		cmocka_unit_test_setup_teardown(test_triage, plan_setup, plan_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
