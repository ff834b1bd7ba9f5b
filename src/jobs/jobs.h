/* jobs: work that runs on a clock rather than a request (retention, the
 * social map's freshness reminders, and the ones to come), run once
 * across every instance of the server.
 *
 * A job is a name, an interval and a function.  One thread per server
 * wakes every JOBS_TICK_S seconds and, for each job, tries to claim its
 * run in the database (store/jobs.c): only the instance whose claim moves
 * the job's due time forward runs it, so with three instances on one
 * PostgreSQL the retention still runs once a day, not three times.  A
 * job that fails is not retried before its next due time; the failure is
 * logged and kept in job_runs.last_result. */
#ifndef WA_JOBS_H
#define WA_JOBS_H
#include <stddef.h>

struct db;

#define JOBS_TICK_S 60

struct job {
	const char *name; /* unique; the key of its claim */
	int every_s;	  /* interval between runs */
	/* One run on the jobs thread's own connection; 0, or -1 with a
	 * message for the log. */
	int (*run)(struct db *db, void *ctx, char *msg, size_t msglen);
	void *ctx;
};

struct jobs;
/* Start the thread with its own database connection; the table of jobs
 * must outlive it.  The first tick comes at once. */
struct jobs *jobs_start(const char *db_url, const struct job *table, size_t n);
/* Stop promptly (a running job finishes first). */
void jobs_stop(struct jobs *j);
/* One tick now, on db: claim and run what is due.  Returns how many ran
 * (the thread's loop, and tests). */
int jobs_tick(struct db *db, const struct job *table, size_t n,
	      const char *instance);

#endif
