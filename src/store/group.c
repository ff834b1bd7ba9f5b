/* group: group commit for the writes that arrive together (intake).
 *
 * One fsync per signal bounds durable intake (bench/RESULTS.md: 0.064 of
 * raw batched inserts).  db_write_group lets concurrent callers share one
 * transaction and one COMMIT: the first caller that finds no commit
 * running becomes the leader, takes every job queued so far (its own
 * among them) and runs each inside its own SAVEPOINT on the leader's
 * connection; a job that fails is rolled back to its savepoint alone, so
 * a failing row does not fail its neighbours.  After COMMIT the leader
 * hands each waiting caller its own result and gives up the lead; the
 * callers that queued meanwhile form the next group.  No caller returns
 * before the COMMIT that holds its rows has returned (synchronous=FULL:
 * the WAL is fsynced), so "201 only after its commit" holds per request.
 *
 * Should the group's COMMIT fail, or a job's failure take the whole
 * transaction with it (SQLite rolls back everything on some errors, such
 * as a full disk), nothing of the group is kept: the jobs that had not
 * got their answer run again one by one with db_write, which db_write's
 * contract allows (fn may run more than once).
 *
 * The groups run on one connection of their own, the writer, opened on
 * the first group from the URL store_configure was given (db_group_open)
 * and used by one leader at a time.  On the leader's own connection every
 * group had to read back the index pages the previous group (another
 * connection) had changed, since SQLite drops a connection's page cache
 * whenever another connection commits: with 50 request threads that was
 * nearly every group, and the reads were a third of intake's time
 * (bench/RESULTS.md, issue 16).  The writer is the only connection that
 * intake writes through, so its cache stays warm.  Without a URL (the
 * unit tests that open a db themselves), or should the writer not open,
 * a group runs on its leader's connection as before.  A caller already
 * inside a transaction of its own gets plain db_write on its connection:
 * the writer would wait for the lock that caller holds.
 *
 * PostgreSQL already flushes concurrent commits together and intake there
 * runs READ COMMITTED with an advisory lock per dedupe key (store/signal.c),
 * which a shared transaction would hold for the whole group: there the
 * call is plain db_write.  No thread of our own: shutdown drains the
 * queue because every job belongs to a request thread that waits for it. */
#include "store/db.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

/* The most jobs one transaction takes; the rest wait for the next. */
#define GROUP_MAX 256

struct group_job {
	db_write_fn fn;
	void *ctx;
	enum err result;
	bool done;
	/* Its caller waits on its own condition: waking all waiters at
	 * every commit (one shared condition) cost more than the inserts. */
	pthread_cond_t wake;
	struct group_job *next;
};

static pthread_mutex_t group_lock = PTHREAD_MUTEX_INITIALIZER;
static struct group_job *queue_head, **queue_tail = &queue_head;
static bool leading;
static struct db_group_stats stats;
static char *writer_url; /* group_lock */
static struct db *writer; /* the leader's, once opened */
static bool writer_failed; /* logged once */

static const char sql_savepoint[] = "SAVEPOINT grp"; /* sqlite-only */
static const char sql_release[] = "RELEASE grp";
static const char sql_rollback_to[] = "ROLLBACK TO grp";

