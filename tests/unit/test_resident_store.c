/* test_resident_store: store/resident.h on a fresh database per test
 * (db_fixture.h: an SQLite file, or PostgreSQL with WIJKAGENDA_TEST_PG):
 * signals found by contact e-mail (any case,
 * never once anonymised), changing and anonymising one signal's contact
 * row, one signal by id and its contact data, and the signals of an
 * account's organisations (by membership or an API key's organisation),
 * newest first, in pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/util.h"
#include "store/accounts.h"
#include "store/resident.h"
#include "store/store.h"

#include "db_fixture.h"

#define MUNI "GM0363"
#define ME "bewoner@example.org"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena arena;
	int64_t centrum, oost; /* organisations (stadsdeel) */
};

static void put_area(struct fixture *f, enum area_level level,
		     const char *code, const char *name, const char *parent)
{
	struct area_rec a;

	memset(&a, 0, sizeof(a));
	a.level = level;
	a.code = (char *)code;
	a.name = (char *)name;
	a.parent_code = (char *)parent;
	assert_int_equal(store_area_put(f->db, MUNI, &a), ERR_OK);
}

static int64_t org_new(struct fixture *f, const char *name, const char *area)
{
	struct org_row o;
	char *codes[1] = {(char *)area};
	int64_t id = 0;

	memset(&o, 0, sizeof(o));
	o.municipality = MUNI;
	o.name = (char *)name;
	o.kind = "stadsdeel";
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_OK);
	assert_int_equal(store_org_set_areas(f->db, id, MUNI, codes, 1), ERR_OK);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "resident", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->arena);
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	put_area(f, AREA_GEMEENTE, MUNI, "Amsterdam", NULL);
	put_area(f, AREA_STADSDEEL, "A", "Centrum", MUNI);
	put_area(f, AREA_STADSDEEL, "M", "Oost", MUNI);
	put_area(f, AREA_WIJK, "AA", "Haarlemmerbuurt", "A");
	put_area(f, AREA_WIJK, "MA", "Weesperzijde", "M");
	put_area(f, AREA_BUURT, "AA01", "Planciusbuurt", "AA");
	put_area(f, AREA_BUURT, "MA01", "Noord", "MA");
	f->centrum = org_new(f, "Stadsdeel Centrum", "A");
	f->oost = org_new(f, "Stadsdeel Oost", "M");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_fixture_close(&f->fx, f->db);
	arena_clear(&f->arena);
	free(f);
	return 0;
}

/* A signal in buurt AA01 (Centrum) or MA01 (Oost) with this contact
 * e-mail (NULL: none); returns its id. */
static int64_t signal_new(struct fixture *f, const char *buurt,
			  const char *email, const char *phone)
{
	static int seq;
	struct signal_input in;
	struct signal_new s;
	struct signal_row row;
	bool replayed;
	char key[32];

	memset(&in, 0, sizeof(in));
	in.kind = "melding";
	in.text = "Losse stoeptegel";
	in.buurt = buurt;
	in.email = email;
	in.phone = phone;
	in.age_band = email ? "30-44" : NULL;
	memset(&s, 0, sizeof(s));
	s.municipality = MUNI;
	s.in = &in;
	s.codes[0] = buurt;
	s.codes[1] = buurt[0] == 'A' ? "AA" : "MA";
	s.codes[3] = buurt[0] == 'A' ? "A" : "M";
	snprintf(key, sizeof(key), "k%d", seq++);
	s.dedupe_key = key;
	assert_int_equal(store_signal_create(f->db, &f->arena, &s, &row, &replayed),
			 ERR_OK);
	return row.id;
}

static void test_known_ignores_case_and_anonymised(void **state)
{
	struct fixture *f = *state;
	bool known = true;
	int64_t id;

	assert_int_equal(store_resident_known(f->db, ME, &known), ERR_OK);
	assert_false(known);
	id = signal_new(f, "AA01", "Bewoner@Example.ORG", "0201234567");
	assert_int_equal(store_resident_known(f->db, ME, &known), ERR_OK);
	assert_true(known);
	assert_int_equal(store_resident_known(f->db, "BEWONER@example.org", &known),
			 ERR_OK);
	assert_true(known);
	assert_int_equal(store_resident_known(f->db, "ander@example.org", &known),
			 ERR_OK);
	assert_false(known);
	assert_int_equal(store_contact_anonymise(f->db, id, "2026-01-01T00:00:00.000Z"),
			 ERR_OK);
	assert_int_equal(store_resident_known(f->db, ME, &known), ERR_OK);
	assert_false(known);
}

