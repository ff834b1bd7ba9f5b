/* test_form: application/x-www-form-urlencoded parsing (http/form.c) with
 * hostile input: bad escapes, encoded NULs, the field and key limits, and
 * bodies that are not NUL-terminated. */
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
#include "http/form.h"

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

/* Parse s (as a heap copy of exactly strlen(s) bytes, no NUL after it, so
 * ASan catches any read past len). */
static enum err parse(struct arena *a, const char *s, struct form *f,
		      const char **msg)
{
	size_t n = strlen(s);
	char *copy = xmalloc(n ? n : 1);
	enum err e;

	memcpy(copy, s, n);
	e = form_parse(a, copy, n, f, msg);
	free(copy);
	return e;
}

static void test_pairs(void **state)
{
	struct form f;
	const char *msg = "unset";

	assert_int_equal(parse(*state, "kind=melding&text=hallo&lat=52.37", &f,
			       &msg),
			 ERR_OK);
	assert_null(msg);
	assert_int_equal(f.n, 3);
	assert_string_equal(f.fields[0].key, "kind");
	assert_string_equal(f.fields[0].value, "melding");
	assert_string_equal(form_get(&f, "text"), "hallo");
	assert_string_equal(form_get(&f, "lat"), "52.37");
	assert_null(form_get(&f, "lon"));
	assert_null(form_get(&f, "Kind")); /* names are case-sensitive */
}

static void test_decoding(void **state)
{
	struct form f;
	const char *msg;

	assert_int_equal(parse(*state,
			       "t=Losse+stoeptegel%2C+gevaarlijk%21&e=a%40b.nl"
			       "&p=%2B31&u=caf%C3%a9&k+1=v&pct=100%25",
			       &f, &msg),
			 ERR_OK);
	assert_string_equal(form_get(&f, "t"), "Losse stoeptegel, gevaarlijk!");
	assert_string_equal(form_get(&f, "e"), "a@b.nl");
	assert_string_equal(form_get(&f, "p"), "+31"); /* %2B is a plus */
	assert_string_equal(form_get(&f, "u"), "caf\xc3\xa9");
	assert_string_equal(form_get(&f, "k 1"), "v"); /* '+' in a name too */
	assert_string_equal(form_get(&f, "pct"), "100%");
}

static void test_value_with_equals_and_empty_value(void **state)
{
	struct form f;
	const char *msg;

	assert_int_equal(parse(*state, "a=b=c&empty=&bare", &f, &msg), ERR_OK);
	assert_int_equal(f.n, 3);
	assert_string_equal(form_get(&f, "a"), "b=c");
	assert_string_equal(form_get(&f, "empty"), "");
	assert_string_equal(form_get(&f, "bare"), ""); /* key without '=' */
}

static void test_empty_pairs_skipped(void **state)
{
	struct form f;
	const char *msg;

	assert_int_equal(parse(*state, "&&a=1&&&b=2&", &f, &msg), ERR_OK);
	assert_int_equal(f.n, 2);
	assert_string_equal(form_get(&f, "a"), "1");
	assert_string_equal(form_get(&f, "b"), "2");
	assert_int_equal(parse(*state, "", &f, &msg), ERR_OK);
	assert_int_equal(f.n, 0);
	assert_int_equal(parse(*state, "&&&&", &f, &msg), ERR_OK);
	assert_int_equal(f.n, 0);
	/* an absent query string */
	assert_int_equal(form_parse(*state, NULL, 0, &f, &msg), ERR_OK);
	assert_int_equal(f.n, 0);
}

static void test_empty_name_rejected(void **state)
{
	struct form f;
	const char *msg = NULL;

	assert_int_equal(parse(*state, "=value", &f, &msg), ERR_INVALID);
	assert_non_null(msg);
	assert_int_equal(parse(*state, "a=1&=2", &f, &msg), ERR_INVALID);
}

static void assert_bad(struct arena *a, const char *s)
{
	struct form f;
	const char *msg = NULL;

	if (parse(a, s, &f, &msg) != ERR_INVALID)
		fail_msg("accepted %s", s);
	assert_non_null(msg);
}

static void test_bad_escapes(void **state)
{
	assert_bad(*state, "a=%");
	assert_bad(*state, "a=%4");
	assert_bad(*state, "a=%zz");
	assert_bad(*state, "a=%4g");
	assert_bad(*state, "a=%g4");
	assert_bad(*state, "a=x%");
	assert_bad(*state, "a=%%41");
	assert_bad(*state, "a=%-1");
	assert_bad(*state, "a=% 1");
	assert_bad(*state, "%=1");
	assert_bad(*state, "k%4=1");
	assert_bad(*state, "ok=1&a=%4"); /* last field, escape cut at the end */
	assert_bad(*state, "a=%4&b=1"); /* escape cut by '&' */
}

static void test_nul_rejected(void **state)
{
	struct form f;
	const char *msg = NULL;
	static const char raw[] = "a=x\0y";

	assert_bad(*state, "a=%00");
	assert_bad(*state, "a=x%00y");
	assert_bad(*state, "%00=1");
	/* a raw NUL byte inside the body */
	assert_int_equal(form_parse(*state, raw, sizeof(raw) - 1, &f, &msg),
			 ERR_INVALID);
}

static void test_other_bytes_pass(void **state)
{
	struct form f;
	const char *msg;
	const char *v;

	/* control bytes and invalid UTF-8 are the validators' business */
	assert_int_equal(parse(*state, "a=%01%1B%7F%FF%0D%0A", &f, &msg), ERR_OK);
	v = form_get(&f, "a");
	assert_memory_equal(v, "\x01\x1b\x7f\xff\r\n", 7);
}

