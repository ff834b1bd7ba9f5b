/* test_calendar: the working-day calendar (domain/calendar.c): dates and
 * their strict parser, Easter and the Dutch national holidays against
 * published tables, working days with closing days, and the
 * Europe/Amsterdam offset and date at the DST edges, cross-checked
 * against the system's time-zone database (which the module itself never
 * reads). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/calendar.h"

static struct cal_date D(const char *s)
{
	struct cal_date d = {0, 0, 0};

	if (!cal_date_parse(s, &d))
		fail_msg("not a date: %s", s);
	return d;
}

static void assert_date(struct cal_date d, const char *want)
{
	char got[11];

	cal_date_format(d, got);
	assert_string_equal(got, want);
}

/* --- dates ------------------------------------------------------------------ */

static void test_parse_good(void **state)
{
	struct cal_date d;

	assert_true(cal_date_parse("2024-02-29", &d));
	assert_int_equal(d.y, 2024);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 29);
	assert_true(cal_date_parse("1900-01-01", &d));
	assert_true(cal_date_parse("2999-12-31", &d));
	assert_true(cal_date_parse("2000-02-29", &d)); /* 400-year rule */
	assert_true(cal_date_parse("2025-12-31", &d));
}

static void test_parse_bad(void **state)
{
	static const char *const bad[] = {
		"2025-02-29", /* not a leap year */
		"1900-02-29", /* a century, not a leap year */
		"2024-02-30", "2024-04-31", "2024-13-01", "2024-00-10",
		"2024-01-00", "2024-01-32", "2024-1-01",  "2024-01-1",
		"24-01-01",   "2024/01/01", "2024-01-01x", "2024-01-01 ",
		" 2024-01-01", "2024-01-01T00:00", "0000-01-01", "0001-01-01",
		"1899-12-31", "3000-01-01", "+024-01-01", "2024-+1-01",
		"2024-01--1", "２０２４-01-01", "", "2024-01-0\x01", "abcd-ef-gh",
		"2024 01 01",
	};
	struct cal_date d = {7, 7, 7};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (cal_date_parse(bad[i], &d))
			fail_msg("accepted: \"%s\"", bad[i]);
	assert_false(cal_date_parse(NULL, &d));
	/* refused input leaves out alone */
	assert_int_equal(d.y, 7);
	assert_int_equal(d.m, 7);
	assert_int_equal(d.d, 7);
}

/* Every day of the range: the day number counts up by one, the weekday
 * turns, format and parse give the day back.  401,768 dates. */
static void test_every_day(void **state)
{
	struct cal_date d = {CAL_YEAR_MIN, 1, 1}, back;
	int64_t first = cal_day_number(d), n = 0;
	int wd = cal_weekday(d);
	char s[11];

	assert_int_equal(cal_day_number(D("1970-01-01")), 0);
	assert_int_equal(cal_day_number(D("2000-01-01")), 10957);
	assert_int_equal(cal_day_number(D("1969-12-31")), -1);
	assert_int_equal(cal_weekday(D("2024-01-01")), 1); /* a Monday */
	assert_int_equal(cal_weekday(D("1900-01-01")), 1);
	assert_int_equal(cal_weekday(D("2026-03-29")), 7);
	for (int y = CAL_YEAR_MIN; y <= CAL_YEAR_MAX; y++)
		for (int m = 1; m <= 12; m++)
			for (int dd = 1; dd <= cal_days_in_month(y, m); dd++, n++) {
				d = (struct cal_date){y, m, dd};
				if (cal_day_number(d) != first + n)
					fail_msg("day number of %d-%d-%d", y, m, dd);
				back = cal_from_day_number(first + n);
				assert_int_equal(cal_date_cmp(back, d), 0);
				if (cal_weekday(d) != (wd - 1 + n) % 7 + 1)
					fail_msg("weekday of %d-%d-%d", y, m, dd);
				cal_date_format(d, s);
				assert_true(cal_date_parse(s, &back));
				assert_int_equal(cal_date_cmp(back, d), 0);
			}
	assert_int_equal(n, 401767);
}

