/* workq: see workq.h.  One mutex, one condition, a singly linked FIFO. */
#include "workq.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

struct workq {
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct workq_job *head, *tail;
	size_t queued, max_queued;
	unsigned busy; /* workers running a job */
	unsigned max_wait_ms;
	int nice;
	bool stopping;
	unsigned nthreads;
	pthread_t *threads;
};

static struct workq_job *take(struct workq *q)
{
	struct workq_job *j;

	pthread_mutex_lock(&q->lock);
	while (!q->head && !q->stopping)
		pthread_cond_wait(&q->more, &q->lock);
	j = q->head;
	if (j) {
		q->head = j->next;
		if (!q->head)
			q->tail = NULL;
		q->queued--;
		q->busy++;
	}
	pthread_mutex_unlock(&q->lock);
	return j;
}

static void finished(struct workq *q)
{
	pthread_mutex_lock(&q->lock);
	q->busy--;
	pthread_mutex_unlock(&q->lock);
}

static void *worker(void *p)
{
	struct workq *q = p;
	struct workq_job *j;

	/* Slow work yields the cores to the threads that answer requests
	 * (Linux gives each thread its own nice value). */
	if (q->nice)
		(void)setpriority(PRIO_PROCESS, (id_t)gettid(), q->nice);
	while ((j = take(q)) != NULL) {
		bool late = !j->had_worker &&
			    mono_ms() - j->queued_ms > (long long)q->max_wait_ms;

		if (!late)
			j->work(j->ctx);
		j->done(j->ctx, !late);
		finished(q);
	}
	return NULL;
}

struct workq *workq_new(unsigned threads, size_t max_queued,
			unsigned max_wait_ms, int nice)
{
	struct workq *q = xcalloc(1, sizeof(*q));

	q->nice = nice;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->more, NULL);
	q->max_queued = max_queued;
	q->max_wait_ms = max_wait_ms;
	q->threads = xcalloc(threads, sizeof(*q->threads));
	for (; q->nthreads < threads; q->nthreads++)
		if (pthread_create(&q->threads[q->nthreads], NULL, worker, q) != 0)
			fatal("workq: cannot start a thread");
	return q;
}

bool workq_push(struct workq *q, struct workq_job *job)
{
	bool ok;

	job->queued_ms = mono_ms();
	job->next = NULL;
	pthread_mutex_lock(&q->lock);
	ok = !q->stopping && q->queued < q->max_queued;
	/* A free worker is this job's: its wait is the scheduler's, not the
	 * queue's (a busy machine is slow to wake a worker of nice 10, and
	 * that is no burst to refuse). */
	job->had_worker = q->nthreads - q->busy > q->queued;
	if (ok) {
		if (q->tail)
			q->tail->next = job;
		else
			q->head = job;
		q->tail = job;
		q->queued++;
		pthread_cond_signal(&q->more);
	}
	pthread_mutex_unlock(&q->lock);
	return ok;
}

size_t workq_waiting(struct workq *q)
{
	size_t n;

	pthread_mutex_lock(&q->lock);
	n = q->queued;
	pthread_mutex_unlock(&q->lock);
	return n;
}

/* Workers drain the queue before they see stopping with nothing left. */
void workq_free(struct workq *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	pthread_cond_broadcast(&q->more);
	pthread_mutex_unlock(&q->lock);
	for (unsigned i = 0; i < q->nthreads; i++)
		pthread_join(q->threads[i], NULL);
	free(q->threads);
	pthread_cond_destroy(&q->more);
	pthread_mutex_destroy(&q->lock);
	free(q);
}
