/* test_member: the rules of membership (domain/member.c): roles, and the
 * last coordinator, at its edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/member.h"

static void test_roles(void **state)
{
	assert_true(member_role_valid("medewerker"));
	assert_true(member_role_valid("coordinator"));
	assert_false(member_role_valid("Coordinator"));
	assert_false(member_role_valid("coördinator"));
	assert_false(member_role_valid("beheerder"));
	assert_false(member_role_valid(""));
	assert_false(member_role_valid(NULL));
	assert_string_equal(member_role_label("coordinator"), "coördinator");
	assert_string_equal(member_role_label("medewerker"), "medewerker");
	assert_string_equal(member_role_label(NULL), "medewerker");
}

static void test_last_coordinator(void **state)
{
	/* the last one, demoted or removed by a coordinator: refused */
	assert_true(member_leaves_no_coordinator("coordinator", "medewerker", 1, false));
	assert_true(member_leaves_no_coordinator("coordinator", NULL, 1, false));
	/* by the beheerder: allowed */
	assert_false(member_leaves_no_coordinator("coordinator", NULL, 1, true));
	/* not the last */
	assert_false(member_leaves_no_coordinator("coordinator", NULL, 2, false));
	/* a medewerker, or a coordinator staying one */
	assert_false(member_leaves_no_coordinator("medewerker", NULL, 1, false));
	assert_false(member_leaves_no_coordinator("coordinator", "coordinator", 1, false));
	/* an organisation that has none already loses nothing more */
	assert_false(member_leaves_no_coordinator("medewerker", "medewerker", 0, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_last_coordinator),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