static void test_add_days(void **state)
{
	struct cal_date d;

	assert_true(cal_add_days(D("2024-02-28"), 1, &d));
	assert_date(d, "2024-02-29");
	assert_true(cal_add_days(D("2024-03-01"), -1, &d));
	assert_date(d, "2024-02-29");
	assert_true(cal_add_days(D("2025-12-31"), 1, &d));
	assert_date(d, "2026-01-01");
	assert_false(cal_add_days(D("2999-12-31"), 1, &d));
	assert_false(cal_add_days(D("1900-01-01"), -1, &d));
	assert_false(cal_add_days(D("2024-01-01"), INT64_MAX, &d));
	assert_false(cal_add_days(D("2024-01-01"), INT64_MIN, &d));
}

/* --- Easter and the holidays -------------------------------------------------- */

/* Easter Sunday 2000-2040, typed from the published table "Easter Dates
 * 2000-2099" of the Astronomical Society of South Australia
 * (www.assa.org.au/edm, the Gregorian dates), the same as Wikipedia's
 * "List of dates for Easter" (Western column). */
static const char *const easter_table[] = {
	"2000-04-23", "2001-04-15", "2002-03-31", "2003-04-20", "2004-04-11",
	"2005-03-27", "2006-04-16", "2007-04-08", "2008-03-23", "2009-04-12",
	"2010-04-04", "2011-04-24", "2012-04-08", "2013-03-31", "2014-04-20",
	"2015-04-05", "2016-03-27", "2017-04-16", "2018-04-01", "2019-04-21",
	"2020-04-12", "2021-04-04", "2022-04-17", "2023-04-09", "2024-03-31",
	"2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01",
	"2030-04-21", "2031-04-13", "2032-03-28", "2033-04-17", "2034-04-09",
	"2035-03-25", "2036-04-13", "2037-04-05", "2038-04-25", "2039-04-10",
	"2040-04-01",
};

static void test_easter_2000_2040(void **state)
{
	size_t n = sizeof(easter_table) / sizeof(easter_table[0]);

	assert_int_equal(n, 41);
	for (size_t i = 0; i < n; i++) {
		struct cal_date want = D(easter_table[i]);
		struct cal_date got = cal_easter(2000 + (int)i);

		assert_int_equal(want.y, 2000 + (int)i);
		if (cal_date_cmp(got, want) != 0)
			fail_msg("Easter %d: %d-%d, not %s", want.y, got.m, got.d,
				 easter_table[i]);
		assert_string_equal(cal_holiday(want), "Eerste Paasdag");
		assert_int_equal(cal_weekday(got), 7);
	}
	/* The computus's limits, for every year of the range */
	for (int y = CAL_YEAR_MIN; y <= CAL_YEAR_MAX; y++) {
		struct cal_date e = cal_easter(y);

		assert_int_equal(cal_weekday(e), 7);
		assert_true(cal_date_cmp(e, (struct cal_date){y, 3, 22}) >= 0);
		assert_true(cal_date_cmp(e, (struct cal_date){y, 4, 25}) <= 0);
	}
}

struct holiday {
	const char *date, *name;
};

/* Every holiday of the year, and no other day: each date named, and a
 * walk over the whole year finds exactly these. */
static void check_year(int y, const struct holiday *h, size_t n)
{
	struct cal_date d = {y, 1, 1};
	size_t found = 0;

	for (size_t i = 0; i < n; i++) {
		const char *got = cal_holiday(D(h[i].date));

		if (!got || strcmp(got, h[i].name) != 0)
			fail_msg("%s: %s, not %s", h[i].date, got ? got : "(none)",
				 h[i].name);
	}
	for (; d.y == y; cal_add_days(d, 1, &d))
		if (cal_holiday(d))
			found++;
	assert_int_equal(found, n);
}

