/* openapi: serves docs/openapi.json, the hand-written OpenAPI 3.1
 * description of our HTTP API, as tools/embed.c built it into the binary.
 * The document is served unchanged: its one server entry is relative
 * ("/"), so it holds for any base URL, and tests/http/test_openapi.py can
 * compare the answer with the file and check real answers against it. */
#include "web/openapi.h"

#include <assert.h>

#include "base/embedded.h"
#include "web/web.h"

#define OPENAPI_FILE "docs/openapi.json"

void web_openapi(struct http_req *req, struct http_resp *resp)
{
	const struct embedded_file *f = embedded_find(OPENAPI_FILE);

	assert(f); /* the Makefile embeds it: its absence is a build bug */
	if (web_query_only(req, resp, NULL, 0) != 0)
		return;
	resp->content_type = "application/json";
	http_resp_header(resp, "Cache-Control", "public, max-age=3600");
	buf_add(&resp->body, f->data, f->len);
}
