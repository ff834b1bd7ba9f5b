/* buf: a growable byte buffer with a hard maximum and a sticky error.
 *
 * Invariants: data is always NUL-terminated (data[len] == 0) once anything
 * was added; len < cap; len never exceeds max.  When an append would pass
 * max, nothing of it is added and `overflow` is set; later appends are then
 * ignored, so callers check once at the end (as sqlite3_str does).
 * Out of memory aborts. */
#ifndef WA_BUF_H
#define WA_BUF_H
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
	bool overflow;
};

#define BUF_DEFAULT_MAX ((size_t)64 << 20)

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
/* Forget the contents, keep the memory and the maximum. */
void buf_reset(struct buf *b);
/* Back to the first len bytes (what was added after them, or refused by
 * overflow, forgotten; overflow cleared), keeping the memory. */
void buf_truncate(struct buf *b, size_t len);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hand the bytes to the caller (NUL-terminated, free()able); b is reset. */
char *buf_detach(struct buf *b, size_t *len);
/* "" when empty, never NULL. */
const char *buf_str(const struct buf *b);

#endif
