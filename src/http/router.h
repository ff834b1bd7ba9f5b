/* router: our own route table (method + path pattern).  Patterns are
 * literal segments and `{name}` segments that match one non-empty segment;
 * `{name}.ext` matches a segment ending in the literal ".ext" and takes
 * what comes before it (non-empty), for formats named by a suffix, such
 * as Open311's /requests/{id}.json.
 * The first matching route wins, so put literals before parameters
 * (/api/v1/areas/lookup before /api/v1/areas/{code}).  HEAD is served by
 * the GET route.  A path that matches with another method gives 405 with an
 * Allow header. */
#ifndef WA_ROUTER_H
#define WA_ROUTER_H
#include "http/http.h"

typedef void (*http_handler)(struct http_req *req, struct http_resp *resp);

struct route {
	const char *method;
	const char *pattern;
	http_handler fn;
	int action; /* for the web layer's authorisation (enum authz_action) */
};

enum router_result { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_BAD_METHOD };

/* Match req->method/req->path against routes[0..n).  On ROUTER_FOUND sets
 * *fn, req->route and req->params (percent-decoded; a bad escape makes the
 * route not match).  On ROUTER_BAD_METHOD, *allow lists the methods
 * (arena). */
enum router_result router_match(const struct route *routes, size_t n,
				struct http_req *req, http_handler *fn,
				const char **allow);

#endif
