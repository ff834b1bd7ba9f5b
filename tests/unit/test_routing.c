/* test_routing: the rules of a routing rule (domain/routing.c): the form
 * of a category code, each field's check and normalisation, and the
 * guard on deleting the last rule that covers everything. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "domain/routing.h"

static void test_category_form(void **state)
{
	char longest[ROUTING_CATEGORY_MAX + 2];

	assert_true(routing_category_valid("afval"));
	assert_true(routing_category_valid("afval/grofvuil"));
	assert_true(routing_category_valid("wegen-verkeer-straatmeubilair/"
					   "straatverlichting-openbare-klok"));
	assert_true(routing_category_valid("a_1/b-2"));
	assert_false(routing_category_valid(NULL));
	assert_false(routing_category_valid(""));
	assert_false(routing_category_valid("/afval"));
	assert_false(routing_category_valid("afval/"));
	assert_false(routing_category_valid("afval//grofvuil"));
	assert_false(routing_category_valid("a/b/c"));
	assert_false(routing_category_valid("Afval"));
	assert_false(routing_category_valid("afval grofvuil"));
	assert_false(routing_category_valid("afval%"));
	memset(longest, 'a', sizeof(longest));
	longest[ROUTING_CATEGORY_MAX] = '\0';
	assert_true(routing_category_valid(longest));
	longest[ROUTING_CATEGORY_MAX] = 'a';
	longest[ROUTING_CATEGORY_MAX + 1] = '\0';
	assert_false(routing_category_valid(longest));
}

/* The field named in the first error, or "" when none. */
static const char *first_field(const struct field_errors *e)
{
	return e->n ? e->e[0].field : "";
}

static void test_check_fields(void **state)
{
	struct arena ar;
	struct field_errors errs;
	struct routing_input in;

	arena_init(&ar);
	/* the default rule: everything blank */
	memset(&errs, 0, sizeof(errs));
	in = (struct routing_input){"", "", 0, NULL};
	assert_int_equal(routing_check(&ar, &in, &errs), 0);
	assert_null(in.category);
	assert_null(in.area);
	assert_string_equal(in.note, "");
	/* a full rule, the note trimmed */
	in = (struct routing_input){"afval/grofvuil", "E", 12, "  via het buurtteam "};
	assert_int_equal(routing_check(&ar, &in, &errs), 0);
	assert_string_equal(in.category, "afval/grofvuil");
	assert_string_equal(in.area, "E");
	assert_string_equal(in.note, "via het buurtteam");
	/* each bad field named */
	in = (struct routing_input){"Afval!", NULL, 0, NULL};
	assert_int_equal(routing_check(&ar, &in, &errs), 1);
	assert_string_equal(first_field(&errs), "category");
	memset(&errs, 0, sizeof(errs));
	in = (struct routing_input){NULL, "E 1", 0, NULL};
	assert_int_equal(routing_check(&ar, &in, &errs), 1);
	assert_string_equal(first_field(&errs), "area");
	memset(&errs, 0, sizeof(errs));
	in = (struct routing_input){NULL, NULL, -3, NULL};
	assert_int_equal(routing_check(&ar, &in, &errs), 1);
	assert_string_equal(first_field(&errs), "organisation");
	memset(&errs, 0, sizeof(errs));
	in = (struct routing_input){NULL, NULL, 0, "x\001y"};
	assert_int_equal(routing_check(&ar, &in, &errs), 1);
	assert_string_equal(first_field(&errs), "note");
	arena_clear(&ar);
}

static void test_note_length(void **state)
{
	struct arena ar;
	struct field_errors errs;
	struct routing_input in;
	char note[ROUTING_NOTE_MAX + 2];

	arena_init(&ar);
	memset(note, 'n', sizeof(note));
	note[ROUTING_NOTE_MAX] = '\0';
	memset(&errs, 0, sizeof(errs));
	in = (struct routing_input){NULL, NULL, 0, note};
	assert_int_equal(routing_check(&ar, &in, &errs), 0);
	note[ROUTING_NOTE_MAX] = 'n';
	note[ROUTING_NOTE_MAX + 1] = '\0';
	in = (struct routing_input){NULL, NULL, 0, note};
	assert_int_equal(routing_check(&ar, &in, &errs), 1);
	assert_string_equal(first_field(&errs), "note");
	arena_clear(&ar);
}

static void test_last_covering_rule(void **state)
{
	assert_true(routing_covers_all(NULL, NULL));
	assert_true(routing_covers_all("", ""));
	assert_false(routing_covers_all("afval", NULL));
	assert_false(routing_covers_all(NULL, "E"));
	/* the last rule that covers everything: refused, default or not */
	assert_true(routing_delete_leaves_none(NULL, NULL, 1));
	/* another one is left */
	assert_false(routing_delete_leaves_none(NULL, NULL, 2));
	/* a narrower rule never leaves a municipality uncovered */
	assert_false(routing_delete_leaves_none("afval", NULL, 1));
	assert_false(routing_delete_leaves_none(NULL, "E", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_category_form),
		cmocka_unit_test(test_check_fields),
		cmocka_unit_test(test_note_length),
		cmocka_unit_test(test_last_covering_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
