/* group: group commit for the writes that arrive together (intake).
 *
 * One fsync per signal bounds durable intake (bench/RESULTS.md: 0.064 of
 * raw batched inserts).  A writer thread with a connection of its own
 * takes every job queued while its previous commit ran, runs each inside
 * its own SAVEPOINT of one transaction, commits once, and then hands each
 * job its own result: a job that fails is rolled back to its savepoint
 * alone, so a failing row does not fail its neighbours.  No job is told
 * it is done before the COMMIT that holds its rows has returned
 * (synchronous=FULL: the WAL is fsynced), so "201 only after its commit"
 * holds per request.
 *
 * Jobs come two ways.  db_write_group queues one and waits on its own
 * condition (the seed, the tools, a server thread without a parked
 * connection).  db_group_queue queues one and returns at once; the writer
 * calls the job's done() after its commit: the server parks the request's
 * connection meanwhile (http_defer.start), so a server thread goes on
 * serving its other connections instead of sleeping through a commit,
 * and a group holds every intake in flight, not one per server thread
 * (bench/RESULTS.md, issue 16: groups of 10 with 50 clients when each
 * thread waited, and 8 ms of each request spent queued behind another's
 * commit on the same thread).
 *
 * The writer's own connection matters too: SQLite drops a connection's
 * page cache whenever another connection commits, so groups run on their
 * callers' connections re-read the index pages the previous group had
 * changed, a third of intake's time.  The writer is the only connection
 * intake writes through; its cache stays warm.
 *
 * Should the group's COMMIT fail, or a job's failure take the whole
 * transaction with it (SQLite rolls back everything on some errors, such
 * as a full disk), nothing of the group is kept: its jobs run again one
 * by one with db_write, which db_write's contract allows (fn may run more
 * than once).
 *
 * Without a writer (no URL given, the writer could not open, PostgreSQL,
 * or a caller inside a transaction of its own, for which the writer would
 * wait on the lock that caller holds) db_write_group is db_write on the
 * caller's connection, and db_group_queue refuses.  PostgreSQL already
 * flushes concurrent commits together and intake there runs READ
 * COMMITTED with an advisory lock per dedupe key (store/signal.c), which
 * a shared transaction would hold for the whole group.  Stopping
 * (db_group_open(NULL)) runs what is queued first. */
#include "store/db.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

/* The most jobs one transaction takes; the rest wait for the next. */
#define GROUP_MAX 256

static pthread_mutex_t group_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t writer_wake = PTHREAD_COND_INITIALIZER;
static struct db_group_job *queue_head, **queue_tail = &queue_head;
static struct db_group_stats stats;
static struct db *writer;    /* the writer thread's; NULL: none */
static pthread_t writer_thread;
static bool stopping;

static const char sql_savepoint[] = "SAVEPOINT grp"; /* sqlite-only */
static const char sql_release[] = "RELEASE grp";
static const char sql_rollback_to[] = "ROLLBACK TO grp";

/* Up to GROUP_MAX queued jobs, in arrival order; group_lock held. */
static struct db_group_job *take_queue(size_t *n)
{
	struct db_group_job *head = queue_head, *j = head;

	*n = 0;
	if (!head)
		return NULL;
	while (j->next && *n + 1 < GROUP_MAX) {
		j = j->next;
		(*n)++;
	}
	(*n)++;
	queue_head = j->next;
	if (!queue_head)
		queue_tail = &queue_head;
	j->next = NULL;
	return head;
}

/* A savepoint statement, prepared once per connection (db_exec parsed
 * it again for every job). */
static enum err savepoint(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	enum err e = db_step(st) == DB_ERROR ? db_error(db, st) : ERR_OK;

	db_done(st);
	return e;
}

/* One job in its savepoint.  Returns false when the transaction itself
 * is gone (SQLite rolled it back), so the group cannot commit. */
static bool run_job(struct db *db, struct db_group_job *j)
{
	enum err e;

	db_scope_job(db); /* what the job before left unnamed */
	e = savepoint(db, sql_savepoint);
	if (e == ERR_OK)
		e = j->fn(db, j->ctx);
	if (e == ERR_OK)
		e = savepoint(db, sql_release);
	j->result = e;
	if (e == ERR_OK)
		return true;
	if (db_in_transaction(db)) {
		/* undo this job only; its neighbours' rows stay */
		savepoint(db, sql_rollback_to);
		savepoint(db, sql_release);
		return true;
	}
	return false;
}

/* Run a taken group on db: one transaction, or one by one when it could
 * not commit.  Results go into the jobs; true when it committed whole. */
static bool run_group(struct db *db, struct db_group_job *g)
{
	bool whole = db_begin_write(db) == ERR_OK;

	for (struct db_group_job *j = g; j && whole; j = j->next)
		whole = run_job(db, j);
	if (whole && db_commit(db) == ERR_OK)
		return true;
	db_rollback(db);
	log_event("warn", "group_commit_fallback", "message",
		  "the group could not commit; its jobs run one by one");
	for (struct db_group_job *j = g; j; j = j->next)
		j->result = db_write(db, j->fn, j->ctx);
	return false;
}

