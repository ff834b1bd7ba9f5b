/* test_accounts_store: store/accounts.h on a fresh database per test
 * (db_fixture.h: an SQLite file, or PostgreSQL with WIJKAGENDA_TEST_PG):
 * organisations and their areas, accounts
 * and memberships, sessions, one-time tokens, API keys and the audit log,
 * with the error cases the handlers rely on (duplicates, not found,
 * foreign keys, a token used twice, expiry, revocation, append-only
 * audit, cascades when an organisation goes). */
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
#include "store/store.h"

#include "db_fixture.h"

#define MUNI "GM0363"
#define OTHER "GM0599"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena arena;
};

/* SQL used only to look behind the store's back. */
static const char sql_count_org_areas[] =
	"SELECT COUNT(*) FROM organisation_areas";
static const char sql_count_memberships[] = "SELECT COUNT(*) FROM memberships";
static const char sql_count_api_keys[] = "SELECT COUNT(*) FROM api_keys";
static const char sql_count_tokens[] = "SELECT COUNT(*) FROM tokens";
static const char sql_count_sessions[] = "SELECT COUNT(*) FROM sessions";
static const char sql_count_accounts[] = "SELECT COUNT(*) FROM accounts";
static const char sql_count_orgs[] = "SELECT COUNT(*) FROM organisations";
static const char sql_count_audit[] = "SELECT COUNT(*) FROM audit_log";
static const char sql_key_created_by[] =
	"SELECT COUNT(*) FROM api_keys WHERE created_by IS NULL";
static const char sql_audit_null_actors[] =
	"SELECT COUNT(*) FROM audit_log WHERE actor_account_id IS NULL"
	" AND actor_api_key_id IS NULL";

static int64_t count(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t n = -1;

	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static void put_area(struct fixture *f, const char *muni, enum area_level level,
		     const char *code, const char *name, const char *parent)
{
	struct area_rec a;

	memset(&a, 0, sizeof(a));
	a.level = level;
	a.code = (char *)code;
	a.name = (char *)name;
	a.parent_code = (char *)parent;
	assert_int_equal(store_area_put(f->db, muni, &a), ERR_OK);
}

/* Two municipalities, each with a few areas (the foreign keys of
 * organisations and organisation_areas point at them). */
static void areas_fixture(struct fixture *f)
{
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"),
			 ERR_OK);
	assert_int_equal(store_municipality_put(f->db, OTHER, "Rotterdam"),
			 ERR_OK);
	put_area(f, MUNI, AREA_GEMEENTE, MUNI, "Amsterdam", NULL);
	put_area(f, MUNI, AREA_STADSDEEL, "M", "Oost", MUNI);
	put_area(f, MUNI, AREA_WIJK, "MA", "Weesperzijde", "M");
	put_area(f, MUNI, AREA_BUURT, "MA01", "Noord", "MA");
	put_area(f, MUNI, AREA_BUURT, "MA02", "Zuid", "MA");
	put_area(f, OTHER, AREA_GEMEENTE, OTHER, "Rotterdam", NULL);
	put_area(f, OTHER, AREA_WIJK, "RW", "Rotterdam West", OTHER);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "accounts", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->arena);
	areas_fixture(f);
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

static int64_t org_new(struct fixture *f, const char *muni, const char *name,
		       const char *kind)
{
	struct org_row o;
	int64_t id = 0;

	memset(&o, 0, sizeof(o));
	o.municipality = (char *)muni;
	o.name = (char *)name;
	o.kind = (char *)kind;
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_OK);
	assert_true(id > 0);
	return id;
}

static int64_t account_new(struct fixture *f, const char *email)
{
	int64_t id = 0;

	assert_int_equal(store_account_create(f->db, email, "Naam", false,
					      false, &id),
			 ERR_OK);
	assert_true(id > 0);
	return id;
}

static int64_t key_new(struct fixture *f, int64_t org, const char *prefix,
		       int64_t created_by)
{
	struct apikey_row k;
	int64_t id = 0;

	memset(&k, 0, sizeof(k));
	k.org_id = org;
	k.name = "Koppeling";
	k.prefix = (char *)prefix;
	k.key_hash = "hash-of-secret";
	k.scopes = "signals:read signals:write";
	assert_int_equal(store_apikey_create(f->db, &k, created_by, &id),
			 ERR_OK);
	assert_true(id > 0);
	return id;
}

/* --- organisations --------------------------------------------------- */

static void test_org_create_get_list(void **state)
{
	struct fixture *f = *state;
	struct org_row o, *rows;
	size_t n = 99;
	int64_t a, b;

	memset(&o, 0, sizeof(o));
	o.municipality = MUNI;
	o.name = "Ymere";
	o.kind = "woningcorporatie";
	o.kvk = "12345678";
	o.is_demo = true;
	assert_int_equal(store_org_create(f->db, &o, &a), ERR_OK);
	b = org_new(f, MUNI, "Dynamo", "welzijn");
	org_new(f, OTHER, "Woonstad", "woningcorporatie");
	assert_true(b > a);

	assert_int_equal(store_org_get(f->db, &f->arena, a, &o), ERR_OK);
	assert_int_equal(o.id, a);
	assert_string_equal(o.municipality, MUNI);
	assert_string_equal(o.name, "Ymere");
	assert_string_equal(o.kind, "woningcorporatie");
	assert_string_equal(o.kvk, "12345678");
	assert_true(o.is_demo);
	assert_int_equal(strlen(o.created_at), 24);
	assert_string_equal(o.created_at, o.updated_at);
	assert_int_equal(o.nareas, 0);
	assert_int_equal(store_org_get(f->db, &f->arena, b, &o), ERR_OK);
	assert_null(o.kvk);
	assert_false(o.is_demo);
	assert_int_equal(store_org_get(f->db, &f->arena, b + 100, &o),
			 ERR_NOT_FOUND);

	/* by name, this municipality only */
	assert_int_equal(store_org_list(f->db, &f->arena, MUNI, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].name, "Dynamo");
	assert_int_equal(rows[0].id, b);
	assert_string_equal(rows[1].name, "Ymere");
	assert_string_equal(rows[1].kvk, "12345678");
	assert_int_equal(store_org_list(f->db, &f->arena, "GM0000", &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
}

static void test_org_create_conflicts(void **state)
{
	struct fixture *f = *state;
	struct org_row o;
	int64_t id = 0;

	org_new(f, MUNI, "Dynamo", "welzijn");
	memset(&o, 0, sizeof(o));
	o.municipality = MUNI;
	o.name = "Dynamo";
	o.kind = "zorg";
	/* duplicate (municipality, name) */
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_CONFLICT);
	/* the same name elsewhere is another organisation */
	o.municipality = OTHER;
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_OK);
	/* unknown municipality (foreign key), unknown kind, bad kvk (CHECK) */
	o.name = "Elders";
	o.municipality = "GM9999";
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_CONFLICT);
	o.municipality = MUNI;
	o.kind = "bank";
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_CONFLICT);
	o.kind = "overig";
	o.kvk = "123";
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_CONFLICT);
	assert_int_equal(count(f->db, sql_count_orgs), 2);
}

