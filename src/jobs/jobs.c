/* jobs: see jobs.h. */
#include "jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/token.h"
#include "base/util.h"
#include "domain/notify.h"
#include "store/jobs.h"
#include "store/store.h"

struct jobs {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	int stop;
	/* Set by jobs_stop: the thread's statements fail from then on
	 * (db_stop_when), so a job counting for minutes ends at once. */
	atomic_int halt;
	struct db *db; /* the thread's connection, under mu */
	char *db_url;
	const struct job *table;
	size_t n;
	long long *due;               /* a local job's next run (UTC seconds), by index */
	char instance[TOKEN_LEN + 1]; /* this process, in job_runs */
};

static void run_one(struct db *db, const struct job *jb,
		    const atomic_int *halt)
{
	char msg[256] = "", now[32];
	int rc = jb->run(db, jb->ctx, msg, sizeof(msg));

	if (halt && atomic_load(halt)) { /* its next run will do it */
		log_event("info", "job_stopped", "job", jb->name);
		return;
	}
	store_now(now, sizeof(now));
	if (rc != 0)
		log_event("error", "job_failed", "job", jb->name, "message", msg);
	if (!jb->local &&
	    store_job_done(db, jb->name, now, rc == 0 ? msg : "failed") != ERR_OK)
		log_event("error", "job_record", "job", jb->name);
}

long long jobs_next_due(const struct job *j, long long now)
{
	if (!j->at.set)
		return now + j->every_s;
	return (long long)notify_next_run(now, j->at.hour, j->at.minute,
					  j->at.weekday);
}

/* The due time of j as stored (store_now's format). */
static void next_due(const struct job *j, char *out, size_t outlen)
{
	long long now = (long long)time(NULL);

	store_time_ago(out, outlen, (int)(now - jobs_next_due(j, now)));
}

/* due: the local jobs' next runs (NULL: each runs every tick). */
static int tick(struct db *db, const struct job *table, size_t n,
		const char *instance, const atomic_int *halt, long long *due)
{
	char now[32], next[32];
	bool claimed;
	int ran = 0;

	for (size_t i = 0; i < n && !(halt && atomic_load(halt)); i++) {
		if (table[i].local) {
			long long t = (long long)time(NULL);

			if (due && t < due[i])
				continue;
			run_one(db, &table[i], halt);
			if (due)
				due[i] = jobs_next_due(&table[i], t);
			ran++;
			continue;
		}
		store_now(now, sizeof(now));
		next_due(&table[i], next, sizeof(next));
		/* A job of a time of day seen for the first time waits for
		 * that time; one of an interval runs at once. */
		if (store_job_claim(db, table[i].name, now, next,
				    table[i].at.set ? next : now, instance,
				    &claimed) != ERR_OK) {
			if (halt && atomic_load(halt))
				break; /* stopping: refused (db_stop_when) */
			log_event("error", "job_claim", "job", table[i].name);
			continue;
		}
		if (!claimed)
			continue;
		run_one(db, &table[i], halt);
		ran++;
	}
	return ran;
}

int jobs_tick(struct db *db, const struct job *table, size_t n,
	      const char *instance)
{
	return tick(db, table, n, instance, NULL, NULL);
}

/* Wait a tick, or until stopped; true to go on. */
static bool wait_tick(struct jobs *j)
{
	struct timespec until;
	bool go;

	mono_deadline(&until, JOBS_TICK_S * 1000L);
	pthread_mutex_lock(&j->mu);
	while (!j->stop &&
	       pthread_cond_timedwait(&j->cond, &j->mu, &until) == 0)
		;
	go = !j->stop;
	pthread_mutex_unlock(&j->mu);
	return go;
}

static void *jobs_main(void *arg)
{
	struct jobs *j = arg;
	struct db *db = NULL;
	char msg[256];

	do {
		if (!db && db_open(j->db_url, &db, msg, sizeof(msg)) != ERR_OK) {
			log_event("error", "jobs_db", "message", msg);
			db = NULL;
		}
		if (db && !j->db) {
			db_stop_when(db, &j->halt);
			pthread_mutex_lock(&j->mu);
			j->db = db;
			pthread_mutex_unlock(&j->mu);
		}
		if (db)
			tick(db, j->table, j->n, j->instance, &j->halt, j->due);
	} while (wait_tick(j));
	pthread_mutex_lock(&j->mu);
	j->db = NULL;
	pthread_mutex_unlock(&j->mu);
	db_close(db);
	return NULL;
}

struct jobs *jobs_start(const char *db_url, const struct job *table, size_t n)
{
	struct jobs *j = xcalloc(1, sizeof(*j));

	pthread_mutex_init(&j->mu, NULL);
	cond_init_monotonic(&j->cond); /* a clock set back: no longer tick */
	j->db_url = xstrdup(db_url);
	j->table = table;
	j->n = n;
	j->due = xcalloc(n ? n : 1, sizeof(*j->due));
	token_new(j->instance);
	if (pthread_create(&j->thread, NULL, jobs_main, j) != 0)
		fatal("cannot start the jobs thread");
	return j;
}

void jobs_stop(struct jobs *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->mu);
	j->stop = 1;
	atomic_store(&j->halt, 1);
	if (j->db)
		db_interrupt(j->db);
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->mu);
	pthread_join(j->thread, NULL);
	pthread_cond_destroy(&j->cond);
	pthread_mutex_destroy(&j->mu);
	free(j->db_url);
	free(j->due);
	free(j);
}
