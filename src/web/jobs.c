/* jobs: see jobs.h. */
#include "jobs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/log.h"
#include "base/util.h"
#include "store/accounts.h"
#include "store/store.h"
#include "web/freshness.h"

/* One retention run inside db_write; detail is its audit entry's. */
struct retention {
	int days;
	const char *closed_before, *now, *idle;
	char detail[160];
};

static enum err retention_tx(struct db *db, void *p)
{
	struct retention *r = p;
	struct retention_counts c;
	struct audit_entry a;
	enum err e;

	e = store_retention(db, r->closed_before, r->now, r->idle, &c);
	snprintf(r->detail, sizeof(r->detail),
		 "{\"days\": %d, \"anonymised\": %lld, \"tokens\": %lld, "
		 "\"sessions\": %lld, \"mails\": %lld}",
		 r->days, (long long)c.anonymised, (long long)c.tokens,
		 (long long)c.sessions, (long long)c.mails);
	if (e == ERR_OK) {
		a = (struct audit_entry){0, 0, "system", "retention.run",
					 "retention", r->now, r->detail};
		e = store_audit_add(db, &a);
	}
	return e;
}

int jobs_retention(struct db *db, int days, int idle_minutes, char *msg,
		   size_t msglen)
{
	char closed_before[32], now[32], idle[32];
	struct retention r = {days, closed_before, now, idle, ""};
	enum err e;

	store_time_ago(closed_before, sizeof(closed_before), days * 86400);
	store_now(now, sizeof(now));
	store_time_ago(idle, sizeof(idle), idle_minutes * 60);
	if ((e = db_write(db, retention_tx, &r)) != ERR_OK) {
		snprintf(msg, msglen, "retention failed: %s", err_name(e));
		return -1;
	}
	snprintf(msg, msglen, "%s", r.detail);
	log_event("info", "retention", "result", r.detail);
	return 0;
}

struct jobs {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	int stop;
	char *db_url;
	int days, idle_minutes;
	char *base_url;
};

static void *jobs_main(void *arg)
{
	struct jobs *j = arg;
	struct db *db = NULL;
	char msg[256];

	for (;;) {
		struct timespec until;

		if (!db && db_open(j->db_url, &db, msg, sizeof(msg)) != ERR_OK) {
			log_event("error", "retention_db", "message", msg);
			db = NULL;
		}
		if (db && jobs_retention(db, j->days, j->idle_minutes, msg,
					 sizeof(msg)) != 0)
			log_event("error", "retention_failed", "message", msg);
		if (db && freshness_remind(db, j->base_url, NULL, msg, sizeof(msg)) != 0)
			log_event("error", "freshness_failed", "message", msg);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 86400;
		pthread_mutex_lock(&j->mu);
		while (!j->stop &&
		       pthread_cond_timedwait(&j->cond, &j->mu, &until) == 0)
			;
		if (j->stop) {
			pthread_mutex_unlock(&j->mu);
			break;
		}
		pthread_mutex_unlock(&j->mu);
	}
	db_close(db);
	return NULL;
}

struct jobs *jobs_start(const char *db_url, int days, int idle_minutes,
			 const char *base_url)
{
	struct jobs *j = xcalloc(1, sizeof(*j));

	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cond, NULL);
	j->db_url = xstrdup(db_url);
	j->days = days;
	j->base_url = xstrdup(base_url);
	j->idle_minutes = idle_minutes;
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
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->mu);
	pthread_join(j->thread, NULL);
	pthread_cond_destroy(&j->cond);
	pthread_mutex_destroy(&j->mu);
	free(j->db_url);
	free(j->base_url);
	free(j);
}
