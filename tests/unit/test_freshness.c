/* test_freshness: the freshness rule of the social map
 * (domain/freshness.c): the period's limits, the cutoff at a given time,
 * and what is stale. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/freshness.h"

static void test_configure(void **state)
{
	char err[160];

	assert_int_equal(freshness_configure(NULL, err, sizeof(err)), 0);
	assert_int_equal(freshness_days(), FRESHNESS_DEFAULT_DAYS);
	assert_int_equal(freshness_configure("1", err, sizeof(err)), 0);
	assert_int_equal(freshness_days(), 1);
	assert_int_equal(freshness_configure("3650", err, sizeof(err)), 0);
	assert_int_equal(freshness_days(), 3650);
	/* refused, and the period stays as it was */
	assert_int_equal(freshness_configure("0", err, sizeof(err)), -1);
	assert_int_equal(freshness_configure("3651", err, sizeof(err)), -1);
	assert_int_equal(freshness_configure("30 dagen", err, sizeof(err)), -1);
	assert_int_equal(freshness_configure("-5", err, sizeof(err)), -1);
	assert_int_equal(freshness_configure("99999999999999999999", err,
					     sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "--freshness-days"));
	assert_int_equal(freshness_days(), 3650);
	assert_int_equal(freshness_configure("", err, sizeof(err)), 0);
	assert_int_equal(freshness_days(), FRESHNESS_DEFAULT_DAYS);
}

static void test_cutoff_and_stale(void **state)
{
	char cutoff[32], err[160];

	assert_int_equal(freshness_configure("30", err, sizeof(err)), 0);
	/* 2026-12-04T00:00:00Z minus 30 days */
	freshness_cutoff_at(1796342400, cutoff, sizeof(cutoff));
	assert_string_equal(cutoff, "2026-11-04T00:00:00.000Z");
	assert_true(freshness_stale("2026-11-03T23:59:59.999Z", cutoff));
	assert_false(freshness_stale("2026-11-04T00:00:00.000Z", cutoff));
	assert_false(freshness_stale("2026-12-01T10:00:00.000Z", cutoff));
	assert_true(freshness_stale(NULL, cutoff));
	assert_true(freshness_stale("", cutoff));
	freshness_configure(NULL, err, sizeof(err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_configure),
		cmocka_unit_test(test_cutoff_and_stale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
