/* html: escaping writers for HTML text, attribute values and URLs (see
 * html.h for the contract).  One 256-entry table per context says for every
 * byte whether to copy it, drop it or replace it by an entity, so that what
 * is safe is decided in one place that a reader can check at a glance. */
#include "html.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

enum {
	COPY,
	DROP,
	E_AMP,
	E_LT,
	E_GT,
	E_QUOT,
	E_APOS,
	E_GRAVE,
	E_EQ,
};

static const char *const entity[] = {
	[E_AMP] = "&amp;", [E_LT] = "&lt;",   [E_GT] = "&gt;",
	[E_QUOT] = "&quot;", [E_APOS] = "&#39;", [E_GRAVE] = "&#96;",
	[E_EQ] = "&#61;",
};

/* Text content: markup and quote characters, controls but tab and LF. */
static const unsigned char txt_table[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, /* 0x00 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
	0, 0, 5, 0, 0, 0, 2, 6, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 4, 0, /* 0x30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x50 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* 0x70 */
};

/* Attribute values: as text, plus ` and =. */
static const unsigned char attr_table[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, /* 0x00 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
	0, 0, 5, 0, 0, 0, 2, 6, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 8, 4, 0, /* 0x30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x50 */
	7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* 0x70 */
};

/* Copy runs of plain bytes in one go; stop at each byte the table names. */
static void escape(struct buf *b, const unsigned char *table, const char *s,
		   size_t len)
{
	size_t i = 0, run;

	while (i < len) {
		run = i;
		while (i < len && table[(unsigned char)s[i]] == COPY)
			i++;
		if (i > run)
			buf_add(b, s + run, i - run);
		if (i == len)
			break;
		if (table[(unsigned char)s[i]] != DROP)
			buf_adds(b, entity[table[(unsigned char)s[i]]]);
		i++;
	}
}

/* printf into a fresh string, escaped with table. */
static void escapef(struct buf *b, const unsigned char *table,
		    const char *fmt, va_list ap)
{
	va_list ap2;
	char *p;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	escape(b, table, p, (size_t)n);
	free(p);
}

/* Spaces, controls and backslashes have no place in the URLs we write;
 * browsers strip or reinterpret them, which is how filters are fooled. */
static int url_chars_ok(const char *url)
{
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return 1;
}

int html_url_ok(const char *url)
{
	if (!url || !url_chars_ok(url))
		return 0;
	if (url[0] == '/')
		return url[1] != '/';
	return strncasecmp(url, "http://", 7) == 0 ||
	       strncasecmp(url, "https://", 8) == 0;
}

/* --- safe by type --------------------------------------------------- */

void html_markup_(struct html *h, const char *literal, size_t len)
{
	buf_add(h->b, literal, len);
}

void html_el_(struct html *h, const char *tag, const char *text)
{
	buf_addc(h->b, '<');
	buf_adds(h->b, tag);
	buf_addc(h->b, '>');
	html_text(h, text);
	buf_add(h->b, "</", 2);
	buf_add(h->b, tag, strcspn(tag, " "));
	buf_addc(h->b, '>');
}

void html_text(struct html *h, const char *s)
{
	if (s)
		escape(h->b, txt_table, s, strlen(s));
}

void html_textn(struct html *h, const char *s, size_t len)
{
	if (s)
		escape(h->b, txt_table, s, len);
}

void html_textf(struct html *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	escapef(h->b, txt_table, fmt, ap);
	va_end(ap);
}

void html_value(struct html *h, const char *s)
{
	if (s)
		escape(h->b, attr_table, s, strlen(s));
}

void html_int(struct html *h, long long v)
{
	buf_addf(h->b, "%lld", v);
}

void html_dec(struct html *h, double v, int decimals)
{
	char s[48];
	char *end;

	decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
	if (!isfinite(v) || fabs(v) > 1e15)
		v = 0;
	snprintf(s, sizeof(s), "%.*f", decimals, v);
	/* LC_NUMERIC is never switched (i18n sets messages and ctype only),
	 * but a comma would break every coordinate, so make sure */
	for (end = s; *end; end++)
		if (*end == ',')
			*end = '.';
	if (decimals > 0) {
		while (end[-1] == '0')
			*--end = '\0';
		if (end[-1] == '.')
			*--end = '\0';
	}
	/* rounding may leave "-0" of a tiny negative value */
	buf_adds(h->b, strcmp(s, "-0") == 0 ? "0" : s);
}

int html_url(struct html *h, const char *url)
{
	if (!html_url_ok(url)) {
		buf_addc(h->b, '#');
		return -1;
	}
	html_value(h, url);
	return 0;
}

struct html_frag html_frag_take(struct html *h)
{
	struct html_frag f = {NULL, 0};

	if (h->b->overflow)
		buf_reset(h->b);
	else
		f.s = buf_detach(h->b, &f.len);
	return f;
}

void html_frag(struct html *h, const struct html_frag *f)
{
	if (f && f->s)
		buf_add(h->b, f->s, f->len);
}
