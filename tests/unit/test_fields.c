/* test_fields: the list of what is wrong with a form's fields
 * (domain/fields.c): one message a field when asked, and the limit of
 * FIELD_MAX_ERRORS.  The text rules are tested with the signal's fields
 * (test_signal.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "domain/fields.h"

static void test_add_keeps_every_message(void **state)
{
	struct field_errors errs = {0};

	field_errors_add(&errs, "name", "a");
	field_errors_add(&errs, "name", "b");
	assert_int_equal(errs.n, 2);
}

static void test_add_first_keeps_the_first_of_a_field(void **state)
{
	struct field_errors errs = {0};

	field_errors_add_first(&errs, "phone", "first");
	field_errors_add_first(&errs, "email", "other field");
	field_errors_add_first(&errs, "phone", "second");
	assert_int_equal(errs.n, 2);
	assert_string_equal(errs.e[0].field, "phone");
	assert_string_equal(errs.e[0].msgid, "first");
	assert_string_equal(errs.e[1].field, "email");
	/* a field is its whole name: "phone2" is another */
	field_errors_add_first(&errs, "phone2", "x");
	field_errors_add_first(&errs, "phon", "y");
	assert_int_equal(errs.n, 4);
}

static void test_past_the_limit_is_dropped(void **state)
{
	struct field_errors errs = {0};
	char names[FIELD_MAX_ERRORS + 2][8];

	for (size_t i = 0; i < FIELD_MAX_ERRORS + 2; i++) {
		snprintf(names[i], sizeof(names[i]), "f%zu", i);
		field_errors_add_first(&errs, names[i], "m");
	}
	assert_int_equal(errs.n, FIELD_MAX_ERRORS);
	assert_string_equal(errs.e[FIELD_MAX_ERRORS - 1].field,
			    names[FIELD_MAX_ERRORS - 1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_keeps_every_message),
		cmocka_unit_test(test_add_first_keeps_the_first_of_a_field),
		cmocka_unit_test(test_past_the_limit_is_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