/* The official holidays as published by the government (rijksoverheid.nl,
 * "Welke datums zijn de officiële feestdagen in 2024/2025/2026?"), with
 * Eerste Paas- and Pinksterdag, which it lists too. */
static void test_holidays_published(void **state)
{
	static const struct holiday y2024[] = {
		{"2024-01-01", "Nieuwjaarsdag"},      {"2024-03-29", "Goede Vrijdag"},
		{"2024-03-31", "Eerste Paasdag"},     {"2024-04-01", "Tweede Paasdag"},
		{"2024-04-27", "Koningsdag"},	      {"2024-05-05", "Bevrijdingsdag"},
		{"2024-05-09", "Hemelvaartsdag"},     {"2024-05-19", "Eerste Pinksterdag"},
		{"2024-05-20", "Tweede Pinksterdag"}, {"2024-12-25", "Eerste Kerstdag"},
		{"2024-12-26", "Tweede Kerstdag"},
	};
	static const struct holiday y2025[] = {
		{"2025-01-01", "Nieuwjaarsdag"},      {"2025-04-18", "Goede Vrijdag"},
		{"2025-04-20", "Eerste Paasdag"},     {"2025-04-21", "Tweede Paasdag"},
		{"2025-04-26", "Koningsdag"},	      {"2025-05-05", "Bevrijdingsdag"},
		{"2025-05-29", "Hemelvaartsdag"},     {"2025-06-08", "Eerste Pinksterdag"},
		{"2025-06-09", "Tweede Pinksterdag"}, {"2025-12-25", "Eerste Kerstdag"},
		{"2025-12-26", "Tweede Kerstdag"},
	};
	static const struct holiday y2026[] = {
		{"2026-01-01", "Nieuwjaarsdag"},      {"2026-04-03", "Goede Vrijdag"},
		{"2026-04-05", "Eerste Paasdag"},     {"2026-04-06", "Tweede Paasdag"},
		{"2026-04-27", "Koningsdag"},	      {"2026-05-05", "Bevrijdingsdag"},
		{"2026-05-14", "Hemelvaartsdag"},     {"2026-05-24", "Eerste Pinksterdag"},
		{"2026-05-25", "Tweede Pinksterdag"}, {"2026-12-25", "Eerste Kerstdag"},
		{"2026-12-26", "Tweede Kerstdag"},
	};

	check_year(2024, y2024, sizeof(y2024) / sizeof(y2024[0]));
	check_year(2025, y2025, sizeof(y2025) / sizeof(y2025[0]));
	check_year(2026, y2026, sizeof(y2026) / sizeof(y2026[0]));
}

/* The monarch's day and its Sunday rule over the years. */
static void test_koningsdag(void **state)
{
	/* 2014 and 2025: the 27th is a Sunday, so Saturday the 26th */
	assert_string_equal(cal_holiday(D("2014-04-26")), "Koningsdag");
	assert_null(cal_holiday(D("2014-04-27")));
	assert_string_equal(cal_holiday(D("2025-04-26")), "Koningsdag");
	assert_null(cal_holiday(D("2025-04-27")));
	assert_string_equal(cal_holiday(D("2026-04-27")), "Koningsdag");
	assert_null(cal_holiday(D("2026-04-26")));
	/* 2031: the 27th is a Sunday again */
	assert_string_equal(cal_holiday(D("2031-04-26")), "Koningsdag");
	/* Beatrix: 30 April, Saturday the 29th when the 30th is a Sunday */
	assert_string_equal(cal_holiday(D("2013-04-30")), "Koninginnedag");
	assert_null(cal_holiday(D("2013-04-27")));
	assert_string_equal(cal_holiday(D("2006-04-29")), "Koninginnedag");
	assert_null(cal_holiday(D("2006-04-30")));
	assert_string_equal(cal_holiday(D("1989-04-29")), "Koninginnedag");
	/* Juliana: Monday 1 May when the 30th was a Sunday */
	assert_string_equal(cal_holiday(D("1978-05-01")), "Koninginnedag");
	assert_null(cal_holiday(D("1978-04-30")));
	assert_string_equal(cal_holiday(D("1975-04-30")), "Koninginnedag");
	/* Wilhelmina: 31 August */
	assert_string_equal(cal_holiday(D("1938-08-31")), "Koninginnedag");
	assert_null(cal_holiday(D("1938-04-30")));
}

