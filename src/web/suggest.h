/* suggest: the category suggestion over HTTP (web/suggest.c) and its
 * JSON, which the form's second step (web/pages.c) shares. */
#ifndef WA_WEB_SUGGEST_H
#define WA_WEB_SUGGEST_H
#include <jansson.h>

#include "app/suggest.h"
#include "base/arena.h"
#include "http/http.h"

/* {"suggestions": [...]}: one entry when n is 1, none when 0. */
json_t *suggest_json(const struct suggestion *s, int n);
/* The text as the intake limits it (NFC, trimmed) into *out; NULL, or
 * the (untranslated) message why not. */
const char *suggest_text_check(struct arena *ar, const char *text,
			       const char **out);
void web_api_suggest(struct http_req *req, struct http_resp *resp);

#endif
