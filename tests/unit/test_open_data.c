/* test_open_data: the pure parts of the open data (issue 14): the CBS
 * population reader (domain/population.c) on good files in the shapes
 * StatLine writes and on hostile input, the period rule and the day of a
 * stored moment (domain/open_data.c), and the CSV writer with its
 * formula guard (html/csv.c).  The inhabitants in these inputs are made
 * up for the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/open_data.h"
#include "domain/population.h"
#include "html/csv.h"

/* --- population ---------------------------------------------------- */

static enum err parse(const char *s, size_t len, struct arena *ar,
		      struct pop_table *t, struct pop_error *e)
{
	return pop_parse(ar, s, len, "GM0363", t, e);
}

static const struct pop_row *row_of(const struct pop_table *t, const char *code)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].code, code) == 0)
			return &t->rows[i];
	return NULL;
}

/* The OData TypedDataSet shape: a BOM, ';', codes padded with spaces,
 * rows of the whole country, "." for no figure, CRLF. */
static void test_statline_semicolon(void **state)
{
	static const char f[] =
		"\xEF\xBB\xBF\"ID\";\"WijkenEnBuurten\";\"Gemeentenaam_1\";"
		"\"SoortRegio_2\";\"Codering_3\";\"AantalInwoners_5\"\r\n"
		"1;\"NL00      \";\"Nederland\";\"Land\";\"NL00      \";17590672\r\n"
		"2;\"GM0363    \";\"Amsterdam\";\"Gemeente\";\"GM0363    \";882633\r\n"
		"3;\"WK0363AA  \";\"Amsterdam\";\"Wijk\";\"WK0363AA  \";4321\r\n"
		"4;\"BU0363AA01\";\"Amsterdam\";\"Buurt\";\"BU0363AA01\";1234\r\n"
		"5;\"BU0363AA02\";\"Amsterdam\";\"Buurt\";\"BU0363AA02\";.\r\n"
		"6;\"BU0518AA01\";\"'s-Gravenhage\";\"Buurt\";\"BU0518AA01\";55\r\n"
		"\r\n";
	struct arena ar;
	struct pop_table t;
	struct pop_error e;
	const struct pop_row *r;

	(void)state;
	arena_init(&ar);
	assert_int_equal(parse(f, sizeof(f) - 1, &ar, &t, &e), ERR_OK);
	assert_int_equal(t.delim, ';');
	assert_string_equal(t.code_header, "Codering_3");
	assert_string_equal(t.inhabitants_header, "AantalInwoners_5");
	assert_int_equal(t.lines, 6);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.other, 2);	/* NL00 and The Hague */
	assert_int_equal(t.unknown, 1); /* "." */
	assert_non_null(r = row_of(&t, "AA01"));
	assert_string_equal(r->level, "buurt");
	assert_int_equal(r->inhabitants, 1234);
	assert_int_equal(r->line, 5);
	assert_non_null(r = row_of(&t, "AA"));
	assert_string_equal(r->level, "wijk");
	assert_non_null(r = row_of(&t, "GM0363"));
	assert_string_equal(r->level, "gemeente");
	assert_int_equal(r->inhabitants, 882633);
	arena_clear(&ar);
}

/* Comma separated, other header spellings, our own codes, no BOM, no
 * final line break. */
static void test_comma_own_codes(void **state)
{
	static const char f[] = "gwb_code,naam,aantal_inwoners\n"
				"AA01,\"Kop Zeedijk, noord\",10\n"
				"03630950000022,Centrum-West,0\n"
				"BA03,Westpoort,x";
	struct arena ar;
	struct pop_table t;
	struct pop_error e;

	(void)state;
	arena_init(&ar);
	assert_int_equal(parse(f, sizeof(f) - 1, &ar, &t, &e), ERR_OK);
	assert_int_equal(t.delim, ',');
	assert_int_equal(t.n, 2);
	assert_int_equal(t.unknown, 1);
	assert_null(row_of(&t, "AA01")->level);
	assert_int_equal(row_of(&t, "03630950000022")->inhabitants, 0);
	arena_clear(&ar);
}

