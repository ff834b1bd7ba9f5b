/* Tests for base/utf8.c: repairing text for display. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <utf8proc.h>

#include <cmocka.h>

#include "base/utf8.h"

static void check(const char *in, const char *want)
{
	struct arena a;

	arena_init(&a);
	assert_string_equal(utf8_sanitize(&a, in), want);
	arena_clear(&a);
}

static void test_valid_kept(void **state)
{
	(void)state;
	check("", "");
	check("Stoeptegel los", "Stoeptegel los");
	check("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\xb2", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\xb2");
}

static void test_invalid_replaced(void **state)
{
	(void)state;
	check("a\xff" "b", "a\xef\xbf\xbd" "b");
	check("\xfe\xff", "\xef\xbf\xbd\xef\xbf\xbd");
	check("\xc3", "\xef\xbf\xbd");			/* truncated */
	check("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"); /* overlong '/' */
	check("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* surrogate */
}

static void test_output_always_valid(void **state)
{
	unsigned char in[257];
	struct arena a;
	const char *out;

	(void)state;
	for (int i = 0; i < 256; i++)
		in[i] = (unsigned char)(255 - i);
	in[255] = 'x';
	in[256] = '\0';
	arena_init(&a);
	out = utf8_sanitize(&a, (const char *)in);
	assert_true(utf8proc_iterate((const utf8proc_uint8_t *)out, -1, &(utf8proc_int32_t){0}) >= 0);
	for (const char *p = out; *p;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &c);

		assert_true(n > 0);
		p += n;
	}
	assert_null(utf8_sanitize(&a, NULL));
	arena_clear(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_kept),
		cmocka_unit_test(test_invalid_replaced),
		cmocka_unit_test(test_output_always_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