static void test_holiday_edges(void **state)
{
	/* Hemelvaartsdag on 5 May (2005): one day, its own name */
	assert_string_equal(cal_holiday(D("2005-05-05")), "Hemelvaartsdag");
	/* Bevrijdingsdag every year, lustrum or not (docs/calendar.md) */
	assert_string_equal(cal_holiday(D("2027-05-05")), "Bevrijdingsdag");
	assert_string_equal(cal_holiday(D("2030-05-05")), "Bevrijdingsdag");
	assert_null(cal_holiday(D("1940-05-05")));
	/* Not holidays in the Netherlands */
	assert_null(cal_holiday(D("2026-05-01"))); /* Dag van de Arbeid */
	assert_null(cal_holiday(D("2026-12-24")));
	assert_null(cal_holiday(D("2026-12-31")));
	assert_null(cal_holiday(D("2026-05-04"))); /* Dodenherdenking */
	assert_null(cal_holiday((struct cal_date){2026, 2, 30}));
	/* Easter's extremes: 22 March 2285 and 25 April 2038 */
	assert_date(cal_easter(2285), "2285-03-22");
	assert_string_equal(cal_holiday(D("2285-03-20")), "Goede Vrijdag");
	assert_string_equal(cal_holiday(D("2038-04-26")), "Tweede Paasdag");
	assert_string_equal(cal_holiday(D("2038-06-14")), "Tweede Pinksterdag");
}

/* --- working days ---------------------------------------------------------------- */

static struct cal_date add(const char *from, int n, const struct cal_date *c,
			   size_t nc)
{
	struct cal_date out = {0, 0, 0};

	if (!cal_add_workdays(D(from), n, c, nc, &out))
		fail_msg("add_workdays %s + %d failed", from, n);
	return out;
}

static void test_workdays_christmas(void **state)
{
	/* Tue 23 Dec 2025: Wed 24, then Christmas (Thu, Fri), the weekend,
	 * Mon 29 .. Wed 31, New Year (Thu 1 Jan), Fri 2 Jan */
	assert_date(add("2025-12-23", 1, NULL, 0), "2025-12-24");
	assert_date(add("2025-12-23", 2, NULL, 0), "2025-12-29");
	assert_date(add("2025-12-23", 4, NULL, 0), "2025-12-31");
	assert_date(add("2025-12-23", 5, NULL, 0), "2026-01-02");
	assert_date(add("2025-12-23", 6, NULL, 0), "2026-01-05");
	assert_false(cal_is_workday(D("2025-12-25"), NULL, 0));
	assert_false(cal_is_workday(D("2026-01-01"), NULL, 0));
	assert_true(cal_is_workday(D("2025-12-24"), NULL, 0));
}

static void test_workdays_easter(void **state)
{
	/* Thu 2 April 2026: Goede Vrijdag, the weekend, Tweede Paasdag */
	assert_date(add("2026-04-02", 1, NULL, 0), "2026-04-07");
	/* Koningsdag (Mon 27 April) and Bevrijdingsdag (Tue 5 May) */
	assert_date(add("2026-04-24", 1, NULL, 0), "2026-04-28");
	assert_date(add("2026-05-04", 1, NULL, 0), "2026-05-06");
	/* Hemelvaartsdag (Thu 14 May) to Tweede Pinksterdag (Mon 25 May) */
	assert_date(add("2026-05-13", 1, NULL, 0), "2026-05-15");
	assert_date(add("2026-05-22", 1, NULL, 0), "2026-05-26");
	/* Ten working days from Fri 27 March 2026 */
	assert_date(add("2026-03-27", 10, NULL, 0), "2026-04-14");
}

