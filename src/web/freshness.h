/* freshness: the web side of the social map: the helpers its handlers
 * share and the handlers of its pages (web/sociale_kaart.c,
 * web/service.c), which web/routes_kaart.inc puts in the route
 * table: routes.c includes this header.  The freshness rule is
 * domain/freshness.h, the reminder jobs/freshness.h. */
#ifndef WA_WEB_FRESHNESS_H
#define WA_WEB_FRESHNESS_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "http/http.h"

#include "domain/freshness.h"

/* --- shared by the social map's handlers (web/sociale_kaart.c) ------------ */
struct choice;
struct service_row;
struct sk_card;
struct kaart_service_page;
/* The terms of one of our taxonomies (SK_TAXONOMY_*) as select choices:
 * value the term code, label its name; none when it is not loaded. */
enum err kaart_term_choices(struct http_req *req, struct db *db,
			    const char *taxonomy_uuid, struct choice **out,
			    size_t *n);
/* A service as a card (links to the public pages; stale against cutoff,
 * from freshness_cutoff). */
void kaart_card_fill(struct http_req *req, const struct service_row *s,
		     const char *cutoff, struct sk_card *c);
/* The public page of a service read with store_service_get (areas, terms
 * and card filled).  Returns 0, or -1 when the terms cannot be read. */
int kaart_service_fill(struct http_req *req, struct db *db,
		       const struct service_row *s, struct sk_card *card,
		       struct kaart_service_page *v);

/* --- handlers (routes_kaart.inc) ----------------------------------------- */
void web_kaart_search(struct http_req *req, struct http_resp *resp);
void web_kaart_org(struct http_req *req, struct http_resp *resp);
void web_kaart_service(struct http_req *req, struct http_resp *resp);
void web_diensten_list(struct http_req *req, struct http_resp *resp);
void web_diensten_create(struct http_req *req, struct http_resp *resp);
void web_dienst_form(struct http_req *req, struct http_resp *resp);
void web_dienst_update(struct http_req *req, struct http_resp *resp);
void web_dienst_delete(struct http_req *req, struct http_resp *resp);
void web_dienst_confirm(struct http_req *req, struct http_resp *resp);

#endif
