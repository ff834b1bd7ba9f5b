/* plan_fixture: what the plan tests share (test_figures_plan,
 * test_read_plans): a migrated SQLite file opened a second time read-only
 * for EXPLAIN QUERY PLAN, and assertions on a plan's text.
 * SPDX-License-Identifier: EUPL-1.2
 *
 * SQLite runs here without statistics (nothing runs ANALYZE), so its plan
 * follows from the schema and a statement's shape alone, the same on an
 * empty database as on ten million signals.  PostgreSQL plans by its
 * statistics: with WIJKAGENDA_TEST_PG set, h stays NULL and each test
 * skips.  Header-only, as db_fixture.h. */
#ifndef WA_TEST_PLAN_FIXTURE_H
#define WA_TEST_PLAN_FIXTURE_H
#include <sqlite3.h>

#include "db_fixture.h"

struct plan_fixture {
	struct db_fixture fx;
	struct db *db;
	sqlite3 *h;
};

static inline int plan_setup(void **state)
{
	struct plan_fixture *f = xcalloc(1, sizeof(*f));

	*state = f;
	if (db_fixture_pg())
		return 0;
	if (db_fixture_open(&f->fx, "plan", &f->db) != 0 ||
	    sqlite3_open_v2(f->fx.url, &f->h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	return 0;
}

static inline int plan_teardown(void **state)
{
	struct plan_fixture *f = *state;

	if (f->h)
		sqlite3_close(f->h);
	if (f->db)
		db_fixture_close(&f->fx, f->db);
	free(f);
	return 0;
}

/* The plan of sql, its lines joined by newlines, in buf. */
static inline const char *plan(struct plan_fixture *f, const char *sql,
			       char *buf, size_t len)
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

static inline void has(const char *p, const char *want, const char *what)
{
	if (!strstr(p, want))
		fail_msg("%s: no \"%s\" in the plan:\n%s", what, want, p);
}

static inline void lacks(const char *p, const char *bad, const char *what)
{
	if (strstr(p, bad))
		fail_msg("%s: \"%s\" in the plan:\n%s", what, bad, p);
}

#endif