static void test_workdays_closing_days(void **state)
{
	struct cal_date sorted[3], unsorted[3];

	sorted[0] = D("2026-04-07");
	sorted[1] = D("2026-04-08");
	sorted[2] = D("2026-12-31");
	unsorted[0] = sorted[2];
	unsorted[1] = sorted[0];
	unsorted[2] = sorted[1];
	assert_date(add("2026-04-02", 1, sorted, 3), "2026-04-09");
	assert_date(add("2026-04-02", 1, unsorted, 3), "2026-04-09");
	assert_date(add("2026-04-02", 2, sorted, 3), "2026-04-10");
	assert_date(add("2026-12-30", 1, sorted, 3), "2027-01-04");
	assert_date(add("2026-12-30", 1, unsorted, 3), "2027-01-04");
	/* a closing day on a holiday or a weekend changes nothing */
	sorted[0] = D("2026-04-06");
	assert_date(add("2026-04-02", 1, sorted, 1), "2026-04-07");
	assert_false(cal_is_workday(D("2026-12-31"), unsorted, 3));
	assert_true(cal_is_workday(D("2026-12-30"), unsorted, 3));
	/* a closing day before from is passed over */
	assert_date(add("2026-04-09", 1, unsorted, 3), "2026-04-10");
}

static void test_workdays_zero_and_limits(void **state)
{
	struct cal_date out, closed = {2026, 4, 8};

	/* n = 0: the day itself when it works, else the next one */
	assert_date(add("2026-04-08", 0, NULL, 0), "2026-04-08");
	assert_date(add("2026-04-08", 0, &closed, 1), "2026-04-09");
	assert_date(add("2026-04-04", 0, NULL, 0), "2026-04-07"); /* Saturday */
	assert_false(cal_add_workdays(D("2026-04-08"), -1, NULL, 0, &out));
	assert_false(cal_add_workdays(D("2026-04-08"), CAL_MAX_WORKDAYS + 1,
				      NULL, 0, &out));
	assert_true(cal_add_workdays(D("2026-04-08"), CAL_MAX_WORKDAYS, NULL,
				     0, &out));
	assert_false(cal_add_workdays(D("2999-12-29"), 5, NULL, 0, &out));
	assert_false(cal_add_workdays((struct cal_date){2025, 2, 29}, 1, NULL,
				      0, &out));
	assert_true(cal_add_workdays(D("2999-12-27"), 1, NULL, 0, &out));
	assert_date(out, "2999-12-30");
}

/* add_workdays and workdays_between agree, forwards and backwards, for
 * every start in 2025-2027 and n up to 30. */
static void test_between_agrees(void **state)
{
	struct cal_date closed[2] = {{2026, 7, 1}, {2026, 2, 3}}, d, to;
	int checked = 0;

	assert_int_equal(cal_workdays_between(D("2025-12-23"), D("2026-01-02"),
					      NULL, 0),
			 5);
	assert_int_equal(cal_workdays_between(D("2026-01-02"), D("2025-12-23"),
					      NULL, 0),
			 -5);
	assert_int_equal(cal_workdays_between(D("2026-01-02"), D("2026-01-02"),
					      NULL, 0),
			 0);
	for (d = D("2025-01-01"); d.y < 2028; cal_add_days(d, 1, &d))
		for (int n = 1; n <= 30; n += 7) {
			assert_true(cal_add_workdays(d, n, closed, 2, &to));
			assert_int_equal(cal_workdays_between(d, to, closed, 2), n);
			assert_int_equal(cal_workdays_between(to, d, closed, 2), -n);
			checked++;
		}
	assert_int_equal(checked, 1095 * 5);
}