static void test_org_update(void **state)
{
	struct fixture *f = *state;
	int64_t a = org_new(f, MUNI, "Dynamo", "welzijn");
	int64_t b = org_new(f, MUNI, "Ymere", "woningcorporatie");
	struct org_row o, got;

	assert_int_equal(store_org_get(f->db, &f->arena, a, &o), ERR_OK);
	o.name = "Dynamo Jongerenwerk";
	o.kind = "onderwijs";
	o.kvk = "87654321";
	o.municipality = OTHER; /* not updated: an organisation stays put */
	o.is_demo = true;	/* nor this */
	assert_int_equal(store_org_update(f->db, &o), ERR_OK);
	assert_int_equal(store_org_get(f->db, &f->arena, a, &got), ERR_OK);
	assert_string_equal(got.name, "Dynamo Jongerenwerk");
	assert_string_equal(got.kind, "onderwijs");
	assert_string_equal(got.kvk, "87654321");
	assert_string_equal(got.municipality, MUNI);
	assert_false(got.is_demo);
	assert_string_equal(got.created_at, o.created_at);
	assert_true(strcmp(got.updated_at, got.created_at) >= 0);
	/* clearing the kvk */
	o.kvk = NULL;
	assert_int_equal(store_org_update(f->db, &o), ERR_OK);
	assert_int_equal(store_org_get(f->db, &f->arena, a, &got), ERR_OK);
	assert_null(got.kvk);
	/* renaming onto another organisation's name */
	o.id = b;
	assert_int_equal(store_org_update(f->db, &o), ERR_CONFLICT);
	assert_int_equal(store_org_get(f->db, &f->arena, b, &got), ERR_OK);
	assert_string_equal(got.name, "Ymere");
	/* unknown id */
	o.id = b + 100;
	o.name = "Nieuw";
	assert_int_equal(store_org_update(f->db, &o), ERR_NOT_FOUND);
}

static void test_org_delete(void **state)
{
	struct fixture *f = *state;
	int64_t a = org_new(f, MUNI, "Dynamo", "welzijn");
	int64_t b = org_new(f, MUNI, "Ymere", "woningcorporatie");
	struct org_row o;

	assert_int_equal(store_org_delete(f->db, a), ERR_OK);
	assert_int_equal(store_org_get(f->db, &f->arena, a, &o), ERR_NOT_FOUND);
	assert_int_equal(store_org_delete(f->db, a), ERR_NOT_FOUND);
	assert_int_equal(store_org_delete(f->db, b + 100), ERR_NOT_FOUND);
	assert_int_equal(store_org_get(f->db, &f->arena, b, &o), ERR_OK);
}

static void test_org_set_areas(void **state)
{
	struct fixture *f = *state;
	int64_t a = org_new(f, MUNI, "Dynamo", "welzijn");
	int64_t b = org_new(f, MUNI, "Ymere", "woningcorporatie");
	char *first[] = {"MA02", "M", "MA01"};
	char *second[] = {"MA"};
	struct org_row o, *rows;
	size_t n;

	assert_int_equal(store_org_set_areas(f->db, a, MUNI, first, 3), ERR_OK);
	assert_int_equal(store_org_set_areas(f->db, b, MUNI, second, 1),
			 ERR_OK);
	assert_int_equal(store_org_get(f->db, &f->arena, a, &o), ERR_OK);
	assert_int_equal(o.nareas, 3);
	assert_string_equal(o.areas[0], "M"); /* sorted by code */
	assert_string_equal(o.areas[1], "MA01");
	assert_string_equal(o.areas[2], "MA02");
	/* lists stay cheap: no areas */
	assert_int_equal(store_org_list(f->db, &f->arena, MUNI, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].nareas, 0);
	assert_null(rows[0].areas);

	/* replaced, not added; the other organisation untouched */
	assert_int_equal(store_org_set_areas(f->db, a, MUNI, second, 1),
			 ERR_OK);
	assert_int_equal(store_org_get(f->db, &f->arena, a, &o), ERR_OK);
	assert_int_equal(o.nareas, 1);
	assert_string_equal(o.areas[0], "MA");
	assert_int_equal(store_org_get(f->db, &f->arena, b, &o), ERR_OK);
	assert_int_equal(o.nareas, 1);
	/* none */
	assert_int_equal(store_org_set_areas(f->db, b, MUNI, NULL, 0), ERR_OK);
	assert_int_equal(store_org_get(f->db, &f->arena, b, &o), ERR_OK);
	assert_int_equal(o.nareas, 0);
	assert_int_equal(count(f->db, sql_count_org_areas), 1);
}

static void test_org_set_areas_unknown_area(void **state)
{
	struct fixture *f = *state;
	int64_t a = org_new(f, MUNI, "Dynamo", "welzijn");
	char *good[] = {"MA01", "MA02"};
	char *bad[] = {"M", "XX99"};
	char *elsewhere[] = {"RW"}; /* an area of Rotterdam */
	struct org_row o;

	assert_int_equal(store_org_set_areas(f->db, a, MUNI, good, 2), ERR_OK);
	/* as a caller does it: in a transaction, rolled back on error */
	assert_int_equal(db_begin_write(f->db), ERR_OK);
	assert_int_equal(store_org_set_areas(f->db, a, MUNI, bad, 2),
			 ERR_CONFLICT);
	db_rollback(f->db);
	assert_int_equal(store_org_get(f->db, &f->arena, a, &o), ERR_OK);
	assert_int_equal(o.nareas, 2);
	assert_string_equal(o.areas[0], "MA01");

	assert_int_equal(db_begin_write(f->db), ERR_OK);
	assert_int_equal(store_org_set_areas(f->db, a, MUNI, elsewhere, 1),
			 ERR_CONFLICT);
	db_rollback(f->db);
	/* nor through the other municipality's name: the organisation is
	 * not there */
	assert_int_equal(store_org_set_areas(f->db, a, OTHER, elsewhere, 1),
			 ERR_NOT_FOUND);
	assert_int_equal(store_org_set_areas(f->db, a + 100, MUNI, good, 2),
			 ERR_NOT_FOUND);
	assert_int_equal(store_org_get(f->db, &f->arena, a, &o), ERR_OK);
	assert_int_equal(o.nareas, 2);
	/* a code is case-sensitive, like the areas table */
	good[0] = "ma01";
	assert_int_equal(db_begin_write(f->db), ERR_OK);
	assert_int_equal(store_org_set_areas(f->db, a, MUNI, good, 1),
			 ERR_CONFLICT);
	db_rollback(f->db);
	assert_int_equal(count(f->db, sql_count_org_areas), 2);
}