static void test_signals_newest_first_own_only(void **state)
{
	struct fixture *f = *state;
	struct resident_signal *rs;
	size_t n;
	int64_t a = signal_new(f, "AA01", ME, "0201234567");
	int64_t b = signal_new(f, "MA01", "BEWONER@EXAMPLE.ORG", NULL);

	signal_new(f, "AA01", "ander@example.org", "0207654321");
	signal_new(f, "AA01", NULL, NULL);
	assert_int_equal(store_resident_signals(f->db, &f->arena, MUNI, ME, 10, &rs, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rs[0].signal.id, b);
	assert_int_equal(rs[1].signal.id, a);
	assert_string_equal(rs[0].signal.buurt_code, "MA01");
	assert_non_null(rs[0].signal.token);
	assert_string_equal(rs[0].contact.email, "BEWONER@EXAMPLE.ORG");
	assert_null(rs[0].contact.phone);
	assert_string_equal(rs[1].contact.phone, "0201234567");
	assert_string_equal(rs[1].contact.age_band, "30-44");
	assert_int_equal(rs[1].contact.signal_id, a);
	/* the limit */
	assert_int_equal(store_resident_signals(f->db, &f->arena, MUNI, ME, 1, &rs, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rs[0].signal.id, b);
	/* nobody */
	assert_int_equal(store_resident_signals(f->db, &f->arena, MUNI, "x@example.org",
						10, &rs, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	/* through another municipality's site: none of these */
	assert_int_equal(store_resident_signals(f->db, &f->arena, "GM9999", ME, 10,
						&rs, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
}

static void test_update_and_anonymise(void **state)
{
	struct fixture *f = *state;
	struct contact_row *rows, c;
	size_t n;
	int64_t a = signal_new(f, "AA01", ME, "0201234567");
	int64_t b = signal_new(f, "AA01", ME, NULL);
	int64_t other = signal_new(f, "AA01", "ander@example.org", "0207654321");

	assert_int_equal(store_resident_contacts(f->db, &f->arena, "Bewoner@example.org",
						 &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].signal_id, a);
	assert_int_equal(rows[1].signal_id, b);
	assert_int_equal(store_contact_update(f->db, a, "nieuw@example.org", NULL,
					      "45-64"),
			 ERR_OK);
	assert_int_equal(store_signal_contact(f->db, &f->arena, a, &c), ERR_OK);
	assert_string_equal(c.email, "nieuw@example.org");
	assert_null(c.phone);
	assert_string_equal(c.age_band, "45-64");
	assert_null(c.anonymised_at);
	/* anonymise: e-mail and phone go, the age band stays; once only */
	assert_int_equal(store_contact_anonymise(f->db, b, "2026-02-03T04:05:06.000Z"),
			 ERR_OK);
	assert_int_equal(store_signal_contact(f->db, &f->arena, b, &c), ERR_OK);
	assert_null(c.email);
	assert_null(c.phone);
	assert_string_equal(c.age_band, "30-44");
	assert_string_equal(c.anonymised_at, "2026-02-03T04:05:06.000Z");
	assert_int_equal(store_contact_anonymise(f->db, b, "2027-01-01T00:00:00.000Z"),
			 ERR_NOT_FOUND);
	assert_int_equal(store_contact_update(f->db, b, ME, NULL, NULL), ERR_NOT_FOUND);
	assert_int_equal(store_signal_contact(f->db, &f->arena, b, &c), ERR_OK);
	assert_string_equal(c.anonymised_at, "2026-02-03T04:05:06.000Z");
	/* no contact row at all */
	assert_int_equal(store_contact_update(f->db, 999, ME, NULL, NULL),
			 ERR_NOT_FOUND);
	/* the other resident is untouched */
	assert_int_equal(store_signal_contact(f->db, &f->arena, other, &c), ERR_OK);
	assert_string_equal(c.email, "ander@example.org");
	assert_string_equal(c.phone, "0207654321");
	assert_int_equal(store_resident_contacts(f->db, &f->arena, ME, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
}

static void test_signal_by_id_and_contact(void **state)
{
	struct fixture *f = *state;
	struct signal_row s;
	struct contact_row c;
	int64_t a = signal_new(f, "AA01", ME, "0201234567");
	int64_t bare = signal_new(f, "MA01", NULL, NULL);

	assert_int_equal(store_signal_by_id(f->db, &f->arena, a, &s), ERR_OK);
	assert_int_equal(s.id, a);
	assert_string_equal(s.buurt_code, "AA01");
	assert_string_equal(s.stadsdeel_code, "A");
	assert_string_equal(s.status, "gemeld");
	assert_string_equal(s.body, "Losse stoeptegel");
	assert_int_equal(store_signal_by_id(f->db, &f->arena, 12345, &s),
			 ERR_NOT_FOUND);
	assert_int_equal(store_signal_contact(f->db, &f->arena, a, &c), ERR_OK);
	assert_int_equal(c.signal_id, a);
	assert_string_equal(c.email, ME);
	assert_int_equal(store_signal_contact(f->db, &f->arena, bare, &c),
			 ERR_NOT_FOUND);
	assert_null(c.email);
}

static void test_org_signals(void **state)
{
	struct fixture *f = *state;
	struct signal_row *rows;
	int64_t acc = 0, both = 0, none = 0, c[5], oost;
	size_t n;

	assert_int_equal(store_account_create(f->db, "m@example.org", "", false,
					      false, &acc),
			 ERR_OK);
	assert_int_equal(store_account_create(f->db, "b@example.org", "", false,
					      false, &both),
			 ERR_OK);
	assert_int_equal(store_account_create(f->db, "n@example.org", "", true,
					      false, &none),
			 ERR_OK);
	assert_int_equal(store_membership_put(f->db, acc, f->centrum, "medewerker"),
			 ERR_OK);
	assert_int_equal(store_membership_put(f->db, both, f->centrum, "medewerker"),
			 ERR_OK);
	assert_int_equal(store_membership_put(f->db, both, f->oost, "coordinator"),
			 ERR_OK);
	for (int i = 0; i < 5; i++)
		c[i] = signal_new(f, "AA01", i % 2 ? ME : NULL, NULL);
	oost = signal_new(f, "MA01", NULL, NULL);
	/* the Centrum member: the five, newest first */
	assert_int_equal(store_org_signals(f->db, &f->arena, MUNI, acc, 0, 0, 50, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(rows[i].id, c[4 - i]);
	/* pages: two, then from below the last one */
	assert_int_equal(store_org_signals(f->db, &f->arena, MUNI, acc, 0, 0, 2, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[1].id, c[3]);
	assert_int_equal(store_org_signals(f->db, &f->arena, MUNI, acc, 0, c[3], 2, &rows,
					   &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, c[2]);
	assert_int_equal(rows[1].id, c[1]);
	/* member of both: all six, each once */
	assert_int_equal(store_org_signals(f->db, &f->arena, MUNI, both, 0, 0, 50, &rows,
					   &n),
			 ERR_OK);
	assert_int_equal(n, 6);
	assert_int_equal(rows[0].id, oost);
	/* no membership (the admin): nothing */
	assert_int_equal(store_org_signals(f->db, &f->arena, MUNI, none, 0, 0, 50, &rows,
					   &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	/* an API key of Oost (no account) */
	assert_int_equal(store_org_signals(f->db, &f->arena, MUNI, 0, f->oost, 0, 50, &rows,
					   &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, oost);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_known_ignores_case_and_anonymised),
		T(test_signals_newest_first_own_only),
		T(test_update_and_anonymise),
		T(test_signal_by_id_and_contact),
		T(test_org_signals),
	};

	log_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
