/* fuzz_html: the HTML escapers (html/html.c) on arbitrary bytes.
 *
 * Property: the output never carries markup from the input, and loses
 * nothing else:
 *   - no '<', '>', '"', '\'' at all, and no '`' or '=' in attribute
 *     values: every one of them in the input comes out as an entity;
 *   - every '&' starts one of the entities of html.c's table, so no
 *     entity (&lt;, &#x3c;, ...) of the input survives as one;
 *   - no control characters but tab and LF (NUL, CR, DEL are dropped);
 *   - decoding those entities gives back exactly the input without the
 *     dropped bytes (html_textn is given every byte, NULs included;
 *     html_text, html_value and html_textf("%s") the bytes up to the
 *     first NUL);
 *   - html_url writes "#" and returns -1 for a URL html_url_ok refuses;
 *     else the URL, escaped as an attribute, which is a path on this site
 *     or an absolute http(s) URL without spaces, controls or backslashes;
 *   - html_el(h, "td", s) is "<td>", the text as html_text, "</td>";
 *   - html_int of a number read from the input is that number in decimal;
 *   - html_dec of the first 8 bytes as a double (NaN, infinities and all),
 *     with the 9th byte's decimals, is only [-0-9.], never "-0", has at
 *     most that many decimals and reads back within half a unit of the
 *     last place (0 for what is not finite or beyond 1e15).
 * All through struct html, the only writer the views have. */
#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "html/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *ent;
	char c;
} entities[] = {{"&amp;", '&'},	 {"&lt;", '<'},	  {"&gt;", '>'},
		{"&quot;", '"'}, {"&#39;", '\''}, {"&#96;", '`'},
		{"&#61;", '='}};

static bool dropped(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f;
}

/* Check the output and decode its entities into out (as long as b). */
static size_t decode(const struct buf *b, bool attr, char *out)
{
	size_t n = 0;

	assert(!b->overflow);
	for (size_t i = 0; i < b->len;) {
		unsigned char c = (unsigned char)b->data[i];
		size_t e = 0;

		assert(c != '<' && c != '>' && c != '"' && c != '\'' &&
		       !dropped(c));
		assert(!attr || (c != '`' && c != '='));
		if (c != '&') {
			out[n++] = (char)c;
			i++;
			continue;
		}
		while (e < sizeof(entities) / sizeof(entities[0]) &&
		       !(b->len - i >= strlen(entities[e].ent) &&
			 memcmp(b->data + i, entities[e].ent,
				strlen(entities[e].ent)) == 0))
			e++;
		assert(e < sizeof(entities) / sizeof(entities[0]));
		assert(attr || (entities[e].c != '`' && entities[e].c != '='));
		out[n++] = entities[e].c;
		i += strlen(entities[e].ent);
	}
	return n;
}

/* The output decodes to s[0..len) without the dropped bytes. */
static void check(const struct buf *b, bool attr, const char *s, size_t len)
{
	char *out = malloc(b->len + 1);
	size_t n = decode(b, attr, out), k = 0;

	for (size_t i = 0; i < len; i++)
		if (!dropped((unsigned char)s[i])) {
			assert(k < n && out[k] == s[i]);
			k++;
		}
	assert(k == n);
	free(out);
}

static void check_url(const struct buf *b, int rc, const char *s)
{
	if (rc != 0) {
		assert(!html_url_ok(s));
		assert(b->len == 1 && b->data[0] == '#');
		return;
	}
	assert(html_url_ok(s));
	assert((s[0] == '/' && s[1] != '/' && s[1] != '\\') ||
	       strncasecmp(s, "http://", 7) == 0 ||
	       strncasecmp(s, "https://", 8) == 0);
	for (const char *p = s; *p; p++)
		assert((unsigned char)*p > 0x20 && *p != 0x7f && *p != '\\');
	check(b, true, s, strlen(s));
}

/* html_el: the element around exactly what html_text writes. */
static void check_el(struct buf *b, const char *s)
{
	struct html *h = HTML_ON(b);
	struct buf text;

	buf_init(&text, 1 << 22);
	html_text(HTML_ON(&text), s);
	html_el(h, "td", s);
	assert(b->len == text.len + 9);
	assert(memcmp(b->data, "<td>", 4) == 0);
	assert(memcmp(b->data + 4, buf_str(&text), text.len) == 0);
	assert(memcmp(b->data + 4 + text.len, "</td>", 5) == 0);
	buf_release(&text);
}

/* html_int: the first 8 bytes as a number, in decimal. */
static void check_int(struct buf *b, const uint8_t *data, size_t size)
{
	int64_t v = 0;
	char want[32];

	memcpy(&v, data, size < sizeof(v) ? size : sizeof(v));
	html_int(HTML_ON(b), (long long)v);
	snprintf(want, sizeof(want), "%" PRId64, v);
	assert(b->len == strlen(want) && memcmp(b->data, want, b->len) == 0);
}

/* html_dec: the first 8 bytes as a double, the 9th as the decimals. */
static void check_dec(struct buf *b, const uint8_t *data, size_t size)
{
	double v = 0, back, unit;
	int d = size > 8 ? (int)(data[8] % 9) - 1 : 1; /* -1..7: clamped */
	const char *dot;

	memcpy(&v, data, size < sizeof(v) ? size : sizeof(v));
	html_dec(HTML_ON(b), v, d);
	assert(b->len > 0 && b->len < 48);
	assert(strspn(b->data, "-0123456789.") == b->len);
	assert(strcmp(b->data, "-0") != 0);
	d = d < 0 ? 0 : d > 6 ? 6 : d;
	dot = strchr(b->data, '.');
	assert(!dot || (int)strlen(dot + 1) <= d);
	back = strtod(b->data, NULL);
	if (!isfinite(v) || fabs(v) > 1e15) {
		assert(back == 0);
		return;
	}
	unit = pow(10, -d);
	assert(fabs(back - v) <= unit / 2 + fabs(v) * 1e-15);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b;
	struct html *h = HTML_ON(&b);
	char *s = malloc(size + 1);
	int rc;

	memcpy(s, data, size);
	s[size] = '\0';
	buf_init(&b, 1 << 22);
	html_text(h, s);
	check(&b, false, s, strlen(s));
	buf_reset(&b);
	html_value(h, s);
	check(&b, true, s, strlen(s));
	buf_reset(&b);
	html_textn(h, s, size);
	check(&b, false, s, size);
	buf_reset(&b);
	html_textf(h, "%s", s);
	check(&b, false, s, strlen(s));
	buf_reset(&b);
	rc = html_url(h, s);
	check_url(&b, rc, s);
	buf_reset(&b);
	check_el(&b, s);
	buf_reset(&b);
	check_int(&b, data, size);
	buf_reset(&b);
	check_dec(&b, data, size);
	buf_release(&b);
	free(s);
	return 0;
}
