/* fuzz_open311_time: the W3C date-time parser of Open311's start_date
 * and end_date (domain/open311.c), on arbitrary bytes.  (The form and
 * query parsing of Open311 is http/form.c's, fuzzed by fuzz_form; the
 * comma lists are split with strtok_r on its output.)
 *
 * Properties:
 *   - an accepted value gives a stored moment "YYYY-MM-DDTHH:MM:SS.mmmZ"
 *     (24 characters, ms 000 or 999 by end), which open311_time_local
 *     reads back as a local time with +01:00 or +02:00;
 *   - the end bound is never before the start bound of the same input;
 *   - open311_day_end accepts the first ten bytes exactly when
 *     cal_date_parse does. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "domain/open311.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), start[32], end[32], local[32], day[11];
	struct cal_date d;
	bool a, b;

	memcpy(s, data, size);
	s[size] = '\0';
	a = open311_time_bound(s, false, start);
	b = open311_time_bound(s, true, end);
	assert(a == b);
	if (a) {
		assert(strlen(start) == 24 && strlen(end) == 24);
		assert(strcmp(start + 19, ".000Z") == 0);
		assert(strcmp(end + 19, ".999Z") == 0);
		assert(strcmp(start, end) < 0);
		open311_time_local(start, local);
		assert(strlen(local) == 25);
		assert(strcmp(local + 19, "+01:00") == 0 ||
		       strcmp(local + 19, "+02:00") == 0);
	}
	if (size >= 10) {
		memcpy(day, data, 10);
		day[10] = '\0';
		assert(open311_day_end(day, local) == cal_date_parse(day, &d));
	}
	free(s);
	return 0;
}
