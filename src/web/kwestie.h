/* kwestie: the handlers of kwesties, triage and the bewonersagenda, and
 * what the JSON and the HTML handlers share. */
#ifndef WA_WEB_KWESTIE_H
#define WA_WEB_KWESTIE_H
#include <jansson.h>
#include <stdbool.h>

#include "app/kwestie.h"
#include "http/http.h"

/* JSON (web/kwestie_api.c) */
void web_api_triage(struct http_req *req, struct http_resp *resp);
void web_api_triage_decline(struct http_req *req, struct http_resp *resp);
void web_api_triage_category(struct http_req *req, struct http_resp *resp);
void web_api_triage_close(struct http_req *req, struct http_resp *resp);
void web_api_kwestie_create(struct http_req *req, struct http_resp *resp);
void web_api_kwestie_suggest(struct http_req *req, struct http_resp *resp);
void web_api_kwestie_get(struct http_req *req, struct http_resp *resp);
void web_api_kwestie_patch(struct http_req *req, struct http_resp *resp);
void web_api_kwestie_chain(struct http_req *req, struct http_resp *resp);
void web_api_kwestie_signal(struct http_req *req, struct http_resp *resp);
void web_api_kwestie_merge(struct http_req *req, struct http_resp *resp);
void web_api_kwestie_split(struct http_req *req, struct http_resp *resp);
void web_api_kwestie_support(struct http_req *req, struct http_resp *resp);
void web_api_agenda(struct http_req *req, struct http_resp *resp);

/* Pages (web/agenda.c, web/kwestie.c): the bewonersagenda, the public
 * kwestie page and its support form. */
void web_agenda_page(struct http_req *req, struct http_resp *resp);
void web_kwestie_page(struct http_req *req, struct http_resp *resp);
void web_kwestie_support_post(struct http_req *req, struct http_resp *resp);

/* The kwestie as JSON: the brief form of lists, and the whole (no
 * personal data in either). */
json_t *kwestie_brief_json(const struct kwestie_row *k);
json_t *kwestie_json(const struct kwestie_view *v);
json_t *agenda_json(struct http_req *req, struct db *db, const struct agenda *a);
/* The triage filter from the query (area, kind, category, after, limit);
 * false when a value is not acceptable. */
bool triage_filter_of(struct http_req *req, struct triage_filter *f);

#endif
