/* test_figures: the statistics of the public figures (domain/figures.c)
 * against values computed by hand (written out in the comments), the
 * suppression rule at its edge (9 and 10 respondents) and the period
 * rules: the default, each refused period next to the nearest allowed
 * one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "domain/figures.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 0.0005)

static struct cal_date D(const char *s) {
	struct cal_date d = {0, 0, 0};

	assert_true(cal_date_parse(s, &d));
	return d;
}

static bool
has_error(const struct field_errors *e, const char *field)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->e[i].field, field) == 0)
			return true;
	return false;
}

/* Grades 6 7 7 8 8 8 9 9 10 10: n 10, sum 82, mean 8.2; squared
 * deviations 4.84 + 2*1.44 + 3*0.04 + 2*0.64 + 2*3.24 = 15.6, s^2 =
 * 15.6/9 = 1.7333, s = 1.31656, s/sqrt(10) = 0.41633, t(9) = 2.2622,
 * half width 0.94182: [7.25818, 9.14182]; median 8; 8 or higher 7/10. */
static void test_grades_by_hand(void **state)
{
	struct fig_grades g = {0};

	(void)state;
	g.dist[5] = 1, g.dist[6] = 2, g.dist[7] = 3, g.dist[8] = 2, g.dist[9] = 2;
	g.n = 10;
	fig_grades_compute(&g, 10);
	assert_false(g.suppressed);
	NEAR(g.mean, 8.2);
	NEAR(g.ci_lo, 7.25818);
	NEAR(g.ci_hi, 9.14182);
	NEAR(g.median, 8);
	NEAR(g.share_8_plus, 0.7);
}

/* One fewer than the minimum: nothing shown; the same counts with a
 * minimum of 9 are shown. Grades 6 7 7 8 8 8 9 9 10: n 9, mean 72/9 = 8,
 * median 8 (the fifth), 8 or higher 6/9. */
static void test_grades_suppressed(void **state)
{
	struct fig_grades g = {0};

	(void)state;
	g.dist[5] = 1, g.dist[6] = 2, g.dist[7] = 3, g.dist[8] = 2, g.dist[9] = 1;
	g.n = 9;
	fig_grades_compute(&g, 10);
	assert_true(g.suppressed);
	assert_true(isnan(g.mean) && isnan(g.ci_lo) && isnan(g.median) &&
		    isnan(g.share_8_plus));
	fig_grades_compute(&g, 9);
	assert_false(g.suppressed);
	NEAR(g.mean, 8);
	NEAR(g.median, 8);
	NEAR(g.share_8_plus, 6.0 / 9);
	g.n = 0;
	memset(g.dist, 0, sizeof(g.dist));
	fig_grades_compute(&g, 0);
	assert_true(g.suppressed); /* no grades: nothing to show at any minimum */
}

/* Two grades 4 and 10 at minimum 1: mean 7, s^2 = (9 + 9)/1 = 18, s/sqrt(2)
 * = 3, t(1) = 12.7062: [7 - 38.1186, 7 + 38.1186]; median (4 + 10)/2 = 7. */
static void test_grades_small_n(void **state)
{
	struct fig_grades g = {0};

	(void)state;
	g.dist[3] = 1, g.dist[9] = 1, g.n = 2;
	fig_grades_compute(&g, 1);
	NEAR(g.mean, 7);
	NEAR(g.ci_lo, 7 - 38.1186);
	NEAR(g.ci_hi, 7 + 38.1186);
	NEAR(g.median, 7);
	NEAR(g.share_8_plus, 0.5);
	memset(g.dist, 0, sizeof(g.dist));
	g.dist[6] = 1, g.n = 1; /* one grade: a mean, no interval */
	fig_grades_compute(&g, 1);
	NEAR(g.mean, 7);
	assert_true(isnan(g.ci_lo) && isnan(g.ci_hi));
}

