/* log: see log.h. */
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define LOG_VALUE_MAX 1024
#define LOG_FLUSH_MS 100
#define LOG_BUFFER_FLUSH 8192

static void log_emit(const struct buf *line, int is_request);

static int log_quiet;
static _Thread_local time_t last_sec = -1;
static _Thread_local char last_when[40];

void log_set_quiet(int quiet)
{
	log_quiet = quiet;
}

static bool needs_quotes(const char *v)
{
	if (!*v)
		return true;
	for (; *v; v++)
		if ((unsigned char)*v <= ' ' || *v == '"' || *v == '=' ||
		    *v == '\\' || (unsigned char)*v == 0x7f)
			return true;
	return false;
}

void log_kv(struct buf *b, const char *key, const char *value)
{
	const char *v;

	buf_addc(b, ' ');
	buf_adds(b, key);
	buf_addc(b, '=');
	if (!value)
		value = "";
	if (!needs_quotes(value) && strlen(value) <= LOG_VALUE_MAX) {
		buf_adds(b, value);
		return;
	}
	buf_addc(b, '"');
	/* Long values are cut, not dropped: the event must still show. */
	for (v = value; *v && v - value < LOG_VALUE_MAX; v++) {
		unsigned char c = (unsigned char)*v;

		if (c == '"' || c == '\\')
			buf_addf(b, "\\%c", c);
		else if (c == '\n')
			buf_adds(b, "\\n");
		else if (c < ' ' || c == 0x7f)
			buf_addf(b, "\\x%02x", c);
		else
			buf_addc(b, (char)c);
	}
	if (*v)
		buf_adds(b, "...");
	buf_addc(b, '"');
}

void log_event_(const char *level, const char *event, ...)
{
	struct buf b;
	struct timespec ts;
	struct tm tm;
	char when[40];
	va_list ap;
	const char *k;

	if (log_quiet)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	/* Format the second once per thread: a line per request adds up. */
	if (ts.tv_sec != last_sec) {
		gmtime_r(&ts.tv_sec, &tm);
		strftime(last_when, sizeof(last_when), "%Y-%m-%dT%H:%M:%S", &tm);
		last_sec = ts.tv_sec;
	}
	memcpy(when, last_when, sizeof(when));
	buf_init(&b, 16384);
	buf_addf(&b, "ts=%s.%03ldZ", when, ts.tv_nsec / 1000000);
	log_kv(&b, "level", level);
	log_kv(&b, "event", event);
	va_start(ap, event);
	while ((k = va_arg(ap, const char *)) != NULL)
		log_kv(&b, k, va_arg(ap, const char *));
	va_end(ap);
	buf_addc(&b, '\n');
	if (!b.overflow)
		log_emit(&b, strcmp(event, "request") == 0);
	buf_release(&b);
}

/* --- buffered request lines ----------------------------------------- */

struct log_tbuf {
	pthread_mutex_t mu;
	struct buf b;
	struct log_tbuf *next;
};

static pthread_mutex_t tbufs_mu = PTHREAD_MUTEX_INITIALIZER;
static struct log_tbuf *tbufs;
static _Thread_local struct log_tbuf *my_tbuf;
static atomic_int buffering;
static atomic_int flusher_stop;
static pthread_t flusher;

static void write_all(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(STDERR_FILENO, p, n);

		if (w <= 0)
			return; /* nothing sensible to do when stderr is gone */
		p += w;
		n -= (size_t)w;
	}
}

static void tbuf_flush_locked(struct log_tbuf *t)
{
	if (t->b.len) {
		write_all(t->b.data, t->b.len);
		buf_reset(&t->b);
	}
}

static struct log_tbuf *tbuf_get(void)
{
	if (!my_tbuf) {
		struct log_tbuf *t = xcalloc(1, sizeof(*t));

		pthread_mutex_init(&t->mu, NULL);
		buf_init(&t->b, 1 << 20);
		pthread_mutex_lock(&tbufs_mu);
		t->next = tbufs;
		tbufs = t;
		pthread_mutex_unlock(&tbufs_mu);
		my_tbuf = t;
	}
	return my_tbuf;
}

/* Request lines go to this thread's buffer when buffering is on; every
 * other event first flushes that buffer (order within a thread stays) and
 * is written at once. */
static void log_emit(const struct buf *line, int is_request)
{
	struct log_tbuf *t;

	if (!atomic_load(&buffering)) {
		write_all(line->data, line->len);
		return;
	}
	t = tbuf_get();
	pthread_mutex_lock(&t->mu);
	if (is_request) {
		buf_add(&t->b, line->data, line->len);
		if (t->b.len >= LOG_BUFFER_FLUSH || t->b.overflow)
			tbuf_flush_locked(t);
	} else {
		tbuf_flush_locked(t);
		write_all(line->data, line->len);
	}
	pthread_mutex_unlock(&t->mu);
}

static void flush_all(void)
{
	pthread_mutex_lock(&tbufs_mu);
	for (struct log_tbuf *t = tbufs; t; t = t->next) {
		pthread_mutex_lock(&t->mu);
		tbuf_flush_locked(t);
		pthread_mutex_unlock(&t->mu);
	}
	pthread_mutex_unlock(&tbufs_mu);
}

static void *flusher_main(void *arg)
{
	(void)arg;
	while (!atomic_load(&flusher_stop)) {
		usleep(LOG_FLUSH_MS * 1000);
		flush_all();
	}
	return NULL;
}

void log_buffered_start(void)
{
	atomic_store(&flusher_stop, 0);
	if (pthread_create(&flusher, NULL, flusher_main, NULL) == 0)
		atomic_store(&buffering, 1);
}

void log_buffered_stop(void)
{
	if (!atomic_load(&buffering))
		return;
	atomic_store(&buffering, 0);
	atomic_store(&flusher_stop, 1);
	pthread_join(flusher, NULL);
	flush_all();
	pthread_mutex_lock(&tbufs_mu);
	while (tbufs) {
		struct log_tbuf *t = tbufs;

		tbufs = t->next;
		buf_release(&t->b);
		pthread_mutex_destroy(&t->mu);
		free(t);
	}
	pthread_mutex_unlock(&tbufs_mu);
}
