/* test_i18n: language codes and Accept-Language negotiation (i18n/i18n.c)
 * on headers as browsers send them, and on garbage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "i18n/i18n.h"

static void test_code(void **state)
{
	(void)state;
	assert_string_equal(i18n_code(LANG_NL), "nl");
	assert_string_equal(i18n_code(LANG_EN), "en");
	assert_string_equal(i18n_code(LANG_COUNT), "nl");
	assert_string_equal(i18n_code((enum lang)-1), "nl");
	assert_string_equal(i18n_code((enum lang)1000), "nl");
}

static void test_parse(void **state)
{
	(void)state;
	assert_int_equal(i18n_parse("nl"), LANG_NL);
	assert_int_equal(i18n_parse("en"), LANG_EN);
	assert_int_equal(i18n_parse(NULL), -1);
	assert_int_equal(i18n_parse(""), -1);
	assert_int_equal(i18n_parse("de"), -1);
	assert_int_equal(i18n_parse("EN"), -1);
	assert_int_equal(i18n_parse("en-GB"), -1);
	assert_int_equal(i18n_parse("en "), -1);
	assert_int_equal(i18n_parse(" nl"), -1);
	assert_int_equal(i18n_parse("nld"), -1);
	assert_int_equal(i18n_parse("n"), -1);
	for (int l = 0; l < LANG_COUNT; l++)
		assert_int_equal(i18n_parse(i18n_code((enum lang)l)), l);
}

#define NEG(header, want) assert_int_equal(i18n_negotiate(header), want)

static void test_negotiate_browsers(void **state)
{
	(void)state;
	NEG("en-US,en;q=0.9,nl;q=0.8", LANG_EN);
	NEG("nl-NL", LANG_NL);
	NEG("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", LANG_NL);
	NEG("en-GB,en;q=0.9", LANG_EN);
	NEG("de", LANG_NL);
	NEG("de-DE,de;q=0.9,en;q=0.8", LANG_EN);
	NEG("fr-FR,fr;q=0.9,de;q=0.7", LANG_NL);
	NEG("tr-TR,tr;q=0.9,en-US;q=0.8,en;q=0.7,nl;q=0.6", LANG_EN);
	NEG("ar,nl;q=0.8,en;q=0.5", LANG_NL);
	NEG("en;q=0.1, nl;q=0.9", LANG_NL);
	NEG("nl;q=0.1, en;q=0.9", LANG_EN);
	NEG("nl;q=0.5, en;q=0.5", LANG_NL); /* a tie keeps the first */
	NEG("en;q=0.5, nl;q=0.5", LANG_EN);
	NEG("EN-us", LANG_EN);
	NEG("NL", LANG_NL);
	NEG("*", LANG_NL);
	NEG("*;q=0.5, en;q=0.4", LANG_EN);
	NEG("en ; q=0.5", LANG_EN);
	NEG("en;level=1;q=0.5, nl;q=0.4", LANG_EN);
}

static void test_negotiate_absent_and_zero(void **state)
{
	(void)state;
	NEG(NULL, LANG_NL);
	NEG("", LANG_NL);
	NEG("   ", LANG_NL);
	NEG(",,,", LANG_NL);
	NEG("en;q=0", LANG_NL); /* q=0: not acceptable */
	NEG("en;q=0.0, nl;q=0.1", LANG_NL);
	NEG("nl;q=0, en", LANG_EN);
	NEG("nl;q=0, en;q=0", LANG_NL);
	NEG("en;q=0.000", LANG_NL);
	NEG("en;q=0.001", LANG_EN);
}

static void test_negotiate_garbage(void **state)
{
	(void)state;
	NEG(";", LANG_NL);
	NEG(";;;;", LANG_NL);
	NEG("q=1", LANG_NL);
	NEG("en;", LANG_EN);
	NEG("en;q", LANG_EN);
	NEG("en;q=", LANG_NL); /* q parses as 0 */
	NEG("en;q=abc", LANG_NL);
	NEG("en;q=-1", LANG_NL);
	NEG("en;q=nan", LANG_NL);
	NEG("en;q=0.5;q=0", LANG_NL); /* the last q counts */
	NEG("english", LANG_NL);
	NEG("en_US", LANG_NL);
	NEG("enx", LANG_NL);
	NEG("xen", LANG_NL);
	NEG("nlen", LANG_NL);
	NEG("\xff\xfe\x01\x02", LANG_NL);
	NEG("e\xce", LANG_NL);
	/* a primary subtag longer than the buffer must not become "en" */
	NEG("enaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    LANG_NL);
}

/* RFC 9110: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
 * A weight above 1 (or inf, or hex) is not a valid q and must not let an
 * entry outrank a plain (q=1) entry before it. */
static void test_negotiate_q_out_of_range(void **state)
{
	(void)state;
	NEG("nl, en;q=2", LANG_NL);
	NEG("nl, en;q=inf", LANG_NL);
	NEG("nl, en;q=1e3", LANG_NL);
	NEG("nl, en;q=0x10", LANG_NL);
	NEG("nl;q=0.9, en;q=1.0", LANG_EN); /* valid: still works */
	NEG("nl;q=0.9, en;q=1.000", LANG_EN);
	NEG("nl;q=0.9, en;q=1.", LANG_EN);
	NEG("nl;q=0.9, en;q=1.001", LANG_NL);
	NEG("nl;q=0.9, en;q=0.95x", LANG_NL);
	NEG("nl;q=0.1, en;q=0.1234", LANG_NL); /* at most 3 decimals */
	NEG("nl;q=0.1, en;q=0.123", LANG_EN);
	NEG("nl;q=0.1, en;q=0.5 , de", LANG_EN);
	NEG("nl;q=0.1, en;q=.5", LANG_NL);
	NEG("nl;q=0.1, en;q=-0", LANG_NL);
}

static void test_negotiate_long(void **state)
{
	struct buf b;

	(void)state;
	/* 100 KB of unknown languages, then English: stays Dutch (the scan is
	 * bounded) but must not crash or take long */
	buf_init(&b, 0);
	for (int i = 0; i < 20000; i++)
		buf_adds(&b, "de, ");
	buf_adds(&b, "en");
	NEG(buf_str(&b), LANG_NL);
	/* one enormous tag */
	buf_reset(&b);
	buf_adds(&b, "en");
	for (int i = 0; i < 100000; i++)
		buf_addc(&b, '-');
	NEG(buf_str(&b), LANG_EN);
	/* enormous parameter list */
	buf_reset(&b);
	buf_adds(&b, "en");
	for (int i = 0; i < 50000; i++)
		buf_adds(&b, ";x");
	NEG(buf_str(&b), LANG_EN);
	/* a few entries before English are fine */
	buf_reset(&b);
	for (int i = 0; i < 10; i++)
		buf_adds(&b, "de;q=0.9, ");
	buf_adds(&b, "en;q=0.5");
	NEG(buf_str(&b), LANG_EN);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_negotiate_browsers),
		cmocka_unit_test(test_negotiate_absent_and_zero),
		cmocka_unit_test(test_negotiate_garbage),
		cmocka_unit_test(test_negotiate_q_out_of_range),
		cmocka_unit_test(test_negotiate_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
