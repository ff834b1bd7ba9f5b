/* test_read_plans: the public pages' statements walk the indexes they
 * were written for (SQLite): an Open311 list, an agenda, triage.
 * SPDX-License-Identifier: EUPL-1.2
 *
 * As test_figures_plan says: SQLite runs here without statistics, so a
 * plan follows from the schema and the statement alone, the same on this
 * empty database as on ten million signals.  Each page below was slow at
 * national scale once for a plan that walked the wrong index or read each
 * row (bench/RESULTS.md, issue 16); a change of a statement or an index
 * that brings such a plan back fails here.  The statements are
 * store/open311.c's and store/kwestie.c's own, included.  PostgreSQL
 * plans by its statistics: skipped there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db_fixture.h"
#include "store/kwestie.c"
#include "store/open311.c"

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
	if (db_fixture_open(&f->fx, "readplan", &f->db) != 0 ||
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
	struct fixture *f = *state;
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
	struct fixture *f = *state;
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
	struct fixture *f = *state;
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
		cmocka_unit_test_setup_teardown(test_open311, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agenda, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triage, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
