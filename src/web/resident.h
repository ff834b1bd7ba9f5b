/* resident: the handlers of residents' "mijn meldingen" (web/resident.c: a magic
 * link by mail, no account) and of the professionals' signal pages
 * (web/signal.c: the signals of their organisations and, logged,
 * the resident's contact data).  routes_mijn.inc lists their routes. */
#ifndef WA_WEB_RESIDENT_H
#define WA_WEB_RESIDENT_H
#include "http/http.h"

/* Residents: GET/POST /mijn (ask for a link), GET /mijn/{token} (a page
 * with one button; uses nothing up), POST /mijn/{token} (the button: uses
 * the link, starts the session), GET /mijn/meldingen, POST /mijn/contact,
 * POST /mijn/wissen. */
void web_mijn_form(struct http_req *req, struct http_resp *resp);
void web_mijn_post(struct http_req *req, struct http_resp *resp);
void web_mijn_token(struct http_req *req, struct http_resp *resp);
void web_mijn_token_use(struct http_req *req, struct http_resp *resp);
void web_mijn_meldingen(struct http_req *req, struct http_resp *resp);
void web_mijn_contact(struct http_req *req, struct http_resp *resp);
void web_mijn_wissen(struct http_req *req, struct http_resp *resp);

/* Professionals: GET /werk/meldingen, GET /werk/meldingen/{id},
 * POST /werk/meldingen/{id}/contact. */
void web_werk_meldingen(struct http_req *req, struct http_resp *resp);
void web_werk_melding(struct http_req *req, struct http_resp *resp);
void web_werk_contact(struct http_req *req, struct http_resp *resp);

#endif
