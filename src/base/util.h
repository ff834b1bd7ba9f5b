/* util: allocation that never returns NULL, and fatal errors.
 * Out-of-memory is not an expected failure: it aborts (STYLE.md). */
#ifndef WA_UTIL_H
#define WA_UTIL_H
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copy src into dst of size dstsz, always NUL-terminated; returns 0, or -1
 * when src was truncated. */
int strlcpy_checked(char *dst, const char *src, size_t dstsz);
/* An id as outside input writes it (a path segment, a query or form
 * value): 1..18 decimal digits, not 0.  Returns the id, 0 when s is NULL
 * or empty, -1 for anything else (signs, spaces, other bytes, 0). */
int64_t id_parse(const char *s);
/* FNV-1a of a NUL-ended text: for the tables kept in memory (not for
 * anything an outsider could choose to collide: no secret in it). */
uint32_t text_hash(const char *s);

/* Milliseconds of CLOCK_MONOTONIC: for waits and deadlines. */
long long mono_ms(void);
/* A condition variable whose timed waits count CLOCK_MONOTONIC (a wall
 * clock set back does not lengthen them), and the deadline ms from now
 * on that clock, for pthread_cond_timedwait on it. */
void cond_init_monotonic(pthread_cond_t *c);
void mono_deadline(struct timespec *until, long ms);

#endif