/* --- Europe/Amsterdam ------------------------------------------------------------- */

static int64_t at(const char *date, int h, int m, int s)
{
	return cal_day_number(D(date)) * 86400 + h * 3600 + m * 60 + s;
}

static void test_dst_edges(void **state)
{
	/* 2026: summer time from Sun 29 March 01:00 UTC (02:00 -> 03:00
	 * local) to Sun 25 October 01:00 UTC (03:00 -> 02:00 local) */
	assert_int_equal(cal_amsterdam_offset(at("2026-03-29", 0, 59, 59)), 3600);
	assert_int_equal(cal_amsterdam_offset(at("2026-03-29", 1, 0, 0)), 7200);
	assert_int_equal(cal_amsterdam_offset(at("2026-10-25", 0, 59, 59)), 7200);
	assert_int_equal(cal_amsterdam_offset(at("2026-10-25", 1, 0, 0)), 3600);
	assert_int_equal(cal_amsterdam_offset(at("2026-01-15", 12, 0, 0)), 3600);
	assert_int_equal(cal_amsterdam_offset(at("2026-07-15", 12, 0, 0)), 7200);
	assert_int_equal(cal_amsterdam_offset(at("2026-12-31", 23, 59, 59)), 3600);
	/* local midnight in winter (23:00 UTC) and summer (22:00 UTC) */
	assert_date(cal_amsterdam_date(at("2026-01-15", 22, 59, 59)), "2026-01-15");
	assert_date(cal_amsterdam_date(at("2026-01-15", 23, 0, 0)), "2026-01-16");
	assert_date(cal_amsterdam_date(at("2026-07-15", 21, 59, 59)), "2026-07-15");
	assert_date(cal_amsterdam_date(at("2026-07-15", 22, 0, 0)), "2026-07-16");
	/* New Year's Eve: 23:00 UTC is already the new year in Amsterdam */
	assert_date(cal_amsterdam_date(at("2025-12-31", 23, 0, 0)), "2026-01-01");
	/* the nights of the change */
	assert_date(cal_amsterdam_date(at("2026-03-28", 22, 59, 59)), "2026-03-28");
	assert_date(cal_amsterdam_date(at("2026-03-28", 23, 0, 0)), "2026-03-29");
	assert_date(cal_amsterdam_date(at("2026-10-25", 21, 59, 59)), "2026-10-25");
	assert_date(cal_amsterdam_date(at("2026-10-25", 22, 0, 0)), "2026-10-25");
	assert_date(cal_amsterdam_date(at("2026-10-25", 22, 59, 59)), "2026-10-25");
	assert_date(cal_amsterdam_date(at("2026-10-25", 23, 0, 0)), "2026-10-26");
	/* before 1970 */
	assert_date(cal_amsterdam_date(at("1969-12-31", 23, 0, 0)), "1970-01-01");
}

static void test_is_late(void **state)
{
	struct cal_date due = D("2026-07-15");

	assert_false(cal_is_late(due, at("2026-07-15", 21, 59, 59)));
	assert_true(cal_is_late(due, at("2026-07-15", 22, 0, 0)));
	assert_false(cal_is_late(due, at("2026-07-14", 9, 0, 0)));
	due = D("2026-01-15");
	assert_false(cal_is_late(due, at("2026-01-15", 22, 59, 59)));
	assert_true(cal_is_late(due, at("2026-01-15", 23, 0, 0)));
}

/* Every hour (and the second before each change) from 1997 to 2037
 * against the system's tzdata for Europe/Amsterdam, which follows the EU
 * rule over those years.  Skipped when the zone file is missing. */
