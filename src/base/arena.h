/* arena: a per-request memory pool, freed in one call (as h2o's mem pool).
 * Nothing long-lived may point into an arena.  Out of memory aborts. */
#ifndef WA_ARENA_H
#define WA_ARENA_H
#include <stddef.h>

struct arena_block;
struct arena {
	struct arena_block *head;
};

void arena_init(struct arena *a);
/* Free every block; the arena may be used again. */
void arena_clear(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Room for one more element in an arena-backed array of n elements of
 * `size` bytes with capacity *cap: returns the (possibly moved) array. */
void *arena_vec_grow(struct arena *a, void *items, size_t n, size_t *cap,
		     size_t size);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
