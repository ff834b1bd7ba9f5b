/* test_group: group commit of intake (store/group.c through
 * store_signal_create) with many threads at once, each on its own
 * connection as the server's threads are.  Every intake gets its own
 * answer: the good ones are stored, a row that breaks a constraint (a
 * municipality that does not exist: the foreign key) fails alone and
 * leaves nothing, and identical submissions racing in one group still
 * make one signal.  On SQLite the intakes must have shared transactions
 * (fewer commits than signals); on PostgreSQL db_write_group is db_write
 * and the same answers must hold.
 * SPDX-License-Identifier: EUPL-1.2 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/token.h"
#include "base/util.h"
#include "store/store.h"

#include "db_fixture.h"

#define MUNI "GM0363"
#define THREADS 12
#define PER_THREAD 15

struct fixture {
	struct db_fixture fx;
	struct db *db;
};

struct worker {
	const char *url;
	int n;          /* thread number */
	bool same;      /* every intake the same dedupe key */
	enum err e[PER_THREAD];
	char *token[PER_THREAD];
	bool replayed[PER_THREAD];
	struct arena ar;
};

static const char sql_by_body[] = "SELECT COUNT(*) FROM signals WHERE body = $1";
static const char sql_count[] = "SELECT COUNT(*) FROM signals";

