/* cache: the public answers kept in memory (docs/architecture.md,
 * "Public reads from memory").  An answer that is the same for everyone
 * (a GET of a public route, asked without a session, an API key or any
 * cookie but the language's) is kept rendered: status 200, its body, its
 * content type and headers, its ETag.  It is used as long as the data
 * generation of its municipality (store/db.h db_generation_in) is the
 * one it was rendered in and the Amsterdam date is the same; the bytes are bounded, the least
 * recently used answer goes first.  routes_dispatch is the only caller. */
#ifndef WA_WEB_CACHE_H
#define WA_WEB_CACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

struct web_cache;

/* A cache of at most limit bytes (keys, bodies, headers, bookkeeping);
 * NULL for 0 (no cache). */
struct web_cache *web_cache_new(size_t limit);
void web_cache_free(struct web_cache *c);

/* Whether this request may be answered from, or kept in, the cache. */
bool web_cache_eligible(const struct http_req *req);
/* The generations a miss is rendered in, read before the handler runs:
 * that of the request's municipality, that of answers that show no
 * report, and, for a request that names one category (category: an
 * Open311 list of one service code), that of answers of that category
 * alone (which route it is is known only after routing).  0: unknown,
 * nothing is kept. */
struct web_cache_gen {
	uint64_t municipal, reportless, category;
	const char *category_code; /* the request's; NULL: none */
};
/* The kept answer into resp (status 200, body, headers with the ETag)
 * and its route pattern into req->route: true, or false when there is
 * none that is still true; *gen is filled either way. */
bool web_cache_get(struct web_cache *c, struct http_req *req,
		   struct http_resp *resp, struct web_cache_gen *gen);
/* Keep resp (after web_conditional_tag) if it is a whole public answer
 * and nothing it shows was written since gen. */
void web_cache_put(struct web_cache *c, struct http_req *req,
		   const struct http_resp *resp, const struct web_cache_gen *gen);
/* The largest body web_cache_put keeps (an eighth of the limit); 0
 * without a cache.  A handler that could stream its answer renders it
 * whole up to this size (web/open_data.c). */
size_t web_cache_body_max(const struct web_cache *c);

struct web_cache_stats {
	uint64_t hits, misses, stores, evictions;
	size_t bytes, entries;
};
void web_cache_stats(struct web_cache *c, struct web_cache_stats *out);

#endif
