/* test_authz: the authorisation table (domain/authz.c) against an
 * expectation written out here, cell by cell, from the issue text rather
 * than from the table: every action x (beheerder or not) x relation to
 * the record's organisation.  A change to the table must change this
 * file too, on purpose. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "domain/authz.h"

#define T true
#define F false

/* For each action: may a non-admin with relation none, medewerker,
 * coordinator; then the same three for the beheerder. */
static const struct {
	enum authz_action action;
	const char *name;
	bool user[3], admin[3];
} want[] = {
	/* public routes: anyone, account or not */
	{AZ_PUBLIC, "public", {T, T, T}, {T, T, T}},
	/* the route checks the resident session itself */
	{AZ_RESIDENT, "resident", {T, T, T}, {T, T, T}},
	/* any professional: members of some organisation, and the admin */
	{AZ_PROFESSIONAL, "professional", {F, T, T}, {T, T, T}},
	/* the whole list of organisations: the admin only */
	{AZ_ORG_LIST, "organisation.list", {F, F, F}, {T, T, T}},
	{AZ_ORG_CREATE, "organisation.create", {F, F, F}, {T, T, T}},
	/* coordinators keep their own organisation's data */
	{AZ_ORG_UPDATE, "organisation.update", {F, F, T}, {T, T, T}},
	{AZ_ORG_DELETE, "organisation.delete", {F, F, F}, {T, T, T}},
	/* colleagues see each other */
	{AZ_MEMBER_LIST, "member.list", {F, T, T}, {T, T, T}},
	/* coordinators manage members and keys; the admin everywhere */
	{AZ_MEMBER_INVITE, "member.invite", {F, F, T}, {T, T, T}},
	{AZ_MEMBER_UPDATE, "member.update", {F, F, T}, {T, T, T}},
	{AZ_MEMBER_REMOVE, "member.remove", {F, F, T}, {T, T, T}},
	{AZ_APIKEY_MANAGE, "apikey.manage", {F, F, T}, {T, T, T}},
	{AZ_AUDIT_READ, "audit.read", {F, F, F}, {T, T, T}},
	/* signals of involved organisations: their members only; being the
	 * admin gives nothing here (privacy before convenience) */
	{AZ_SIGNAL_WORK, "signal.work", {F, T, T}, {F, T, T}},
	{AZ_SIGNAL_CONTACT, "signal.contact", {F, T, T}, {F, T, T}},
	/* the beheerder's platform tasks (inventory, bulk import) */
	{AZ_ADMIN, "admin", {F, F, F}, {T, T, T}},
	/* kwesties: members of an organisation in the chain or working on one
	 * of its signals; the beheerder is no party to them */
	{AZ_KWESTIE_MANAGE, "kwestie.manage", {F, T, T}, {F, T, T}},
};

static const enum authz_rel rels[3] = {AZR_NONE, AZR_MEDEWERKER,
				       AZR_COORDINATOR};

static void test_every_action_is_expected(void **state)
{
	(void)state;
	assert_int_equal(sizeof(want) / sizeof(want[0]), AZ_ACTIONS);
	for (size_t i = 0; i < AZ_ACTIONS; i++) {
		assert_int_equal(want[i].action, (enum authz_action)i);
		/* the table is indexed by action */
		assert_int_equal(authz_rules[i].action, (enum authz_action)i);
	}
}

static void test_matrix(void **state)
{
	(void)state;
	for (size_t i = 0; i < AZ_ACTIONS; i++)
		for (int r = 0; r < 3; r++) {
			if (authz_allows(want[i].action, false, rels[r]) !=
			    want[i].user[r])
				fail_msg("%s, member with relation %d: expected %s",
					 want[i].name, r,
					 want[i].user[r] ? "allow" : "deny");
			if (authz_allows(want[i].action, true, rels[r]) !=
			    want[i].admin[r])
				fail_msg("%s, admin with relation %d: expected %s",
					 want[i].name, r,
					 want[i].admin[r] ? "allow" : "deny");
		}
}

static void test_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < AZ_ACTIONS; i++) {
		assert_string_equal(authz_name(want[i].action), want[i].name);
		assert_string_equal(authz_rules[i].name, want[i].name);
		/* the names are unique, and scopes of API keys are these
		 * names separated by spaces: no spaces inside */
		assert_null(strchr(want[i].name, ' '));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(want[i].name, want[j].name);
	}
	assert_string_equal(authz_name(AZ_ACTIONS), "unknown");
	assert_string_equal(authz_name((enum authz_action)-1), "unknown");
}

/* Outside the table nothing is allowed, to anyone. */
static void test_out_of_range(void **state)
{
	(void)state;
	for (int r = 0; r < 3; r++) {
		assert_false(authz_allows(AZ_ACTIONS, true, rels[r]));
		assert_false(authz_allows((enum authz_action)-1, true, rels[r]));
		assert_false(authz_allows((enum authz_action)1000, true, rels[r]));
	}
}

/* More rights never take any away: a coordinator may everything a
 * medewerker may, who may everything nobody may; the admin (where the
 * table lets the admin in) everything a member may. */
static void test_monotone(void **state)
{
	(void)state;
	for (size_t i = 0; i < AZ_ACTIONS; i++)
		for (int admin = 0; admin < 2; admin++) {
			bool none = authz_allows(want[i].action, admin, AZR_NONE);
			bool med = authz_allows(want[i].action, admin, AZR_MEDEWERKER);
			bool coord = authz_allows(want[i].action, admin, AZR_COORDINATOR);

			assert_true(!none || med);
			assert_true(!med || coord);
			if (authz_rules[i].admin)
				assert_true(!coord ||
					    authz_allows(want[i].action, true, AZR_NONE));
		}
}

/* Only the public and resident actions work without an account. */
static void test_needs_account(void **state)
{
	(void)state;
	for (size_t i = 0; i < AZ_ACTIONS; i++)
		assert_int_equal(authz_rules[i].needs_account,
				 i != AZ_PUBLIC && i != AZ_RESIDENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_action_is_expected),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_monotone),
		cmocka_unit_test(test_needs_account),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
