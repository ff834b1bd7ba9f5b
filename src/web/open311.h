/* open311: the handlers of Open311 GeoReport v2 under /open311/v2/
 * (docs/open311.md), each route in a .json and a .xml form. */
#ifndef WA_WEB_OPEN311_H
#define WA_WEB_OPEN311_H
#include "http/http.h"

void web_open311_discovery(struct http_req *req, struct http_resp *resp);
void web_open311_services(struct http_req *req, struct http_resp *resp);
void web_open311_service(struct http_req *req, struct http_resp *resp);
void web_open311_requests(struct http_req *req, struct http_resp *resp);
void web_open311_request(struct http_req *req, struct http_resp *resp);
void web_open311_create(struct http_req *req, struct http_resp *resp);
void web_open311_token(struct http_req *req, struct http_resp *resp);

/* An Open311 error list of one, in the format the path's suffix asks
 * (.xml: XML, else JSON), the HTTP status = code.  routes.c answers
 * 404, 405 and the server's early refusals under /open311/ with it. */
void web_open311_error(struct http_req *req, struct http_resp *resp,
		       int status, const char *description);
/* Does this path belong to Open311 (its errors in its form)? */
int web_open311_path(const char *path);

#endif
