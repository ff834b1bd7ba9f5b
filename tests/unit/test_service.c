/* test_service: the rules of a service on the social map
 * (domain/service.c) and of a telephone number (domain/phone.c): each
 * field at its edges, normalisation, and one error per field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/phone.h"
#include "domain/service.h"

struct fx {
	struct arena ar;
	struct service_input in;
	struct service_fields out;
	struct field_errors errs;
};

static int setup(void **state)
{
	static struct fx f;

	memset(&f, 0, sizeof(f));
	arena_init(&f.ar);
	f.in.name = "Buurtkamer";
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	arena_clear(&f->ar);
	return 0;
}

static size_t check(struct fx *f)
{
	memset(&f->errs, 0, sizeof(f->errs));
	return service_validate(&f->ar, &f->in, &f->out, &f->errs);
}

static const char *error_of(struct fx *f, const char *field)
{
	for (size_t i = 0; i < f->errs.n; i++)
		if (strcmp(f->errs.e[i].field, field) == 0)
			return f->errs.e[i].msgid;
	return NULL;
}

static void test_minimal(void **state)
{
	struct fx *f = *state;

	assert_int_equal(check(f), 0);
	assert_string_equal(f->out.name, "Buurtkamer");
	assert_string_equal(f->out.status, "active");
	assert_string_equal(f->out.languages, "nl");
	assert_int_equal(f->out.norm_days, -1);
	assert_null(f->out.cost);
	assert_null(f->out.postal_code);
}

static void test_name(void **state)
{
	struct fx *f = *state;
	char big[202];

	f->in.name = NULL;
	assert_int_equal(check(f), 1);
	assert_string_equal(error_of(f, "name"), "is verplicht");
	f->in.name = "X";
	assert_int_equal(check(f), 1); /* at least 2 characters */
	memset(big, 'a', 201);
	big[201] = '\0';
	f->in.name = big;
	assert_int_equal(check(f), 1);
	f->in.name = "  Buurtkamer  \n";
	assert_int_equal(check(f), 1); /* one line */
	f->in.name = "  Buurtkamer  ";
	assert_int_equal(check(f), 0);
	assert_string_equal(f->out.name, "Buurtkamer");
}

static void test_lists(void **state)
{
	struct fx *f = *state;

	f->in.cost = "eigen bijdrage";
	f->in.status = "temporarily closed";
	assert_int_equal(check(f), 0);
	f->in.cost = "Gratis"; /* exactly as listed */
	f->in.status = "closed";
	assert_int_equal(check(f), 2);
	assert_non_null(error_of(f, "cost"));
	assert_non_null(error_of(f, "status"));
}

static void test_languages(void **state)
{
	struct fx *f = *state;

	f->in.languages = "NL, en;ar  tr";
	assert_int_equal(check(f), 0);
	assert_string_equal(f->out.languages, "nl en ar tr");
	f->in.languages = "nederlands";
	assert_int_equal(check(f), 1);
	f->in.languages = "n1";
	assert_int_equal(check(f), 1);
	f->in.languages = "aa ab ac ad ae af ag ah ai aj ak al am an ao ap aq ar as at au";
	assert_int_equal(check(f), 1); /* 21 > SERVICE_MAX_LANGS */
	f->in.languages = " ,; ";
	assert_int_equal(check(f), 0);
	assert_string_equal(f->out.languages, "nl");
}

static void test_norm_days(void **state)
{
	struct fx *f = *state;

	f->in.norm_days = "0";
	assert_int_equal(check(f), 0);
	assert_int_equal(f->out.norm_days, 0);
	f->in.norm_days = "365";
	assert_int_equal(check(f), 0);
	assert_int_equal(f->out.norm_days, 365);
	for (const char *bad[] = {"366", "-1", "+5", " 5", "5 ", "1e2", "abc", "0365",
				  NULL},
	     **b = bad;
	     *b; b++) {
		f->in.norm_days = *b;
		assert_int_equal(check(f), 1);
		assert_int_equal(f->out.norm_days, -1);
	}
}

static void test_contact(void **state)
{
	struct fx *f = *state;
	struct arena *ar = &f->ar;

	f->in.phone = "020 - 123 45 67";
	f->in.email = "info@buurtkamer.nl";
	f->in.url = "https://buurtkamer.example.nl/";
	f->in.postal_code = "1056ab";
	assert_int_equal(check(f), 0);
	assert_string_equal(f->out.postal_code, "1056 AB");
	f->in.url = "javascript:alert(1)";
	f->in.email = "info@buurtkamer";
	f->in.phone = "bel ons";
	f->in.postal_code = "0123 AB";
	assert_int_equal(check(f), 4);
	f->in.url = "https://a.nl/ x";
	f->in.email = NULL;
	f->in.phone = NULL;
	f->in.postal_code = NULL;
	assert_int_equal(check(f), 1);
	assert_string_equal(postcode_normalise(ar, "1234 ab"), "1234 AB");
	assert_null(postcode_normalise(ar, "1234 ABC"));
	assert_null(postcode_normalise(ar, "123 AB"));
	assert_null(postcode_normalise(ar, "1234"));
	assert_null(postcode_normalise(ar, NULL));
}

static void test_phone(void **state)
{
	assert_true(phone_valid("020 123 45 67"));
	assert_true(phone_valid("+31 (0)20-1234567"));
	assert_false(phone_valid("14 020")); /* 5 digits: too few */
	assert_false(phone_valid("12345"));  /* too few digits */
	assert_true(phone_valid("123456"));
	assert_true(phone_valid("123456789012345"));
	assert_false(phone_valid("1234567890123456")); /* 16 */
	assert_false(phone_valid("020 123 45 67 ext 2"));
	assert_false(phone_valid("0612345678/0201234567"));
	assert_false(phone_valid(NULL));
	assert_false(phone_valid("+++++++++++++++++++++++++++++123456")); /* > 32 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_minimal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_languages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_norm_days, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contact, setup, teardown),
		cmocka_unit_test(test_phone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
