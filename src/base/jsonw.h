/* jsonw: JSON written straight into a buf, for answers too large to build
 * as a jansson tree first (an Open311 page of 1,000 requests: the tree and
 * its dump were a third of the request, bench/RESULTS.md, issue 16).
 *
 * The bytes are the ones web_json writes with jansson for the same values
 * (JSON_COMPACT | JSON_REAL_PRECISION(10)): strings escape '"', '\' and
 * control characters as jansson does ("\n", "\u001F"), everything else
 * UTF-8 as it is; reals by "%.10g", with ".0" when that has neither point
 * nor exponent and the exponent without '+' or leading zeros.  One
 * difference: jansson refuses a string that is not valid UTF-8 (the field
 * would be missing); here each byte that is not part of a valid sequence
 * becomes U+FFFD, as utf8_sanitize repairs text for display. */
#ifndef WA_JSONW_H
#define WA_JSONW_H
#include <stdint.h>

#include "base/buf.h"

/* "s" escaped, or null when s is NULL. */
void jsonw_str(struct buf *b, const char *s);
void jsonw_int(struct buf *b, int64_t v);
/* A finite v (not NaN or infinite: jansson refuses those too). */
void jsonw_real(struct buf *b, double v);

#endif