static void test_org_delete_cascades(void **state)
{
	struct fixture *f = *state;
	int64_t a = org_new(f, MUNI, "Dynamo", "welzijn");
	int64_t b = org_new(f, MUNI, "Ymere", "woningcorporatie");
	int64_t u = account_new(f, "jan@example.org");
	char *codes[] = {"MA", "MA01"};
	struct token_row t;
	struct account_row acc;

	assert_int_equal(store_org_set_areas(f->db, a, MUNI, codes, 2), ERR_OK);
	assert_int_equal(store_org_set_areas(f->db, b, MUNI, codes, 1), ERR_OK);
	assert_int_equal(store_membership_put(f->db, u, a, "coordinator"),
			 ERR_OK);
	assert_int_equal(store_membership_put(f->db, u, b, "medewerker"),
			 ERR_OK);
	key_new(f, a, "wa_aaaa", u);
	key_new(f, a, "wa_bbbb", 0);
	key_new(f, b, "wa_cccc", u);
	memset(&t, 0, sizeof(t));
	t.token_hash = "invite-hash";
	t.kind = "invite";
	t.email = "nieuw@example.org";
	t.org_id = a;
	t.role = "medewerker";
	t.expires_at = "2099-01-01T00:00:00.000Z";
	assert_int_equal(store_token_create(f->db, &t), ERR_OK);

	assert_int_equal(store_org_delete(f->db, a), ERR_OK);
	assert_int_equal(count(f->db, sql_count_org_areas), 1);
	assert_int_equal(count(f->db, sql_count_memberships), 1);
	assert_int_equal(count(f->db, sql_count_api_keys), 1);
	assert_int_equal(count(f->db, sql_count_tokens), 0);
	/* the person stays, with the other membership */
	assert_int_equal(store_account_by_id(f->db, &f->arena, u, &acc),
			 ERR_OK);
	assert_int_equal(store_account_memberships(f->db, &f->arena, &acc),
			 ERR_OK);
	assert_int_equal(acc.nmemberships, 1);
	assert_int_equal(acc.memberships[0].org_id, b);
}

/* --- accounts and memberships ---------------------------------------- */

static void test_account_create_and_read(void **state)
{
	struct fixture *f = *state;
	struct account_row a;
	int64_t id, admin, anon;

	id = account_new(f, "jan@example.org");
	assert_int_equal(store_account_create(f->db, "beheer@example.org",
					      "Beheer", true, true, &admin),
			 ERR_OK);
	assert_int_equal(store_account_create(f->db, "anoniem@example.org",
					      NULL, false, false, &anon),
			 ERR_OK);
	assert_true(admin > id);

	assert_int_equal(store_account_by_email(f->db, &f->arena,
						"jan@example.org", &a),
			 ERR_OK);
	assert_int_equal(a.id, id);
	assert_string_equal(a.email, "jan@example.org");
	assert_string_equal(a.name, "Naam");
	assert_null(a.password_hash); /* until set */
	assert_null(a.disabled_at);
	assert_int_equal(strlen(a.created_at), 24);
	assert_false(a.is_admin);
	assert_false(a.is_demo);
	assert_null(a.memberships);
	assert_int_equal(a.nmemberships, 0);
	assert_int_equal(store_account_by_id(f->db, &f->arena, admin, &a),
			 ERR_OK);
	assert_string_equal(a.email, "beheer@example.org");
	assert_true(a.is_admin);
	assert_true(a.is_demo);
	assert_int_equal(store_account_by_id(f->db, &f->arena, anon, &a),
			 ERR_OK);
	assert_string_equal(a.name, ""); /* NULL name: empty */

	/* stored as given: the caller lower-cases */
	assert_int_equal(store_account_by_email(f->db, &f->arena,
						"Jan@example.org", &a),
			 ERR_NOT_FOUND);
	assert_int_equal(store_account_by_id(f->db, &f->arena, admin + 100,
					     &a),
			 ERR_NOT_FOUND);
	assert_int_equal(store_account_create(f->db, "jan@example.org", "Ander",
					      false, false, &anon),
			 ERR_CONFLICT);
	assert_int_equal(count(f->db, sql_count_accounts), 3);
}

static void test_account_set_password(void **state)
{
	struct fixture *f = *state;
	int64_t id = account_new(f, "jan@example.org");
	struct account_row a;

	assert_int_equal(store_account_set_password(f->db, id,
						    "$argon2id$v=19$first"),
			 ERR_OK);
	assert_int_equal(store_account_by_id(f->db, &f->arena, id, &a), ERR_OK);
	assert_string_equal(a.password_hash, "$argon2id$v=19$first");
	assert_int_equal(store_account_set_password(f->db, id,
						    "$argon2id$v=19$second"),
			 ERR_OK);
	assert_int_equal(store_account_by_email(f->db, &f->arena,
						"jan@example.org", &a),
			 ERR_OK);
	assert_string_equal(a.password_hash, "$argon2id$v=19$second");
	assert_int_equal(store_account_set_password(f->db, id + 1, "x"),
			 ERR_NOT_FOUND);
}

