/* etag: If-None-Match against an entity-tag (RFC 9110 8.8.3, 13.1.2).
 *
 * Pure: no request, no allocation, so it is unit-tested and fuzzed on
 * its own.  The dispatcher (web/conditional.c) asks it once per answer. */
#ifndef WA_HTTP_ETAG_H
#define WA_HTTP_ETAG_H
#include <stdbool.h>

/* Header values longer than this are not read (no match: the client gets
 * the whole answer, which is always correct). */
#define ETAG_MAX_HEADER 8192

/* Whether the If-None-Match value `inm` matches `etag` (an entity-tag as
 * sent, `"..."` or `W/"..."`): `*`, or any tag of the comma-separated
 * list by the weak comparison (the W/ prefix ignored, the opaque parts
 * equal).  A list with a malformed member does not match at all: the
 * RFC's grammar does not hold, so the condition is ignored (13.1: a
 * server may ignore a condition it cannot read) and the full answer
 * goes out.  NULL or empty: false. */
bool etag_none_match(const char *inm, const char *etag);

#endif
