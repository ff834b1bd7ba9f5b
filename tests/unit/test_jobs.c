/* test_jobs: periodic jobs run once across instances (store/jobs.c and
 * jobs/jobs.c), on SQLite and on PostgreSQL (db_fixture.h): a job is due
 * at once the first time, not again before its interval, and of several
 * connections claiming at the same moment exactly one wins; a stop ends
 * a long statement and a wait for a lock at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "base/token.h"
#include "db_fixture.h"
#include "jobs/jobs.h"
#include "store/jobs.h"

struct fixture {
	struct db_fixture fx;
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));

	if (token_init() != 0 || db_fixture_open(&f->fx, "jobs", &f->db) != 0) {
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

static atomic_int runs;

static int count_run(struct db *db, void *ctx, char *msg, size_t msglen)
{
	(void)db, (void)ctx;
	atomic_fetch_add(&runs, 1);
	snprintf(msg, msglen, "ran");
	return 0;
}

static const struct job table[] = {{"test-job", 3600, count_run, NULL, {0}, false}};

static void test_due_once_per_interval(void **state)
{
	struct fixture *f = *state;

	atomic_store(&runs, 0);
	assert_int_equal(jobs_tick(f->db, table, 1, "instance-a"), 1);
	assert_int_equal(jobs_tick(f->db, table, 1, "instance-a"), 0);
	assert_int_equal(jobs_tick(f->db, table, 1, "instance-b"), 0);
	assert_int_equal(atomic_load(&runs), 1);
}

/* A local job (the routing memo's) runs for every instance at each tick
 * it is due, claims nothing and leaves no row in job_runs. */
static const struct job local_table[] = {
	{"local-job", 3600, count_run, NULL, {0}, true}};
static const char sql_job_rows[] =
	"SELECT count(*) FROM job_runs WHERE name = 'local-job'";

static void test_local_job_claims_nothing(void **state)
{
	struct fixture *f = *state;
	int64_t rows = -1;

	atomic_store(&runs, 0);
	assert_int_equal(jobs_tick(f->db, local_table, 1, "instance-a"), 1);
	assert_int_equal(jobs_tick(f->db, local_table, 1, "instance-a"), 1);
	assert_int_equal(jobs_tick(f->db, local_table, 1, "instance-b"), 1);
	assert_int_equal(atomic_load(&runs), 3);
	assert_int_equal(db_get_one(f->db, db_prepare(f->db, sql_job_rows), NULL,
				    db_read_int, &rows),
			 ERR_OK);
	assert_int_equal(rows, 0);
}

/* A job's own bookkeeping (the claim) changes no public answer: a run
 * that changes nothing leaves the generation, so the cache keeps its
 * answers (web/cache.c). */
static void test_claim_keeps_generation(void **state)
{
	struct fixture *f = *state;
	uint64_t before = db_generation();

	atomic_store(&runs, 0);
	assert_int_equal(jobs_tick(f->db, table, 1, "instance-a"), 1);
	assert_int_equal(atomic_load(&runs), 1);
	assert_true(db_generation() == before);
}

static void test_claim_when_due(void **state)
{
	struct fixture *f = *state;
	bool claimed;

	assert_int_equal(store_job_claim(f->db, "j", "2030-01-01T00:00:00.000Z",
					 "2030-01-02T00:00:00.000Z",
					 "2030-01-01T00:00:00.000Z", "a", &claimed),
			 ERR_OK);
	assert_true(claimed); /* new: due at once */
	assert_int_equal(store_job_claim(f->db, "j", "2030-01-01T12:00:00.000Z",
					 "2030-01-02T12:00:00.000Z",
					 "2030-01-01T12:00:00.000Z", "b", &claimed),
			 ERR_OK);
	assert_false(claimed); /* not due before 2030-01-02 */
	assert_int_equal(store_job_claim(f->db, "j", "2030-01-02T00:00:00.000Z",
					 "2030-01-03T00:00:00.000Z",
					 "2030-01-02T00:00:00.000Z", "b", &claimed),
			 ERR_OK);
	assert_true(claimed); /* due again */
}

#define CLAIMERS 6

struct claimer {
	const char *url;
	pthread_barrier_t *go;
	char name[16];
	bool claimed;
	enum err e;
};