/* The header prefers Codering_3 over WijkenEnBuurten whatever the order. */
static void test_header_preference(void **state)
{
	static const char f[] = "WijkenEnBuurten;Codering_3;Bevolking/Aantal "
				"inwoners (aantal)\nX1;BU0363AA01;7\n";
	struct arena ar;
	struct pop_table t;
	struct pop_error e;

	(void)state;
	arena_init(&ar);
	assert_int_equal(parse(f, sizeof(f) - 1, &ar, &t, &e), ERR_OK);
	assert_string_equal(t.code_header, "Codering_3");
	assert_int_equal(row_of(&t, "AA01")->inhabitants, 7);
	arena_clear(&ar);
}

struct bad {
	const char *name, *data;
	size_t line;
	const char *says;
};

static const struct bad bads[] = {
	{"empty", "", 0, "no header"},
	{"blank only", "\n\n  \n", 0, "no header"},
	{"no code column", "naam;AantalInwoners_5\nx;1\n", 1, "no code"},
	{"no number column", "Codering_3;naam\nBU0363AA01;x\n", 1, "inhabitants"},
	{"letters", "Codering_3;AantalInwoners_5\nBU0363AA01;12\nBU0363AA02;twaalf\n",
	 3, "not a number"},
	{"negative", "Codering_3;AantalInwoners_5\nBU0363AA01;-12\n", 2,
	 "not a number"},
	{"decimal", "Codering_3;AantalInwoners_5\nBU0363AA01;12.5\n", 2,
	 "not a number"},
	{"too many", "Codering_3;AantalInwoners_5\nBU0363AA01;100000001\n", 2,
	 "not a number"},
	{"ten digits", "Codering_3;AantalInwoners_5\nBU0363AA01;0000000001\n", 2,
	 "not a number"},
	{"short line", "Codering_3;Naam;AantalInwoners_5\nBU0363AA01;x\n", 2,
	 "missing"},
	{"open quote", "Codering_3;AantalInwoners_5\n\"BU0363AA01;12\n", 2,
	 "not closed"},
	{"text after quote", "Codering_3;AantalInwoners_5\n\"BU0363AA01\"x;12\n",
	 2, "after a closing"},
	{"quote inside", "Codering_3;AantalInwoners_5\nBU03\"63;12\n", 2,
	 "inside"},
	{"script code", "Codering_3;AantalInwoners_5\n<script>;12\n", 2,
	 "not an area code"},
	{"empty code", "Codering_3;AantalInwoners_5\n;12\n", 2,
	 "not an area code"},
	{"twice", "Codering_3;AantalInwoners_5\nBU0363AA01;1\nAA02;2\nAA01;3\n", 4,
	 "again (first on line 2)"},
	{"latin-1", "Codering_3;AantalInwoners_5\nBU0363AA01;1\n\xE9;2\n", 3,
	 "UTF-8"},
};

static void test_hostile(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct arena ar;
		struct pop_table t;
		struct pop_error e;
		enum err r;

		arena_init(&ar);
		r = parse(bads[i].data, strlen(bads[i].data), &ar, &t, &e);
		if (r == ERR_OK || e.line != bads[i].line ||
		    !strstr(e.msg, bads[i].says))
			fail_msg("%s: got %d, line %zu: %s", bads[i].name, r,
				 e.line, e.msg);
		assert_int_equal(t.n, 0);
		arena_clear(&ar);
	}
}

/* NUL bytes, a line past the limit, too many fields, too many rows. */
static void test_limits(void **state)
{
	static const char nul[] = "Codering_3;AantalInwoners_5\nBU0363AA01;1\0\n";
	struct arena ar;
	struct pop_table t;
	struct pop_error e;
	size_t n = POP_MAX_LINE + 100, off, cap = POP_MAX_ROWS * 16 + 100;
	char *big = malloc(cap);

	(void)state;
	arena_init(&ar);
	assert_int_equal(parse(nul, sizeof(nul) - 1, &ar, &t, &e), ERR_INVALID);
	assert_int_equal(e.line, 2);
	assert_non_null(strstr(e.msg, "NUL"));

	off = (size_t)snprintf(big, cap, "Codering_3;AantalInwoners_5\n");
	memset(big + off, 'A', n);
	assert_int_equal(parse(big, off + n, &ar, &t, &e), ERR_TOO_LARGE);
	assert_int_equal(e.line, 2);

	memset(big, ';', POP_MAX_FIELDS + 5);
	assert_int_equal(parse(big, POP_MAX_FIELDS + 5, &ar, &t, &e),
			 ERR_TOO_LARGE);

	off = (size_t)snprintf(big, cap, "Codering_3;AantalInwoners_5\n");
	for (int i = 0; i <= POP_MAX_ROWS; i++)
		off += (size_t)snprintf(big + off, cap - off, "R%d;1\n", i);
	assert_int_equal(parse(big, off, &ar, &t, &e), ERR_TOO_LARGE);
	assert_int_equal(e.line, POP_MAX_ROWS + 2);
	assert_int_equal(pop_parse(&ar, big, POP_MAX_BYTES + 1, "GM0363", &t, &e),
			 ERR_TOO_LARGE);
	free(big);
	arena_clear(&ar);
}

