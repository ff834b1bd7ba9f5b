/* site: which municipality a request is for, from its Host header.  One
 * installation serves several municipalities (serve --site HOST=GMxxxx);
 * each has its own struct app (app/app.h), built at start.  Without
 * sites every request goes to the one default app, whatever its Host. */
#ifndef WA_WEB_SITE_H
#define WA_WEB_SITE_H
#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

/* The longest Host header we look at (a DNS name is at most 253). */
#define SITE_HOST_MAX 260
#define SITE_MAX 64

struct site {
	const char *host; /* lower case, without port */
	struct app *app;
};

/* Set the table once, before the server starts (read-only after). n 0:
 * every Host gets fallback.  sites is kept, not copied. */
void site_configure(const struct site *sites, size_t n, struct app *fallback);
/* The Host header's name: port and a trailing dot dropped, lower case,
 * into out (SITE_HOST_MAX).  -1 when absent, too long or not a host
 * name (letters, digits, '-', '.', or an IPv6 literal in brackets). */
int site_host_normalise(const char *host, char *out, size_t outlen);
/* Set req->app from the Host; false when sites are configured and the
 * Host is none of them (answer site_unknown). */
bool site_choose(struct http_req *req);
/* The 404 page for an unknown host: names nothing of the installation. */
void site_unknown(struct http_req *req, struct http_resp *resp);

#endif
