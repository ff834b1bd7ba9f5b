/* test_html: the escaping writers.  Every special character by itself,
 * then every one of the 256 byte values, then strings written to break
 * out of text, attributes and URLs: none of < > " ' from the input may
 * ever reach the output as itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "html/html.h"

typedef void (*writer)(struct buf *, const char *);

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
	w(&b, s);
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
	assert_esc(html_txt, "&", "&amp;");
	assert_esc(html_txt, "<", "&lt;");
	assert_esc(html_txt, ">", "&gt;");
	assert_esc(html_txt, "\"", "&quot;");
	assert_esc(html_txt, "'", "&#39;");
	assert_esc(html_txt, "`=", "`=");
	assert_esc(html_attr, "&<>\"'", "&amp;&lt;&gt;&quot;&#39;");
	assert_esc(html_attr, "`", "&#96;");
	assert_esc(html_attr, "=", "&#61;");
	assert_esc(html_txt, "a & b < c", "a &amp; b &lt; c");
	assert_esc(html_txt, "Zuid-Oost, café", "Zuid-Oost, café");
	assert_esc(html_txt, "", "");
	assert_esc(html_txt, NULL, "");
	assert_esc(html_attr, NULL, "");
}

static void test_controls(void **state)
{
	(void)state;
	assert_esc(html_txt, "a\tb\nc", "a\tb\nc");
	assert_esc(html_txt, "a\rb\x01\x1f\x7f" "c", "abc");
	assert_esc(html_attr, "\x1b[31mred", "[31mred");
	assert_esc(html_attr, "x\ty\nz", "x\ty\nz");
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
		check_byte(html_txt, 0, c);
		check_byte(html_attr, 1, c);
	}
	for (unsigned c = 0; c < 256; c++)
		all[c] = (char)c;
	buf_init(&b, 0);
	html_txtn(&b, all, sizeof(all));
	assert_no_markup(b.data, b.len);
	/* the NUL at byte 0 is dropped: the output is a C string */
	assert_int_equal(strlen(b.data), b.len);
	buf_release(&b);
}

static void test_hostile(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(hostile); i++) {
		char *t = esc(html_txt, hostile[i]);
		char *a = esc(html_attr, hostile[i]);

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
	html_txtn(&b, "a<b\0c>d", 7);
	assert_string_equal(b.data, "a&lt;bc&gt;d");
	buf_reset(&b);
	html_txtn(&b, "<script>", 3);
	assert_string_equal(b.data, "&lt;sc");
	buf_reset(&b);
	html_txtn(&b, NULL, 5);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_txtf(void **state)
{
	struct buf b;
	char big[1000];

	(void)state;
	buf_init(&b, 0);
	html_txtf(&b, "%d tekens, %s", 2000, "<b>&");
	assert_string_equal(b.data, "2000 tekens, &lt;b&gt;&amp;");
	/* a long result, all of it escaped */
	memset(big, '<', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_reset(&b);
	html_txtf(&b, "[%s]", big);
	assert_int_equal(b.len, 2 + 4 * (sizeof(big) - 1));
	assert_no_markup(b.data, b.len);
	buf_release(&b);
}

static void assert_url(const char *in, const char *want, int rc)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(html_url_attr(&b, in), rc);
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
	html_txt(&b, "<<<");
	assert_true(b.overflow);
	assert_true(b.len <= 8);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
