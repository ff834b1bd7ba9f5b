/* kwestie_werk: the professional's HTML pages of triage and kwesties
 * under /werk (web/triage.c, web/kwestie_werk.c; views/kwestie_werk.h),
 * and what the two files share.  Routes: web/routes_kwestie_werk.inc. */
#ifndef WA_WEB_KWESTIE_WERK_H
#define WA_WEB_KWESTIE_WERK_H
#include "domain/fields.h"
#include "http/http.h"
#include "views/views.h"

/* web/triage.c */
void web_werk_triage(struct http_req *req, struct http_resp *resp);
void web_werk_triage_link(struct http_req *req, struct http_resp *resp);
void web_werk_triage_new(struct http_req *req, struct http_resp *resp);
void web_werk_triage_decline(struct http_req *req, struct http_resp *resp);
void web_werk_triage_category(struct http_req *req, struct http_resp *resp);
void web_werk_triage_close(struct http_req *req, struct http_resp *resp);

/* web/kwestie_werk.c */
void web_werk_kwesties(struct http_req *req, struct http_resp *resp);
void web_werk_kwestie(struct http_req *req, struct http_resp *resp);
void web_werk_kwestie_change(struct http_req *req, struct http_resp *resp);
void web_werk_kwestie_chain(struct http_req *req, struct http_resp *resp);
void web_werk_kwestie_merge(struct http_req *req, struct http_resp *resp);
void web_werk_kwestie_split(struct http_req *req, struct http_resp *resp);
/* POST /werk/kwesties/{id}/toezeggingen and .../toezeggingen/{promise} */
void web_werk_promise_make(struct http_req *req, struct http_resp *resp);
void web_werk_promise_update(struct http_req *req, struct http_resp *resp);

/* A form value, NULL when absent or empty (blank fields are not sent). */
const char *werk_form_value(struct http_req *req, const char *name);
/* A positive whole number from text: 0 when s is NULL; -1 when it is
 * not one. */
int64_t werk_number(const char *s);
/* The field errors for a page (translated); a message on a field the
 * form does not show (signal, id, version) gets no field, so it is shown
 * as a message of its own. */
struct field_error *werk_page_errors(struct http_req *req,
				     const struct field_errors *errs,
				     const char *const *shown, size_t nshown);
/* The message of a refused action as a whole (translated). */
const char *werk_refusal(enum err e);
/* 303 to location. */
void werk_redirect(struct http_resp *resp, const char *location);

#endif
