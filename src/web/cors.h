/* cors: cross-origin reads of the public API (the Fetch standard's CORS
 * protocol), so that a neighbourhood's website can show its agenda from
 * the visitor's browser.  docs/api.md, "Conventions", says why only
 * public reads: never credentials, never a write. */
#ifndef WA_WEB_CORS_H
#define WA_WEB_CORS_H
#include <stdbool.h>

#include "http/http.h"

/* After the handler of a route: a GET or HEAD of a public route on an
 * API path whose answer is not private gets Access-Control-Allow-Origin:
 * * and the headers a script may read.  public_route: the route's action
 * is AZ_PUBLIC. */
void web_cors(const struct http_req *req, struct http_resp *resp,
	      bool public_route);

/* OPTIONS on a path whose GET route is public and on an API path: 204
 * with what a preflight asks.  get_public: the path has such a GET
 * route.  false: not answered (the dispatcher's 405 stands). */
bool web_cors_preflight(const struct http_req *req, struct http_resp *resp,
			bool get_public);

#endif