/* --- the period ---------------------------------------------------- */

static void test_period(void **state)
{
	struct open_data_period p;
	struct field_errors errs = {0};

	(void)state;
	assert_true(open_data_period_parse(NULL, NULL, &p, &errs));
	assert_false(p.has_from || p.has_to);
	assert_string_equal(p.from_utc, "");
	/* winter: Amsterdam is UTC+1; summer UTC+2 */
	assert_true(open_data_period_parse("2026-01-01", "2026-07-01", &p, &errs));
	assert_string_equal(p.from_utc, "2025-12-31T23:00:00");
	assert_string_equal(p.to_utc, "2026-07-01T22:00:00");
	/* the day the clocks go forward: its end is 22:00 UTC */
	assert_true(open_data_period_parse(NULL, "2026-03-29", &p, &errs));
	assert_string_equal(p.to_utc, "2026-03-29T22:00:00");
	/* five years as the figures count them: to before the same day five
	 * years on, whatever the leap days (1827 days with two, 1826 with
	 * one); the figures' period agrees on both */
	assert_true(open_data_period_parse("2020-01-01", "2024-12-31", &p, &errs));
	assert_false(open_data_period_parse("2020-01-01", "2025-01-01", &p, &errs));
	assert_string_equal(errs.e[0].field, "to");
	errs.n = 0;
	assert_true(open_data_period_parse("2021-01-01", "2025-12-31", &p, &errs));
	assert_false(open_data_period_parse("2021-01-01", "2026-01-01", &p, &errs));
	assert_string_equal(errs.e[0].field, "to");
	errs.n = 0;
	assert_false(open_data_period_parse("2026-02-01", "2026-01-31", &p, &errs));
	assert_string_equal(errs.e[0].field, "to");
	errs.n = 0;
	assert_false(open_data_period_parse("2026-02-30", "gisteren", &p, &errs));
	assert_int_equal(errs.n, 2);
	assert_string_equal(errs.e[0].field, "from");
	assert_string_equal(errs.e[1].field, "to");
}

static void test_day(void **state)
{
	char d[11];

	(void)state;
	open_data_day("2026-11-27T23:30:00.000Z", d); /* 00:30 in Amsterdam */
	assert_string_equal(d, "2026-11-28");
	open_data_day("2026-06-30T21:59:59Z", d);
	assert_string_equal(d, "2026-06-30");
	open_data_day(NULL, d);
	assert_string_equal(d, "");
	open_data_day("gisteren", d);
	assert_string_equal(d, "");
}

/* --- CSV ----------------------------------------------------------- */

static void test_csv(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4096);
	csv_int(&b, -5, 1);
	csv_text(&b, "gewoon", 0);
	csv_text(&b, "a,b", 0);
	csv_text(&b, "zei \"hoi\"", 0);
	csv_text(&b, "=HYPERLINK(\"http://x\",\"klik\")", 0);
	csv_text(&b, "+31", 0);
	csv_text(&b, "-1", 0);
	csv_text(&b, "@SUM(A1)", 0);
	csv_text(&b, "\tTAB", 0);
	csv_text(&b, NULL, 0);
	csv_text(&b, "twee\nregels", 0);
	csv_end_row(&b);
	assert_string_equal(buf_str(&b),
			    "-5,gewoon,\"a,b\",\"zei \"\"hoi\"\"\","
			    "\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\","
			    "\"'+31\",\"'-1\",\"'@SUM(A1)\",\"'\tTAB\",,"
			    "\"twee\nregels\"\r\n");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statline_semicolon),
		cmocka_unit_test(test_comma_own_codes),
		cmocka_unit_test(test_header_preference),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_period),
		cmocka_unit_test(test_day),
		cmocka_unit_test(test_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
