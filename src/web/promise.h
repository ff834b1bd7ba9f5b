/* promise: the JSON of promises (web/promise.c), used by the kwestie's
 * JSON too, and the handlers of the promise routes (routes_promise.inc). */
#ifndef WA_WEB_PROMISE_H
#define WA_WEB_PROMISE_H
#include <jansson.h>

#include "http/http.h"
#include "store/promise.h"

/* One promise; late from today ("YYYY-MM-DD", Amsterdam). */
json_t *promise_json(const struct promise_row *p, const char *today);

void web_api_kwestie_promise(struct http_req *req, struct http_resp *resp);
void web_api_signal_promise(struct http_req *req, struct http_resp *resp);
void web_api_promise_patch(struct http_req *req, struct http_resp *resp);

#endif
