/* test_invitations_store: store/invitation.c on a fresh
 * database per test (db_fixture.h: SQLite, or PostgreSQL with
 * WIJKAGENDA_TEST_PG): which invitations are pending (not used, not
 * expired, of this organisation), who sent them, revoking (the token
 * goes, the row with it; twice is ERR_NOT_FOUND; a used or expired one
 * cannot be revoked), and that an organisation or a sender going away
 * does what the schema says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/util.h"
#include "store/accounts.h"
#include "store/store.h"

#include "db_fixture.h"

#define MUNI "GM0363"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena arena;
	int64_t org, other, coor;
	char now[32];
};

/* SQL used only to look behind the store's back. */
static const char sql_count_invitations[] = "SELECT COUNT(*) FROM invitations";
static const char sql_count_tokens[] = "SELECT COUNT(*) FROM tokens";
static const char sql_delete_account[] = "DELETE FROM accounts WHERE id = $1";

static int64_t count(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	int64_t n = -1;

	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static int64_t org_new(struct fixture *f, const char *name)
{
	struct org_row o;
	int64_t id = 0;

	memset(&o, 0, sizeof(o));
	o.municipality = MUNI;
	o.name = (char *)name;
	o.kind = "welzijn";
	assert_int_equal(store_org_create(f->db, &o, &id), ERR_OK);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "invitations", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->arena);
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	f->org = org_new(f, "Buurtwerk");
	f->other = org_new(f, "Welzijn");
	assert_int_equal(store_account_create(f->db, "coor@example.org", "", false,
					      false, &f->coor),
			 ERR_OK);
	store_now(f->now, sizeof(f->now));
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

/* An invitation valid for valid_s seconds (negative: expired). */
static int64_t invite(struct fixture *f, const char *hash, const char *email,
		      int64_t org, int64_t by, int valid_s)
{
	char exp[32];
	struct token_row t;
	int64_t id = 0;

	store_time_ago(exp, sizeof(exp), -valid_s);
	memset(&t, 0, sizeof(t));
	t.token_hash = (char *)hash;
	t.kind = "invite";
	t.email = (char *)email;
	t.org_id = org;
	t.role = "medewerker";
	t.expires_at = exp;
	assert_int_equal(store_token_create(f->db, &t), ERR_OK);
	assert_int_equal(store_invitation_create(f->db, hash, by,
						 by ? "coor@example.org" : "key:abcd1234",
						 &id),
			 ERR_OK);
	assert_true(id > 0);
	return id;
}

static void test_pending(void **state)
{
	struct fixture *f = *state;
	struct invitation_row *rows, one;
	int64_t a, b;
	size_t n;

	a = invite(f, "h-a", "a@example.org", f->org, f->coor, 3600);
	b = invite(f, "h-b", "b@example.org", f->org, 0, 3600);
	invite(f, "h-old", "old@example.org", f->org, f->coor, -10);
	invite(f, "h-used", "used@example.org", f->org, f->coor, 3600);
	invite(f, "h-other", "other@example.org", f->other, f->coor, 3600);
	assert_int_equal(store_token_use(f->db, "h-used", f->now), ERR_OK);

	assert_int_equal(store_invitations_pending(f->db, &f->arena, f->org, f->now,
						   &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, a);
	assert_string_equal(rows[0].email, "a@example.org");
	assert_string_equal(rows[0].role, "medewerker");
	assert_int_equal(rows[0].org_id, f->org);
	assert_int_equal(rows[0].invited_by, f->coor);
	assert_string_equal(rows[0].invited_by_label, "coor@example.org");
	assert_int_equal(rows[1].id, b);
	assert_int_equal(rows[1].invited_by, 0);
	assert_string_equal(rows[1].invited_by_label, "key:abcd1234");

	assert_int_equal(store_invitations_pending_by(f->db, &f->arena, f->org,
						      f->coor, f->now, &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, a);

	assert_int_equal(store_invitation_pending_email(f->db, &f->arena, f->org,
							"b@example.org", f->now, &one),
			 ERR_OK);
	assert_int_equal(one.id, b);
	assert_int_equal(store_invitation_pending_email(f->db, &f->arena, f->org,
							"old@example.org", f->now,
							&one),
			 ERR_NOT_FOUND);
	assert_int_equal(store_invitation_pending_email(f->db, &f->arena, f->other,
							"a@example.org", f->now, &one),
			 ERR_NOT_FOUND);
	assert_int_equal(store_invitation_pending_get(f->db, &f->arena, f->other, a,
						      f->now, &one),
			 ERR_NOT_FOUND);
	assert_int_equal(store_invitation_by_token(f->db, &f->arena, "h-used", &one),
			 ERR_OK);
	assert_string_equal(one.email, "used@example.org");
}

static void test_revoke(void **state)
{
	struct fixture *f = *state;
	struct token_row t;
	int64_t a, old, used;

	a = invite(f, "h-a", "a@example.org", f->org, f->coor, 3600);
	old = invite(f, "h-old", "old@example.org", f->org, f->coor, -10);
	used = invite(f, "h-used", "used@example.org", f->org, f->coor, 3600);
	assert_int_equal(store_token_use(f->db, "h-used", f->now), ERR_OK);

	assert_int_equal(store_invitation_revoke(f->db, a, f->now), ERR_OK);
	assert_int_equal(store_token_get(f->db, &f->arena, "h-a", &t), ERR_NOT_FOUND);
	assert_int_equal(count(f->db, sql_count_invitations), 2);
	assert_int_equal(store_invitation_revoke(f->db, a, f->now), ERR_NOT_FOUND);
	/* used or expired: nothing to revoke, nothing changes */
	assert_int_equal(store_invitation_revoke(f->db, old, f->now), ERR_NOT_FOUND);
	assert_int_equal(store_invitation_revoke(f->db, used, f->now), ERR_NOT_FOUND);
	assert_int_equal(store_invitation_revoke(f->db, 999999, f->now),
			 ERR_NOT_FOUND);
	assert_int_equal(count(f->db, sql_count_tokens), 2);
	/* expiry (retention) takes the row along */
	assert_int_equal(store_tokens_expire(f->db, f->now), ERR_OK);
	assert_int_equal(count(f->db, sql_count_invitations), 1);
}

static void test_sender_and_org_go(void **state)
{
	struct fixture *f = *state;
	struct invitation_row *rows;
	struct db_stmt *st;
	size_t n;

	invite(f, "h-a", "a@example.org", f->org, f->coor, 3600);
	invite(f, "h-b", "b@example.org", f->other, f->coor, 3600);
	st = db_prepare(f->db, sql_delete_account);
	db_bind_int(st, 1, f->coor);
	assert_int_equal(db_run(f->db, st, true), ERR_OK);
	assert_int_equal(store_invitations_pending(f->db, &f->arena, f->org, f->now,
						   &rows, &n),
			 ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].invited_by, 0);
	assert_string_equal(rows[0].invited_by_label, "coor@example.org");
	assert_int_equal(store_org_delete(f->db, f->other), ERR_OK);
	assert_int_equal(count(f->db, sql_count_invitations), 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pending),
		T(test_revoke),
		T(test_sender_and_org_go),
	};

	log_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
