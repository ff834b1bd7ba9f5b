/* conditional: ETag, If-None-Match and Cache-Control of the answers that
 * are the same for everyone (docs/api.md, "Conventions").  The
 * dispatcher calls it once, after the handler. */
#ifndef WA_WEB_CONDITIONAL_H
#define WA_WEB_CONDITIONAL_H
#include "http/http.h"

/* Whether the path is one of our machine interfaces (/api/, /hsds,
 * /open311/, /open-data/): their answers get Cache-Control: no-cache
 * unless the handler chose, and CORS for the public reads. */
bool web_api_path(const char *path);

/* A GET or HEAD answered 200, not private (no_store), not streamed, not
 * setting a cookie and without an ETag of its handler's: a strong ETag
 * of the body (keyed SipHash, 128 bits, hex); a matching If-None-Match turns
 * it into 304 without a body.  API answers without a Cache-Control of
 * their own get no-cache (store, but ask before use). */
void web_conditional(struct http_req *req, struct http_resp *resp);
/* Its two halves, for the answer cache (web/cache.c) to sit between:
 * tag (Cache-Control, the ETag of the body), then match (304 when
 * If-None-Match names the ETag, whoever set it). */
void web_conditional_tag(struct http_req *req, struct http_resp *resp);
void web_conditional_match(struct http_req *req, struct http_resp *resp);
/* The ETags' key (WEB_ETAG_KEY_BYTES), from the installation's secret:
 * the instances of one installation then tag the same body alike. */
#define WEB_ETAG_KEY_BYTES 16
void web_conditional_key(const unsigned char *key);

#endif