/* Published t(0.975) values: the table and the expansion beyond it. */
static void test_t(void **state)
{
	(void)state;
	NEAR(fig_t975(1), 12.7062);
	NEAR(fig_t975(9), 2.2622);
	NEAR(fig_t975(30), 2.0423);
	NEAR(fig_t975(40), 2.0211);
	NEAR(fig_t975(60), 2.0003);
	NEAR(fig_t975(120), 1.9799);
	assert_true(fabs(fig_t975(1000000) - 1.96) < 0.0001);
	assert_true(isnan(fig_t975(0)));
	/* the expansion joins the table without a jump */
	assert_true(fig_t975(31) < fig_t975(30) && fig_t975(31) > 2.03);
}

static void test_medians(void **state)
{
	double odd[] = {5, 1, 3}, even[] = {4, 1, 3, 2}, none[1];
	int64_t h1[] = {0, 2, 0, 1}; /* 1 1 3: median 1 */
	int64_t h2[] = {1, 0, 0, 1}; /* 0 3: median 1.5 */
	int64_t h0[] = {0, 0};

	(void)state;
	NEAR(fig_median(odd, 3), 3);
	NEAR(fig_median(even, 4), 2.5);
	assert_true(isnan(fig_median(none, 0)));
	NEAR(fig_hist_median(h1, 4), 1);
	NEAR(fig_hist_median(h2, 4), 1.5);
	assert_true(isnan(fig_hist_median(h0, 2)));
}

/* 6 ja, 3 deels, 1 nee: 0.6, 0.3, 0.1; with 9 answers, suppressed. */
static void test_solved(void **state)
{
	struct fig_solved s = {.ja = 6, .deels = 3, .nee = 1};

	(void)state;
	fig_solved_compute(&s, 10);
	assert_int_equal(s.n, 10);
	assert_false(s.suppressed);
	NEAR(s.share_ja, 0.6);
	NEAR(s.share_deels, 0.3);
	NEAR(s.share_nee, 0.1);
	s.nee = 0;
	fig_solved_compute(&s, 10);
	assert_true(s.suppressed);
	assert_true(isnan(s.share_ja));
	NEAR(fig_mean_or_suppressed(75, 10, 10), 7.5);
	assert_true(isnan(fig_mean_or_suppressed(72, 9, 10)));
	assert_true(isnan(fig_mean_or_suppressed(0, 0, 0)));
}

/* One hidden cell among shown ones would follow from the whole: the next
 * smallest is hidden too, until the hidden ones hold min respondents. */
static void test_suppress_group(void **state)
{
	int64_t n1[] = {30, 4, 12, 0, 25};
	bool h1[] = {false, true, false, false, false};
	int64_t n2[] = {30, 4, 3, 12};
	bool h2[] = {false, true, true, false};
	int64_t n3[] = {30, 12, 0};
	bool h3[] = {false, false, false};
	int64_t n4[] = {2, 0};
	bool h4[] = {true, false};
	int64_t n5[] = {5, 6, 7};
	bool h5[] = {true, true, true};

	(void)state;
	assert_int_equal(fig_suppress_group(n1, h1, 5, 10), 1);
	assert_true(h1[2]); /* 12, the smallest shown with respondents */
	assert_false(h1[0] || h1[3] || h1[4]);
	/* 4 + 3 = 7 < 10: one more (12) */
	assert_int_equal(fig_suppress_group(n2, h2, 4, 10), 1);
	assert_true(h2[3]);
	assert_false(h2[0]);
	assert_int_equal(fig_suppress_group(n3, h3, 3, 10), 0); /* none hidden */
	assert_int_equal(fig_suppress_group(n4, h4, 2, 10), 0); /* nothing to add */
	assert_int_equal(fig_suppress_group(n5, h5, 3, 10), 0); /* all hidden */
	assert_int_equal(fig_suppress_group(NULL, NULL, 0, 10), 0);
}