static void test_memberships(void **state)
{
	struct fixture *f = *state;
	int64_t ymere = org_new(f, MUNI, "Ymere", "woningcorporatie");
	int64_t dynamo = org_new(f, MUNI, "Dynamo", "welzijn");
	int64_t ggd = org_new(f, MUNI, "GGD", "zorg");
	int64_t u = account_new(f, "jan@example.org");
	struct account_row a;

	assert_int_equal(store_membership_put(f->db, u, ymere, "medewerker"),
			 ERR_OK);
	assert_int_equal(store_membership_put(f->db, u, dynamo, "coordinator"),
			 ERR_OK);
	assert_int_equal(store_account_by_id(f->db, &f->arena, u, &a), ERR_OK);
	assert_int_equal(store_account_memberships(f->db, &f->arena, &a),
			 ERR_OK);
	assert_int_equal(a.nmemberships, 2);
	assert_int_equal(a.memberships[0].org_id, dynamo); /* by name */
	assert_string_equal(a.memberships[0].org_name, "Dynamo");
	assert_string_equal(a.memberships[0].role, "coordinator");
	assert_int_equal(a.memberships[1].org_id, ymere);
	assert_string_equal(a.memberships[1].role, "medewerker");

	/* upsert: the role changes, no second row */
	assert_int_equal(store_membership_put(f->db, u, ymere, "coordinator"),
			 ERR_OK);
	assert_int_equal(store_account_memberships(f->db, &f->arena, &a),
			 ERR_OK);
	assert_int_equal(a.nmemberships, 2);
	assert_string_equal(a.memberships[1].role, "coordinator");
	assert_int_equal(count(f->db, sql_count_memberships), 2);

	/* unknown role (CHECK), organisation or account (foreign keys) */
	assert_int_equal(store_membership_put(f->db, u, ggd, "eigenaar"),
			 ERR_CONFLICT);
	assert_int_equal(store_membership_put(f->db, u, ggd + 100,
					      "medewerker"),
			 ERR_CONFLICT);
	assert_int_equal(store_membership_put(f->db, u + 100, ggd,
					      "medewerker"),
			 ERR_CONFLICT);
	assert_int_equal(count(f->db, sql_count_memberships), 2);

	assert_int_equal(store_membership_delete(f->db, u, dynamo), ERR_OK);
	assert_int_equal(store_membership_delete(f->db, u, dynamo),
			 ERR_NOT_FOUND);
	assert_int_equal(store_membership_delete(f->db, u, ggd), ERR_NOT_FOUND);
	assert_int_equal(store_account_memberships(f->db, &f->arena, &a),
			 ERR_OK);
	assert_int_equal(a.nmemberships, 1);
	assert_string_equal(a.memberships[0].org_name, "Ymere");
	/* an account without memberships */
	assert_int_equal(store_membership_delete(f->db, u, ymere), ERR_OK);
	assert_int_equal(store_account_memberships(f->db, &f->arena, &a),
			 ERR_OK);
	assert_int_equal(a.nmemberships, 0);
}

