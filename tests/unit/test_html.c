/* test_html: the escaping writers.  Every special character by itself,
 * then every one of the 256 byte values, then strings written to break
 * out of text, attributes and URLs: none of < > " ' from the input may
 * ever reach the output as itself.  Then the rest of struct html: markup
 * from literals, elements, numbers and kept fragments.  (That html_lit
 * does not compile for a variable is checked by scripts/lint.sh.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "html/html.h"

typedef void (*writer)(struct html *, const char *);

static const char *const hostile[] = {
	"<script>alert(1)</script>",
	"\"><script>alert(1)</script>",
	"'><img src=x onerror=alert(1)>",
	"\" onmouseover=\"alert(1)",
	"' onfocus='alert(1)' autofocus '",
	"<svg onload=alert(1)>",
	"<svg><script>alert&#40;1&#41;</script></svg>",
	"</textarea><script>alert(1)</script>",
	"</title><script>alert(1)</script>",
	"<!--",
	"]]><![CDATA[<script>",
	"`onmouseover=alert(1)`",
	"&lt;script&gt;",
	"<a href=\"javascript:alert(1)\">x</a>",
	"<\x00script>",
	"<scr\x01ipt>",
	"\xe2\x80\xae<b>\xc0\xbc\xc0\xbe",
};

/* Escape s with w into a fresh buffer; the caller frees. */
static char *esc(writer w, const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	w(HTML_ON(&b), s);
	return buf_detach(&b, NULL);
}

static void assert_esc(writer w, const char *in, const char *want)
{
	char *got = esc(w, in);

	assert_string_equal(got, want);
	free(got);
}

static void assert_no_markup(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		assert_true(s[i] != '<' && s[i] != '>');
		assert_true(s[i] != '"' && s[i] != '\'');
	}
}

static void test_specials(void **state)
{
	(void)state;
	assert_esc(html_text, "&", "&amp;");
	assert_esc(html_text, "<", "&lt;");
	assert_esc(html_text, ">", "&gt;");
	assert_esc(html_text, "\"", "&quot;");
	assert_esc(html_text, "'", "&#39;");
	assert_esc(html_text, "`=", "`=");
	assert_esc(html_value, "&<>\"'", "&amp;&lt;&gt;&quot;&#39;");
	assert_esc(html_value, "`", "&#96;");
	assert_esc(html_value, "=", "&#61;");
	assert_esc(html_text, "a & b < c", "a &amp; b &lt; c");
	assert_esc(html_text, "Zuid-Oost, café", "Zuid-Oost, café");
	assert_esc(html_text, "", "");
	assert_esc(html_text, NULL, "");
	assert_esc(html_value, NULL, "");
}

static void test_controls(void **state)
{
	(void)state;
	assert_esc(html_text, "a\tb\nc", "a\tb\nc");
	assert_esc(html_text, "a\rb\x01\x1f\x7f" "c", "abc");
	assert_esc(html_value, "\x1b[31mred", "[31mred");
	assert_esc(html_value, "x\ty\nz", "x\ty\nz");
}

/* Every byte value alone, and the 256 bytes in one string. */
static void check_byte(writer w, int attr, unsigned c)
{
	char in[2] = {(char)c, 0};
	char *out = esc(w, in);
	size_t n = strlen(out);

	assert_no_markup(out, n);
	if (c == '\t' || c == '\n' || (c >= 0x80)) {
		assert_int_equal(n, 1);
		assert_int_equal((unsigned char)out[0], c);
	} else if (c < 0x20 || c == 0x7f) {
		assert_int_equal(n, 0);
	} else if (strchr("&<>\"'", (int)c) || (attr && strchr("`=", (int)c))) {
		assert_true(out[0] == '&' && out[n - 1] == ';');
	} else {
		assert_int_equal(n, 1);
		assert_int_equal((unsigned char)out[0], c);
	}
	free(out);
}

static void test_all_bytes(void **state)
{
	char all[256];
	struct buf b;

	(void)state;
	for (unsigned c = 1; c < 256; c++) {
		check_byte(html_text, 0, c);
		check_byte(html_value, 1, c);
	}
	for (unsigned c = 0; c < 256; c++)
		all[c] = (char)c;
	buf_init(&b, 0);
	html_textn(HTML_ON(&b), all, sizeof(all));
	assert_no_markup(b.data, b.len);
	/* the NUL at byte 0 is dropped: the output is a C string */
	assert_int_equal(strlen(b.data), b.len);
	buf_release(&b);
}

static void test_hostile(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(hostile); i++) {
		char *t = esc(html_text, hostile[i]);
		char *a = esc(html_value, hostile[i]);

		assert_no_markup(t, strlen(t));
		assert_no_markup(a, strlen(a));
		assert_null(strstr(a, "="));
		free(t);
		free(a);
	}
}