static void test_offset_against_tzdata(void **state)
{
	int64_t from = at("1997-01-01", 0, 0, 0), to = at("2038-01-01", 0, 0, 0);
	long checked = 0;

	if (access("/usr/share/zoneinfo/Europe/Amsterdam", R_OK) != 0)
		skip();
	setenv("TZ", "Europe/Amsterdam", 1);
	tzset();
	for (int64_t t = from; t < to; t += 3600)
		for (int64_t s = t - 1; s <= t; s++) {
			time_t tt = (time_t)s;
			struct tm tm;

			localtime_r(&tt, &tm);
			if (tm.tm_gmtoff != cal_amsterdam_offset(s))
				fail_msg("offset at %lld: %ld, not %d", (long long)s,
					 tm.tm_gmtoff, cal_amsterdam_offset(s));
			checked++;
		}
	assert_true(checked > 700000);
	/* in no order: the offset keeps the year of the last call per
	 * thread, and each jump to another year must leave it */
	for (uint64_t r = 1, i = 0; i < 200000; i++) {
		time_t tt;
		struct tm tm;

		r = r * 6364136223846793005u + 1442695040888963407u;
		tt = (time_t)(from + (int64_t)((r >> 11) % (uint64_t)(to - from)));
		localtime_r(&tt, &tm);
		if (tm.tm_gmtoff != cal_amsterdam_offset((int64_t)tt))
			fail_msg("offset at %lld, after a jump: %ld, not %d",
				 (long long)tt, tm.tm_gmtoff,
				 cal_amsterdam_offset((int64_t)tt));
	}
}

/* Every day 1997-2037: its Amsterdam midnight is local 00:00:00 by the
 * tz database (mktime of the local midnight agrees), and prints as the
 * stored timestamps do; the days around both clock changes of 2026. */
static void test_midnight_against_tzdata(void **state)
{
	struct cal_date d = {1997, 1, 1}, end = {2038, 1, 1};
	char out[20];

	(void)state;
	if (access("/usr/share/zoneinfo/Europe/Amsterdam", R_OK) != 0)
		skip();
	setenv("TZ", "Europe/Amsterdam", 1);
	tzset();
	for (; cal_date_cmp(d, end) < 0; cal_add_days(d, 1, &d)) {
		struct tm tm = {0};

		tm.tm_year = d.y - 1900;
		tm.tm_mon = d.m - 1;
		tm.tm_mday = d.d;
		tm.tm_isdst = -1;
		if ((int64_t)mktime(&tm) != cal_amsterdam_midnight(d))
			fail_msg("%04d-%02d-%02d", d.y, d.m, d.d);
	}
	cal_utc_format(cal_amsterdam_midnight((struct cal_date){2026, 3, 29}), out);
	assert_string_equal(out, "2026-03-28T23:00:00");
	cal_utc_format(cal_amsterdam_midnight((struct cal_date){2026, 3, 30}), out);
	assert_string_equal(out, "2026-03-29T22:00:00");
	cal_utc_format(cal_amsterdam_midnight((struct cal_date){2026, 10, 25}), out);
	assert_string_equal(out, "2026-10-24T22:00:00");
	cal_utc_format(cal_amsterdam_midnight((struct cal_date){2026, 10, 26}), out);
	assert_string_equal(out, "2026-10-25T23:00:00");
	cal_utc_format(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_easter_2000_2040),
		cmocka_unit_test(test_holidays_published),
		cmocka_unit_test(test_koningsdag),
		cmocka_unit_test(test_holiday_edges),
		cmocka_unit_test(test_workdays_christmas),
		cmocka_unit_test(test_workdays_easter),
		cmocka_unit_test(test_workdays_closing_days),
		cmocka_unit_test(test_workdays_zero_and_limits),
		cmocka_unit_test(test_between_agrees),
		cmocka_unit_test(test_dst_edges),
		cmocka_unit_test(test_is_late),
		cmocka_unit_test(test_offset_against_tzdata),
		cmocka_unit_test(test_midnight_against_tzdata),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
