/* beheer: the handlers of the administration side (organisations,
 * members, API keys, the audit log; pages and JSON API), and what they
 * share.  The router has checked the route's action (domain/authz.c) and,
 * for cookie sessions, the CSRF token before any handler here runs; the
 * handlers only narrow it (the last coordinator, the admin's extras).
 *
 * Every change writes one audit entry in the same transaction as the
 * change itself. */
#ifndef WA_WEB_BEHEER_H
#define WA_WEB_BEHEER_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/organisation.h"
#include "domain/signal.h"
#include "http/http.h"
#include "app/organisation.h"
#include "store/accounts.h"

/* --- handlers (routes_beheer.inc holds their routes) ----------------- */
void web_beheer_orgs(struct http_req *req, struct http_resp *resp);
void web_beheer_org_new_form(struct http_req *req, struct http_resp *resp);
void web_beheer_org_new_post(struct http_req *req, struct http_resp *resp);
void web_beheer_org(struct http_req *req, struct http_resp *resp);
void web_beheer_org_update(struct http_req *req, struct http_resp *resp);
void web_beheer_org_delete(struct http_req *req, struct http_resp *resp);
void web_beheer_members(struct http_req *req, struct http_resp *resp);
void web_beheer_invite(struct http_req *req, struct http_resp *resp);
void web_beheer_member_role(struct http_req *req, struct http_resp *resp);
void web_beheer_member_remove(struct http_req *req, struct http_resp *resp);
void web_beheer_keys(struct http_req *req, struct http_resp *resp);
void web_beheer_key_create(struct http_req *req, struct http_resp *resp);
void web_beheer_key_revoke(struct http_req *req, struct http_resp *resp);
void web_beheer_audit(struct http_req *req, struct http_resp *resp);
void web_api_orgs(struct http_req *req, struct http_resp *resp);
void web_api_org_get(struct http_req *req, struct http_resp *resp);
void web_api_org_create(struct http_req *req, struct http_resp *resp);
void web_api_org_put(struct http_req *req, struct http_resp *resp);
void web_api_org_delete(struct http_req *req, struct http_resp *resp);
void web_api_members(struct http_req *req, struct http_resp *resp);
void web_api_member_invite(struct http_req *req, struct http_resp *resp);
void web_api_member_delete(struct http_req *req, struct http_resp *resp);
void web_beheer_invitation_revoke(struct http_req *req, struct http_resp *resp);
void web_api_invitations(struct http_req *req, struct http_resp *resp);
void web_api_invitation_delete(struct http_req *req, struct http_resp *resp);
/* the invited account's consent page (invitation.c) */
void web_invitation_page(struct http_req *req, struct http_resp *resp);
void web_invitation_post(struct http_req *req, struct http_resp *resp);
void web_api_audit(struct http_req *req, struct http_resp *resp);

/* --- organisations (web/organisation.c; the use cases are app/organisation.h) */
/* The message of a refused field (org_guard), translated. */
const char *org_refused_message(const char *field);
/* The organisation of the route's {org}, or answers 404 (JSON or HTML)
 * and returns false. */
bool org_load(struct http_req *req, struct http_resp *resp, struct db *db,
	      bool json, struct org_row *out);

/* --- members (web/member.c) -------------------------------------- */
/* The outcome of a change to the members (app/member.h), for a page or
 * the API. */
struct member_result {
	int status;	       /* 201 invited, 200 changed, 4xx/5xx */
	const char *field;     /* the field a 400/409 is about, or NULL */
	const char *message;   /* Dutch msgid: translate with _() */
	int64_t invitation_id; /* with 201 */
};

/* --- shared ----------------------------------------------------------- */
/* Redirect after a successful form post. */
void beheer_redirect(struct http_req *req, struct http_resp *resp,
		     const char *location);

#endif