static void test_txtn(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	html_textn(HTML_ON(&b), "a<b\0c>d", 7);
	assert_string_equal(b.data, "a&lt;bc&gt;d");
	buf_reset(&b);
	html_textn(HTML_ON(&b), "<script>", 3);
	assert_string_equal(b.data, "&lt;sc");
	buf_reset(&b);
	html_textn(HTML_ON(&b), NULL, 5);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_txtf(void **state)
{
	struct buf b;
	char big[1000];

	(void)state;
	buf_init(&b, 0);
	html_textf(HTML_ON(&b), "%d tekens, %s", 2000, "<b>&");
	assert_string_equal(b.data, "2000 tekens, &lt;b&gt;&amp;");
	/* a long result, all of it escaped */
	memset(big, '<', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_reset(&b);
	html_textf(HTML_ON(&b), "[%s]", big);
	assert_int_equal(b.len, 2 + 4 * (sizeof(big) - 1));
	assert_no_markup(b.data, b.len);
	buf_release(&b);
}

static void assert_url(const char *in, const char *want, int rc)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(html_url(HTML_ON(&b), in), rc);
	assert_string_equal(buf_str(&b), want);
	assert_int_equal(html_url_ok(in), rc == 0);
	buf_release(&b);
}

static void test_url(void **state)
{
	static const char *const refused[] = {
		"javascript:alert(1)",
		"JaVaScRiPt:alert(1)",
		" javascript:alert(1)",
		"\tjavascript:alert(1)",
		"java\nscript:alert(1)",
		"javascript&colon;alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"vbscript:msgbox(1)",
		"//evil.example/",
		"/\\evil.example/",
		"\\\\evil.example",
		"/ok\\..",
		"/a b",
		"/a\x7f",
		"http:/x",
		"http:evil",
		"ftp://example.org/",
		"m/relative",
		"?lang=en",
		"#top",
		"",
		NULL,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++)
		assert_url(refused[i], "#", -1);
	assert_url("/", "/", 0);
	assert_url("/m/Ab3_x-9", "/m/Ab3_x-9", 0);
	assert_url("/melden?lang=en&x=1", "/melden?lang&#61;en&amp;x&#61;1", 0);
	assert_url("https://example.org/", "https://example.org/", 0);
	assert_url("HTTP://example.org/", "HTTP://example.org/", 0);
	assert_url("/m/\"onmouseover=\"x", "/m/&quot;onmouseover&#61;&quot;x",
		   0);
	assert_url("/'><script>", "/&#39;&gt;&lt;script&gt;", 0);
}

static void test_overflow(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	html_text(HTML_ON(&b), "<<<");
	assert_true(b.overflow);
	assert_true(b.len <= 8);
	buf_release(&b);
}

/* What h's buffer holds, as a string to compare. */
#define OUT(b) buf_str(&(b))

static void test_lit(void **state)
{
	struct buf b;
	struct html *h = HTML_ON(&b);

	(void)state;
	buf_init(&b, 0);
	html_lit(h, "<p class=\"wa-note\">");
	html_lit(h, "");
	html_lit(h, "&amp; "
		    "<br>");
	/* markup is written as it is: the literal is the author's */
	assert_string_equal(OUT(b), "<p class=\"wa-note\">&amp; <br>");
	buf_release(&b);
}

static void test_el(void **state)
{
	struct buf b;
	struct html *h = HTML_ON(&b);

	(void)state;
	buf_init(&b, 0);
	html_el(h, "td", "<b>&\"x\"");
	assert_string_equal(OUT(b), "<td>&lt;b&gt;&amp;&quot;x&quot;</td>");
	buf_reset(&b);
	/* attributes in the start tag only; the end tag is the first word */
	html_el(h, "th scope=\"col\"", "Naam");
	assert_string_equal(OUT(b), "<th scope=\"col\">Naam</th>");
	buf_reset(&b);
	html_el(h, "p", NULL);
	assert_string_equal(OUT(b), "<p></p>");
	buf_release(&b);
}

static void test_int(void **state)
{
	static const struct {
		long long v;
		const char *want;
	} cases[] = {
		{0, "0"},
		{7, "7"},
		{-1, "-1"},
		{1234567890123LL, "1234567890123"},
		{LLONG_MAX, "9223372036854775807"},
		{LLONG_MIN, "-9223372036854775808"},
	};
	struct buf b;
	struct html *h = HTML_ON(&b);

	(void)state;
	buf_init(&b, 0);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		html_int(h, cases[i].v);
		assert_string_equal(OUT(b), cases[i].want);
	}
	/* a link with an id, as the views write it */
	buf_reset(&b);
	html_lit(h, "<a href=\"/werk/meldingen/");
	html_int(h, 42);
	html_lit(h, "\">");
	assert_string_equal(OUT(b), "<a href=\"/werk/meldingen/42\">");
	buf_release(&b);
}

static void test_value(void **state)
{
	struct buf b;
	struct html *h = HTML_ON(&b);

	(void)state;
	buf_init(&b, 0);
	html_lit(h, "<input value=\"");
	html_value(h, "\" autofocus onfocus=alert(1) x=\"`'<>&");
	html_lit(h, "\">");
	assert_string_equal(OUT(b),
			    "<input value=\"&quot; autofocus onfocus&#61;alert(1) "
			    "x&#61;&quot;&#96;&#39;&lt;&gt;&amp;\">");
	buf_release(&b);
}

