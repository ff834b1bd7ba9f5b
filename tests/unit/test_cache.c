/* test_cache: the answer cache (web/cache.c) without a socket: bounded by
 * bytes with the least recently used answer going first, an answer
 * bigger than an eighth of the cache is not kept, a write (the
 * generation) makes every kept answer stale, and only whole public
 * answers are kept (200, an ETag, no cookie set, not private). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "http/http.h"
#include "store/db.h"
#include "store/store.h"
#include "web/cache.h"

static const char *no_header(const struct http_req *r, const char *name)
{
	(void)r;
	(void)name;
	return NULL;
}

static struct arena ar;

static void req_for(struct http_req *req, const char *path)
{
	memset(req, 0, sizeof(*req));
	req->arena = &ar;
	req->method = "GET";
	req->path = path;
	req->header = no_header;
}

/* An answer of n bytes for path, kept if the cache takes it. */
static void put(struct web_cache *c, const char *path, size_t n)
{
	struct http_req req;
	struct http_resp resp;
	struct web_cache_gen gen;

	req_for(&req, path);
	http_resp_init(&resp);
	assert_false(web_cache_get(c, &req, &resp, &gen));
	resp.status = 200;
	resp.content_type = "text/html; charset=utf-8";
	for (size_t i = 0; i < n; i++)
		buf_addc(&resp.body, 'x');
	http_resp_header(&resp, "ETag", "\"t\"");
	web_cache_put(c, &req, &resp, &gen);
	http_resp_release(&resp);
}

/* put and kept for a request of app's municipality to route. */
static void put_at(struct web_cache *c, struct app *app, const char *route,
		   const char *path)
{
	struct http_req req;
	struct http_resp resp;
	struct web_cache_gen gen;

	req_for(&req, path);
	req.app = app;
	http_resp_init(&resp);
	assert_false(web_cache_get(c, &req, &resp, &gen));
	req.route = route; /* routing comes after the lookup */
	resp.status = 200;
	buf_adds(&resp.body, "x");
	http_resp_header(&resp, "ETag", "\"t\"");
	web_cache_put(c, &req, &resp, &gen);
	http_resp_release(&resp);
}

static bool kept_at(struct web_cache *c, struct app *app, const char *path)
{
	struct http_req req;
	struct http_resp resp;
	struct web_cache_gen gen;
	bool hit;

	req_for(&req, path);
	req.app = app;
	http_resp_init(&resp);
	hit = web_cache_get(c, &req, &resp, &gen);
	http_resp_release(&resp);
	return hit;
}

static bool kept(struct web_cache *c, const char *path, size_t n)
{
	struct http_req req;
	struct http_resp resp;
	struct web_cache_gen gen;
	bool hit;

	req_for(&req, path);
	http_resp_init(&resp);
	hit = web_cache_get(c, &req, &resp, &gen);
	if (hit) {
		assert_int_equal(resp.status, 200);
		assert_int_equal(resp.body.len, n);
		assert_string_equal(http_resp_get(&resp, "ETag"), "\"t\"");
	}
	http_resp_release(&resp);
	return hit;
}

static void test_bounded_lru(void **state)
{
	struct web_cache *c = web_cache_new(64 * 1024);
	struct web_cache_stats st;
	char path[32];

	(void)state;
	arena_init(&ar);
	for (int i = 0; i < 40; i++) {
		snprintf(path, sizeof(path), "/p/%d", i);
		put(c, path, 4000);
		assert_true(kept(c, "/p/0", 4000)); /* used: stays */
		web_cache_stats(c, &st);
		assert_true(st.bytes <= 64 * 1024);
	}
	web_cache_stats(c, &st);
	assert_true(st.evictions > 0);
	assert_true(st.entries < 40);
	assert_true(kept(c, "/p/39", 4000)); /* the newest */
	assert_false(kept(c, "/p/1", 4000)); /* the oldest unused: gone */
	put(c, "/big", 64 * 1024 / 8 + 1); /* more than an eighth */
	assert_false(kept(c, "/big", 0));
	web_cache_free(c);
	arena_clear(&ar);
}

