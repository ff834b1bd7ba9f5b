/* fuzz_population: pop_parse (domain/population.c) on arbitrary bytes, as
 * a CBS table arrives from a municipality's download folder: not
 * NUL-terminated, any byte, any length.  The first byte picks the
 * municipality the rows are read for (GM0363 or GM0518), the rest is the
 * file.
 *
 * Properties checked beyond "no crash, no sanitizer report":
 *   - ERR_OK: every row has a code of 1..POP_CODE_MAX characters of
 *     [A-Za-z0-9_-], a level of NULL, buurt, wijk or gemeente (gemeente
 *     only with the municipality's own code), inhabitants in
 *     0..POP_MAX_INHABITANTS and a line past the header's within the
 *     input's lines, lines increasing; no code twice; the counts add up
 *     (rows + other + unknown = data lines);
 *   - a failure is ERR_INVALID or ERR_TOO_LARGE with a message, a line
 *     within the input's lines (0 only for the file as a whole), and an
 *     empty result;
 *   - the same input parses to the same result twice (no hidden state). */
#include <assert.h>
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "domain/population.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count_lines(const uint8_t *s, size_t n)
{
	size_t lines = 1;

	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	return lines;
}

static void check_row(const struct pop_row *r, const char *muni, size_t lines)
{
	size_t n = strlen(r->code);

	assert(n >= 1 && n <= POP_CODE_MAX);
	for (size_t i = 0; i < n; i++)
		assert(isalnum((unsigned char)r->code[i]) || r->code[i] == '-' ||
		       r->code[i] == '_');
	assert(!r->level || strcmp(r->level, "buurt") == 0 ||
	       strcmp(r->level, "wijk") == 0 || strcmp(r->level, "gemeente") == 0);
	if (r->level && strcmp(r->level, "gemeente") == 0)
		assert(strcmp(r->code, muni) == 0);
	assert(r->inhabitants >= 0 && r->inhabitants <= POP_MAX_INHABITANTS);
	assert(r->line >= 2 && r->line <= lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena ar, ar2;
	struct pop_table t, t2;
	struct pop_error e, e2;
	const char *muni;
	enum err r, r2;
	size_t lines;

	if (size < 1)
		return 0;
	muni = data[0] & 1 ? "GM0518" : "GM0363";
	data++;
	size--;
	lines = count_lines(data, size);
	arena_init(&ar);
	arena_init(&ar2);
	r = pop_parse(&ar, (const char *)data, size, muni, &t, &e);
	r2 = pop_parse(&ar2, (const char *)data, size, muni, &t2, &e2);
	assert(r == r2 && t.n == t2.n && e.line == e2.line);
	assert(strcmp(e.msg, e2.msg) == 0);
	if (r == ERR_OK) {
		assert(t.n + t.other + t.unknown == t.lines);
		for (size_t i = 0; i < t.n; i++) {
			check_row(&t.rows[i], muni, lines);
			assert(memcmp(&t.rows[i], &t2.rows[i], sizeof(t.rows[i])) == 0);
			if (i)
				assert(t.rows[i].line > t.rows[i - 1].line);
			for (size_t j = 0; j < i; j++)
				assert(strcmp(t.rows[i].code, t.rows[j].code) != 0);
		}
	} else {
		assert(r == ERR_INVALID || r == ERR_TOO_LARGE);
		assert(e.msg[0]);
		assert(e.line <= lines);
		assert(t.n == 0 && t.rows == NULL);
	}
	arena_clear(&ar);
	arena_clear(&ar2);
	return 0;
}
