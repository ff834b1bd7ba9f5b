/* openapi: GET /api/openapi.json, the OpenAPI 3.1 description of /api/v1,
 * /hsds and /open311/v2 (docs/openapi.json, embedded at build time). */
#ifndef WA_WEB_OPENAPI_H
#define WA_WEB_OPENAPI_H
#include "http/http.h"

/* The document as written in docs/openapi.json, byte for byte (the test
 * compares them); an unknown query parameter is 400 as in /api/v1. */
void web_openapi(struct http_req *req, struct http_resp *resp);

#endif
