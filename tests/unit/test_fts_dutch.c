/* Tests for text/fts_dutch.c: the Dutch FTS5 tokenizer on a real SQLite
 * database: stemming finds other word forms, case and accents fold,
 * hostile input (invalid UTF-8, giant words, control bytes) is harmless. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/fts_dutch.h"

static int setup(void **state)
{
	sqlite3 *db;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    fts_dutch_register(db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'dutch')",
			 NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(*state);
	return 0;
}

static void insert(sqlite3 *db, const char *text, int len)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t (body) VALUES (?1)", -1, &st,
					    NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, text, len, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static int hits(sqlite3 *db, const char *query)
{
	sqlite3_stmt *st;
	int n = 0;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM t WHERE t MATCH ?1",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_word_forms(void **state)
{
	sqlite3 *db = *state;

	insert(db, "De lantaarnpaal bij de brug brandt niet.", -1);
	insert(db, "Hulp bij schulden en geldzaken voor ouderen.", -1);
	insert(db, "Eenzaamheid onder mantelzorgers", -1);
	assert_int_equal(hits(db, "lantaarnpalen"), 1);
	assert_int_equal(hits(db, "LANTAARNPAAL"), 1);
	assert_int_equal(hits(db, "schuld"), 1);
	assert_int_equal(hits(db, "oudere"), 1);
	assert_int_equal(hits(db, "eenzaam"), 1);
	assert_int_equal(hits(db, "mantelzorger"), 1);
	assert_int_equal(hits(db, "fiets"), 0);
}

static void test_accents_and_case(void **state)
{
	sqlite3 *db = *state;
	char out[64];

	insert(db, "Financiële hulp, één loket", -1);
	assert_int_equal(hits(db, "financiele"), 1);
	assert_int_equal(hits(db, "FINANCIËLE"), 1);
	assert_int_equal(hits(db, "een"), 1);
	assert_true(fts_dutch_stem_word("Lantaarnpalen", 13, out, sizeof(out)) > 0);
	assert_string_equal(out, "lantaarnpal");
}

static void test_hostile_input(void **state)
{
	sqlite3 *db = *state;
	char *big = malloc(100001);

	memset(big, 'a', 100000);
	big[100000] = '\0';
	insert(db, "kapot\xff\xfe\xc3 stoeptegel\x01\x1b los", -1);
	insert(db, big, -1);
	insert(db, "", 0);
	insert(db, "nul\0byte", 8);
	assert_int_equal(hits(db, "stoeptegels"), 1);
	assert_int_equal(hits(db, "kapot"), 1);
	/* the giant word is skipped, not indexed */
	big[200] = '\0';
	assert_int_equal(hits(db, big), 0);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_word_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accents_and_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_input, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
