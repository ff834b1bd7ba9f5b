/* worker: see worker.h.  Waiting uses a condition variable on the
 * monotonic clock, so a kick wakes the thread at once and a change of
 * the wall clock neither stalls nor hurries it.  A kick that arrives
 * while a batch is running is remembered (the `kicked` flag), so mail
 * queued during a send is not left for the next interval. */
#include "worker.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/log.h"
#include "base/util.h"
#include "store/outbox.h"

#define BATCH 16 /* rows claimed at once */

struct mail_worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	bool stopping, kicked; /* under mu */
	unsigned interval_ms;
	struct smtp_config cfg; /* points at the copies below */
	char *url, *from, *username, *password;
	struct db *db; /* used by the thread only, after start */
};

static bool is_stopping(struct mail_worker *w)
{
	bool s;

	pthread_mutex_lock(&w->mu);
	s = w->stopping;
	pthread_mutex_unlock(&w->mu);
	return s;
}

static void log_attempt(const char *level, const char *event,
			const struct outbox_msg *m, const char *error)
{
	char id[24], attempt[12];

	snprintf(id, sizeof(id), "%" PRId64, m->id);
	snprintf(attempt, sizeof(attempt), "%d", m->attempts + 1);
	if (error)
		log_event(level, event, "outbox_id", id, "domain",
			  email_domain(m->to), "attempt", attempt,
			  "error", error);
	else
		log_event(level, event, "outbox_id", id, "domain",
			  email_domain(m->to), "attempt", attempt);
}

/* The server refused the recipient for good: mark the address (no new
 * mail is queued to it) and give the row up instead of ten retries. */
static void rejected(struct mail_worker *w, const struct outbox_msg *m,
		     const char *err)
{
	log_attempt("warn", "mail_rejected", m, err);
	/* the mark and the row's end in one transaction; should it fail,
	 * the row is tried again when its lease ends */
	if (outbox_give_up_bounced(w->db, m->id, m->to, err) != ERR_OK)
		log_attempt("error", "mail_bounce_record_failed", m, NULL);
}

static void send_one(struct mail_worker *w, struct smtp_conn *k,
		     const struct outbox_msg *m)
{
	struct smtp_mail mail = {m->to, m->subject, m->body, m->unsubscribe_url};
	char err[512] = "";
	enum smtp_result r = smtp_conn_send(k, &w->cfg, &mail, err, sizeof(err));

	if (r == SMTP_REJECTED) {
		rejected(w, m, err);
		return;
	}
	if (r != SMTP_SENT) {
		log_attempt("warn", "mail_failed", m, err);
		outbox_mark_failed(w->db, m->id, err);
		return;
	}
	log_attempt("info", "mail_sent", m, NULL);
	/* Should this fail, the row is sent again when its lease ends:
	 * twice is better than never. */
	if (outbox_mark_sent(w->db, m->id) != ERR_OK)
		log_attempt("error", "mail_mark_sent_failed", m, NULL);
}

/* Claim and send one batch over one SMTP connection, closed at the end
 * of the batch (a server drops idle connections, and the next batch may
 * be minutes away); returns the number of rows claimed. */
static size_t run_batch(struct mail_worker *w)
{
	struct smtp_conn *k = NULL;
	struct arena ar;
	struct outbox_msg *m;
	size_t n, i;

	arena_init(&ar);
	if (outbox_due(w->db, &ar, BATCH, &m, &n) != ERR_OK)
		n = 0; /* logged by db_error; try again next interval */
	if (n)
		k = smtp_conn_open();
	for (i = 0; i < n && !is_stopping(w); i++)
		send_one(w, k, &m[i]);
	smtp_conn_close(k);
	/* Stopping: the rest need not wait for their lease to end. */
	for (; i < n; i++)
		outbox_release(w->db, m[i].id);
	arena_clear(&ar);
	return n;
}

static void wait_for_work(struct mail_worker *w)
{
	struct timespec until;

	mono_deadline(&until, (long)w->interval_ms);
	pthread_mutex_lock(&w->mu);
	while (!w->stopping && !w->kicked)
		if (pthread_cond_timedwait(&w->cond, &w->mu, &until) ==
		    ETIMEDOUT)
			break;
	w->kicked = false;
	pthread_mutex_unlock(&w->mu);
}

static void *worker_main(void *arg)
{
	struct mail_worker *w = arg;

	while (!is_stopping(w)) {
		if (run_batch(w) == BATCH)
			continue; /* a full batch: more may be due */
		wait_for_work(w);
	}
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void worker_free(struct mail_worker *w)
{
	db_close(w->db);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->mu);
	free(w->url);
	free(w->from);
	free(w->username);
	if (w->password)
		explicit_bzero(w->password, strlen(w->password));
	free(w->password);
	free(w);
}

static void config_copy(struct mail_worker *w, const struct smtp_config *cfg)
{
	w->url = dup_or_null(cfg->url);
	w->from = dup_or_null(cfg->from);
	w->username = dup_or_null(cfg->username);
	w->password = dup_or_null(cfg->password);
	w->cfg.url = w->url;
	w->cfg.from = w->from;
	w->cfg.username = w->username;
	w->cfg.password = w->password;
	w->cfg.require_tls = cfg->require_tls;
}

static void sync_init(struct mail_worker *w)
{
	pthread_mutex_init(&w->mu, NULL);
	cond_init_monotonic(&w->cond);
}

/* The thread inherits a mask with every signal blocked: SIGTERM and
 * SIGINT are for main's sigwait, whenever the worker was started. */
static int thread_start(struct mail_worker *w)
{
	sigset_t all, old;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

static void warn_plaintext(const struct smtp_config *cfg)
{
	if (cfg->username && !cfg->require_tls && cfg->url &&
	    strncmp(cfg->url, "smtps://", 8) != 0)
		log_event("warn", "smtp_password_may_go_unencrypted", "hint",
			  "set --smtp-require-tls or use an smtps:// URL");
}

struct mail_worker *mail_worker_start(const struct smtp_config *cfg,
				      const char *db_url,
				      unsigned interval_ms)
{
	struct mail_worker *w;
	char msg[512] = "";

	if (smtp_config_check(cfg, msg, sizeof(msg)) != 0) {
		log_event("error", "mail_config_invalid", "message", msg);
		return NULL;
	}
	w = xcalloc(1, sizeof(*w));
	w->interval_ms = interval_ms ? interval_ms : 1;
	config_copy(w, cfg);
	sync_init(w);
	if (db_open(db_url, &w->db, msg, sizeof(msg)) != ERR_OK) {
		log_event("error", "mail_worker_db_open_failed", "message", msg);
		worker_free(w);
		return NULL;
	}
	if (thread_start(w) != 0) {
		log_event("error", "mail_worker_thread_failed");
		worker_free(w);
		return NULL;
	}
	warn_plaintext(cfg);
	return w;
}

void mail_worker_kick(struct mail_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->kicked = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->mu);
}

void mail_worker_stop(struct mail_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	worker_free(w);
}
