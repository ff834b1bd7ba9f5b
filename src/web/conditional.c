/* conditional: conditional GETs for every public answer (see
 * conditional.h).
 *
 * One place after the handler rather than in each handler: a list, an
 * area, the agenda and the figures all hash the body they are about to
 * send, so the ETag changes exactly when the answer does (a language, a
 * new signal on the agenda) and nothing has to remember to update it.
 * The work is done anyway; what a 304 saves is the bytes, which is what
 * a neighbourhood website polling the agenda costs us.  HEAD runs the
 * GET handler, so it gets the same ETag. */
#include "web/conditional.h"

#include <sodium.h>
#include <string.h>

#include "http/etag.h"

bool web_api_path(const char *path)
{
	return strncmp(path, "/api/", 5) == 0 || strncmp(path, "/hsds", 5) == 0 ||
	       strncmp(path, "/open311/", 9) == 0 ||
	       strncmp(path, "/open-data/", 11) == 0;
}

static bool is_read(const struct http_req *req)
{
	return strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
}

static bool taggable(const struct http_resp *resp)
{
	return resp->status == 200 && !resp->no_store && !resp->stream.fill &&
	       !http_deferred(resp) && !resp->body.overflow &&
	       !http_resp_get(resp, "ETag") && !http_resp_get(resp, "Set-Cookie");
}

/* The ETag's hash: SipHash-2-4 with a 128-bit output, keyed (set once
 * before the server starts; zeros until then).  BLAKE2b took 0.9 ms of a
 * cold Open311 list of 566 KB (an eighth of it), SipHash 0.2 ms
 * (bench/RESULTS.md, issue 16); keyed with the installation's secret an
 * answer cannot be made to collide with another on purpose, and the
 * instances of one installation tag alike. */
static unsigned char etag_key[crypto_shorthash_siphashx24_KEYBYTES];
_Static_assert(WEB_ETAG_KEY_BYTES == crypto_shorthash_siphashx24_KEYBYTES,
	       "the ETag key is SipHash's");

void web_conditional_key(const unsigned char *key)
{
	memcpy(etag_key, key, sizeof(etag_key));
}

static const char *body_etag(struct http_req *req, const struct http_resp *resp)
{
	unsigned char h[crypto_shorthash_siphashx24_BYTES];
	char hex[2 * sizeof(h) + 1];

	crypto_shorthash_siphashx24(h, (const unsigned char *)resp->body.data,
				    resp->body.len, etag_key);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return arena_printf(req->arena, "\"%s\"", hex);
}

void web_conditional_tag(struct http_req *req, struct http_resp *resp)
{
	if (!is_read(req))
		return;
	if (web_api_path(req->path) && !resp->no_store &&
	    !http_resp_get(resp, "Cache-Control"))
		http_resp_header(resp, "Cache-Control", "no-cache");
	if (taggable(resp))
		http_resp_header(resp, "ETag", body_etag(req, resp));
}

/* If-None-Match decides when it is there (RFC 9110 13.2.2); otherwise
 * If-Modified-Since, when the answer has a Last-Modified (the feeds),
 * compared as web/timeline.c does: the same date. */
static bool not_modified(const struct http_req *req, const char *etag,
			 const char *lm)
{
	const char *inm = http_header(req, "If-None-Match");
	const char *ims = http_header(req, "If-Modified-Since");

	if (inm)
		return etag_none_match(inm, etag);
	return ims && lm && strcmp(ims, lm) == 0;
}

void web_conditional_match(struct http_req *req, struct http_resp *resp)
{
	const char *etag = http_resp_get(resp, "ETag");

	if (!is_read(req) || resp->status != 200 || !etag)
		return;
	if (not_modified(req, etag, http_resp_get(resp, "Last-Modified")))
		resp->status = 304; /* the body stays: see http_resp in http.h */
}

void web_conditional(struct http_req *req, struct http_resp *resp)
{
	web_conditional_tag(req, resp);
	web_conditional_match(req, resp);
}
