/* test_etag: If-None-Match against an entity-tag (http/etag.c): one tag,
 * lists with spaces and empty members, "*", weak tags compared weakly,
 * and what does not parse (no match, so the full answer goes out). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "http/etag.h"

#define TAG "\"0123abcd\""

static void test_single(void **state)
{
	(void)state;
	assert_true(etag_none_match(TAG, TAG));
	assert_false(etag_none_match("\"0123abce\"", TAG));
	assert_false(etag_none_match("\"0123abc\"", TAG)); /* a prefix */
	assert_false(etag_none_match("\"0123abcdd\"", TAG));
	assert_false(etag_none_match("", TAG));
	assert_false(etag_none_match(NULL, TAG));
	assert_false(etag_none_match(TAG, NULL));
	assert_true(etag_none_match("  " TAG "  ", TAG));
}

static void test_list(void **state)
{
	(void)state;
	assert_true(etag_none_match("\"a\", " TAG, TAG));
	assert_true(etag_none_match(TAG ",\"a\"", TAG));
	assert_true(etag_none_match("\"a\",\t" TAG " , \"b\"", TAG));
	assert_true(etag_none_match(", ," TAG ",", TAG)); /* empty members */
	assert_false(etag_none_match("\"a\", \"b\"", TAG));
	assert_false(etag_none_match(",,,", TAG));
}

static void test_star(void **state)
{
	(void)state;
	assert_true(etag_none_match("*", TAG));
	assert_true(etag_none_match(" * ", TAG));
	assert_false(etag_none_match("*, " TAG, TAG)); /* not the grammar */
	assert_false(etag_none_match("**", TAG));
}

/* If-None-Match compares weakly (RFC 9110 13.1.2): W/ on either side is
 * ignored. */
static void test_weak(void **state)
{
	(void)state;
	assert_true(etag_none_match("W/" TAG, TAG));
	assert_true(etag_none_match("\"x\", W/" TAG, TAG));
	assert_true(etag_none_match(TAG, "W/" TAG));
	assert_true(etag_none_match("W/" TAG, "W/" TAG));
	assert_false(etag_none_match("w/" TAG, TAG)); /* W is case-sensitive */
	assert_false(etag_none_match("W/", TAG));
}

static void test_malformed(void **state)
{
	(void)state;
	assert_false(etag_none_match("0123abcd", TAG)); /* no quotes */
	assert_false(etag_none_match("\"0123abcd", TAG));
	assert_false(etag_none_match(TAG "x", TAG));
	assert_false(etag_none_match(TAG " \"a\"", TAG)); /* no comma */
	assert_false(etag_none_match("garbage, " TAG, TAG));
	assert_false(etag_none_match(TAG ", garbage", TAG));
	assert_false(etag_none_match("\"a b\", " TAG, TAG)); /* space inside */
	assert_false(etag_none_match("\"\x7f\", " TAG, TAG));
	assert_true(etag_none_match("\"\xc3\xa9\", " TAG, TAG)); /* obs-text */
	assert_false(etag_none_match("\"\"\"", TAG));
	assert_true(etag_none_match("\"\"", "\"\"")); /* the empty tag */
}

/* Past ETAG_MAX_HEADER nothing is read, even a match at the start. */
static void test_limit(void **state)
{
	size_t n = ETAG_MAX_HEADER + 1;
	char *h = malloc(n + 1);

	(void)state;
	memset(h, ' ', n);
	memcpy(h, TAG, strlen(TAG));
	h[n] = '\0';
	assert_false(etag_none_match(h, TAG));
	h[ETAG_MAX_HEADER] = '\0';
	assert_true(etag_none_match(h, TAG));
	free(h);
}

/* Many entries, the match last. */
static void test_long_list(void **state)
{
	char h[ETAG_MAX_HEADER + 1];
	size_t len = 0;

	(void)state;
	while (len + 5 + strlen(TAG) < ETAG_MAX_HEADER) {
		memcpy(h + len, "\"a\", ", 5);
		len += 5;
	}
	memcpy(h + len, TAG, sizeof(TAG));
	assert_true(etag_none_match(h, TAG));
	h[len] = '\0';
	assert_false(etag_none_match(h, TAG));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single),	  cmocka_unit_test(test_list),
		cmocka_unit_test(test_star),	  cmocka_unit_test(test_weak),
		cmocka_unit_test(test_malformed), cmocka_unit_test(test_limit),
		cmocka_unit_test(test_long_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