static void test_only_whole_public_answers(void **state)
{
	struct web_cache *c = web_cache_new(1 << 20);
	struct http_req req;
	struct http_resp resp;
	struct web_cache_gen gen;

	(void)state;
	arena_init(&ar);
	req_for(&req, "/x");
	http_resp_init(&resp);
	assert_false(web_cache_get(c, &req, &resp, &gen));
	resp.status = 200;
	resp.content_type = "text/plain";
	buf_adds(&resp.body, "hallo");
	web_cache_put(c, &req, &resp, &gen); /* no ETag: not tagged */
	assert_false(kept(c, "/x", 5));
	http_resp_header(&resp, "ETag", "\"t\"");
	resp.no_store = true;
	web_cache_put(c, &req, &resp, &gen); /* private */
	assert_false(kept(c, "/x", 5));
	resp.no_store = false;
	http_resp_header(&resp, "Set-Cookie", "lc=1");
	web_cache_put(c, &req, &resp, &gen); /* sets a cookie */
	assert_false(kept(c, "/x", 5));
	http_resp_release(&resp);
	web_cache_free(c);
	arena_clear(&ar);
}

/* A write transaction's commit bumps the generation: a kept answer is
 * not used after it, and one rendered across a write is not kept. */
static void test_write_makes_stale(void **state)
{
	struct web_cache *c = web_cache_new(1 << 20);
	struct db *db;
	char msg[200];

	(void)state;
	arena_init(&ar);
	assert_int_equal(db_open(":memory:", &db, msg, sizeof(msg)), ERR_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE t (x INTEGER)", msg, sizeof(msg)),
			 ERR_OK);
	put(c, "/a", 10);
	assert_true(kept(c, "/a", 10));
	assert_int_equal(db_begin_read(db), ERR_OK); /* reads change nothing */
	assert_int_equal(db_commit(db), ERR_OK);
	assert_true(kept(c, "/a", 10));
	assert_int_equal(db_begin_write(db), ERR_OK);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (1)", msg, sizeof(msg)),
			 ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	assert_false(kept(c, "/a", 10));
	put(c, "/a", 10);
	assert_true(kept(c, "/a", 10));
	db_close(db);
	web_cache_free(c);
	arena_clear(&ar);
}

static enum err run_sql(struct db *db, const char *sql)
{
	return db_run(db, db_prepare(db, sql), false);
}

/* Two municipalities' apps (a and b) and a database with a table t. */
static struct app a, b;

static struct db *two_municipalities(void)
{
	struct db *db;
	char msg[200];

	a.municipality = "GM0001";
	b.municipality = "GM0002";
	arena_init(&ar);
	assert_int_equal(db_open(":memory:", &db, msg, sizeof(msg)), ERR_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE t (x INTEGER)", msg, sizeof(msg)),
			 ERR_OK);
	return db;
}

/* A new report named its municipality's (db_write_scope) drops that
 * municipality's answers that show reports, and keeps its answers that
 * show none (an agenda) and every answer of another municipality; a
 * write not so named drops all of them. */