static void *claim_main(void *p)
{
	struct claimer *c = p;
	struct db *db;
	char msg[256];

	if (db_open(c->url, &db, msg, sizeof(msg)) != ERR_OK) {
		c->e = ERR_INTERNAL;
		pthread_barrier_wait(c->go);
		return NULL;
	}
	pthread_barrier_wait(c->go);
	c->e = store_job_claim(db, "race", "2030-01-01T00:00:00.000Z",
			       "2030-01-02T00:00:00.000Z", "2030-01-01T00:00:00.000Z",
			       c->name, &c->claimed);
	db_close(db);
	return NULL;
}

/* Several instances, each its own connection, at the same moment. */
static void test_one_of_many_wins(void **state)
{
	struct fixture *f = *state;
	struct claimer c[CLAIMERS];
	pthread_t t[CLAIMERS];
	pthread_barrier_t go;
	int won = 0;

	pthread_barrier_init(&go, NULL, CLAIMERS);
	for (int i = 0; i < CLAIMERS; i++) {
		c[i] = (struct claimer){f->fx.url, &go, "", false, ERR_OK};
		snprintf(c[i].name, sizeof(c[i].name), "i%d", i);
		pthread_create(&t[i], NULL, claim_main, &c[i]);
	}
	for (int i = 0; i < CLAIMERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(c[i].e, ERR_OK);
		won += c[i].claimed;
	}
	pthread_barrier_destroy(&go);
	assert_int_equal(won, 1);
}

static atomic_int long_started, long_step;

/* Statements that run for long (a stand-in for a national figures
 * count): SQLite counts a recursive series to a hundred million (16 s
 * here), PostgreSQL sleeps 20 s; without the interrupt the test fails
 * on the time jobs_stop took. */
static const char sql_long_sqlite[] =
	"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
	" WHERE x < 100000000) SELECT COUNT(*) FROM c";
static const char sql_long_pg[] = "SELECT pg_sleep(20)";

static int long_run(struct db *db, void *ctx, char *msg, size_t msglen)
{
	struct db_stmt *st = db_prepare(
		db, db_dialect(db) == DB_POSTGRES ? sql_long_pg : sql_long_sqlite);

	(void)ctx;
	atomic_store(&long_started, 1);
	atomic_store(&long_step, (int)db_step(st));
	db_done(st);
	snprintf(msg, msglen, "ended");
	return -1;
}

static const struct job long_table[] = {{"long-job", 3600, long_run, NULL, {0}, false}};

static double seconds_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Shutdown does not wait for a job's long statement (a national
 * figures count takes minutes): jobs_stop makes it fail at once. */
static void test_stop_ends_a_long_statement(void **state)
{
	struct fixture *f = *state;
	struct jobs *j;
	double t0;

	atomic_store(&long_started, 0);
	atomic_store(&long_step, 99);
	j = jobs_start(f->fx.url, long_table, 1);
	for (int i = 0; i < 1000 && !atomic_load(&long_started); i++)
		usleep(10 * 1000);
	assert_int_equal(atomic_load(&long_started), 1);
	usleep(300 * 1000); /* well inside the statement */
	assert_int_equal(atomic_load(&long_step), 99);
	t0 = seconds_now();
	jobs_stop(j);
	assert_true(seconds_now() - t0 < 5.0);
	assert_int_equal(atomic_load(&long_step), DB_ERROR);
}

/* The long statement on a thread of its own, on f->db. */
static void *long_on(void *p)
{
	struct db *db = p;

	atomic_store(&long_started, 1);
	atomic_store(&long_step, long_run(db, NULL, (char[16]){0}, 16));
	return NULL;
}

/* db_interrupt ends the statement another thread runs on a connection
 * set up to be stopped (db_stop_when), before its flag is raised, on
 * both backends: on SQLite it was a no-op that left it to the flag's
 * progress handler, so a single long step (a big sort) was not stopped
 * (sqlite3_interrupt now). */
static void test_interrupt_ends_a_statement_without_the_flag(void **state)
{
	static const atomic_int never;
	struct fixture *f = *state;
	pthread_t t;
	double t0;

	db_stop_when(f->db, &never);
	atomic_store(&long_started, 0);
	atomic_store(&long_step, 99);
	assert_int_equal(pthread_create(&t, NULL, long_on, f->db), 0);
	for (int i = 0; i < 1000 && !atomic_load(&long_started); i++)
		usleep(10 * 1000);
	usleep(300 * 1000); /* well inside the statement */
	assert_int_equal(atomic_load(&long_step), 99);
	t0 = seconds_now();
	/* a cancel before the statement runs is lost: again, as
	 * figures_stop does, until it ends */
	while (atomic_load(&long_step) == 99 && seconds_now() - t0 < 30) {
		db_interrupt(f->db);
		usleep(100 * 1000);
	}
	pthread_join(t, NULL);
	print_message("the statement ended %.2f s after the first interrupt\n",
		      seconds_now() - t0);
	db_stop_when(f->db, NULL);
	assert_true(seconds_now() - t0 < 5.0);
	assert_int_equal(atomic_load(&long_step), -1);
}

