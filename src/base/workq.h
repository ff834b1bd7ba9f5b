/* workq: a few threads for slow work (argon2id hashing), so that the
 * server's own threads never wait for it.  A job waits in a bounded queue;
 * one that waited behind other jobs longer than max_wait_ms is not run but
 * answered at once (ran = false), so a burst is refused quickly instead of
 * piling up.  A job that found a worker free is always run, however late
 * that worker wakes: on a busy machine a worker of nice 10 can wait a
 * second for a core, and refusing then would refuse a lone log-in.
 *
 * Jobs are run in the order they came.  done() is called on the worker
 * thread, after work() or instead of it; the job's memory is the caller's
 * until done() has been called. */
#ifndef WA_WORKQ_H
#define WA_WORKQ_H
#include <stdbool.h>
#include <stddef.h>

struct workq;

struct workq_job {
	void (*work)(void *ctx);
	void (*done)(void *ctx, bool ran);
	void *ctx;
	/* set by workq_push */
	long long queued_ms;
	bool had_worker; /* a worker was free when it came */
	struct workq_job *next;
};

/* threads workers, at most max_queued jobs waiting, max_wait_ms; the
 * workers run at the nice value given (0: as the process). */
struct workq *workq_new(unsigned threads, size_t max_queued,
			unsigned max_wait_ms, int nice);
/* Queue a job.  false when the queue is full or stopping: nothing will
 * be called. */
bool workq_push(struct workq *q, struct workq_job *job);
/* Jobs waiting now (for logs and tests). */
size_t workq_waiting(struct workq *q);
/* Run what is queued (late ones answered unrun), then join the threads. */
void workq_free(struct workq *q);

#endif
