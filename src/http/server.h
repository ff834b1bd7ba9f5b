/* server: the only module that knows libmicrohttpd.  It reads requests
 * within the limits below, hands a struct http_req to one dispatch
 * function, adds the security headers to every response, logs one logfmt
 * line per request, and shuts down letting in-flight requests finish.
 *
 * Limits: header bytes are bounded by libmicrohttpd's per-connection memory
 * pool (max_header_bytes; it answers 431 itself past that); the whole
 * header must arrive within header_timeout_seconds of the connection's
 * start or of the end of its previous response (a deadline, not reset by
 * each byte: slow clients cannot hold a connection by trickling); at most
 * per_address connections from one address (0: no limit; behind a proxy
 * every connection comes from the proxy, so main.c leaves it off there).
 * Bodies: the head hook, called once the header is in and before any of
 * the body is read or "100 Continue" sent, decides who may send one and
 * how large (413 checked against Content-Length before reading, and while
 * reading chunked bodies). */
#ifndef WA_SERVER_H
#define WA_SERVER_H
#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

#define SERVER_MAX_PROXIES 16 /* PROXY_MAX of http/proxy.h */

/* Called when a request's header is complete, before its body.  Return
 * true to read the body, within *max_body (preset to max_body_bytes);
 * false when resp holds the answer, sent at once (the connection is then
 * closed, the body never read).  The same req is later given to the
 * dispatcher, so what the hook caches on it (the principal) is reused. */
typedef bool (*server_head)(struct http_req *req, struct http_resp *resp,
			    size_t *max_body);

struct server_config {
	const char *listen; /* "127.0.0.1:8080" or "[::1]:8080" */
	unsigned threads;
	size_t max_body_bytes;
	size_t max_header_bytes;
	unsigned timeout_seconds;	 /* idle connection timeout */
	unsigned header_timeout_seconds; /* whole header deadline */
	unsigned per_address;		 /* connections per address, 0: any */
	/* X-Forwarded-For is read only from these peers (numeric IPv4 or
	 * IPv6 addresses); from anyone else it is ignored. */
	const char *trusted_proxies[SERVER_MAX_PROXIES];
	size_t ntrusted_proxies;
	server_head head; /* NULL: every body within max_body_bytes */
	/* Bodies a head hook let grow past max_body_bytes (photos) are held
	 * in memory whole: at most this many bytes of them at once (each
	 * counts its Content-Length, or its whole limit when chunked); past
	 * it 503 with Retry-After, before a byte is read.  0: no limit. */
	size_t big_body_budget;
	/* The pool for http_defer work: threads, jobs waiting at most, and
	 * how long a job may wait before it is answered unrun. */
	unsigned slow_threads;
	size_t slow_queue;
	unsigned slow_wait_ms;
};

typedef void (*server_dispatch)(struct http_req *req, struct http_resp *resp);

struct server;

/* Parse "host:port" into the config's form; 0 or -1 with a message. */
int server_parse_listen(const char *listen, char *err, size_t errlen);
/* Check a trusted proxy's address (numeric IPv4 or IPv6); 0 or -1. */
int server_parse_proxy(const char *addr, char *err, size_t errlen);
/* Start listening; returns NULL with a message in err. */
struct server *server_start(const struct server_config *cfg,
			    server_dispatch dispatch, struct app *app,
			    char *err, size_t errlen);
/* Stop accepting, wait up to grace_ms for requests in flight, stop. */
void server_stop(struct server *s, unsigned grace_ms);

#endif
