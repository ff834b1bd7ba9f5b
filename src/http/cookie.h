/* cookie: read one cookie from a Cookie header (RFC 6265 syntax, lenient
 * about spaces).  Limits: a header of at most COOKIE_MAX_HEADER bytes and
 * values of at most COOKIE_MAX_VALUE bytes; past them the cookie counts as
 * absent.  The value is copied into the arena. */
#ifndef WA_COOKIE_H
#define WA_COOKIE_H
#include "base/arena.h"

#define COOKIE_MAX_HEADER 4096
#define COOKIE_MAX_VALUE 256

const char *cookie_get(struct arena *a, const char *header, const char *name);

#endif
