/* routes: the route table and the one dispatch function given to the
 * server: language choice, routing, 404/405 pages. */
#ifndef WA_ROUTES_H
#define WA_ROUTES_H
#include "http/http.h"

void routes_dispatch(struct http_req *req, struct http_resp *resp);
/* Is this a JSON path (errors in JSON, 401 instead of a login page)? */
int is_api(const char *path);

#endif
