/* csv: see csv.h. */
#include "csv.h"

#include <string.h>

static int formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	       c == '\r';
}

void csv_text(struct buf *b, const char *s, int first)
{
	int guard;

	if (!first)
		buf_addc(b, ',');
	if (!s || !*s)
		return;
	guard = formula_start(s[0]);
	if (!guard && !strpbrk(s, ",\"\r\n")) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	if (guard)
		buf_addc(b, '\'');
	for (const char *p = s; *p; p++) {
		const char *q = strchr(p, '"');

		if (!q) {
			buf_adds(b, p);
			break;
		}
		buf_add(b, p, (size_t)(q - p));
		buf_adds(b, "\"\"");
		p = q;
	}
	buf_addc(b, '"');
}

void csv_int(struct buf *b, int64_t v, int first)
{
	if (!first)
		buf_addc(b, ',');
	buf_addf(b, "%lld", (long long)v);
}

void csv_end_row(struct buf *b)
{
	buf_adds(b, "\r\n");
}
