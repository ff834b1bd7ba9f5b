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
 * logged and kept in job_runs.last_result.  A local job (what each
 * process keeps in memory) is run by every instance on its own clock. */
#ifndef WA_JOBS_H
#define WA_JOBS_H
#include <stdbool.h>
#include <stddef.h>

struct db;

#define JOBS_TICK_S 60

/* A time of day in Amsterdam (weekday 1 Monday .. 7 Sunday, 0 every
 * day); hour 0 and minute 0 with set false: no time of day. */
struct job_at {
	bool set;
	int hour, minute, weekday;
};

struct job {
	const char *name; /* unique; the key of its claim */
	int every_s;	  /* interval between runs (unused with at.set) */
	/* One run on the jobs thread's own connection; 0, or -1 with a
	 * message for the log. */
	int (*run)(struct db *db, void *ctx, char *msg, size_t msglen);
	void *ctx;
	/* Run at this time of day instead of every every_s: the claim moves
	 * due_at to the next such moment (domain/notify.h notify_next_run),
	 * so of several instances one runs it, once that day. */
	struct job_at at;
	/* Run by every instance on its own clock, claimed nowhere and not
	 * recorded in job_runs: for what each process keeps in its memory
	 * (the routing memo, jobs/routing.h).  Due at the first tick. */
	bool local;
};
/* The due time after now (UTC seconds) of j: now + every_s, or the next
 * time of day. */
long long jobs_next_due(const struct job *j, long long now);

struct jobs;
/* Start the thread with its own database connection; the table of jobs
 * must outlive it.  The first tick comes at once. */
struct jobs *jobs_start(const char *db_url, const struct job *table, size_t n);
/* Stop promptly: a running job's statements fail from now on (a long
 * count ends within a moment; db_stop_when); it is logged as stopped,
 * not as failed. */
void jobs_stop(struct jobs *j);
/* One tick now, on db: claim and run what is due (a local job: every
 * time).  Returns how many ran (the thread's loop, and tests). */
int jobs_tick(struct db *db, const struct job *table, size_t n,
	      const char *instance);

#endif