static void test_length_bounded(void **state)
{
	struct form f;
	const char *msg;
	const char *s = "a=1&b=2";

	/* only len bytes are read */
	assert_int_equal(form_parse(*state, s, 3, &f, &msg), ERR_OK);
	assert_int_equal(f.n, 1);
	assert_string_equal(form_get(&f, "a"), "1");
	assert_int_equal(form_parse(*state, "a=%41", 4, &f, &msg), ERR_INVALID);
}

static char *repeat_fields(size_t n)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%sf%zu=%zu", i ? "&" : "", i, i);
	return buf_detach(&b, NULL);
}

static void test_field_limit(void **state)
{
	struct form f;
	const char *msg = NULL;
	char *s = repeat_fields(FORM_MAX_FIELDS);

	assert_int_equal(parse(*state, s, &f, &msg), ERR_OK);
	assert_int_equal(f.n, FORM_MAX_FIELDS);
	assert_string_equal(form_get(&f, "f63"), "63");
	free(s);
	s = repeat_fields(FORM_MAX_FIELDS + 1);
	assert_int_equal(parse(*state, s, &f, &msg), ERR_TOO_LARGE);
	assert_non_null(msg);
	free(s);
	s = repeat_fields(10000);
	assert_int_equal(parse(*state, s, &f, &msg), ERR_TOO_LARGE);
	free(s);
}

static void test_empty_pairs_do_not_count(void **state)
{
	struct buf b;
	struct form f;
	const char *msg;
	char *s;

	buf_init(&b, 0);
	for (size_t i = 0; i < FORM_MAX_FIELDS; i++)
		buf_addf(&b, "x=%zu&&&&", i);
	s = buf_detach(&b, NULL);
	assert_int_equal(parse(*state, s, &f, &msg), ERR_OK);
	assert_int_equal(f.n, FORM_MAX_FIELDS);
	free(s);
}

static void test_key_limit(void **state)
{
	struct buf b;
	struct form f;
	const char *msg = NULL;

	buf_init(&b, 0);
	for (int i = 0; i < FORM_MAX_KEY; i++)
		buf_addc(&b, 'k');
	buf_adds(&b, "=v");
	assert_int_equal(parse(*state, buf_str(&b), &f, &msg), ERR_OK);
	assert_int_equal(f.n, 1);
	buf_reset(&b);
	for (int i = 0; i < FORM_MAX_KEY + 1; i++)
		buf_addc(&b, 'k');
	buf_adds(&b, "=v");
	assert_int_equal(parse(*state, buf_str(&b), &f, &msg), ERR_INVALID);
	assert_non_null(msg);
	/* the limit is on the decoded name: 64 x %41 is 64 bytes, fine */
	buf_reset(&b);
	for (int i = 0; i < FORM_MAX_KEY; i++)
		buf_adds(&b, "%41");
	buf_adds(&b, "=v");
	assert_int_equal(parse(*state, buf_str(&b), &f, &msg), ERR_OK);
	assert_int_equal(strlen(f.fields[0].key), FORM_MAX_KEY);
	buf_adds(&b, "&");
	for (int i = 0; i < FORM_MAX_KEY + 1; i++)
		buf_adds(&b, "%41");
	assert_int_equal(parse(*state, buf_str(&b), &f, &msg), ERR_INVALID);
	/* a name of 100,000 bytes without '=' */
	buf_reset(&b);
	for (int i = 0; i < 100000; i++)
		buf_addc(&b, 'k');
	assert_int_equal(parse(*state, buf_str(&b), &f, &msg), ERR_INVALID);
	buf_release(&b);
}

static void test_long_value_ok(void **state)
{
	struct form f;
	const char *msg;
	char *s = xmalloc(200003);

	memcpy(s, "t=", 2);
	memset(s + 2, 'x', 200000);
	s[200002] = '\0';
	assert_int_equal(parse(*state, s, &f, &msg), ERR_OK);
	assert_int_equal(strlen(form_get(&f, "t")), 200000);
	free(s);
}

static void test_get_first_and_count(void **state)
{
	struct form f;
	const char *msg;

	assert_int_equal(parse(*state, "c=1&d=x&c=2&c=3&C=4", &f, &msg), ERR_OK);
	assert_string_equal(form_get(&f, "c"), "1");
	assert_int_equal(form_count(&f, "c"), 3);
	assert_int_equal(form_count(&f, "C"), 1);
	assert_int_equal(form_count(&f, "d"), 1);
	assert_int_equal(form_count(&f, "e"), 0);
	/* an encoded name is the same name */
	assert_int_equal(parse(*state, "%63=1&c=2", &f, &msg), ERR_OK);
	assert_int_equal(form_count(&f, "c"), 2);
	assert_string_equal(form_get(&f, "c"), "1");
}

static void test_decode_direct(void **state)
{
	struct arena *a = *state;

	assert_string_equal(form_decode(a, "a+b%20c", 7, 1), "a b c");
	assert_string_equal(form_decode(a, "a+b%20c", 7, 0), "a+b c");
	assert_string_equal(form_decode(a, "", 0, 1), "");
	assert_string_equal(form_decode(a, "%2f%2F", 6, 0), "//");
	assert_null(form_decode(a, "%", 1, 0));
	assert_null(form_decode(a, "%0", 2, 0));
	assert_null(form_decode(a, "%00", 3, 0));
	assert_null(form_decode(a, "%0g", 3, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pairs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_with_equals_and_empty_value,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_pairs_skipped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_empty_name_rejected, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_bytes_pass, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_length_bounded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_field_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_pairs_do_not_count,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_value_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_first_and_count, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_decode_direct, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
