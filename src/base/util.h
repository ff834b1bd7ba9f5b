/* util: allocation that never returns NULL, and fatal errors.
 * Out-of-memory is not an expected failure: it aborts (STYLE.md). */
#ifndef WA_UTIL_H
#define WA_UTIL_H
#include <stddef.h>

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

#endif
