/* routes: the route table and the one dispatch function given to the
 * server: language choice, routing, 404/405 pages. */
#ifndef WA_ROUTES_H
#define WA_ROUTES_H
#include "http/http.h"

void routes_dispatch(struct http_req *req, struct http_resp *resp);
/* Bulk imports may send up to ROUTES_IMPORT_MAX_BODY bytes, the
 * readability check WEB_READABILITY_MAX_BODY (web/readability.h);
 * everything else the server's --max-body. */
#define ROUTES_IMPORT_MAX_BODY ((size_t)16 << 20)
/* The server's head hook (server.h): the route's body limit, and for a
 * request with a body to a route that is not public, the gate
 * (web/authorize.h) without its CSRF step, before any of the body is
 * read. */
bool routes_head(struct http_req *req, struct http_resp *resp,
		 size_t *max_body);
/* Is this a JSON path (errors in JSON, 401 instead of a login page)? */
int is_api(const char *path);

#endif
