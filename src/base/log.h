/* log: one logfmt line per event on stderr, written with a single write(2)
 * so that lines from several threads never interleave.
 *
 *   log_event("info", "request", "method", "GET", "path", "/");
 *   -> ts=2026-11-27T18:00:00.123Z level=info event=request method=GET path=/
 *
 * Values are quoted when they hold spaces, quotes, '=' or control bytes;
 * control bytes are escaped, so a hostile path cannot forge a log line. */
#ifndef WA_LOG_H
#define WA_LOG_H
#include "buf.h"

/* Key/value pairs (const char *).  The macro ends the list with a typed
 * NULL, so callers never pass a bare NULL through "..." (whose type a
 * variadic call leaves open). */
#define LOG_END ((const char *)0)
#define log_event(...) log_event_(__VA_ARGS__, LOG_END)
void log_event_(const char *level, const char *event, ...);
/* Append ` key=value` with logfmt quoting; exposed for tests. */
void log_kv(struct buf *b, const char *key, const char *value);
/* Buffered mode for the server: "request" lines gather per thread and a
 * flusher thread writes them every 100 ms (or at 8 KiB), saving a write(2)
 * per request; every other event is written at once, after the lines
 * before it.  log_buffered_stop() flushes everything; a SIGKILL can lose
 * the last 100 ms of request lines, never an error or lifecycle event.
 * Threads that log must not outlive log_buffered_stop(). */
void log_buffered_start(void);
void log_buffered_stop(void);
/* When set, log_event writes nothing (unit tests, benchmarks). */
void log_set_quiet(int quiet);

#endif
