/* test_token: when a one-time link still works (domain/token.c), at its
 * edges: used, expired, the moment of expiry, missing values, and times
 * across a day and a year as the store writes them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/token.h"

#define NOW "2026-03-01T12:00:00.000Z"

static void test_unused_and_unexpired_is_live(void **state)
{
	assert_true(token_live("2026-03-01T14:00:00.000Z", NULL, NOW));
	assert_true(token_live("2026-03-08T12:00:00.000Z", NULL, NOW));
}

static void test_used_is_dead(void **state)
{
	assert_false(token_live("2026-03-01T14:00:00.000Z",
				"2026-03-01T12:30:00.000Z", NOW));
	/* a use recorded "later" than now (another clock): still used */
	assert_false(token_live("2026-03-08T12:00:00.000Z",
				"2026-03-02T00:00:00.000Z", NOW));
}

static void test_expiry_edge(void **state)
{
	assert_false(token_live(NOW, NULL, NOW)); /* at the moment: dead */
	assert_true(token_live("2026-03-01T12:00:00.001Z", NULL, NOW));
	assert_false(token_live("2026-03-01T11:59:59.999Z", NULL, NOW));
	assert_false(token_live("2026-02-28T12:00:00.000Z",
				"2026-02-28T11:00:00.000Z", NOW));
}

static void test_across_day_and_year(void **state)
{
	assert_true(token_live("2027-01-01T00:00:00.000Z", NULL,
			       "2026-12-31T23:59:59.999Z"));
	assert_false(token_live("2026-12-31T23:59:59.999Z", NULL,
				"2027-01-01T00:00:00.000Z"));
	assert_true(token_live("2026-03-02T00:00:00.000Z", NULL,
			       "2026-03-01T23:59:59.000Z"));
}

static void test_missing_values_fail_closed(void **state)
{
	assert_false(token_live(NULL, NULL, NOW));
	assert_false(token_live("2026-03-08T12:00:00.000Z", NULL, NULL));
	assert_false(token_live("2026-03-08T12:00:00.000Z", NULL, ""));
	assert_false(token_live("", NULL, NOW));
	assert_false(token_live(NULL, "2026-03-01T12:30:00.000Z", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unused_and_unexpired_is_live),
		cmocka_unit_test(test_used_is_dead),
		cmocka_unit_test(test_expiry_edge),
		cmocka_unit_test(test_across_day_and_year),
		cmocka_unit_test(test_missing_values_fail_closed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
