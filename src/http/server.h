/* server: the only module that knows libmicrohttpd.  It reads requests
 * within the limits below, hands a struct http_req to one dispatch
 * function, adds the security headers to every response, logs one logfmt
 * line per request, and shuts down letting in-flight requests finish.
 *
 * Limits: header bytes are bounded by libmicrohttpd's per-connection memory
 * pool (max_header_bytes; it answers 431 itself past that); bodies by
 * max_body_bytes (413, checked against Content-Length before reading and
 * while reading chunked bodies). */
#ifndef WA_SERVER_H
#define WA_SERVER_H
#include <stddef.h>

#include "http/http.h"

struct server_config {
	const char *listen; /* "127.0.0.1:8080" or "[::1]:8080" */
	unsigned threads;
	size_t max_body_bytes;
	size_t max_header_bytes;
	unsigned timeout_seconds;  /* idle connection timeout */
	int trust_proxy;	   /* take the client from X-Forwarded-For */
	/* Body limit for a path when it differs from max_body_bytes (bulk
	 * imports); NULL, or returning 0, means max_body_bytes. */
	size_t (*body_limit)(const char *method, const char *path);
};

typedef void (*server_dispatch)(struct http_req *req, struct http_resp *resp);

struct server;

/* Parse "host:port" into the config's form; 0 or -1 with a message. */
int server_parse_listen(const char *listen, char *err, size_t errlen);
/* Start listening; returns NULL with a message in err. */
struct server *server_start(const struct server_config *cfg,
			    server_dispatch dispatch, struct app *app,
			    char *err, size_t errlen);
/* Stop accepting, wait up to grace_ms for requests in flight, stop. */
void server_stop(struct server *s, unsigned grace_ms);

#endif