/* Numbers for SVG attributes: fixed decimals, trailing zeros dropped, a
 * point whatever the language, and nothing but [-0-9.] for any double. */
static void test_dec(void **state)
{
	static const struct {
		double v;
		int decimals;
		const char *want;
	} cases[] = {
		{0, 1, "0"},
		{12.5, 1, "12.5"},
		{12.04, 1, "12"},
		{12.06, 1, "12.1"},
		{-0.3, 1, "-0.3"},
		{-0.04, 1, "0"},
		{-0.4, 0, "0"},
		{799.96, 1, "800"},
		{3.14159, 3, "3.142"},
		{2.5, 9, "2.5"},
		{2.5, -1, "2"},
		{1e300, 1, "0"},
		{-1e16, 2, "0"},
		{123456789.25, 2, "123456789.25"},
	};
	const double odd[] = {NAN, INFINITY, -INFINITY, -0.0, 1e-300,
			      DBL_MAX, -DBL_MIN};
	struct buf b;
	struct html *h = HTML_ON(&b);

	(void)state;
	buf_init(&b, 0);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		buf_reset(&b);
		html_dec(h, cases[i].v, cases[i].decimals);
		assert_string_equal(OUT(b), cases[i].want);
	}
	for (size_t i = 0; i < ARRAY_SIZE(odd); i++) {
		for (int d = 0; d <= 6; d++) {
			buf_reset(&b);
			html_dec(h, odd[i], d);
			assert_true(b.len > 0);
			assert_int_equal(strspn(OUT(b), "-0123456789."), b.len);
			assert_string_not_equal(OUT(b), "-0");
		}
	}
	buf_release(&b);
}

static void test_url_refuses_scripts(void **state)
{
	struct buf b;
	struct html *h = HTML_ON(&b);

	(void)state;
	buf_init(&b, 0);
	html_lit(h, "<a href=\"");
	assert_int_equal(html_url(h, "javascript:alert(document.cookie)"), -1);
	html_lit(h, "\">");
	assert_string_equal(OUT(b), "<a href=\"#\">");
	buf_reset(&b);
	assert_int_equal(html_url(h, "https://example.org/a?b=1&c=2"), 0);
	assert_string_equal(OUT(b), "https://example.org/a?b&#61;1&amp;c&#61;2");
	buf_release(&b);
}

static void test_frag(void **state)
{
	struct buf b, page;
	struct html *h = HTML_ON(&b), *p = HTML_ON(&page);
	struct html_frag f;

	(void)state;
	buf_init(&b, 0);
	buf_init(&page, 0);
	html_lit(h, "<svg><title>");
	html_text(h, "Buurt <A> & B");
	html_lit(h, "</title></svg>\n");
	f = html_frag_take(h);
	/* h is empty afterwards, and can be written again */
	assert_int_equal(b.len, 0);
	assert_string_equal(f.s, "<svg><title>Buurt &lt;A&gt; &amp; B</title></svg>\n");
	assert_int_equal(f.len, strlen(f.s));
	/* the fragment goes into a page unchanged, as often as needed */
	html_lit(p, "<div>");
	html_frag(p, &f);
	html_frag(p, &f);
	html_lit(p, "</div>");
	assert_string_equal(OUT(page), "<div><svg><title>Buurt &lt;A&gt; &amp; B"
				       "</title></svg>\n<svg><title>Buurt &lt;A&gt; "
				       "&amp; B</title></svg>\n</div>");
	free((char *)f.s);
	/* nothing written: an empty fragment, which writes nothing */
	f = html_frag_take(h);
	assert_int_equal(f.len, 0);
	buf_reset(&page);
	html_frag(p, &f);
	html_frag(p, NULL);
	assert_int_equal(page.len, 0);
	free((char *)f.s);
	buf_release(&b);
	buf_release(&page);
}

/* Half a document is worth nothing: a fragment of a buffer that
 * overflowed is empty, not the part that fitted. */
static void test_frag_overflow(void **state)
{
	struct buf b;
	struct html *h = HTML_ON(&b);
	struct html_frag f;

	(void)state;
	buf_init(&b, 16);
	html_lit(h, "<svg>");
	html_text(h, "a name far too long for the buffer");
	html_lit(h, "</svg>");
	assert_true(b.overflow);
	f = html_frag_take(h);
	assert_null(f.s);
	assert_int_equal(f.len, 0);
	/* and h starts afresh */
	assert_false(b.overflow);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_specials),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_all_bytes),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_txtn),
		cmocka_unit_test(test_txtf),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_lit),
		cmocka_unit_test(test_el),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_value),
		cmocka_unit_test(test_dec),
		cmocka_unit_test(test_url_refuses_scripts),
		cmocka_unit_test(test_frag),
		cmocka_unit_test(test_frag_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
