/* test_cookie: reading one cookie from a Cookie header (http/cookie.c):
 * several cookies, quoted values, spaces, prefixes of other names, and the
 * header and value limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/util.h"
#include "http/cookie.h"

static int setup(void **state)
{
	struct arena *a = xmalloc(sizeof(*a));

	arena_init(a);
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	arena_clear(*state);
	free(*state);
	return 0;
}

static void expect(struct arena *a, const char *header, const char *name,
		   const char *want)
{
	const char *got = cookie_get(a, header, name);

	if (!want && got)
		fail_msg("cookie %s in [%s]: got [%s], want none", name, header,
			 got);
	if (want && !got)
		fail_msg("cookie %s in [%s]: got none, want [%s]", name, header,
			 want);
	if (want && strcmp(got, want) != 0)
		fail_msg("cookie %s in [%s]: got [%s], want [%s]", name, header,
			 got, want);
}

static void test_among_several(void **state)
{
	expect(*state, "lang=en", "lang", "en");
	expect(*state, "a=1; lang=en; b=2", "lang", "en");
	expect(*state, "a=1;lang=en;b=2", "lang", "en");
	expect(*state, "a=1; b=2; lang=nl", "lang", "nl");
	expect(*state, "a=1; b=2", "a", "1");
	expect(*state, "a=1; b=2", "b", "2");
	expect(*state, "lang=en; lang=nl", "lang", "en"); /* first wins */
	expect(*state, "sid=x=y==", "sid", "x=y=="); /* '=' inside the value */
	expect(*state, "lang=", "lang", "");
	expect(*state, "flag; lang=en", "lang", "en"); /* pair without '=' */
	expect(*state, "lang; x=1", "lang", NULL);
	expect(*state, ";;; lang=en;;", "lang", "en");
}

static void test_missing(void **state)
{
	expect(*state, NULL, "lang", NULL);
	expect(*state, "", "lang", NULL);
	expect(*state, ";", "lang", NULL);
	expect(*state, "   ", "lang", NULL);
	expect(*state, "a=1; b=2", "lang", NULL);
	expect(*state, "lang=en", "", NULL);
	expect(*state, "=en", "", NULL);
	expect(*state, "LANG=en", "lang", NULL); /* names are case-sensitive */
}

static void test_prefix_names(void **state)
{
	expect(*state, "xlang=en", "lang", NULL);
	expect(*state, "langx=en", "lang", NULL);
	expect(*state, "lan=en", "lang", NULL);
	expect(*state, "xlang=en; lang=nl", "lang", "nl");
	expect(*state, "lang=nl; xlang=en", "xlang", "en");
	expect(*state, "lang=nl; xlang=en", "lang", "nl");
	expect(*state, "a_lang=en; langx=en", "lang", NULL);
	/* the name must not be found inside another cookie's value */
	expect(*state, "x=lang=en", "lang", NULL);
	expect(*state, "x=\"a; lang=en\"", "x", "\"a"); /* no quoted ';' */
}

static void test_quoted(void **state)
{
	expect(*state, "lang=\"en\"", "lang", "en");
	expect(*state, "a=1; lang=\"en\"; b=2", "lang", "en");
	expect(*state, "lang=\"\"", "lang", "");
	expect(*state, "lang=\"", "lang", "\""); /* a lone quote stays */
	expect(*state, "lang=\"en", "lang", "\"en");
	expect(*state, "lang=en\"", "lang", "en\"");
}

static void test_spaces(void **state)
{
	expect(*state, "  lang=en", "lang", "en");
	expect(*state, "a=1;   lang=en", "lang", "en");
	expect(*state, "a=1;\tlang=en", "lang", "en");
	expect(*state, "lang=en  ; b=2", "lang", "en");
	expect(*state, "lang=en\t", "lang", "en");
	/* "lang =en" names the cookie "lang " */
	expect(*state, "lang =en", "lang", NULL);
}

/* cookie.h promises leniency about spaces, and trailing ones are removed;
 * leading ones, and spaces after a closing quote, must be too. */
static void test_spaces_symmetric(void **state)
{
	expect(*state, "lang= en", "lang", "en");
	expect(*state, "lang=\"en\" ; b=2", "lang", "en");
}

static char *repeat(char c, size_t n)
{
	char *s = xmalloc(n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void test_header_limit(void **state)
{
	struct buf b;
	char *pad;

	/* exactly COOKIE_MAX_HEADER bytes: read */
	buf_init(&b, 0);
	buf_adds(&b, "lang=en; p=");
	pad = repeat('x', COOKIE_MAX_HEADER - b.len);
	buf_adds(&b, pad);
	free(pad);
	assert_int_equal(b.len, COOKIE_MAX_HEADER);
	expect(*state, buf_str(&b), "lang", "en");
	/* one byte more: every cookie counts as absent */
	buf_addc(&b, 'x');
	expect(*state, buf_str(&b), "lang", NULL);
	buf_release(&b);
	/* a megabyte */
	pad = repeat(';', 1 << 20);
	expect(*state, pad, "lang", NULL);
	free(pad);
}

static void test_value_limit(void **state)
{
	struct buf b;
	char *v = repeat('v', COOKIE_MAX_VALUE);
	const char *got;

	buf_init(&b, 0);
	buf_addf(&b, "a=1; sid=%s; b=2", v);
	got = cookie_get(*state, buf_str(&b), "sid");
	assert_non_null(got);
	assert_string_equal(got, v);
	buf_reset(&b);
	buf_addf(&b, "sid=\"%s\"", v); /* quotes do not count */
	got = cookie_get(*state, buf_str(&b), "sid");
	assert_non_null(got);
	assert_int_equal(strlen(got), COOKIE_MAX_VALUE);
	buf_reset(&b);
	buf_addf(&b, "a=1; sid=%sv; b=2", v);
	expect(*state, buf_str(&b), "sid", NULL);
	expect(*state, buf_str(&b), "b", "2"); /* others still readable */
	buf_release(&b);
	free(v);
}

static void test_value_copied(void **state)
{
	char header[] = "lang=en; x=1";
	const char *got = cookie_get(*state, header, "lang");

	assert_non_null(got);
	header[5] = 'Z';
	assert_string_equal(got, "en"); /* a copy, not a pointer into header */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_among_several, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefix_names, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_quoted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spaces_symmetric, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_header_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_value_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_value_copied, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
