/* test_notify: the pure rules of notifications (domain/notify.c): the
 * time-of-day schedule in Amsterdam time across both daylight-saving
 * switches, working days, the frequencies and the digest's grouping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/calendar.h"
#include "domain/notify.h"

/* Seconds since 1970 of a UTC date and time. */
static int64_t utc(int y, int m, int d, int hh, int mm)
{
	return cal_day_number((struct cal_date){y, m, d}) * 86400 + hh * 3600 + mm * 60;
}

static void test_daily_winter_and_summer(void **state)
{
	(void)state;
	/* winter: 07:00 CET is 06:00 UTC */
	assert_int_equal(notify_next_run(utc(2026, 1, 15, 5, 0), 7, 0, 0),
			 utc(2026, 1, 15, 6, 0));
	/* just past it: the next day */
	assert_int_equal(notify_next_run(utc(2026, 1, 15, 6, 0), 7, 0, 0),
			 utc(2026, 1, 16, 6, 0));
	/* summer: 07:00 CEST is 05:00 UTC */
	assert_int_equal(notify_next_run(utc(2026, 7, 1, 4, 59), 7, 0, 0),
			 utc(2026, 7, 1, 5, 0));
}

static void test_daily_across_dst_switches(void **state)
{
	(void)state;
	/* 2026-03-29: summer time starts at 01:00 UTC; from Saturday 07:00
	 * CET the next run is Sunday 07:00 CEST, 23 hours later */
	assert_int_equal(notify_next_run(utc(2026, 3, 28, 6, 0), 7, 0, 0),
			 utc(2026, 3, 29, 5, 0));
	/* 2026-10-25: back to winter time; 25 hours */
	assert_int_equal(notify_next_run(utc(2026, 10, 24, 5, 0), 7, 0, 0),
			 utc(2026, 10, 25, 6, 0));
	/* late in the evening (UTC) is already the next local day */
	assert_int_equal(notify_next_run(utc(2026, 7, 1, 23, 30), 7, 0, 0),
			 utc(2026, 7, 2, 5, 0));
}

static void test_weekly_monday(void **state)
{
	(void)state;
	/* Thursday 2026-01-15: the next Monday is 01-19 */
	assert_int_equal(notify_next_run(utc(2026, 1, 15, 12, 0), 7, 0, 1),
			 utc(2026, 1, 19, 6, 0));
	/* on Monday before 07:00: the same day; after: a week on */
	assert_int_equal(notify_next_run(utc(2026, 1, 19, 5, 59), 7, 0, 1),
			 utc(2026, 1, 19, 6, 0));
	assert_int_equal(notify_next_run(utc(2026, 1, 19, 6, 0), 7, 0, 1),
			 utc(2026, 1, 26, 6, 0));
}

static void test_frequencies(void **state)
{
	(void)state;
	assert_true(notify_frequency_valid("direct"));
	assert_true(notify_frequency_valid("none"));
	assert_false(notify_frequency_valid("Direct"));
	assert_false(notify_frequency_valid(""));
	assert_false(notify_frequency_valid(NULL));
	assert_false(notify_frequency_valid("hourly"));
}

static void test_group(void **state)
{
	struct notify_item it[] = {
		{'s', 9, 14, NULL, "s9-14", NULL}, {'k', 3, 12, NULL, "k3-12", NULL},
		{'k', 2, 11, NULL, "k2-11", NULL}, {'k', 3, 10, NULL, "k3-10", NULL},
		{'k', 3, 12, NULL, "k3-12 again", NULL},
	};
	size_t n = 5, groups = notify_group(it, &n);

	(void)state;
	assert_int_equal(groups, 3);
	assert_int_equal(n, 4); /* the double k3-12 once */
	assert_string_equal(it[0].text, "k2-11");
	assert_string_equal(it[1].text, "k3-10");
	assert_int_equal(it[2].id, 12);
	assert_string_equal(it[3].text, "s9-14");
	n = 0;
	assert_int_equal(notify_group(it, &n), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_daily_winter_and_summer),
		cmocka_unit_test(test_daily_across_dst_switches),
		cmocka_unit_test(test_weekly_monday),
		cmocka_unit_test(test_frequencies),
		cmocka_unit_test(test_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
