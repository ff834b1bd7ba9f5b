/* http: the request and response a handler sees, independent of
 * libmicrohttpd (server.c is the only file that knows it), so handlers and
 * the router can be unit-tested and fuzzed without a socket.
 *
 * A request owns an arena: everything hanging off it is freed at the end of
 * the request.  A response body is a buf with a hard maximum. */
#ifndef WA_HTTP_H
#define WA_HTTP_H
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "http/form.h"

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_RESP_HEADERS 16
#define HTTP_MAX_RESP_BODY ((size_t)16 << 20)

struct app;
struct http_resp;

struct http_req {
	struct arena *arena;
	struct app *app;
	const char *method; /* "GET", "HEAD", "POST", ... */
	const char *path;   /* raw path, without the query string */
	bool http_1_0;	    /* an HTTP/1.0 request: no chunked answers */
	const char *route;  /* the matched route pattern, for logs */
	struct form query;  /* parsed query string */
	struct kv params[HTTP_MAX_PARAMS]; /* {name} segments, decoded */
	size_t nparams;
	const char *body;
	size_t body_len;
	const char *client; /* client address, for rate limits and dedupe */
	int early_status;   /* refused before routing (limits, framing) */
	const char *early_message;
	int lang;	    /* index into i18n languages */
	bool lang_explicit; /* chosen with ?lang= rather than Accept-Language */
	/* Header lookup, supplied by the transport (NULL when absent). */
	const char *(*header)(const struct http_req *r, const char *name);
	void *transport;
	/* Set by the web layer: the matched route's index, the principal and
	 * the parsed form body (each computed once, on demand). */
	int route_index;
	const void *principal;
	const void *body_form;
	const void *body_parts; /* a multipart body's parts (http/multipart.h) */
};

/* Slow work (argon2id) off the server's threads: a handler that sets
 * resp->defer.work answers nothing yet.  The server parks the connection,
 * runs work(ctx) on its pool of slow threads, and then, on one of its own
 * threads, calls then(req, resp, ctx, ran) with the same request, which
 * answers as a handler does.  ran is false when the pool was too busy
 * and work() did not run: answer 503 with Retry-After.  ctx lives in the
 * request's arena; work() must not touch req or resp. */
struct http_defer {
	void (*work)(void *ctx);
	void (*then)(struct http_req *req, struct http_resp *resp, void *ctx,
		     bool ran);
	void *ctx;
	/* Instead of work on the slow threads: work that another thread
	 * does (intake's group writer).  The server parks the connection,
	 * then calls start(ctx, wake, token) on its own thread; whoever
	 * finishes the work calls wake(token) exactly once, from any thread
	 * (start itself may), and then() follows with ran true. */
	void (*start)(void *ctx, void (*wake)(void *token), void *token);
};

/* The handler answered nothing yet: it set resp->defer. */
bool http_deferred(const struct http_resp *resp);

/* A body too large to hold (the open data's exports): the server sends
 * it chunked and asks fill(ctx, out) for more whenever the socket takes
 * it, on the thread that owns the connection, so a database connection
 * of that thread may be used inside fill, but no state of it may be kept
 * between calls (other requests use it in between).  fill appends to out
 * and returns HTTP_STREAM_MORE, or HTTP_STREAM_END after the last piece,
 * or HTTP_STREAM_ERROR: the server then breaks the connection, so the
 * client sees an unfinished answer, never a short one that looks whole.
 * ctx is the handler's, outside the request's arena (it outlives the
 * handler); done(ctx) frees it once, sent or not. */
enum http_stream_step {
	HTTP_STREAM_ERROR = -1,
	HTTP_STREAM_END = 0,
	HTTP_STREAM_MORE = 1
};
struct http_stream {
	enum http_stream_step (*fill)(void *ctx, struct buf *out);
	void (*done)(void *ctx);
	void *ctx;
};

struct http_resp {
	int status;
	const char *content_type; /* a string literal */
	/* A 304 keeps the body of the 200 it stands for: libmicrohttpd sends
	 * a 304 (and a HEAD) as headers only, with that body's length as
	 * Content-Length, the one value RFC 9110 8.6 allows there (an
	 * emptied body made it "Content-Length: 0"). */
	struct buf body;
	struct kv headers[HTTP_MAX_RESP_HEADERS];
	size_t nheaders;
	bool no_store; /* Cache-Control: private, no-store (private pages) */
	struct http_defer defer;
	struct http_stream stream; /* fill set: the body is this, not body */
};

void http_resp_init(struct http_resp *r);
/* Frees the body, and a stream that was never handed to the server. */
void http_resp_release(struct http_resp *r);
/* Add a response header; key and value must outlive the response
 * (literals or the request arena).  Excess headers are a bug: assert. */
void http_resp_header(struct http_resp *r, const char *key, const char *value);
/* A header the handler set (first of that name, any case), or NULL. */
const char *http_resp_get(const struct http_resp *r, const char *key);

const char *http_header(const struct http_req *r, const char *name);
/* A route parameter by name, or NULL. */
const char *http_param(const struct http_req *r, const char *name);
/* The media type of Content-Type without parameters, lower-cased; "" if
 * absent. */
const char *http_media_type(const struct http_req *r);
int http_status_for(enum err e);
const char *http_reason(int status);

#endif