/* Up to GROUP_MAX queued jobs, in arrival order; group_lock held. */
static struct group_job *take_queue(size_t *n)
{
	struct group_job *head = queue_head, *j = head;

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

/* One job in its savepoint.  Returns false when the transaction itself
 * is gone (SQLite rolled it back), so the group cannot commit. */
static bool run_job(struct db *db, struct group_job *j)
{
	enum err e = db_exec(db, sql_savepoint, NULL, 0);

	if (e == ERR_OK)
		e = j->fn(db, j->ctx);
	if (e == ERR_OK)
		e = db_exec(db, sql_release, NULL, 0);
	j->result = e;
	if (e == ERR_OK)
		return true;
	if (db_in_transaction(db)) {
		/* undo this job only; its neighbours' rows stay */
		db_exec(db, sql_rollback_to, NULL, 0);
		db_exec(db, sql_release, NULL, 0);
		return true;
	}
	return false;
}

/* Run a taken group on db: one transaction, or one by one when it could
 * not commit.  Results go into the jobs; true when it committed whole. */
static bool run_group(struct db *db, struct group_job *g)
{
	bool whole = db_begin_write(db) == ERR_OK;

	for (struct group_job *j = g; j && whole; j = j->next)
		whole = run_job(db, j);
	if (whole && db_commit(db) == ERR_OK)
		return true;
	db_rollback(db);
	log_event("warn", "group_commit_fallback", "message",
		  "the group could not commit; its jobs run one by one");
	for (struct group_job *j = g; j; j = j->next)
		j->result = db_write(db, j->fn, j->ctx);
	return false;
}

/* The connection a group runs on: the writer (opened on first use), or
 * the leader's own.  Only the leader calls it. */
static struct db *group_db(struct db *own)
{
	char msg[256];

	if (writer)
		return writer;
	if (!writer_url || writer_failed)
		return own;
	if (db_open(writer_url, &writer, msg, sizeof(msg)) != ERR_OK) {
		writer = NULL;
		writer_failed = true;
		log_event("warn", "group_writer_open_failed", "message", msg);
		return own;
	}
	return writer;
}

/* Lead one group: take the queue, run it, wake its callers; group_lock
 * held on entry and on return. */
static void lead(struct db *db, struct group_job *me)
{
	struct group_job *g;
	size_t n;
	bool whole;

	leading = true;
	g = take_queue(&n);
	pthread_mutex_unlock(&group_lock);
	db = group_db(db);
	whole = run_group(db, g);
	pthread_mutex_lock(&group_lock);
	if (whole) {
		stats.groups++;
		stats.jobs += n;
		if (n > stats.largest)
			stats.largest = n;
	} else {
		stats.fallbacks++;
	}
	for (struct group_job *j = g, *next; j; j = next) {
		next = j->next; /* j is its caller's: gone once it runs */
		j->done = true;
		if (j != me)
			pthread_cond_signal(&j->wake);
	}
	leading = false;
	/* the first that queued meanwhile leads the next group */
	if (queue_head)
		pthread_cond_signal(&queue_head->wake);
}

enum err db_write_group(struct db *db, db_write_fn fn, void *ctx)
{
	struct group_job me = {.fn = fn, .ctx = ctx};

	if (db_dialect(db) != DB_SQLITE || db_in_transaction(db))
		return db_write(db, fn, ctx);
	pthread_cond_init(&me.wake, NULL);
	pthread_mutex_lock(&group_lock);
	*queue_tail = &me;
	queue_tail = &me.next;
	/* No commit running and ours not done: lead the next group.  Ours
	 * is in it unless more than GROUP_MAX were queued before it: then
	 * lead again (or wait for whoever leads first). */
	while (!me.done) {
		if (leading)
			pthread_cond_wait(&me.wake, &group_lock);
		else
			lead(db, &me);
	}
	/* Still queued jobs with no leader (ours was past GROUP_MAX in an
	 * earlier group, or we led): make sure one of them leads. */
	if (!leading && queue_head)
		pthread_cond_signal(&queue_head->wake);
	pthread_mutex_unlock(&group_lock);
	pthread_cond_destroy(&me.wake);
	return me.result;
}

void db_group_open(const char *url)
{
	pthread_mutex_lock(&group_lock);
	while (leading) { /* not while a group runs on the old writer */
		pthread_mutex_unlock(&group_lock);
		sched_yield();
		pthread_mutex_lock(&group_lock);
	}
	if (writer)
		db_close(writer);
	writer = NULL;
	writer_failed = false;
	free(writer_url);
	writer_url = url ? strdup(url) : NULL;
	pthread_mutex_unlock(&group_lock);
}

struct db_group_stats db_group_stats(void)
{
	struct db_group_stats s;

	pthread_mutex_lock(&group_lock);
	s = stats;
	pthread_mutex_unlock(&group_lock);
	return s;
}
