/* fuzz_calendar: the working-day calendar (src/domain/calendar.c): the
 * strict date parser, the working-day sum with fuzzed n and closing days,
 * and the Europe/Amsterdam date of a fuzzed instant.
 *
 * Input layout: the whole input, as a string, to cal_date_parse.  Then,
 * when it is long enough: bytes 0-1 are n (a signed 16-bit number, so
 * negative and too large ones come often), bytes 2-11 the start date
 * (YYYY-MM-DD; a fixed date when they are not one), bytes 12-19 an
 * instant (seconds, clamped to +-10^13), and every two bytes after that a
 * closing day, as days after the start (at most 64).
 *
 * Properties:
 *   - the parser accepts exactly the canonical text of a real date in
 *     1900..2999: formatting what it read gives the input back, and the
 *     day number goes there and back;
 *   - cal_add_workdays refuses exactly n < 0, n > CAL_MAX_WORKDAYS and a
 *     result past 2999-12-31; a result is a working day not before the
 *     start, with exactly n working days (0 or 1 for n = 0) from the start
 *     to it (cal_workdays_between, also backwards), the same with the
 *     closing days in input order and sorted;
 *   - the Amsterdam offset is 3600 or 7200, and the date is that of the
 *     instant plus the offset; cal_is_late agrees with it. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CLOSED 64

static void check_parse(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), back[11];
	struct cal_date d;

	memcpy(s, data, size);
	s[size] = '\0';
	if (cal_date_parse(s, &d)) {
		assert(cal_date_valid(d));
		cal_date_format(d, back);
		assert(strcmp(back, s) == 0);
		assert(cal_date_cmp(cal_from_day_number(cal_day_number(d)), d) == 0);
		assert(cal_weekday(d) >= 1 && cal_weekday(d) <= 7);
	}
	free(s);
}

static int cmp_date(const void *a, const void *b)
{
	return cal_date_cmp(*(const struct cal_date *)a,
			    *(const struct cal_date *)b);
}

static void check_sum(struct cal_date from, int n, struct cal_date *closed,
		      size_t k)
{
	struct cal_date out, out2, sorted[MAX_CLOSED];
	bool ok = cal_add_workdays(from, n, closed, k, &out);
	int between;

	if (n < 0 || n > CAL_MAX_WORKDAYS) {
		assert(!ok);
		return;
	}
	memcpy(sorted, closed, k * sizeof(*closed));
	qsort(sorted, k, sizeof(*sorted), cmp_date);
	assert(cal_add_workdays(from, n, sorted, k, &out2) == ok);
	if (!ok) {
		/* only past the end of the range: no result before it */
		assert(from.y >= CAL_YEAR_MAX - 16);
		return;
	}
	assert(cal_date_cmp(out, out2) == 0);
	assert(cal_date_cmp(out, from) >= 0);
	assert(cal_is_workday(out, closed, k));
	between = cal_workdays_between(from, out, closed, k);
	if (n > 0)
		assert(between == n);
	else
		assert(between == (cal_date_cmp(out, from) == 0 ? 0 : 1));
	assert(cal_workdays_between(out, from, sorted, k) == -between);
}

static void check_amsterdam(int64_t t)
{
	int off = cal_amsterdam_offset(t);
	int64_t local = t + off;
	int64_t day = local / 86400 - (local % 86400 < 0);
	struct cal_date d = cal_amsterdam_date(t), next;

	assert(off == 3600 || off == 7200);
	assert(cal_day_number(d) == day);
	if (cal_date_valid(d)) {
		assert(!cal_is_late(d, t));
		if (cal_add_days(d, -1, &next))
			assert(cal_is_late(next, t));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cal_date from = {2026, 4, 2}, closed[MAX_CLOSED];
	char start[11];
	int64_t t = 0;
	size_t k = 0;
	int n;

	check_parse(data, size);
	if (size < 20)
		return 0;
	n = (int16_t)(uint16_t)(data[0] | data[1] << 8);
	memcpy(start, data + 2, 10);
	start[10] = '\0';
	cal_date_parse(start, &from);
	for (int i = 0; i < 8; i++)
		t = (int64_t)((uint64_t)t << 8 | data[12 + i]);
	t %= 10000000000000; /* +-10^13 s: about +-317,000 years */
	check_amsterdam(t);
	for (size_t i = 20; i + 1 < size && k < MAX_CLOSED; i += 2) {
		int off = data[i] | data[i + 1] << 8;

		if (cal_add_days(from, off, &closed[k]))
			k++;
	}
	check_sum(from, n, closed, k);
	return 0;
}
