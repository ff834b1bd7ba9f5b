/* readability (web): the plain-language check as JSON.  The route
 * (routes_readability.inc) and the JSON a form's answer can carry when a
 * text is below target (docs/api.md, "Readability"). */
#ifndef WA_WEB_READABILITY_H
#define WA_WEB_READABILITY_H
#include <jansson.h>

#include "http/http.h"
#include "text/readability.h"

/* POST /api/v1/readability: a text of READABILITY_MAX_BYTES, escaped in
 * JSON (\u00e9 is three times the two bytes of é), and room for the
 * object.  routes.c gives the route this body limit. */
#define WEB_READABILITY_MAX_BODY ((size_t)64 << 10)

/* {"score" (one decimal; null without words), "words", "sentences",
 * "syllables", "indicative", "target", "ok", "long_sentences": [{"text",
 * "words"}], "plain_alternatives": [{"word", "instead", "found"}]} of
 * the result r of checking text. */
json_t *readability_json(const char *text, const struct readability *r);
void web_api_readability(struct http_req *req, struct http_resp *resp);

#endif