static void test_org_members(void **state)
{
	struct fixture *f = *state;
	int64_t a = org_new(f, MUNI, "Dynamo", "welzijn");
	int64_t b = org_new(f, MUNI, "Ymere", "woningcorporatie");
	int64_t piet = account_new(f, "piet@example.org");
	int64_t anna = account_new(f, "anna@example.org");
	int64_t kees = account_new(f, "kees@example.org");
	struct account_row *rows;
	size_t n = 99;

	assert_int_equal(store_membership_put(f->db, piet, a, "medewerker"),
			 ERR_OK);
	assert_int_equal(store_membership_put(f->db, anna, b, "medewerker"),
			 ERR_OK);
	assert_int_equal(store_membership_put(f->db, anna, a, "coordinator"),
			 ERR_OK);
	assert_int_equal(store_membership_put(f->db, kees, b, "coordinator"),
			 ERR_OK);

	assert_int_equal(store_org_members(f->db, &f->arena, a, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, anna); /* by e-mail */
	assert_string_equal(rows[0].email, "anna@example.org");
	assert_string_equal(rows[0].name, "Naam");
	assert_int_equal(rows[0].nmemberships, 1); /* this one only */
	assert_int_equal(rows[0].memberships[0].org_id, a);
	assert_string_equal(rows[0].memberships[0].org_name, "Dynamo");
	assert_string_equal(rows[0].memberships[0].role, "coordinator");
	assert_int_equal(rows[1].id, piet);
	assert_string_equal(rows[1].memberships[0].role, "medewerker");

	assert_int_equal(store_org_members(f->db, &f->arena, b, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].email, "anna@example.org");
	assert_string_equal(rows[0].memberships[0].role, "medewerker");
	assert_string_equal(rows[0].memberships[0].org_name, "Ymere");
	assert_int_equal(rows[1].id, kees);

	assert_int_equal(store_org_members(f->db, &f->arena, b + 100, &rows,
					   &n),
			 ERR_OK);
	assert_int_equal(n, 0);
}

/* --- sessions -------------------------------------------------------- */

static void session_init(struct session_row *s, const char *hash,
			 int64_t account, const char *resident)
{
	memset(s, 0, sizeof(*s));
	s->token_hash = (char *)hash;
	s->account_id = account;
	s->resident_email = (char *)resident;
	s->csrf = "csrf-token";
	s->created_at = "2026-03-01T10:00:00.000Z";
	s->last_seen_at = "2026-03-01T10:00:00.000Z";
	s->expires_at = "2026-03-01T22:00:00.000Z";
}

static void test_session_lifecycle(void **state)
{
	struct fixture *f = *state;
	int64_t u = account_new(f, "jan@example.org");
	struct session_row s, got;

	session_init(&s, "hash-pro", u, NULL);
	assert_int_equal(store_session_create(f->db, &s), ERR_OK);
	session_init(&s, "hash-res", 0, "bewoner@example.org");
	assert_int_equal(store_session_create(f->db, &s), ERR_OK);

	assert_int_equal(store_session_get(f->db, &f->arena, "hash-pro", &got),
			 ERR_OK);
	assert_string_equal(got.token_hash, "hash-pro");
	assert_int_equal(got.account_id, u);
	assert_null(got.resident_email);
	assert_string_equal(got.csrf, "csrf-token");
	assert_string_equal(got.created_at, "2026-03-01T10:00:00.000Z");
	assert_string_equal(got.last_seen_at, "2026-03-01T10:00:00.000Z");
	assert_string_equal(got.expires_at, "2026-03-01T22:00:00.000Z");
	assert_int_equal(store_session_get(f->db, &f->arena, "hash-res", &got),
			 ERR_OK);
	assert_int_equal(got.account_id, 0);
	assert_string_equal(got.resident_email, "bewoner@example.org");
	/* long expired, still returned: the caller checks the times */
	assert_true(strcmp(got.expires_at, "2026-03-02") < 0);
	assert_int_equal(store_session_get(f->db, &f->arena, "nope", &got),
			 ERR_NOT_FOUND);

	assert_int_equal(store_session_touch(f->db, "hash-pro",
					     "2026-03-01T11:30:00.000Z"),
			 ERR_OK);
	assert_int_equal(store_session_get(f->db, &f->arena, "hash-pro", &got),
			 ERR_OK);
	assert_string_equal(got.last_seen_at, "2026-03-01T11:30:00.000Z");
	assert_string_equal(got.created_at, "2026-03-01T10:00:00.000Z");
	assert_int_equal(store_session_touch(f->db, "nope",
					     "2026-03-01T11:30:00.000Z"),
			 ERR_NOT_FOUND);

	assert_int_equal(store_session_delete(f->db, "hash-pro"), ERR_OK);
	assert_int_equal(store_session_get(f->db, &f->arena, "hash-pro", &got),
			 ERR_NOT_FOUND);
	assert_int_equal(store_session_delete(f->db, "hash-pro"),
			 ERR_NOT_FOUND);
	assert_int_equal(count(f->db, sql_count_sessions), 1);
}

static void test_session_conflicts(void **state)
{
	struct fixture *f = *state;
	int64_t u = account_new(f, "jan@example.org");
	struct session_row s;

	session_init(&s, "hash", u, NULL);
	assert_int_equal(store_session_create(f->db, &s), ERR_OK);
	assert_int_equal(store_session_create(f->db, &s), ERR_CONFLICT);
	/* exactly one of account and resident (CHECK) */
	session_init(&s, "both", u, "bewoner@example.org");
	assert_int_equal(store_session_create(f->db, &s), ERR_CONFLICT);
	session_init(&s, "neither", 0, NULL);
	assert_int_equal(store_session_create(f->db, &s), ERR_CONFLICT);
	/* unknown account (foreign key) */
	session_init(&s, "ghost", u + 100, NULL);
	assert_int_equal(store_session_create(f->db, &s), ERR_CONFLICT);
	assert_int_equal(count(f->db, sql_count_sessions), 1);
}

static void test_sessions_delete_account(void **state)
{
	struct fixture *f = *state;
	int64_t u = account_new(f, "jan@example.org");
	int64_t v = account_new(f, "piet@example.org");
	struct session_row s;

	session_init(&s, "u1", u, NULL);
	assert_int_equal(store_session_create(f->db, &s), ERR_OK);
	session_init(&s, "u2", u, NULL);
	assert_int_equal(store_session_create(f->db, &s), ERR_OK);
	session_init(&s, "v1", v, NULL);
	assert_int_equal(store_session_create(f->db, &s), ERR_OK);
	session_init(&s, "r1", 0, "bewoner@example.org");
	assert_int_equal(store_session_create(f->db, &s), ERR_OK);

	assert_int_equal(store_sessions_delete_account(f->db, u), ERR_OK);
	assert_int_equal(count(f->db, sql_count_sessions), 2);
	assert_int_equal(store_session_get(f->db, &f->arena, "v1", &s), ERR_OK);
	/* none left: still fine */
	assert_int_equal(store_sessions_delete_account(f->db, u), ERR_OK);
	/* 0 is "a resident": their sessions are not an account's */
	assert_int_equal(store_sessions_delete_account(f->db, 0), ERR_OK);
	assert_int_equal(count(f->db, sql_count_sessions), 2);
}

static void test_sessions_expire(void **state)
{
	struct fixture *f = *state;
	int64_t u = account_new(f, "jan@example.org");
	struct session_row s;

	/* fresh: created 10:00, seen 11:50, expires 22:00 */
	session_init(&s, "fresh", u, NULL);
	s.last_seen_at = "2026-03-01T11:50:00.000Z";
	assert_int_equal(store_session_create(f->db, &s), ERR_OK);
	/* idle: seen last at 10:00 */
	session_init(&s, "idle", u, NULL);
	assert_int_equal(store_session_create(f->db, &s), ERR_OK);
	/* busy but past its absolute expiry of 11:00 */
	session_init(&s, "old", 0, "bewoner@example.org");
	s.last_seen_at = "2026-03-01T11:59:00.000Z";
	s.expires_at = "2026-03-01T11:00:00.000Z";
	assert_int_equal(store_session_create(f->db, &s), ERR_OK);
	/* exactly at the limits: kept (strictly before only) */
	session_init(&s, "edge", u, NULL);
	s.last_seen_at = "2026-03-01T11:30:00.000Z";
	s.expires_at = "2026-03-01T12:00:00.000Z";
	assert_int_equal(store_session_create(f->db, &s), ERR_OK);

	/* now 12:00, idle limit 30 minutes */
	assert_int_equal(store_sessions_expire(f->db,
					       "2026-03-01T12:00:00.000Z",
					       "2026-03-01T11:30:00.000Z"),
			 ERR_OK);
	assert_int_equal(count(f->db, sql_count_sessions), 2);
	assert_int_equal(store_session_get(f->db, &f->arena, "fresh", &s),
			 ERR_OK);
	assert_int_equal(store_session_get(f->db, &f->arena, "edge", &s),
			 ERR_OK);
	assert_int_equal(store_session_get(f->db, &f->arena, "idle", &s),
			 ERR_NOT_FOUND);
	assert_int_equal(store_session_get(f->db, &f->arena, "old", &s),
			 ERR_NOT_FOUND);
	/* nothing to do: still ERR_OK */
	assert_int_equal(store_sessions_expire(f->db,
					       "2026-03-01T12:00:00.000Z",
					       "2026-03-01T11:30:00.000Z"),
			 ERR_OK);
	assert_int_equal(count(f->db, sql_count_sessions), 2);
}

/* --- one-time tokens ------------------------------------------------- */

static void tok_init(struct token_row *t, const char *hash, const char *kind,
		       const char *expires)
{
	memset(t, 0, sizeof(*t));
	t->token_hash = (char *)hash;
	t->kind = (char *)kind;
	t->email = "jan@example.org";
	t->created_at = "2026-03-01T10:00:00.000Z";
	t->expires_at = (char *)expires;
}

static void test_token_create_get(void **state)
{
	struct fixture *f = *state;
	int64_t org = org_new(f, MUNI, "Dynamo", "welzijn");
	int64_t u = account_new(f, "jan@example.org");
	struct token_row t, got;

	tok_init(&t, "invite", "invite", "2026-03-08T10:00:00.000Z");
	t.org_id = org;
	t.role = "coordinator";
	assert_int_equal(store_token_create(f->db, &t), ERR_OK);
	tok_init(&t, "reset", "password", "2026-03-01T11:00:00.000Z");
	t.account_id = u;
	t.used_at = "2026-03-01T10:01:00.000Z"; /* ignored: new is unused */
	assert_int_equal(store_token_create(f->db, &t), ERR_OK);

	assert_int_equal(store_token_get(f->db, &f->arena, "invite", &got),
			 ERR_OK);
	assert_string_equal(got.token_hash, "invite");
	assert_string_equal(got.kind, "invite");
	assert_string_equal(got.email, "jan@example.org");
	assert_int_equal(got.org_id, org);
	assert_int_equal(got.account_id, 0);
	assert_string_equal(got.role, "coordinator");
	assert_string_equal(got.created_at, "2026-03-01T10:00:00.000Z");
	assert_string_equal(got.expires_at, "2026-03-08T10:00:00.000Z");
	assert_null(got.used_at);
	assert_int_equal(store_token_get(f->db, &f->arena, "reset", &got),
			 ERR_OK);
	assert_int_equal(got.account_id, u);
	assert_int_equal(got.org_id, 0);
	assert_null(got.role);
	assert_null(got.used_at);
	assert_int_equal(store_token_get(f->db, &f->arena, "nope", &got),
			 ERR_NOT_FOUND);

	/* duplicate hash, unknown kind (CHECK), unknown account (FK) */
	assert_int_equal(store_token_create(f->db, &t), ERR_CONFLICT);
	tok_init(&t, "other", "login", "2026-03-01T11:00:00.000Z");
	assert_int_equal(store_token_create(f->db, &t), ERR_CONFLICT);
	tok_init(&t, "other", "magic", "2026-03-01T11:00:00.000Z");
	t.account_id = u + 100;
	assert_int_equal(store_token_create(f->db, &t), ERR_CONFLICT);
	assert_int_equal(count(f->db, sql_count_tokens), 2);
}

static void test_token_used_once(void **state)
{
	struct fixture *f = *state;
	struct token_row t, got;

	tok_init(&t, "magic", "magic", "2026-03-01T10:15:00.000Z");
	assert_int_equal(store_token_create(f->db, &t), ERR_OK);
	assert_int_equal(store_token_use(f->db, "magic",
					 "2026-03-01T10:05:00.000Z"),
			 ERR_OK);
	/* the second use loses, and the first time stays */
	assert_int_equal(store_token_use(f->db, "magic",
					 "2026-03-01T10:06:00.000Z"),
			 ERR_CONFLICT);
	assert_int_equal(store_token_get(f->db, &f->arena, "magic", &got),
			 ERR_OK);
	assert_string_equal(got.used_at, "2026-03-01T10:05:00.000Z");
	/* an unknown (or already expired and deleted) token */
	assert_int_equal(store_token_use(f->db, "nope",
					 "2026-03-01T10:06:00.000Z"),
			 ERR_CONFLICT);
}

static void test_tokens_expire(void **state)
{
	struct fixture *f = *state;
	struct token_row t;

	tok_init(&t, "valid", "magic", "2026-03-01T12:15:00.000Z");
	assert_int_equal(store_token_create(f->db, &t), ERR_OK);
	tok_init(&t, "valid-used", "magic", "2026-03-01T12:15:00.000Z");
	assert_int_equal(store_token_create(f->db, &t), ERR_OK);
	assert_int_equal(store_token_use(f->db, "valid-used",
					 "2026-03-01T12:01:00.000Z"),
			 ERR_OK);
	tok_init(&t, "expired", "password", "2026-03-01T11:00:00.000Z");
	assert_int_equal(store_token_create(f->db, &t), ERR_OK);
	tok_init(&t, "expired-used", "invite", "2026-03-01T11:00:00.000Z");
	assert_int_equal(store_token_create(f->db, &t), ERR_OK);
	assert_int_equal(store_token_use(f->db, "expired-used",
					 "2026-03-01T10:30:00.000Z"),
			 ERR_OK);
	tok_init(&t, "edge", "magic", "2026-03-01T12:00:00.000Z");
	assert_int_equal(store_token_create(f->db, &t), ERR_OK);

	assert_int_equal(store_tokens_expire(f->db, "2026-03-01T12:00:00.000Z"),
			 ERR_OK);
	assert_int_equal(count(f->db, sql_count_tokens), 3);
	assert_int_equal(store_token_get(f->db, &f->arena, "valid", &t),
			 ERR_OK);
	assert_int_equal(store_token_get(f->db, &f->arena, "valid-used", &t),
			 ERR_OK);
	assert_int_equal(store_token_get(f->db, &f->arena, "edge", &t), ERR_OK);
	assert_int_equal(store_token_get(f->db, &f->arena, "expired", &t),
			 ERR_NOT_FOUND);
	assert_int_equal(store_token_get(f->db, &f->arena, "expired-used", &t),
			 ERR_NOT_FOUND);
	/* a use after expiry found nothing to use */
	assert_int_equal(store_token_use(f->db, "expired",
					 "2026-03-01T12:00:01.000Z"),
			 ERR_CONFLICT);
}

/* --- API keys -------------------------------------------------------- */

static void test_apikey_create_and_read(void **state)
{
	struct fixture *f = *state;
	int64_t org = org_new(f, MUNI, "Dynamo", "welzijn");
	int64_t other = org_new(f, MUNI, "Ymere", "woningcorporatie");
	int64_t u = account_new(f, "jan@example.org");
	int64_t k1, k2;
	struct apikey_row k, *rows;
	size_t n = 99;

	k1 = key_new(f, org, "wa_live_aaaa", u);
	k2 = key_new(f, org, "wa_live_bbbb", 0);
	key_new(f, other, "wa_live_cccc", u);
	assert_true(k2 > k1);
	assert_int_equal(count(f->db, sql_key_created_by), 1);

	assert_int_equal(store_apikey_by_prefix(f->db, &f->arena,
						"wa_live_aaaa", &k),
			 ERR_OK);
	assert_int_equal(k.id, k1);
	assert_int_equal(k.org_id, org);
	assert_string_equal(k.name, "Koppeling");
	assert_string_equal(k.prefix, "wa_live_aaaa");
	assert_string_equal(k.key_hash, "hash-of-secret");
	assert_string_equal(k.scopes, "signals:read signals:write");
	assert_int_equal(strlen(k.created_at), 24);
	assert_null(k.last_used_at);
	assert_null(k.revoked_at);
	assert_int_equal(store_apikey_by_prefix(f->db, &f->arena, "wa_live_",
						&k),
			 ERR_NOT_FOUND);

	assert_int_equal(store_apikey_list(f->db, &f->arena, org, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, k1);
	assert_int_equal(rows[1].id, k2);
	assert_string_equal(rows[1].prefix, "wa_live_bbbb");
	assert_int_equal(store_apikey_list(f->db, &f->arena, other + 100,
					   &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);

	/* prefix unique across organisations; unknown organisation */
	memset(&k, 0, sizeof(k));
	k.org_id = other;
	k.name = "Dubbel";
	k.prefix = "wa_live_aaaa";
	k.key_hash = "h";
	k.scopes = "";
	assert_int_equal(store_apikey_create(f->db, &k, u, &k1), ERR_CONFLICT);
	k.prefix = "wa_live_dddd";
	k.org_id = other + 100;
	assert_int_equal(store_apikey_create(f->db, &k, u, &k1), ERR_CONFLICT);
	assert_int_equal(count(f->db, sql_count_api_keys), 3);
}

static void test_apikey_touch_and_revoke(void **state)
{
	struct fixture *f = *state;
	int64_t org = org_new(f, MUNI, "Dynamo", "welzijn");
	int64_t other = org_new(f, MUNI, "Ymere", "woningcorporatie");
	int64_t id = key_new(f, org, "wa_live_aaaa", 0);
	struct apikey_row k, *rows;
	size_t n;

	assert_int_equal(store_apikey_touch(f->db, id,
					    "2026-03-01T10:00:00.000Z"),
			 ERR_OK);
	assert_int_equal(store_apikey_touch(f->db, id + 100,
					    "2026-03-01T10:00:00.000Z"),
			 ERR_NOT_FOUND);
	/* another organisation's key is not found */
	assert_int_equal(store_apikey_revoke(f->db, other, id,
					     "2026-03-01T11:00:00.000Z"),
			 ERR_NOT_FOUND);
	assert_int_equal(store_apikey_revoke(f->db, org, id + 100,
					     "2026-03-01T11:00:00.000Z"),
			 ERR_NOT_FOUND);
	assert_int_equal(store_apikey_revoke(f->db, org, id,
					     "2026-03-01T11:00:00.000Z"),
			 ERR_OK);
	/* twice: not found, and the first time stays */
	assert_int_equal(store_apikey_revoke(f->db, org, id,
					     "2026-03-01T12:00:00.000Z"),
			 ERR_NOT_FOUND);
	/* still found by prefix: the caller refuses it */
	assert_int_equal(store_apikey_by_prefix(f->db, &f->arena,
						"wa_live_aaaa", &k),
			 ERR_OK);
	assert_string_equal(k.revoked_at, "2026-03-01T11:00:00.000Z");
	assert_string_equal(k.last_used_at, "2026-03-01T10:00:00.000Z");
	assert_int_equal(store_apikey_list(f->db, &f->arena, org, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_non_null(rows[0].revoked_at);
}

/* --- audit log ------------------------------------------------------- */

static void audit(struct fixture *f, const char *entity, const char *id,
		  const char *action, const char *detail)
{
	struct audit_entry e;

	memset(&e, 0, sizeof(e));
	e.actor_account_id = 7;
	e.actor_label = "jan@example.org";
	e.action = action;
	e.entity = entity;
	e.entity_id = id;
	e.detail = detail;
	assert_int_equal(store_audit_add(f->db, &e), ERR_OK);
}

static void test_audit_add_and_list(void **state)
{
	struct fixture *f = *state;
	struct audit_entry e;
	struct audit_row *rows;
	size_t n = 99;
	char now[32];

	assert_int_equal(store_audit_list(f->db, &f->arena, NULL, NULL, 0, 50,
					  &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);

	store_now(now, sizeof(now));
	audit(f, "organisation", "1", "create", "{\"name\":\"Dynamo\"}");
	audit(f, "organisation", "1", "update", NULL);
	audit(f, "account", "3", "login", NULL);
	audit(f, "organisation", "2", "create", NULL);
	memset(&e, 0, sizeof(e));
	e.actor_label = "wa_live_aaaa";
	e.actor_api_key_id = 4;
	e.action = "contact_view";
	e.entity = "signal";
	e.entity_id = "11";
	assert_int_equal(store_audit_add(f->db, &e), ERR_OK);
	memset(&e, 0, sizeof(e));
	e.actor_label = "system";
	e.action = "expire";
	e.entity = "sessions";
	e.entity_id = "";
	assert_int_equal(store_audit_add(f->db, &e), ERR_OK);
	assert_int_equal(count(f->db, sql_audit_null_actors), 1);

	assert_int_equal(store_audit_list(f->db, &f->arena, NULL, NULL, 0, 50,
					  &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 6);
	for (size_t i = 1; i < n; i++)
		assert_true(rows[i].id < rows[i - 1].id); /* newest first */
	assert_string_equal(rows[0].action, "expire");
	assert_string_equal(rows[1].actor_label, "wa_live_aaaa");
	assert_string_equal(rows[1].entity, "signal");
	assert_string_equal(rows[1].entity_id, "11");
	assert_string_equal(rows[5].detail, "{\"name\":\"Dynamo\"}");
	assert_string_equal(rows[4].detail, "{}"); /* NULL detail */
	assert_true(strcmp(rows[5].at, now) >= 0); /* at is now */
	assert_int_equal(strlen(rows[5].at), 24);

	/* one kind of record; one record */
	assert_int_equal(store_audit_list(f->db, &f->arena, "organisation",
					  NULL, 0, 50, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].entity_id, "2");
	assert_int_equal(store_audit_list(f->db, &f->arena, "organisation",
					  "1", 0, 50, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].action, "update");
	assert_string_equal(rows[1].action, "create");
	assert_int_equal(store_audit_list(f->db, &f->arena, "organisation",
					  "9", 0, 50, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
	/* entity_id without entity: everything */
	assert_int_equal(store_audit_list(f->db, &f->arena, NULL, "1", 0, 50,
					  &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 6);

	/* a missing actor label is refused (NOT NULL) */
	memset(&e, 0, sizeof(e));
	e.action = "x";
	e.entity = "x";
	e.entity_id = "x";
	assert_int_equal(store_audit_add(f->db, &e), ERR_CONFLICT);
	assert_int_equal(count(f->db, sql_count_audit), 6);
}

static void test_audit_paging_and_limit(void **state)
{
	struct fixture *f = *state;
	struct audit_row *rows;
	size_t n, seen = 0;
	int64_t before = 0, last = INT64_MAX;
	char id[16];

	assert_int_equal(db_begin_write(f->db), ERR_OK);
	for (int i = 1; i <= 520; i++) {
		snprintf(id, sizeof(id), "%d", i);
		audit(f, i % 2 ? "odd" : "even", id, "create", NULL);
	}
	assert_int_equal(db_commit(f->db), ERR_OK);

	/* limit clamped to 1..500 */
	assert_int_equal(store_audit_list(f->db, &f->arena, NULL, NULL, 0, 0,
					  &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].entity_id, "520");
	assert_int_equal(store_audit_list(f->db, &f->arena, NULL, NULL, 0, -5,
					  &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_audit_list(f->db, &f->arena, NULL, NULL, 0,
					  100000, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 500);
	assert_string_equal(rows[499].entity_id, "21");

	/* pages of 7 through one entity, each starting before the last id */
	do {
		assert_int_equal(store_audit_list(f->db, &f->arena, "odd", NULL,
						  before, 7, &rows, &n),
				 ERR_OK);
		assert_true(n <= 7);
		for (size_t i = 0; i < n; i++) {
			assert_string_equal(rows[i].entity, "odd");
			assert_true(rows[i].id < last);
			last = rows[i].id;
		}
		seen += n;
		if (n)
			before = rows[n - 1].id;
	} while (n == 7);
	assert_int_equal(seen, 260);
	assert_string_equal(rows[n - 1].entity_id, "1");
	/* one record, paged */
	assert_int_equal(store_audit_list(f->db, &f->arena, "even", "2", before,
					  10, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0); /* before the oldest odd: "2" is newer */
	assert_int_equal(store_audit_list(f->db, &f->arena, "even", "2", 0, 10,
					  &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_audit_list(f->db, &f->arena, "even", "2",
					  rows[0].id, 10, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 0);
}

static void test_audit_append_only(void **state)
{
	struct fixture *f = *state;
	struct audit_row *rows;
	size_t n;
	char msg[256] = "";

	audit(f, "organisation", "1", "create", "{\"a\":1}");
	audit(f, "organisation", "1", "delete", NULL);
	assert_int_not_equal(db_exec(f->db,
				     "UPDATE audit_log SET action = 'nothing'",
				     msg, sizeof(msg)),
			     ERR_OK);
	assert_non_null(strstr(msg, "append-only"));
	msg[0] = '\0';
	assert_int_not_equal(db_exec(f->db,
				     "UPDATE audit_log SET detail = '{}'"
				     " WHERE action = 'create'",
				     msg, sizeof(msg)),
			     ERR_OK);
	assert_non_null(strstr(msg, "append-only"));
	msg[0] = '\0';
	assert_int_not_equal(db_exec(f->db, "DELETE FROM audit_log", msg,
				     sizeof(msg)),
			     ERR_OK);
	assert_non_null(strstr(msg, "append-only"));
	msg[0] = '\0';
	assert_int_not_equal(db_exec(f->db,
				     "DELETE FROM audit_log WHERE id = 1", msg,
				     sizeof(msg)),
			     ERR_OK);
	assert_non_null(strstr(msg, "append-only"));

	assert_int_equal(store_audit_list(f->db, &f->arena, NULL, NULL, 0, 10,
					  &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].action, "delete");
	assert_string_equal(rows[1].action, "create");
	assert_string_equal(rows[1].detail, "{\"a\":1}");
}

/* --- transactions ---------------------------------------------------- */

/* The store's writes run inside the caller's transaction (none opens its
 * own, which would fail inside BEGIN): a change and its audit entry
 * commit or roll back together. */
static void test_writes_join_callers_transaction(void **state)
{
	struct fixture *f = *state;
	struct org_row o;
	char *codes[] = {"MA01"};
	int64_t id = 0, u = 0;

	memset(&o, 0, sizeof(o));
	o.municipality = MUNI;
	o.name = "Dynamo";
	o.kind = "welzijn";
	assert_int_equal(db_begin_write(f->db), ERR_OK);
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_OK);
	assert_int_equal(store_org_set_areas(f->db, id, MUNI, codes, 1),
			 ERR_OK);
	assert_int_equal(store_account_create(f->db, "jan@example.org", "Jan",
					      false, false, &u),
			 ERR_OK);
	assert_int_equal(store_membership_put(f->db, u, id, "coordinator"),
			 ERR_OK);
	audit(f, "organisation", "1", "create", NULL);
	db_rollback(f->db);
	assert_int_equal(count(f->db, sql_count_orgs), 0);
	assert_int_equal(count(f->db, sql_count_org_areas), 0);
	assert_int_equal(count(f->db, sql_count_accounts), 0);
	assert_int_equal(count(f->db, sql_count_memberships), 0);
	assert_int_equal(count(f->db, sql_count_audit), 0);

	assert_int_equal(db_begin_write(f->db), ERR_OK);
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_OK);
	audit(f, "organisation", "1", "create", NULL);
	assert_int_equal(db_commit(f->db), ERR_OK);
	assert_int_equal(count(f->db, sql_count_orgs), 1);
	assert_int_equal(count(f->db, sql_count_audit), 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_org_create_get_list),
		T(test_org_create_conflicts),
		T(test_org_update),
		T(test_org_delete),
		T(test_org_set_areas),
		T(test_org_set_areas_unknown_area),
		T(test_org_delete_cascades),
		T(test_account_create_and_read),
		T(test_account_set_password),
		T(test_memberships),
		T(test_org_members),
		T(test_session_lifecycle),
		T(test_session_conflicts),
		T(test_sessions_delete_account),
		T(test_sessions_expire),
		T(test_token_create_get),
		T(test_token_used_once),
		T(test_tokens_expire),
		T(test_apikey_create_and_read),
		T(test_apikey_touch_and_revoke),
		T(test_audit_add_and_list),
		T(test_audit_paging_and_limit),
		T(test_audit_append_only),
		T(test_writes_join_callers_transaction),
	};

	log_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
