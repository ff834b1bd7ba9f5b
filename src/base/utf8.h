/* utf8: make outside text safe to show again.  Validation with messages
 * lives in domain/signal (text_check); this only repairs for display. */
#ifndef WA_UTF8_H
#define WA_UTF8_H
#include "base/arena.h"

/* A copy of s in the arena where every byte that is not part of a valid
 * UTF-8 sequence is replaced by U+FFFD; NULL stays NULL. */
const char *utf8_sanitize(struct arena *a, const char *s);

#endif
