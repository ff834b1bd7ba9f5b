/* open_data: the handlers of /open-data (web/open_data.c). */
#ifndef WA_WEB_OPEN_DATA_H
#define WA_WEB_OPEN_DATA_H
#include "http/http.h"

/* Downloads sent at once; one more gets 503 with Retry-After. */
#define OPEN_DATA_MAX_STREAMS 8

void web_open_data(struct http_req *req, struct http_resp *resp);
void web_open_signals_csv(struct http_req *req, struct http_resp *resp);
void web_open_signals_json(struct http_req *req, struct http_resp *resp);
void web_open_kwesties_csv(struct http_req *req, struct http_resp *resp);
void web_open_kwesties_json(struct http_req *req, struct http_resp *resp);

#endif