static void *writer_main(void *unused)
{
	struct db_group_job *g;
	size_t n;
	bool whole;

	(void)unused;
	pthread_mutex_lock(&group_lock);
	for (;;) {
		while (!queue_head && !stopping)
			pthread_cond_wait(&writer_wake, &group_lock);
		if (!queue_head)
			break; /* stopping, and nothing left */
		g = take_queue(&n);
		pthread_mutex_unlock(&group_lock);
		whole = run_group(writer, g);
		pthread_mutex_lock(&group_lock);
		if (whole) {
			stats.groups++;
			stats.jobs += n;
			if (n > stats.largest)
				stats.largest = n;
		} else {
			stats.fallbacks++;
		}
		pthread_mutex_unlock(&group_lock);
		for (struct db_group_job *j = g, *next; j; j = next) {
			next = j->next; /* j is its caller's: gone after done */
			j->done(j);
		}
		pthread_mutex_lock(&group_lock);
	}
	pthread_mutex_unlock(&group_lock);
	return NULL;
}

bool db_group_queue(struct db *db, struct db_group_job *j)
{
	bool queued = false;

	if (db && (db_dialect(db) != DB_SQLITE || db_in_transaction(db)))
		return false;
	j->next = NULL;
	j->result = ERR_INTERNAL;
	pthread_mutex_lock(&group_lock);
	if (writer && !stopping) {
		*queue_tail = j;
		queue_tail = &j->next;
		queued = true;
		pthread_cond_signal(&writer_wake);
	}
	pthread_mutex_unlock(&group_lock);
	return queued;
}

/* A waiting caller's job: done() wakes it. */
struct waiting {
	struct db_group_job job;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool done;
};

static void waiting_done(struct db_group_job *j)
{
	struct waiting *w = (struct waiting *)j;

	pthread_mutex_lock(&w->lock);
	w->done = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

enum err db_write_group(struct db *db, db_write_fn fn, void *ctx)
{
	struct waiting w = {.job = {.fn = fn, .ctx = ctx, .done = waiting_done}};

	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.wake, NULL);
	if (db_group_queue(db, &w.job)) {
		pthread_mutex_lock(&w.lock);
		while (!w.done)
			pthread_cond_wait(&w.wake, &w.lock);
		pthread_mutex_unlock(&w.lock);
	} else {
		w.job.result = db_write(db, fn, ctx);
	}
	pthread_cond_destroy(&w.wake);
	pthread_mutex_destroy(&w.lock);
	return w.job.result;
}

/* Stop the writer after what is queued; group_lock not held. */
static void writer_stop(void)
{
	pthread_mutex_lock(&group_lock);
	if (!writer) {
		pthread_mutex_unlock(&group_lock);
		return;
	}
	stopping = true;
	pthread_cond_signal(&writer_wake);
	pthread_mutex_unlock(&group_lock);
	pthread_join(writer_thread, NULL);
	pthread_mutex_lock(&group_lock);
	db_close(writer);
	writer = NULL;
	stopping = false;
	pthread_mutex_unlock(&group_lock);
}

void db_group_open(const char *url)
{
	struct db *db = NULL;
	sigset_t all, was;
	char msg[256];

	writer_stop();
	/* an in-memory database is the connection's own: not shared */
	if (!url || strstr(url, ":memory:") || strstr(url, "mode=memory"))
		return;
	if (db_open(url, &db, msg, sizeof(msg)) != ERR_OK) {
		log_event("warn", "group_writer_open_failed", "message", msg);
		return;
	}
	if (db_dialect(db) != DB_SQLITE) {
		db_close(db);
		return;
	}
	/* A group of 50 intakes dirties more pages than the default cache
	 * (2 MB) holds: SQLite then spilled them to the WAL in the middle of
	 * the transaction and wrote them again at COMMIT. */
	db_exec(db, "PRAGMA cache_size=-32768", NULL, 0);
	/* Each job's SAVEPOINT keeps the pages it changes a second time in
	 * a sub-journal: a temporary file with temp_store=FILE (the other
	 * connections' setting, for the figures' large sorts), one pwrite of
	 * 4 KB per page per job.  In memory it is a copy, and the writer
	 * makes no large sorts. */
	db_exec(db, "PRAGMA temp_store=MEMORY", NULL, 0);
	/* Checkpoints stay SQLite's automatic ones at 1,000 pages, inside
	 * the writer's COMMIT.  PASSIVE checkpoints on a connection of their
	 * own never caught up with a writer that never pauses: the WAL grew
	 * past 1 GB in 8 s.  At 10,000 pages the runs were no faster and p99
	 * doubled (bench/RESULTS.md, issue 16). */
	/* The writer takes no signals: serve waits for SIGTERM on its main
	 * thread, and a second one must not end the process here. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &was);
	pthread_mutex_lock(&group_lock);
	writer = db;
	if (pthread_create(&writer_thread, NULL, writer_main, NULL) != 0) {
		writer = NULL;
		db_close(db);
		log_event("warn", "group_writer_open_failed", "message",
			  "pthread_create failed");
	}
	pthread_mutex_unlock(&group_lock);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
}

struct db_group_stats db_group_stats(void)
{
	struct db_group_stats s;

	pthread_mutex_lock(&group_lock);
	s = stats;
	pthread_mutex_unlock(&group_lock);
	return s;
}
