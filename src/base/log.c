/* log: see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOG_VALUE_MAX 1024

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

void log_event(const char *level, const char *event, ...)
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
	if (b.overflow) {
		buf_release(&b);
		return;
	}
	if (write(STDERR_FILENO, b.data, b.len) < 0) {
		/* Nothing sensible to do when stderr is gone. */
	}
	buf_release(&b);
}