/* Once the stop flag is up no statement begins (an interrupt that came
 * between two statements is lost, and the next may be one long step):
 * on PostgreSQL before it is sent, on SQLite before its first step,
 * where before a short one ran (its thousand steps never reached). */
static void test_a_raised_flag_refuses_the_next_statement(void **state)
{
	struct fixture *f = *state;
	atomic_int halt = 1;
	struct db_stmt *st;

	db_stop_when(f->db, &halt);
	st = db_prepare(f->db, "SELECT 1");
	assert_int_equal(db_step(st), DB_ERROR);
	assert_int_not_equal(db_error(f->db, st), ERR_OK);
	db_done(st);
	db_stop_when(f->db, NULL);
	st = db_prepare(f->db, "SELECT 1");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
}

/* Shutdown's interrupt (jobs_stop, figures_stop) can come while a job
 * prepares a statement as it reads the rows of another: SQLite's parser
 * then fails with "interrupted" (it clears the interrupt only when no
 * statement of the connection runs), and the server aborted there
 * ("db: cannot prepare", exit 134 after SIGTERM in a CI run).  Now the
 * statement is refused as a stopped one and prepares when asked for
 * next.  PostgreSQL drops a cancel with nothing running, and the raised
 * flag refuses the statement. */
static void test_an_interrupt_while_preparing_refuses_the_statement(void **state)
{
	static const char sql[] = "SELECT 2 + $1";
	struct fixture *f = *state;
	atomic_int halt = 0;
	struct db_stmt *st, *rows;

	rows = db_prepare(f->db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL"
				 " SELECT x + 1 FROM c WHERE x < 10) SELECT x FROM c");
	db_stop_when(f->db, &halt);
	assert_int_equal(db_step(rows), DB_ROW); /* reading its rows */
	atomic_store(&halt, 1);
	db_interrupt(f->db);
	st = db_prepare(f->db, sql);
	db_bind_int(st, 1, 3);
	assert_int_equal(db_step(st), DB_ERROR);
	assert_int_not_equal(db_error(f->db, st), ERR_OK);
	db_done(st);
	db_done(rows);
	db_stop_when(f->db, NULL);
	st = db_prepare(f->db, sql);
	db_bind_int(st, 1, 3);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 5);
	db_done(st);
}

struct stopper {
	atomic_int *flag;
	int after_ms;
};

static void *stop_later(void *p)
{
	struct stopper *s = p;

	usleep((useconds_t)s->after_ms * 1000);
	atomic_store(s->flag, 1);
	return NULL;
}

/* A stop while the connection waits for a lock another holds (here a
 * second process's, stood in for by a bare sqlite3 connection): the wait
 * ends at once instead of after the 5 s SQLite would wait. */
static void test_stop_ends_a_lock_wait(void **state)
{
	struct fixture *f = *state;
	atomic_int halt = 0;
	struct stopper sp = {&halt, 200};
	sqlite3 *other;
	pthread_t t;
	double t0, waited;
	enum err e;

	if (db_dialect(f->db) != DB_SQLITE)
		skip(); /* PostgreSQL: db_interrupt cancels the wait */
	assert_int_equal(sqlite3_open(f->fx.url, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL),
			 SQLITE_OK);
	db_stop_when(f->db, &halt);
	pthread_create(&t, NULL, stop_later, &sp);
	t0 = seconds_now();
	e = db_begin_write(f->db);
	waited = seconds_now() - t0;
	pthread_join(t, NULL);
	print_message("the lock wait ended %.2f s after it began\n", waited);
	assert_int_not_equal(e, ERR_OK);
	assert_true(waited < 1.5);
	db_stop_when(f->db, NULL);
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	/* no stop: the lock, once free, is taken */
	assert_int_equal(db_begin_write(f->db), ERR_OK);
	db_rollback(f->db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_due_once_per_interval, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_local_job_claims_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_claim_keeps_generation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_claim_when_due, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_of_many_wins, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stop_ends_a_long_statement,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_ends_a_lock_wait, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_interrupt_ends_a_statement_without_the_flag, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_a_raised_flag_refuses_the_next_statement, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_an_interrupt_while_preparing_refuses_the_statement,
			setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
