/* open311_json: the JSON list of Open311 GeoReport v2 requests
 * (docs/open311.md), written straight into the answer (base/jsonw.h): the
 * same fields in the same order as the XML (views/open311_xml.c), and the
 * bytes jansson wrote for them before (tests/unit/test_jsonw.c keeps the
 * two alike), a page of 1,000 in a fraction of the time. */
#ifndef WA_WEB_OPEN311_JSON_H
#define WA_WEB_OPEN311_JSON_H
#include <stddef.h>

#include "app/open311.h"
#include "base/buf.h"

/* [ {...}, ... ] and a newline, as web_json ends an answer. */
void open311_json_requests(struct buf *b, const struct open311_request *r,
			   size_t n);

#endif
