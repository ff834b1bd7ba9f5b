/* fuzz_csv: csv_parse (inventory/csv.c) on arbitrary bytes, as a partner
 * list arrives: not NUL-terminated, any byte, any length; the first byte
 * picks the separator (',' ';' or detection), the rest is the file.
 *
 * Properties checked beyond "no crash, no sanitizer report":
 *   - ERR_OK gives at least one record, at most CSV_MAX_ROWS, every record
 *     with as many fields as the first (at most CSV_MAX_COLS), each field
 *     at most CSV_MAX_FIELD bytes, without NUL, valid UTF-8, no longer
 *     than the input; records start on increasing lines, and every field's
 *     position lies within the input's lines;
 *   - a failure is ERR_INVALID or ERR_TOO_LARGE with a message, a line and
 *     a column (both 0 only for the size limit and an unknown separator),
 *     and an empty result;
 *   - the same input parses to the same result twice (no hidden state). */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "inventory/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		unsigned char c = s[i];

		if (c < 0x80)
			k = 1;
		else if (c >= 0xC2 && c < 0xE0)
			k = 2;
		else if (c >= 0xE0 && c < 0xF0)
			k = 3;
		else if (c >= 0xF0 && c < 0xF5)
			k = 4;
		else
			return 0;
		if (i + k > n)
			return 0;
		for (size_t j = 1; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
		i += k;
	}
	return 1;
}

static size_t count_lines(const uint8_t *s, size_t n)
{
	size_t lines = 1;

	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	return lines;
}

static void check_ok(const struct csv *c, const uint8_t *s, size_t n)
{
	size_t lines = count_lines(s, n);

	assert(c->nrows >= 1 && c->nrows <= CSV_MAX_ROWS);
	assert(c->delim == ',' || c->delim == ';');
	for (size_t r = 0; r < c->nrows; r++) {
		const struct csv_row *row = &c->rows[r];

		assert(row->n == c->rows[0].n);
		assert(row->n >= 1 && row->n <= CSV_MAX_COLS);
		assert(row->line >= 1 && row->line <= lines);
		if (r)
			assert(row->line > c->rows[r - 1].line);
		for (size_t f = 0; f < row->n; f++) {
			size_t len = strlen(row->fields[f]);

			assert(len <= CSV_MAX_FIELD && len <= n);
			assert(utf8_ok((const unsigned char *)row->fields[f], len));
			assert(row->pos[f].line >= row->line &&
			       row->pos[f].line <= lines);
			assert(row->pos[f].column >= 1);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = {0, ',', ';'};
	struct arena a;
	struct csv c, c2;
	struct csv_error e, e2;
	enum err r, r2;
	char delim;
	uint8_t *copy;

	if (size < 1)
		return 0;
	delim = delims[data[0] % 3];
	data++;
	size--;
	/* an exact-size heap copy: any read past size is an ASan report */
	copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	arena_init(&a);
	r = csv_parse(&a, (const char *)copy, size, delim, &c, &e);
	if (r == ERR_OK) {
		check_ok(&c, copy, size);
	} else {
		assert(r == ERR_INVALID || r == ERR_TOO_LARGE);
		assert(e.msgid && *e.msgid);
		assert(c.nrows == 0 && c.rows == NULL);
		assert(e.line >= 1 || r == ERR_TOO_LARGE);
		assert(e.line <= count_lines(copy, size));
		assert((e.line == 0) == (e.column == 0));
	}
	r2 = csv_parse(&a, (const char *)copy, size, delim, &c2, &e2);
	assert(r2 == r);
	if (r == ERR_OK) {
		assert(c2.nrows == c.nrows);
	} else {
		assert(e2.line == e.line && e2.column == e.column);
		assert(e2.field == e.field && strcmp(e2.msgid, e.msgid) == 0);
	}
	arena_clear(&a);
	free(copy);
	return 0;
}
