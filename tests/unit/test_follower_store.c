/* test_follower_store: store/follower.c on a fresh database per test
 * (db_fixture.h: SQLite, or PostgreSQL with WIJKAGENDA_TEST_PG): one row
 * per address and kwestie or area, a refresh only while unconfirmed, the
 * confirm link only while unconfirmed and young enough and only once,
 * deleting, and the purge of retention (unconfirmed and old, or of a
 * kwestie closed before the given time). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/util.h"
#include "store/follower.h"
#include "store/kwestie.h"
#include "store/store.h"

#include "db_fixture.h"

#define MUNI "GM0363"

struct fixture {
	struct db_fixture fx;
	struct db *db;
	struct arena arena;
	int64_t kwestie;
	char now[32];
};

/* SQL used only to look behind the store's back. */
static const char sql_count[] = "SELECT COUNT(*) FROM followers";
static const char sql_close[] =
	"UPDATE kwesties SET status = 'afgerond', outcome = 'opgelost',"
	" closed_at = $2 WHERE id = $1";

static int64_t count(struct db *db)
{
	struct db_stmt *st = db_prepare(db, sql_count);
	int64_t n = -1;

	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static int64_t kwestie_new(struct fixture *f)
{
	struct kwestie_new k;
	int64_t id = 0;

	memset(&k, 0, sizeof(k));
	k.municipality = MUNI;
	k.title = "Grofvuil";
	k.description = "Bij de containers.";
	k.area_code = "AA01";
	k.area_level = "buurt";
	k.chain_codes[0] = "AA01";
	k.topic = "afval";
	k.level = KW_BUURT;
	k.level_reason = "Een straat.";
	k.status = KS_NIEUW;
	assert_int_equal(store_kwestie_insert(f->db, &k, f->now, &id), ERR_OK);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct area_rec a = {AREA_BUURT, "AA01", "Kop Zeedijk", NULL, NULL};

	if (db_fixture_open(&f->fx, "follower", &f->db) != 0) {
		free(f);
		return -1;
	}
	arena_init(&f->arena);
	assert_int_equal(store_municipality_put(f->db, MUNI, "Amsterdam"), ERR_OK);
	assert_int_equal(store_area_put(f->db, MUNI, &a), ERR_OK);
	store_now(f->now, sizeof(f->now));
	f->kwestie = kwestie_new(f);
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

/* A follower of the kwestie (area NULL) or of an area, made at now;
 * the hashes are "c-<email>" and "u-<email>", of an area with "-<area>". */
static struct follower_new follow(struct fixture *f, const char *area,
				  const char *email, const char *now)
{
	struct follower_new n;

	memset(&n, 0, sizeof(n));
	n.municipality = MUNI;
	n.kwestie_id = area ? 0 : f->kwestie;
	n.area_code = area;
	n.email = email;
	n.confirm_hash = arena_printf(&f->arena, "c-%s%s%s", email, area ? "-" : "",
				      area ? area : "");
	n.unsubscribe_hash = arena_printf(&f->arena, "u-%s%s%s", email,
					  area ? "-" : "", area ? area : "");
	n.now = now ? now : f->now;
	return n;
}

static int64_t insert(struct fixture *f, const struct follower_new *n)
{
	int64_t id = 0;

	assert_int_equal(store_follower_insert(f->db, n, &id), ERR_OK);
	assert_true(id > 0);
	return id;
}

static void ago(char *out, int days)
{
	store_time_ago(out, 32, days * 86400);
}

static void test_one_row_per_address_and_thing(void **state)
{
	struct fixture *f = *state;
	struct follower_new k = follow(f, NULL, "a@example.org", NULL);
	struct follower_new a = follow(f, "AA01", "a@example.org", NULL);
	struct follower_row r;
	int64_t id = insert(f, &k), dup = 0;

	insert(f, &a);
	assert_int_equal(store_follower_find(f->db, &f->arena, &k, &r), ERR_OK);
	assert_int_equal(r.id, id);
	assert_int_equal(r.kwestie_id, f->kwestie);
	assert_null(r.area_code);
	assert_null(r.confirmed_at);
	assert_int_equal(store_follower_find(f->db, &f->arena, &a, &r), ERR_OK);
	assert_int_equal(r.kwestie_id, 0);
	assert_string_equal(r.area_code, "AA01");
	/* the same address and kwestie again: the unique index */
	k.confirm_hash = "c-other";
	k.unsubscribe_hash = "u-other";
	assert_int_not_equal(store_follower_insert(f->db, &k, &dup), ERR_OK);
	assert_int_equal(count(f->db), 2);
	k.email = "b@example.org";
	assert_int_equal(store_follower_find(f->db, &f->arena, &k, &r), ERR_NOT_FOUND);
}

static void test_confirm_once_while_young(void **state)
{
	struct fixture *f = *state;
	struct follower_new n = follow(f, NULL, "a@example.org", NULL);
	struct follower_row r;
	char week[32];
	int64_t id = insert(f, &n);

	ago(week, FOLLOWER_CONFIRM_DAYS);
	assert_int_equal(store_follower_by_confirm(f->db, &f->arena, "c-a@example.org",
						   week, &r),
			 ERR_OK);
	assert_int_equal(r.id, id);
	/* made before "since": too old */
	assert_int_equal(store_follower_by_confirm(f->db, &f->arena, "c-a@example.org",
						   "2999-01-01T00:00:00.000Z", &r),
			 ERR_NOT_FOUND);
	assert_int_equal(store_follower_confirm(f->db, id, f->now), ERR_OK);
	assert_int_equal(store_follower_confirm(f->db, id, f->now), ERR_NOT_FOUND);
	assert_int_equal(store_follower_by_confirm(f->db, &f->arena, "c-a@example.org",
						   week, &r),
			 ERR_NOT_FOUND);
	/* confirmed: no refresh */
	n.confirm_hash = "c-new";
	assert_int_equal(store_follower_refresh(f->db, id, &n), ERR_NOT_FOUND);
	assert_int_equal(store_follower_by_unsubscribe(f->db, &f->arena,
						       "u-a@example.org", &r),
			 ERR_OK);
	assert_non_null(r.confirmed_at);
}

static void test_refresh_and_delete(void **state)
{
	struct fixture *f = *state;
	struct follower_new n = follow(f, "AA01", "a@example.org", NULL);
	struct follower_row r;
	int64_t id = insert(f, &n);

	n.confirm_hash = "c-2";
	n.unsubscribe_hash = "u-2";
	assert_int_equal(store_follower_refresh(f->db, id, &n), ERR_OK);
	assert_int_equal(store_follower_by_unsubscribe(f->db, &f->arena,
						       "u-a@example.org-AA01", &r),
			 ERR_NOT_FOUND);
	assert_int_equal(store_follower_by_unsubscribe(f->db, &f->arena, "u-2", &r),
			 ERR_OK);
	assert_int_equal(store_follower_delete(f->db, id), ERR_OK);
	assert_int_equal(store_follower_delete(f->db, id), ERR_NOT_FOUND);
	assert_int_equal(count(f->db), 0);
}

static void test_purge(void **state)
{
	struct fixture *f = *state;
	char old[32], week[32], year[32], older[32];
	struct follower_new n;
	struct db_stmt *st;
	int64_t gone = 0, id;

	ago(old, 8);
	ago(week, FOLLOWER_CONFIRM_DAYS);
	ago(year, 365);
	ago(older, 400);
	/* unconfirmed and old: goes */
	n = follow(f, "AA01", "old@example.org", old);
	insert(f, &n);
	/* unconfirmed and young: stays */
	n = follow(f, "AA01", "young@example.org", NULL);
	insert(f, &n);
	/* confirmed long ago, of an open kwestie: stays */
	n = follow(f, NULL, "loyal@example.org", old);
	id = insert(f, &n);
	assert_int_equal(store_follower_confirm(f->db, id, old), ERR_OK);
	assert_int_equal(store_followers_purge(f->db, week, year, &gone), ERR_OK);
	assert_int_equal(gone, 1);
	assert_int_equal(count(f->db), 2);
	/* the kwestie closed 400 days ago: its followers go at 365 */
	st = db_prepare(f->db, sql_close);
	db_bind_int(st, 1, f->kwestie);
	db_bind_text(st, 2, older);
	assert_int_equal(db_run(f->db, st, true), ERR_OK);
	assert_int_equal(store_followers_purge(f->db, week, year, &gone), ERR_OK);
	assert_int_equal(gone, 1);
	assert_int_equal(count(f->db), 1);
	assert_int_equal(store_followers_purge(f->db, week, year, &gone), ERR_OK);
	assert_int_equal(gone, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_one_row_per_address_and_thing),
		T(test_confirm_once_while_young),
		T(test_refresh_and_delete),
		T(test_purge),
	};

	log_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
