/* test_xml: the XML writers of the Atom feeds (html/xml.h).  The five
 * specials by themselves, every byte value, hostile strings ("]]>",
 * "<script>", controls), and the cases html_text lets through but XML
 * refuses (invalid UTF-8, surrogates, U+FFFE, U+FFFF): each output is
 * checked to be a sequence of XML 1.0 characters without a < > " ' of
 * its own, also over many random byte strings.  (That xml_lit does not
 * compile for a variable is checked by scripts/lint.sh.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "html/html.h"
#include "html/xml.h"

typedef void (*writer)(struct xml *, const char *);

/* Write s with w into a fresh buffer; the caller frees. */
static char *esc(writer w, const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	w(XML_ON(&b), s);
	return buf_detach(&b, NULL);
}

static void assert_esc(writer w, const char *in, const char *want)
{
	char *got = esc(w, in);

	assert_string_equal(got, want);
	free(got);
}

/* The XML 1.0 Char production: #x9 | #xA | #xD | [#x20-#xD7FF] |
 * [#xE000-#xFFFD] | [#x10000-#x10FFFF], decoded strictly from UTF-8. */
static int xml_char_at(const unsigned char *s, size_t len, size_t *n)
{
	uint32_t c;

	if (s[0] < 0x80) {
		*n = 1;
		return s[0] == 0x9 || s[0] == 0xa || s[0] == 0xd || s[0] >= 0x20;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		*n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		*n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		*n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (*n > len)
		return 0;
	for (size_t i = 1; i < *n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((*n == 3 && c < 0x800) || (*n == 4 && c < 0x10000))
		return 0; /* overlong */
	return (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) ||
	       (c >= 0x10000 && c <= 0x10ffff);
}

/* Only characters of XML, and none of < > " ' as itself; & only as the
 * start of one of our references. */
static void assert_xml_safe(const char *s)
{
	static const char *const refs[] = {"&amp;", "&lt;", "&gt;", "&quot;",
					   "&apos;", "&#9;", "&#10;", "&#13;"};
	size_t len = strlen(s), n = 1;

	for (size_t i = 0; i < len; i += n) {
		assert_true(xml_char_at((const unsigned char *)s + i, len - i, &n));
		assert_true(s[i] != '<' && s[i] != '>' && s[i] != '"' && s[i] != '\'');
		if (s[i] == '&') {
			int known = 0;

			for (size_t r = 0; r < ARRAY_SIZE(refs); r++)
				known |= strncmp(s + i, refs[r], strlen(refs[r])) == 0;
			assert_true(known);
		}
	}
}

static void test_specials(void **state)
{
	(void)state;
	assert_esc(xml_text, "&<>\"'", "&amp;&lt;&gt;&quot;&apos;");
	assert_esc(xml_attr, "&<>\"'", "&amp;&lt;&gt;&quot;&apos;");
	assert_esc(xml_text, "]]><![CDATA[<script>alert(1)</script>",
		   "]]&gt;&lt;![CDATA[&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_esc(xml_text, "Zuid-Oost, café → wijk", "Zuid-Oost, café → wijk");
	assert_esc(xml_text, "", "");
	assert_esc(xml_text, NULL, "");
	assert_esc(xml_attr, NULL, "");
}

static void test_controls(void **state)
{
	(void)state;
	assert_esc(xml_text, "a\tb\nc", "a\tb\nc");
	assert_esc(xml_text, "a\rb", "a&#13;b");
	assert_esc(xml_attr, "a\tb\nc\rd", "a&#9;b&#10;c&#13;d");
	assert_esc(xml_text, "a\x01\x08\x0b\x0c\x1b[31m\x1f\x7f" "b", "a[31mb");
	/* C1 controls are characters of XML 1.0: kept, as html_text keeps them */
	assert_esc(xml_text, "\xc2\x85", "\xc2\x85");
}

/* What html_text copies and an XML parser refuses: each becomes U+FFFD. */
static void test_not_xml(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"a\xef\xbf\xbf" "b", "a\xef\xbf\xbd" "b"},	/* U+FFFF */
		{"a\xef\xbf\xbe" "b", "a\xef\xbf\xbd" "b"},	/* U+FFFE */
		{"\xef\xbf\xbd", "\xef\xbf\xbd"},		/* U+FFFD itself */
		{"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* surrogate */
		{"\xc0\xbc", "\xef\xbf\xbd\xef\xbf\xbd"},	/* overlong < */
		{"\xff<", "\xef\xbf\xbd&lt;"},
		{"caf\xc3", "caf\xef\xbf\xbd"},			/* cut short at the end */
		{"\xe2\x82" "x", "\xef\xbf\xbd\xef\xbf\xbd" "x"},
		{"\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
		{"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"},	/* U+1F600 stays */
		{"\xef\xbf\xbc", "\xef\xbf\xbc"},		/* U+FFFC stays */
	};
	struct buf b;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_esc(xml_text, cases[i].in, cases[i].want);
		assert_esc(xml_attr, cases[i].in, cases[i].want);
	}
	/* the reason this writer exists: html_text copies U+FFFF as it is */
	buf_init(&b, 0);
	html_text(HTML_ON(&b), "\xef\xbf\xbf");
	assert_string_equal(buf_str(&b), "\xef\xbf\xbf");
	buf_release(&b);
}

static void test_all_bytes(void **state)
{
	char in[2] = {0, 0}, all[256];

	(void)state;
	for (unsigned c = 1; c < 256; c++) {
		char *t, *a;

		in[0] = (char)c;
		t = esc(xml_text, in);
		a = esc(xml_attr, in);
		assert_xml_safe(t);
		assert_xml_safe(a);
		if (c >= 0x80) /* no byte from 0x80 is a character alone */
			assert_string_equal(t, "\xef\xbf\xbd");
		else if (c > 0x20 && !strchr("&<>\"'\x7f", (int)c))
			assert_int_equal((unsigned char)t[0], c);
		free(t);
		free(a);
	}
	for (unsigned c = 0; c < 255; c++)
		all[c] = (char)(c + 1);
	all[255] = 0;
	{
		char *t = esc(xml_text, all), *a = esc(xml_attr, all);

		assert_xml_safe(t);
		assert_xml_safe(a);
		free(t);
		free(a);
	}
}

/* Random byte strings, half of them built from pieces of UTF-8: every
 * output is XML. */
static void test_random(void **state)
{
	static const char *const pieces[] = {
		"<", ">", "&", "\"", "'", "]]>", "\r", "\n", "\t", "\x01", "\x7f",
		"é", "→", "\xef\xbf\xbf", "\xef\xbf\xbe", "\xed\xa0\x80", "\xf0\x9f\x98\x80",
		"\xc3", "\x80", "\xff", "a", " ", "<script>", "&amp;"};
	uint32_t seed = 12345;
	char s[64];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t len = 0;

		while (len < sizeof(s) - 10) {
			seed = seed * 1103515245u + 12345u;
			if (round % 2) {
				s[len++] = (char)((seed >> 16) & 0xff);
			} else {
				const char *p = pieces[(seed >> 16) % ARRAY_SIZE(pieces)];

				if (len + strlen(p) >= sizeof(s) - 1)
					break;
				memcpy(s + len, p, strlen(p));
				len += strlen(p);
			}
			if (((seed >> 8) & 0x1f) == 0)
				break;
		}
		s[len] = '\0';
		{
			char *t = esc(xml_text, s), *a = esc(xml_attr, s);

			assert_xml_safe(t);
			assert_xml_safe(a);
			free(t);
			free(a);
		}
	}
}

static void test_lit_and_int(void **state)
{
	struct buf b;
	struct xml *x;

	(void)state;
	buf_init(&b, 0);
	x = XML_ON(&b);
	xml_lit(x, "<entry><id>");
	xml_int(x, -42);
	xml_lit(x, "</id><title>");
	xml_text(x, "1 < 2");
	xml_lit(x, "</title><link href=\"");
	xml_attr(x, "/m/x?a=1&b=\"2\"");
	xml_lit(x, "\"/></entry>");
	assert_string_equal(buf_str(&b),
			    "<entry><id>-42</id><title>1 &lt; 2</title><link "
			    "href=\"/m/x?a=1&amp;b=&quot;2&quot;\"/></entry>");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_specials),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_not_xml),
		cmocka_unit_test(test_all_bytes),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_lit_and_int),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