static void test_period_default(void **state)
{
	struct field_errors e = {0};
	struct fig_period p;

	(void)state;
	assert_true(fig_period_parse(NULL, NULL, D("2026-12-04"), &p, &e));
	assert_int_equal(cal_date_cmp(p.from, D("2025-12-05")), 0);
	assert_int_equal(cal_date_cmp(p.to, D("2026-12-04")), 0);
	assert_true(fig_period_parse("", "", D("2028-02-29"), &p, &e));
	assert_int_equal(cal_date_cmp(p.from, D("2027-03-01")), 0);
	/* from alone: to today; to alone: the year before it */
	assert_true(fig_period_parse("2026-01-01", NULL, D("2026-12-04"), &p, &e));
	assert_int_equal(cal_date_cmp(p.to, D("2026-12-04")), 0);
	assert_true(fig_period_parse(NULL, "2024-06-30", D("2026-12-04"), &p, &e));
	assert_int_equal(cal_date_cmp(p.from, D("2023-07-01")), 0);
	assert_int_equal(e.n, 0);
}

static void test_period_bad(void **state)
{
	struct field_errors e = {0};
	struct fig_period p;
	const struct cal_date today = {2026, 12, 4};

	(void)state;
	/* one day is a period; the day before is not */
	assert_true(fig_period_parse("2026-03-01", "2026-03-01", today, &p, &e));
	assert_false(fig_period_parse("2026-03-02", "2026-03-01", today, &p, &e));
	assert_true(has_error(&e, "to"));
	/* five years less a day, and five years */
	e.n = 0;
	assert_true(fig_period_parse("2021-01-01", "2025-12-31", today, &p, &e));
	assert_false(fig_period_parse("2021-01-01", "2026-01-01", today, &p, &e));
	assert_true(has_error(&e, "to"));
	/* malformed dates, each named */
	static const char *const bad[] = {"2026-1-01", "2026-02-30", "01-01-2026",
					  "2026-01-01T00:00", "gisteren", " 2026-01-01"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.n = 0;
		assert_false(fig_period_parse(bad[i], "2026-06-01", today, &p, &e));
		assert_true(has_error(&e, "from"));
		e.n = 0;
		assert_false(fig_period_parse("2026-01-01", bad[i], today, &p, &e));
		assert_true(has_error(&e, "to"));
	}
	/* both wrong: both named */
	e.n = 0;
	assert_false(fig_period_parse("x", "y", today, &p, &e));
	assert_true(has_error(&e, "from") && has_error(&e, "to"));
	/* from alone after today: from is to blame */
	e.n = 0;
	assert_false(fig_period_parse("2027-01-01", NULL, today, &p, &e));
	assert_true(has_error(&e, "from"));
}

/* The prefix sums agree with cal_workdays_between for every pair of dates
 * over Christmas and New Year 2025 (holidays 25, 26 December, 1 January)
 * and fall back to it outside the range; by hand: Friday 19 December to
 * Friday 2 January 2026 has 22, 23, 24, 29, 30, 31 December and 2 January:
 * 7 working days. */
static void test_workdays(void **state)
{
	int32_t cum[40];
	struct fig_workdays w;
	struct cal_date a = D("2025-12-15"), b = D("2026-01-15");

	(void)state;
	assert_false(fig_workdays_init(&w, a, b, cum, 10));
	assert_true(fig_workdays_init(&w, a, b, cum, 40));
	assert_int_equal(fig_workdays_between(&w, D("2025-12-19"), D("2026-01-02")), 7);
	for (int i = 0; i < 32; i++)
		for (int j = 0; j < 32; j++) {
			struct cal_date x, y;

			assert_true(cal_add_days(a, i, &x) && cal_add_days(a, j, &y));
			assert_int_equal(fig_workdays_between(&w, x, y),
					 cal_workdays_between(x, y, NULL, 0));
		}
	assert_int_equal(fig_workdays_between(&w, D("2025-12-01"), D("2026-02-02")),
			 cal_workdays_between(D("2025-12-01"), D("2026-02-02"), NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grades_by_hand),
		cmocka_unit_test(test_grades_suppressed),
		cmocka_unit_test(test_grades_small_n),
		cmocka_unit_test(test_t),
		cmocka_unit_test(test_medians),
		cmocka_unit_test(test_solved),
		cmocka_unit_test(test_suppress_group),
		cmocka_unit_test(test_period_default),
		cmocka_unit_test(test_period_bad),
		cmocka_unit_test(test_workdays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
