/* xml: escaping writers for XML text and attribute values (see xml.h for
 * the contract).  ASCII goes through one 256-entry table per context, as
 * in html.c; bytes from 0x80 are checked as UTF-8 sequences, since XML
 * refuses a document with one bad one. */
#include "xml.h"

#include <string.h>

#include "base/utf8.h"

enum { COPY, DROP, E_AMP, E_LT, E_GT, E_QUOT, E_APOS, E_TAB, E_LF, E_CR, UTF8 };

static const char *const entity[] = {
	[E_AMP] = "&amp;", [E_LT] = "&lt;",   [E_GT] = "&gt;",
	[E_QUOT] = "&quot;", [E_APOS] = "&apos;", [E_TAB] = "&#9;",
	[E_LF] = "&#10;",  [E_CR] = "&#13;",
};

/* ASCII only: from 0x80 a byte begins (or breaks) a UTF-8 sequence. */

/* Text: markup and quotes escaped, CR referenced, controls dropped. */
static const unsigned char txt_table[128] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 9, 1, 1, /* 0x00 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
	0, 0, 5, 0, 0, 0, 2, 6, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 4, 0, /* 0x30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x50 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* 0x70 */
};

/* Attribute values: as text, and tab, LF and CR referenced. */
static const unsigned char attr_table[128] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 7, 8, 1, 1, 9, 1, 1, /* 0x00 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
	0, 0, 5, 0, 0, 0, 2, 6, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 4, 0, /* 0x30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x50 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* 0x70 */
};

static int action(const unsigned char *table, unsigned char c)
{
	return c >= 0x80 ? UTF8 : table[c];
}

/* U+FFFE and U+FFFF: well-formed UTF-8, but no characters of XML. */
static int not_a_char(const unsigned char *s, size_t n)
{
	return n == 3 && s[0] == 0xef && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf);
}

/* One character from 0x80: copied when XML has it, else U+FFFD (for the
 * whole of a well-formed sequence, or for one stray byte).  Returns the
 * bytes of s used. */
static size_t high_char(struct buf *b, const unsigned char *s)
{
	size_t n = utf8_seq_len(s);

	if (n && !not_a_char(s, n)) {
		buf_add(b, (const char *)s, n);
		return n;
	}
	buf_adds(b, "\xef\xbf\xbd");
	return n ? n : 1;
}

/* Copy runs of plain ASCII in one go; stop at each byte the table names
 * and at each byte from 0x80.  s is NUL-terminated (utf8_seq_len reads up
 * to the NUL, no further). */
static void escape(struct buf *b, const unsigned char *table, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;
	int a;

	while (*p) {
		run = p;
		while (*p && action(table, *p) == COPY)
			p++;
		if (p > run)
			buf_add(b, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		a = action(table, *p);
		if (a == UTF8) {
			p += high_char(b, p);
			continue;
		}
		if (a != DROP)
			buf_adds(b, entity[a]);
		p++;
	}
}

void xml_markup_(struct xml *x, const char *literal, size_t len)
{
	buf_add(x->b, literal, len);
}

void xml_text(struct xml *x, const char *s)
{
	if (s)
		escape(x->b, txt_table, s);
}

void xml_attr(struct xml *x, const char *s)
{
	if (s)
		escape(x->b, attr_table, s);
}

void xml_int(struct xml *x, long long v)
{
	buf_addf(x->b, "%lld", v);
}
