/* member_invitation: an organisation's pending invitations, as its
 * coordinators and the beheerder see them (the members page and the JSON
 * API), and revoking them (app/member.c).  The routes need member.invite:
 * whoever may invite may see and revoke. */
#include <string.h>

#include "base/token.h"
#include "i18n/i18n.h"
#include "store/outbox.h"
#include "web/auth.h"
#include "web/authorize.h"
#include "web/beheer.h"
#include "app/member.h"
#include "web/web.h"

/* 200, 404 when it is not (or no longer) pending, else the error's. */
static int revoke(struct http_req *req, struct db *db, int64_t org_id,
		  const char **message)
{
	struct member_outcome o = {ERR_OK, NULL, NULL, false, 0};

	invitation_revoke(db, req->arena, auth_actor(req), org_id,
			  web_param_id(req, "invitation"), &o);
	*message = o.msgid;
	return o.err == ERR_OK ? 200 : http_status_for(o.err);
}

void web_beheer_invitation_revoke(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 0);
	struct org_row org;
	const char *message;
	int status;

	if (!db || !org_load(req, resp, db, false, &org))
		return;
	status = revoke(req, db, org.id, &message);
	if (status != 200) {
		web_html_error(req, resp, status, _(message));
		return;
	}
	beheer_redirect(req, resp,
			arena_printf(req->arena,
				     "/beheer/organisaties/%lld/leden?klaar=ingetrokken",
				     (long long)org.id));
}

/* --- JSON ------------------------------------------------------------------ */

/* The same keys for every invitation: nothing tells an invitation for an
 * account from one for a new address. */
static json_t *invitation_json(const struct invitation_row *r)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:s, s:s}", "id", (json_int_t)r->id,
			 "email", r->email, "role", r->role, "invited_by",
			 *r->invited_by_label ? json_string(r->invited_by_label)
					      : json_null(),
			 "created_at", r->created_at, "expires_at", r->expires_at);
}

void web_api_invitations(struct http_req *req, struct http_resp *resp)
{
	struct invitation_row *rows;
	struct org_row org;
	struct db *db;
	char now[32];
	json_t *list;
	size_t n;

	resp->no_store = true;
	if (web_query_only(req, resp, NULL, 0) != 0 || !(db = web_db(req, resp, 1)) ||
	    !org_load(req, resp, db, true, &org))
		return;
	store_now(now, sizeof(now));
	if (store_invitations_pending(db, req->arena, org.id, now, &rows, &n) !=
	    ERR_OK) {
		web_json_error(resp, 500, _("Er ging iets mis."), NULL);
		return;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, invitation_json(&rows[i]));
	web_json(resp, 200, json_pack("{s:I, s:o}", "organisation",
				      (json_int_t)org.id, "invitations", list));
}

void web_api_invitation_delete(struct http_req *req, struct http_resp *resp)
{
	struct db *db = web_db(req, resp, 1);
	struct org_row org;
	const char *message;
	int status;

	if (!db || !org_load(req, resp, db, true, &org))
		return;
	status = revoke(req, db, org.id, &message);
	if (status != 200) {
		web_json_error(resp, status, _(message), NULL);
		return;
	}
	resp->status = 204;
}
