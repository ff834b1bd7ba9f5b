/* follower: the handlers of following by e-mail (web/follower.c) and of
 * supporting a kwestie from the report form's "is het dit?" page
 * (web/intake_hint.c).  Routes: web/routes_follow.inc. */
#ifndef WA_WEB_FOLLOWER_H
#define WA_WEB_FOLLOWER_H
#include <stdbool.h>

#include "domain/signal.h"
#include "http/http.h"
#include "views/views.h"

void web_kwestie_follow(struct http_req *req, struct http_resp *resp);
void web_agenda_follow(struct http_req *req, struct http_resp *resp);
void web_api_kwestie_follow(struct http_req *req, struct http_resp *resp);
void web_api_area_follow(struct http_req *req, struct http_resp *resp);
void web_follow_confirm_page(struct http_req *req, struct http_resp *resp);
void web_follow_confirm(struct http_req *req, struct http_resp *resp);
/* web/notify.c: the unsubscribe link of any mail (and RFC 8058's
 * one-click POST), and the settings page of a notification's link. */
void web_unsubscribe_page(struct http_req *req, struct http_resp *resp);
void web_unsubscribe(struct http_req *req, struct http_resp *resp);
void web_notify_prefs_page(struct http_req *req, struct http_resp *resp);
void web_notify_prefs_set(struct http_req *req, struct http_resp *resp);
void web_melden_support(struct http_req *req, struct http_resp *resp);
/* POST /melden: when open kwesties look like the report in (valid, not
 * yet stored), answer the page "Is het dit?" with the form's values f
 * carried over and return true; else false (store it as before). */
bool web_melden_hints(struct http_req *req, struct http_resp *resp,
		      const struct signal_input *in, const struct melden_form *f);

#endif
