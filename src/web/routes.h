/* routes: the route table and the one dispatch function given to the
 * server: language choice, routing, 404/405 pages. */
#ifndef WA_ROUTES_H
#define WA_ROUTES_H
#include "http/http.h"

void routes_dispatch(struct http_req *req, struct http_resp *resp);
/* Bulk imports may send up to ROUTES_IMPORT_MAX_BODY bytes; everything
 * else the server's --max-body. */
#define ROUTES_IMPORT_MAX_BODY ((size_t)16 << 20)
size_t routes_body_limit(const char *method, const char *path);
/* Is this a JSON path (errors in JSON, 401 instead of a login page)? */
int is_api(const char *path);

#endif
