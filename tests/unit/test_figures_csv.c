/* test_figures_csv: the CSV of the figures (web/figures.c figures_csv):
 * the header, CRLF lines, RFC 4180 quoting of a name with a comma, a
 * quote and a line break, suppressed and unknown values empty with their
 * flag, and the same number of fields on every line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "base/buf.h"
#include "web/figures.h"

/* Fields of one CSV line (quotes honoured), or -1 when a quote is left
 * open. */
static int fields(const char *line, size_t len)
{
	int n = 1;
	bool q = false;

	for (size_t i = 0; i < len; i++) {
		if (line[i] == '"')
			q = !q;
		else if (line[i] == ',' && !q)
			n++;
	}
	return q ? -1 : n;
}

static void test_csv(void **state)
{
	struct figures_area areas[2] = {{.code = "DX20",
					 .name = "De Aker, Sloten \"en\"\nNieuw Sloten",
					 .population = -1,
					 .signals = 3,
					 .residents = 2,
					 .grade_n = 4,
					 .grade_mean = NAN,
					 .per_1000 = NAN},
					{.code = "DX21",
					 .name = "=HYPERLINK(\"http://x\")",
					 .population = -1,
					 .grade_mean = NAN,
					 .per_1000 = NAN}};
	struct figures f = {.scope_kind = "area",
			    .scope_code = "F",
			    .scope_name = "Nieuw-West",
			    .scope_level = "stadsdeel",
			    .from = "2026-01-01",
			    .to = "2026-12-31",
			    .computed_at = "2026-12-04T10:00:00.000Z",
			    .min_respondents = 10,
			    .population = -1,
			    .per_1000 = NAN,
			    .areas = areas,
			    .nareas = 2};
	struct buf b;
	const char *s, *p;
	int lines = 0;

	(void)state;
	f.grades.n = 4;
	f.grades.suppressed = true;
	f.grades.mean = f.grades.ci_lo = f.grades.ci_hi = f.grades.median =
		f.grades.share_8_plus = NAN;
	f.solved.share_ja = f.solved.share_deels = f.solved.share_nee = NAN;
	f.first_response_days_median = 1.23456;
	f.closing_days_median = f.within_norm_share = NAN;
	buf_init(&b, 0);
	figures_csv(&f, &b);
	s = buf_str(&b);
	assert_true(strncmp(s, "scope_kind,scope_code,period_from,period_to,figure,"
			       "key,value,n,suppressed\r\n",
			    72) == 0);
	/* the name quoted, its quote doubled, its line break kept */
	assert_non_null(strstr(s, "area,F,2026-01-01,2026-12-31,area_name,DX20,"
				  "\"De Aker, Sloten \"\"en\"\"\nNieuw Sloten\",,0\r\n"));
	/* a name a spreadsheet would run as a formula stays text */
	assert_non_null(strstr(s, ",area_name,DX21,\"'=HYPERLINK(\"\"http://x\"\")\",,0\r\n"));
	assert_null(strstr(s, ",=HYPERLINK"));
	/* suppressed: empty value, n and the flag */
	assert_non_null(strstr(s, "\r\narea,F,2026-01-01,2026-12-31,grades,mean,,4,1\r\n"));
	assert_non_null(strstr(s, ",area_grade_mean,DX20,,4,1\r\n"));
	/* unknown, not suppressed */
	assert_non_null(strstr(s, ",reach,per_1000,,,0\r\n"));
	/* four decimals, as the JSON */
	assert_non_null(strstr(s, ",speed,first_response_days_median,1.2346,0,0\r\n"));
	/* every record has nine fields; a record may span lines inside quotes */
	for (p = s; *p;) {
		const char *end = p;
		bool q = false;

		while (*end && !(!q && end[0] == '\r' && end[1] == '\n')) {
			if (*end == '"')
				q = !q;
			end++;
		}
		assert_int_equal(fields(p, (size_t)(end - p)), 9);
		assert_true(end[0] == '\r' && end[1] == '\n');
		p = end + 2;
		lines++;
	}
	assert_true(lines > 40);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
