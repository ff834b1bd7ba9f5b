/* cors: see cors.h.
 *
 * Access-Control-Allow-Origin is `*`, on every public read whether or not
 * the request names an Origin: the answer is then the same for every
 * origin, so a shared cache may keep one copy and needs no Vary: Origin.
 * `*` also means the browser sends no cookies and reads no answer made
 * with them (Allow-Credentials is never sent), and an answer made for a
 * signed-in person is no_store and gets no CORS at all. */
#include "web/cors.h"

#include <string.h>

#include "web/conditional.h"

static bool read_method(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

void web_cors(const struct http_req *req, struct http_resp *resp,
	      bool public_route)
{
	if (!public_route || !read_method(req->method) || resp->no_store ||
	    !web_api_path(req->path))
		return;
	http_resp_header(resp, "Access-Control-Allow-Origin", "*");
	http_resp_header(resp, "Access-Control-Expose-Headers",
			 "ETag, Link, Retry-After, Location");
}

bool web_cors_preflight(const struct http_req *req, struct http_resp *resp,
			bool get_public)
{
	if (strcmp(req->method, "OPTIONS") != 0 || !get_public ||
	    !web_api_path(req->path))
		return false;
	resp->status = 204;
	http_resp_header(resp, "Allow", "GET, HEAD, OPTIONS");
	http_resp_header(resp, "Access-Control-Allow-Origin", "*");
	http_resp_header(resp, "Access-Control-Allow-Methods", "GET, HEAD");
	http_resp_header(resp, "Access-Control-Allow-Headers",
			 "If-None-Match, If-Modified-Since, Accept-Language, "
			 "Cache-Control");
	http_resp_header(resp, "Access-Control-Max-Age", "86400");
	return true;
}
