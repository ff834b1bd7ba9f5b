/* jsonw: see jsonw.h. */
#include "jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/utf8.h"

void jsonw_str(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;

	if (!s) {
		buf_add(b, "null", 4);
		return;
	}
	buf_addc(b, '"');
	for (run = p; *p;) {
		size_t n = *p < 0x80 ? 1 : utf8_seq_len(p);
		const char *esc = NULL;

		if (*p >= 0x20 && *p != '"' && *p != '\\' && n) {
			p += n; /* kept as it is: written with its run */
			continue;
		}
		buf_add(b, run, (size_t)(p - run));
		switch (*p) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default: break;
		}
		if (esc)
			buf_adds(b, esc);
		else if (*p < 0x20)
			buf_addf(b, "\\u%04X", *p);
		else
			buf_adds(b, "\xEF\xBF\xBD"); /* not valid UTF-8 */
		run = ++p;
	}
	buf_add(b, run, (size_t)(p - run));
	buf_addc(b, '"');
}

void jsonw_int(struct buf *b, int64_t v)
{
	buf_addf(b, "%" PRId64, v);
}

void jsonw_real(struct buf *b, double v)
{
	char s[64], *e;
	size_t len;

	snprintf(s, sizeof(s), "%.10g", v);
	len = strlen(s);
	if (!strpbrk(s, ".e")) {
		buf_add(b, s, len);
		buf_add(b, ".0", 2);
		return;
	}
	e = strchr(s, 'e');
	if (!e) {
		buf_add(b, s, len);
		return;
	}
	/* "1e-07" -> "1e-7", "1e+20" -> "1e20" */
	buf_add(b, s, (size_t)(e - s) + 1);
	e++;
	if (*e == '-')
		buf_addc(b, *e);
	if (*e == '+' || *e == '-')
		e++;
	while (*e == '0' && e[1])
		e++;
	buf_adds(b, e);
}