static int64_t count_body(struct db *db, const char *body)
{
	struct db_stmt *st = db_prepare(db, sql_by_body);
	int64_t n = -1;

	db_bind_text(st, 1, body);
	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static int64_t count_all(struct db *db)
{
	struct db_stmt *st = db_prepare(db, sql_count);
	int64_t n = -1;

	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_done(st);
	return n;
}

/* Every fourth intake of a thread breaks the foreign key. */
static bool bad(int i)
{
	return i % 4 == 3;
}

static char *body_of(struct arena *ar, int n, int i)
{
	return arena_printf(ar, "groep %d-%d: de lantaarnpaal brandt niet", n, i);
}

/* A slow commit keeps the others queueing (the fsync of a real disk). */
static enum err slow(struct db *db, void *ctx, int64_t id, const char *token,
		     const char *now)
{
	struct timespec ts = {0, 2000000};

	nanosleep(&ts, NULL);
	return ERR_OK;
}

static void *work(void *p)
{
	struct worker *w = p;
	struct db *db;
	char msg[256];

	arena_init(&w->ar);
	if (db_open(w->url, &db, msg, sizeof(msg)) != ERR_OK)
		return NULL;
	for (int i = 0; i < PER_THREAD; i++) {
		struct signal_input in = {0};
		struct signal_new s = {0};
		struct signal_row row;

		in.kind = "melding";
		in.text = w->same ? "dezelfde melding" : body_of(&w->ar, w->n, i);
		s.in = &in;
		s.municipality = !w->same && bad(i) ? "GM9999" : MUNI;
		s.codes[0] = "AA01";
		s.dedupe_key = w->same ? "same" : arena_printf(&w->ar, "k%d-%d", w->n, i);
		s.dedupe_window_s = 3600;
		s.after = slow;
		w->e[i] = store_signal_create(db, &w->ar, &s, &row, &w->replayed[i]);
		w->token[i] = w->e[i] == ERR_OK ? row.token : NULL;
	}
	db_close(db);
	return NULL;
}

static void run(struct fixture *f, struct worker *w, bool same)
{
	pthread_t t[THREADS];

	for (int n = 0; n < THREADS; n++) {
		memset(&w[n], 0, sizeof(w[n]));
		w[n].url = f->fx.url;
		w[n].n = n;
		w[n].same = same;
		assert_int_equal(pthread_create(&t[n], NULL, work, &w[n]), 0);
	}
	for (int n = 0; n < THREADS; n++)
		pthread_join(t[n], NULL);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (db_fixture_open(&f->fx, "group", &f->db) != 0 ||
	    store_municipality_put(f->db, MUNI, "Amsterdam") != ERR_OK) {
		free(f);
		return -1;
	}
	db_group_open(f->fx.url); /* the writer (none on PostgreSQL) */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_group_open(NULL); /* commits what is queued, stops the writer */
	db_fixture_close(&f->fx, f->db);
	free(f);
	return 0;
}

/* Good rows stored, bad rows fail alone, in shared transactions. */
static void test_neighbours(void **state)
{
	struct fixture *f = *state;
	struct worker *w = xcalloc(THREADS, sizeof(*w));
	struct db_group_stats before = db_group_stats(), after;
	struct arena ar;
	int good = 0;

	arena_init(&ar);
	run(f, w, false);
	for (int n = 0; n < THREADS; n++)
		for (int i = 0; i < PER_THREAD; i++) {
			const char *b = body_of(&ar, n, i);

			if (bad(i)) {
				assert_int_equal(w[n].e[i], ERR_CONFLICT);
				assert_int_equal(count_body(f->db, b), 0);
				continue;
			}
			assert_int_equal(w[n].e[i], ERR_OK);
			assert_false(w[n].replayed[i]);
			assert_non_null(w[n].token[i]);
			assert_int_equal(count_body(f->db, b), 1);
			good++;
		}
	assert_int_equal(count_all(f->db), good);
	after = db_group_stats();
	if (db_dialect(f->db) == DB_SQLITE) {
		uint64_t groups = after.groups - before.groups;
		uint64_t jobs = after.jobs - before.jobs;

		/* every intake, good and bad, went through a group */
		assert_int_equal(jobs, THREADS * PER_THREAD);
		assert_int_equal(after.fallbacks, before.fallbacks);
		/* and they shared commits: far fewer than one each */
		assert_true(groups * 2 < jobs);
		assert_true(after.largest > 1);
	}
	for (int n = 0; n < THREADS; n++)
		arena_clear(&w[n].ar);
	arena_clear(&ar);
	free(w);
}

/* The same submission from every thread at once: one signal, and every
 * caller gets its token. */
static void test_dedupe_in_group(void **state)
{
	struct fixture *f = *state;
	struct worker *w = xcalloc(THREADS, sizeof(*w));
	const char *first = NULL;
	int fresh = 0;

	run(f, w, true);
	assert_int_equal(count_all(f->db), 1);
	for (int n = 0; n < THREADS; n++)
		for (int i = 0; i < PER_THREAD; i++) {
			assert_int_equal(w[n].e[i], ERR_OK);
			if (!first)
				first = w[n].token[i];
			assert_string_equal(w[n].token[i], first);
			fresh += !w[n].replayed[i];
		}
	assert_int_equal(fresh, 1);
	for (int n = 0; n < THREADS; n++)
		arena_clear(&w[n].ar);
	free(w);
}

/* Queued without waiting (db_group_queue through store_signal_queue, as
 * the server's parked intakes are): every job's done() is called once,
 * after the commit, with its own result; the bad rows fail alone; the
 * good ones are all there when done() says so.  PostgreSQL queues
 * nothing (store_signal_queue says NULL). */
#define QUEUED 120

struct queued {
	pthread_mutex_t lock;
	pthread_cond_t all;
	int done;
	int calls[QUEUED];
};

struct one {
	struct queued *q;
	int i;
	struct arena ar; /* its own, as a request's: the writer uses it */
	struct signal_input in;
	struct signal_new s;
	struct signal_row row;
	struct signal_pending *p;
};

static void one_done(void *arg)
{
	struct one *o = arg;

	pthread_mutex_lock(&o->q->lock);
	o->q->calls[o->i]++;
	o->q->done++;
	pthread_cond_signal(&o->q->all);
	pthread_mutex_unlock(&o->q->lock);
}

static void test_queued(void **state)
{
	struct fixture *f = *state;
	struct queued q = {.done = 0};
	struct one *o = xcalloc(QUEUED, sizeof(*o));
	int queued = 0, good = 0;

	pthread_mutex_init(&q.lock, NULL);
	pthread_cond_init(&q.all, NULL);
	for (int i = 0; i < QUEUED; i++) {
		arena_init(&o[i].ar);
		o[i].q = &q;
		o[i].i = i;
		o[i].in.kind = "melding";
		o[i].in.text = body_of(&o[i].ar, 99, i);
		o[i].s.in = &o[i].in;
		o[i].s.municipality = bad(i) ? "GM9999" : MUNI;
		o[i].s.codes[0] = "AA01";
		o[i].s.dedupe_key = arena_printf(&o[i].ar, "q%d", i);
		o[i].s.dedupe_window_s = 3600;
		o[i].p = store_signal_queue(f->db, &o[i].ar, &o[i].s, &o[i].row,
					    one_done, &o[i]);
		if (!o[i].p) {
			assert_int_equal(db_dialect(f->db), DB_POSTGRES);
			break;
		}
		queued++;
	}
	pthread_mutex_lock(&q.lock);
	while (q.done < queued)
		pthread_cond_wait(&q.all, &q.lock);
	pthread_mutex_unlock(&q.lock);
	for (int i = 0; i < queued; i++) {
		bool replayed = true;
		enum err e = store_signal_pending_result(o[i].p, &replayed);

		assert_int_equal(q.calls[i], 1);
		if (bad(i)) {
			assert_int_equal(e, ERR_CONFLICT);
			assert_int_equal(count_body(f->db, o[i].in.text), 0);
			continue;
		}
		assert_int_equal(e, ERR_OK);
		assert_false(replayed);
		assert_non_null(o[i].row.token);
		assert_int_equal(count_body(f->db, o[i].in.text), 1);
		good++;
	}
	assert_int_equal(count_all(f->db), good);
	pthread_cond_destroy(&q.all);
	pthread_mutex_destroy(&q.lock);
	for (int i = 0; i < QUEUED; i++)
		arena_clear(&o[i].ar);
	free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_neighbours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dedupe_in_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queued, setup, teardown),
	};

	if (token_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
