/* later: see later.h. */
#include "later.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "base/log.h"
#include "base/util.h"
#include "base/workq.h"
#include "i18n/i18n.h"
#include "store/store.h"

struct later_job {
	struct workq_job job;
	const struct app *app;
	int lang;
	later_fn fn;
	char *arg;
};

static void run(const struct app *app, int lang, later_fn fn, const char *arg)
{
	struct db *db = store_thread_db();
	struct arena ar;

	if (!db) {
		log_event("error", "later_no_db");
		return;
	}
	i18n_use((enum lang)lang);
	arena_init(&ar);
	fn(app, db, &ar, arg);
	arena_clear(&ar);
}

static void later_work(void *p)
{
	struct later_job *j = p;

	run(j->app, j->lang, j->fn, j->arg);
}

static void later_done(void *p, bool ran)
{
	struct later_job *j = p;

	free(j->arg);
	free(j);
}

struct workq *later_start(size_t max_queued)
{
	return workq_new(1, max_queued, UINT_MAX, 0);
}

void later_stop(struct workq *q)
{
	workq_free(q);
}

bool later(const struct app *app, int lang, later_fn fn, const char *arg)
{
	struct later_job *j;

	if (!app->later) {
		run(app, lang, fn, arg);
		return true;
	}
	j = xcalloc(1, sizeof(*j));
	*j = (struct later_job){{.work = later_work, .done = later_done}, app,
			       lang, fn, xstrdup(arg)};
	j->job.ctx = j;
	if (workq_push(app->later, &j->job))
		return true;
	log_event("error", "later_queue_full");
	later_done(j, false);
	return false;
}
