/* routing: the handlers of routing rules (routes_routing.inc): the
 * beheerder's page /beheer/routering (web/routing.c) and the JSON API
 * under /api/v1/routing (web/routing_api.c), and the words both use for
 * a rule and for why an organisation gets a report. */
#ifndef WA_WEB_ROUTING_H
#define WA_WEB_ROUTING_H
#include "app/routing.h"
#include "http/http.h"

void web_beheer_routing(struct http_req *req, struct http_resp *resp);
void web_beheer_routing_add(struct http_req *req, struct http_resp *resp);
void web_beheer_routing_delete(struct http_req *req, struct http_resp *resp);
void web_api_routing_rules(struct http_req *req, struct http_resp *resp);
void web_api_routing_add(struct http_req *req, struct http_resp *resp);
void web_api_routing_delete(struct http_req *req, struct http_resp *resp);
void web_api_routing_dry_run(struct http_req *req, struct http_resp *resp);

/* A rule in words, translated (in the request's arena). */
struct routing_words {
	const char *category, *area, *target;
	const char *sentence; /* the three as one sentence */
};
void routing_words(struct http_req *req, const struct routing_rule_row *r,
		   struct routing_words *out);
/* Why hit's organisation gets the report, one translated sentence. */
const char *routing_reason(struct http_req *req,
			   const struct routing_hit_row *hit);
/* "Een melding van categorie X in buurt Y": the dry run's question. */
const char *routing_question(struct http_req *req,
			     const struct routing_dry *d);

#endif
