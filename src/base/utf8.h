/* utf8: make outside text safe to show again.  Validation with messages
 * lives in domain/signal (text_check); this only repairs for display. */
#ifndef WA_UTF8_H
#define WA_UTF8_H
#include <stddef.h>

#include "base/arena.h"

/* A copy of s in the arena where every byte that is not part of a valid
 * UTF-8 sequence is replaced by U+FFFD; NULL stays NULL. */
const char *utf8_sanitize(struct arena *a, const char *s);
/* Length (1-4) of the well-formed UTF-8 sequence at s, or 0: overlong
 * forms, surrogates and code points past U+10FFFF are refused, and a NUL
 * inside a sequence ends it. */
size_t utf8_seq_len(const unsigned char *s);

#endif
