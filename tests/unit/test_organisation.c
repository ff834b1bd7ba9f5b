/* test_organisation: the rules of an organisation (domain/organisation.c)
 * and the store's hold on its name (store/organisation.c, migration 009), on
 * SQLite and on PostgreSQL: kinds, KvK numbers, the case-folded name key
 * and the UNIQUE index on it, and the filling of keys for organisations
 * that were there before. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"
#include "domain/organisation.h"
#include "store/accounts.h"

static void test_kinds(void **state)
{
	assert_true(org_kind_known("gemeente"));
	assert_true(org_kind_known("overig"));
	assert_false(org_kind_known("Gemeente"));
	assert_false(org_kind_known(""));
	assert_false(org_kind_known(NULL));
	assert_string_equal(org_kind_label("woningcorporatie"), "Woningcorporatie");
	assert_null(org_kind_label("bank"));
	/* residents read another label for a few (the social map) */
	assert_string_equal(org_kind_public_label("welzijn"), "Welzijnsorganisatie");
	assert_string_equal(org_kind_public_label("overig"), "Organisatie");
	assert_string_equal(org_kind_public_label("politie"), "Politie");
	assert_null(org_kind_public_label("bank"));
	assert_null(org_kind_public_label(NULL));
	for (size_t i = 0; i < ORG_KINDS; i++) {
		assert_non_null(org_kinds[i].label);
		assert_non_null(org_kinds[i].public_label);
	}
	assert_true(org_kind_responsible("stadsdeel"));
	assert_false(org_kind_responsible("welzijn"));
	for (size_t i = 0; i < ORG_KINDS; i++)
		for (size_t j = i + 1; j < ORG_KINDS; j++)
			assert_string_not_equal(org_kinds[i].value, org_kinds[j].value);
}

static void test_kvk(void **state)
{
	struct arena ar;
	const char *out;

	arena_init(&ar);
	assert_true(org_kvk_valid("12345678"));
	assert_false(org_kvk_valid("1234567"));
	assert_false(org_kvk_valid("123456789"));
	assert_false(org_kvk_valid("1234 678"));
	assert_false(org_kvk_valid(NULL));
	assert_null(org_kvk_check(&ar, NULL, &out));
	assert_null(out);
	assert_null(org_kvk_check(&ar, " \t ", &out)); /* blank: none */
	assert_null(out);
	assert_null(org_kvk_check(&ar, " 12345678\t", &out));
	assert_string_equal(out, "12345678");
	assert_non_null(org_kvk_check(&ar, "1234 5678", &out));
	assert_null(out);
	assert_non_null(org_kvk_check(&ar, "KvK 12345678", &out));
	assert_non_null(org_kvk_check(&ar, "１２３４５６７８", &out)); /* wide */
	arena_clear(&ar);
}

static void test_name_key(void **state)
{
	struct arena ar;

	arena_init(&ar);
	assert_string_equal(org_name_key(&ar, "BUURTTEAM OOST"),
			    org_name_key(&ar, "Buurtteam Oost"));
	/* composed and decomposed é are one name */
	assert_string_equal(org_name_key(&ar, "Caf\xc3\xa9 De Hoek"),
			    org_name_key(&ar, "CAFE\xcc\x81 de hoek"));
	/* ß folds to ss */
	assert_string_equal(org_name_key(&ar, "Stra\xc3\x9f" "e"),
			    org_name_key(&ar, "STRASSE"));
	assert_string_not_equal(org_name_key(&ar, "Buurtteam Oost"),
				org_name_key(&ar, "Buurtteam West"));
	/* not UTF-8: its own key, and no crash */
	assert_string_equal(org_name_key(&ar, "\xff\xfe"), "\xff\xfe");
	arena_clear(&ar);
}

struct fixture {
	struct db_fixture fx;
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "org", &f->db) != 0 ||
	    store_municipality_put(f->db, "GM0363", "Amsterdam") != ERR_OK) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_fixture_close(&f->fx, f->db);
	free(f);
	return 0;
}

static enum err create(struct db *db, const char *name, int64_t *id)
{
	struct org_row o;

	memset(&o, 0, sizeof(o));
	o.municipality = "GM0363";
	o.name = (char *)name;
	o.kind = "overig";
	return store_org_create(db, &o, id);
}

static void test_store_unique_ignoring_case(void **state)
{
	struct fixture *f = *state;
	struct arena ar;
	struct org_row o;
	int64_t a = 0, b = 0, c = 0;

	assert_int_equal(create(f->db, "Buurtteam Oost", &a), ERR_OK);
	assert_int_equal(create(f->db, "BUURTTEAM OOST", &b), ERR_CONFLICT);
	assert_int_equal(create(f->db, "Buurtteam West", &c), ERR_OK);
	/* renaming into another's name, ignoring case, is refused too */
	arena_init(&ar);
	assert_int_equal(store_org_get(f->db, &ar, c, &o), ERR_OK);
	o.name = "buurtteam oost";
	assert_int_equal(store_org_update(f->db, &o), ERR_CONFLICT);
	/* and renaming one's own case is fine */
	assert_int_equal(store_org_get(f->db, &ar, a, &o), ERR_OK);
	o.name = "BUURTTEAM Oost";
	assert_int_equal(store_org_update(f->db, &o), ERR_OK);
	arena_clear(&ar);
}

/* Organisations from before migration 009 have no key yet; two whose
 * names differ in case only get keys apart, not a failed start. */
static void test_store_keys_filled(void **state)
{
	struct fixture *f = *state;
	int64_t a = 0, b = 0, c = 0;
	char msg[256];

	assert_int_equal(create(f->db, "Wijkcentrum", &a), ERR_OK);
	assert_int_equal(create(f->db, "Welzijn Noord", &b), ERR_OK);
	assert_int_equal(create(f->db, "Huiskamer", &c), ERR_OK);
	assert_int_equal(db_exec(f->db, "UPDATE organisations SET name_key = NULL;"
				 "UPDATE organisations SET name = 'WELZIJN NOORD'"
				 " WHERE name = 'Huiskamer';",
				 msg, sizeof(msg)),
			 ERR_OK);
	assert_int_equal(store_org_keys_fill(f->db), ERR_OK);
	/* all have a key now, and a new "welzijn noord" is refused */
	assert_int_equal(create(f->db, "welzijn noord", &c), ERR_CONFLICT);
	assert_int_equal(create(f->db, "WIJKCENTRUM", &c), ERR_CONFLICT);
	assert_int_equal(store_org_keys_fill(f->db), ERR_OK); /* nothing left */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_kvk),
		cmocka_unit_test(test_name_key),
		cmocka_unit_test_setup_teardown(test_store_unique_ignoring_case,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_keys_filled, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
