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

/* --- organisations (beheer_orgs.c) ----------------------------------- */

/* An organisation as sent by a form or the API.  org_validate normalises
 * in place: the name is trimmed (NFC), kvk NULL when blank, areas sorted
 * without duplicates. */
struct org_input {
	const char *name, *kind, *kvk;
	char **areas;
	size_t nareas, cap;
	/* set by org_validate: the codes that name no area of the
	 * municipality (space-separated; only well-formed codes) */
	const char *unknown_areas;
	/* Whether the request carried the field at all: only the beheerder
	 * changes what an organisation is and where it works (org_guard). */
	bool kind_sent, areas_sent;
};

/* Add one area code (from a checkbox, or one word of a text field). */
void org_input_add_area(struct arena *ar, struct org_input *in, const char *code,
			size_t len);
/* Add every code of a text, separated by spaces or commas. */
void org_input_add_areas(struct arena *ar, struct org_input *in, const char *text);
/* Check every field (errs: field and Dutch msgid); the area codes are
 * looked up in the database, and their errors reported as areas_field
 * ("areas" in the API, "areas_other" on the form).  Returns the number of
 * errors. */
size_t org_validate(struct http_req *req, struct db *db, struct org_input *in,
		    const char *areas_field, struct field_errors *errs);
/* Only the beheerder changes an organisation's kind and areas: they decide
 * which signals, and so whose contact data, its members reach.  For anyone
 * else, a kind or areas left out keep the stored ones (filled in here) and
 * the same ones sent back are accepted; a different one is refused:
 * returns the field ("kind" or "areas"), else NULL.  Call before
 * org_validate. */
const char *org_guard(struct http_req *req, const struct org_row *old,
		      struct org_input *in);
/* Record a refused change of field in the audit log (its own
 * transaction: nothing else changes). */
enum err org_refuse(struct http_req *req, struct db *db,
		    const struct org_row *old, const char *field,
		    const struct org_input *in);
/* The message of a refused field, translated. */
const char *org_refused_message(const char *field);
/* Create, update or delete in one transaction with the audit entry.
 * ERR_CONFLICT: another organisation has that name (ignoring case);
 * ERR_NOT_FOUND: no such organisation. */
enum err org_create(struct http_req *req, struct db *db,
		    const struct org_input *in, int64_t *id);
/* org_update writes kind and areas only for the beheerder; for anyone else
 * it keeps those of the row it reads in its own transaction, so a change
 * the beheerder makes meanwhile is never undone. */
enum err org_update(struct http_req *req, struct db *db, int64_t id,
		    const struct org_input *in);
enum err org_delete(struct http_req *req, struct db *db, int64_t id);
/* The organisation of the route's {org}, or answers 404 (JSON or HTML)
 * and returns false. */
bool org_load(struct http_req *req, struct http_resp *resp, struct db *db,
	      bool json, struct org_row *out);

/* --- members (beheer_members.c) -------------------------------------- */
/* The outcome of a change to the members, for a page or the API. */
struct member_result {
	int status;	       /* 201 invited, 200 changed, 4xx/5xx */
	const char *field;     /* the field a 400/409 is about, or NULL */
	const char *message;   /* Dutch msgid: translate with _() */
	int64_t invitation_id; /* with 201 */
};

/* Invite email (lower-cased here) with role into org.  Validates both.
 * 201 whether or not the address has an account (the account is asked
 * for its consent); 409 when it is a member or invited already.  Demoting
 * or removing a member revokes the invitations they sent for org.  Each
 * returns r->status. */
int member_invite(struct http_req *req, struct db *db, const struct org_row *org,
		   const char *email, const char *role, struct member_result *r);
int member_set_role(struct http_req *req, struct db *db,
		     const struct org_row *org, int64_t account_id,
		     const char *role, struct member_result *r);
int member_remove(struct http_req *req, struct db *db,
		   const struct org_row *org, int64_t account_id,
		   struct member_result *r);

/* --- invitations (beheer_invitations.c) ------------------------------- */
#define INVITE_VALID_S (7 * 86400)

/* Inside the caller's transaction: the token, the invitations row (sent
 * by the request's principal), the mail and the audit entry.  account_id:
 * the address's account (the link asks its consent), or 0 (the link
 * chooses a password). */
enum err invitation_send(struct http_req *req, struct db *db,
			 const struct org_row *org, const char *email,
			 const char *role, int64_t account_id, int64_t *id);
/* Inside the caller's transaction: revoke every pending invitation that
 * account_id sent for org_id, one audit entry each with reason. */
enum err invitations_revoke_sent_by(struct http_req *req, struct db *db,
				    int64_t org_id, int64_t account_id,
				    const char *reason);

/* --- shared ----------------------------------------------------------- */
/* One audit entry by the request's principal, inside the caller's
 * transaction.  detail (may be NULL) is consumed. */
enum err beheer_audit(struct http_req *req, struct db *db, const char *action,
		      const char *entity, int64_t entity_id, json_t *detail);
/* The body of a JSON request as an object with only the allowed keys;
 * answers 415/400 (with line and column for malformed JSON, the unknown
 * keys named) and returns NULL.  The caller owns the result. */
json_t *beheer_json_body(struct http_req *req, struct http_resp *resp,
			 const char *const *allowed, size_t n);
/* Redirect after a successful form post. */
void beheer_redirect(struct http_req *req, struct http_resp *resp,
		     const char *location);

#endif