static void test_report_drops_its_own_municipality_s(void **state)
{
	struct web_cache *c = web_cache_new(1 << 20);
	struct db *db = two_municipalities();
	put_at(c, &a, "/agenda/{code}", "/agenda/BU1");
	put_at(c, &a, "/open311/v2/requests.json", "/open311/v2/requests.json?a");
	put_at(c, &b, "/open311/v2/requests.json", "/open311/v2/requests.json?b");
	assert_true(kept_at(c, &a, "/agenda/BU1"));
	assert_true(kept_at(c, &a, "/open311/v2/requests.json?a"));
	assert_true(kept_at(c, &b, "/open311/v2/requests.json?b"));

	assert_int_equal(db_begin_write(db), ERR_OK);
	assert_int_equal(run_sql(db, "INSERT INTO t VALUES (1)"), ERR_OK);
	db_write_scope(db, "GM0001");
	assert_int_equal(db_commit(db), ERR_OK);
	assert_true(kept_at(c, &a, "/agenda/BU1"));
	assert_false(kept_at(c, &a, "/open311/v2/requests.json?a"));
	assert_true(kept_at(c, &b, "/open311/v2/requests.json?b"));

	put_at(c, &a, "/open311/v2/requests.json", "/open311/v2/requests.json?a");
	assert_int_equal(db_begin_write(db), ERR_OK);
	assert_int_equal(run_sql(db, "INSERT INTO t VALUES (2)"), ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	assert_false(kept_at(c, &a, "/agenda/BU1"));
	assert_false(kept_at(c, &a, "/open311/v2/requests.json?a"));
	assert_false(kept_at(c, &b, "/open311/v2/requests.json?b"));
	db_close(db);
	web_cache_free(c);
	arena_clear(&ar);
}

static enum err insert_row(struct db *db, void *ctx)
{
	(void)ctx;
	return run_sql(db, "INSERT INTO t VALUES (3)");
}

static enum err fail_after_row(struct db *db, void *ctx)
{
	(void)ctx;
	assert_int_equal(run_sql(db, "INSERT INTO t VALUES (4)"), ERR_OK);
	return ERR_CONFLICT;
}

/* Work named one municipality's as a whole (db_write_in, db_write_for: a
 * kwestie changed, a promise, a grade) drops both kinds of that
 * municipality's answers and keeps every answer of another; named both
 * ways in one transaction it counts as a whole; a failed one drops
 * nothing. */
static void test_work_drops_its_own_municipality_s(void **state)
{
	struct web_cache *c = web_cache_new(1 << 20);
	struct db *db = two_municipalities();
	put_at(c, &b, "/agenda/{code}", "/agenda/BU2");
	put_at(c, &b, "/open311/v2/requests.json", "/open311/v2/requests.json?b");
	for (int round = 0; round < 3; round++) {
		put_at(c, &a, "/agenda/{code}", "/agenda/BU1");
		put_at(c, &a, "/open311/v2/requests.json", "/open311/v2/requests.json?a");
		if (round == 0) {
			assert_int_equal(db_write_for(db, "GM0001", insert_row, NULL),
					 ERR_OK);
		} else {
			assert_int_equal(db_begin_write(db), ERR_OK);
			assert_int_equal(run_sql(db, "INSERT INTO t VALUES (1)"), ERR_OK);
			if (round == 1) {
				db_write_scope(db, "GM0001");
				db_write_in(db, "GM0001");
			} else {
				db_write_in(db, "GM0001");
				assert_int_equal(run_sql(db, "INSERT INTO t VALUES (2)"),
						 ERR_OK);
				db_write_scope(db, "GM0001");
			}
			assert_int_equal(db_commit(db), ERR_OK);
		}
		assert_false(kept_at(c, &a, "/agenda/BU1"));
		assert_false(kept_at(c, &a, "/open311/v2/requests.json?a"));
		assert_true(kept_at(c, &b, "/agenda/BU2"));
		assert_true(kept_at(c, &b, "/open311/v2/requests.json?b"));
	}
	put_at(c, &a, "/agenda/{code}", "/agenda/BU1");
	assert_int_equal(db_write_for(db, "GM0001", fail_after_row, NULL),
			 ERR_CONFLICT);
	assert_true(kept_at(c, &a, "/agenda/BU1"));
	{ /* and its row rolled back */
		struct db_stmt *st = db_prepare(db, "SELECT 1 FROM t WHERE x = 4");

		assert_int_equal(db_step(st), DB_DONE);
		db_done(st);
	}
	db_close(db);
	web_cache_free(c);
	arena_clear(&ar);
}

/* Only a write transaction that changed rows makes kept answers stale:
 * the jobs that run every minute mostly change nothing, and used to
 * empty the cache each time. */
static void test_write_without_changes_keeps(void **state)
{
	struct web_cache *c = web_cache_new(1 << 20);
	struct db *db;
	char msg[200];

	(void)state;
	arena_init(&ar);
	assert_int_equal(db_open(":memory:", &db, msg, sizeof(msg)), ERR_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE t (x INTEGER)", msg, sizeof(msg)),
			 ERR_OK);
	put(c, "/a", 10);
	assert_int_equal(db_begin_write(db), ERR_OK);
	assert_int_equal(run_sql(db, "UPDATE t SET x = 2 WHERE x = 1"), ERR_OK);
	assert_int_equal(run_sql(db, "DELETE FROM t WHERE x = 1"), ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	assert_true(kept(c, "/a", 10));
	assert_int_equal(db_begin_write(db), ERR_OK);
	assert_int_equal(run_sql(db, "INSERT INTO t VALUES (1)"), ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	assert_false(kept(c, "/a", 10));
	put(c, "/a", 10);
	assert_int_equal(db_begin_write(db), ERR_OK);
	assert_int_equal(run_sql(db, "UPDATE t SET x = 2 WHERE x = 1"), ERR_OK);
	assert_int_equal(db_commit(db), ERR_OK);
	assert_false(kept(c, "/a", 10));
	db_close(db);
	web_cache_free(c);
	arena_clear(&ar);
}

static void test_off(void **state)
{
	(void)state;
	assert_null(web_cache_new(0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bounded_lru),
		cmocka_unit_test(test_only_whole_public_answers),
		cmocka_unit_test(test_write_makes_stale),
		cmocka_unit_test(test_write_without_changes_keeps),
		cmocka_unit_test(test_report_drops_its_own_municipality_s),
		cmocka_unit_test(test_work_drops_its_own_municipality_s),
		cmocka_unit_test(test_off),
	};

	store_configure(":memory:"); /* the thread's connection cache.c asks */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
