/* freshness: keeping the social map current.  Every service has an owner
 * (its organisation) and the date it was last confirmed.  A service not
 * confirmed within the freshness period (--freshness-days, default 180)
 * is shown as "mogelijk verouderd"; the coordinators of its organisation
 * get one reminder mail per period (services.reminded_at), through the
 * outbox; the owner confirms with one click.
 *
 * The period is process-wide configuration, set once at startup before
 * threads start (as auth_configure), read-only afterwards.
 *
 * This header also declares the handlers of the social map's pages
 * (web/sociale_kaart.c, web/beheer_diensten.c and the confirm action
 * here), which web/routes_kaart.inc puts in the route table: routes.c
 * includes this header. */
#ifndef WA_WEB_FRESHNESS_H
#define WA_WEB_FRESHNESS_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "http/http.h"

#define FRESHNESS_DEFAULT_DAYS 180
#define FRESHNESS_MIN_DAYS 1
#define FRESHNESS_MAX_DAYS 3650

struct db;

/* --- configuration ----------------------------------------------------- */
/* Parse the value of --freshness-days (or WIJKAGENDA_FRESHNESS_DAYS): a
 * whole number from FRESHNESS_MIN_DAYS to FRESHNESS_MAX_DAYS.  NULL or ""
 * means the default.  Returns 0 and sets the period, or -1 with a message
 * for the command line in err (the period is then unchanged). */
int freshness_configure(const char *value, char *err, size_t errlen);
/* The period in days (FRESHNESS_DEFAULT_DAYS until configured). */
int freshness_days(void);

/* --- the rule ---------------------------------------------------------- */
/* The ISO 8601 UTC time before which a confirmation is too old (now minus
 * the period), for comparing with confirmed_at as text. */
void freshness_cutoff(char *out, size_t outlen);
/* Is a service confirmed at confirmed_at (ISO 8601 UTC) out of date
 * against cutoff?  A missing date counts as out of date. */
bool freshness_stale(const char *confirmed_at, const char *cutoff);

/* --- the reminder job -------------------------------------------------- */
/* One run over the whole database, for the daily jobs thread: for each
 * organisation with services
 * past the period and not reminded within it, one mail (through the
 * outbox) to each of its coordinators, listing those services with the
 * link to confirm them (base_url + /beheer/organisaties/{org}/diensten),
 * and reminded_at set, in one transaction per organisation.  An
 * organisation without coordinators gets no mail and stays due.
 * *mails (may be NULL) gets the number of mails queued.  Returns 0, or -1
 * with a message. */
int freshness_remind(struct db *db, const char *base_url, size_t *mails,
		     char *msg, size_t msglen);

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
